import { MailUpError, provablyNotSent } from '@mailup-kit/core';
import { type SentFactServers, sentFactServers } from '@mailup-kit/testkit/sent-fact-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportClient } from '../src/index.js';

let servers: SentFactServers;
beforeAll(async () => {
  // A SOAP fault with a 500, as ASP.NET services answer one.
  servers = await sentFactServers(
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request.</faultstring></soap:Fault></soap:Body></soap:Envelope>',
    'text/xml; charset=utf-8',
  );
});
afterAll(() => servers.close());

async function getNlLists(consoleUrl: string): Promise<MailUpError> {
  const client = new ImportClient({
    consoleUrl,
    user: 'a1234',
    password: 'p',
    allowInsecureHttp: true,
    retryPolicy: { maxAttempts: 1 },
  });
  const error = await client.getNlLists().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MailUpError.is(error)).toBe(true);
  return error as MailUpError;
}

describe('SOAP over HTTP says whether the request was sent (WSMailUpImport through the SOAP transport)', () => {
  it("refused ⇒ 'no'; reset after the request was written ⇒ 'maybe'; a 500 SOAP fault ⇒ 'yes'", async () => {
    const refused = await getNlLists(servers.refused);
    expect(refused).toMatchObject({ sent: 'no', operation: 'import:GetNlLists' });
    expect(provablyNotSent(refused)).toBe(true);
    expect(await getNlLists(servers.reset)).toMatchObject({ sent: 'maybe', operation: 'import:GetNlLists' });
    expect(await getNlLists(servers.answered)).toMatchObject({ sent: 'yes', operation: 'import:GetNlLists' });
  });
});
