import { MailUpError, type Protocol } from '@mailup-kit/core';
import type { DecodedValue, DecodedXml } from './inner-xml.js';

/** The type of one text field of a result: a trailing `?` marks a field the answer may leave out. */
export type ResultScalar = 'number' | 'string' | 'boolean' | 'date';
/** A {@link ResultScalar}, required, or optional with a trailing `?`. */
export type ResultScalarSpec = ResultScalar | `${ResultScalar}?`;

/**
 * The schema of one result document (or one element of it): element name ⇒ field spec. A name starting with `@`
 * is an attribute (`'@idList': 'number'` reads `idList="…"` into `idList`). A field spec is a scalar type, a nested
 * schema (an element with children or attributes; always present in the result, empty when the answer lacks it), or
 * a one-element tuple `[spec]` for a repeated element (always an array, even with one or no entry).
 */
export interface ResultSchema {
  readonly [name: string]: ResultFieldSpec;
}
/** One field of a {@link ResultSchema}. */
export type ResultFieldSpec = ResultScalarSpec | ResultSchema | readonly [ResultScalarSpec | ResultSchema];

type ScalarOf<S> = S extends 'number' | 'number?'
  ? number
  : S extends 'string' | 'string?'
    ? string
    : S extends 'boolean' | 'boolean?'
      ? boolean
      : Date;
type FieldName<K> = K extends `@${infer N}` ? N : K;
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The decoded type of a field spec: scalars as their JS types, nested schemas as objects, repeated as arrays. */
export type DecodedField<S> = S extends readonly [infer E]
  ? Array<DecodedField<E>>
  : S extends ResultScalarSpec
    ? ScalarOf<S>
    : S extends ResultSchema
      ? Decoded<S>
      : never;

/** The decoded type of a {@link ResultSchema}: what {@link decodeResult} returns for it (one source: the schema). */
export type Decoded<S extends ResultSchema> = Flat<
  {
    -readonly [K in keyof S as S[K] extends `${string}?` ? never : FieldName<K & string>]: DecodedField<S[K]>;
  } & {
    -readonly [K in keyof S as S[K] extends `${string}?` ? FieldName<K & string> : never]?: DecodedField<S[K]>;
  }
>;

function text(value: DecodedValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  const t = value['#text'];
  return typeof t === 'string' ? t : '';
}

const NUMBER = /^[+-]?\d{1,20}(?:\.\d{1,20})?$/;
/** `dd/MM/yyyy HH:mm:ss` (MailUp's SOAP dates, REFERENCE §3.4), read as UTC like the emulator writes them. */
const MAILUP_DATE = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function scalar(type: ResultScalar, raw: string): number | string | boolean | Date | undefined {
  const t = raw.trim();
  switch (type) {
    case 'string':
      return raw;
    case 'number':
      return NUMBER.test(t) ? Number(t) : undefined;
    case 'boolean':
      if (/^(?:true|1)$/i.test(t)) return true;
      if (/^(?:false|0)$/i.test(t)) return false;
      return undefined;
    case 'date': {
      if (t.length > 40) return undefined;
      const m = MAILUP_DATE.exec(t);
      const ms = m
        ? Date.UTC(
            Number(m[3]),
            Number(m[2]) - 1,
            Number(m[1]),
            Number(m[4] ?? 0),
            Number(m[5] ?? 0),
            Number(m[6] ?? 0),
          )
        : t === ''
          ? Number.NaN
          : Date.parse(t);
      return Number.isNaN(ms) ? undefined : new Date(ms);
    }
  }
}

interface Where {
  protocol: Protocol;
  operation: string;
}

function missing(where: Where, path: string, raw: string | undefined): MailUpError {
  return new MailUpError({
    kind: 'permanent',
    protocol: where.protocol,
    operation: where.operation,
    message:
      raw === undefined
        ? `${where.operation}: the answer has no ${path}`
        : `${where.operation}: ${path} is not of its documented type ("${raw.slice(0, 40)}")`,
  });
}

function field(spec: ResultFieldSpec, value: DecodedValue | undefined, where: Where, path: string): unknown {
  if (Array.isArray(spec)) {
    const items = value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
    return items.map((item, i) => field(spec[0] as ResultFieldSpec, item, where, `${path}[${i}]`));
  }
  if (typeof spec === 'string') {
    const optional = spec.endsWith('?');
    const type = (optional ? spec.slice(0, -1) : spec) as ResultScalar;
    const raw = text(value);
    const decoded = raw === undefined ? undefined : scalar(type, raw);
    if (decoded === undefined && !optional) throw missing(where, path, raw);
    return decoded;
  }
  const element = Array.isArray(value) ? value[0] : value;
  const node = element && typeof element === 'object' && !Array.isArray(element) ? element : {};
  return object(spec as ResultSchema, node, where, path);
}

function object(schema: ResultSchema, value: DecodedXml, where: Where, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in schema) {
    const attribute = name.startsWith('@');
    const key = attribute ? name.slice(1) : name;
    const decoded = field(
      schema[name] as ResultFieldSpec,
      value[attribute ? `@_${key}` : name],
      where,
      path ? `${path}.${key}` : key,
    );
    if (decoded !== undefined) out[key] = decoded;
  }
  return out;
}

/**
 * Reads a decoded result document through its schema: numbers, booleans and dates typed (`dd/MM/yyyy HH:mm:ss` or
 * ISO 8601), repeated elements as arrays even with one entry, nested elements as objects, attributes by their bare
 * names. A required field that is absent or not of its type is a `permanent` MailUpError (the server answered
 * something we cannot read as documented); an optional one is left out. Fields the schema does not name stay in the
 * raw document only.
 *
 * @example
 * ```ts
 * decodeResult({ lists: { list: [{ listID: 'number', listName: 'string' }] } }, doc, { protocol: 'soap', operation: 'GetLists' });
 * // { lists: { list: [{ listID: 1, listName: 'Newsletter' }] } }
 * ```
 */
export function decodeResult<S extends ResultSchema>(
  schema: S,
  doc: DecodedXml,
  where: { protocol: Protocol; operation: string },
): Decoded<S> {
  return object(schema, doc, where, '') as Decoded<S>;
}
