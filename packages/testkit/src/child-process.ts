import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript worker (`node --import tsx script …args`) in a child process and resolves with its trimmed
 * stdout once it exits 0; rejects with its stderr otherwise. `env` replaces the child's environment (default: ours). For multi-process tests (fleets sharing a store).
 */
export function runTsxChild(
  script: string,
  args: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${script} exited with ${code ?? signal}: ${err}`)),
    );
  });
}
