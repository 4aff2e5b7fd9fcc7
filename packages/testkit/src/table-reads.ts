// Type imports only: a test's vi.mock factory for @mailup-kit/core/pipeline loads this module while core is being mocked.
import type { ClientPlugin } from '@mailup-kit/core';
import type { OperationRow } from '@mailup-kit/core/pipeline';

/** Under this key a table built by {@link countingCore}'s `operationTable` answers its {@link TableReads}. */
export const TABLE_READS: unique symbol = Symbol('mailup-kit.testkit.tableReads');

/** The names read from one operation table while counting was on. */
export interface TableReads {
  counting: boolean;
  names: string[];
}

type OperationTableFn = (protocol: never, specs: never) => object;

/**
 * core's `/pipeline` entry with `operationTable` wrapped: every table it builds is the real (frozen) table behind a Proxy that
 * records each string-keyed read while counting is on — a lookup of a row by its name. For
 * `vi.mock('@mailup-kit/core/pipeline', async (original) => (await import('@mailup-kit/testkit/table-reads')).countingCore(await original()))`.
 * The rows themselves are the table's (no copy).
 */
export function countingCore<M extends { operationTable: OperationTableFn }>(core: M): M {
  const operationTable = (protocol: never, specs: never) => {
    const table = core.operationTable(protocol, specs);
    const reads: TableReads = { counting: false, names: [] };
    return new Proxy(table, {
      get(target, key, receiver) {
        if (key === TABLE_READS) return reads;
        if (typeof key === 'string' && reads.counting) reads.names.push(key);
        return Reflect.get(target, key, receiver);
      },
    });
  };
  return { ...core, operationTable };
}

/**
 * Runs `call` and returns the names read from each of `tables` (tables built through {@link countingCore}) and the
 * number of lookups in the client template's own table (`client.operations.get`) while it ran.
 */
export async function lookupsDuring<T>(
  tables: readonly object[],
  client: { operations: ReadonlyMap<string, unknown> },
  call: () => Promise<T>,
): Promise<{ result: T; tableReads: string[]; templateLookups: number }> {
  const all = tables.map((table) => {
    const reads = (table as { [TABLE_READS]?: TableReads })[TABLE_READS];
    if (!reads) throw new Error('lookupsDuring: a table not built by countingCore (is core mocked with it?)');
    return reads;
  });
  const original = client.operations.get;
  let templateLookups = 0;
  const operations = client.operations as Map<string, unknown>;
  operations.get = (key: string) => {
    templateLookups += 1;
    return original.call(operations, key);
  };
  for (const reads of all) {
    reads.names.length = 0;
    reads.counting = true;
  }
  try {
    const result = await call();
    return { result, tableReads: all.flatMap((reads) => reads.names), templateLookups };
  } finally {
    for (const reads of all) reads.counting = false;
    delete (operations as { get?: unknown }).get;
  }
}

/** A plugin that records the row (`ctx.operation`) every per-attempt step of a call sees. */
export function rowSpy(seen: OperationRow[]): ClientPlugin {
  return {
    name: 'test:rows',
    middleware: (['quota', 'auth', 'build', 'transport', 'deserialize'] as const).map((step) => ({
      step,
      name: `test:rows:${step}`,
      position: 'first' as const,
      middleware: async (ctx: { operation: OperationRow }, next: () => Promise<unknown>) => {
        seen.push(ctx.operation);
        return next();
      },
    })),
  };
}
