const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Ids drawn per `getRandomValues` call: one 4 KiB draw serves 256 calls (a draw per call cost ~4 % of a call). */
const POOL_IDS = 256;

/**
 * Random call ids (RFC 4122 version 4 layout) from `globalThis.crypto.getRandomValues`, which exists in every
 * browser context and in Node; `crypto.randomUUID` exists only in secure contexts (a page on plain http off
 * loopback lacks it), so it is not used. Each generator owns its pool of random bytes, drawn in batches of 4 KiB.
 */
export function callIdGenerator(): () => string {
  const pool = new Uint8Array(16 * POOL_IDS);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      globalThis.crypto.getRandomValues(pool);
      offset = 0;
    }
    const id = formatId(pool.subarray(offset, offset + 16));
    offset += 16;
    return id;
  };
}

/**
 * A random call id (RFC 4122 version 4 layout), one `getRandomValues` draw per id. A pipeline uses its own
 * {@link callIdGenerator} instead, which draws in batches.
 */
export function newCallId(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return formatId(b);
}

function formatId(b: Uint8Array): string {
  const h = (i: number) => HEX[b[i] as number] as string;
  const version = HEX[((b[6] as number) & 0x0f) | 0x40] as string;
  const variant = HEX[((b[8] as number) & 0x3f) | 0x80] as string;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${version}${h(7)}-${variant}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}
