import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { configFromEnv, MAILUP_ENV } from '../src/config/env-table.js';

function errorOf(env: Record<string, string>): MailUpError {
  try {
    configFromEnv(env);
  } catch (error) {
    if (MailUpError.is(error, 'validation')) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

const ALL = Object.fromEntries(MAILUP_ENV.map((v) => [v.name, v.example]));

describe('the MAILUP_* table', () => {
  it('names every variable once, each with a field, a description and an example; secrets only as placeholders', () => {
    const names = MAILUP_ENV.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of MAILUP_ENV) {
      expect(v.name).toMatch(/^MAILUP_[A-Z_]+$/);
      expect(v.field && v.description && v.example, v.name).toBeTruthy();
      if (v.secret) expect(v.example, v.name).toMatch(/^<.+>$/);
    }
    expect(MAILUP_ENV.filter((v) => v.secret).map((v) => v.name)).toEqual([
      'MAILUP_CLIENT_SECRET',
      'MAILUP_API_PASSWORD',
      'MAILUP_SMTP_PASSWORD',
      'MAILUP_SMS_LIST_SECRET',
    ]);
  });

  it('reads every variable of the table into its field (the examples are valid values)', () => {
    const config = configFromEnv(ALL) as unknown as Record<string, unknown>;
    expect(config).toMatchObject({
      account: 51234,
      oauth: { clientId: 'a1b2c3d4', clientSecret: '<client secret>' },
      soap: { user: 'a51234', password: '<API password>', consoleId: 51234 },
      smtpPlus: { user: 's51234_1', password: '<SMTP+ password>' },
      sms: { 1: { listGuid: '0b1c2d3e-0000-4000-8000-000000000001', listSecret: '<list secret>' } },
      consoleUrl: 'http://abcd.emailsp.net',
      allowInsecureHttp: true,
      listGuids: { 1: '0b1c2d3e-0000-4000-8000-000000000001', 2: '0b1c2d3e-0000-4000-8000-000000000002' },
      baseUrls: {
        rest: 'https://services.mailup.com',
        soap: 'https://wsvc.ss.mailup.it',
        sendApi: 'https://send.mailup.com',
        smsApi: 'https://sendsms.mailup.com',
        smtp: { host: 'in.smtpok.com', port: 587 },
      },
      stores: {
        tokenFile: '/var/lib/app/mailup-tokens.json',
        quotaFile: '/var/lib/app/mailup-quota.json',
        redisUrl: 'redis://127.0.0.1:6379/0',
      },
      migrate: { from: 'soap', to: 'rest', operations: ['MailupSend.GetLists', 'MailupManage.CreateGroup'] },
      switchedOff: ['frontend', 'import'],
      allowPartial: ['lists.all', 'recipients.subscribe'],
      maxWaitMs: 10000,
      timeoutMs: 30000,
      proxy: 'http://proxy.internal:3128',
      tls: { ca: '-----BEGIN CERTIFICATE-----…' },
      userAgent: 'my-app/1.0',
    });
  });

  it('takes the account from the API user, ignores empty and foreign variables, and reads off / all-same', () => {
    const config = configFromEnv({
      MAILUP_API_USER: 'a777',
      MAILUP_API_PASSWORD: 'pw',
      MAILUP_CLIENT_ID: '',
      MAILUP_EMULATOR_HOST: 'x',
      MAILUP_PROXY: 'off',
      MAILUP_MIGRATE: 'all-same',
      MAILUP_ALLOW_PARTIAL: 'true',
    });
    expect(Object.keys(config).sort()).toEqual(['account', 'allowPartial', 'migrate', 'proxy', 'soap']);
    expect(config).toMatchObject({
      account: 777,
      soap: { user: 'a777', password: 'pw' },
      proxy: false,
      migrate: { from: 'soap', to: 'rest', operations: 'all-same' },
      allowPartial: true,
    });
  });
});

describe('a bad environment is a validation error naming the variable, never showing a secret', () => {
  it('no account at all', () => {
    expect(errorOf({}).message).toContain('MAILUP_ACCOUNT_ID');
  });

  it('half a credential pair names the missing half, without the present secret', () => {
    const secret = 'S3cr3t-value-123';
    const e = errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_CLIENT_SECRET: secret });
    expect(e.message).toContain('MAILUP_CLIENT_ID');
    expect(e.details).toMatchObject({ variable: 'MAILUP_CLIENT_ID' });
    expect(`${e.message} ${inspect(e)} ${JSON.stringify(e)}`).not.toContain(secret);
    expect(
      errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_SMS_LIST_ID: '1', MAILUP_SMS_LIST_SECRET: secret }).message,
    ).toContain('MAILUP_SMS_LIST_GUID');
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_SMTP_PORT: '25' }).message).toContain('MAILUP_SMTP_HOST');
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_CONSOLE_ID: '25' }).message).toContain('MAILUP_API_USER');
  });

  it('a secret with a line break is refused without its value', () => {
    const secret = 'line1\nline2-S3cr3t';
    const e = errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_API_USER: 'a1', MAILUP_API_PASSWORD: secret });
    expect(e.message).toContain('MAILUP_API_PASSWORD');
    expect(inspect(e)).not.toContain('S3cr3t');
  });

  it('bad plain values are named and shown; URLs are never shown (they may carry a password)', () => {
    expect(errorOf({ MAILUP_ACCOUNT_ID: 'abc' }).message).toBe(
      'MAILUP_ACCOUNT_ID must be a positive integer (got "abc")',
    );
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_ALLOW_INSECURE_HTTP: 'maybe' }).message).toContain(
      'MAILUP_ALLOW_INSECURE_HTTP must be true or false',
    );
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_SWITCHED_OFF: 'rest,fax' }).message).toContain('"fax"');
    const redis = errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_REDIS_URL: 'http://:hunter2@redis' });
    expect(redis.message).toContain('MAILUP_REDIS_URL must be a redis: or rediss: URL');
    expect(inspect(redis)).not.toContain('hunter2');
    const proxy = errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_PROXY: 'not a url :hunter2@' });
    expect(inspect(proxy)).not.toContain('hunter2');
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_MIGRATE: 'MailupSend.GetListIdentity' }).message).toMatch(
      /^MAILUP_MIGRATE .*GetListIdentity.*no REST operation/,
    );
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_TLS_CA: 'not pem' }).message).toContain('MAILUP_TLS_CA');
    expect(errorOf({ MAILUP_ACCOUNT_ID: '1', MAILUP_LIST_GUIDS: '1=nope' }).message).toContain('MAILUP_LIST_GUIDS');
  });
});

describe('the config configFromEnv returns keeps its secrets out of printouts', () => {
  it('secrets and password-carrying URLs read as properties but never show in inspect or JSON', () => {
    const env = {
      MAILUP_ACCOUNT_ID: '1',
      MAILUP_CLIENT_ID: 'cid',
      MAILUP_CLIENT_SECRET: 'S3cret-oauth',
      MAILUP_API_USER: 'a1',
      MAILUP_API_PASSWORD: 'S3cret-api',
      MAILUP_SMTP_USER: 's1_1',
      MAILUP_SMTP_PASSWORD: 'S3cret-smtp',
      MAILUP_SMS_LIST_ID: '2',
      MAILUP_SMS_LIST_GUID: '0b1c2d3e-0000-4000-8000-000000000001',
      MAILUP_SMS_LIST_SECRET: 'S3cret-sms',
      MAILUP_REDIS_URL: 'redis://:S3cret-redis@127.0.0.1:6379',
      MAILUP_PROXY: 'http://u:S3cret-proxy@proxy:3128',
    };
    const config = configFromEnv(env);
    expect(config.oauth?.clientSecret).toBe('S3cret-oauth');
    expect(config.soap?.password).toBe('S3cret-api');
    expect(config.smtpPlus?.password).toBe('S3cret-smtp');
    expect(config.sms?.[2]?.listSecret).toBe('S3cret-sms');
    expect(config.stores?.redisUrl).toBe(env.MAILUP_REDIS_URL);
    expect(config.proxy).toBe(env.MAILUP_PROXY);
    const printed = `${inspect(config, { depth: 10, showHidden: true })} ${JSON.stringify(config)}`;
    expect(printed).not.toContain('S3cret');
    expect(printed).toContain('cid');
  });
});
