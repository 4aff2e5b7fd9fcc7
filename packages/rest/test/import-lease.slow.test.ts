import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileImportCheckpointStore, type NewRecipient } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const worker = fileURLToPath(new URL('./import-lease-worker.ts', import.meta.url));

/** A worker process; `next()` resolves with its next stdout line. */
function startWorker(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', worker], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const take = waiting.shift();
    if (take) take(line);
    else queue.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    next: () =>
      new Promise<string>((resolve, reject) => {
        const line = queue.shift();
        if (line !== undefined) return resolve(line);
        waiting.push(resolve);
        void exited.then(() => reject(new Error(`worker exited: ${stderr.join('')}`)));
      }),
  };
}

describe('bulk import: two processes resuming one checkpoint file', () => {
  let emulator: RunningEmulator;
  let dir: string;
  const workers: Array<ReturnType<typeof startWorker>> = [];

  beforeEach(async () => {
    emulator = await startEmulator();
    dir = await mkdtemp(join(tmpdir(), 'import-lease-'));
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await w.exited;
    }
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the second process gets conflict before sending; every record is sent once (was 1,859 rows for 1,459)', async () => {
    const records = 1459;
    const chunkSize = 500;
    const path = join(dir, 'import.json');
    const people: NewRecipient[] = Array.from({ length: records }, (_, i) => ({ Email: `p${i}@example.com` }));
    // A first run sends one chunk and is interrupted.
    const limiter = new Limiter({ account: emulator.store.seeded.id });
    const session = await restSession(emulator, { limiter });
    const abort = new AbortController();
    const first = await session.rest.recipients
      .import(1, people, {
        chunkSize,
        checkpoint: new FileImportCheckpointStore({ path }),
        fingerprint: 'people',
        signal: abort.signal,
        waitForCompletion: false,
        onProgress: (p) => {
          if (p.chunks === 1) abort.abort();
        },
      })
      .catch((e: unknown) => e);
    session.close();
    await limiter.close();
    expect(MailUpError.is(first, 'aborted')).toBe(true);

    const env = {
      IMPORT_BASE_URL: emulator.urls.http,
      IMPORT_ACCESS_TOKEN: await passwordToken(emulator),
      IMPORT_CHECKPOINT: path,
      IMPORT_RECORDS: String(records),
      IMPORT_CHUNK: String(chunkSize),
    };
    workers.push(startWorker(env), startWorker(env));
    expect(await Promise.all(workers.map((w) => w.next()))).toEqual(['ready', 'ready']);
    for (const w of workers) w.child.stdin?.write('go\n');
    const outcomes = (await Promise.all(workers.map((w) => w.next()))).map(
      (line) => JSON.parse(line) as { outcome: string; sent?: number; message?: string },
    );
    expect(outcomes.map((o) => `${o.outcome} ${o.sent ?? o.message}`).sort()).toEqual([
      expect.stringMatching(/^conflict .*leased by another import in progress \(pid \d+\)/),
      `ok ${records}`,
    ]);
    const rows = [...emulator.store.account(emulator.store.seeded.id).imports.values()].map((i) => i.rows);
    expect(rows).toEqual([500, 500, 459]);
    expect(await new FileImportCheckpointStore({ path }).load()).toMatchObject({
      consumed: records,
      sent: records,
      finished: true,
      fingerprint: 'people',
    });
  });

  it('a lease held by a process that died is free at once; one held by a live process is not', async () => {
    const path = join(dir, 'import.json');
    const holder = startWorker({
      IMPORT_MODE: 'hold',
      IMPORT_CHECKPOINT: path,
      IMPORT_BASE_URL: emulator.urls.http,
      IMPORT_ACCESS_TOKEN: 'unused',
      IMPORT_RECORDS: '0',
    });
    workers.push(holder);
    expect(await holder.next()).toBe('held');
    const store = new FileImportCheckpointStore({ path });
    expect(await store.lease().catch((e: unknown) => e)).toMatchObject({
      kind: 'conflict',
      details: { holderPid: holder.child.pid },
    });
    holder.child.kill('SIGKILL');
    await holder.exited;
    const lease = await store.lease();
    await lease.release();
  });
});
