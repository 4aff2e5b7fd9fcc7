import { describe, expect, it } from 'vitest';
import { restResourceError } from '../src/index.js';

const body = (description: string) =>
  JSON.stringify({ ErrorCode: '429', ErrorDescription: description, ErrorName: null, ErrorStack: null });

describe('REST error answers typed by the client', () => {
  it('parses the stop/delete sending wording "Max: 1 calls/30 seconds" into the wait and the window', () => {
    const error = restResourceError(
      429,
      body(
        'Authorization error (too_many_requests): The call quota is exhausted. Max: 1 calls/30 seconds, actual: 2 calls/30 seconds, throttling condition expires in: 29000 ms, throttling config: 2.',
      ),
      {},
      'POST Console/Email/Sendings/{idSending}/Stop',
      0,
    );
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 29_000 });
    expect(error.details).toMatchObject({ max: 1, actual: 2, periodMs: 30_000 });
  });

  it('still parses both 5-per-second wordings', () => {
    const newer = restResourceError(
      429,
      body(
        'Authorization error (too_many_requests): The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling config: 2.',
      ),
      {},
      'GET Console/List',
      0,
    );
    expect(newer).toMatchObject({ retryAfterMs: 291, details: { max: 5, actual: 9 } });
    const older = restResourceError(
      429,
      body('Authorization error (too_many_requests): Too many requests. Max:5 calls per second , actual:10.'),
      {},
      'GET Console/List',
      0,
    );
    expect(older).toMatchObject({ retryAfterMs: 1000, details: { max: 5, actual: 10 } });
  });

  it('types 403 contract-not-signed and the If-Match answers of list deletion', () => {
    const op = 'DELETE Console/List/{idList}';
    const error = (status: number, description: string) =>
      restResourceError(
        status,
        JSON.stringify({ ErrorCode: String(status), ErrorDescription: description, ErrorName: 'x', ErrorStack: null }),
        {},
        op,
        0,
      );
    expect(
      error(403, 'Authorization error: Contract not signed, please login in console and accept terms of service.').kind,
    ).toBe('contract-not-signed');
    expect(error(403, 'Missing If-Match header.').kind).toBe('validation');
    expect(error(412, 'If-Match header content type must be: System.Guid.').kind).toBe('validation');
    expect(error(412, 'Invalid [listGuid] from If-Match header field.').kind).toBe('conflict');
  });
});
