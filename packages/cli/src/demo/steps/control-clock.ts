import type { DemoStep } from '../demo-step.js';
import { expectThat, requestJson } from '../http-json.js';

const ADVANCE_MS = 60_000;

/** The control API moves the emulator's clock forward (how tests expire tokens and roll quota windows). */
export const controlClockStep: DemoStep = {
  name: 'control: clock advance',
  protocol: 'control',
  async run(ctx) {
    const control = `${ctx.baseUrl}/__emulator/control`;
    const before = await requestJson(`${control}/clock.get`, { method: 'POST', signal: ctx.signal });
    expectThat(before.status === 200, `clock.get answered ${before.status}`);
    const after = await requestJson(`${control}/clock.advance`, { body: { ms: ADVANCE_MS }, signal: ctx.signal });
    expectThat(after.status === 200, `clock.advance answered ${after.status}`);
    const offsetBefore = (before.body as { offsetMs: number }).offsetMs;
    const offsetAfter = (after.body as { offsetMs: number }).offsetMs;
    expectThat(offsetAfter - offsetBefore === ADVANCE_MS, `offset moved by ${offsetAfter - offsetBefore} ms`);
    return `clock offset ${offsetBefore} -> ${offsetAfter} ms`;
  },
};
