import type { Logger } from '@mailup-kit/core';
import type { RunningEmulator } from '@mailup-kit/emulator';

/**
 * Captures every log line, error and event a test produces, so that a suite can assert that no secret (password,
 * client secret, token, code) ever appears in any of them.
 */
export class SecretCapture {
  readonly lines: string[] = [];

  /** A logger that records every line (all levels). */
  readonly logger: Logger = {
    debug: (...args) => this.record('debug', args),
    info: (...args) => this.record('info', args),
    warn: (...args) => this.record('warn', args),
    error: (...args) => this.record('error', args),
  };

  private record(level: string, args: unknown[]): void {
    this.lines.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`);
  }

  /** Records an error: message, JSON form, stack and the whole cause chain. */
  error(error: unknown): unknown {
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
      if (current instanceof Error) {
        this.lines.push(`error ${current.name}: ${current.message}\n${current.stack ?? ''}\n${safeJson(current)}`);
        current = (current as { cause?: unknown }).cause;
      } else {
        this.lines.push(`error ${safeJson(current)}`);
        break;
      }
    }
    return error;
  }

  /** Records an event payload. */
  event(name: string, payload: unknown): void {
    this.lines.push(`event ${name} ${safeJson(payload)}`);
  }

  /** Every secret an emulator knows or issued: passwords, client secret, access/refresh tokens, codes. */
  static secretsOf(emulator: RunningEmulator): string[] {
    const a = emulator.store.seeded;
    const oauth = emulator.store.oauth;
    return [
      a.consolePassword,
      a.apiPassword,
      a.oauthClient.clientSecret,
      ...oauth.accessTokens.keys(),
      ...oauth.refreshTokens.keys(),
      ...oauth.codes.keys(),
      ...oauth.sessions.keys(),
    ];
  }

  /** The secrets found in any captured line (empty when clean). */
  leaks(secrets: Iterable<string>): string[] {
    const found: string[] = [];
    for (const secret of secrets) {
      if (secret.length < 6) continue;
      if (this.lines.some((line) => line.includes(secret))) found.push(`${secret.slice(0, 3)}…`);
    }
    return found;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
