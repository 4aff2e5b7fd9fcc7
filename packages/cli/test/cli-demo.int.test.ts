import { describe, expect, it } from 'vitest';
import type { DemoStep } from '../src/demo/demo-step.js';
import { demoMembers } from '../src/demo/members.js';
import { runDemo } from '../src/demo/run-demo.js';
import { demoSteps } from '../src/demo/steps/index.js';
import { runCli } from '../src/program.js';
import { argv, memoryIO } from './support/memory-io.js';

describe('mailup demo (in-process)', () => {
  it('--json runs every registered step against an embedded emulator and reports each one ok', async () => {
    const io = memoryIO();
    expect(await runCli(argv('demo', '--json'), io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.ok).toBe(true);
    expect(report.steps.map((s: { name: string }) => s.name)).toEqual(demoSteps.map((s) => s.name));
    for (const step of report.steps) {
      expect(step).toEqual({
        name: expect.any(String),
        protocol: expect.any(String),
        ok: true,
        ms: expect.any(Number),
        detail: expect.any(String),
        ...(step.routing ? { routing: expect.any(Object) } : {}),
      });
    }
    // the steps run through the facade carry how it served them: the transport, the fallback taken, the budget left
    const routed = Object.fromEntries(
      report.steps
        .filter((s: { routing?: unknown }) => s.routing)
        .map((s: { name: string; routing: unknown }) => [s.name, s.routing]),
    );
    for (const routing of Object.values(routed) as Array<{ budgetLeft: unknown }>) {
      expect(typeof routing.budgetLeft === 'number' || routing.budgetLeft === 'unlimited').toBe(true);
    }
    expect(routed).toEqual({
      'rest resources: list, import, campaign, statistics': {
        operation: 'newsletters.send',
        servedBy: 'rest',
        budgetLeft: expect.anything(),
      },
      'frontend: double opt-in, status, -1011': {
        operation: 'recipients.subscribe',
        servedBy: 'rest',
        fallback: 'frontend (ip-not-allowed) → rest',
        budgetLeft: expect.anything(),
      },
      'soap: login, lists, import, send': {
        operation: 'newsletters.send',
        servedBy: 'soap',
        budgetLeft: expect.anything(),
      },
      'transactional: Send API sendmessage': {
        operation: 'transactional.email.send',
        servedBy: 'txmail',
        budgetLeft: expect.anything(),
      },
      'transactional: SMS ListSecret and send': {
        operation: 'transactional.sms.send',
        servedBy: 'txsms',
        budgetLeft: expect.anything(),
      },
      'facade: Send API refused → relay, ambiguous not resent': {
        operation: 'transactional.email.send',
        servedBy: 'smtp',
        fallback: 'txmail (auth-invalid) → smtp',
        budgetLeft: expect.anything(),
      },
      'facade: newsletter create, send, status': {
        operation: 'newsletters.send',
        servedBy: 'soap',
        budgetLeft: expect.anything(),
      },
      'facade: recipients.import with progress': {
        operation: 'recipients.import',
        servedBy: 'rest',
        budgetLeft: expect.anything(),
      },
    });
    expect(io.out().trim().split('\n')).toHaveLength(1);
  });

  it('prints a table with one row per step by default', async () => {
    const io = memoryIO();
    expect(await runCli(argv('demo'), io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[0]).toMatch(/^step\s+protocol\s+result\s+ms\s+served by\s+fallback\s+budget\s+detail$/);
    for (const step of demoSteps)
      expect(io.out()).toMatch(new RegExp(`${step.name}\\s+${step.protocol}\\s+ok\\s+\\d+`));
    // a step run through the facade names the transport that served it and the fallback it took
    expect(io.out()).toMatch(
      /facade: Send API refused → relay, ambiguous not resent\s+client\s+ok\s+\d+\s+smtp\s+txmail \(auth-invalid\) → smtp\s+\S+/,
    );
    expect(io.out()).toContain(`${demoSteps.length} of ${demoSteps.length} steps ok`);
  });
});

describe('runDemo', () => {
  const ok: DemoStep = { name: 'ok', protocol: 'client', run: async (ctx) => `account ${ctx.account.id}` };
  const failing: DemoStep = {
    name: 'bad',
    protocol: 'rest',
    run: async () => {
      throw new Error('token endpoint answered 500\nstack noise');
    },
  };

  it('records a failure with its first message line and still runs the steps after it', async () => {
    const results = await runDemo([failing, ok]);
    expect(results).toEqual([
      { name: 'bad', protocol: 'rest', ok: false, ms: expect.any(Number), detail: 'token endpoint answered 500' },
      { name: 'ok', protocol: 'client', ok: true, ms: expect.any(Number), detail: 'account 51234' },
    ]);
  });

  it('fails a step that outlives its timeout and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const hanging: DemoStep = {
      name: 'hang',
      protocol: 'client',
      run: (ctx) => {
        seen = ctx.signal;
        return new Promise(() => undefined);
      },
    };
    const [result] = await runDemo([hanging], { stepTimeoutMs: 50 });
    expect(result).toMatchObject({ ok: false, detail: 'step timed out after 50 ms' });
    expect(seen?.aborted).toBe(true);
  });

  it('clears faults a failed step left behind, so the next step sees a clean emulator', async () => {
    const leaky: DemoStep = {
      name: 'leaky',
      protocol: 'client',
      run: async (ctx) => {
        ctx.emulator.control.addFault({ path: '/', action: { type: 'status', status: 503 }, times: 5 });
        throw new Error('left a fault');
      },
    };
    const probe: DemoStep = {
      name: 'probe',
      protocol: 'client',
      run: async (ctx) => String((await fetch(`${ctx.urls.http}/no/such/path`)).status),
    };
    const results = await runDemo([leaky, probe]);
    expect(results[1]).toMatchObject({ ok: true, detail: '404' });
  });

  it('resets counters, latency and throttle logs a step left behind, so the next step starts clean', async () => {
    const token = (ctx: { urls: { http: string }; account: { oauthClient: { clientId: string } } }) =>
      fetch(`${ctx.urls.http}/Authorization/OAuth/Token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: ctx.account.oauthClient.clientId }),
      });
    const noisy: DemoStep = {
      name: 'noisy',
      protocol: 'client',
      run: async (ctx) => {
        const statuses = [];
        for (let i = 0; i < 6; i++) statuses.push((await token(ctx)).status);
        expect(statuses.at(-1)).toBe(429); // the Token endpoint's 5 calls/s, spent
        ctx.emulator.control.setLatency(1_000);
        return 'left a spent throttle window, counters and 1 s of latency';
      },
    };
    const probe: DemoStep = {
      name: 'probe',
      protocol: 'client',
      run: async (ctx) => {
        const counters = JSON.stringify(ctx.emulator.control.counters());
        const started = performance.now();
        const status = (await token(ctx)).status;
        return `${counters} ${status} ${performance.now() - started < 1_000 ? 'fast' : 'slow'}`;
      },
    };
    const results = await runDemo([noisy, probe]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results[1]?.detail).toBe('{} 400 fast');
  });

  it('gives every step the same running emulator and its seeded account', async () => {
    const urls: string[] = [];
    const step: DemoStep = {
      name: 'url',
      protocol: 'client',
      run: async (ctx) => {
        urls.push(ctx.urls.http);
        expect(ctx.urls).toBe(ctx.emulator.urls);
        expect(ctx.account).toBe(ctx.emulator.store.seeded);
        return 'ok';
      },
    };
    const results = await runDemo([step, step]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(urls).size).toBe(1);
  });
});

describe('interrupting the demo', () => {
  it('fails the running step as "interrupted", skips the rest and closes the emulator', async () => {
    const controller = new AbortController();
    let base = '';
    const waitsForInterrupt: DemoStep = {
      name: 'long',
      protocol: 'client',
      run: (ctx) => {
        base = ctx.urls.http;
        queueMicrotask(() => controller.abort());
        return new Promise(() => undefined);
      },
    };
    let laterRan = false;
    const later: DemoStep = {
      name: 'later',
      protocol: 'client',
      run: async () => {
        laterRan = true;
        return 'ran';
      },
    };
    const results = await runDemo([waitsForInterrupt, later], { signal: controller.signal });
    expect(results).toEqual([
      { name: 'long', protocol: 'client', ok: false, ms: expect.any(Number), detail: 'interrupted' },
    ]);
    expect(laterRan).toBe(false);
    await expect(fetch(`${base}/__emulator/health`)).rejects.toThrow();
  });

  it('mailup demo exits 130 and says so when shutdown is already requested', async () => {
    const io = memoryIO();
    io.stop();
    expect(await runCli(argv('demo', '--json'), io)).toBe(130);
    expect(JSON.parse(io.out())).toMatchObject({ ok: false, steps: [], skipped: demoSteps.map((s) => s.name) });
    expect(io.err()).toMatch(/interrupted after 0 of \d+ steps/);
    expect(io.err()).toContain(`skipped: ${demoSteps.map((s) => s.name).join('; ')}`);
  });
});

describe('what the demo covers', () => {
  it('only the steps run through the facade are labelled client', () => {
    expect(demoSteps.filter((s) => s.protocol === 'client').map((s) => s.name)).toEqual([
      'facade: Send API refused → relay, ambiguous not resent',
      'facade: newsletter create, send, status',
      'facade: recipients.import with progress',
    ]);
    expect(demoSteps.filter((s) => s.protocol === 'control').map((s) => s.name)).toEqual([
      'control: clock advance',
      'control: fault injection',
      'control: request journal',
    ]);
  });

  it('every covered member has a step, and the table ends naming covered and not-built members', async () => {
    for (const m of demoMembers.filter((x) => x.status === 'covered')) {
      expect(
        demoSteps.some((s) => s.protocol === m.member || s.name.startsWith(`${m.member}:`)),
        m.member,
      ).toBe(true);
    }
    const io = memoryIO();
    expect(await runCli(argv('demo'), io)).toBe(0);
    expect(io.out().trimEnd().split('\n').at(-1)).toBe(
      'covers: rest, limits, soap, frontend, jsonp, transactional, smtp, client',
    );
  });
});
