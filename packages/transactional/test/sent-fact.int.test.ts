import { MailUpError, provablyNotSent } from '@mailup-kit/core';
import { type SentFactServers, sentFactServers } from '@mailup-kit/testkit/sent-fact-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendApiClient, SmsClient } from '../src/index.js';

let servers: SentFactServers;
beforeAll(async () => {
  servers = await sentFactServers('{"Code":"500","Message":"internal error"}', 'application/json');
});
afterAll(() => servers.close());

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MailUpError.is(error)).toBe(true);
  return error as MailUpError;
}

const sendMessage = (baseUrl: string) =>
  failure(
    new SendApiClient({ user: 's1_1', password: 'x', baseUrl }).sendMessage({
      Subject: 'Hi',
      Text: 'Hello',
      From: { Email: 'shop@example.com' },
      To: [{ Email: 'ann@example.com' }],
    }),
  );

const sendSms = (baseUrl: string) =>
  failure(
    new SmsClient({
      accountId: 1,
      listId: 1,
      listGuid: '00000000-0000-0000-0000-000000000001',
      listSecret: '00000000-0000-0000-0000-000000000002',
      baseUrl,
    }).send({ recipient: '+393350000001', content: 'code 1234' }),
  );

describe('the Send API and the SMS API say whether a send was sent', () => {
  it.each([
    ['Send API', sendMessage, 'txmail:sendmessage'],
    ['SMS API', sendSms, 'txsms:send'],
  ] as const)(
    "%s: refused ⇒ 'no', reset after the write ⇒ 'maybe', a 500 with a body ⇒ 'yes'",
    async (_n, send, id) => {
      const refused = await send(servers.refused);
      expect(refused).toMatchObject({ sent: 'no', operation: id });
      expect(provablyNotSent(refused)).toBe(true);
      const before = servers.requests();
      expect(await send(servers.reset)).toMatchObject({ sent: 'maybe', kind: 'ambiguous', operation: id });
      expect(await send(servers.answered)).toMatchObject({ sent: 'yes', httpStatus: 500, operation: id });
      expect(servers.requests() - before).toBe(2); // a send that may have left is never repeated
    },
  );
});
