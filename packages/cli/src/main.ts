import { processIO } from './cli-io.js';
import { runCli } from './program.js';

/** Entry point of the binary: runs the CLI against the real process and sets `process.exitCode`. */
export async function main(argv: readonly string[]): Promise<number> {
  const io = processIO();
  try {
    const code = await runCli(argv, io);
    process.exitCode = code;
    return code;
  } finally {
    io.dispose();
  }
}
