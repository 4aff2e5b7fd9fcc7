/**
 * Thrown by a command to end the CLI with a given exit code after it has already said why (on stdout or
 * stderr). `runCli` turns it into its return value; nothing more is printed.
 */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}
