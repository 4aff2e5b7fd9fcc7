import { type EmulatorContext, startEmulator } from '@mailup-kit/emulator';
import { describe, expect, it } from 'vitest';
import { describeEmulator } from '../src/emulator/describe-emulator.js';

describe('describeEmulator', () => {
  it('reports the seeded account the emulator actually uses, not a copy of defaults', async () => {
    const emulator = await startEmulator({
      account: { id: 777, consolePassword: 'pw-console', apiPassword: 'pw-api', oauthClient: { clientId: 'cid' } },
    });
    try {
      const description = describeEmulator(emulator);
      expect(description.urls.http).toBe(emulator.urls.http);
      expect(description.account).toMatchObject({
        id: 777,
        consoleUser: 'm777',
        consolePassword: 'pw-console',
        apiUser: 'a777',
        apiPassword: 'pw-api',
        oauth: { clientId: 'cid', clientSecret: emulator.store.seeded.oauthClient.clientSecret },
      });
      expect(description.account.lists).toEqual(
        [...emulator.store.account(777).lists.values()].map(({ id, guid, name }) => ({ id, guid, name })),
      );
      expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    } finally {
      await emulator.close();
    }
  });

  it('carries every url a module adds beside http and smtp, so the JSON line grows without renaming keys', async () => {
    let listen: EmulatorContext['listen'] | undefined;
    const emulator = await startEmulator({
      modules: [
        {
          name: 'extra-listener',
          install: (ctx) => {
            listen = ctx.listen;
          },
          start: async () => {
            await listen?.({ key: 'extra', scheme: 'tcp', onConnection: (socket) => socket.end() });
          },
        },
      ],
    });
    try {
      const urls = describeEmulator(emulator).urls;
      expect(urls).toEqual({
        http: emulator.urls.http,
        smtp: expect.stringMatching(/^smtp:\/\/127\.0\.0\.1:\d+$/),
        extra: expect.stringMatching(/^tcp:\/\/127\.0\.0\.1:\d+$/),
      });
    } finally {
      await emulator.close();
    }
  });
});
