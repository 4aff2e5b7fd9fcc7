import { FileTokenStore } from '@mailup-kit/core/node';
import { FileQuotaStore } from '@mailup-kit/limits';
import type { MailUpConfig } from './config.js';
import { configFromEnv, type EnvConfig } from './env-table.js';
import { configError } from './validate-config.js';

/**
 * What `MailUp.fromEnv(env, overrides)` adds to the variables: anything the environment cannot carry (stores built
 * from a Redis connection, a logger, a clock) and any field to set in code instead. Overrides win field by field.
 */
export type FromEnvOverrides = Partial<MailUpConfig>;

/**
 * The {@link MailUpConfig} the `MAILUP_*` variables describe ({@link configFromEnv}; the table is
 * `docs/configuration.md`), with the file stores built: `MAILUP_TOKEN_FILE` keeps the OAuth tokens and the SOAP access
 * key, `MAILUP_QUOTA_FILE` the limiter's windows. `MAILUP_REDIS_URL` names a fleet's Redis, whose stores come from
 * `@mailup-kit/redis` (this package does not load a Redis client): pass them in `overrides` (`oauth.tokenStore`,
 * `soap.accessKeyStore`, `limiter`, `switchedOffMemory`), or the call fails naming the variable.
 */
export function mailUpConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: FromEnvOverrides = {},
): MailUpConfig {
  const e: EnvConfig = configFromEnv(env);
  const stores = e.stores ?? {};
  const tokenStore = stores.tokenFile === undefined ? undefined : new FileTokenStore({ path: stores.tokenFile });
  if (stores.redisUrl !== undefined && overrides.limiter === undefined) {
    throw configError(
      'MAILUP_REDIS_URL',
      'names a Redis for the fleet: build its stores with @mailup-kit/redis and pass them to fromEnv(env, { limiter, oauth: { tokenStore }, soap: { accessKeyStore }, switchedOffMemory })',
    );
  }
  // Secrets are getters on `e` (left out of spreads): every field is read by name.
  const config: MailUpConfig = {
    account: e.account,
    ...(e.oauth
      ? {
          oauth: {
            clientId: e.oauth.clientId,
            clientSecret: e.oauth.clientSecret,
            ...(tokenStore ? { tokenStore } : {}),
            ...overrides.oauth,
          },
        }
      : {}),
    ...(e.soap
      ? {
          soap: {
            user: e.soap.user,
            password: e.soap.password,
            ...(e.soap.consoleId === undefined ? {} : { consoleId: e.soap.consoleId }),
            ...(tokenStore ? { accessKeyStore: tokenStore } : {}),
            ...overrides.soap,
          },
        }
      : {}),
    ...(e.smtpPlus ? { smtpPlus: { user: e.smtpPlus.user, password: e.smtpPlus.password } } : {}),
    ...(e.sms
      ? {
          sms: Object.fromEntries(
            Object.entries(e.sms).map(([id, s]) => [id, { listGuid: s.listGuid, listSecret: s.listSecret }]),
          ),
        }
      : {}),
    ...(e.consoleUrl === undefined ? {} : { consoleUrl: e.consoleUrl }),
    ...(e.allowInsecureHttp === undefined ? {} : { allowInsecureHttp: e.allowInsecureHttp }),
    ...(e.listGuids === undefined ? {} : { listGuids: e.listGuids }),
    ...(e.baseUrls === undefined ? {} : { baseUrls: e.baseUrls }),
    ...(stores.quotaFile === undefined ? {} : { limiter: { store: new FileQuotaStore({ path: stores.quotaFile }) } }),
    ...(e.migrate === undefined ? {} : { migrate: e.migrate }),
    ...(e.switchedOff === undefined ? {} : { switchedOff: e.switchedOff }),
    ...(e.allowPartial === undefined ? {} : { allowPartial: e.allowPartial }),
    ...(e.maxWaitMs === undefined ? {} : { maxWaitMs: e.maxWaitMs }),
    ...(e.timeoutMs === undefined ? {} : { timeoutMs: e.timeoutMs }),
    ...(e.proxy === undefined ? {} : { proxy: e.proxy }),
    ...(e.tls === undefined ? {} : { tls: { ca: e.tls.ca } }),
    ...(e.userAgent === undefined ? {} : { userAgent: e.userAgent }),
  };
  const { oauth, soap, ...rest } = overrides;
  return {
    ...config,
    ...(config.oauth === undefined && oauth ? { oauth } : {}),
    ...(config.soap === undefined && soap ? { soap } : {}),
    ...rest,
  };
}
