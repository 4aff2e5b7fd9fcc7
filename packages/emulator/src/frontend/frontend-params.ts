import { parseFormEncoded } from '../http/request-target.js';
import type { EmulatorRequest } from '../types.js';

/**
 * The parameters of a frontend page, looked up case-insensitively like ASP.NET's `Request[...]` (real clients send
 * `List`/`list`, `Email`/`email`, `ListGuid`/`listguid`, `retCode`/`retcode`): the query string and an
 * `application/x-www-form-urlencoded` body together, query first. A malformed escape in the body throws
 * `MalformedInputError` (answered 400).
 */
export class PageParams {
  private readonly values = new Map<string, string[]>();

  constructor(req: EmulatorRequest) {
    for (const [key, value] of req.query) this.add(key, value);
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (req.body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
      for (const [key, value] of parseFormEncoded(req.body.toString('utf8'), 'form body')) this.add(key, value);
    }
  }

  private add(key: string, value: string): void {
    const name = key.toLowerCase();
    const list = this.values.get(name) ?? [];
    list.push(value);
    this.values.set(name, list);
  }

  /** The first value of a parameter (any case), trimmed; undefined when absent or blank. */
  get(name: string): string | undefined {
    const value = this.values.get(name.toLowerCase())?.[0]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /** Every value of a parameter (repeated checkboxes), each split on `,` (and `;` when asked), blanks dropped. */
  all(name: string, separators: RegExp = /,/): string[] {
    return (this.values.get(name.toLowerCase()) ?? [])
      .flatMap((v) => v.split(separators))
      .map((v) => v.trim())
      .filter((v) => v !== '');
  }

  /** `1`/`true` ⇒ true, `0`/`false` ⇒ false (any case), absent ⇒ `fallback`, anything else ⇒ undefined. */
  flag(name: string, fallback: boolean): boolean | undefined {
    const value = this.get(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === '1' || value === 'true') return true;
    if (value === '0' || value === 'false') return false;
    return undefined;
  }

  /** Every parameter name (lower-cased). */
  names(): string[] {
    return [...this.values.keys()];
  }
}
