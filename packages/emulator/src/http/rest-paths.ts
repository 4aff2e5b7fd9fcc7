/**
 * MailUp's REST bases (REFERENCE §6.1): `/API/v1.1/Rest/…` and the older `/API/v1/Rest/…`, any case. Unknown
 * paths below them get MailUp's JSON error body, like the real WCF services.
 */
const REST_BASE = /^\/api\/v1(?:\.1)?\/rest(?:\/|$)/i;

/** True for a path under one of MailUp's REST bases. */
export function isRestPath(path: string): boolean {
  return REST_BASE.test(path);
}
