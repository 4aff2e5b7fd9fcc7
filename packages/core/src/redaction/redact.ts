import { defaultSecretNames, REDACTED, type SecretNames } from './secret-names.js';

const MAX_DEPTH = 12;

/**
 * A deep copy of `value` in which every property whose name is secret is replaced by `[REDACTED]`. Strings
 * that look like URLs or form bodies get their secret parameters redacted too. Cycles and depth are bounded.
 *
 * @example
 * ```ts
 * redactValue({ user: 'm1', password: 'x', nested: { access_token: 't' } });
 * // { user: 'm1', password: '[REDACTED]', nested: { access_token: '[REDACTED]' } }
 * ```
 */
export function redactValue(value: unknown, names: SecretNames = defaultSecretNames): unknown {
  return redactInner(value, names, 0, new WeakSet());
}

function redactInner(value: unknown, names: SecretNames, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value, names);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redactInner(item, names, depth + 1, seen));
  if (value instanceof Map) {
    return Object.fromEntries(
      [...value].map(([k, v]) => [String(k), redactEntry(String(k), v, names, depth, seen)] as const),
    );
  }
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message, names) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactEntry(key, item, names, depth, seen);
  return out;
}

function redactEntry(key: string, item: unknown, names: SecretNames, depth: number, seen: WeakSet<object>): unknown {
  if (names.isSecret(key) && item !== undefined && item !== null && item !== '') return REDACTED;
  return redactInner(item, names, depth + 1, seen);
}

/**
 * Redacts secret query parameters of a URL (`?pwd=…&access_token=…`), URL user-info and, when the string is a
 * form body (`a=1&password=x`), its secret fields. Other strings are returned unchanged. Linear in the length of
 * `text` whatever it holds (a hostile server description costs one pass per pattern, never a rescan per position).
 */
export function redactString(text: string, names: SecretNames = defaultSecretNames): string {
  // Every pattern here is linear on hostile input (a megabyte of `a.a.a…` or `<a <a …`): each attempt starts at a
  // literal and stops at the next character that could start another attempt, so no text is scanned twice.
  // User-info: anchored at `://` (the scheme before it is not scanned: from every word boundary of `a.a.a…` that scan
  // ran to the end of the text, quadratic).
  let out = text.replace(/(:\/\/)([^\s/@:]+):([^\s/@]+)@/g, `$1$2:${REDACTED}@`);
  out = out.replace(/([?&;\s,([{'"]|^)([^=&?#\s;,([{'"]+)=([^&#\s;]*)/g, (match, sep: string, key: string) => {
    let decoded = key;
    try {
      decoded = decodeURIComponent(key);
    } catch {
      // keep the raw key
    }
    return names.isSecret(decoded) ? `${sep}${key}=${REDACTED}` : match;
  });
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`);
  out = out.replace(/^((?:proxy-)?authorization|cookie|set-cookie)([ \t]*:[ \t]*)(.+)$/gim, `$1$2${REDACTED}`);
  out = out.replace(/"([^"\\]{1,100})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (match, key: string, colon: string) =>
    names.isSecret(key) ? `"${key}"${colon}"${REDACTED}"` : match,
  );
  // Attributes stop at the next `<` too (`[^<>]`): with `[^>]`, every `<a ` of an unclosed run scanned to the end.
  out = out.replace(
    /<((?:[\w.-]+:)?([\w.-]+))(\s[^<>]*)?>([^<]*)<\/\1>/g,
    (match, tag: string, local: string, attrs) =>
      names.isSecret(local) ? `<${tag}${attrs ?? ''}>${REDACTED}</${tag}>` : match,
  );
  // The same element entity-escaped, as a SOAP answer carries its inner XML document in a string
  // (`&lt;accessKey&gt;…&lt;/accessKey&gt;`): each attempt stops at the next `&` or `<`, so no text is rescanned.
  if (out.includes('&lt;')) {
    out = out.replace(/&lt;((?:[\w.-]+:)?([\w.-]+))&gt;([^&<]*)&lt;\/\1&gt;/g, (match, tag: string, local: string) =>
      names.isSecret(local) ? `&lt;${tag}&gt;${REDACTED}&lt;/${tag}&gt;` : match,
    );
  }
  return out;
}

/** Redacts the secret query parameters and user-info of `url`. Same as {@link redactString}, named for intent. */
export function redactUrl(url: string, names: SecretNames = defaultSecretNames): string {
  return redactString(url, names);
}

/** Redacts a form-encoded body (`grant_type=password&username=m1&password=x`). */
export function redactForm(body: string, names: SecretNames = defaultSecretNames): string {
  return redactString(body, names);
}

/** A copy of a header map with secret headers (Authorization, Cookie, Set-Cookie …) replaced. */
export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | number | undefined>>,
  names: SecretNames = defaultSecretNames,
): Record<string, string | string[] | number | undefined> {
  const out: Record<string, string | string[] | number | undefined> = {};
  for (const [key, value] of Object.entries(headers)) {
    out[key] = names.isSecret(key) && value !== undefined ? REDACTED : value;
  }
  return out;
}
