import type { ClientCallOptions } from '@mailup-kit/core';
import { callOptionsOf } from '@mailup-kit/core/pipeline';
import { type Collection, type PageOptions, pageQuery, paginate } from '../paging.js';
import type { PagedOperationOf, RestFormat, RestInput, RestOperationName, RestResult } from '../rest-operations.js';
import { invalid } from '../validate.js';

/** Per-call options of the typed resource methods. */
export interface RestCallOptions extends ClientCallOptions {
  /** Answer format: JSON (default) or XML, parsed into the same models. */
  accept?: RestFormat;
}

/**
 * What the resource groups need from the client: one call of a row of the table on the pipeline. The answer's type
 * is the row's model (checked at the boundary), so a misspelt operation or a wrong result type does not compile.
 * Give the input as a function when building it checks the caller's arguments: it then runs inside the call's
 * initialize step, so a `validation` error carries the call id and reaches the logger.
 */
export interface RestCaller {
  call<N extends RestOperationName>(
    operation: N,
    input: RestInput | (() => RestInput),
    options?: RestCallOptions,
  ): Promise<RestResult<N>>;
  /** One page of a paged operation whose items are `T`. */
  page<T>(operation: PagedOperationOf<T>, input: RestInput, options?: RestCallOptions): Promise<Collection<T>>;
}

/**
 * A paged collection: `for await (const item of paged)` walks every page (zero-based, honouring
 * `TotalElementsCount`, stopping on an empty page); `page(n)` reads one page; `toArray()` collects everything.
 */
export class Paged<T> implements AsyncIterable<T> {
  constructor(
    private readonly caller: RestCaller,
    private readonly operation: PagedOperationOf<T>,
    private readonly params: Readonly<Record<string, number | string>>,
    private readonly options: PageOptions,
  ) {
    pageQuery(operation, options); // refuse bad options now: nothing is sent
  }

  /** One page (default `options.pageNumber`, else 0). */
  page(pageNumber = this.options.pageNumber ?? 0): Promise<Collection<T>> {
    // Copies and stores, no spreads followed by more properties (V8's slow path): this runs once per page read.
    const options: PageOptions = Object.assign({}, this.options);
    options.pageNumber = pageNumber;
    const query = pageQuery(this.operation, options);
    const { accept } = this.options;
    const input: RestInput = { params: this.params, query };
    const callOptions: RestCallOptions = callOptionsOf(this.options);
    if (accept) {
      input.accept = accept;
      callOptions.accept = accept;
    }
    return this.caller.page(this.operation, input, callOptions);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return paginate<T>((n) => this.page(n), this.options.pageNumber ?? 0)[Symbol.asyncIterator]();
  }

  /** Every item of every page (mind the memory for big collections: prefer `for await`). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

/** Checks an id argument: a positive 32-bit integer. */
export function id(operation: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw invalid(operation, `${name} must be a positive integer`, 'rest');
  }
  return value;
}

/** Checks an object argument (a request body). */
export function bodyObject<T extends object>(operation: string, name: string, value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(operation, `${name} must be an object`, 'rest');
  }
  return value;
}

/** Checks a required string argument (one line, non-empty). */
export function text(operation: string, name: string, value: unknown, max = 10_000): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(operation, `${name} is required`, 'rest');
  if (/[\r\n\0]/.test(value)) throw invalid(operation, `${name} must not contain CR, LF or NUL`, 'rest');
  if (value.length > max) throw invalid(operation, `${name} is longer than ${max} characters`, 'rest');
  return value;
}

/** MailUp's `datetime` query value: `"yyyy-MM-dd HH:mm:ssZ"` (quotes included, REFERENCE §6.1). */
export function sendDate(operation: string, value: Date): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid(operation, 'datetime must be a valid Date', 'rest');
  }
  return `"${value.toISOString().slice(0, 19).replace('T', ' ')}Z"`;
}
