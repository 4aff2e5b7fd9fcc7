// One worker of test/credential-fleet.slow.test.ts: a separate process holding a CredentialCache over a shared token
// store (file or Redis) whose renewer is a SOAP-style re-login (access key, no refresh token, fixed 60-minute life)
// against the parent's counter server. Rounds are synchronised by the server's barrier, which also moves the shared
// clock; the worker prints the keys its callers got, per round, as one JSON line.
import { type Clock, systemClock } from '@mailup-kit/core';
import { CredentialCache, type TokenStore } from '@mailup-kit/core/credentials';
import { FileTokenStore } from '@mailup-kit/core/node';
import { RedisTokenStore } from '@mailup-kit/redis';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker: ${name} is not set`);
  return value;
};
const server = env('FLEET_SERVER');
const rounds = Number(env('FLEET_ROUNDS'));
const calls = Number(env('FLEET_CALLS'));
const HOUR = 3_600_000;

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
const post = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(`${server}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()) as T;
};

const store: TokenStore =
  process.env.FLEET_STORE === 'file'
    ? new FileTokenStore({ path: env('FLEET_TOKEN_FILE') })
    : new RedisTokenStore({ redis: env('FLEET_REDIS_URL'), prefix: env('FLEET_PREFIX') });
const cache = new CredentialCache<{ key: string; issuedAt: number }>({
  store,
  key: 'soap:fleet',
  protocol: 'soap',
  label: 'access key',
  clock,
  renew: (_current, call) => post('/login', { now: clock.now(), timeoutMs: call.timeoutMs }),
  toRecord: (answer) => ({ accessToken: answer.key, obtainedAt: answer.issuedAt, expiresAt: answer.issuedAt + HOUR }),
});

const seen: string[][] = [];
for (let round = 0; round < rounds; round++) {
  offsetMs = (await post<{ offsetMs: number }>('/barrier', { round })).offsetMs;
  const keys = await Promise.all(Array.from({ length: calls }, async () => (await cache.get()).accessToken));
  seen.push([...new Set(keys)]);
}
await post('/barrier', { round: rounds });
cache.close();
await store.close();
process.stdout.write(`${JSON.stringify(seen)}\n`);
