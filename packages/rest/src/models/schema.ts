import { MailUpError } from '@mailup-kit/core';
import type { Collection } from '../paging.js';

/**
 * The model descriptors of the REST answers: one runtime value per model that both checks an answer at the boundary
 * and gives its TypeScript type (`Infer<typeof M>`), so a model is written once.
 *
 * @example
 * ```ts
 * const tag = model('ConsoleTagItem', { Enabled: field.boolean(), Id: field.number(), Name: field.string() });
 * type Tag = Infer<typeof tag>; // { Enabled: boolean; Id: number; Name: string }
 * ```
 */

/** Carries a descriptor's TypeScript type (never set at run time). */
declare const VALUE: unique symbol;

/** What a field holds at run time. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'unknown' | 'array' | 'model';

/**
 * A field of a model: its kind, whether `null` is allowed (`nullable()`) and whether it may be absent
 * (`optional()`); `T` is its TypeScript type.
 */
export interface Field<T = unknown, Optional extends boolean = boolean> {
  readonly kind: FieldKind;
  readonly isNullable: boolean;
  readonly isOptional: Optional;
  /** The items of an `array` field. */
  readonly item?: Field | undefined;
  /** The model of a `model` field. */
  readonly model?: Model | undefined;
  readonly [VALUE]?: T;
  /** The same field, `null` allowed (in XML, `i:nil` or an absent element reads as null). */
  nullable(): Field<T | null, Optional>;
  /** The same field, allowed to be absent from the answer. */
  optional(): Field<T, true>;
}

/** A response model: the WCF data contract name (`ConsoleGroupItem`) and the fields every answer carries. */
export interface Model<T = unknown> {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  /** Other fields ride along and are typed `unknown` (`[field: string]: unknown`). */
  readonly open: boolean;
  readonly [VALUE]?: T;
}

/** The TypeScript type a model or a field describes. */
export type Infer<D> = D extends Model<infer T> ? T : D extends Field<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Required<F> = { [K in keyof F as F[K] extends Field<unknown, true> ? never : K]: Infer<F[K]> };
type Optional<F> = { [K in keyof F as F[K] extends Field<unknown, true> ? K : never]?: Infer<F[K]> };
/** The object type of a model's fields. */
export type InferFields<F extends Record<string, Field>> = Simplify<Required<F> & Optional<F>>;

function descriptor<T>(kind: FieldKind, isNullable: boolean, isOptional: boolean, inner?: Field | Model): Field<T> {
  return Object.freeze({
    kind,
    isNullable,
    isOptional,
    ...(kind === 'array' ? { item: inner as Field } : {}),
    ...(kind === 'model' ? { model: inner as Model } : {}),
    nullable: () => descriptor(kind, true, isOptional, inner),
    optional: () => descriptor(kind, isNullable, true, inner),
  }) as Field<T>;
}

function asField<T>(of: Field<T> | Model<T>): Field<T> {
  return 'fields' in of ? field.model(of) : of;
}

/** The field descriptors: `field.number()`, `field.string().nullable()`, `field.array(item).optional()` … */
export const field = {
  string: (): Field<string, false> => descriptor('string', false, false) as Field<string, false>,
  /** A finite JSON number (XML text is converted). */
  number: (): Field<number, false> => descriptor('number', false, false) as Field<number, false>,
  boolean: (): Field<boolean, false> => descriptor('boolean', false, false) as Field<boolean, false>,
  /** Not checked. */
  unknown: (): Field<unknown, false> => descriptor('unknown', false, false) as Field<unknown, false>,
  /** A nested model. */
  model: <T>(of: Model<T>): Field<T, false> => descriptor('model', false, false, of) as Field<T, false>,
  /** An array of a field or a model (XML: the children of the element). */
  array: <T>(of: Field<T> | Model<T>): Field<T[], false> =>
    descriptor('array', false, false, asField(of)) as Field<T[], false>,
};

/** What an operation answers: a paged collection, an object, an array, a bare integer or string, or nothing. */
export type ResponseShape =
  | { readonly kind: 'collection'; readonly item: Model }
  | { readonly kind: 'object'; readonly model: Model }
  | { readonly kind: 'array'; readonly item: Model | Field }
  | { readonly kind: 'int' }
  | { readonly kind: 'string' }
  | { readonly kind: 'empty' };

/** The TypeScript type of what a {@link ResponseShape} answers. */
export type ShapeResult<S extends ResponseShape> = S extends { kind: 'collection'; item: Model<infer T> }
  ? Collection<T>
  : S extends { kind: 'object'; model: Model<infer T> }
    ? T
    : S extends { kind: 'array'; item: infer I }
      ? Infer<I>[]
      : S extends { kind: 'int' }
        ? number
        : S extends { kind: 'string' }
          ? string
          : undefined;

/** A model's check compiled once by {@link model} (symbol-keyed: not part of the model's data). */
const VALIDATE: unique symbol = Symbol('mailup-kit.rest.validate');

/** The paged-collection envelope of a model, built on first use by {@link model}'s own holder. */
const ENVELOPE: unique symbol = Symbol('mailup-kit.rest.envelope');

type Validator = (value: unknown) => boolean;
type CompiledModel = Model & { readonly [VALIDATE]?: Validator; readonly [ENVELOPE]?: () => Model };

/**
 * Defines a model (and compiles its in-place check, run on every item of every page). `open: true` types the
 * fields the model does not name as `unknown` (other settings ride along); extra fields are always kept.
 */
export function model<F extends Record<string, Field>>(name: string, fields: F): Model<InferFields<F>>;
export function model<F extends Record<string, Field>>(
  name: string,
  fields: F,
  options: { open: true },
): Model<InferFields<F> & { [field: string]: unknown }>;
export function model(name: string, fields: Record<string, Field>, options?: { open: boolean }): Model {
  const keys = Object.keys(fields);
  const checks = keys.map((key) => validator(fields[key] as Field));
  const optional = keys.map((key) => (fields[key] as Field).isOptional);
  const validate: Validator = (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!(key in record)) {
        if (optional[i]) continue;
        return false;
      }
      if (!(checks[i] as Validator)(record[key])) return false;
    }
    return true;
  };
  // The `CollectionOf<name>` envelope is compiled once per model, the first time a page of it is checked.
  let envelope: Model | undefined;
  const envelopeOf = (item: Model) => {
    envelope ??= collectionEnvelope(item);
    return envelope;
  };
  const compiled: CompiledModel = Object.freeze({
    name,
    fields: Object.freeze({ ...fields }),
    open: options?.open === true,
    [VALIDATE]: validate,
    [ENVELOPE]: () => envelopeOf(compiled),
  });
  return compiled;
}

const PRIMITIVE: Readonly<Record<string, true>> = { string: true, number: true, boolean: true };

/** The in-place check of `type` as a closure (no lookups, no destructuring per value). */
function validator(type: Field): Validator {
  const nullable = type.isNullable;
  switch (type.kind) {
    case 'unknown':
      return () => true;
    case 'string':
      return nullable ? (v) => v === null || typeof v === 'string' : (v) => typeof v === 'string';
    case 'boolean':
      return nullable ? (v) => v === null || typeof v === 'boolean' : (v) => typeof v === 'boolean';
    case 'number':
      return nullable
        ? (v) => v === null || (typeof v === 'number' && Number.isFinite(v))
        : (v) => typeof v === 'number' && Number.isFinite(v);
    case 'model': {
      const m = type.model as Model;
      const check = (m as CompiledModel)[VALIDATE] ?? ((v: unknown) => validModel(m, v));
      return nullable ? (v) => v === null || check(v) : check;
    }
    case 'array': {
      const item = validator(type.item as Field);
      return (v) => {
        if (v === null) return nullable;
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      };
    }
  }
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

/** How a field is named in an error: `number?` (nullable), the model's name, or `an array`. */
function expectation(type: Field): string {
  if (type.kind === 'model') return (type.model as Model).name;
  if (type.kind === 'array') return 'an array';
  return `${type.kind}${type.isNullable ? '?' : ''}`;
}

/** How values are read: JSON values as they are, or XML text coerced to the model's types. */
type Mode = 'json' | 'xml';

function coercePrimitive(kind: FieldKind, value: unknown, mode: Mode): unknown {
  if (mode !== 'xml' || typeof value !== 'string') return value;
  if (kind === 'number') return value.trim() === '' ? value : Number(value);
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
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

function check(type: Field, value: unknown, path: string, operation: string, mode: Mode): unknown {
  if (type.kind === 'unknown') return value;
  if (isNil(value, mode)) {
    if (type.isNullable) return null;
    throw modelError(operation, path, expectation(type), null);
  }
  if (PRIMITIVE[type.kind]) {
    if (mode === 'xml' && value === '' && type.kind === 'string') return '';
    const v = coercePrimitive(type.kind, mode === 'xml' && typeof value === 'object' ? '' : value, mode);
    if (typeof v !== type.kind || (type.kind === 'number' && !Number.isFinite(v))) {
      throw modelError(operation, path, expectation(type), v);
    }
    return v;
  }
  if (type.kind === 'model') return checkModel(type.model as Model, value, path, operation, mode);
  const list = mode === 'xml' ? xmlList(value) : value;
  if (!Array.isArray(list)) throw modelError(operation, path, 'an array', list);
  return list.map((item, i) => check(type.item as Field, item, `${path}[${i}]`, operation, mode));
}

function checkModel(m: Model, value: unknown, path: string, operation: string, mode: Mode): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw modelError(operation, path, `a ${m.name} object`, value);
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) if (!key.startsWith('@_')) out[key] = v;
  for (const [key, type] of Object.entries(m.fields)) {
    const name = path === '' ? key : `${path}.${key}`;
    if (!(key in source)) {
      if (type.isOptional) continue;
      if (mode === 'xml' && type.isNullable) {
        out[key] = null;
        continue;
      }
      throw modelError(operation, name, expectation(type), undefined);
    }
    out[key] = check(type, source[key], name, operation, mode);
  }
  return out;
}

/**
 * The fast path for JSON answers: true when `value` matches `type`, checked in place (no copies, no path strings).
 * Only when it is false does the slow path run, to name the field in the error.
 */
function valid(type: Field, value: unknown): boolean {
  if (type.kind === 'unknown') return true;
  if (value === null) return type.isNullable;
  if (PRIMITIVE[type.kind]) return typeof value === type.kind && (type.kind !== 'number' || Number.isFinite(value));
  if (type.kind === 'model') return validModel(type.model as Model, value);
  return validArray(type.item as Field, value);
}

function validArray(item: Field | Model, value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  const isModel = 'fields' in item;
  for (const v of value) if (!(isModel ? validModel(item, v) : valid(item, v))) return false;
  return true;
}

/** A model's compiled check, or (for a model not made by {@link model}) the same check interpreted. */
function validModel(m: Model, value: unknown): boolean {
  const compiled = (m as CompiledModel)[VALIDATE];
  if (compiled) return compiled(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key in m.fields) {
    const inner = m.fields[key] as Field;
    if (!(key in record)) {
      if (inner.isOptional) continue;
      return false;
    }
    if (!valid(inner, record[key])) return false;
  }
  return true;
}

/** The paged envelope (`IsPaginated`, `PageNumber` … `Items`) around `item`. */
function collectionEnvelope(item: Model): Model {
  return model(`CollectionOf${item.name}`, {
    IsPaginated: field.boolean(),
    PageNumber: field.number(),
    PageSize: field.number(),
    Skipped: field.number(),
    TotalElementsCount: field.number(),
    Items: field.array(item),
  });
}

/**
 * Checks (and for XML, converts) a parsed answer against an operation's shape; a mismatch is a `permanent`
 * MailUpError naming the field (`Items[3].idList`), never an `undefined` discovered later. What it returns is of
 * the shape's type ({@link ShapeResult}): the check is what makes that type true.
 */
export function checkResponse<S extends ResponseShape>(
  shape: S,
  value: unknown,
  operation: string,
  mode?: Mode,
): ShapeResult<S>;
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
      if (mode === 'json' && validArray(shape.item, value)) return value;
      return check(field.array(shape.item), value, '(body)', operation, mode);
    case 'object':
      if (mode === 'json' && validModel(shape.model, value)) return value;
      return checkModel(shape.model, value, '', operation, mode);
    case 'collection': {
      const envelope = (shape.item as CompiledModel)[ENVELOPE]?.() ?? collectionEnvelope(shape.item);
      if (mode === 'json' && validModel(envelope, value)) return value;
      return checkModel(envelope, value, '', operation, mode);
    }
  }
}
