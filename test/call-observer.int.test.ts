import { type CallEvent, type Logger, MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { SoapClient } from '@mailup-kit/soap';
import { restSession } from '@mailup-kit/testkit/rest-session';
import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// Issue 18: one CallObserver shape for every protocol — the same base fields on every event, the call's own id and
// its parent on each, and the same sequence shape for a REST read retried after a 503, a SOAP call whose access key
// the server says expired, and an SMTP send held back by the limiter's pacing.

let emulator: RunningEmulator;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  emulator.control.reset();
  emulator.store.outbox.clear();
});
afterAll(async () => {
  await emulator.close();
});

const BASE_FIELDS = ['at', 'attempt', 'callId', 'operation', 'parentCallId', 'protocol', 'type'];

/** The observer under test: records every event; the sequence of one call is read by its call id. */
function recorder() {
  const events: CallEvent[] = [];
  return {
    observer: (event: CallEvent) => {
      events.push(event);
    },
    of: (callId: string) => events.filter((e) => e.callId === callId),
    events,
  };
}

/** What a sequence looks like independent of the protocol: the event types, and how each attempt ended. */
function shape(events: readonly CallEvent[]): string[] {
  return events.map((e) =>
    e.type === 'response'
      ? `response:${e.ok ? 'ok' : e.errorKind}`
      : e.type === 'throttled'
        ? `throttled:${e.source}`
        : e.type,
  );
}

function expectBaseFields(events: readonly CallEvent[], callId: string, parentCallId: string, protocol: string) {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    for (const field of BASE_FIELDS) expect(event, `${event.type} lacks ${field}`).toHaveProperty(field);
    expect(event.callId).toBe(callId);
    expect(event.parentCallId).toBe(parentCallId);
    expect(event.protocol).toBe(protocol);
    expect(event.operation.startsWith(`${protocol}:`) || event.type === 'credential-renewed').toBe(true);
    expect(Number.isFinite(event.at)).toBe(true);
    expect(Object.isFrozen(event)).toBe(true);
  }
}

describe('CallObserver: the same event sequence shape for every protocol', () => {
  it('a REST read with one 503 retry: request, response 503, retry, request, response ok', async () => {
    const seen = recorder();
    const session = await restSession(emulator, { observer: seen.observer, retryPolicy: { baseDelayMs: 1 } });
    closers.push(() => session.close());
    emulator.control.addFault({ operation: 'GET Console/List/{idList}', action: { type: 'status', status: 503 } });
    const list = await session.rest.lists.get(1, { callId: 'rest-read-1', parentCallId: 'facade-1' });
    expect(list.IdList).toBe(1);
    const events = seen.of('rest-read-1');
    expectBaseFields(events, 'rest-read-1', 'facade-1', 'rest');
    expect(shape(events)).toEqual(['request', 'response:transient', 'retry', 'request', 'response:ok']);
    expect(events.map((e) => e.attempt)).toEqual([1, 1, 1, 2, 2]);
    expect(events[1]).toMatchObject({ type: 'response', ok: false, status: 503 });
    expect(events[2]).toMatchObject({ type: 'retry', errorKind: 'transient' });
    expect(events[4]).toMatchObject({ type: 'response', ok: true, status: 200 });
    expect(events[0]?.operation).toBe('rest:GET Console/List/{idList}');
  });

  it('a SOAP call with an expired access key: request, response auth-expired, credential-renewed, retry, request, response ok', async () => {
    const seen = recorder();
    const { apiUser, apiPassword } = emulator.store.seeded;
    const soap = new SoapClient({
      user: apiUser,
      password: apiPassword,
      baseUrl: emulator.urls.http,
      observer: seen.observer,
      retryPolicy: { baseDelayMs: 1 },
    });
    closers.push(() => soap.close());
    expect(await soap.session.status()).toMatchObject({ state: 'absent', present: false });
    await soap.getLists();
    const status = await soap.session.status();
    expect(status).toMatchObject({ state: 'valid', present: true, renewable: true });
    expect(status.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    emulator.control.advanceClock(61 * 60_000); // the server's 60 minutes are over; the client's clock says fresh
    await soap.getLists({ callId: 'soap-call-1', parentCallId: 'facade-2' });
    const events = seen.of('soap-call-1');
    expectBaseFields(events, 'soap-call-1', 'facade-2', 'soap');
    expect(shape(events)).toEqual([
      'request',
      'response:auth-expired',
      'credential-renewed',
      'retry',
      'request',
      'response:ok',
    ]);
    const renewed = events[2];
    expect(renewed).toMatchObject({ type: 'credential-renewed', reason: 'rejected-by-server' });
    expect(renewed?.operation).toBe('soap:MailupSend.LoginFromId');
    // The login the renewal made is its own call, with its own id: none of its events carry the caller's id.
    expect(
      seen.events.filter((e) => e.operation === 'soap:MailupSend.LoginFromId' && e.type === 'request'),
    ).not.toEqual([]);
    const printed = JSON.stringify(seen.events);
    expect(printed).not.toContain(apiPassword);
    expect(printed).not.toContain(soap.session.current() as string);
  });

  it('an SMTP send paced by the limiter: throttled (client), request, response ok', async () => {
    const seen = recorder();
    const target = await smtpPlusTarget(emulator);
    // 3,600 messages per hour: one a second, so the second send waits for the first one's slot to pass.
    const limiter = new Limiter({ account: 51234, policy: { levelOfService: { smtp: 3_600 } } });
    const relay = new SmtpPlusRelay({ ...target, limiter, observer: seen.observer });
    closers.push(() => relay.close());
    const message = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Paced', text: 'Hi' };
    await relay.send(message, { callId: 'smtp-1', parentCallId: 'facade-3' });
    await relay.send(message, { callId: 'smtp-2', parentCallId: 'facade-3' });
    expect(shape(seen.of('smtp-1'))).toEqual(['request', 'response:ok']);
    const events = seen.of('smtp-2');
    expectBaseFields(events, 'smtp-2', 'facade-3', 'smtp');
    expect(shape(events)).toEqual(['throttled:client', 'request', 'response:ok']);
    const throttled = events[0];
    expect(throttled).toMatchObject({ type: 'throttled', source: 'client' });
    expect(throttled?.type === 'throttled' && throttled.waitMs > 0).toBe(true);
    expect(throttled?.type === 'throttled' && throttled.policy).toMatch(/smtp/);
    expect(emulator.store.outbox.mail).toHaveLength(2);
  });

  it('every event type carries the same base fields whatever the protocol', async () => {
    const seen = recorder();
    const session = await restSession(emulator, { observer: seen.observer, retryPolicy: { baseDelayMs: 1 } });
    closers.push(() => session.close());
    const { apiUser, apiPassword } = emulator.store.seeded;
    const soap = new SoapClient({
      user: apiUser,
      password: apiPassword,
      baseUrl: emulator.urls.http,
      observer: seen.observer,
    });
    closers.push(() => soap.close());
    await session.rest.lists.get(1, { callId: 'same-rest', parentCallId: 'p' });
    await soap.getLists({ callId: 'same-soap', parentCallId: 'p' });
    // The first SOAP call logs in on the call's behalf (its credential-renewed names it): the attempts compare.
    const keysOf = (callId: string) =>
      seen
        .of(callId)
        .filter((e) => e.type === 'request' || e.type === 'response')
        .map((e) => `${e.type}:${Object.keys(e).sort().join(',')}`);
    expect(seen.of('same-soap').map((e) => e.type)).toEqual(['credential-renewed', 'request', 'response']);
    expect(keysOf('same-rest')).toEqual(keysOf('same-soap'));
  });

  it('an observer that throws never breaks a call', async () => {
    const session = await restSession(emulator, {
      observer: () => {
        throw new Error('observer bug');
      },
    });
    closers.push(() => session.close());
    expect((await session.rest.lists.get(1)).IdList).toBe(1);
  });

  it('a validation error of the initialize step carries the call id and its parent, and reaches the logger', async () => {
    const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const log = (fields: unknown, message?: unknown) => {
      lines.push({ message: String(message), fields: fields as Record<string, unknown> });
    };
    const logger = { debug: log, info: log, warn: log, error: log } as Logger;
    const target = await smtpPlusTarget(emulator);
    const relay = new SmtpPlusRelay({ ...target, logger });
    closers.push(() => relay.close());
    const error = await relay
      .send(
        { from: 'shop@example.com', to: 'not an address', text: 'x' },
        { callId: 'bad-1', parentCallId: 'facade-4' },
      )
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'validation')).toBe(true);
    expect((error as MailUpError).request).toMatchObject({ callId: 'bad-1', parentCallId: 'facade-4' });
    expect(lines.some((l) => l.fields.callId === 'bad-1' && l.fields.kind === 'validation')).toBe(true);
    expect(emulator.store.outbox.mail).toHaveLength(0);
    // Without a caller's id, the pipeline's own id is on the error.
    const unnamed = await relay.send({ from: 'shop@example.com', to: [], text: 'x' }).catch((e: unknown) => e);
    expect((unnamed as MailUpError).request?.callId).toMatch(/\S/);
  });

  it('a REST typed method checks its arguments inside the pipeline: the validation error names the call', async () => {
    const session = await restSession(emulator);
    closers.push(() => session.close());
    const error = await session.rest.lists
      .get(0, { callId: 'bad-rest', parentCallId: 'facade-5' })
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'validation')).toBe(true);
    expect((error as MailUpError).request).toMatchObject({ callId: 'bad-rest', parentCallId: 'facade-5' });
    const send = await session.rest.sendings
      .toList(1, 1, { datetime: new Date(Number.NaN), callId: 'bad-send' })
      .catch((e: unknown) => e);
    expect((send as MailUpError).request?.callId).toBe('bad-send');
    expect(emulator.control.counters()['rest GET Console/List/{idList}'] ?? 0).toBe(0);
  });

  it('refuses a call id that is not printable ASCII, and a deadline that is not a time, before anything is sent', async () => {
    const session = await restSession(emulator);
    closers.push(() => session.close());
    const bad = await session.rest.lists.get(1, { callId: 'two\nlines' }).catch((e: unknown) => e);
    expect(MailUpError.is(bad, 'validation')).toBe(true);
    const late = await session.rest.lists.get(1, { deadline: Number.NaN }).catch((e: unknown) => e);
    expect(MailUpError.is(late, 'validation')).toBe(true);
    expect(emulator.control.counters()['rest GET Console/List/{idList}'] ?? 0).toBe(0);
  });
});
