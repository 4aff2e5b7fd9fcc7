/**
 * MailUp's `filterby` expressions (REFERENCE §6.4), the subset the emulator evaluates: literals (`'text'` with `''`
 * for a quote, numbers, `true`/`false`/`null`), properties of the item (`Email`, case-insensitive), list items by
 * key (`Fields['name']` — a recipient field by description — or by index), the string methods `Contains`,
 * `StartsWith`, `EndsWith`, `ToLower`, `ToUpper` (case-sensitive, like .NET), comparisons `== != < > <= >=`,
 * arithmetic `+ - * / %`, `!`, `&&`, `||` and parentheses. An unknown property or a syntax error is a
 * {@link FilterError}, never a filter silently ignored.
 */
export class FilterError extends Error {}

type Token =
  | { t: 'id'; v: string }
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '(', ')', '[', ']', '.', ',', '+', '-', '*', '/', '%'];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError('Unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      out.push({ t: 'str', v: value });
      continue;
    }
    const num = /^\d+(?:\.\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new FilterError(`Syntax error at position ${i}: unexpected '${c}'`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

type Value = string | number | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;
type Node = (item: Record<string, unknown>) => Value;

const METHODS: Record<string, (target: string, args: Value[]) => Value> = {
  contains: (s, [a]) => s.includes(String(a)),
  startswith: (s, [a]) => s.startsWith(String(a)),
  endswith: (s, [a]) => s.endsWith(String(a)),
  tolower: (s) => s.toLowerCase(),
  toupper: (s) => s.toUpperCase(),
};

function index(target: Value, key: Value): Value {
  if (Array.isArray(target)) {
    if (typeof key === 'number') return target[key] as Value;
    const field = target.find(
      (f) => typeof f === 'object' && f !== null && String((f as Record<string, unknown>).Description) === key,
    ) as Record<string, unknown> | undefined;
    return field ? (field.Value as Value) : null;
  }
  if (target && typeof target === 'object') return (target as Record<string, unknown>)[String(key)] as Value;
  return null;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '==') return a === b || (a == null && b == null);
  if (op === '!=') return !(a === b || (a == null && b == null));
  if (a == null || b == null) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

/** A parsed `filterby` expression over items whose top-level properties are `properties`. */
export function parseFilter(text: string, properties: readonly string[]): (item: Record<string, unknown>) => boolean {
  const expression = text.trim().replace(/^"([\s\S]*)"$/, '$1');
  if (expression.trim() === '') return () => true;
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos] as Token;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new FilterError(`Syntax error: '${v}' expected`);
    pos++;
  };
  const byName = new Map(properties.map((p) => [p.toLowerCase(), p]));

  const primary = (): Node => {
    const t = peek();
    pos++;
    if (t.t === 'num' || t.t === 'str') return () => t.v;
    if (t.t === 'id') {
      const word = t.v.toLowerCase();
      if (word === 'true') return () => true;
      if (word === 'false') return () => false;
      if (word === 'null') return () => null;
      const name = byName.get(word);
      if (!name) throw new FilterError(`No property or field '${t.v}' exists in type 'Item'`);
      return (item) => item[name] as Value;
    }
    if (t.t === 'op' && t.v === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    throw new FilterError('Syntax error: expression expected');
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (isOp('[')) {
        pos++;
        const key = or();
        expect(']');
        const target = node;
        node = (item) => index(target(item), key(item));
        continue;
      }
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t.t !== 'id') throw new FilterError('Syntax error: member name expected');
        pos++;
        const method = METHODS[t.v.toLowerCase()];
        if (!method) throw new FilterError(`No applicable method '${t.v}' exists in type 'String'`);
        const args: Node[] = [];
        expect('(');
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            pos++;
            args.push(or());
          }
        }
        expect(')');
        const target = node;
        node = (item) => {
          const value = target(item);
          if (value == null) return false;
          return method(
            String(value),
            args.map((a) => a(item)),
          );
        };
        continue;
      }
      return node;
    }
  };
  const unary = (): Node => {
    if (isOp('!')) {
      pos++;
      const inner = unary();
      return (item) => !inner(item);
    }
    if (isOp('-')) {
      pos++;
      const inner = unary();
      return (item) => -(inner(item) as number);
    }
    return postfix();
  };
  const binary = (next: () => Node, ops: string[], apply: (op: string, a: Value, b: Value) => Value) => (): Node => {
    let node = next();
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !ops.includes(t.v)) return node;
      pos++;
      const right = next();
      const left = node;
      const op = t.v;
      node = (item) => apply(op, left(item), right(item));
    }
  };
  const mult = binary(unary, ['*', '/', '%'], (op, a, b) => {
    const x = Number(a);
    const y = Number(b);
    return op === '*' ? x * y : op === '/' ? x / y : x % y;
  });
  const add = binary(mult, ['+', '-'], (op, a, b) =>
    op === '+'
      ? typeof a === 'string' || typeof b === 'string'
        ? `${a ?? ''}${b ?? ''}`
        : Number(a) + Number(b)
      : Number(a) - Number(b),
  );
  const comparison = binary(add, ['==', '!=', '<', '>', '<=', '>='], compare);
  const and = binary(comparison, ['&&'], (_op, a, b) => Boolean(a) && Boolean(b));
  function or(): Node {
    return binary(and, ['||'], (_op, a, b) => Boolean(a) || Boolean(b))();
  }
  const root = or();
  if (peek().t !== 'end') throw new FilterError(`Syntax error at token ${pos + 1}: operator or end expected`);
  return (item) => Boolean(root(item));
}

/**
 * A parsed `orderby` (`"Email asc"`, `"idList desc"`, several keys joined with `;`; `+` already decoded to a space):
 * a comparator, or a {@link FilterError} naming an unknown property or direction.
 */
export function parseOrderBy(
  text: string,
  properties: readonly string[],
): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const byName = new Map(properties.map((p) => [p.toLowerCase(), p]));
  const keys = text
    .trim()
    .replace(/^"([\s\S]*)"$/, '$1')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [raw, direction = 'asc', extra] = part.split(/\s+/);
      const name = byName.get(String(raw).toLowerCase());
      if (!name) throw new FilterError(`No property or field '${raw}' exists in type 'Item'`);
      const dir = direction.toLowerCase();
      if ((dir !== 'asc' && dir !== 'desc' && dir !== 'ascending' && dir !== 'descending') || extra !== undefined) {
        throw new FilterError(`Syntax error in orderby: '${part}'`);
      }
      return { name, sign: dir.startsWith('desc') ? -1 : 1 };
    });
  return (a, b) => {
    for (const { name, sign } of keys) {
      const x = a[name] as string | number | null | undefined;
      const y = b[name] as string | number | null | undefined;
      if (x === y) continue;
      if (x == null) return -sign;
      if (y == null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}
