import { Readable } from 'node:stream';
import { type Clock, MailUpError } from '@mailup-kit/core';
import { parse as parseCsv } from 'csv-parse';
import type { ImportDetail, ImportStatus, NewRecipient } from './models/wire-models.js';
import type { RestCallOptions } from './resources/paged.js';
import {
  checkRecipient,
  type ImportResources,
  type ImportTarget,
  type StartImportOptions,
} from './resources/recipient-resources.js';
import { invalid } from './validate.js';

/** Where an import stands, saved after every chunk so that an interrupted import resumes exactly there. */
export interface ImportCheckpoint {
  version: 1;
  /** `list:12` or `group:7`: a checkpoint is only used for the same target. */
  target: string;
  /** Source records consumed so far (sent or refused as invalid), in source order. */
  consumed: number;
  sent: number;
  /** Records refused before sending (no Email/MobileNumber, bad values). */
  invalidLocal: number;
  /** Import ids MailUp returned, in order. */
  importIds: number[];
  /**
   * The chunk being sent when the checkpoint was saved, if its answer has not been seen yet: it starts at source
   * record `from` and spans `count` sent records plus `invalid` refused ones (absent in older checkpoints: 0).
   */
  inFlight?: { from: number; count: number; afterImportId: number; invalid?: number };
  /** The source's fingerprint (`options.fingerprint`), if the import was given one: resumed only with the same. */
  fingerprint?: string;
  /** True once every record of the source was consumed (sent or refused): nothing is left to send. */
  finished?: boolean;
}

/**
 * An exclusive right to run the import of one checkpoint, from {@link ImportCheckpointStore.lease}. Its `save` is a
 * compare-and-set: it rejects with a `conflict` {@link MailUpError} (and writes nothing) once the lease was lost.
 */
export interface ImportCheckpointLease {
  save(checkpoint: ImportCheckpoint): Promise<void>;
  release(): Promise<void>;
}

/**
 * Where checkpoints live (a file, Redis, a database row …). `load` may return anything parsed from storage: the
 * import checks it field by field before using it. A store that implements `lease` lets only one import resume
 * a checkpoint at a time (a second one is refused with `conflict` before it sends anything); without it, two
 * imports resuming the same checkpoint at once would both send the rest of the source.
 */
export interface ImportCheckpointStore {
  load(): Promise<ImportCheckpoint | undefined>;
  save(checkpoint: ImportCheckpoint): Promise<void>;
  /** Takes the checkpoint's lease for one import, or rejects with a `conflict` MailUpError if another holds it. */
  lease?(): Promise<ImportCheckpointLease>;
}

/** A progress report, emitted after every chunk and every status poll. */
export interface ImportProgress {
  /** Recipients sent to MailUp so far (this run and the runs it resumes). */
  sent: number;
  /** Recipients MailUp imported (completed chunks' `ImportedRecipients`). */
  accepted: number;
  /** Invalid recipients: refused before sending plus MailUp's `NotValidRecipients`. */
  invalid: number;
  /** Chunks sent and chunks MailUp completed. */
  chunks: number;
  completedChunks: number;
  /** Recipients sent per second in this run. */
  ratePerSecond: number;
  /** Estimated ms left (only with `options.total`). */
  etaMs: number | undefined;
}

/** What {@link bulkImport} resolves to. */
export interface ImportResult extends ImportProgress {
  importIds: number[];
}

/** A source of recipients: an array, an (async) iterable of objects, or a Node stream of CSV or JSON lines. */
export type ImportSource = readonly NewRecipient[] | Iterable<NewRecipient> | AsyncIterable<NewRecipient> | Readable;

/** Options of `rest.recipients.import`. */
export interface ImportOptions extends StartImportOptions {
  /** Recipients per asynchronous import (default 5 000, at most 100 000). */
  chunkSize?: number;
  /** For a byte stream: `csv` (default; header row with Email, Name, MobileNumber, MobilePrefix, Field1…) or `jsonl`. */
  format?: 'csv' | 'jsonl';
  /** How many records the source holds, for the ETA. */
  total?: number;
  /** Wait until MailUp completed every chunk (default true), polling every `pollIntervalMs` (default 1 000). */
  waitForCompletion?: boolean;
  pollIntervalMs?: number;
  /** Save and resume progress. */
  checkpoint?: ImportCheckpointStore;
  /**
   * Names the source (a file's name, size and modification time, an export's id, a content hash …; at most 512
   * characters): saved in the checkpoint, and a checkpoint saved under another fingerprint (or none) is refused
   * with `conflict`. With it, a finished checkpoint of the same source answers its result without sending again.
   */
  fingerprint?: string;
  /**
   * For a byte stream: its text encoding, a WHATWG label (`utf-8` default, `windows-1252`, `latin1`, `utf-16le` …).
   * Bytes that are not valid in it (by default: invalid UTF-8) fail the import with `validation`, never replaced.
   */
  encoding?: string;
  /**
   * For a byte stream: the longest record read (a CSV row in UTF-8 bytes, a JSON line in characters; default
   * 65 536). A longer one fails the import with `validation` as soon as the cap is passed: it is never held whole.
   */
  maxRecordSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Called for each record refused before sending (never with more than its index and reason). */
  onInvalid?: (index: number, reason: string) => void;
}

const OP = 'rest.recipients.import';

function isReadable(source: unknown): source is Readable {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as Readable).pipe === 'function' &&
    typeof (source as Readable).on === 'function'
  );
}

/** Maps a CSV header to a recipient key: Email, Name, MobileNumber, MobilePrefix, or a field (`Field3`, `campo3`, `3`). */
function csvColumn(header: string): string | number {
  const h = header.trim();
  const known = ['Email', 'Name', 'MobileNumber', 'MobilePrefix'].find((k) => k.toLowerCase() === h.toLowerCase());
  if (known) return known;
  const field = /^(?:field|campo)?\s*(\d{1,3})$/i.exec(h);
  if (field) return Number(field[1]);
  throw invalid(
    OP,
    `unknown CSV column "${h.slice(0, 40)}" (Email, Name, MobileNumber, MobilePrefix, Field1…)`,
    'rest',
  );
}

function fromCsvRow(row: Record<string, string>): NewRecipient {
  const out: NewRecipient = {};
  const fields: Array<{ Id: number; Value: string }> = [];
  for (const [header, value] of Object.entries(row)) {
    const key = csvColumn(header);
    if (typeof key === 'number') {
      if (value !== '') fields.push({ Id: key, Value: value });
    } else if (value !== '') {
      (out as Record<string, string>)[key] = value;
    }
  }
  if (fields.length > 0) out.Fields = fields;
  return out;
}

/** How a byte stream is read: its encoding and the longest record. */
interface StreamFormat {
  format: 'csv' | 'jsonl';
  encoding: string;
  maxRecordSize: number;
}

/**
 * The text of a stream of bytes or strings, decoded as it is read: bytes through a fatal `TextDecoder` (a byte
 * sequence that is not valid in the encoding fails the import with `validation`, never becomes U+FFFD; a
 * character split across two chunks is decoded whole); strings pass through as they are.
 */
async function* decodedText(chunks: AsyncIterable<unknown>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      const where =
        bytes === undefined ? `at its end (byte ${offset})` : `in bytes ${offset}–${offset + bytes.length - 1}`;
      throw invalid(
        OP,
        `the source is not valid ${decoder.encoding} ${where}; give \`encoding\` if it is written in another one`,
        'rest',
      );
    }
  };
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      if (chunk !== '') yield chunk;
      continue;
    }
    if (!(chunk instanceof Uint8Array)) throw invalid(OP, 'a byte stream must yield only bytes or strings', 'rest');
    const text = decode(chunk);
    offset += chunk.length;
    if (text !== '') yield text;
  }
  const rest = decode();
  if (rest !== '') yield rest;
}

const tooLong = (what: string, line: number, max: number) =>
  invalid(OP, `${what} at line ${line} is over maxRecordSize (${max})`, 'rest');

/** Lines of a text, never holding more than `max` characters of one line (a longer line fails the import). */
async function* boundedLines(text: AsyncIterable<string>, max: number): AsyncGenerator<string> {
  let carry = '';
  let line = 0;
  for await (const piece of text) {
    let start = 0;
    for (let nl = piece.indexOf('\n'); nl !== -1; nl = piece.indexOf('\n', start)) {
      line++;
      if (carry.length + nl - start > max) throw tooLong('a JSON line', line, max);
      yield carry + piece.slice(start, nl);
      carry = '';
      start = nl + 1;
    }
    if (carry.length + piece.length - start > max) throw tooLong('a JSON line', line + 1, max);
    carry += piece.slice(start);
  }
  if (carry !== '') yield carry;
}

/** Records of a Node stream, one at a time (parsed as it is read: memory stays bounded). */
async function* streamRecords(source: Readable, how: StreamFormat): AsyncGenerator<unknown> {
  // Bytes or text (also an object-mode stream of strings, like Readable.from(['a,b\n'])) are parsed; objects are
  // records as they are.
  const chunks = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return;
  async function* all() {
    try {
      yield first.value;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await chunks.return?.(); // left early (a refused record, an abort): the stream is destroyed
    }
  }
  if (typeof first.value !== 'string' && !(first.value instanceof Uint8Array)) {
    yield* all();
    return;
  }
  const text = decodedText(all(), how.encoding);
  if (how.format === 'jsonl') {
    for await (const line of boundedLines(text, how.maxRecordSize)) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line);
      } catch {
        yield { __invalid: 'not a JSON line' };
      }
    }
    return;
  }
  const chars = Readable.from(text, { objectMode: false });
  const parser = parseCsv({
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    max_record_size: how.maxRecordSize,
  });
  // pipe() does not pass a failure on: a decoding error (or the source's) ends the parser with it.
  chars.on('error', (error) => parser.destroy(error));
  chars.pipe(parser);
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) yield fromCsvRow(row);
  } catch (error) {
    if (error instanceof MailUpError) throw error;
    // csv-parse's errors name the line (never echo the row: it may hold personal data).
    const code = (error as { code?: string }).code ?? 'CSV_ERROR';
    const line = (error as { lines?: number }).lines;
    if (code === 'CSV_MAX_RECORD_SIZE') throw tooLong('a CSV record', line ?? 0, how.maxRecordSize);
    throw invalid(OP, `the CSV does not parse (${code}${line === undefined ? '' : ` at line ${line}`})`, 'rest');
  } finally {
    chars.destroy();
  }
}

/** Where records come from: the source's own iterator (no wrapper per record), or a stream's parser. */
type RecordReader = Iterator<unknown> | AsyncIterator<unknown>;

function recordReader(source: ImportSource, how: StreamFormat): RecordReader {
  if (isReadable(source)) return streamRecords(source, how);
  if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) {
    return (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  }
  if (typeof source === 'object' && source !== null && Symbol.iterator in source) {
    return (source as Iterable<unknown>)[Symbol.iterator]();
  }
  throw invalid(OP, 'source must be an array, an (async) iterable or a Node stream', 'rest');
}

function targetKey(target: ImportTarget): string {
  return typeof target === 'object' ? `group:${target.groupId}` : `list:${target}`;
}

function conflictOn(field: string, message: string): MailUpError {
  return new MailUpError({
    kind: 'conflict',
    protocol: 'rest',
    operation: OP,
    message: `checkpoint.${field}: ${message}`,
    details: { field: `checkpoint.${field}` },
  });
}

function malformedCheckpoint(field: string, message: string): MailUpError {
  return invalid(OP, `checkpoint.${field} ${message} (the checkpoint is not usable: nothing was sent)`, 'rest');
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Checks a loaded checkpoint field by field before anything is sent: a malformed one is refused with `validation`
 * naming the field (a missing `consumed` would re-import from record 0, a string one be coerced), a well-formed one
 * of another import with `conflict` (another target, another fingerprint, or a finished import resumed without
 * the fingerprint that would recognise it).
 */
function checkCheckpoint(raw: unknown, key: string, fingerprint: string | undefined): ImportCheckpoint {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(OP, 'the checkpoint must be an object (nothing was sent)', 'rest');
  }
  const cp = raw as Record<string, unknown>;
  if (cp.version !== 1) throw malformedCheckpoint('version', 'must be 1');
  if (typeof cp.target !== 'string' || !/^(?:list|group):\d{1,10}$/.test(cp.target)) {
    throw malformedCheckpoint('target', 'must be "list:<id>" or "group:<id>"');
  }
  for (const field of ['consumed', 'sent', 'invalidLocal'] as const) {
    if (!isCount(cp[field])) throw malformedCheckpoint(field, 'must be a non-negative integer');
  }
  const consumed = cp.consumed as number;
  const sent = cp.sent as number;
  const invalidLocal = cp.invalidLocal as number;
  if (consumed !== sent + invalidLocal) {
    throw malformedCheckpoint('consumed', `(${consumed}) must equal sent + invalidLocal (${sent + invalidLocal})`);
  }
  const ids = cp.importIds;
  if (!Array.isArray(ids)) throw malformedCheckpoint('importIds', 'must be an array of import ids');
  let previous = 0;
  for (const id of ids as unknown[]) {
    if (!(Number.isSafeInteger(id) && (id as number) > previous)) {
      throw malformedCheckpoint('importIds', 'must hold increasing positive integers');
    }
    previous = id as number;
  }
  if (ids.length > sent) throw malformedCheckpoint('importIds', `has ${ids.length} imports for ${sent} records sent`);
  if (cp.fingerprint !== undefined && (typeof cp.fingerprint !== 'string' || cp.fingerprint === '')) {
    throw malformedCheckpoint('fingerprint', 'must be a non-empty string');
  }
  if (cp.finished !== undefined && typeof cp.finished !== 'boolean') {
    throw malformedCheckpoint('finished', 'must be a boolean');
  }
  const inFlight = cp.inFlight;
  if (inFlight !== undefined) {
    if (typeof inFlight !== 'object' || inFlight === null) throw malformedCheckpoint('inFlight', 'must be an object');
    const f = inFlight as Record<string, unknown>;
    if (f.from !== consumed) throw malformedCheckpoint('inFlight.from', `must equal consumed (${consumed})`);
    if (!(isCount(f.count) && f.count > 0)) throw malformedCheckpoint('inFlight.count', 'must be a positive integer');
    if (f.afterImportId !== previous) {
      throw malformedCheckpoint('inFlight.afterImportId', 'must be the last of importIds (0 when there is none)');
    }
    if (f.invalid !== undefined && !isCount(f.invalid)) {
      throw malformedCheckpoint('inFlight.invalid', 'must be a non-negative integer');
    }
    if (cp.finished === true) throw malformedCheckpoint('finished', 'cannot be true with a chunk in flight');
  }
  if (cp.target !== key) {
    throw conflictOn('target', `this checkpoint is ${cp.target}'s import, not ${key}'s`);
  }
  if (cp.fingerprint !== fingerprint) {
    throw conflictOn(
      'fingerprint',
      cp.fingerprint === undefined
        ? 'the checkpoint was saved without a fingerprint: it may be another source'
        : fingerprint === undefined
          ? 'the checkpoint names its source by a fingerprint, and this import gives none'
          : 'the checkpoint was saved for another source (another fingerprint)',
    );
  }
  if (cp.finished === true && fingerprint === undefined) {
    throw conflictOn(
      'finished',
      `the checkpoint records a finished import (${consumed} records): a new import needs a new checkpoint ` +
        "(give the same `fingerprint` to read a finished one's result)",
    );
  }
  return cp as unknown as ImportCheckpoint;
}

/** The REST calls bulk import makes (so it can be driven by any client). */
export interface BulkImportDeps {
  imports: ImportResources;
  clock: Clock;
  /**
   * The list a group belongs to, if known: a lost chunk of a group import is then also matched on its list (it is
   * always matched on the group itself, so this may answer undefined).
   */
  listOf?: (target: ImportTarget) => Promise<number | undefined>;
}

/**
 * Streams recipients into MailUp as chunked asynchronous imports (REFERENCE §6.5 `POST List/{id}/Recipients`):
 * reads the source one record at a time (a CSV or JSON-lines stream through a real streaming parser), checks each
 * record (invalid ones are counted, never sent), sends `chunkSize` records per import, saves a checkpoint before and
 * after each chunk, polls the imports' status and reports progress. One chunk is in flight at a time; the next one
 * is read and checked while it is (so a chunk's POST can start the moment the limiter allows it), which keeps at
 * most two chunks in memory. Status polls run beside the sends and never hold one back. After an interruption, the
 * same call with the same source and checkpoint store skips what was consumed; a chunk whose answer was lost is
 * recognised in `GET Console/Imports` (same target, same row count, a newer id) and not sent again, so no recipient
 * is imported twice and none is skipped. A loaded checkpoint is checked field by field before any call (`validation`
 * or `conflict` naming the field; see the README's checkpoint table), a finished one is recognised as finished, and
 * a store's `lease` keeps a second resumer of the same checkpoint from sending anything (`conflict`).
 */
export async function bulkImport(
  deps: BulkImportDeps,
  target: ImportTarget,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const chunkSize = options.chunkSize ?? 5000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 100_000) {
    throw invalid(OP, 'chunkSize must be an integer from 1 to 100000', 'rest');
  }
  const pollMs = options.pollIntervalMs ?? 1000;
  if (!(Number.isFinite(pollMs) && pollMs >= 0)) throw invalid(OP, 'pollIntervalMs must be >= 0', 'rest');
  if (options.total !== undefined && !(Number.isInteger(options.total) && options.total >= 0)) {
    throw invalid(OP, 'total must be a non-negative integer', 'rest');
  }
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw invalid(OP, 'format must be csv or jsonl', 'rest');
  const maxRecordSize = options.maxRecordSize ?? 65_536;
  if (!(Number.isSafeInteger(maxRecordSize) && maxRecordSize >= 1)) {
    throw invalid(OP, 'maxRecordSize must be a positive integer', 'rest');
  }
  const encoding = options.encoding ?? 'utf-8';
  try {
    new TextDecoder(encoding);
  } catch {
    throw invalid(OP, `encoding must be a WHATWG encoding label (${String(encoding).slice(0, 40)} is not one)`, 'rest');
  }
  const { fingerprint } = options;
  if (
    fingerprint !== undefined &&
    !(typeof fingerprint === 'string' && fingerprint !== '' && fingerprint.length <= 512)
  ) {
    throw invalid(OP, 'fingerprint must be a string of 1 to 512 characters', 'rest');
  }
  const reader = recordReader(source, { format, encoding, maxRecordSize });
  const store = options.checkpoint;
  const state: RunState = { readerOwned: false };
  let lease: ImportCheckpointLease | undefined;
  try {
    lease = await store?.lease?.();
    return await runImport(deps, target, reader, options, { chunkSize, pollMs, store, lease, state });
  } finally {
    // Refused before the first read (a checkpoint of another source, a finished one …): close the source too.
    if (!state.readerOwned) await Promise.resolve(reader.return?.(undefined)).catch(() => undefined);
    await lease?.release();
  }
}

/** Whether the main loop took over closing the source. */
interface RunState {
  readerOwned: boolean;
}

/** What {@link bulkImport} checked and holds for {@link runImport}. */
interface RunSettings {
  chunkSize: number;
  pollMs: number;
  store: ImportCheckpointStore | undefined;
  lease: ImportCheckpointLease | undefined;
  state: RunState;
}

async function runImport(
  deps: BulkImportDeps,
  target: ImportTarget,
  reader: RecordReader,
  options: ImportOptions,
  { chunkSize, pollMs, store, lease, state }: RunSettings,
): Promise<ImportResult> {
  const key = targetKey(target);
  const { accept, importType, confirmEmail, fingerprint } = options;
  // Many calls: each its own id, all children of the caller's (its `callId` is the parent when no parent is given).
  const { signal, timeoutMs, deadline, callId, parentCallId } = options;
  const call: RestCallOptions = { signal, timeoutMs, deadline, parentCallId: parentCallId ?? callId, accept };
  const start: StartImportOptions = { ...call, importType, confirmEmail };
  const { imports, clock } = deps;

  const loaded = await store?.load();
  let cp: ImportCheckpoint =
    loaded === undefined
      ? {
          version: 1,
          target: key,
          consumed: 0,
          sent: 0,
          invalidLocal: 0,
          importIds: [],
          ...(fingerprint === undefined ? {} : { fingerprint }),
        }
      : checkCheckpoint(loaded, key, fingerprint);
  const save = async (next: ImportCheckpoint) => {
    cp = next;
    await (lease ?? store)?.save(next);
  };

  const startedAt = clock.now();
  const sentAtStart = cp.sent;
  const done = new Map<number, ImportStatus>();
  const pending: number[] = [...cp.importIds];
  const progress = (): ImportProgress => {
    let accepted = 0;
    let invalidRemote = 0;
    for (const s of done.values()) {
      accepted += s.ImportedRecipients;
      invalidRemote += s.NotValidRecipients;
    }
    const elapsed = Math.max(1, clock.now() - startedAt) / 1000;
    const rate = (cp.sent - sentAtStart) / elapsed;
    const left = options.total === undefined ? undefined : Math.max(0, options.total - cp.consumed);
    return {
      sent: cp.sent,
      accepted,
      invalid: cp.invalidLocal + invalidRemote,
      chunks: cp.importIds.length,
      completedChunks: done.size,
      ratePerSecond: rate,
      etaMs: left === undefined ? undefined : rate > 0 ? Math.round((left / rate) * 1000) : undefined,
    };
  };
  const report = () => options.onProgress?.(progress());
  let lastPoll = clock.now();
  /** Polls the oldest pending import; every completed one lets the next be polled at once (no idle interval). */
  const pollOldest = async () => {
    for (;;) {
      const oldest = pending[0];
      if (oldest === undefined) return;
      const status = await imports.status(oldest, call);
      lastPoll = clock.now();
      if (!status.Completed) return report();
      done.set(oldest, status);
      pending.shift();
      report();
    }
  };

  // A chunk whose answer was lost: did MailUp receive it? Look for a newer import of that size into the same
  // target: a list target matches an import into that list and no group, a group target an import into that one
  // group (and its list, when `listOf` knows it). An import of the same size elsewhere is never taken for it.
  if (cp.inFlight) {
    const { afterImportId, count } = cp.inFlight;
    const listId = typeof target === 'number' ? target : await deps.listOf?.(target);
    const sameTarget = (d: ImportDetail) => {
      const groups = d.IdGroups ?? [];
      if (listId !== undefined && d.IdList !== listId) return false;
      return typeof target === 'number' ? groups.length === 0 : groups.length === 1 && groups[0] === target.groupId;
    };
    let found: ImportDetail | undefined;
    for await (const d of imports.list({ orderby: 'IdImport desc', pageSize: 50, ...call })) {
      if (d.IdImport <= afterImportId) break;
      const rows = d.Rows?.Total;
      if (sameTarget(d) && rows === count) {
        found = d;
        break;
      }
    }
    const { inFlight, ...rest } = cp;
    // The chunk spans its sent records and the invalid ones read among them: all of them are consumed, or a valid
    // record of this chunk would be read again after the invalid ones' count and sent twice.
    const invalidIn = inFlight.invalid ?? 0;
    await save(
      found
        ? {
            ...rest,
            consumed: inFlight.from + count + invalidIn,
            sent: cp.sent + count,
            invalidLocal: cp.invalidLocal + invalidIn,
            importIds: [...cp.importIds, found.IdImport],
          }
        : rest,
    );
    if (found) pending.push(found.IdImport);
  }

  // Status polls run beside the sends: a poll held back by its own limiter never delays the next chunk. A poll's
  // failure surfaces before the next chunk is sent (or at the end).
  let polling: Promise<void> | undefined;
  let pollError: { error: unknown } | undefined;
  const startPoll = () => {
    if (polling !== undefined || pending.length === 0 || clock.now() - lastPoll < pollMs) return;
    lastPoll = clock.now();
    polling = pollOldest().then(
      () => {
        polling = undefined;
      },
      (error: unknown) => {
        polling = undefined;
        pollError ??= { error };
      },
    );
  };
  const throwPollError = () => {
    if (pollError) throw pollError.error;
  };

  /** A chunk read from the source: records `from` … `from + records.length + invalid - 1`. */
  interface Chunk {
    from: number;
    records: NewRecipient[];
    invalid: number;
    /** The source ended (or the caller aborted) while this chunk was read. */
    last: boolean;
  }
  const skip = cp.consumed; // consumed by earlier runs
  let index = 0;
  let readFrom = skip;
  /** Reads the next chunk (skipping what earlier runs consumed); one read at a time. */
  const readChunk = async (): Promise<Chunk> => {
    const chunk: Chunk = { from: readFrom, records: [], invalid: 0, last: false };
    while (chunk.records.length < chunkSize) {
      if (signal?.aborted) {
        chunk.last = true;
        break;
      }
      // A sync iterator (an array) answers at once: no promise per record.
      const pulled = reader.next();
      const next =
        typeof (pulled as Promise<unknown>).then === 'function' ? await pulled : (pulled as IteratorResult<unknown>);
      if (next.done) {
        if (index < skip) {
          throw conflictOn(
            'consumed',
            `the source ended after ${index} records, but the checkpoint consumed ${skip}: it is another source`,
          );
        }
        chunk.last = true;
        break;
      }
      const record = next.value;
      if (index++ < skip) continue;
      // A source that never waits (an array, a generator) would otherwise read a whole chunk in one go: let the
      // send in flight, its limiter timer and the status polls run in between.
      if (index % 1024 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        // (A null or a number is refused by checkRecipient as not an object, never a TypeError here.)
        const unparsed = typeof record === 'object' && record !== null && (record as { __invalid?: string }).__invalid;
        if (unparsed) throw invalid(OP, String(unparsed), 'rest');
        chunk.records.push(checkRecipient(OP, record as NewRecipient, index - 1));
      } catch (error) {
        if (!MailUpError.is(error, 'validation')) throw error;
        chunk.invalid++;
        options.onInvalid?.(index - 1, error.message);
      }
    }
    readFrom = chunk.from + chunk.records.length + chunk.invalid;
    return chunk;
  };

  const sendChunk = async ({ from, records: batch, invalid: invalidIn }: Chunk) => {
    const count = batch.length;
    if (count === 0) {
      if (invalidIn > 0) {
        await save({ ...cp, consumed: from + invalidIn, invalidLocal: cp.invalidLocal + invalidIn });
      }
      return;
    }
    const lastId = cp.importIds[cp.importIds.length - 1] ?? 0;
    await save({ ...cp, inFlight: { from, count, afterImportId: lastId, invalid: invalidIn } });
    const importId = await imports.start(target, batch, start);
    const { inFlight: _f, ...rest } = cp;
    await save({
      ...rest,
      consumed: from + count + invalidIn,
      sent: cp.sent + count,
      invalidLocal: cp.invalidLocal + invalidIn,
      importIds: [...cp.importIds, importId],
    });
    pending.push(importId);
    report();
    startPoll();
  };

  const aborted = () =>
    new MailUpError({
      kind: 'aborted',
      protocol: 'rest',
      operation: OP,
      message: `${OP}: aborted; resume from the checkpoint`,
    });
  const readAhead = () => {
    const read = readChunk();
    read.catch(() => undefined); // its failure is seen when it is awaited, after the send in flight
    return read;
  };
  // The next chunk is read while the current one is sent (a read never overtakes a send: one chunk in flight). A
  // finished checkpoint (of the same fingerprint: checkCheckpoint refused any other) reads nothing and sends nothing.
  let sourceEnded = cp.finished === true;
  let reading: Promise<Chunk> | undefined = sourceEnded ? undefined : readAhead();
  state.readerOwned = !sourceEnded;
  try {
    while (reading !== undefined) {
      const chunk: Chunk = await reading;
      sourceEnded = chunk.last && !signal?.aborted;
      reading = chunk.last ? undefined : readAhead();
      if (signal?.aborted) throw aborted();
      throwPollError();
      await sendChunk(chunk);
    }
  } finally {
    // Left early (abort or failure): close the source (a stream is destroyed), after a read in progress settles.
    if (!sourceEnded) {
      const close = async () => {
        await reader.return?.(undefined);
      };
      if (reading === undefined) await close().catch(() => undefined);
      else reading.then(close, close).catch(() => undefined);
    }
  }
  if (!cp.finished) await save({ ...cp, finished: true });
  if (polling !== undefined) await polling;
  throwPollError();
  if (options.waitForCompletion !== false) {
    while (pending.length > 0) {
      const wait = Math.max(0, pollMs - (clock.now() - lastPoll));
      if (wait > 0) await clock.sleep(wait, signal);
      await pollOldest();
    }
  }
  const result = progress();
  report();
  return { ...result, importIds: [...cp.importIds] };
}
