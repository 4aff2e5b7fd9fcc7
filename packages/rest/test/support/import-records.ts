import type { ImportCheckpoint, ImportCheckpointStore, NewRecipient } from '../../src/index.js';

/** `n` distinct valid recipients, `p{from}@example.com` onwards. */
export const people = (n: number, from = 0): NewRecipient[] =>
  Array.from({ length: n }, (_, i) => ({ Email: `p${from + i}@example.com`, Name: `P ${from + i}` }));

/** What `p` rejects with, or `undefined` when it resolves. */
export const errorOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A store without a lease, as a caller would write one (a row, a key …): load returns whatever was saved. */
export function plainStore(initial?: unknown): ImportCheckpointStore & { current: unknown } {
  const store = {
    current: initial,
    load: async () => structuredClone(store.current) as ImportCheckpoint | undefined,
    save: async (cp: ImportCheckpoint) => {
      store.current = structuredClone(cp);
    },
  };
  return store;
}
