import { MailUpError } from '@mailup-kit/core';

/**
 * A field type of a response model: a primitive (`?` = may be null), a nested model, an array of either, or
 * `unknown` (not checked).
 */
export type FieldType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'string?'
  | 'number?'
  | 'boolean?'
  | 'unknown'
  | Model
  | { readonly array: FieldType; readonly nullable?: boolean };

/** A response model: the fields every answer must carry (extra fields are kept, unchecked). */
export interface Model {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldType>>;
}

/** What an operation answers: a paged collection, an object, an array, a bare integer or string, or nothing. */
export type ResponseShape =
  | { readonly kind: 'collection'; readonly item: Model }
  | { readonly kind: 'object'; readonly model: Model }
  | { readonly kind: 'array'; readonly item: FieldType }
  | { readonly kind: 'int' }
  | { readonly kind: 'string' }
  | { readonly kind: 'empty' };

/** A model's check compiled once by {@link model} (symbol-keyed: not part of the model's data). */
const VALIDATE: unique symbol = Symbol('mailup-kit.rest.validate');

/** The paged-collection envelope of a model, built on first use by {@link model}'s own holder. */
const ENVELOPE: unique symbol = Symbol('mailup-kit.rest.envelope');

type Validator = (value: unknown) => boolean;
type CompiledModel = Model & { readonly [VALIDATE]?: Validator; readonly [ENVELOPE]?: () => Model };

/** Defines a model (and compiles its in-place check, run on every item of every page). */
export function model(name: string, fields: Record<string, FieldType>): Model {
  const keys = Object.keys(fields);
  const checks = keys.map((key) => validator(fields[key] as FieldType));
  const validate: Validator = (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!(key in record) || !(checks[i] as Validator)(record[key])) return false;
    }
    return true;
  };
  // The `CollectionOf<name>` envelope is compiled once per model, the first time a page of it is checked (it was
  // compiled again for every page: ~15 % of the pipeline's CPU per paged GET).
  let envelope: Model | undefined;
  const envelopeOf = (item: Model) => {
    envelope ??= collectionEnvelope(item);
    return envelope;
  };
  const compiled: Model = Object.freeze({
    name,
    fields: Object.freeze(fields),
    [VALIDATE]: validate,
    [ENVELOPE]: () => envelopeOf(compiled),
  });
  return compiled;
}

/** The in-place check of `type` as a closure (no lookups, no destructuring per value). */
function validator(type: FieldType): Validator {
  switch (type) {
    case 'unknown':
      return () => true;
    case 'string':
      return (v) => typeof v === 'string';
    case 'string?':
      return (v) => v === null || typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'boolean?':
      return (v) => v === null || typeof v === 'boolean';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'number?':
      return (v) => v === null || (typeof v === 'number' && Number.isFinite(v));
  }
  if (isModel(type)) return (type as CompiledModel)[VALIDATE] ?? ((v) => valid(type, v));
  const item = validator(type.array);
  const nullable = type.nullable === true;
  return (v) => {
    if (v === null) return nullable;
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
    return true;
  };
}

function isModel(type: FieldType): type is Model {
  return typeof type === 'object' && 'fields' in type;
}

/** The error for an answer that does not match its model: kind `permanent`, naming the field path. */
export function modelError(operation: string, path: string, expected: string, got: unknown): MailUpError {
  const actual = got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got;
  return new MailUpError({
    kind: 'permanent',
    protocol: 'rest',
    operation,
    message: `${operation}: the answer does not match its model: ${path} should be ${expected}, got ${actual}`,
    details: { field: path, expected, actual },
  });
}

/** How values are read: JSON values as they are, or XML text coerced to the model's types. */
type Mode = 'json' | 'xml';

function coercePrimitive(type: string, value: unknown, mode: Mode): unknown {
  if (mode !== 'xml' || typeof value !== 'string') return value;
  const base = type.replace('?', '');
  if (base === 'number') return value.trim() === '' ? value : Number(value);
  if (base === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** XML element content as an array: `<Items><A/><A/></Items>` parses to `{ A: [..] }` or `{ A: {..} }`. */
function xmlList(value: unknown): unknown {
  if (value === '' || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    const children = Object.entries(value as Record<string, unknown>).filter(([k]) => !k.startsWith('@_'));
    if (children.length === 0) return [];
    return children.flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
  }
  return value;
}

function isNil(value: unknown, mode: Mode): boolean {
  if (value === null) return true;
  return (
    mode === 'xml' &&
    typeof value === 'object' &&
    value !== null &&
    String((value as Record<string, unknown>)['@_nil']) === 'true'
  );
}

function check(type: FieldType, value: unknown, path: string, operation: string, mode: Mode): unknown {
  if (type === 'unknown') return value;
  if (typeof type === 'string') {
    const nullable = type.endsWith('?');
    if (isNil(value, mode) || (mode === 'xml' && value === undefined && nullable)) {
      if (nullable) return null;
      throw modelError(operation, path, type, null);
    }
    if (mode === 'xml' && value === '' && type.startsWith('string')) return '';
    const v = coercePrimitive(type, mode === 'xml' && typeof value === 'object' ? '' : value, mode);
    const base = type.replace('?', '');
    if (typeof v !== base || (base === 'number' && !Number.isFinite(v))) throw modelError(operation, path, type, v);
    return v;
  }
  if (isModel(type)) return checkModel(type, value, path, operation, mode);
  if (isNil(value, mode)) {
    if (type.nullable) return null;
    throw modelError(operation, path, 'an array', null);
  }
  const list = mode === 'xml' ? xmlList(value) : value;
  if (!Array.isArray(list)) throw modelError(operation, path, 'an array', list);
  return list.map((item, i) => check(type.array, item, `${path}[${i}]`, operation, mode));
}

function checkModel(m: Model, value: unknown, path: string, operation: string, mode: Mode): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw modelError(operation, path, `a ${m.name} object`, value);
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) if (!key.startsWith('@_')) out[key] = v;
  for (const [key, type] of Object.entries(m.fields)) {
    const field = path === '' ? key : `${path}.${key}`;
    if (!(key in source)) {
      const optional = typeof type === 'string' && type.endsWith('?');
      if (mode === 'xml' && optional) {
        out[key] = null;
        continue;
      }
      throw modelError(
        operation,
        field,
        typeof type === 'string' ? type : isModel(type) ? type.name : 'an array',
        undefined,
      );
    }
    out[key] = check(type, source[key], field, operation, mode);
  }
  return out;
}

const PRIMITIVES: Readonly<Record<string, readonly [string, boolean]>> = {
  string: ['string', false],
  number: ['number', false],
  boolean: ['boolean', false],
  'string?': ['string', true],
  'number?': ['number', true],
  'boolean?': ['boolean', true],
};

/**
 * The fast path for JSON answers: true when `value` matches `type`, checked in place (no copies, no path strings).
 * Only when it is false does the slow path run, to name the field in the error.
 */
function valid(type: FieldType, value: unknown): boolean {
  if (type === 'unknown') return true;
  if (typeof type === 'string') {
    const [base, nullable] = PRIMITIVES[type] as readonly [string, boolean];
    if (value === null) return nullable;
    return typeof value === base && (base !== 'number' || Number.isFinite(value));
  }
  if (isModel(type)) {
    const compiled = (type as CompiledModel)[VALIDATE];
    if (compiled) return compiled(value);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const key in type.fields) {
      if (!(key in record) || !valid(type.fields[key] as FieldType, record[key])) return false;
    }
    return true;
  }
  if (value === null) return type.nullable === true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!valid(type.array, item)) return false;
  return true;
}

const COLLECTION_FIELDS = {
  IsPaginated: 'boolean',
  PageNumber: 'number',
  PageSize: 'number',
  Skipped: 'number',
  TotalElementsCount: 'number',
} as const;

/** The paged envelope (`IsPaginated`, `PageNumber` … `Items`) around `item`. */
function collectionEnvelope(item: Model): Model {
  return model(`CollectionOf${item.name}`, { ...COLLECTION_FIELDS, Items: { array: item } });
}

/**
 * Checks (and for XML, converts) a parsed answer against an operation's shape; a mismatch is a `permanent`
 * MailUpError naming the field (`Items[3].idList`), never an `undefined` discovered later.
 */
export function checkResponse(shape: ResponseShape, value: unknown, operation: string, mode: Mode = 'json'): unknown {
  switch (shape.kind) {
    case 'empty':
      return undefined;
    case 'int': {
      const v = mode === 'xml' && typeof value === 'string' ? Number(value) : value;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw modelError(operation, '(body)', 'an integer', v);
      return v;
    }
    case 'string':
      if (typeof value !== 'string') throw modelError(operation, '(body)', 'a string', value);
      return value;
    case 'array':
      if (mode === 'json' && valid({ array: shape.item }, value)) return value;
      return check({ array: shape.item }, value, '(body)', operation, mode);
    case 'object':
      if (mode === 'json' && valid(shape.model, value)) return value;
      return checkModel(shape.model, value, '', operation, mode);
    case 'collection': {
      const envelope = (shape.item as CompiledModel)[ENVELOPE]?.() ?? collectionEnvelope(shape.item);
      if (mode === 'json' && valid(envelope, value)) return value;
      return checkModel(envelope, value, '', operation, mode);
    }
  }
}
