import { type Clock, type Logger, MailUpError, newCallId } from '@mailup-kit/core';
import type { Binding, BindingCall, Equivalence, OperationDef, Via } from '../catalogue/binding.js';
import { refsOf } from '../catalogue/rows.js';
import { hasMember, type Members } from '../config/members.js';
import type { FacadeEvents } from '../events.js';
import type { MigrationStage } from '../migration/stage.js';
import { credentialsKnownPresent, missingCredentials } from './credentials.js';
import { decideFallback } from './fallback.js';
import { migrationOrder, migrationReason } from './migration-stage.js';
import type { SentWatch } from './sent-watch.js';
import {
  SWITCHED_OFF_UNKNOWN,
  type SwitchedOffCache,
  type SwitchedOffEntry,
  type SwitchedOffKind,
} from './switched-off.js';

/** Where a candidate stands (each failed check is a reason `plan()` reports). */
export type CandidateStatus = 'eligible' | 'not-configured' | 'no-credentials' | 'switched-off' | 'over-budget';

/** The budget of one policy row a candidate would spend. */
export interface PlannedRow {
  /** The protocol row (`rest:GET Console/List`). */
  readonly operation: string;
  /** The policy row in the vendor's words (absent: no numeric limit applies). */
  readonly policy?: string;
  /** Units left now. */
  readonly remaining?: number;
  /** Epoch ms at which one more call can be reserved. */
  readonly availableAt?: number;
}

/** One candidate of a plan. */
export interface PlannedCandidate {
  readonly via: Via;
  readonly status: CandidateStatus;
  /** Why it is not eligible (or why it is not chosen although eligible: a `partial` not allowed). */
  readonly reason?: string;
  readonly equivalence: Equivalence;
  /** What differs from the operation's meaning (empty when `same`). */
  readonly differs: readonly string[];
  readonly rows: readonly PlannedRow[];
  /** The smallest budget left over its rows (absent: unlimited). */
  readonly budgetLeft?: number;
  /** When its rows next have budget (absent: now or unlimited). */
  readonly availableAt?: number;
  /** True for the candidate a call would try first. */
  readonly chosen: boolean;
}

/** What `mailup.plan(operation)` answers: every candidate in routing order and the choice. */
export interface Plan {
  readonly operation: string;
  readonly kind: OperationDef<unknown, unknown, Members>['kind'];
  readonly candidates: readonly PlannedCandidate[];
  /** The transport a call would try first (undefined: none can serve it now). */
  readonly choice: Via | undefined;
  /** What the SOAP → REST migration stage says of this operation (only when `migrate` is configured and the
   *  operation has a SOAP candidate). */
  readonly migration?: string;
}

/** One attempt of a routed call. */
export interface RoutedAttempt {
  readonly via: Via;
  /** The attempt's child call id. */
  readonly callId: string;
  /** `ok`, or the error kind. */
  readonly outcome: string;
  /** Why the facade moved on (or did not), for a failed attempt. */
  readonly reason?: string;
}

/** How a result was served: the transport, the facade call id and every attempt. */
export interface Routed {
  readonly via: Via;
  readonly callId: string;
  readonly attempts: readonly RoutedAttempt[];
}

/** Per-call options of a facade operation. */
export interface FacadeCallOptions {
  readonly signal?: AbortSignal;
  /** The facade call id (default a fresh one); each attempt gets a child id under it. */
  readonly callId?: string;
  /** A caller's own call id this call belongs to. */
  readonly parentCallId?: string;
  /** Epoch ms by which the whole call (every attempt) must end. */
  readonly deadline?: number;
  /** Let a `partial` candidate serve this call (default: the configuration's `allowPartial`). */
  readonly allowPartial?: boolean;
  /** Transport order for this call (before the configuration's `prefer`). */
  readonly prefer?: readonly Via[];
}

/** What the router needs. */
export interface RouterOptions {
  readonly members: Members;
  readonly events: FacadeEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The switched-off memory, through this process's view of it (read at most once per its `cacheMs`). */
  readonly switchedOff: SwitchedOffCache;
  readonly switchedOffTtlMs: number;
  /** Which attempts' members wrote a request (fed by the members' observer). */
  readonly sentWatch: SentWatch;
  readonly configuredOff: ReadonlySet<Via>;
  readonly maxWaitMs: number;
  readonly prefer: Readonly<Record<string, readonly Via[]>>;
  readonly allowPartial: boolean | readonly string[];
  /** Where a SOAP system stands in its move to REST (`MailUpConfig.migrate`). */
  readonly migrate?: MigrationStage;
}

type AnyBinding = Binding<unknown, unknown, Members>;
type AnyOperation = OperationDef<unknown, unknown, Members>;

const SWITCH_KINDS: ReadonlySet<string> = new Set(['service-disabled', 'ip-not-allowed', 'contract-not-signed']);

interface Assessment {
  readonly status: CandidateStatus;
  readonly reason?: string;
  readonly rows: readonly PlannedRow[];
  readonly budgetLeft?: number;
  readonly availableAt?: number;
  readonly switchedKind?: SwitchedOffKind;
  /** False when the budget was not looked at (the candidate's own limiter decides when it runs; see `lookless`). */
  readonly looked?: boolean;
}

type Skipped = {
  via: Via;
  status: CandidateStatus;
  reason?: string;
  availableAt?: number;
  kind?: SwitchedOffKind;
};

/**
 * Routing: eligibility (configured; credentials present without renewal; not switched off by configuration or a
 * remembered refusal; budget within `maxWaitMs` by a non-reserving limiter look), order (the call's and the
 * configuration's `prefer`, then the migration stage, then the catalogue), the one fallback predicate between
 * attempts, and the plan.
 */
export class Router {
  private readonly callIds = new CallIds();

  constructor(private readonly o: RouterOptions) {}

  /** The candidates of `op` in routing order. */
  order(op: AnyOperation, callPrefer?: readonly Via[]): readonly AnyBinding[] {
    const catalogue = op.bindings as readonly AnyBinding[];
    const prefer = this.o.prefer[op.id];
    const migrated = migrationOrder(this.o.migrate, catalogue);
    if (callPrefer === undefined && prefer === undefined && migrated === undefined) return catalogue;
    const rank = (b: AnyBinding): number => {
      const c = callPrefer ? callPrefer.indexOf(b.via) : -1;
      if (c >= 0) return c;
      const p = prefer ? prefer.indexOf(b.via) : -1;
      if (p >= 0) return 100 + p;
      const m = migrated ? migrated.indexOf(b.via) : -1;
      return m >= 0 ? 200 + m : 1_000 + catalogue.indexOf(b);
    };
    return catalogue.slice().sort((a, b) => rank(a) - rank(b));
  }

  private partialAllowed(op: AnyOperation, options?: FacadeCallOptions): boolean {
    if (options?.allowPartial !== undefined) return options.allowPartial;
    const allow = this.o.allowPartial;
    return allow === true || (Array.isArray(allow) && allow.includes(op.id));
  }

  /**
   * Eligibility of one candidate from memory alone, or undefined when a store must be read (credentials not held
   * fresh in memory, a switched-off entry not known, a budget to look at): the call's hot path, no promise.
   */
  private quick(binding: AnyBinding, look: boolean): Assessment | undefined {
    const { members } = this.o;
    const needs = binding.needs;
    for (let i = 0; i < needs.length; i++) {
      const need = needs[i] as Via;
      if (!hasMember(members, need)) return notConfigured(need);
    }
    for (let i = 0; i < needs.length; i++) {
      if (!credentialsKnownPresent(members, needs[i] as Via)) return undefined;
    }
    for (let i = 0; i < needs.length; i++) {
      const need = needs[i] as Via;
      if (this.o.configuredOff.has(need)) return configuredOff(need);
      const remembered = this.o.switchedOff.peek(members.account, need);
      if (remembered === SWITCHED_OFF_UNKNOWN) return undefined;
      if (remembered) return switchedOff(need, remembered);
    }
    if (look && members.limiter && binding.rows.length > 0) return undefined;
    return this.eligible(binding, look);
  }

  /** {@link unlimited}, built once per binding (the same frozen answer on every call). */
  private eligible(binding: AnyBinding, looked: boolean): Assessment {
    let known = this.eligibleMemo.get(binding);
    if (known === undefined) {
      known = [unlimited(binding, false), unlimited(binding, true)];
      this.eligibleMemo.set(binding, known);
    }
    return known[looked ? 1 : 0];
  }

  private readonly eligibleMemo = new WeakMap<AnyBinding, readonly [Assessment, Assessment]>();

  /**
   * Eligibility of one candidate (no vendor call, no renewal). `look: false` leaves the budget to the candidate's
   * own limiter (only for a candidate {@link lookless} admits).
   */
  async assess(binding: AnyBinding, look = true): Promise<Assessment> {
    const { members } = this.o;
    for (const need of binding.needs) {
      if (!hasMember(members, need)) return notConfigured(need);
    }
    for (const need of binding.needs) {
      const missing = await missingCredentials(members, need);
      if (missing) return { status: 'no-credentials', reason: missing, rows: [] };
    }
    for (const need of binding.needs) {
      if (this.o.configuredOff.has(need)) return configuredOff(need);
      const remembered = await this.o.switchedOff.get(members.account, need).catch((e: unknown) => {
        this.storeFailed('switched-off memory', need, e);
        return undefined;
      });
      if (remembered) return switchedOff(need, remembered);
    }
    const limiter = members.limiter;
    const refs = refsOf(binding.rows);
    if (!limiter || refs.length === 0 || !look) return this.eligible(binding, look || !limiter);
    const now = this.o.clock.now();
    const rows: PlannedRow[] = [];
    let budgetLeft: number | undefined;
    let availableAt: number | undefined;
    for (const ref of refs) {
      // A quota store that cannot answer (Redis stalled) leaves the budget unknown, not the call failed: the
      // candidate's own limiter still reserves before anything is sent, and refuses (provably unsent) if it must.
      const report = await limiter.inspectCall({ ...ref.limited, account: members.account }).catch((e: unknown) => {
        this.storeFailed('quota store', binding.via, e);
        return undefined;
      });
      if (!report) {
        rows.push({ operation: ref.id });
        continue;
      }
      rows.push({
        operation: ref.id,
        policy: report.source,
        remaining: report.remaining,
        availableAt: report.nextAllowedAt,
      });
      budgetLeft = budgetLeft === undefined ? report.remaining : Math.min(budgetLeft, report.remaining);
      if (report.nextAllowedAt > now) availableAt = Math.max(availableAt ?? 0, report.nextAllowedAt);
    }
    const base = {
      rows,
      ...(budgetLeft === undefined ? {} : { budgetLeft }),
      ...(availableAt === undefined ? {} : { availableAt }),
    };
    if (availableAt !== undefined && availableAt - now > this.o.maxWaitMs) {
      return { status: 'over-budget', reason: this.overBudgetReason(availableAt), ...base };
    }
    return { status: 'eligible', ...base };
  }

  private overBudgetReason(availableAt: number): string {
    return `no budget within ${this.o.maxWaitMs} ms (next at ${new Date(availableAt).toISOString()})`;
  }

  /**
   * True when the budget look can be left to the candidate's own limiter with the same outcome: the candidate is
   * the first a call tries; nobody listens to `request` events (a refused try leaves no trace); its one row is a
   * REST row whose member acquires from this limiter before anything else (quota runs before auth and the
   * transport); the limiter refuses past the same `maxWaitMs` as the facade; the row is neither paced (a paced
   * key waits past `maxWaitMs` instead of refusing) nor input-dependent. A refusal of that acquire is then turned
   * into exactly the `over-budget` assessment the look would have made (see `run`).
   */
  private lookless(binding: AnyBinding): boolean {
    if (this.o.events.wants('request')) return false;
    let known = this.looklessMemo.get(binding);
    if (known === undefined) {
      known = this.looklessOnce(binding);
      this.looklessMemo.set(binding, known);
    }
    return known;
  }

  private readonly looklessMemo = new WeakMap<AnyBinding, boolean>();

  private looklessOnce(binding: AnyBinding): boolean {
    const limiter = this.o.members.limiter;
    const refs = refsOf(binding.rows);
    const ref = refs[0];
    if (!limiter || refs.length !== 1 || !ref || binding.via !== 'rest' || ref.protocol !== 'rest') return false;
    if (limiter.maxWaitMs !== this.o.maxWaitMs) return false;
    if (limiter.policy.rows.some((row) => row.protocol === 'rest' && row.when !== undefined)) return false;
    const resolved = limiter.policy.resolve('rest', ref.limited.operation, undefined, this.o.clock.now());
    return resolved?.maxBacklog === undefined;
  }

  /** True when `error` is the candidate's own limiter refusing its one row over budget before anything was sent. */
  private refusedOverBudget(error: unknown, binding: AnyBinding, child: string): error is MailUpError {
    const ref = refsOf(binding.rows)[0];
    return (
      ref !== undefined &&
      MailUpError.is(error, 'quota-exhausted') &&
      error.sent === 'no' &&
      error.availableAt !== undefined &&
      error.details?.blockedBy !== undefined &&
      error.protocol === ref.limited.protocol &&
      error.operation === ref.limited.operation &&
      !this.o.sentWatch.sent(child)
    );
  }

  /** Every candidate of `op` with its status, and the choice — without a vendor call or a renewal. */
  async plan(op: AnyOperation, options?: FacadeCallOptions): Promise<Plan> {
    const ordered = this.order(op, options?.prefer);
    const allowPartial = this.partialAllowed(op, options);
    const candidates: PlannedCandidate[] = [];
    let choice: Via | undefined;
    for (const binding of ordered) {
      const a = this.quick(binding, true) ?? (await this.assess(binding));
      const eq = binding.equivalence;
      let reason = a.reason;
      let chosen = false;
      if (a.status === 'eligible') {
        if (eq.kind === 'partial' && !allowPartial) reason = 'partial: not allowed for this call (allowPartial)';
        else if (choice === undefined) {
          choice = binding.via;
          chosen = true;
        }
      }
      candidates.push({
        via: binding.via,
        status: a.status,
        ...(reason === undefined ? {} : { reason }),
        equivalence: eq,
        differs: eq.kind === 'partial' ? eq.differs : [],
        rows: a.rows,
        ...(a.budgetLeft === undefined ? {} : { budgetLeft: a.budgetLeft }),
        ...(a.availableAt === undefined ? {} : { availableAt: a.availableAt }),
        chosen,
      });
    }
    const migration = migrationReason(this.o.migrate, op.bindings as AnyBinding[]);
    return { operation: op.id, kind: op.kind, candidates, choice, ...(migration ? { migration } : {}) };
  }

  /** Runs `op` on the first usable candidate, moving on only as {@link decideFallback} allows. */
  run<In, Out>(
    op: OperationDef<In, Out, Members>,
    input: In,
    options?: FacadeCallOptions,
  ): Promise<{ value: Out; routed: Routed }>;
  /** The same, answering `finish(value, routed)` (no promise layer of the caller's own). */
  run<In, Out, R>(
    op: OperationDef<In, Out, Members>,
    input: In,
    options: FacadeCallOptions | undefined,
    finish: (value: Out, routed: Routed) => R,
  ): Promise<R>;
  async run<In, Out, R>(
    op: OperationDef<In, Out, Members>,
    input: In,
    options: FacadeCallOptions = {},
    finish?: (value: Out, routed: Routed) => R,
  ): Promise<R | { value: Out; routed: Routed }> {
    const anyOp = op as unknown as AnyOperation;
    const callId = options.callId ?? this.callIds.next();
    const allowPartial = this.partialAllowed(anyOp, options);
    const route = new Route(this, this.order(anyOp, options.prefer), allowPartial);
    const { usable, skipped, attempts } = route;
    let found = route.acceptable(0);
    let index = typeof found === 'number' ? found : await found;
    if (index < 0) throw this.noCandidate(anyOp, callId, usable, skipped);
    for (;;) {
      const binding = usable[index] as AnyBinding;
      const attempt = attempts.length + 1;
      const child = `${callId}.${attempt}`;
      const started = this.o.clock.now();
      const protocol = refsOf(binding.rows)[0]?.protocol ?? 'client';
      if (this.o.events.wants('request')) {
        this.o.events.emit({
          type: 'request',
          callId: child,
          parentCallId: callId,
          operation: op.id,
          protocol,
          attempt,
          at: started,
          via: binding.via,
        });
      }
      const watched = binding === route.unchecked;
      if (watched) this.o.sentWatch.watch(child);
      try {
        options.signal?.throwIfAborted();
        const value = (await binding.run(this.o.members, input, bindingCall(child, callId, options))) as Out;
        attempts.push({ via: binding.via, callId: child, outcome: 'ok' });
        this.response(op.id, protocol, binding.via, child, callId, attempt, started, 'ok');
        const routed: Routed = { via: binding.via, callId, attempts };
        return finish ? finish(value, routed) : { value, routed };
      } catch (caught) {
        const error = caught;
        if (watched && this.refusedOverBudget(error, binding, child)) {
          // What the budget look would have said before trying it: over budget, skipped (no attempt, no event).
          route.unchecked = undefined;
          usable.splice(index, 1);
          const availableAt = error.availableAt as number;
          skipped.push({
            via: binding.via,
            status: 'over-budget',
            reason: this.overBudgetReason(availableAt),
            availableAt,
          });
          found = route.acceptable(index);
          index = typeof found === 'number' ? found : await found;
          if (index < 0) throw this.noCandidate(anyOp, callId, usable, skipped);
          continue;
        }
        const kind = MailUpError.is(error) ? error.kind : 'unknown';
        this.response(op.id, protocol, binding.via, child, callId, attempt, started, kind);
        if (MailUpError.is(error) && SWITCH_KINDS.has(error.kind)) await this.remember(binding.via, error);
        const nextIndex = await route.acceptable(index + 1);
        const next = nextIndex >= 0 ? usable[nextIndex] : usable[index + 1];
        const decision = decideFallback({
          error,
          kind: op.kind,
          next: next?.equivalence,
          allowPartial,
          aborted: options.signal?.aborted === true,
        });
        attempts.push({ via: binding.via, callId: child, outcome: kind, reason: decision.reason });
        if (!decision.move || nextIndex < 0) throw this.surface(error, op.id, callId, attempts);
        const to = (usable[nextIndex] as AnyBinding).via;
        if (this.o.events.wants('fallback')) {
          this.o.events.emit({
            type: 'fallback',
            callId,
            ...(options.parentCallId ? { parentCallId: options.parentCallId } : {}),
            operation: op.id,
            protocol: 'client',
            attempt,
            at: this.o.clock.now(),
            from: binding.via,
            to,
            reason: decision.reason,
            errorKind: kind,
          });
        }
        this.o.logger.info(
          { operation: op.id, callId, from: binding.via, to, reason: decision.reason },
          'mailup-kit: facade fallback',
        );
        index = nextIndex;
      } finally {
        if (watched) this.o.sentWatch.unwatch(child);
      }
    }
  }

  /** @internal {@link Route}'s access to the assessments. */
  judge(binding: AnyBinding, look: boolean): Assessment | undefined {
    return this.quick(binding, look);
  }

  /** @internal {@link Route}'s access to the budget rule. */
  needsLook(binding: AnyBinding): boolean {
    return !this.lookless(binding);
  }

  private response(
    operation: string,
    protocol: RequestProtocol,
    via: Via,
    callId: string,
    parentCallId: string,
    attempt: number,
    started: number,
    outcome: string,
  ): void {
    if (!this.o.events.wants('response')) return;
    const at = this.o.clock.now();
    this.o.events.emit({
      type: 'response',
      callId,
      parentCallId,
      operation,
      protocol,
      attempt,
      at,
      via,
      outcome,
      durationMs: at - started,
    });
  }

  /** A store read that failed during eligibility: logged, and the candidate judged without it. */
  private storeFailed(store: string, via: Via, error: unknown): void {
    this.o.logger.warn(
      { via, store, error: MailUpError.is(error) ? error.kind : 'unknown' },
      'mailup-kit: eligibility read failed; the candidate is judged without it',
    );
  }

  private async remember(via: Via, error: MailUpError): Promise<void> {
    try {
      await this.o.switchedOff.set(this.o.members.account, via, {
        kind: error.kind as SwitchedOffKind,
        until: this.o.clock.now() + this.o.switchedOffTtlMs,
        ...(error.operation ? { operation: error.operation } : {}),
      });
    } catch (storeError) {
      // The memory is an optimisation: a store that fails never changes the call's outcome.
      this.o.logger.warn(
        { via, error: MailUpError.is(storeError) ? storeError.kind : 'unknown' },
        'mailup-kit: could not remember a switched-off transport',
      );
    }
  }

  /** The error surfaced to the caller, with the attempts so far (`details.routed`). */
  private surface(error: unknown, operation: string, callId: string, attempts: readonly RoutedAttempt[]): unknown {
    if (!MailUpError.is(error)) return error;
    return error.with({ details: { ...error.details, routed: { operation, callId, attempts } } });
  }

  private noCandidate(
    op: AnyOperation,
    callId: string,
    usable: readonly AnyBinding[],
    skipped: readonly Skipped[],
  ): MailUpError {
    const why = [
      ...usable.map((b) => `${b.via}: partial, not allowed for this call`),
      ...skipped.map((s) => `${s.via}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`),
    ].join('; ');
    // The most telling reason: all over budget ⇒ quota-exhausted (with when); else a switched-off service; else
    // missing credentials; else nothing configured can serve it (validation).
    const overBudget = skipped.filter((s) => s.status === 'over-budget' && s.availableAt !== undefined);
    const off = skipped.find((s) => s.status === 'switched-off');
    const kind =
      usable.length === 0 && skipped.length > 0 && overBudget.length === skipped.length
        ? 'quota-exhausted'
        : off
          ? (off.kind ?? 'service-disabled')
          : skipped.some((s) => s.status === 'no-credentials')
            ? 'auth-invalid'
            : 'validation';
    const availableAt = overBudget.length > 0 ? Math.min(...overBudget.map((s) => s.availableAt as number)) : undefined;
    return new MailUpError({
      kind,
      protocol: 'client',
      operation: op.id,
      message: `${op.id}: no candidate can serve it now — ${why || 'no binding'}`,
      ...(availableAt === undefined
        ? {}
        : { availableAt, retryAfterMs: Math.max(0, availableAt - this.o.clock.now()) }),
      details: { routed: { operation: op.id, callId, attempts: [] } },
    });
  }
}

type RequestProtocol = ReturnType<typeof refsOf>[number]['protocol'] | 'client';

/**
 * One call's walk through its candidates in routing order: assessed lazily (a call its first candidate serves
 * pays for one eligibility check), from memory when it can (no promise), from the stores when it must.
 */
class Route {
  readonly usable: AnyBinding[] = [];
  readonly skipped: Skipped[] = [];
  readonly attempts: RoutedAttempt[] = [];
  /** The one candidate admitted without a budget look (the first a call tries, when the router allows it). */
  unchecked: AnyBinding | undefined;
  private scanned = 0;

  constructor(
    private readonly router: Router,
    private readonly ordered: readonly AnyBinding[],
    private readonly allowPartial: boolean,
  ) {}

  /** The first usable candidate at or after `from` that this call accepts (`same`, or partial when allowed). */
  acceptable(from: number): number | Promise<number> {
    for (let j = from; ; j++) {
      if (j >= this.usable.length) {
        const more = this.moreFromMemory();
        if (more === undefined) return this.acceptableAfterReads(j);
        if (!more) return -1;
      }
      if (this.accepts(this.usable[j] as AnyBinding)) return j;
    }
  }

  private async acceptableAfterReads(from: number): Promise<number> {
    for (let j = from; ; j++) {
      if (j >= this.usable.length && !(await this.more())) return -1;
      if (this.accepts(this.usable[j] as AnyBinding)) return j;
    }
  }

  private accepts(binding: AnyBinding): boolean {
    return binding.equivalence.kind === 'same' || this.allowPartial;
  }

  /** The budget is looked at unless this is the call's first try of a candidate it accepts and the router allows. */
  private look(binding: AnyBinding): boolean {
    return this.attempts.length > 0 || !this.accepts(binding) || this.router.needsLook(binding);
  }

  /** One more usable candidate judged from memory: true / false, or undefined when a store must be read. */
  private moreFromMemory(): boolean | undefined {
    while (this.scanned < this.ordered.length) {
      const binding = this.ordered[this.scanned] as AnyBinding;
      const a = this.router.judge(binding, this.look(binding));
      if (a === undefined) return undefined;
      this.scanned++;
      if (this.admit(binding, a)) return true;
    }
    return false;
  }

  private async more(): Promise<boolean> {
    while (this.scanned < this.ordered.length) {
      const binding = this.ordered[this.scanned++] as AnyBinding;
      const look = this.look(binding);
      const a = this.router.judge(binding, look) ?? (await this.router.assess(binding, look));
      if (this.admit(binding, a)) return true;
    }
    return false;
  }

  private admit(binding: AnyBinding, a: Assessment): boolean {
    if (a.status !== 'eligible') {
      this.skipped.push(skippedOf(binding.via, a));
      return false;
    }
    this.usable.push(binding);
    if (a.looked === false) this.unchecked = binding;
    return true;
  }
}

/** The per-attempt options a binding gets: the child call id under the facade call, the signal, the deadline. */
function bindingCall(callId: string, parentCallId: string, options: FacadeCallOptions): BindingCall {
  if (options.signal === undefined && options.deadline === undefined) return { callId, parentCallId };
  return {
    callId,
    parentCallId,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
  };
}

/**
 * A facade call id: this router's random prefix (one `crypto.randomUUID`, or core's `newCallId`, per facade) and a
 * counter — unique across every process and facade without drawing randomness per call (a UUID per call was a
 * buffer refill every 128 calls and a formatting per call: ~1–2 µs of the router's cost when profiled).
 */
class CallIds {
  private readonly prefix =
    typeof globalThis.crypto?.randomUUID === 'function' ? globalThis.crypto.randomUUID() : newCallId();
  private seq = 0;

  next(): string {
    return `${this.prefix}-${(++this.seq).toString(36)}`;
  }
}

function notConfigured(need: Via): Assessment {
  return { status: 'not-configured', reason: `${need} is not configured`, rows: [] };
}

function configuredOff(need: Via): Assessment {
  return { status: 'switched-off', reason: `${need} is switched off by configuration`, rows: [] };
}

function switchedOff(need: Via, remembered: SwitchedOffEntry): Assessment {
  return {
    status: 'switched-off',
    reason: `${need} answered ${remembered.kind}${remembered.operation ? ` (${remembered.operation})` : ''}; skipped until ${new Date(remembered.until).toISOString()}`,
    rows: [],
    availableAt: remembered.until,
    switchedKind: remembered.kind,
  };
}

/** Eligible with its rows named and no budget read (no limiter, no rows, or the look left to the limiter). */
function unlimited(binding: AnyBinding, looked: boolean): Assessment {
  return Object.freeze({
    status: 'eligible',
    rows: Object.freeze(refsOf(binding.rows).map((r) => Object.freeze({ operation: r.id }))),
    looked,
  });
}

function skippedOf(via: Via, a: Assessment): Skipped {
  return {
    via,
    status: a.status,
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.availableAt ? { availableAt: a.availableAt } : {}),
    ...(a.switchedKind ? { kind: a.switchedKind } : {}),
  };
}
