import { AssertionError } from 'node:assert';
import type { EmulatorControl, JournalEntry, JournalFilter } from '@mailup-kit/emulator';

/** What a request must match: a predicate on the entry, or text / a pattern the redacted request body holds. */
export type EntryMatch = ((entry: JournalEntry) => boolean) | string | RegExp;

/** Assertions on an emulator's request journal, from a mark on (see {@link journalOf}). */
export interface JournalView {
  /** The journal's last id now: pass it to {@link JournalView.since} to see only what follows. */
  mark(): number;
  /** The same view restricted to requests recorded after `mark` (ids above it). */
  since(mark: number): JournalView;
  /** Entries of this view (arrival order), optionally filtered further. */
  entries(filter?: Omit<JournalFilter, 'afterId'>): JournalEntry[];
  /**
   * Entries served as `what`: a protocol (`'soap'`, `'smtp'`) or an operation id (`'rest:GET Console/List'`, a
   * trailing `*` for a prefix).
   */
  servedBy(what: string): JournalEntry[];
  /** Asserts at least one request was served as `what` (and matched `match`); returns the first. */
  expectServedBy(what: string, match?: EntryMatch): JournalEntry;
  /** Asserts exactly one request of `operation` (matching `match`) reached the emulator: "never sent twice". */
  expectSentOnce(operation: string, match?: EntryMatch): JournalEntry;
  /** Asserts the emulator saw no request at all in this view (e.g. a validation error left before sending). */
  expectNoRequests(): void;
}

/** The part of a running emulator the helpers read: its in-process control handle. */
export interface JournaledEmulator {
  control: Pick<EmulatorControl, 'journal'>;
}

function summary(entries: readonly JournalEntry[]): string {
  if (entries.length === 0) return '  (none)';
  return entries.map((e) => `  #${e.id} ${e.operation} → ${e.status} (${e.method} ${e.path})`).join('\n');
}

function matches(entry: JournalEntry, match: EntryMatch | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(entry);
  const text = entry.request.body.text;
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

function byWhat(what: string): JournalFilter {
  return what.includes(':') ? { operation: what } : { protocol: what };
}

/**
 * Assertion helpers on the request journal of `emulator` (in-process; the journal must be enabled). Take a mark
 * before the code under test and assert on what followed:
 *
 * @example
 * ```ts
 * const journal = journalOf(emulator);
 * const mark = journal.mark();
 * await client.lists();
 * journal.since(mark).expectSentOnce('rest:GET Console/User/Lists');
 * ```
 */
export function journalOf(emulator: JournaledEmulator, afterId = 0): JournalView {
  const journal = emulator.control.journal;
  const list = (filter: JournalFilter = {}) => journal.list({ ...filter, afterId });
  const view: JournalView = {
    mark: () => journal.lastId(),
    since: (mark) => journalOf(emulator, Math.max(mark, afterId)),
    entries: (filter) => list(filter),
    servedBy: (what) => list(byWhat(what)),
    expectServedBy(what, match) {
      const found = list(byWhat(what)).find((e) => matches(e, match));
      if (!found) {
        throw new AssertionError({
          message: `expected a request served by ${what}${match === undefined ? '' : ' matching'}; the emulator saw:\n${summary(list())}`,
        });
      }
      return found;
    },
    expectSentOnce(operation, match) {
      const found = list({ operation }).filter((e) => matches(e, match));
      if (found.length !== 1) {
        throw new AssertionError({
          message: `expected ${operation} to reach the emulator exactly once, it did ${found.length} times; the emulator saw:\n${summary(list())}`,
          actual: found.length,
          expected: 1,
          operator: 'strictEqual',
        });
      }
      return found[0] as JournalEntry;
    },
    expectNoRequests() {
      const seen = list();
      if (seen.length > 0) {
        throw new AssertionError({ message: `expected no request; the emulator saw:\n${summary(seen)}` });
      }
    },
  };
  return view;
}
