import { MailUpError } from '@mailup-kit/core';

const BRAND = Symbol('mailup-kit.filter');

/**
 * A `filterby` expression built by {@link filter}: property names are checked and every value is quoted and
 * escaped, so user input can never change the expression. Pass it as `filterby` to any collection method.
 */
export interface Filter {
  readonly expression: string;
  readonly [BRAND]: true;
}

/** A property: a name (`Email`, `idRecipient`) or a recipient field by description (`{ field: 'nome' }`). */
export type FilterProperty = string | { readonly field: string };

/** A value compared with a property: strings are quoted (`'o''hara'`), numbers and booleans written as they are. */
export type FilterValue = string | number | boolean | null;

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'rest', operation: 'filterby', message });
}

function make(expression: string): Filter {
  return Object.freeze({ expression, [BRAND]: true as const });
}

/** A string literal of MailUp's expression language: single quotes, a quote doubled. */
export function quote(value: string): string {
  if (typeof value !== 'string') throw invalid('a string value is required');
  if (/[\0]/.test(value)) throw invalid('a filter value must not contain NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

function property(p: FilterProperty): string {
  if (typeof p === 'string') {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(p))
      throw invalid(`not a property name: ${JSON.stringify(p).slice(0, 70)}`);
    return p;
  }
  if (p && typeof p === 'object' && typeof p.field === 'string' && p.field !== '') return `Fields[${quote(p.field)}]`;
  throw invalid('a property is a name or { field: "description" }');
}

function literal(v: FilterValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw invalid('a filter value is a string, a finite number, a boolean or null');
}

function isFilter(f: unknown): f is Filter {
  return typeof f === 'object' && f !== null && (f as Filter)[BRAND] === true;
}

function group(parts: readonly Filter[], op: '&&' | '||'): Filter {
  if (parts.length === 0 || !parts.every(isFilter)) throw invalid(`${op} takes filters built with filter.*`);
  return make(
    parts.length === 1 ? (parts[0] as Filter).expression : parts.map((p) => `(${p.expression})`).join(` ${op} `),
  );
}

const compare = (op: string) => (p: FilterProperty, v: FilterValue) => make(`${property(p)}${op}${literal(v)}`);
const method = (name: string) => (p: FilterProperty, v: string) => make(`${property(p)}.${name}(${quote(v)})`);

/**
 * Builds `filterby` expressions (REFERENCE §6.4) that user input cannot break out of.
 *
 * @example
 * ```ts
 * filter.contains('Email', "o'hara").expression; // Email.Contains('o''hara')
 * filter.and(filter.eq({ field: 'città' }, 'Roma'), filter.gt('idRecipient', 10)).expression;
 * // (Fields['città']=='Roma') && (idRecipient>10)
 * ```
 */
export const filter = Object.freeze({
  eq: compare('=='),
  ne: compare('!='),
  lt: compare('<'),
  le: compare('<='),
  gt: compare('>'),
  ge: compare('>='),
  contains: method('Contains'),
  startsWith: method('StartsWith'),
  endsWith: method('EndsWith'),
  and: (...parts: Filter[]) => group(parts, '&&'),
  or: (...parts: Filter[]) => group(parts, '||'),
  not: (part: Filter) => {
    if (!isFilter(part)) throw invalid('not takes a filter built with filter.*');
    return make(`!(${part.expression})`);
  },
  /** An expression written by hand, sent as it is: never build one from user input. */
  raw: (expression: string) => {
    if (typeof expression !== 'string' || /[\r\n\0]/.test(expression))
      throw invalid('a raw filter is one line of text');
    return make(expression);
  },
});

/** One `orderby` key: a property and a direction. */
export type OrderKey = FilterProperty | readonly [FilterProperty, 'asc' | 'desc'];

/** `orderby` as MailUp reads it: `Email asc;idRecipient desc`. */
export function orderBy(...keys: OrderKey[]): string {
  if (keys.length === 0) throw invalid('orderBy needs at least one key');
  return keys
    .map((key) => {
      const [p, dir] = Array.isArray(key) ? key : [key as FilterProperty, 'asc'];
      if (dir !== 'asc' && dir !== 'desc') throw invalid('an order direction is asc or desc');
      return `${property(p as FilterProperty)} ${dir}`;
    })
    .join(';');
}

/** True for a {@link Filter} built by {@link filter}. */
export function isFilterExpression(value: unknown): value is Filter {
  return isFilter(value);
}
