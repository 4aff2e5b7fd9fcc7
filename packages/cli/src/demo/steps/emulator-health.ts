import type { DemoStep } from '../demo-step.js';
import { expectThat, requestJson } from '../http-json.js';

/** The emulator answers its health path over HTTP with the seeded account id. */
export const emulatorHealthStep: DemoStep = {
  name: 'emulator health',
  protocol: 'emulator',
  async run(ctx) {
    const { status, body } = await requestJson(`${ctx.urls.http}/__emulator/health`, { signal: ctx.signal });
    expectThat(status === 200, `health answered ${status}`);
    const health = body as { ok?: boolean; accountId?: number };
    expectThat(health.ok === true, 'health did not say ok');
    expectThat(health.accountId === ctx.account.id, `health names account ${health.accountId}`);
    return `GET /__emulator/health -> 200, account ${health.accountId}`;
  },
};
