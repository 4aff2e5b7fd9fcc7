import type { DemoStep } from '../demo-step.js';
import { expectThat, requestJson } from '../http-json.js';

const PATH = '/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info';

/**
 * Injects a one-shot 503 and a connection reset through the (in-process) control API and sees each happen exactly
 * once: the way every retry test drives the emulator.
 */
export const faultRoundTripStep: DemoStep = {
  name: 'control: fault injection',
  protocol: 'control',
  async run(ctx) {
    const control = ctx.emulator.control;
    const url = `${ctx.urls.http}${PATH}`;
    const baseline = await requestJson(url, { signal: ctx.signal });
    expectThat(baseline.status !== 503, `baseline already answered ${baseline.status}`);

    control.addFault({ path: PATH, action: { type: 'status', status: 503 }, times: 1 });
    const faulted = await requestJson(url, { signal: ctx.signal });
    expectThat(faulted.status === 503, `the injected fault answered ${faulted.status}, not 503`);
    const recovered = await requestJson(url, { signal: ctx.signal });
    expectThat(recovered.status === baseline.status, `after the fault: ${recovered.status}, not ${baseline.status}`);

    control.addFault({ path: PATH, phase: 'before-apply', action: { type: 'reset' } });
    const reset = await requestJson(url, { signal: ctx.signal }).then(
      (r) => `answered ${r.status}`,
      () => 'reset',
    );
    expectThat(reset === 'reset', `the injected reset ${reset}`);
    control.clearFaults();
    return `503 once, then ${recovered.status} again; a before-apply reset dropped the connection`;
  },
};
