// Types for the core tests that run the browser bundle check in-process (and reuse its bundle in Chromium).
/** Node-only globals the check refuses in a browser bundle. */
export const NODE_GLOBALS: readonly string[];
/**
 * Bundles `entry` with esbuild for `platform: 'browser'` and no externals; `problems` names every Node import that
 * does not resolve and every Node-only global used (empty when the entry runs in a browser).
 */
export function bundleForBrowser(
  entry: string,
  options?: { format?: 'esm' | 'iife' },
): Promise<{ code: string; problems: string[]; bytes: number }>;
