/**
 * SMTP+ relay benchmark, every figure a ratio measured side by side in one run against one emulator:
 * - `relayPoolSpeedup`: time of N messages through nodemailer with one connection per message (5 at a time) ÷
 *   time of the same N through our pooled relay (5 connections). Target >= 3.
 * - `relayOverheadRatio`: time through our relay ÷ time through a plain nodemailer pool with the same settings
 *   (5 connections, 100 messages each, STARTTLS, AUTH). Target <= 1.1.
 * - `pacingAccuracy`: messages the emulator accepted in the measured span ÷ what the configured level of service
 *   allows in it (36,000/hour over 60 s = 600), 4 worker processes sharing one Redis store (a real redis-server).
 *   Target 0.97–1.0; `pacingMaxPerWindow` (sends started in any one pacing window across all workers) and
 *   `pacingMaxPerWindowAtServer` (messages the emulator received in any one pacing window) never over
 *   `pacingWindowLimit`.
 * Run: `corepack pnpm bench smtp` → test/bench/results/smtp.json.
 */
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@mailup-kit/emulator';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { runTsxChild } from '@mailup-kit/testkit/child-process';
import { hasRedisServer, startRedis } from '@mailup-kit/testkit/redis-server';
import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { busiestWindow } from '@mailup-kit/testkit/time-windows';
import nodemailer from 'nodemailer';

/** Sizes of one run. */
export interface SmtpBenchSizes {
  messages: number;
  pacingSeconds: number;
  perHour: number;
  workers: number;
}

const FULL: SmtpBenchSizes = { messages: 1000, pacingSeconds: 60, perHour: 36_000, workers: 4 };

const mail = (i: number) => ({
  from: 'bench@example.com',
  to: `r${i}@example.com`,
  subject: `bench ${i}`,
  text: 'hello',
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function inLanes(total: number, lanes: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) await send(next++);
    }),
  );
}

/** Runs the benchmark at the given sizes and returns its figures. */
export async function measure(sizes: SmtpBenchSizes = FULL): Promise<Record<string, number | string | boolean>> {
  const emulator = await startEmulator();
  const target = await smtpPlusTarget(emulator);
  const figures: Record<string, number | string | boolean> = { messages: sizes.messages };
  const smtpOptions = {
    host: target.host,
    port: target.port,
    requireTLS: true,
    auth: { user: target.user, pass: target.password },
    tls: { ca: target.tls.ca, servername: target.servername },
  };
  try {
    const single = nodemailer.createTransport(smtpOptions);
    const tSingle = await timed(() => inLanes(sizes.messages, 5, (i) => single.sendMail(mail(i))));
    single.close();
    const plain = nodemailer.createTransport({ ...smtpOptions, pool: true, maxConnections: 5, maxMessages: 100 });
    const tPlain = await timed(() =>
      Promise.all(Array.from({ length: sizes.messages }, (_, i) => plain.sendMail(mail(i)))),
    );
    plain.close();
    const relay = new SmtpPlusRelay({ ...target, pool: { maxConnections: 5, maxMessages: 100 } });
    const tOurs = await timed(() => Promise.all(Array.from({ length: sizes.messages }, (_, i) => relay.send(mail(i)))));
    relay.close();
    const stored = emulator.store.outbox.mail.length;
    figures.allStoredOnce = stored === sizes.messages * 3 && emulator.store.outbox.duplicates().length === 0;
    figures.relayPoolSpeedup = Number((tSingle / tOurs).toFixed(3));
    figures.relayOverheadRatio = Number((tOurs / tPlain).toFixed(3));
    figures.msSingleConnection = Math.round(tSingle);
    figures.msPlainPool = Math.round(tPlain);
    figures.msOurRelay = Math.round(tOurs);

    if (!hasRedisServer()) {
      figures.pacingSkipped = 'no redis-server on the PATH';
      return figures;
    }
    emulator.store.outbox.clear();
    const redis = await startRedis();
    try {
      const worker = fileURLToPath(new URL('./smtp-pacing.worker.ts', import.meta.url));
      const start = Date.now() + 15_000; // every worker (a tsx process each, on a shared machine) is up before the span starts
      const deadline = start + sizes.pacingSeconds * 1000;
      const env = {
        ...process.env,
        SMTP_HOST: target.host,
        SMTP_PORT: String(target.port),
        SMTP_USER: target.user,
        SMTP_PASS: target.password,
        SMTP_CA: target.tls.ca,
        REDIS_URL: redis.url,
        PER_HOUR: String(sizes.perHour),
        START: String(start),
        DEADLINE: String(deadline),
      };
      const outs = await Promise.all(Array.from({ length: sizes.workers }, () => runTsxChild(worker, [], { env })));
      const acquired = outs.flatMap(
        (o) => (JSON.parse(o.split('\n').at(-1) ?? '{}') as { acquiredAt: number[] }).acquiredAt,
      );
      const received = emulator.store.outbox.mail.map((m) => m.receivedAt).filter((at) => at >= start && at < deadline);
      const accepted = received.length;
      const allowed = (sizes.perHour / 3600) * sizes.pacingSeconds;
      const burst = Math.max(1, Math.round(sizes.perHour / 3600));
      const windowMs = Math.round((burst * 3_600_000) / sizes.perHour);
      const maxPerWindow = busiestWindow(acquired, windowMs);
      const maxPerWindowAtServer = busiestWindow(received, windowMs);
      figures.pacingFirstReleaseAfterStartMs = acquired.length ? (acquired[0] as number) - start : -1;
      figures.pacingAccepted = accepted;
      figures.pacingAllowed = allowed;
      figures.pacingAccuracy = Number((accepted / allowed).toFixed(4));
      figures.pacingWorkers = sizes.workers;
      figures.pacingWindowLimit = burst;
      figures.pacingWindowMs = windowMs;
      figures.pacingMaxPerWindow = maxPerWindow;
      figures.pacingMaxPerWindowAtServer = maxPerWindowAtServer;
      figures.pacingNeverOverRate = maxPerWindow <= burst && maxPerWindowAtServer <= burst;
    } finally {
      await redis.stop();
    }
    return figures;
  } finally {
    await emulator.close();
  }
}

/** The full-size run (`pnpm bench smtp`). */
export default function run(): Promise<Record<string, number | string | boolean>> {
  return measure();
}
