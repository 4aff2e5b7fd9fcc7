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
  // No closure per id (this runs once per call).
  const x = HEX as readonly string[];
  const version = x[((b[6] as number) & 0x0f) | 0x40] as string;
  const variant = x[((b[8] as number) & 0x3f) | 0x80] as string;
  return `${x[b[0] as number]}${x[b[1] as number]}${x[b[2] as number]}${x[b[3] as number]}-${x[b[4] as number]}${x[b[5] as number]}-${version}${x[b[7] as number]}-${variant}${x[b[9] as number]}-${x[b[10] as number]}${x[b[11] as number]}${x[b[12] as number]}${x[b[13] as number]}${x[b[14] as number]}${x[b[15] as number]}`;
}
