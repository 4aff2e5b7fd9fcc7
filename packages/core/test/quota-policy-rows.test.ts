import { API_USE_POLICY, findPolicyRow, MAX_SENDING_BACKLOG } from '@mailup-kit/core/catalogue';
import { describe, expect, it } from 'vitest';

const row = (protocol: Parameters<typeof findPolicyRow>[1], operation: string, input?: unknown) =>
  findPolicyRow(API_USE_POLICY, protocol, operation, input);

describe('API use policy rows', () => {
  it('has every daily SOAP row', () => {
    expect(row('soap', 'CreateNewsletter')?.limits).toEqual([{ kind: 'daily', calls: 100 }]);
    expect(row('soap', 'SendNewsletterFast')?.limits).toEqual([{ kind: 'daily', calls: 100 }]);
    expect(row('soap', 'SendNewsletter')?.limits).toEqual([{ kind: 'daily', calls: 200 }]);
  });

  it('chooses the SendSingleNewsletter limit from the input type (HTML 100/day, ID 5,000/day)', () => {
    expect(row('soap', 'SendSingleNewsletter', { type: 'ID' })).toMatchObject({ variant: 'ID' });
    expect(row('soap', 'SendSingleNewsletter', { Type: 'id' })?.limits[0]).toEqual({ kind: 'daily', calls: 5000 });
    expect(row('soap', 'SendSingleNewsletter', { type: 'HTML' })?.limits[0]).toEqual({ kind: 'daily', calls: 100 });
    // Any other (or missing) type gets the stricter limit.
    expect(row('soap', 'SendSingleNewsletter', { type: 'URL' })?.variant).toBe('HTML');
    expect(row('soap', 'SendSingleNewsletter')?.variant).toBe('HTML');
  });

  it('gives SMS SOAP methods 10/s and every other SOAP method 5/s', () => {
    expect(row('soap', 'SendDirectSMS')?.limits).toEqual([{ kind: 'rate', calls: 10, perMs: 1000 }]);
    expect(row('soap', 'sendsinglesms')?.limits).toEqual([{ kind: 'rate', calls: 10, perMs: 1000 }]);
    expect(row('soap', 'GetLists')?.limits).toEqual([{ kind: 'rate', calls: 5, perMs: 1000 }]);
  });

  it('gives REST stop/delete sending 1 call per 30 s and every other REST method 5/s', () => {
    const thirty = [{ kind: 'rate', calls: 1, perMs: 30_000 }];
    expect(row('rest', 'POST Console/Email/Sendings/{id}/Stop')?.limits).toEqual(thirty);
    expect(row('rest', 'DELETE Console/Email/Sendings/{id}')?.limits).toEqual(thirty);
    expect(row('rest', 'POST Console/Sms/Sendings/{id}/Stop')?.limits).toEqual(thirty);
    expect(row('rest', 'DELETE Console/Sms/Sendings/{sendingId}')?.limits).toEqual(thirty);
    expect(row('rest', 'GET Console/Email/Sendings/{id}')?.limits).toEqual([{ kind: 'rate', calls: 5, perMs: 1000 }]);
    expect(row('rest', 'GET Console/User/Lists')?.match).toBe('default');
  });

  it('gives transactional SMS 30/s, paces email by level of service with the 1,000,000 backlog bound', () => {
    expect(row('txsms', 'POST sms/{accountId}/{listId}')?.limits).toEqual([{ kind: 'rate', calls: 30, perMs: 1000 }]);
    for (const protocol of ['txmail', 'smtp'] as const) {
      expect(row(protocol, 'sendmessage')).toMatchObject({
        limits: [{ kind: 'level-of-service' }],
        maxBacklog: MAX_SENDING_BACKLOG,
      });
    }
    expect(MAX_SENDING_BACKLOG).toBe(1_000_000);
  });

  it('has no numeric limit for the frontend pages and no row for the OAuth endpoint', () => {
    expect(row('frontend', 'xmlSubscribe.aspx')?.limits).toEqual([]);
    expect(row('oauth', 'POST Authorization/OAuth/Token')).toBeUndefined();
  });
});
