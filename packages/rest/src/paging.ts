import type { Filter } from './filter.js';
import { isFilterExpression } from './filter.js';
import type { RestFormat } from './rest-operations.js';
import { invalid } from './validate.js';

/** MailUp's collection envelope. */
export interface Collection<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

/** Paging, filtering and ordering of a collection call (0-based page number). */
export interface PageOptions {
  /** Items per page (MailUp's default 20). */
  pageSize?: number;
  /** 0-based page (default 0; for an iterator, the first page read). */
  pageNumber?: number;
  /** Built with `filter.*` (quoted and escaped). */
  filterby?: Filter;
  /** Built with `orderBy(…)`, e.g. `Email asc;idRecipient desc`. */
  orderby?: string;
  /** Answer format (default JSON). */
  accept?: RestFormat;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const ORDER =
  /^(?:[A-Za-z_][A-Za-z0-9_]{0,63}|Fields\['(?:[^']|'')+'\]) (?:asc|desc)(?:;(?:[A-Za-z_][A-Za-z0-9_]{0,63}|Fields\['(?:[^']|'')+'\]) (?:asc|desc))*$/;

/** The query string of a collection call, checked (nothing is sent when an option is wrong). */
export function pageQuery(operation: string, options: PageOptions = {}): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of ['pageSize', 'pageNumber'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || (name === 'pageSize' && value === 0) || value > 1_000_000_000) {
      throw invalid(
        operation,
        `${name} must be a ${name === 'pageSize' ? 'positive' : 'non-negative'} integer`,
        'rest',
      );
    }
    query[name] = String(value);
  }
  if (options.filterby !== undefined) {
    if (!isFilterExpression(options.filterby)) {
      throw invalid(operation, 'filterby must be built with filter.* (values are quoted for you)', 'rest');
    }
    query.filterby = `"${options.filterby.expression}"`;
  }
  if (options.orderby !== undefined) {
    if (typeof options.orderby !== 'string' || !ORDER.test(options.orderby)) {
      throw invalid(operation, 'orderby must be built with orderBy(…), e.g. "Email asc;idRecipient desc"', 'rest');
    }
    query.orderby = `"${options.orderby}"`;
  }
  return query;
}

/**
 * Iterates every item of a paged collection: zero-based `pageNumber` from `options.pageNumber` (default 0),
 * stopping once `TotalElementsCount` items were covered or a page comes back empty.
 */
export async function* paginate<T>(
  fetchPage: (pageNumber: number) => Promise<Collection<T>>,
  firstPage = 0,
): AsyncGenerator<T, void, undefined> {
  for (let pageNumber = firstPage; ; pageNumber++) {
    const page = await fetchPage(pageNumber);
    for (const item of page.Items) yield item;
    if (page.Items.length === 0) return;
    const size = page.PageSize > 0 ? page.PageSize : page.Items.length;
    if ((pageNumber + 1) * size >= page.TotalElementsCount) return;
  }
}
