import { describe, expect, it } from 'vitest';
import { restError } from '../src/catalogue/rest-errors.js';
import { sendApiResult } from '../src/catalogue/send-api-codes.js';
import { smsResult } from '../src/catalogue/sms-codes.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import { decideRetry, type RetryDecisionInput } from '../src/retry/retry-decision.js';
import { DEFAULT_RETRY_POLICY, retryPolicy } from '../src/retry/retry-policy.js';

const NEW_429 = JSON.stringify({
  ErrorCode: '429',
  ErrorDescription:
    'Authorization error (too_many_requests): The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling config: 2.',
  ErrorName: null,
  ErrorStack: null,
});
const OLD_429 = JSON.stringify({
  ErrorCode: '429',
  ErrorDescription: 'Authorization error (too_many_requests): Too many requests. Max:5 calls per second , actual:10.',
  ErrorName: null,
  ErrorStack: null,
});

function thrown(fn: () => unknown): MailUpError {
  try {
    fn();
  } catch (error) {
    if (MailUpError.is(error)) return error;
  }
  throw new Error('expected a MailUpError');
}

/** A send whose bytes left (the server answered), failed with `error`. */
function decideSend(error: unknown, over: Partial<RetryDecisionInput> = {}) {
  return decideRetry({
    error,
    retryClass: 'send',
    attempts: 1,
    authRetries: 0,
    sent: 'maybe',
    aborted: false,
    policy: DEFAULT_RETRY_POLICY,
    random: () => 0.5,
    ...over,
  });
}

describe('a send refused by a documented throttling answer (issue 16 item 15)', () => {
  it("MailUp's REST 429, both wordings, says the call was not applied", () => {
    for (const body of [NEW_429, OLD_429]) {
      const error = restError(429, body, { operation: 'POST Console/List/{idList}/Recipients' });
      expect(error.kind).toBe('throttled');
      expect(error.details?.notApplied).toBe(true);
    }
    // The pre-2018 403 wording is the same refusal.
    expect(restError(403, OLD_429.replace('"429"', '"403"')).details?.notApplied).toBe(true);
    // Any other REST error says nothing of the kind.
    expect(restError(500, '{"ErrorDescription":"boom"}').details?.notApplied).toBeUndefined();
  });

  it('is repeated once, after the wait the server named', () => {
    const error = restError(429, NEW_429);
    expect(decideSend(error)).toEqual({ retry: true, delayMs: 291, auth: false, refusedSend: true });
    const again = decideSend(error, { attempts: 2, refusedSendRetries: 1 });
    expect(again).toMatchObject({ retry: false, reason: 'send-may-have-been-sent' });
    // Surfaces as throttled (with its wait), never as ambiguous: the server said it did not act.
    expect((again as { error: MailUpError }).error.kind).toBe('throttled');
  });

  it('the wait is bounded by the policy (below min waits min, above max gives up), attempts still count', () => {
    const error = restError(429, NEW_429);
    const policy = retryPolicy({ waitHint: { minMs: 500, maxMs: 2_000 } });
    expect(decideSend(error, { policy })).toMatchObject({ retry: true, delayMs: 500 });
    const long = restError(429, NEW_429, { headers: { 'retry-after': '60' } });
    expect(decideSend(long, { policy })).toMatchObject({ retry: false, reason: 'wait-hint-too-long' });
    expect(decideSend(error, { attempts: 3 })).toMatchObject({ retry: false, reason: 'attempts-exhausted' });
    expect(decideSend(error, { policy: retryPolicy({ maxRefusedSendRetries: 0 }) })).toMatchObject({
      retry: false,
      reason: 'send-may-have-been-sent',
    });
  });

  it('throttling answers not documented as refusals are not repeated for a send', () => {
    const soapFault = new MailUpError({
      kind: 'throttled',
      protocol: 'soap',
      operation: 'CreateNewsletter',
      message: 'CreateNewsletter: SOAP fault soap:Server: too many requests',
      retryAfterMs: 1000,
      sent: 'maybe',
    });
    const txmail = thrown(() => sendApiResult(429, '{"Status":"error","Code":"429","Message":"slow down"}'));
    const txsms = thrown(() => smsResult(429, '{"Code":"999"}'));
    for (const error of [soapFault, txmail, txsms]) {
      expect(error.kind).toBe('throttled');
      expect(decideSend(error)).toMatchObject({ retry: false, reason: 'send-may-have-been-sent' });
      // A read is repeated as before.
      expect(decideSend(error, { retryClass: 'read' })).toMatchObject({ retry: true });
    }
  });
});
