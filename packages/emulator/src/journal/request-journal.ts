import { inspect } from 'node:util';
import type { Protocol } from '@mailup-kit/core';
import { MailUpError, redactString } from '@mailup-kit/core';
import { redactHeaders } from '@mailup-kit/core/pipeline';

/** A request or answer body as the journal keeps it: redacted, then cut to the journal's cap. */
export interface JournalBody {
  /** The redacted text (UTF-8), at most `maxBodyBytes` bytes of it. */
  text: string;
  /** Size of the original body, bytes. */
  size: number;
  /** True when `text` was cut. */
  truncated: boolean;
}

/** What the transport saw of one request. */
export type JournalTransport =
  /** HTTP: whether the body was read whole (false when refused as too large), whether the socket was reset. */
  | { kind: 'http'; bodyReadWhole: boolean; reset: boolean }
  /** SMTP: whether DATA reached its final dot, and how many RCPT TO the transaction had. */
  | { kind: 'smtp'; dataCompleted: boolean; recipients: number };

/** One journaled request (HTTP request or SMTP+ DATA transaction). */
export interface JournalEntry {
  /** Increasing from 1 per emulator (not reset by `journal.clear`); ids of evicted entries are never reused. */
  id: number;
  /** Emulator clock when the request arrived, ms since the epoch (moved by `clock.advance`). */
  time: number;
  /** Wall clock when the request arrived, ms since the epoch. */
  wallTime: number;
  protocol: Protocol;
  /** The operation id in the project's one scheme: `rest:GET Console/List`, `soap:MailupSend.GetLists`, `smtp:send` … */
  operation: string;
  /** HTTP method, or `DATA` for SMTP. */
  method: string;
  /** HTTP path with the query string, secret parameters redacted; the SMTP listener's URL for SMTP. */
  path: string;
  /** The account the request acted for (its credentials, else the account its path names); undefined if none. */
  accountId: number | undefined;
  /** HTTP status, or the SMTP reply code (0 when the connection was dropped without a reply). */
  status: number;
  /** From arrival to the answer, ms. */
  durationMs: number;
  transport: JournalTransport;
  request: { headers: Record<string, string>; body: JournalBody };
  response: { headers: Record<string, string>; body: JournalBody };
}

/** What the server hands the journal; it builds the entry (redacting, capping) only when someone wants it. */
export interface JournalRecord {
  time: number;
  wallTime: number;
  protocol: Protocol;
  operation: string;
  method: string;
  path: string;
  accountId: number | undefined;
  status: number;
  durationMs: number;
  transport: JournalTransport;
  requestHeaders: Readonly<Record<string, string | string[] | number | undefined>>;
  requestBody: Buffer | string | undefined;
  responseHeaders: Readonly<Record<string, string | string[] | number | undefined>>;
  responseBody: Buffer | string | undefined;
}

/** Filters of {@link RequestJournal.list} and {@link RequestJournal.count}; all given ones must match. */
export interface JournalFilter {
  protocol?: Protocol | string;
  /** Exact operation id; a trailing `*` matches a prefix (`rest:GET *`). */
  operation?: string;
  status?: number;
  accountId?: number;
  /** Emulator time, ms: entries at or after it. */
  since?: number;
  /** Emulator time, ms: entries before it. */
  until?: number;
  /** Entries with an id above it (a mark taken with `journal.lastId()`). */
  afterId?: number;
  /** At most this many, the newest ones (still in arrival order). */
  limit?: number;
}

/** Bounds of the journal. */
export interface JournalOptions {
  /** Keep no entries at all (the request log still works). Default true. */
  enabled?: boolean;
  /** Most entries kept, oldest evicted first (default 10,000). */
  maxEntries?: number;
  /** Most bytes the kept entries take, estimated (default 64 MiB); the newest entry is always kept. */
  maxBytes?: number;
  /** Each body's cap, bytes (default 4 KiB); the original size is kept. */
  maxBodyBytes?: number;
}

/** Defaults of {@link JournalOptions}. */
export const JOURNAL_DEFAULTS = Object.freeze({
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
  maxBodyBytes: 4 * 1024,
});

/** Fixed overhead per entry in the byte estimate (the object, its strings' headers, the transport). */
const ENTRY_OVERHEAD = 512;

// A header whose value is a credential even if its name is not secret (SOAP `SOAPAction` is not; `X-Api-Token` is).
const KEPT_HEADERS = 24;

/**
 * How much of a body is redacted before the cut: 16 × the cap, at least 64 KiB. Redacting a whole 10 MiB body would
 * block the event loop for seconds on hostile input; a secret would have to be longer than the window minus the cap
 * (60 KiB by default) to straddle its end.
 */
export function redactionWindow(cap: number): number {
  return Math.max(16 * cap, 64 * 1024);
}

function body(value: Buffer | string | undefined, cap: number): JournalBody {
  if (value === undefined || value.length === 0) return { text: '', size: 0, truncated: false };
  const size = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  const window = redactionWindow(cap);
  const head =
    value.length <= window ? value : typeof value === 'string' ? value.slice(0, window) : value.subarray(0, window);
  // Redact before cutting: a cut through `"password":"…` would leave the secret's start.
  const text = redactString(typeof head === 'string' ? head : head.toString('utf8'));
  if (head === value && Buffer.byteLength(text) <= cap) return { text, size, truncated: false };
  return { text: Buffer.from(text).subarray(0, cap).toString('utf8'), size, truncated: true };
}

function headers(value: JournalRecord['requestHeaders']): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [key, item] of Object.entries(redactHeaders(value))) {
    if (item === undefined) continue;
    if (++n > KEPT_HEADERS) break;
    const text = Array.isArray(item) ? item.join(', ') : String(item);
    out[key] = redactString(text.length > 1024 ? text.slice(0, 1024) : text);
  }
  return out;
}

/** Bodies up to this size (and 4 × the cap) are kept as received and redacted when first read; larger ones at once. */
const LAZY_BODY_BYTES = 16 * 1024;

type Meta = Omit<JournalEntry, 'path' | 'request' | 'response'>;
type Raw = Pick<JournalRecord, 'path' | 'requestHeaders' | 'requestBody' | 'responseHeaders' | 'responseBody'>;

function rawSize(value: Buffer | string | JournalBody | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') return value.length * 2;
  if (Buffer.isBuffer(value)) return value.length;
  return value.text.length * 2;
}

/** Estimated bytes of a header map: per header, a name, a typical value and the property (no walk of the values). */
const HEADER_BYTES = 128;

function headerSize(value: Raw['requestHeaders']): number {
  return Object.keys(value).length * HEADER_BYTES;
}

/**
 * One kept request. The hot path only stores what it was given (no redaction, no copy); the redacted, capped
 * {@link JournalEntry} is built the first time anyone reads it, and the raw parts are dropped then. The raw parts sit
 * in a private field, so neither `util.inspect` nor `JSON.stringify` of the journal ever shows them.
 */
class Slot {
  readonly meta: Meta;
  readonly size: number;
  #raw: Raw | undefined;
  #entry: JournalEntry | undefined;

  constructor(meta: Meta, raw: Raw, cap: number) {
    this.meta = meta;
    const lazyMax = Math.min(LAZY_BODY_BYTES, 4 * cap);
    const big = (b: Raw['requestBody']) => b !== undefined && b.length > lazyMax;
    // A large body is redacted and cut now, so that no more than 4 × the cap of it is ever held.
    this.#raw = {
      path: raw.path,
      requestHeaders: raw.requestHeaders,
      requestBody: big(raw.requestBody) ? (body(raw.requestBody, cap) as unknown as string) : raw.requestBody,
      responseHeaders: raw.responseHeaders,
      responseBody: big(raw.responseBody) ? (body(raw.responseBody, cap) as unknown as string) : raw.responseBody,
    };
    this.#cap = cap;
    this.size =
      ENTRY_OVERHEAD +
      meta.operation.length * 2 +
      raw.path.length * 2 +
      rawSize(this.#raw.requestBody) +
      rawSize(this.#raw.responseBody) +
      headerSize(raw.requestHeaders) +
      headerSize(raw.responseHeaders);
  }

  #cap: number;

  entry(): JournalEntry {
    if (this.#entry) return this.#entry;
    const raw = this.#raw as Raw;
    const cap = this.#cap;
    const asBody = (b: Raw['requestBody'] | JournalBody): JournalBody =>
      b !== undefined && typeof b === 'object' && !Buffer.isBuffer(b) ? (b as JournalBody) : body(b, cap);
    this.#entry = {
      ...this.meta,
      path: redactString(raw.path),
      request: { headers: headers(raw.requestHeaders), body: asBody(raw.requestBody) },
      response: { headers: headers(raw.responseHeaders), body: asBody(raw.responseBody) },
    };
    // Order the keys like the type (id … accountId, status, durationMs, transport, request, response).
    const { id, time, wallTime, protocol, operation, method, path, accountId, status, durationMs, transport } =
      this.#entry;
    this.#entry = {
      id,
      time,
      wallTime,
      protocol,
      operation,
      method,
      path,
      accountId,
      status,
      durationMs,
      transport,
      request: this.#entry.request,
      response: this.#entry.response,
    };
    this.#raw = undefined;
    return this.#entry;
  }

  [inspect.custom](): JournalEntry {
    return this.entry();
  }

  toJSON(): JournalEntry {
    return this.entry();
  }
}

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'emulator.journal', message });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw invalid(`journal ${name} must be a positive integer`);
  return value;
}

/**
 * The emulator's request journal (WireMock's is the model): a bounded ring buffer of {@link JournalEntry}, oldest
 * evicted first when it holds `maxEntries` entries or `maxBytes` bytes. Bodies are redacted, then capped.
 */
export class RequestJournal {
  readonly enabled: boolean;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxBodyBytes: number;
  private readonly ring: Array<Slot | undefined>;
  private readonly sizes: number[];
  private start = 0;
  private length = 0;
  private bytes = 0;
  private nextId = 1;
  private evictedCount = 0;
  private readonly listeners: Array<(entry: JournalEntry) => void> = [];

  constructor(options: JournalOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.maxEntries = positive('maxEntries', options.maxEntries, JOURNAL_DEFAULTS.maxEntries);
    this.maxBytes = positive('maxBytes', options.maxBytes, JOURNAL_DEFAULTS.maxBytes);
    this.maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, JOURNAL_DEFAULTS.maxBodyBytes);
    // Grown on demand up to maxEntries, so a large bound costs nothing until used.
    this.ring = [];
    this.sizes = [];
  }

  /** Calls `listener` with every entry (the request log); works when the journal keeps nothing. */
  onEntry(listener: (entry: JournalEntry) => void): void {
    this.listeners.push(listener);
  }

  /** Whether {@link record} does anything (kept entries or a listener). */
  get active(): boolean {
    return this.enabled || this.listeners.length > 0;
  }

  /** Adds one request; returns its entry (undefined when the journal is off and nobody listens). */
  record(record: JournalRecord): JournalEntry | undefined {
    if (!this.active) return undefined;
    const meta: Meta = {
      id: this.nextId++,
      time: record.time,
      wallTime: record.wallTime,
      protocol: record.protocol,
      operation: record.operation,
      method: record.method,
      accountId: record.accountId,
      status: record.status,
      durationMs: record.durationMs,
      transport: record.transport,
    };
    const slot = new Slot(meta, record, this.maxBodyBytes);
    if (this.enabled) this.push(slot);
    if (this.listeners.length === 0) return undefined;
    const entry = slot.entry();
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  private push(slot: Slot): void {
    const size = slot.size;
    while (this.length > 0 && (this.length >= this.maxEntries || this.bytes + size > this.maxBytes)) this.evict();
    const at = (this.start + this.length) % this.maxEntries;
    this.ring[at] = slot;
    this.sizes[at] = size;
    this.length++;
    this.bytes += size;
  }

  private evict(): void {
    this.bytes -= this.sizes[this.start] ?? 0;
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.maxEntries;
    this.length--;
    this.evictedCount++;
  }

  private at(i: number): Slot {
    return this.ring[(this.start + i) % this.maxEntries] as Slot;
  }

  /** Entries matching `filter`, in arrival order (with `limit`, the newest ones). */
  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.matching(filter, filter.limit ?? Number.POSITIVE_INFINITY)
      .reverse()
      .map((slot) => slot.entry());
  }

  /** Newest first, at most `limit`; reads only what the filters look at (no body is redacted). */
  private matching(filter: JournalFilter, limit: number): Slot[] {
    const test = matcher(filter);
    const out: Slot[] = [];
    for (let i = this.length - 1; i >= 0 && out.length < limit; i--) {
      const slot = this.at(i);
      if (filter.afterId !== undefined && slot.meta.id <= filter.afterId) break;
      if (test(slot.meta)) out.push(slot);
    }
    return out;
  }

  /** How many entries match `filter` (`limit` ignored). */
  count(filter: JournalFilter = {}): number {
    return this.matching(filter, Number.POSITIVE_INFINITY).length;
  }

  /** The entry with this id, if still kept. */
  find(id: number): JournalEntry | undefined {
    if (this.length === 0) return undefined;
    const i = id - this.at(0).meta.id;
    return Number.isInteger(i) && i >= 0 && i < this.length ? this.at(i).entry() : undefined;
  }

  /** The id of the last entry recorded (0 before any): a mark for `afterId`. */
  lastId(): number {
    return this.nextId - 1;
  }

  /** Forgets every entry (ids keep increasing). */
  clear(): void {
    this.ring.length = 0;
    this.sizes.length = 0;
    this.start = 0;
    this.length = 0;
    this.bytes = 0;
  }

  /** Size and bounds: entries kept, estimated bytes, evicted since start. */
  stats(): {
    enabled: boolean;
    entries: number;
    bytes: number;
    evicted: number;
    lastId: number;
    maxEntries: number;
    maxBytes: number;
    maxBodyBytes: number;
  } {
    return {
      enabled: this.enabled,
      entries: this.length,
      bytes: this.bytes,
      evicted: this.evictedCount,
      lastId: this.lastId(),
      maxEntries: this.maxEntries,
      maxBytes: this.maxBytes,
      maxBodyBytes: this.maxBodyBytes,
    };
  }
}

function matcher(filter: JournalFilter): (entry: Meta) => boolean {
  const op = filter.operation;
  const prefix = op?.endsWith('*') ? op.slice(0, -1) : undefined;
  return (e) =>
    (filter.protocol === undefined || e.protocol === filter.protocol) &&
    (op === undefined || (prefix !== undefined ? e.operation.startsWith(prefix) : e.operation === op)) &&
    (filter.status === undefined || e.status === filter.status) &&
    (filter.accountId === undefined || e.accountId === filter.accountId) &&
    (filter.since === undefined || e.time >= filter.since) &&
    (filter.until === undefined || e.time < filter.until);
}

/**
 * Reads a {@link JournalFilter} from control arguments (JSON numbers or query-string text); a `MailUpError` of kind
 * `validation` for anything else.
 */
export function parseJournalFilter(args: Readonly<Record<string, unknown>>): JournalFilter {
  const filter: JournalFilter = {};
  const known = new Set(['protocol', 'operation', 'status', 'accountId', 'since', 'until', 'afterId', 'limit']);
  for (const key of Object.keys(args)) {
    if (!known.has(key)) throw invalid(`unknown journal filter "${key}"; known: ${[...known].join(', ')}`);
  }
  for (const key of ['protocol', 'operation'] as const) {
    const value = args[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
      throw invalid(`journal filter "${key}" must be a non-empty string`);
    }
    filter[key] = value;
  }
  for (const key of ['status', 'accountId', 'since', 'until', 'afterId', 'limit'] as const) {
    const value = args[key];
    if (value === undefined) continue;
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d{1,15}$/.test(value)
          ? Number(value)
          : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 0) throw invalid(`journal filter "${key}" must be a non-negative integer`);
    filter[key] = n;
  }
  return filter;
}
