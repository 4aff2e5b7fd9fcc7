import { FilterError, parseFilter, parseOrderBy } from './filter-expression.js';

/** MailUp's paginated collection envelope (REFERENCE §6.4). */
export interface Collection<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

/** MailUp's default page size (REFERENCE §6.4). */
export const DEFAULT_PAGE_SIZE = 20;

function nonNegativeInt(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** A query parameter by name, matched case-insensitively (`pageSize`, `PageSize`, `pagesize` …). */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Pages `items` by `pageSize` / `pageNumber` (any case; 0-based; default 20). `IsPaginated` is true only when the
 * total exceeds the page size, as every real payload shows.
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Collection<T> | 'bad-request' {
  const pageSize = nonNegativeInt(queryParam(query, 'pageSize'), DEFAULT_PAGE_SIZE);
  const pageNumber = nonNegativeInt(queryParam(query, 'pageNumber'), 0);
  if (pageSize === undefined || pageNumber === undefined || pageSize === 0) return 'bad-request';
  const skipped = pageSize * pageNumber;
  return {
    IsPaginated: items.length > pageSize,
    Items: items.slice(skipped, skipped + pageSize),
    PageNumber: pageNumber,
    PageSize: pageSize,
    Skipped: skipped,
    TotalElementsCount: items.length,
  };
}

/**
 * A whole collection answer: `filterby` and `orderby` (any case) applied over the items' properties (an unknown
 * property is an error message, never ignored), then the page. `properties` are the item model's keys (so that
 * an expression is checked even on an empty collection).
 */
export function collection<T extends object>(
  items: readonly T[],
  query: URLSearchParams,
  properties: readonly string[],
): Collection<T> | { error: string } {
  let rows = items;
  try {
    const filter = queryParam(query, 'filterby');
    if (filter !== undefined) {
      const test = parseFilter(filter, properties);
      rows = rows.filter((row) => test(row as Record<string, unknown>));
    }
    const order = queryParam(query, 'orderby');
    if (order !== undefined) {
      const compare = parseOrderBy(order, properties);
      rows = [...rows].sort((a, b) => compare(a as Record<string, unknown>, b as Record<string, unknown>));
    }
  } catch (error) {
    if (error instanceof FilterError) return { error: error.message };
    throw error;
  }
  const page = paginate(rows, query);
  return page === 'bad-request' ? { error: 'Invalid paging parameters' } : page;
}

/**
 * {@link collection} over rows that are turned into items only when needed: without `filterby` and `orderby` only
 * the page's rows become items, so a page costs the page whatever the collection's size (issue 19); with either,
 * every row is turned and the whole collection is filtered and sorted as before. `rows` must already be in the
 * collection's natural order. A row that turns into `undefined` (gone meanwhile) is left out of the page.
 */
export function lazyCollection<R, T extends object>(
  rows: readonly R[],
  toItem: (row: R) => T | undefined,
  query: URLSearchParams,
  properties: readonly string[],
): Collection<T> | { error: string } {
  if (queryParam(query, 'filterby') !== undefined || queryParam(query, 'orderby') !== undefined) {
    const items: T[] = [];
    for (const row of rows) {
      const item = toItem(row);
      if (item !== undefined) items.push(item);
    }
    return collection(items, query, properties);
  }
  const page = paginate(rows, query);
  if (page === 'bad-request') return { error: 'Invalid paging parameters' };
  const items: T[] = [];
  for (const row of page.Items) {
    const item = toItem(row);
    if (item !== undefined) items.push(item);
  }
  return { ...page, Items: items };
}
