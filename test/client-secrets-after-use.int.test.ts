import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { LegacyJsonpClient } from '@mailup-kit/jsonp/node';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { ImportClient, SoapClient } from '@mailup-kit/soap';
import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { SmsClient } from '@mailup-kit/transactional';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 16 item 2, after real use: the secrets a client only gets from the server (SOAP access keys, OAuth tokens,
// a created ListSecret) and the ones nodemailer copies onto an open connection must not print either, nor ride
// along in the errors of a failed login.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

function printed(value: unknown): string {
  let json = '';
  try {
    json = JSON.stringify(value) ?? '';
  } catch (error) {
    json = String(error);
  }
  return `${inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })}\n${json}`;
}

/** Fails naming the secret (first characters only) and where it showed. */
function expectClean(label: string, value: unknown, extra: readonly string[] = []): void {
  const text = printed(value);
  for (const secret of [...emulator.store.secrets(), ...extra]) {
    if (secret.length < 6) continue;
    const at = text.indexOf(secret);
    expect(at, `${label} printed ${secret.slice(0, 3)}…: …${text.slice(Math.max(0, at - 1500), at)}`).toBe(-1);
  }
}

describe('clients after real calls print no secret', () => {
  it('SmtpPlusRelay with open, authenticated connections', async () => {
    const target = await smtpPlusTarget(emulator);
    const relay = new SmtpPlusRelay(target);
    try {
      await relay.send({ from: 'shop@example.com', to: 'ann@example.com', subject: 'inspect', text: 'x' });
      expect((relay.client.transport as { connections?: number }).connections).toBeGreaterThan(0);
      expectClean('SmtpPlusRelay', relay, [target.password]);
    } finally {
      relay.close();
    }
  });

  it('SoapClient holding an access key', async () => {
    const a = emulator.store.seeded;
    const soap = new SoapClient({ user: a.apiUser, password: a.apiPassword, baseUrl: emulator.urls.http });
    try {
      await soap.send.call('GetLists', {});
      expect(emulator.store.accessKeys.size).toBeGreaterThan(0);
      expectClean('SoapClient', soap);
    } finally {
      await soap.close();
    }
  });

  it('SmsClient after creating and using a ListSecret', async () => {
    const a = emulator.store.seeded;
    const sms = new SmsClient({
      accountId: a.id,
      listId: 1,
      listGuid: emulator.store.account(a.id).list(1).guid,
      console: { user: a.consoleUser, password: a.consolePassword },
      baseUrl: emulator.urls.http,
    });
    try {
      const secret = await sms.createListSecret();
      await sms.send({ content: 'hi', recipient: '+393350000001', sender: 'Shop' });
      expectClean('SmsClient', sms, [secret]);
    } finally {
      sms.close();
    }
  });

  it('OAuthClient, TokenManager and RestClient after a grant and a call', async () => {
    const a = emulator.store.seeded;
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: emulator.urls.http,
    });
    const tokens = new TokenManager({
      store: new MemoryTokenStore(),
      key: 'inspect',
      refresh: (rt, signal, o) => oauth.refresh(rt, signal, o),
    });
    const rest = new RestClient({ tokens, baseUrl: emulator.urls.http });
    try {
      const set = await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword });
      await tokens.save(set);
      expect((await rest.authenticationInfo()).Username).toBe(a.consoleUser);
      const issued = [set.accessToken, set.refreshToken ?? ''];
      expectClean('OAuthClient', oauth, issued);
      expectClean('TokenManager', tokens, issued);
      expectClean('RestClient', rest, issued);
    } finally {
      rest.close();
      tokens.close();
      oauth.close();
    }
  });

  it('errors of failed logins carry no secret', async () => {
    const a = emulator.store.seeded;
    const target = await smtpPlusTarget(emulator);
    const wrong = 'Wrong-Secret-4242-xyz';
    const relay = new SmtpPlusRelay({ ...target, password: wrong });
    const soap = new SoapClient({ user: a.apiUser, password: wrong, baseUrl: emulator.urls.http });
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: wrong,
      baseUrl: emulator.urls.http,
    });
    const imports = new ImportClient({
      consoleUrl: emulator.urls.http,
      user: a.apiUser,
      password: wrong,
      allowInsecureHttp: true,
    });
    const legacy = new LegacyJsonpClient({ baseUrl: emulator.urls.http, accessKey: wrong });
    try {
      const errors = await Promise.all([
        relay.send({ from: 'shop@example.com', to: 'ann@example.com', subject: 'x', text: 'x' }).catch((e) => e),
        soap.send.call('GetLists', {}).catch((e) => e),
        oauth.passwordGrant({ username: a.consoleUser, password: wrong }).catch((e) => e),
        imports.getNlLists().catch((e) => e),
        legacy.listsRead().catch((e) => e),
      ]);
      expect(errors).toHaveLength(5);
      for (const error of errors) {
        expect(MailUpError.is(error), String(error)).toBe(true);
        expectClean(`error ${(error as MailUpError).protocol}`, error, [wrong]);
        expect(`${(error as Error).stack}`).not.toContain(wrong);
      }
    } finally {
      relay.close();
      await soap.close();
      oauth.close();
      imports.close();
      legacy.close();
    }
  });
});
