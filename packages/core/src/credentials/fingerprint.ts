/**
 * A short, one-way fingerprint of a secret (SHA-256, base64url, 22 characters): lets a spent refresh token be
 * recognised without keeping it. Web Crypto only, so it runs in a browser and in Node alike.
 *
 * @example
 * ```ts
 * const id = await secretFingerprint('refresh-token'); // 22 base64url characters
 * ```
 */
export async function secretFingerprint(secret: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 22);
}
