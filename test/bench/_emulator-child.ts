import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** An emulator in a child process (`rest-emulator.worker.ts`), as its first stdout line describes it. */
export interface EmulatorChild {
  url: string;
  accountId: number;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  apiUser?: string;
  process: ChildProcess;
}

/**
 * Starts the benchmarks' emulator worker in a child process (so its work is not on the measured event loop) with
 * `args` (e.g. `--no-throttle`) and resolves once it printed where it listens.
 */
export async function emulatorChild(args: readonly string[] = []): Promise<EmulatorChild> {
  const worker = fileURLToPath(new URL('./rest-emulator.worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator worker exited with ${code}`)));
  });
  return { ...(JSON.parse(first) as Omit<EmulatorChild, 'process'>), process: child };
}

/** Stops the child and resolves once it exited. */
export function stopChild(child: EmulatorChild): Promise<void> {
  return new Promise((resolve) => {
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}
