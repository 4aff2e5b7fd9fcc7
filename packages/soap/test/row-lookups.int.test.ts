import { definePlugin, type OperationRow } from '@mailup-kit/core/pipeline';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ImportClient, SOAP_OPERATIONS, SOAP_ROWS, SoapClient } from '../src/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

/** Records the row every per-attempt step sees. */
function rowSpy(seen: OperationRow[]) {
  return definePlugin('test:rows', [
    ...(['quota', 'auth', 'build', 'transport', 'deserialize'] as const).map((step) => ({
      step,
      name: `test:rows:${step}`,
      position: 'first' as const,
      middleware: async (ctx: { operation: OperationRow }, next: () => Promise<unknown>) => {
        seen.push(ctx.operation);
        return next();
      },
    })),
  ]);
}

/**
 * Counts the lookups of a row by name once a call has started: the template's table (`operations.get`) and the
 * SOAP table searched with find / filter (the old client did five `Array.find` per call).
 */
function lookupsDuring<T>(client: { operations: ReadonlyMap<string, unknown> }, run: () => Promise<T>) {
  const get = vi.spyOn(client.operations, 'get');
  const find = vi.spyOn(Array.prototype, 'find');
  const filter = vi.spyOn(Array.prototype, 'filter');
  return run().then((result) => {
    const onTable = (spy: typeof find | typeof filter) =>
      spy.mock.contexts.filter((context) => context === SOAP_OPERATIONS).length;
    const counts = { get: get.mock.calls.length, find: onTable(find), filter: onTable(filter) };
    get.mockRestore();
    find.mockRestore();
    filter.mockRestore();
    return { result, counts };
  });
}

describe('SOAP clients pass their row by reference: no lookup by name after a call starts', () => {
  it('SoapClient.getLists: the row of every step is SOAP_ROWS.MailupSend.GetLists, zero lookups', async () => {
    const seen: OperationRow[] = [];
    const { apiUser, apiPassword } = emulator.store.seeded;
    const soap = new SoapClient({
      user: apiUser,
      password: apiPassword,
      baseUrl: emulator.urls.http,
      plugins: [rowSpy(seen)],
    });
    await soap.session.accessKey(); // the login (its own call) before the counted one
    seen.length = 0;
    const { result, counts } = await lookupsDuring(soap.client, () => soap.getLists());
    expect(result.length).toBeGreaterThan(0);
    expect(counts).toEqual({ get: 0, find: 0, filter: 0 });
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(SOAP_ROWS.MailupSend.GetLists);
    expect(SOAP_ROWS.MailupSend.GetLists).toMatchObject({ id: 'soap:MailupSend.GetLists', policy: 'GetLists' });
    await soap.close();
  });

  it('ImportClient.getNlLists: the row is SOAP_ROWS.WSMailUpImport.GetNlLists (import:GetNlLists), zero lookups', async () => {
    const seen: OperationRow[] = [];
    const { apiUser, apiPassword } = emulator.store.seeded;
    const imports = new ImportClient({
      consoleUrl: emulator.urls.http,
      allowInsecureHttp: true,
      user: apiUser,
      password: apiPassword,
      plugins: [rowSpy(seen)],
    });
    await imports.getNlLists(); // the first call builds the service's WSDL from the table (once per client)
    seen.length = 0;
    const { counts } = await lookupsDuring(imports.client, () => imports.getNlLists());
    expect(counts).toEqual({ get: 0, find: 0, filter: 0 });
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(SOAP_ROWS.WSMailUpImport.GetNlLists);
    expect(seen[0]?.id).toBe('import:GetNlLists');
  });
});
