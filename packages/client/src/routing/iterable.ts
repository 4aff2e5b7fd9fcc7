import type { Routed } from './router.js';

/**
 * What an iterable operation's binding answers: the first page (fetched inside the binding, so routing and
 * fallback decide on it) and the rest, read lazily from the same transport.
 */
export interface Walk<T> {
  readonly first: readonly T[];
  readonly rest?: AsyncIterator<T>;
}

/** A collection the facade routed: `for await` walks it; `routed` says how once the first page arrived. */
export interface RoutedIterable<T> extends AsyncIterable<T> {
  /** Set once the first page was served. */
  readonly routed: Routed | undefined;
  /** Every item (mind the memory for big collections: prefer `for await`). */
  toArray(): Promise<T[]>;
}

/** Starts a walk over any async iterable: its first item is read now (inside the binding), the rest later. */
export async function walk<S, T>(source: AsyncIterable<S>, map: (item: S) => T): Promise<Walk<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { first: [] };
  const rest: AsyncIterator<T> = {
    next: async () => {
      const r = await iterator.next();
      return r.done ? { done: true, value: undefined } : { done: false, value: map(r.value) };
    },
    return: async () => {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
  };
  return { first: [map(first.value)], rest };
}

/** A walk over an array already read whole (SOAP answers). */
export function walkAll<T>(items: readonly T[]): Walk<T> {
  return { first: items };
}

/** The facade's iterable over a routed walk: routing starts at the first `next()`. */
export function routedIterable<T>(start: () => Promise<{ value: Walk<T>; routed: Routed }>): RoutedIterable<T> {
  let routed: Routed | undefined;
  const iterable: RoutedIterable<T> = {
    get routed() {
      return routed;
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let page: { value: Walk<T>; routed: Routed } | undefined;
      let i = 0;
      return {
        next: async () => {
          if (page === undefined) {
            page = await start();
            routed = page.routed;
          }
          const { first, rest } = page.value;
          if (i < first.length) return { done: false, value: first[i++] as T };
          if (rest === undefined) return { done: true, value: undefined };
          return rest.next();
        },
        return: async () => {
          await page?.value.rest?.return?.();
          return { done: true, value: undefined };
        },
      };
    },
    async toArray() {
      const out: T[] = [];
      for await (const item of iterable) out.push(item);
      return out;
    },
  };
  return iterable;
}
