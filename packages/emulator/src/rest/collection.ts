/** MailUp's paginated collection envelope (REFERENCE §6.4). */
export interface Collection<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

function nonNegativeInt(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Pages `items` by the `pageSize`/`pageNumber` query parameters (either case; 0-based; default 20). */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Collection<T> | 'bad-request' {
  const get = (name: string) => query.get(name) ?? query.get(name[0]!.toUpperCase() + name.slice(1));
  const explicit = get('pageSize') !== null || get('pageNumber') !== null;
  const pageSize = nonNegativeInt(get('pageSize'), 20);
  const pageNumber = nonNegativeInt(get('pageNumber'), 0);
  if (pageSize === undefined || pageNumber === undefined || pageSize === 0) return 'bad-request';
  const skipped = pageSize * pageNumber;
  return {
    IsPaginated: explicit,
    Items: items.slice(skipped, skipped + pageSize),
    PageNumber: pageNumber,
    PageSize: pageSize,
    Skipped: skipped,
    TotalElementsCount: items.length,
  };
}
