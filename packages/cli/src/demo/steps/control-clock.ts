import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

const ADVANCE_MS = 60_000;

/** The control API moves the emulator's clock forward (how tests expire tokens and roll quota windows). */
export const controlClockStep: DemoStep = {
  name: 'control: clock advance',
  protocol: 'control',
  async run(ctx) {
    const control = ctx.emulator.control;
    const before = (await control.action('clock.get')) as { offsetMs: number };
    const after = (await control.action('clock.advance', { ms: ADVANCE_MS })) as { offsetMs: number };
    expectThat(
      after.offsetMs - before.offsetMs === ADVANCE_MS,
      `offset moved by ${after.offsetMs - before.offsetMs} ms`,
    );
    expectThat(ctx.emulator.clock.offsetMs === after.offsetMs, 'the emulator clock did not move');
    return `clock offset ${before.offsetMs} -> ${after.offsetMs} ms`;
  },
};
