import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('REST policy through RestClient: limits, renewal, contract, sends never repeated', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let limiter: Limiter;

  beforeEach(async () => {
    emulator = await startEmulator();
    limiter = new Limiter({ account: emulator.store.seeded.id });
    session = await restSession(emulator, { limiter });
  });
  afterEach(async () => {
    session.close();
    await limiter.close();
    await emulator.close();
  });

  it('paces 12 quick reads of one method to 5/s: every call served, the emulator refused none', async () => {
    const groups = await Promise.all(Array.from({ length: 12 }, () => session.rest.groups.list(1).page()));
    expect(groups.every((g) => g.Items.length === 1)).toBe(true);
    expect(await emulator.control.action('throttle.stats', {})).toEqual({ refused: {} });
  });

  it('stop sending is 1 per 30 s: a second stop fails at once with quota-exhausted and is never sent', async () => {
    const { rest } = session;
    const m = await rest.emails.create(1, { Subject: 'Stop me' });
    await rest.recipients.add(1, { Email: 'stop@example.com' });
    await rest.sendings.toList(1, m.idMessage, { datetime: new Date(Date.now() + 86_400_000) });
    await rest.sendings.toList(1, m.idMessage, { datetime: new Date(Date.now() + 86_400_000) });
    const [a, b] = (await rest.sendings.queue('Deferred').toArray()).map((s) => s.idSending);
    await rest.sendings.stop(a ?? 0);
    const second = await rest.sendings.stop(b ?? 0).catch((e: unknown) => e);
    expect(second).toMatchObject({ kind: 'quota-exhausted' });
    expect(emulator.control.counters()['rest POST Console/Email/Sendings/{idSending}/Stop']).toBe(1);
  });

  it('401 expired ⇒ exactly one renewal and one repeat', async () => {
    await session.rest.account.info();
    await emulator.control.action('oauth.expireTokens', {});
    const before = emulator.control.counters()['rest GET Console/Authentication/Info'] ?? 0;
    expect((await session.rest.account.info()).Username).toBe('m51234');
    expect((emulator.control.counters()['rest GET Console/Authentication/Info'] ?? 0) - before).toBe(2);
    expect(await emulator.control.action('oauth.stats', {})).toMatchObject({ refreshes: 1 });
  });

  it('403 "Contract not signed" is typed contract-not-signed', async () => {
    await emulator.control.action('account.contract', { signed: false });
    const error = await session.rest.lists.get(1).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'contract-not-signed', httpStatus: 403 });
  });

  it('a send whose answer is lost is ambiguous and never repeated; a read after a 503 is repeated', async () => {
    const { rest } = session;
    await rest.recipients.add(1, { Email: 'amb@example.com' });
    const m = await rest.emails.create(1, { Subject: 'Once' });
    emulator.control.addFault({
      operation: 'POST Console/List/{idList}/Email/{idMessage}/Send',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    const error = await rest.sendings.toList(1, m.idMessage).catch((e: unknown) => e);
    expect(MailUpError.is(error, 'ambiguous')).toBe(true);
    expect((error as MailUpError).sent).toBe('maybe');
    expect(emulator.control.counters()['rest POST Console/List/{idList}/Email/{idMessage}/Send']).toBe(1);
    const sendings = [...emulator.store.account(emulator.store.seeded.id).sendings.values()];
    expect(sendings.filter((s) => s.messageId === m.idMessage)).toHaveLength(1);
    emulator.control.addFault({ operation: 'GET Console/List/{idList}', action: { type: 'status', status: 503 } });
    // The first attempt got the 503 (a before-apply fault answers before the counter); the repeat was served.
    expect((await rest.lists.get(1)).IdList).toBe(1);
    expect(emulator.control.counters()['rest GET Console/List/{idList}']).toBe(1);
  });
});
