import type { HttpRequest, HttpResponse } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { definePlugin, type OperationRow } from '@mailup-kit/core/pipeline';
import { describe, expect, it, vi } from 'vitest';
import { REST_OPERATIONS, RestClient, TokenManager } from '../src/index.js';

describe('RestClient passes its row by reference: no lookup by name once a call has started', () => {
  it('lists.ofUser(): every step sees REST_OPERATIONS["GET Console/User/Lists"], zero lookups in the table', async () => {
    const tokens = new TokenManager({ store: new MemoryTokenStore(), key: 'k', refresh: async () => ({}) as never });
    await tokens.save({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, receivedAt: Date.now() });
    const seen: OperationRow[] = [];
    const spy = definePlugin('test:rows', [
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
    const body = JSON.stringify({
      IsPaginated: true,
      Items: [],
      PageNumber: 0,
      PageSize: 20,
      Skipped: 0,
      TotalElementsCount: 0,
    });
    const rest = new RestClient({
      tokens,
      plugins: [spy],
      transport: {
        send: async (request: HttpRequest): Promise<HttpResponse> => ({
          status: 200,
          headers: { 'content-type': 'application/json' },
          body,
          url: request.url,
        }),
      },
    });
    const get = vi.spyOn(rest.client.operations, 'get');
    await rest.lists.ofUser().page();
    expect(get).not.toHaveBeenCalled();
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(REST_OPERATIONS['GET Console/User/Lists']);
    expect(seen[0]).toMatchObject({ id: 'rest:GET Console/User/Lists', policy: 'GET Console/User/Lists' });
  });
});
