import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import type { RunningEmulator } from '@mailup-kit/emulator';
import { OAuthClient, RestClient, type RestClientOptions, TokenManager } from '@mailup-kit/rest';

/** A RestClient logged in (password grant) as the emulator's seeded account, with its token manager. */
export interface RestSession {
  rest: RestClient;
  tokens: TokenManager;
  close(): void;
}

/**
 * Logs in to the emulator's seeded account with the real OAuth client and returns a RestClient on it (options
 * such as `limiter`, `transport` or `retryPolicy` pass through). For suites and benchmarks of the REST resources.
 */
export async function restSession(
  emulator: RunningEmulator,
  options: Partial<Omit<RestClientOptions, 'tokens' | 'baseUrl'>> = {},
): Promise<RestSession> {
  const a = emulator.store.seeded;
  const oauth = new OAuthClient({
    clientId: a.oauthClient.clientId,
    clientSecret: a.oauthClient.clientSecret,
    baseUrl: emulator.urls.http,
  });
  const tokens = new TokenManager({
    store: new MemoryTokenStore(),
    key: 'rest-session',
    refresh: (rt, signal, o) => oauth.refresh(rt, signal, o),
  });
  await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
  const rest = new RestClient({
    tokens,
    baseUrl: emulator.urls.http,
    publicClient: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
    ...options,
  });
  return {
    rest,
    tokens,
    close: () => {
      rest.close();
      oauth.close();
    },
  };
}
