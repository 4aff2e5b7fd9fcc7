import { MailUpError, provablyNotSent } from '@mailup-kit/core';
import { type SentFactServers, sentFactServers } from '@mailup-kit/testkit/sent-fact-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonpRestClient } from '../src/node/index.js';

let servers: SentFactServers;
beforeAll(async () => {
  servers = await sentFactServers();
});
afterAll(() => servers.close());

function get(baseUrl: string): Promise<MailUpError> {
  const client = new JsonpRestClient({
    baseUrl,
    tokens: { getAccessToken: async () => 'token' },
    retryPolicy: { maxAttempts: 1 },
  });
  return client.get({ path: '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists' }).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      client.close();
      expect(MailUpError.is(error)).toBe(true);
      return error as MailUpError;
    },
  );
}

describe("JSONP's fetch transport says whether the request was sent, through JsonpRestClient", () => {
  it("refused ⇒ 'no'; reset after the request was written ⇒ 'maybe'; a 500 with a body ⇒ 'yes'", async () => {
    const refused = await get(servers.refused);
    expect(refused).toMatchObject({ sent: 'no', kind: 'transient', operation: expect.stringMatching(/^jsonp:GET /) });
    expect(provablyNotSent(refused)).toBe(true);
    expect(await get(servers.reset)).toMatchObject({ sent: 'maybe' });
    expect(await get(servers.answered)).toMatchObject({ sent: 'yes', httpStatus: 500 });
  });
});
