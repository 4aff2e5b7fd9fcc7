/** The longest address accepted (RFC 5321's path limit less its angle brackets) and its longest local part. */
export const EMAIL_LIMITS = Object.freeze({ maxLength: 254, maxLocalLength: 64 });

/** Characters no accepted address holds: whitespace, controls, and RFC 5322's specials outside quoted strings. */
const FORBIDDEN = /[\s\p{Cc}<>(),;:"[\]\\]/u;

/**
 * The emulator's one email-address check, for every module (REST, the Send API, SOAP SendSingleNewsletter, the
 * SOAP Import, TrialActivation, the frontend pages): at most 254 characters with a local part of at most 64, one
 * `@`, a domain holding a dot with text on both sides, and no whitespace, control character or `<>(),;:"[]\`
 * (MailUp documents no stricter rule; INFERRED). The length is checked before anything else and the rest is one
 * pass over at most 254 characters: no pattern here can backtrack, whatever the input's size.
 */
export function isEmailAddress(text: string): boolean {
  if (text.length > EMAIL_LIMITS.maxLength) return false;
  const at = text.indexOf('@');
  if (at < 1 || at > EMAIL_LIMITS.maxLocalLength || text.indexOf('@', at + 1) >= 0) return false;
  const dot = text.indexOf('.', at + 2);
  if (dot < 0 || dot >= text.length - 1) return false;
  return !FORBIDDEN.test(text);
}
