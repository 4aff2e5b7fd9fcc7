import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { soapSampleArgs } from '@mailup-kit/testkit/soap-samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportClient, operationsOf, SoapClient, type SoapVersion } from '../src/index.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const SESSION = new Set(['Login', 'LoginFromId', 'Logout']);

describe.each<SoapVersion>(['1.1', '1.2'])('every operation through the client over SOAP %s', (soapVersion) => {
  let soap: SoapClient;
  let imports: ImportClient;
  beforeAll(() => {
    const { apiUser, apiPassword } = emulator.store.seeded;
    emulator.control.action('throttle.enabled', { enabled: false });
    soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http, soapVersion });
    imports = new ImportClient({
      consoleUrl: emulator.urls.http,
      user: apiUser,
      password: apiPassword,
      allowInsecureHttp: true,
      soapVersion,
    });
  });
  afterAll(async () => {
    await soap.close();
    imports.close();
    emulator.control.action('throttle.enabled', { enabled: true });
  });

  for (const service of ['MailupSend', 'MailupManage', 'MailupReport'] as const) {
    for (const row of operationsOf(service).filter((r) => !SESSION.has(r.method))) {
      it(`${service}.${row.method} is answered with errorCode 0`, async () => {
        const args = soapSampleArgs(emulator, service, row.method, row.params);
        const result = await soap.request(service, row.method, args);
        if (row.result === 'int') expect(typeof result === 'number' && result > 0).toBe(true);
        else expect(result).toMatchObject({ errorCode: 0, root: `${row.method}Result` });
      });
    }
  }

  for (const row of operationsOf('WSMailUpImport')) {
    it(`WSMailUpImport.${row.method} is answered with a non-negative ReturnCode`, async () => {
      const args = soapSampleArgs(emulator, 'WSMailUpImport', row.method, row.params);
      const result = await imports.call(row.method as 'GetNlLists', args as never);
      expect(result.returnCode).toBeGreaterThanOrEqual(0);
    });
  }

  it('Login, LoginFromId and Logout run through the session: one login, Logout on close kills the key', async () => {
    const { apiUser, apiPassword } = emulator.store.seeded;
    const own = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http, soapVersion });
    const before = emulator.control.counters()['soap LoginFromId'] ?? 0;
    await own.getLists();
    await own.getGroups(1);
    const key = own.session.current() as string;
    expect(emulator.store.accessKeys.has(key)).toBe(true);
    expect((emulator.control.counters()['soap LoginFromId'] ?? 0) - before).toBe(1);
    await own.close();
    expect(emulator.store.accessKeys.has(key)).toBe(false);
  });
});
