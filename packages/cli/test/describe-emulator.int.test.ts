import { startEmulator } from '@mailup-kit/emulator';
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
        oauth: { clientId: 'cid', clientSecret: emulator.state.seeded.oauthClient.clientSecret },
      });
      expect(description.account.lists).toEqual(emulator.state.seeded.lists);
      expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    } finally {
      await emulator.close();
    }
  });
});
