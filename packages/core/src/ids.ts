/**
 * A random call id (RFC 4122 version 4 layout) from `globalThis.crypto.getRandomValues`, which exists in every
 * browser context and in Node; `crypto.randomUUID` exists only in secure contexts (a page on plain http off
 * loopback lacks it), so it is not used.
 */
export function newCallId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
