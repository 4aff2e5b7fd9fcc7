import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailUpError } from '@mailup-kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EMPTY_SEED,
  EMULATOR_ENV,
  EmulatorStore,
  resolveLaunchOptions,
  SAMPLE_SEED,
  startEmulator,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mailup-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the seeded account is data', () => {
  it('the default is the empty seed: lists, a group and a template each, an SMTP+ user, nothing else', () => {
    const data = new EmulatorStore().account(51234);
    expect([...data.lists.values()].map((l) => l.name)).toEqual(['Newsletter', 'Customers']);
    expect([...data.groups.values()].map((g) => [g.id, g.listId])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect([...data.templates.values()].map((t) => [t.id, t.listId, t.name])).toEqual([
      [1, 1, 'Basic template'],
      [2, 2, 'Basic template'],
    ]);
    expect([data.recipients.size, data.messages.size, data.tags.size, data.smsListSecrets.size]).toEqual([0, 0, 0, 0]);
    expect([...data.smtpUsers.keys()]).toEqual(['s51234_1']);
  });

  it('the sample seed has recipients on lists 1 and 2 in every state, groups with members, messages, templates, tags and SMS', () => {
    const data = new EmulatorStore({ seed: 'sample' }).account(51234);
    for (const listId of [1, 2]) {
      for (const status of ['subscribed', 'unsubscribed', 'pending'] as const) {
        expect(data.recipientIdsOf(listId, status).length, `list ${listId} ${status}`).toBeGreaterThan(0);
      }
      expect([...data.messages.values()].filter((m) => m.listId === listId).length).toBeGreaterThan(0);
      expect([...data.templates.values()].filter((t) => t.listId === listId).length).toBe(2);
      expect([...data.tags.values()].filter((t) => t.listId === listId).length).toBeGreaterThan(0);
      expect(data.list(listId).smsSenderName).toMatch(/^[A-Za-z0-9]{1,11}$/);
      expect(data.smsListSecret(listId)).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(data.recipientIdsOf(1, 'subscribed', 'sms').length).toBeGreaterThan(0);
    const testImport = [...data.groups.values()].find((g) => g.listId === 1 && g.name === 'test import');
    expect([...data.groupMembers.values()].filter((m) => m.groupId === testImport?.id).length).toBeGreaterThan(0);
    // fresh secrets at every start
    expect(new EmulatorStore({ seed: 'sample' }).account(51234).smsListSecret(1)).not.toBe(data.smsListSecret(1));
  });

  it('--seed / MAILUP_EMULATOR_SEED take empty, sample or a JSON file, and refuse anything else as a usage error', () => {
    expect(resolveLaunchOptions({ seed: 'sample' }, {}).account).toEqual({ seed: SAMPLE_SEED });
    expect(resolveLaunchOptions({}, { [EMULATOR_ENV.seed]: 'sample' }).account).toEqual({ seed: SAMPLE_SEED });
    // The command lines default to the sample seed (an account with content); `empty` is asked for by name.
    expect(resolveLaunchOptions({}, {}).account).toEqual({ seed: SAMPLE_SEED });
    expect(resolveLaunchOptions({ seed: 'empty' }, {}).account).toEqual({ seed: EMPTY_SEED });
    const file = join(dir, 'account.json');
    const seed = {
      lists: [{ name: 'Shop', smsListSecret: true }],
      recipients: [{ email: 'a@example.com', lists: { '1': 'pending' } }],
    };
    writeFileSync(file, JSON.stringify(seed));
    expect(resolveLaunchOptions({ seed: file }, {}).account).toEqual({ seed });

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      '{"lists": [{"name": "x"}], "recipients": [{"email": "a@example.com", "lists": {"1": "gone"}}]}',
    );
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'lists: []');
    for (const [value, message] of [
      [join(dir, 'missing.json'), /--seed must be empty, sample or a readable JSON seed file; .*ENOENT/],
      [bad, /recipients\[0\]\.lists\.1 must be subscribed, unsubscribed or pending/],
      [notJson, /is not a seed/],
    ] as const) {
      const error = (() => {
        try {
          resolveLaunchOptions({ seed: value }, {});
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(MailUpError);
      expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(message) });
    }
  });

  it('startEmulator refuses a seed that does not hold together with a validation MailUpError', async () => {
    const error = await startEmulator({
      account: {
        seed: { lists: [{ name: 'One' }], recipients: [{ email: 'a@example.com', lists: { '7': 'subscribed' } }] },
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailUpError);
    expect(error).toMatchObject({ kind: 'validation', message: expect.stringContaining('names list 7, not seeded') });
  });
});
