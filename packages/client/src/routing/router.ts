import { type Clock, type Logger, MailUpError, newCallId } from '@mailup-kit/core';
import type { Binding, Equivalence, OperationDef, Via } from '../catalogue/binding.js';
import { refsOf } from '../catalogue/rows.js';
import { hasMember, type Members } from '../config/members.js';
import type { FacadeEvents } from '../events.js';
import type { MigrationStage } from '../migration/stage.js';
import { missingCredentials } from './credentials.js';
import { decideFallback } from './fallback.js';
import { migrationOrder, migrationReason } from './migration-stage.js';
import type { SwitchedOffKind, SwitchedOffStore } from './switched-off.js';

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
  readonly switchedOff: SwitchedOffStore;
  readonly switchedOffTtlMs: number;
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
}

/**
 * Routing: eligibility (configured; credentials present without renewal; not switched off by configuration or a
 * remembered refusal; budget within `maxWaitMs` by a non-reserving limiter look), order (the call's and the
 * configuration's `prefer`, then the migration stage, then the catalogue), the one fallback predicate between
 * attempts, and the plan.
 */
export class Router {
  constructor(private readonly o: RouterOptions) {}

  /** The candidates of `op` in routing order. */
  order(op: AnyOperation, callPrefer?: readonly Via[]): AnyBinding[] {
    const catalogue = op.bindings as AnyBinding[];
    const prefer = this.o.prefer[op.id];
    const migrated = migrationOrder(this.o.migrate, catalogue);
    if (callPrefer === undefined && prefer === undefined && migrated === undefined) return catalogue.slice();
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

  /** Eligibility of one candidate (no vendor call, no renewal). */
  async assess(binding: AnyBinding): Promise<Assessment> {
    const { members } = this.o;
    for (const need of binding.needs) {
      if (!hasMember(members, need)) return { status: 'not-configured', reason: `${need} is not configured`, rows: [] };
    }
    for (const need of binding.needs) {
      const missing = await missingCredentials(members, need);
      if (missing) return { status: 'no-credentials', reason: missing, rows: [] };
    }
    for (const need of binding.needs) {
      if (this.o.configuredOff.has(need)) {
        return { status: 'switched-off', reason: `${need} is switched off by configuration`, rows: [] };
      }
      const remembered = await this.o.switchedOff.get(members.account, need);
      if (remembered) {
        return {
          status: 'switched-off',
          reason: `${need} answered ${remembered.kind}${remembered.operation ? ` (${remembered.operation})` : ''}; skipped until ${new Date(remembered.until).toISOString()}`,
          rows: [],
          availableAt: remembered.until,
          switchedKind: remembered.kind,
        };
      }
    }
    const limiter = members.limiter;
    const refs = refsOf(binding.rows);
    if (!limiter || refs.length === 0) {
      return { status: 'eligible', rows: refs.map((r) => ({ operation: r.id })) };
    }
    const now = this.o.clock.now();
    const rows: PlannedRow[] = [];
    let budgetLeft: number | undefined;
    let availableAt: number | undefined;
    for (const ref of refs) {
      const report = await limiter.inspectCall({ ...ref.limited, account: members.account });
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
      const reason = `no budget within ${this.o.maxWaitMs} ms (next at ${new Date(availableAt).toISOString()})`;
      return { status: 'over-budget', reason, ...base };
    }
    return { status: 'eligible', ...base };
  }

  /** Every candidate of `op` with its status, and the choice — without a vendor call or a renewal. */
  async plan(op: AnyOperation, options?: FacadeCallOptions): Promise<Plan> {
    const ordered = this.order(op, options?.prefer);
    const allowPartial = this.partialAllowed(op, options);
    const candidates: PlannedCandidate[] = [];
    let choice: Via | undefined;
    for (const binding of ordered) {
      const a = await this.assess(binding);
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
  async run<In, Out>(
    op: OperationDef<In, Out, Members>,
    input: In,
    options: FacadeCallOptions = {},
  ): Promise<{ value: Out; routed: Routed }> {
    const anyOp = op as unknown as AnyOperation;
    const callId = options.callId ?? facadeCallId();
    const allowPartial = this.partialAllowed(anyOp, options);
    const ordered = this.order(anyOp, options.prefer);
    const usable: AnyBinding[] = [];
    const skipped: Array<{
      via: Via;
      status: CandidateStatus;
      reason?: string;
      availableAt?: number;
      kind?: SwitchedOffKind;
    }> = [];
    // Candidates are assessed lazily, in order: a call served by its first candidate pays for one eligibility
    // check (a limiter look), not one per candidate; the next ones are assessed only when a fallback needs them.
    let scanned = 0;
    const more = async (): Promise<boolean> => {
      while (scanned < ordered.length) {
        const binding = ordered[scanned++] as AnyBinding;
        const a = await this.assess(binding);
        if (a.status === 'eligible') {
          usable.push(binding);
          return true;
        }
        skipped.push({
          via: binding.via,
          status: a.status,
          ...(a.reason ? { reason: a.reason } : {}),
          ...(a.availableAt ? { availableAt: a.availableAt } : {}),
          ...(a.switchedKind ? { kind: a.switchedKind } : {}),
        });
      }
      return false;
    };
    /** The first usable candidate at or after `from` that this call accepts (`same`, or partial when allowed). */
    const acceptable = async (from: number): Promise<number> => {
      for (let j = from; ; j++) {
        if (j >= usable.length && !(await more())) return -1;
        const eq = (usable[j] as AnyBinding).equivalence;
        if (eq.kind === 'same' || allowPartial) return j;
      }
    };
    const attempts: RoutedAttempt[] = [];
    let index = await acceptable(0);
    if (index < 0) throw this.noCandidate(anyOp, callId, usable, skipped);
    for (;;) {
      const binding = usable[index] as AnyBinding;
      const child = `${callId}.${attempts.length + 1}`;
      const attempt = attempts.length + 1;
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
      try {
        options.signal?.throwIfAborted();
        const value = (await binding.run(this.o.members, input, {
          callId: child,
          parentCallId: callId,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
        })) as Out;
        attempts.push({ via: binding.via, callId: child, outcome: 'ok' });
        this.response(op.id, protocol, binding.via, child, callId, attempt, started, 'ok');
        return { value, routed: { via: binding.via, callId, attempts } };
      } catch (caught) {
        const error = caught;
        const kind = MailUpError.is(error) ? error.kind : 'unknown';
        this.response(op.id, protocol, binding.via, child, callId, attempt, started, kind);
        if (MailUpError.is(error) && SWITCH_KINDS.has(error.kind)) await this.remember(binding.via, error);
        const nextIndex = await acceptable(index + 1);
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
      }
    }
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
    skipped: ReadonlyArray<{
      via: Via;
      status: CandidateStatus;
      reason?: string;
      availableAt?: number;
      kind?: SwitchedOffKind;
    }>,
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
 * A facade call id: Node's `crypto.randomUUID` (drawn from its own batched entropy cache, well under a µs) where it
 * exists, else core's `newCallId` (one `getRandomValues` draw per id: ~9 µs, a third of the router's own cost per
 * call when profiled).
 */
function facadeCallId(): string {
  return typeof globalThis.crypto?.randomUUID === 'function' ? globalThis.crypto.randomUUID() : newCallId();
}
