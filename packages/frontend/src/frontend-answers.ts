import { MailUpError, type RequestSummary } from '@mailup-kit/core';
import { type FrontendPage, frontendError } from '@mailup-kit/core/catalogue';

/** What xmlSubscribe.aspx / subscribe.aspx did. */
export type SubscribeOutcome = 'subscribed' | 'pending' | 'already-subscribed';
/** A recipient's status on a list (Xmlchksubscriber.aspx). */
export type SubscriberStatus = 'subscribed' | 'unsubscribed' | 'pending' | 'not-subscribed';
/** What Xmlunsubscribe.aspx did: `not-subscribed` is its code 3 (unknown recipient or already unsubscribed). */
export type UnsubscribeOutcome = 'unsubscribed' | 'not-subscribed';

/** The hint every `-1011` carries. */
export const IP_HINT =
  'register this machine’s IP for the FrontEnd web service: GET http://<console host>/frontend/WSActivation.aspx?usr=<API user>&pwd=<API password>&nl_url=<console host>&ws_name=FrontEnd (or in the console: Settings > Account settings > Developer’s corner > Web services > FrontEnd)';

/**
 * Phrases of xmlSubscribe.aspx's text answer (`retCode=0`), matched case-insensitively, tried in this order.
 * MailUp does not document its wording: these cover the documented meanings and the emulator's wording.
 */
const TEXT_CODES: ReadonlyArray<readonly [RegExp, number]> = [
  [/ip not (registered|allowed)/i, -1011],
  [/already subscribed|già iscritt/i, 3],
  [/invalid (email|e-mail|address|mobile)|not valid|non valid/i, 2],
  [/\berror\b|errore/i, 1],
  [/confirm|conferm/i, 0],
  [/subscri|iscrizione|success/i, 0],
];

/** The code in a page's body: a bare number, or (xmlSubscribe text answers) the code its wording means. */
export function answerCode(page: FrontendPage, body: string, textAllowed: boolean, request?: RequestSummary): number {
  const trimmed = body.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (textAllowed) {
    const plain = trimmed.replace(/<[^>]*>/g, ' ');
    for (const [pattern, code] of TEXT_CODES) if (pattern.test(plain)) return code;
  }
  throw new MailUpError({
    kind: 'permanent',
    protocol: 'frontend',
    operation: `${page}.aspx`,
    message: `${page}.aspx: the answer is neither a number nor a known text`,
    request,
    details: { body: trimmed.slice(0, 200) },
  });
}

/** The typed error for an error code of a page (the `-1011` one with {@link IP_HINT}). */
export function pageError(page: FrontendPage, code: number, request?: RequestSummary): MailUpError {
  const error = frontendError(page, code, { operation: `${page}.aspx`, request, httpStatus: 200 });
  const base =
    error ??
    new MailUpError({
      kind: 'permanent',
      protocol: 'frontend',
      operation: `${page}.aspx`,
      message: `unexpected ${code}`,
    });
  if (code !== -1011) return base;
  return base.with({ message: `${base.message}: ${IP_HINT}`, details: { ...base.details, hint: IP_HINT } });
}
