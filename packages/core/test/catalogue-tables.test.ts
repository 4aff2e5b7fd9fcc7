import { describe, expect, it } from 'vitest';
import {
  FRONTEND_PAGES,
  FRONTEND_RETURN_CODES,
  frontendAnswer,
  frontendError,
  frontendPage,
} from '../src/catalogue/frontend-codes.js';
import { IMPORT_RETURN_CODES, importReturnCodeError } from '../src/catalogue/import-codes.js';
import { SEND_API_STATUS_KINDS, sendApiResult } from '../src/catalogue/send-api-codes.js';
import { SMS_CODES, smsResult } from '../src/catalogue/sms-codes.js';
import {
  decodeWsActivationMissing,
  WSACTIVATION_RETURN_CODES,
  wsActivationError,
} from '../src/catalogue/wsactivation-codes.js';
import { ERROR_KINDS } from '../src/errors/error-kind.js';
import { MailUpError } from '../src/errors/mailup-error.js';

function thrown(fn: () => unknown): MailUpError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MailUpError);
    return error as MailUpError;
  }
  throw new Error('expected a MailUpError');
}

const allKinds = new Set<string>(ERROR_KINDS);

describe('Import ReturnCode table', () => {
  it('covers the documented ranges', () => {
    const codes = IMPORT_RETURN_CODES.map((r) => r.code);
    for (const code of [-1000, -1001, -1002, -1003, -1004, -1005, -1006, -1007, -1011, -1012, -1013, -1014])
      expect(codes).toContain(code);
    for (const code of [-100, -101, -102, -300, -301, -302, -303, -400, -401, -402, -403, -410, -450, -500, -501])
      expect(codes).toContain(code);
    for (const code of [-600, -601, -602, -603, -604]) expect(codes).toContain(code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(IMPORT_RETURN_CODES.map((r) => [r.code, r.kind, r.meaning] as const))(
    '%d ⇒ %s (%s)',
    (code, kind, meaning) => {
      expect(allKinds.has(kind as string)).toBe(true);
      const error = importReturnCodeError(code, { operation: 'NewImportProcess' })!;
      expect(error).toMatchObject({ kind, vendorCode: code, protocol: 'import', operation: 'NewImportProcess' });
      expect(error.message).toContain(meaning);
    },
  );

  it('non-negative codes are successes or ids; unknown negatives are permanent', () => {
    expect(importReturnCodeError(0)).toBeUndefined();
    expect(importReturnCodeError(1234)).toBeUndefined();
    expect(importReturnCodeError(-999)).toMatchObject({ kind: 'permanent', details: { known: false } });
  });

  it('the ones a caller acts on', () => {
    expect(importReturnCodeError(-1011)?.kind).toBe('ip-not-allowed');
    expect(importReturnCodeError(-1014)?.kind).toBe('contract-not-signed');
    expect(importReturnCodeError(-1006)?.kind).toBe('service-disabled');
    expect(importReturnCodeError(-303)?.kind).toBe('conflict');
  });
});

describe('WSActivation ReturnCode table', () => {
  it.each(WSACTIVATION_RETURN_CODES.map((r) => [r.code, r.kind ?? 'ok'] as const))('%d ⇒ %s', (code, kind) => {
    const error = wsActivationError(code);
    if (kind === 'ok') expect(error).toBeUndefined();
    else expect(error).toMatchObject({ kind, vendorCode: code });
  });

  it.each([
    [-2, ['ws_name']],
    [-4, ['usr']],
    [-8, ['pwd']],
    [-16, ['nl_url']],
    [-6, ['ws_name', 'usr']],
    [-30, ['ws_name', 'usr', 'pwd', 'nl_url']],
    [-24, ['pwd', 'nl_url']],
    [0, []],
    [-1000, []],
    [-3, []],
    [-32, []],
  ])('decodes %d as missing %j', (code, missing) => {
    expect(decodeWsActivationMissing(code)).toEqual(missing);
  });

  it('a flag combination is a validation error naming the missing parameters', () => {
    expect(wsActivationError(-12)).toMatchObject({ kind: 'validation', details: { missing: ['usr', 'pwd'] } });
    expect(wsActivationError(-1234)).toMatchObject({ kind: 'permanent', details: { known: false } });
  });
});

describe('frontend codes, per page', () => {
  const rows = FRONTEND_PAGES.flatMap((page) =>
    FRONTEND_RETURN_CODES[page].map((r) => [page, r.code, r.kind ?? r.status ?? 'ok'] as const),
  );
  it.each(rows)('%s answering %d ⇒ %s', (page, code, outcome) => {
    const row = FRONTEND_RETURN_CODES[page].find((r) => r.code === code)!;
    if (row.kind) {
      const error = thrown(() => frontendAnswer(page, `${code}\r\n`, { operation: page }));
      expect(error).toMatchObject({ kind: outcome, vendorCode: code, protocol: 'frontend' });
      expect(frontendError(page, code)?.kind).toBe(outcome);
    } else {
      const answer = frontendAnswer(page, ` ${code} `);
      expect(answer.code).toBe(code);
      expect(answer.status ?? 'ok').toBe(outcome);
      expect(frontendError(page, code)).toBeUndefined();
    }
  });

  it('the same number means different things on different pages', () => {
    expect(frontendError('xmlSubscribe', 3)?.kind).toBe('conflict');
    expect(frontendError('Xmlunsubscribe', 3)?.kind).toBe('not-found');
    expect(frontendAnswer('Xmlchksubscriber', '3').status).toBe('unsubscribed');
    expect(frontendAnswer('Xmlchksubscriber', '2').status).toBe('subscribed');
    expect(frontendAnswer('Xmlchksubscriber', '4').status).toBe('pending');
    expect(frontendAnswer('Xmlchksubscriber', '1').status).toBe('not-subscribed');
    expect(frontendError('xmlSubscribe', 2)?.kind).toBe('validation');
  });

  it('unknown numbers and non-numeric bodies are permanent errors', () => {
    expect(thrown(() => frontendAnswer('xmlUpdSubscriber', '7'))).toMatchObject({ kind: 'permanent' });
    expect(thrown(() => frontendAnswer('xmlSubscribe', '<html>oops</html>'))).toMatchObject({ kind: 'permanent' });
    expect(thrown(() => frontendAnswer('xmlSubscribe', ''))).toMatchObject({ kind: 'permanent' });
  });

  it('finds a page by name or path, case-insensitively', () => {
    expect(frontendPage('/frontend/XMLSUBSCRIBE.aspx?List=1')).toBe('xmlSubscribe');
    expect(frontendPage('xmlChkSubscriber.aspx')).toBe('Xmlchksubscriber');
    expect(frontendPage('xmlunsubscribe')).toBe('Xmlunsubscribe');
    expect(frontendPage('subscribe.aspx')).toBeUndefined();
  });
});

describe('SMS HTTP × code table', () => {
  it.each(SMS_CODES.map((r) => [r.httpStatus, r.code, r.kind ?? 'sent', r.meaning] as const))(
    'HTTP %d code %d ⇒ %s',
    (status, code, outcome, meaning) => {
      const body = JSON.stringify({ Code: String(code), Description: 'd', State: 'x', Data: { DeliveryId: 1 } });
      if (outcome === 'sent') {
        const result = smsResult(status, body);
        expect(result.code).toBe(code);
        if (code === 301) expect(result.warning).toBe(meaning);
        else expect(result.warning).toBeUndefined();
      } else {
        expect(thrown(() => smsResult(status, body, { operation: 'SendSMS' }))).toMatchObject({
          kind: outcome,
          vendorCode: code,
          httpStatus: status,
          protocol: 'txsms',
        });
      }
    },
  );

  it('falls back on the status for unknown codes and unparseable bodies', () => {
    expect(thrown(() => smsResult(400, '{"Code":"999"}'))).toMatchObject({ kind: 'validation' });
    expect(thrown(() => smsResult(503, 'Service Unavailable'))).toMatchObject({ kind: 'transient' });
    expect(thrown(() => smsResult(429, ''))).toMatchObject({ kind: 'throttled', retryAfterMs: 1_000 });
    expect(thrown(() => smsResult(401, ''))).toMatchObject({ kind: 'auth-invalid', httpStatus: 401 });
    expect(smsResult(200, '{"Code":"0","Data":{"DeliveryId":5}}').body.Data).toEqual({ DeliveryId: 5 });
  });
});

describe('Send API body codes', () => {
  it('Code "0" is success', () => {
    expect(sendApiResult(200, '{"Status":"done","Code":"0","Message":""}')).toMatchObject({ Status: 'done' });
  });
  it.each(Object.entries(SEND_API_STATUS_KINDS).map(([s, k]) => [Number(s), k] as const))(
    'HTTP %d ⇒ %s',
    (status, kind) => {
      expect(thrown(() => sendApiResult(status, { Status: 'error', Code: '5', Message: 'bad' }))).toMatchObject({
        kind,
        httpStatus: status,
        vendorCode: '5',
        protocol: 'txmail',
      });
    },
  );
  it('HTTP 200 with a non-zero Code, and odd statuses, are permanent', () => {
    expect(thrown(() => sendApiResult(200, '{"Status":"error","Code":"12","Message":"x"}'))).toMatchObject({
      kind: 'permanent',
      vendorCode: '12',
    });
    expect(thrown(() => sendApiResult(418, 'teapot'))).toMatchObject({ kind: 'permanent' });
  });
});
