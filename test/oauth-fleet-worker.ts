// One worker of test/oauth-fleet.slow.test.ts: a separate process sharing a token store (Redis or file) with its peers.
// Protocol: reads `{"round":n,"calls":k}` lines on stdin, answers `{"round":n,"ok":x,"errors":[kinds]}` on stdout.
import { createInterface } from 'node:readline';
import { type Logger, MailUpError } from '@mailup-kit/core';
import type { TokenStore } from '@mailup-kit/core/credentials';
import { RedisTokenStore } from '@mailup-kit/redis';
import { FileTokenStore, OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker: ${name} is not set`);
  return value;
};

// Every log line goes to stderr, where the parent scans it for secrets.
const line =
  (level: string) =>
  (...args: unknown[]) =>
    process.stderr.write(`${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };

const store: TokenStore =
  process.env.FLEET_STORE === 'file'
    ? new FileTokenStore({ path: env('FLEET_TOKEN_FILE') })
    : new RedisTokenStore({ redis: env('FLEET_REDIS_URL'), prefix: env('FLEET_PREFIX') });
const oauth = new OAuthClient({
  clientId: env('FLEET_CLIENT_ID'),
  clientSecret: env('FLEET_CLIENT_SECRET'),
  baseUrl: env('FLEET_BASE_URL'),
});
const tokens = new TokenManager({ store, key: 'fleet', refresh: (rt, signal) => oauth.refresh(rt, signal), logger });
const reauth: string[] = [];
tokens.events.on('reauthorization-required', (e) => reauth.push(e.reason));
const rest = new RestClient({ tokens, baseUrl: env('FLEET_BASE_URL'), logger });

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const { round, calls } = JSON.parse(line) as { round: number; calls: number };
  if (round < 0) {
    rest.close();
    oauth.close();
    await store.close();
    lines.close();
    return;
  }
  const outcomes = await Promise.all(
    Array.from({ length: calls }, () =>
      rest.authenticationInfo().then(
        () => 'ok',
        (error: unknown) => {
          logger.error(error instanceof Error ? error.message : String(error));
          return MailUpError.is(error) ? error.kind : String(error);
        },
      ),
    ),
  );
  const errors = outcomes.filter((o) => o !== 'ok');
  process.stdout.write(`${JSON.stringify({ round, ok: outcomes.length - errors.length, errors, reauth })}\n`);
});
