import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { journalOf } from '@mailup-kit/testkit/journal';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailUp, type MigrationStage } from '../src/index.js';
import { facade, seededConfig } from './support.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

/** The protocols the journal saw for `fn` (OAuth token calls left out). */
async function servedBy(fn: () => Promise<unknown>): Promise<string[]> {
  const journal = journalOf(emulator);
  const mark = journal.mark();
  await fn();
  return [
    ...new Set(
      journal
        .since(mark)
        .entries()
        .filter((e) => e.operation !== 'oauth:token')
        .map((e) => e.operation.split(':')[0] as string),
    ),
  ];
}

describe('the migration stage routes a SOAP system to REST one operation at a time', () => {
  it('an operation stays on SOAP until the stage lists it, then REST serves it; plan() says why', async () => {
    const stages: MigrationStage[] = [
      { from: 'soap', to: 'rest', operations: [] },
      { from: 'soap', to: 'rest', operations: ['MailupSend.GetLists'] },
    ];
    const seen: string[][] = [];
    for (const migrate of stages) {
      const mailup = await facade(emulator, { migrate });
      try {
        const plan = await mailup.plan('lists.all');
        expect(plan.migration).toMatch(/MailupSend\.GetLists|migrate/);
        seen.push(await servedBy(() => mailup.lists.all().toArray()));
        expect(plan.choice).toBe(seen.at(-1)?.[0]);
      } finally {
        await mailup.close();
      }
    }
    expect(seen).toEqual([['soap'], ['rest']]);
  });

  it('without a stage the catalogue order holds and plan() says nothing of migration', async () => {
    const mailup = await facade(emulator);
    try {
      const plan = await mailup.plan('lists.all');
      expect(plan.migration).toBeUndefined();
      expect(plan.choice).toBe('rest');
    } finally {
      await mailup.close();
    }
  });

  it('mailup.legacy answers the SOAP shape whichever member serves it', async () => {
    const soapSide = await facade(emulator);
    const restSide = await facade(emulator, {
      migrate: { from: 'soap', to: 'rest', operations: ['MailupSend.GetLists'] },
    });
    try {
      expect(soapSide.legacy?.route('MailupSend.GetLists').via).toBe('soap');
      expect(restSide.legacy?.route('MailupSend.GetLists').via).toBe('rest');
      const a = await soapSide.legacy?.call('MailupSend.GetLists', {});
      const b = await restSide.legacy?.call('MailupSend.GetLists', {});
      expect(b).toEqual(a);
    } finally {
      await soapSide.close();
      await restSide.close();
    }
  });

  it('a bad stage is a validation error naming the field, before anything is built', () => {
    const bad = { from: 'soap', to: 'rest', operations: ['MailupSend.NoSuchMethod'] } as unknown as MigrationStage;
    let error: unknown;
    try {
      new MailUp(seededConfig(emulator, { migrate: bad }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailUpError);
    expect((error as MailUpError).kind).toBe('validation');
    expect((error as MailUpError).details).toMatchObject({ field: 'migrate' });
  });
});

describe('MailUp.fromEnv', () => {
  it('builds a working facade from MAILUP_* variables, with the token file as its store', async () => {
    const a = emulator.store.seeded;
    const dir = mkdtempSync(join(tmpdir(), 'mailup-fromenv-'));
    try {
      const env = {
        MAILUP_ACCOUNT_ID: String(a.id),
        MAILUP_CLIENT_ID: a.oauthClient.clientId,
        MAILUP_CLIENT_SECRET: a.oauthClient.clientSecret,
        MAILUP_BASE_URL: emulator.urls.http,
        MAILUP_TOKEN_FILE: join(dir, 'tokens.json'),
      };
      const mailup = MailUp.fromEnv(env);
      try {
        expect(inspect(mailup, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(
          a.oauthClient.clientSecret,
        );
        const tokens = mailup.tokens;
        const oauth = mailup.oauth;
        if (!tokens || !oauth) throw new Error('fromEnv built no REST member');
        await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
        expect(await servedBy(() => mailup.lists.all().toArray())).toEqual(['rest']);
      } finally {
        await mailup.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad variable is named, its secret never shown; a Redis URL without its stores is refused', () => {
    const refuse = (env: Record<string, string>): MailUpError => {
      try {
        MailUp.fromEnv(env);
      } catch (e) {
        return e as MailUpError;
      }
      throw new Error('fromEnv accepted it');
    };
    const half = refuse({ MAILUP_ACCOUNT_ID: '51234', MAILUP_CLIENT_SECRET: 'sekret-value-1' });
    expect(half.kind).toBe('validation');
    expect(half.message).toContain('MAILUP_CLIENT_ID');
    expect(inspect(half, { depth: Number.POSITIVE_INFINITY })).not.toContain('sekret-value-1');
    const redis = refuse({ MAILUP_ACCOUNT_ID: '51234', MAILUP_REDIS_URL: 'redis://:pw-secret@127.0.0.1:6379' });
    expect(redis.message).toContain('MAILUP_REDIS_URL');
    expect(inspect(redis, { depth: Number.POSITIVE_INFINITY })).not.toContain('pw-secret');
  });
});
