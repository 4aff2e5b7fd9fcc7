import type { OperationRow } from '@mailup-kit/core/pipeline';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { lookupsDuring, rowSpy } from '@mailup-kit/testkit/table-reads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonpRestClient } from '../src/node/index.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('JsonpRestClient builds its row once per call and passes it by reference: no lookup by name', () => {
  it('get() against the emulator: the five steps see one row object (jsonp:GET Console/User/Lists), zero lookups', async () => {
    const token = await passwordToken(emulator);
    const seen: OperationRow[] = [];
    const jsonp = new JsonpRestClient({
      baseUrl: emulator.urls.http,
      tokens: { getAccessToken: async () => token },
      plugins: [rowSpy(seen)],
    });
    // The client has no table of its own (a JSONP GET is any REST GET path): the template's is empty.
    expect(jsonp.client.operations.size).toBe(0);
    const { result, templateLookups } = await lookupsDuring([], jsonp.client, () =>
      jsonp.get<{ Items: unknown[] }>({ path: LISTS }),
    );
    expect(result.Items.length).toBeGreaterThan(0);
    expect(templateLookups).toBe(0);
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(seen[0]);
    expect(seen[0]).toMatchObject({ id: 'jsonp:GET Console/User/Lists', retryClass: 'read' });
    await jsonp.close();
  });
});
