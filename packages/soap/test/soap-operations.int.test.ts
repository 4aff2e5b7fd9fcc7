import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { soapSampleArgs } from '@mailup-kit/testkit/soap-samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DecodedXml,
  ImportClient,
  operationsOf,
  type ResultFieldSpec,
  type ResultSchema,
  SoapClient,
  type SoapVersion,
} from '../src/index.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const SESSION = new Set(['Login', 'LoginFromId', 'Logout']);

const JS_TYPE = { number: 'number', string: 'string', boolean: 'boolean', date: 'object' } as const;

/**
 * Holds a typed result to its schema and the raw document it came from: every field the schema names and the answer
 * carries is in `data` with its JS type (numbers, booleans, dates), repeated elements are arrays, and nothing the
 * answer sent for a named field was dropped. Returns how many typed fields it checked.
 */
function expectTypedBySchema(schema: ResultSchema, data: unknown, raw: DecodedXml, path = ''): number {
  let checked = 0;
  const typed = data as Record<string, unknown>;
  for (const [name, spec] of Object.entries(schema) as Array<[string, ResultFieldSpec]>) {
    const key = name.startsWith('@') ? name.slice(1) : name;
    const rawValue = raw[name.startsWith('@') ? `@_${key}` : name];
    const where = `${path}${key}`;
    if (Array.isArray(spec)) {
      expect(Array.isArray(typed[key]), `${where} is an array`).toBe(true);
      const items = rawValue === undefined || rawValue === '' ? [] : Array.isArray(rawValue) ? rawValue : [rawValue];
      expect((typed[key] as unknown[]).length, `${where} keeps every entry`).toBe(items.length);
      items.forEach((item, i) => {
        const inner = spec[0] as ResultFieldSpec;
        if (typeof inner === 'object') {
          checked += expectTypedBySchema(
            inner as ResultSchema,
            (typed[key] as unknown[])[i],
            item as DecodedXml,
            `${where}[${i}].`,
          );
        }
      });
    } else if (typeof spec === 'object') {
      const nested = spec as ResultSchema;
      // a single element the decoder reads as repeated (`list`) is read as its one entry
      const one = Array.isArray(rawValue) ? rawValue[0] : rawValue;
      const node = one && typeof one === 'object' && !Array.isArray(one) ? one : {};
      checked += expectTypedBySchema(nested, typed[key], node, `${where}.`);
    } else if (rawValue !== undefined && rawValue !== '') {
      const type = spec.replace('?', '') as keyof typeof JS_TYPE;
      expect(typeof typed[key], `${where} (${JSON.stringify(rawValue)}) is a ${type}`).toBe(JS_TYPE[type]);
      checked++;
    }
  }
  return checked;
}

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
        else {
          expect(result).toMatchObject({ errorCode: 0, root: `${row.method}Result` });
          if (typeof result === 'number') throw new Error('a string result expected');
          expectTypedBySchema(row.schema, result.data, result.raw);
        }
      });
    }
  }

  for (const row of operationsOf('WSMailUpImport')) {
    it(`WSMailUpImport.${row.method} is answered with a non-negative ReturnCode`, async () => {
      const args = soapSampleArgs(emulator, 'WSMailUpImport', row.method, row.params);
      const result = await imports.call(row.method as 'GetNlLists', args as never);
      expect(result.returnCode).toBeGreaterThanOrEqual(0);
      expectTypedBySchema(row.schema, result.body, result.raw);
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
