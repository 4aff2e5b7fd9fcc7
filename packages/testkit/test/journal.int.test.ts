import { AssertionError } from 'node:assert';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordToken } from '../src/emulator-token.js';
import { journalOf } from '../src/journal.js';

let emulator: RunningEmulator;
let base: string;
const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';

beforeAll(async () => {
  emulator = await startEmulator();
  base = emulator.urls.http;
});
afterAll(() => emulator.close());

async function getLists(bearer: string): Promise<number> {
  const res = await fetch(`${base}${LISTS}`, { headers: { authorization: `Bearer ${bearer}` } });
  await res.arrayBuffer();
  return res.status;
}

describe('journalOf (testkit assertions on the request journal)', () => {
  it('since(mark) sees only what followed the mark; servedBy takes a protocol or an operation id', async () => {
    const bearer = await passwordToken(emulator);
    await getLists(bearer);
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await getLists(bearer);
    await fetch(`${base}/frontend/Xmlchksubscriber.aspx?list=1&email=a@example.com`);
    const after = journal.since(mark);
    expect(after.entries().map((e) => e.operation)).toEqual([
      'rest:GET Console/User/Lists',
      'frontend:Xmlchksubscriber',
    ]);
    expect(after.servedBy('rest')).toHaveLength(1);
    expect(after.servedBy('rest:GET *')).toHaveLength(1);
    expect(after.servedBy('frontend:Xmlchksubscriber')[0]?.status).toBe(200);
    expect(journal.servedBy('rest:GET Console/User/Lists').length).toBeGreaterThanOrEqual(2);
    expect(after.expectServedBy('frontend', /^$/).path).toContain('email=a@example.com');
    expect(() => after.expectServedBy('soap')).toThrow(
      /expected a request served by soap; the emulator saw:\n {2}#\d+ rest:GET/,
    );
  });

  it('expectSentOnce passes for one request and fails, listing what was seen, for none or two', async () => {
    const bearer = await passwordToken(emulator);
    const journal = journalOf(emulator);
    const once = journal.since(journal.mark());
    await getLists(bearer);
    expect(once.expectSentOnce('rest:GET Console/User/Lists').status).toBe(200);
    await getLists(bearer);
    expect(() => once.expectSentOnce('rest:GET Console/User/Lists')).toThrow(AssertionError);
    expect(() => once.expectSentOnce('rest:GET Console/User/Lists')).toThrow(/exactly once, it did 2 times/);
    expect(() => once.expectSentOnce('txmail:sendmessage')).toThrow(/it did 0 times/);
  });

  it('expectSentOnce can match the redacted request body, by text, pattern or predicate', async () => {
    const journal = journalOf(emulator);
    const view = journal.since(journal.mark());
    for (const subject of ['first', 'second']) {
      await fetch(`${base}/API/v2.0/messages/sendmessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Subject: subject, User: { Username: 'nobody', Secret: 'not-the-secret' } }),
      });
    }
    expect(view.expectSentOnce('txmail:sendmessage', '"Subject":"first"').status).toBe(401);
    expect(view.expectSentOnce('txmail:sendmessage', /"second"/).request.body.text).toContain('[REDACTED]');
    expect(() => view.expectSentOnce('txmail:sendmessage', (e) => e.status === 401)).toThrow(/2 times/);
  });

  it('expectNoRequests passes on a quiet view and names the requests otherwise', async () => {
    const journal = journalOf(emulator);
    const quiet = journal.since(journal.mark());
    quiet.expectNoRequests();
    await fetch(`${base}/frontend/Xmlchksubscriber.aspx?list=1&email=b@example.com`);
    expect(() => quiet.expectNoRequests()).toThrow(
      /expected no request; the emulator saw:\n {2}#\d+ frontend:Xmlchksubscriber → 200/,
    );
  });
});
