import { setMaxListeners } from 'node:events';
import { startEmulator } from '@mailup-kit/emulator';
import type { DemoOutcome, DemoRouting, DemoStep } from './demo-step.js';

/** The outcome of one demo step. */
export interface DemoStepResult {
  name: string;
  protocol: string;
  ok: boolean;
  /** Wall time of the step, ms (rounded). */
  ms: number;
  /** The step's one-line detail, or the failure message. */
  detail: string;
  /** How the facade served the step's operation (only for a step run through the facade). */
  routing?: DemoRouting;
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Longest a step may take before it fails, ms (default 30 s). */
  stepTimeoutMs?: number;
  /** Aborting it interrupts the running step (it fails with "interrupted") and skips the rest. */
  signal?: AbortSignal;
}

function stepSignal(ms: number, outer: AbortSignal | undefined): { signal: AbortSignal; cancel(): void } {
  const controller = new AbortController();
  // Every call of a step shares this signal (the SMTP step sends 20 messages at once): many listeners are expected.
  setMaxListeners(1000, controller.signal);
  const timer = setTimeout(() => controller.abort(new Error(`step timed out after ${ms} ms`)), ms);
  const onOuterAbort = () => controller.abort(new Error('interrupted'));
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    cancel: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

async function runStep(
  step: DemoStep,
  run: () => Promise<string | DemoOutcome>,
  signal: AbortSignal,
): Promise<string | DemoOutcome> {
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );
  aborted.catch(() => undefined);
  const detail = await Promise.race([run(), aborted]);
  if (typeof detail === 'string') return detail;
  if (typeof detail?.detail !== 'string' || typeof detail.routing !== 'object') {
    throw new Error(`step "${step.name}" returned no detail`);
  }
  return detail;
}

/**
 * Starts an embedded emulator on a free loopback port, runs every step in order (a failed step does not stop
 * the others; after each step the emulator's counters, latency, faults and throttle logs are reset), closes the
 * emulator and returns one result per step run (fewer when `signal` interrupted it).
 */
export async function runDemo(steps: readonly DemoStep[], options: RunDemoOptions = {}): Promise<DemoStepResult[]> {
  const emulator = await startEmulator({ httpPort: 0 });
  const results: DemoStepResult[] = [];
  try {
    for (const step of steps) {
      if (options.signal?.aborted) break;
      const started = performance.now();
      const timeout = stepSignal(options.stepTimeoutMs ?? 30_000, options.signal);
      const ctx = { emulator, account: emulator.store.seeded, urls: emulator.urls, signal: timeout.signal };
      try {
        const outcome = await runStep(step, () => step.run(ctx), timeout.signal);
        results.push(
          typeof outcome === 'string'
            ? { ...describe(step, started), ok: true, detail: outcome }
            : { ...describe(step, started), ok: true, detail: outcome.detail, routing: outcome.routing },
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({ ...describe(step, started), ok: false, detail: message.split('\n')[0] ?? '' });
      } finally {
        timeout.cancel();
        emulator.control.reset();
      }
    }
  } finally {
    await emulator.close();
  }
  return results;
}

function describe(step: DemoStep, started: number): Pick<DemoStepResult, 'name' | 'protocol' | 'ms'> {
  return { name: step.name, protocol: step.protocol, ms: Math.round(performance.now() - started) };
}
