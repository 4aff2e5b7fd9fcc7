import type { RunningEmulator } from '@mailup-kit/emulator';

/**
 * A Bearer access token for the emulator's seeded account, by a plain password grant over HTTP (no client code:
 * for suites and benchmarks that test something other than OAuth).
 */
export async function passwordToken(emulator: RunningEmulator): Promise<string> {
  const a = emulator.state.seeded;
  const res = await fetch(`${emulator.urls.http}/Authorization/OAuth/Token`, {
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
  if (res.status !== 200) throw new Error(`password grant failed: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
