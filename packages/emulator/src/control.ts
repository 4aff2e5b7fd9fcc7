import type { FaultRule, FaultTable } from './faults.js';
import { type JournalFilter, parseJournalFilter, type RequestJournal } from './journal/request-journal.js';
import type { ControlAction, EmulatorClock } from './types.js';

/** The test-facing control surface of a running emulator (also reachable over HTTP under `/__emulator/`). */
export interface EmulatorControl {
  /** Runs a registered control action by name (module actions such as `oauth.expireTokens`). */
  action(name: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Names of every registered action. */
  actions(): string[];
  /** Moves emulator time forward. */
  advanceClock(ms: number): void;
  /** Adds a fixed delay to every answer (0 to remove). */
  setLatency(ms: number): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests served per `protocol operation` since start (or the last reset). */
  counters(): Record<string, number>;
  resetCounters(): void;
  /**
   * Between two tests or demo steps: clears counters, latency and faults and runs every module's `reset()`
   * (throttle logs and refusal stats, OAuth stats). The domain store, issued tokens and the clock are kept.
   */
  reset(): void;
  /**
   * The request journal: every HTTP request and SMTP+ DATA transaction the emulator served, except the control
   * API's own (`/__emulator/…`). `list(filter)`, `count(filter)`, `find(id)`, `lastId()` (a mark), `clear()`,
   * `stats()`. Not cleared by `reset()`.
   */
  readonly journal: Pick<RequestJournal, 'list' | 'count' | 'find' | 'lastId' | 'clear' | 'stats'>;
}

/** Shared by the server and the built-in actions. */
export interface ControlDeps {
  clock: EmulatorClock;
  faults: FaultTable;
  actions: Map<string, ControlAction>;
  latency: { ms: number };
  /** Requests served per `protocol operation`. */
  counters: Map<string, number>;
  /** Runs every module's `reset()`. */
  resetModules(): void;
  journal: RequestJournal;
}

function num(args: Record<string, unknown>, name: string): number {
  const value = args[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`control: "${name}" must be a non-negative number`);
  }
  return value;
}

/** Registers the built-in actions and returns the control object. */
export function createControl(deps: ControlDeps): EmulatorControl {
  const { actions } = deps;
  const control: EmulatorControl = {
    async action(name, args = {}) {
      const action = actions.get(name);
      if (!action) throw new Error(`unknown control action: ${name}`);
      return action(args);
    },
    actions: () => [...actions.keys()].sort(),
    advanceClock: (ms) => deps.clock.advance(ms),
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of ms');
      deps.latency.ms = ms;
    },
    addFault: (rule) => deps.faults.add(rule),
    clearFaults: () => deps.faults.clear(),
    counters: () => Object.fromEntries(deps.counters),
    resetCounters: () => deps.counters.clear(),
    reset() {
      deps.counters.clear();
      deps.latency.ms = 0;
      deps.faults.clear();
      deps.resetModules();
    },
    journal: {
      list: (filter?: JournalFilter) => deps.journal.list(filter),
      count: (filter?: JournalFilter) => deps.journal.count(filter),
      find: (id: number) => deps.journal.find(id),
      lastId: () => deps.journal.lastId(),
      clear: () => deps.journal.clear(),
      stats: () => deps.journal.stats(),
    },
  };
  actions.set('clock.advance', (args) => {
    control.advanceClock(num(args, 'ms'));
    return { now: deps.clock.now(), offsetMs: deps.clock.offsetMs };
  });
  actions.set('clock.get', () => ({ now: deps.clock.now(), offsetMs: deps.clock.offsetMs }));
  actions.set('latency.set', (args) => {
    control.setLatency(num(args, 'ms'));
    return { ms: deps.latency.ms };
  });
  actions.set('faults.add', (args) => {
    control.addFault(args as unknown as FaultRule);
    return { size: deps.faults.size };
  });
  actions.set('faults.clear', () => {
    control.clearFaults();
    return { size: 0 };
  });
  actions.set('counters.get', () => control.counters());
  actions.set('counters.reset', () => {
    control.resetCounters();
    return {};
  });
  actions.set('journal.list', (args) => ({ entries: deps.journal.list(parseJournalFilter(args)) }));
  actions.set('journal.count', (args) => ({ count: deps.journal.count(parseJournalFilter(args)) }));
  actions.set('journal.find', (args) => {
    const entry = deps.journal.find(num(args, 'id'));
    if (!entry) throw new RangeError(`journal: no entry ${String(args.id)} (never recorded, cleared or evicted)`);
    return entry;
  });
  actions.set('journal.clear', () => {
    deps.journal.clear();
    return { entries: 0 };
  });
  actions.set('journal.stats', () => deps.journal.stats());
  actions.set('emulator.reset', () => {
    control.reset();
    return { ok: true };
  });
  return control;
}
