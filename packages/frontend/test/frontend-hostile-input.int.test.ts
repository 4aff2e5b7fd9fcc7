import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrontendClient, MAX_VALUE_LENGTH } from '../src/index.js';

let emulator: RunningEmulator;
let frontend: FrontendClient;
let guid: string;

beforeAll(async () => {
  emulator = await startEmulator();
  frontend = new FrontendClient({ consoleUrl: emulator.urls.http });
  guid = emulator.store.account(emulator.store.seeded.id).list(1).guid;
});
afterAll(async () => {
  frontend.close();
  await emulator.close();
});

const good = { email: 'ok@example.com', lists: [1] };
const ref = { email: 'ok@example.com', list: 1, listGuid: '' };

/** Each case is a call MailUp would silently mangle or refuse: it must fail as `validation` before any byte leaves. */
const cases: Array<[string, () => Promise<unknown>]> = [
  ['";" inside a field value', () => frontend.subscribe({ ...good, fields: { campo1: 'a;b' } })],
  ['"--" inside a field value', () => frontend.subscribe({ ...good, fields: { campo1: "x'--" } })],
  ['CR/LF in a field value', () => frontend.subscribe({ ...good, fields: { campo1: 'a\r\nBcc: x' } })],
  ['CR/LF in the email', () => frontend.subscribe({ ...good, email: 'a@example.com\r\nX: y' })],
  ['CR/LF in the sender name', () => frontend.subscribe({ ...good, senderName: 'Shop\nX' })],
  ['an oversized value', () => frontend.subscribe({ ...good, fields: { campo2: 'x'.repeat(MAX_VALUE_LENGTH + 1) } })],
  ['a field name that is not a field code', () => frontend.subscribe({ ...good, fields: { name: 'Ada' } })],
  ['a field code injection', () => frontend.subscribe({ ...good, fields: { 'campo1;campo2': 'a' } })],
  ['a malformed email', () => frontend.subscribe({ ...good, email: 'no-at-sign' })],
  ['a malformed mobile number', () => frontend.subscribe({ lists: [1], sms: '333-abc' })],
  ['neither email nor sms', () => frontend.subscribe({ lists: [1] })],
  ['a non-numeric list id', () => frontend.subscribe({ ...good, lists: ['1' as unknown as number] })],
  ['a list id with injection', () => frontend.subscribe({ ...good, lists: [1.5] })],
  ['no list', () => frontend.subscribe({ ...good, lists: [] })],
  ['confirmListId outside lists', () => frontend.subscribe({ ...good, confirmListId: 2 })],
  ['a list GUID of the wrong shape', () => frontend.checkSubscriber({ ...ref, listGuid: 'not-a-guid' })],
  ['a list GUID with a suffix', () => frontend.unsubscribe({ ...ref, listGuid: `${guid}&List=2` })],
  ['a non-numeric list id on update', () => frontend.updateSubscriber({ ...ref, listGuid: guid, list: NaN })],
  ['";" in an update value', () => frontend.updateSubscriber({ ...ref, listGuid: guid, fields: { 1: 'a;b' } })],
  ['a form field with "--"', () => frontend.submitSubscribeForm({ ...good, fields: { campo1: '--' } })],
];

describe('hostile input to the frontend client', () => {
  it.each(cases)('%s ⇒ validation error, nothing sent', async (_name, call) => {
    const before = emulator.control.counters();
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailUpError);
    expect((error as MailUpError).kind).toBe('validation');
    expect((error as MailUpError).protocol).toBe('frontend');
    expect(emulator.control.counters()).toEqual(before);
  });

  it('the emulator counters do move for a valid call (the proof above can fail)', async () => {
    const before = emulator.control.counters()['frontend xmlSubscribe.aspx'] ?? 0;
    await frontend.subscribe(good);
    expect(emulator.control.counters()['frontend xmlSubscribe.aspx']).toBe(before + 1);
  });

  it('error messages never echo the refused value', async () => {
    const error = (await frontend.subscribe({ ...good, fields: { campo1: 'secret;value' } }).catch((e) => e)) as Error;
    expect(error.message).not.toContain('secret;value');
  });
});
