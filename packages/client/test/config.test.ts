import { MailUpError, ManualClock } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { MailUp, type MailUpConfig, MemorySwitchedOffStore } from '../src/index.js';

const GUID = '0f3a2b1c-1111-4222-8333-944455556666';
const OK: MailUpConfig = {
  account: 51234,
  oauth: { clientId: 'id', clientSecret: 'secret' },
  soap: { user: 'a51234', password: 'pw' },
  consoleUrl: 'http://127.0.0.1:9',
  allowInsecureHttp: true,
  listGuids: { 1: GUID },
  smtpPlus: { user: 's51234_1', password: 'pw' },
  sms: { 1: { listGuid: GUID, listSecret: GUID } },
  baseUrls: { rest: 'http://127.0.0.1:9', soap: 'http://127.0.0.1:9' },
};

function fieldOf(config: unknown): string | undefined {
  try {
    new MailUp(config as MailUpConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(MailUpError);
    expect((error as MailUpError).kind).toBe('validation');
    return (error as MailUpError).details?.field as string;
  }
  throw new Error('no error');
}

describe('new MailUp(config): a bad configuration is a validation error naming the field, before anything is built', () => {
  it.each<[string, Partial<MailUpConfig> | Record<string, unknown>]>([
    ['account', { account: 0 }],
    ['oauth.clientSecret', { oauth: { clientId: 'id', clientSecret: '' } }],
    ['soap.user', { soap: { user: 'not a user', password: 'pw' } }],
    ['soap.password', { soap: { user: 'a1', password: '' } }],
    ['consoleUrl', { consoleUrl: 'abcd.emailsp.net' }],
    ['allowInsecureHttp', { allowInsecureHttp: false }],
    ['allowInsecureHttp', { soap: undefined, consoleUrl: 'http://abcd.emailsp.net', allowInsecureHttp: undefined }],
    ['listGuids.1', { listGuids: { 1: 'nope' } }],
    ['smtpPlus.user', { smtpPlus: { user: 'm51234', password: 'x' } }],
    ['sms.1.listSecret', { sms: { 1: { listGuid: GUID, listSecret: '' } } }],
    ['baseUrls.rest', { baseUrls: { rest: 'ftp://x' } }],
    ['maxWaitMs', { maxWaitMs: -1 }],
    ['prefer.lists.all[0]', { prefer: { 'lists.all': ['carrier-pigeon'] } }],
    ['switchedOff[0]', { switchedOff: ['fax'] }],
    ['switchedOffMemory.cacheMs', { switchedOffMemory: { cacheMs: -1 } }],
    ['switchedOffMemory.cacheMs', { switchedOffMemory: { cacheMs: 60_001 } }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['tls.rejectUnauthorized', { tls: { rejectUnauthorized: false } }],
    ['allowPartial', { allowPartial: 'yes' }],
  ])('%s', (field, patch) => {
    expect(fieldOf({ ...OK, ...patch })).toBe(field);
  });

  it('never echoes a secret in the error', () => {
    try {
      new MailUp({ ...OK, soap: { user: 'bad user', password: 'TOP-SECRET-PW' } });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('TOP-SECRET-PW');
      expect(String((error as Error).message)).not.toContain('TOP-SECRET-PW');
    }
  });

  it('builds only the configured members (the escape hatches) and closes them all', async () => {
    const mailup = new MailUp(OK);
    expect(mailup.rest).toBeDefined();
    expect(mailup.soap).toBeDefined();
    expect(mailup.import).toBeDefined();
    expect(mailup.frontend).toBeDefined();
    expect(mailup.txmail).toBeDefined();
    expect(mailup.smtp).toBeDefined();
    expect(mailup.sms?.get(1)).toBeDefined();
    await mailup.close();
    await mailup.close(); // idempotent
    await expect(mailup.lists.get(1)).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('closed'),
    });
    const restOnly = new MailUp({ account: 1, oauth: { clientId: 'id', clientSecret: 's' } });
    expect([restOnly.soap, restOnly.frontend, restOnly.import, restOnly.txmail, restOnly.smtp, restOnly.sms]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    await restOnly.close();
  });

  it('plan() of an unknown operation is a validation error', async () => {
    const mailup = new MailUp({ account: 1 });
    await expect(mailup.plan('lists.everything')).rejects.toMatchObject({ kind: 'validation' });
    await mailup.close();
  });
});

describe('routing order and the switched-off memory (no network)', () => {
  it('orders by the call prefer, then the configured prefer, then the catalogue; switchedOff by configuration', async () => {
    const mailup = new MailUp({ ...OK, prefer: { 'lists.all': ['import'] }, switchedOff: ['soap'] });
    const plan = await mailup.plan('lists.all');
    expect(plan.candidates.map((c) => [c.via, c.status])).toEqual([
      ['import', 'eligible'],
      ['rest', 'no-credentials'],
      ['soap', 'switched-off'],
    ]);
    expect(plan.choice).toBe('import');
    const call = await mailup.plan('lists.all', undefined, { prefer: ['rest'] });
    expect(call.candidates.map((c) => c.via)).toEqual(['rest', 'import', 'soap']);
    await mailup.close();
  });

  it('a remembered switch-off expires after its time to live; the store stays bounded', async () => {
    const clock = new ManualClock(1_000);
    const store = new MemorySwitchedOffStore({ clock, maxEntries: 2 });
    await store.set('1', 'frontend', { kind: 'ip-not-allowed', until: 2_000 });
    expect(await store.get('1', 'frontend')).toMatchObject({ kind: 'ip-not-allowed' });
    clock.advance(1_000);
    expect(await store.get('1', 'frontend')).toBeUndefined();
    for (const via of ['rest', 'soap', 'import'] as const)
      await store.set('1', via, { kind: 'service-disabled', until: 9_000 });
    expect(await store.get('1', 'rest')).toBeUndefined(); // evicted: oldest first
    expect(await store.get('1', 'import')).toBeDefined();
  });
});
