import { MailUpError } from '@mailup-kit/core';
import { defineSecretProperty } from '@mailup-kit/core/pipeline';
import type { Via } from '../catalogue/binding.js';
import { checkMigrationStage, type MigrationStage } from '../migration/stage.js';

/** How a variable's text is read. */
export type EnvType =
  | 'string'
  | 'secret'
  | 'integer'
  | 'boolean'
  | 'url'
  | 'host'
  | 'pem'
  | 'via-list'
  | 'list-guids'
  | 'migrate'
  | 'proxy'
  | 'partial';

/** One `MAILUP_*` variable of {@link MAILUP_ENV}. */
export interface EnvVariable {
  readonly name: `MAILUP_${string}`;
  /** The configuration field it sets (dotted path in the config `configFromEnv` returns). */
  readonly field: string;
  readonly type: EnvType;
  /** A secret: never printed, never in an error message, never in the generated docs' examples. */
  readonly secret: boolean;
  /** The documentation section. */
  readonly section: 'Account' | 'Credentials' | 'Hosts' | 'Stores' | 'Routing' | 'Transport';
  readonly description: string;
  /** An example value (a placeholder for secrets). */
  readonly example: string;
}

const v = (
  name: `MAILUP_${string}`,
  field: string,
  type: EnvType,
  section: EnvVariable['section'],
  description: string,
  example: string,
): EnvVariable => ({ name, field, type, secret: type === 'secret', section, description, example });

/**
 * Every `MAILUP_*` variable `MailUp.fromEnv()` reads, as data (`docs/configuration.md` is generated from it): name,
 * config field, type, whether it is a secret, description and example. Credentials come in pairs (or the SMS
 * triple): one without the other is a `validation` error naming the missing variable.
 */
export const MAILUP_ENV: readonly EnvVariable[] = Object.freeze([
  v(
    'MAILUP_ACCOUNT_ID',
    'account',
    'integer',
    'Account',
    'The account id: the key of its quota rows and remembered switched-off services. Default: the digits of MAILUP_API_USER.',
    '51234',
  ),
  v(
    'MAILUP_CLIENT_ID',
    'oauth.clientId',
    'string',
    'Credentials',
    'OAuth 2.0 client id of the REST member.',
    'a1b2c3d4',
  ),
  v(
    'MAILUP_CLIENT_SECRET',
    'oauth.clientSecret',
    'secret',
    'Credentials',
    'OAuth 2.0 client secret (with MAILUP_CLIENT_ID).',
    '<client secret>',
  ),
  v(
    'MAILUP_API_USER',
    'soap.user',
    'string',
    'Credentials',
    'SOAP API user (MailUpSend / Manage / Report, and WSMailUpImport with MAILUP_CONSOLE_URL).',
    'a51234',
  ),
  v(
    'MAILUP_API_PASSWORD',
    'soap.password',
    'secret',
    'Credentials',
    'Password of the SOAP API user (with MAILUP_API_USER).',
    '<API password>',
  ),
  v(
    'MAILUP_CONSOLE_ID',
    'soap.consoleId',
    'integer',
    'Credentials',
    'Console id of the SOAP login. Default: the digits of MAILUP_API_USER.',
    '51234',
  ),
  v(
    'MAILUP_SMTP_USER',
    'smtpPlus.user',
    'string',
    'Credentials',
    'SMTP+ user (the relay and the Send API).',
    's51234_1',
  ),
  v(
    'MAILUP_SMTP_PASSWORD',
    'smtpPlus.password',
    'secret',
    'Credentials',
    'SMTP+ password (with MAILUP_SMTP_USER).',
    '<SMTP+ password>',
  ),
  v(
    'MAILUP_SMS_LIST_ID',
    'sms.<id>',
    'integer',
    'Credentials',
    'List id of the transactional SMS API (with MAILUP_SMS_LIST_GUID and MAILUP_SMS_LIST_SECRET).',
    '1',
  ),
  v(
    'MAILUP_SMS_LIST_GUID',
    'sms.<id>.listGuid',
    'string',
    'Credentials',
    'GUID of that list.',
    '0b1c2d3e-0000-4000-8000-000000000001',
  ),
  v(
    'MAILUP_SMS_LIST_SECRET',
    'sms.<id>.listSecret',
    'secret',
    'Credentials',
    'ListSecret of that list for the SMS API.',
    '<list secret>',
  ),
  v(
    'MAILUP_CONSOLE_URL',
    'consoleUrl',
    'url',
    'Hosts',
    'The account’s console URL: the frontend pages and WSMailUpImport live there.',
    'http://abcd.emailsp.net',
  ),
  v(
    'MAILUP_ALLOW_INSECURE_HTTP',
    'allowInsecureHttp',
    'boolean',
    'Hosts',
    'true: allow the plain-HTTP frontend pages and WSMailUpImport off loopback (they exist only over HTTP).',
    'true',
  ),
  v(
    'MAILUP_LIST_GUIDS',
    'listGuids',
    'list-guids',
    'Hosts',
    'GUIDs of lists by id (the frontend pages and WSMailUpImport name a list by id and GUID): id=guid, comma-separated.',
    '1=0b1c2d3e-0000-4000-8000-000000000001,2=0b1c2d3e-0000-4000-8000-000000000002',
  ),
  v(
    'MAILUP_BASE_URL',
    'baseUrls.rest',
    'url',
    'Hosts',
    'REST and OAuth host (default https://services.mailup.com); the same variable as the mailup command line’s.',
    'https://services.mailup.com',
  ),
  v(
    'MAILUP_SOAP_URL',
    'baseUrls.soap',
    'url',
    'Hosts',
    'MailUpSend / Manage / Report host (default https://wsvc.ss.mailup.it).',
    'https://wsvc.ss.mailup.it',
  ),
  v(
    'MAILUP_SEND_API_URL',
    'baseUrls.sendApi',
    'url',
    'Hosts',
    'Transactional email Send API host (default https://send.mailup.com).',
    'https://send.mailup.com',
  ),
  v(
    'MAILUP_SMS_API_URL',
    'baseUrls.smsApi',
    'url',
    'Hosts',
    'Transactional SMS API host (default https://sendsms.mailup.com).',
    'https://sendsms.mailup.com',
  ),
  v(
    'MAILUP_SMTP_HOST',
    'baseUrls.smtp.host',
    'host',
    'Hosts',
    'SMTP+ relay host (default in.smtpok.com).',
    'in.smtpok.com',
  ),
  v(
    'MAILUP_SMTP_PORT',
    'baseUrls.smtp.port',
    'integer',
    'Hosts',
    'SMTP+ relay port (default 587; with MAILUP_SMTP_HOST).',
    '587',
  ),
  v(
    'MAILUP_TOKEN_FILE',
    'stores.tokenFile',
    'string',
    'Stores',
    'File that keeps the OAuth tokens (one machine); the same variable as the mailup command line’s.',
    '/var/lib/app/mailup-tokens.json',
  ),
  v(
    'MAILUP_QUOTA_FILE',
    'stores.quotaFile',
    'string',
    'Stores',
    'File store of the limiter (one machine, survives restarts).',
    '/var/lib/app/mailup-quota.json',
  ),
  v(
    'MAILUP_REDIS_URL',
    'stores.redisUrl',
    'url',
    'Stores',
    'Redis shared by a fleet: limits, tokens, access keys and switched-off state (wins over the files).',
    'redis://127.0.0.1:6379/0',
  ),
  v(
    'MAILUP_MIGRATE',
    'migrate',
    'migrate',
    'Routing',
    'SOAP → REST migration stage: all-same, or the Service.Method names that move, comma-separated.',
    'MailupSend.GetLists,MailupManage.CreateGroup',
  ),
  v(
    'MAILUP_SWITCHED_OFF',
    'switchedOff',
    'via-list',
    'Routing',
    'Transports never used, comma-separated (rest, soap, import, frontend, txmail, smtp, txsms).',
    'frontend,import',
  ),
  v(
    'MAILUP_ALLOW_PARTIAL',
    'allowPartial',
    'partial',
    'Routing',
    'Operations a partial candidate may serve: true for all, or operation ids comma-separated.',
    'lists.all,recipients.subscribe',
  ),
  v(
    'MAILUP_MAX_WAIT_MS',
    'maxWaitMs',
    'integer',
    'Routing',
    'A candidate without budget within this wait is skipped (default 10000).',
    '10000',
  ),
  v('MAILUP_TIMEOUT_MS', 'timeoutMs', 'integer', 'Transport', 'Deadline of each exchange, in milliseconds.', '30000'),
  v(
    'MAILUP_PROXY',
    'proxy',
    'proxy',
    'Transport',
    'Forward proxy of every HTTP member, or off for direct (default: HTTPS_PROXY / NO_PROXY).',
    'http://proxy.internal:3128',
  ),
  v(
    'MAILUP_TLS_CA',
    'tls.ca',
    'pem',
    'Transport',
    'Extra trusted CA certificate(s), PEM text (verification is always on).',
    '-----BEGIN CERTIFICATE-----…',
  ),
  v('MAILUP_USER_AGENT', 'userAgent', 'string', 'Transport', 'User-Agent of every HTTP member.', 'my-app/1.0'),
]);

/** Where `fromEnv` keeps state (it builds the stores from these: the limiter's, the tokens', the access keys'). */
export interface EnvStores {
  tokenFile?: string;
  quotaFile?: string;
  redisUrl?: string;
}

/**
 * The configuration `configFromEnv` reads: the `MailUpConfig` fields an environment can carry (same names), plus
 * `stores` for `fromEnv` to build the file / Redis stores from.
 */
export interface EnvConfig {
  account: number;
  oauth?: { clientId: string; clientSecret: string };
  soap?: { user: string; password: string; consoleId?: number };
  smtpPlus?: { user: string; password: string };
  sms?: Record<number, { listGuid: string; listSecret: string }>;
  consoleUrl?: string;
  allowInsecureHttp?: boolean;
  listGuids?: Record<number, string>;
  baseUrls?: {
    rest?: string;
    soap?: string;
    sendApi?: string;
    smsApi?: string;
    smtp?: { host: string; port?: number };
  };
  stores?: EnvStores;
  migrate?: MigrationStage;
  switchedOff?: Via[];
  allowPartial?: boolean | string[];
  maxWaitMs?: number;
  timeoutMs?: number;
  proxy?: string | false;
  tls?: { ca: string };
  userAgent?: string;
}

const VIAS: readonly Via[] = ['rest', 'soap', 'import', 'frontend', 'txmail', 'smtp', 'txsms'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Types whose text may be shown in an error (a URL may carry a password, `redis://:secret@host`: never shown). */
const SHOWN: ReadonlySet<EnvType> = new Set(['integer', 'boolean', 'host', 'via-list', 'list-guids']);

/** A variable's name and the reason; its value only for plain types, never a secret's or a URL's. */
function bad(variable: EnvVariable, reason: string, value?: string): MailUpError {
  const shown =
    variable.secret || value === undefined || !SHOWN.has(variable.type)
      ? ''
      : ` (got ${JSON.stringify(value.slice(0, 40))})`;
  return new MailUpError({
    kind: 'validation',
    protocol: 'client',
    operation: 'MailUp.fromEnv',
    message: `${variable.name} ${reason}${shown}`,
    details: { variable: variable.name, field: variable.field },
  });
}

function missing(name: string, because: string): MailUpError {
  return new MailUpError({
    kind: 'validation',
    protocol: 'client',
    operation: 'MailUp.fromEnv',
    message: `${name} is required ${because}`,
    details: { variable: name },
  });
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses one variable's text by its type. */
function parse(variable: EnvVariable, raw: string): unknown {
  const text = variable.type === 'pem' ? raw : raw.trim();
  switch (variable.type) {
    case 'string':
    case 'secret':
      if (/[\r\n\0]/.test(text)) throw bad(variable, 'must be one line');
      return text;
    case 'integer': {
      if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > 2_147_483_647) {
        throw bad(variable, 'must be a positive integer', text);
      }
      return Number(text);
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', '1', 'yes'].includes(lower)) return true;
      if (['false', '0', 'no'].includes(lower)) return false;
      throw bad(variable, 'must be true or false', text);
    }
    case 'url':
      return url(variable, text);
    case 'host':
      if (!/^[a-z0-9.-]{1,253}$/i.test(text)) throw bad(variable, 'must be a bare host name', text);
      return text;
    case 'pem':
      if (!text.includes('-----BEGIN CERTIFICATE-----')) throw bad(variable, 'must be PEM text (BEGIN CERTIFICATE)');
      return text;
    case 'proxy':
      return text.toLowerCase() === 'off' ? false : url(variable, text);
    case 'via-list':
      return list(text).map((via) => {
        if (!VIAS.includes(via as Via)) throw bad(variable, `names an unknown transport; use ${VIAS.join(', ')}`, via);
        return via as Via;
      });
    case 'partial':
      return text.toLowerCase() === 'true' ? true : list(text);
    case 'list-guids': {
      const out: Record<number, string> = {};
      for (const pair of list(text)) {
        const [id = '', guid = ''] = pair.split('=').map((s) => s.trim());
        if (!/^\d{1,10}$/.test(id) || !GUID.test(guid))
          throw bad(variable, 'must be id=guid pairs, comma-separated', pair);
        out[Number(id)] = guid;
      }
      return out;
    }
    case 'migrate': {
      const stage = { from: 'soap', to: 'rest', operations: text === 'all-same' ? 'all-same' : list(text) } as const;
      try {
        return checkMigrationStage(stage);
      } catch (error) {
        throw bad(
          variable,
          MailUpError.is(error) ? error.message.replace(/^migrate\./, 'in operations ') : 'is invalid',
        );
      }
    }
  }
}

function url(variable: EnvVariable, text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw bad(variable, 'must be an absolute URL');
  }
  const allowed = variable.name === 'MAILUP_REDIS_URL' ? ['redis:', 'rediss:'] : ['http:', 'https:'];
  if (!allowed.includes(parsed.protocol)) throw bad(variable, `must be a ${allowed.join(' or ')} URL`);
  return text;
}

/** A URL with a password in it (`redis://:secret@host`, `http://user:secret@proxy`). */
function carriesPassword(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).password !== '';
  } catch {
    return false;
  }
}

/**
 * Sets `path` on `target`; a secret (or a URL carrying a password) becomes a non-enumerable getter (core's
 * `defineSecretProperty`): readable as a property, absent from `util.inspect`, `JSON.stringify` and spreads.
 */
function set(target: Record<string, unknown>, path: string, value: unknown, secret = false): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1) as string;
  if (secret || carriesPassword(value)) defineSecretProperty(node, last, value);
  else node[last] = value;
}

/**
 * Reads the `MAILUP_*` variables of {@link MAILUP_ENV} from `env` (pure: pass `process.env`) into the configuration
 * object `MailUp.fromEnv()` builds from. An empty variable counts as unset; variables outside the table are ignored.
 * A bad value, or half a credential pair, is a `validation` MailUpError naming the variable (`details.variable`);
 * a secret's value never appears in it. Secrets (and URLs carrying a password) are non-enumerable getters on the
 * result (core's `defineSecretProperty`): read them as properties (`config.oauth.clientSecret`); `util.inspect`,
 * `JSON.stringify` and spreads leave them out.
 *
 * @example
 * ```ts
 * const config = configFromEnv({ MAILUP_CLIENT_ID: 'id', MAILUP_CLIENT_SECRET: 's', MAILUP_ACCOUNT_ID: '51234' });
 * // { account: 51234, oauth: { clientId: 'id', clientSecret: 's' } }
 * ```
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): EnvConfig {
  const out: Record<string, unknown> = {};
  const values = new Map<string, unknown>();
  for (const variable of MAILUP_ENV) {
    const raw = env[variable.name];
    if (raw === undefined || raw.trim() === '') continue;
    values.set(variable.name, parse(variable, raw));
  }
  const get = <T>(name: string) => values.get(name) as T | undefined;
  const together = (names: readonly string[], what: string) => {
    const present = names.filter((n) => values.has(n));
    if (present.length > 0 && present.length < names.length) {
      const absent = names.find((n) => !values.has(n)) as string;
      throw missing(absent, `with ${present.join(' and ')} (${what})`);
    }
    return present.length === names.length;
  };
  if (together(['MAILUP_CLIENT_ID', 'MAILUP_CLIENT_SECRET'], 'the OAuth client')) {
    set(out, 'oauth.clientId', get('MAILUP_CLIENT_ID'));
    set(out, 'oauth.clientSecret', get('MAILUP_CLIENT_SECRET'), true);
  }
  if (together(['MAILUP_API_USER', 'MAILUP_API_PASSWORD'], 'the SOAP API user')) {
    set(out, 'soap.user', get('MAILUP_API_USER'));
    set(out, 'soap.password', get('MAILUP_API_PASSWORD'), true);
    if (values.has('MAILUP_CONSOLE_ID')) set(out, 'soap.consoleId', get('MAILUP_CONSOLE_ID'));
  } else if (values.has('MAILUP_CONSOLE_ID')) {
    throw missing('MAILUP_API_USER', 'with MAILUP_CONSOLE_ID (the SOAP API user)');
  }
  if (together(['MAILUP_SMTP_USER', 'MAILUP_SMTP_PASSWORD'], 'the SMTP+ user')) {
    set(out, 'smtpPlus.user', get('MAILUP_SMTP_USER'));
    set(out, 'smtpPlus.password', get('MAILUP_SMTP_PASSWORD'), true);
  }
  if (together(['MAILUP_SMS_LIST_ID', 'MAILUP_SMS_LIST_GUID', 'MAILUP_SMS_LIST_SECRET'], 'an SMS API list')) {
    const id = get<number>('MAILUP_SMS_LIST_ID') as number;
    set(out, `sms.${id}.listGuid`, get('MAILUP_SMS_LIST_GUID'));
    set(out, `sms.${id}.listSecret`, get('MAILUP_SMS_LIST_SECRET'), true);
  }
  if (values.has('MAILUP_SMTP_PORT') && !values.has('MAILUP_SMTP_HOST')) {
    throw missing('MAILUP_SMTP_HOST', 'with MAILUP_SMTP_PORT');
  }
  const grouped = new Set([
    'MAILUP_CLIENT_ID',
    'MAILUP_CLIENT_SECRET',
    'MAILUP_API_USER',
    'MAILUP_API_PASSWORD',
    'MAILUP_CONSOLE_ID',
    'MAILUP_SMTP_USER',
    'MAILUP_SMTP_PASSWORD',
    'MAILUP_SMS_LIST_ID',
    'MAILUP_SMS_LIST_GUID',
    'MAILUP_SMS_LIST_SECRET',
  ]);
  for (const variable of MAILUP_ENV) {
    if (grouped.has(variable.name) || !values.has(variable.name)) continue;
    set(out, variable.field, values.get(variable.name));
  }
  if (out.account === undefined) {
    const digits = /^[a-z]?(\d{1,10})$/i.exec(String(get('MAILUP_API_USER') ?? ''))?.[1];
    if (digits === undefined)
      throw missing('MAILUP_ACCOUNT_ID', '(or a MAILUP_API_USER such as a51234 to take it from)');
    out.account = Number(digits);
  }
  return out as unknown as EnvConfig;
}

/** The variables of {@link MAILUP_ENV} that hold secrets (for redaction and the docs). */
export function secretEnvNames(): string[] {
  return MAILUP_ENV.filter((v) => v.secret).map((v) => v.name);
}
