import type { RunningEmulator } from '@mailup-kit/emulator';

/** A plain password grant for the emulator's seeded account over HTTP (no client code): the raw answer. */
export function passwordGrant(emulator: RunningEmulator): Promise<Response> {
  const a = emulator.store.seeded;
  return fetch(`${emulator.urls.http}/Authorization/OAuth/Token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: a.consoleUser,
      password: a.consolePassword,
      client_id: a.oauthClient.clientId,
      client_secret: a.oauthClient.clientSecret,
    }),
  });
}

/**
 * A Bearer access token for the emulator's seeded account, by a plain password grant over HTTP (no client code:
 * for suites and benchmarks that test something other than OAuth).
 */
export async function passwordToken(emulator: RunningEmulator): Promise<string> {
  const res = await passwordGrant(emulator);
  if (res.status !== 200) throw new Error(`password grant failed: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
