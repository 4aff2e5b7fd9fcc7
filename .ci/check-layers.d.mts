// Types for test/check-layers.test.ts, which runs the check in-process on generated fixture trees.
/** Every layering problem under `root` (`path: message` lines; empty when the tree follows the direction). */
export function checkLayers(root: string): { packages: string[]; problems: string[] };
/** Module specifiers a source file imports (static, re-export, dynamic, require), comments ignored. */
export function importsOf(source: string): string[];
/** Relative paths a source file points at with `new URL('…', import.meta.url)`. */
export function urlReferencesOf(source: string): string[];
/** Which workspace packages each package's src may import. */
export const SRC_ALLOWED: Record<string, string[]>;
