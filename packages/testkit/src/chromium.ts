import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** The flags every browser suite starts Debian's chromium with (headless, no GPU, no QUIC, no first-run noise, no background or update traffic). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running Chromium with its own throw-away profile. */
export interface ChromiumSession {
  context: BrowserContext;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/**
 * Starts `executablePath` (from `needsProgram(CHROMIUM, …)`) through playwright-core, which downloads no browser,
 * with a fresh profile under the system temp directory named after `profilePrefix`.
 */
export async function launchChromium(
  executablePath: string,
  profilePrefix: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      acceptDownloads: options.acceptDownloads ?? false,
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
