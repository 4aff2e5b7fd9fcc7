import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode of the result, e.g. `0o600` for files holding tokens. Default `0o600`. */
  mode?: number;
}

/**
 * Replaces `path` with `data` atomically: readers see the old content or the new one, never a torn file.
 * Writes a temporary file in the same directory, fsyncs it, renames it over `path`, then fsyncs the directory
 * (best effort) so the rename survives a crash. The temporary file is removed if anything fails.
 *
 * @example
 * ```ts
 * await writeFileAtomic('/var/lib/app/tokens.json', JSON.stringify(tokens), { mode: 0o600 });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`); // see removeStaleTempFiles
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => {});
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename itself is still atomic.
  }
}

/** Options of {@link removeStaleTempFiles}. */
export interface RemoveStaleTempFilesOptions {
  /** A temp file older than this is stale even if its writer's pid is alive (pid reuse). Default 10 minutes. */
  maxAgeMs?: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the temporary files that {@link writeFileAtomic} left next to `path` when its writer crashed mid-write
 * (they may hold secrets, e.g. tokens). Only this file's own temp files (`.<name>.<pid>.<hex>.tmp`) are touched,
 * and only when their writer process is dead or they are older than `maxAgeMs`, so a live writer's file is left
 * alone. Best effort: never throws. Returns how many were removed.
 *
 * @example
 * ```ts
 * await removeStaleTempFiles('/var/lib/app/tokens.json');
 * ```
 */
export async function removeStaleTempFiles(path: string, options: RemoveStaleTempFilesOptions = {}): Promise<number> {
  const maxAgeMs = options.maxAgeMs ?? 600_000;
  const dir = dirname(path);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const file = join(dir, name);
    try {
      const dead = !isProcessAlive(Number(match[1]));
      if (!dead && Date.now() - (await stat(file)).mtimeMs <= maxAgeMs) continue;
      await unlink(file);
      removed++;
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}
