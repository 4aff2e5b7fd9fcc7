/** The longest address SMTP carries (RFC 5321 §4.5.3.1.3: a 256-octet path less its angle brackets). */
export const MAX_EMAIL_LENGTH = 254;
/** The longest local part (before `@`), RFC 5321 §4.5.3.1.1. */
export const MAX_EMAIL_LOCAL_LENGTH = 64;

/**
 * Characters never accepted in an address: whitespace, controls, a second `@`, and the ones that are structure in
 * headers and MailUp's fields (`<>(),;:"[]\`). A single character class searched once: linear, no backtracking.
 */
const FORBIDDEN = /[\s\p{Cc}@<>(),;:"[\]\\]/u;

/**
 * True when `value` is a plain email address as every client sends it to MailUp: `local@domain`, at most
 * {@link MAX_EMAIL_LENGTH} characters (local part at most {@link MAX_EMAIL_LOCAL_LENGTH}), one `@`, no
 * whitespace, control or structural character (`<>(),;:"[]\`), and a domain with a dot that is neither its first nor
 * its last character. Quoted local parts and address literals are refused (MailUp's fields do not take them).
 *
 * The length is checked before anything else, and the rest is a constant number of linear scans, so hostile input
 * (a megabyte of dots) costs one pass at most: the earlier per-client patterns backtracked quadratically.
 * Browser-safe.
 *
 * @example
 * ```ts
 * isEmailAddress('ann@example.com'); // true
 * isEmailAddress('ann@localhost'); // false: no dot in the domain
 * ```
 */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string' || value.length < 5 || value.length > MAX_EMAIL_LENGTH) return false;
  const at = value.indexOf('@');
  if (at < 1 || at > MAX_EMAIL_LOCAL_LENGTH) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (FORBIDDEN.test(local) || FORBIDDEN.test(domain)) return false; // also refuses a second '@'
  const dot = domain.indexOf('.', 1);
  return dot > 0 && dot < domain.length - 1;
}
