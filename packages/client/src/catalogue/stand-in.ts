/**
 * STAND-IN (tx21), one file: what fac21's branch provides and this branch does not have yet — the protocol table
 * rows (`rows.ts`), the sent fact (`routing/sent.ts`), the fallback predicate and the router. It exists so the
 * transactional, newsletter and import catalogue entries run and are tested before the merge; at the merge the lead
 * points the imports of this file at `rows.ts`, `routing/*` and the `MailUp` object and deletes it. Nothing public
 * is exported from here through `src/index.ts`.
 */
import { MailUpError } from '@mailup-kit/core';
import { REST_OPERATIONS } from '@mailup-kit/rest';
import { findOperation, type SoapOperationRow } from '@mailup-kit/soap';
import { SEND_API_OPERATIONS, SMS_OPERATIONS } from '@mailup-kit/transactional';
import type { Binding, BindingCall, OperationDef, OperationKind, Via } from './binding.js';

/** A REST row by its operation name (`POST Console/List/{idList}/Email`). Throws at load time on a typo. */
export function restRow(name: string): unknown {
  const row = REST_OPERATIONS.find((r) => r.name === name);
  if (!row) throw new Error(`no REST operation row ${name}`);
  return row;
}

/** A SOAP row (`MailupSend`, `SendSingleSMS`). Throws at load time on a typo. */
export function soapRow(service: SoapOperationRow['service'], method: string): unknown {
  const row = findOperation(service, method);
  if (!row) throw new Error(`no SOAP operation row ${service}.${method}`);
  return row;
}

/** A Send API row (`sendmessage`). */
export function txmailRow(name: string): unknown {
  const row = SEND_API_OPERATIONS.find((r) => r.name === name);
  if (!row) throw new Error(`no Send API operation row ${name}`);
  return row;
}

/** An SMS API row (`sms`). */
export function txsmsRow(name: string): unknown {
  const row = SMS_OPERATIONS.find((r) => r.name === name);
  if (!row) throw new Error(`no SMS API operation row ${name}`);
  return row;
}

/** The relay's one row (`@mailup-kit/smtp` does not export its table yet). */
export const SMTP_SEND_ROW = Object.freeze({ name: 'send', retryClass: 'send', policy: 'send' });

const NOT_SENT_KINDS = new Set([
  'quota-exhausted',
  'service-disabled',
  'ip-not-allowed',
  'contract-not-signed',
  'auth-invalid',
  'reauthorization-required',
]);

/** Stand-in for core's `provablyNotSent(err)` (issue 18): derived from today's `bytesMayHaveLeft` and kind. */
export function provablyNotSent(err: unknown): boolean {
  if (!MailUpError.is(err)) return false;
  if (err.bytesMayHaveLeft || err.kind === 'ambiguous') return false;
  return NOT_SENT_KINDS.has(err.kind) || err.kind === 'validation';
}

/** Stand-in for fac21's fallback predicate: may the call move on to the next candidate after `err`? */
export function mayMoveOn(kind: OperationKind, err: unknown): boolean {
  if (!MailUpError.is(err) || err.bytesMayHaveLeft || err.kind === 'ambiguous') return false;
  if (NOT_SENT_KINDS.has(err.kind)) return true;
  return err.kind === 'transient' && (kind === 'read' || kind === 'idempotent-write');
}

/** Where and how a facade call was served. */
export interface Routed {
  readonly via: Via;
  readonly callId: string;
  /** Every attempt, in order, with the error kind of those that failed. */
  readonly attempts: readonly { readonly via: Via; readonly callId: string; readonly error?: string }[];
}

/** Options of {@link runOperation}. */
export interface RunOptions {
  callId?: string;
  signal?: AbortSignal;
  /** Candidates to try first, in this order. */
  prefer?: readonly Via[];
  /** Allow falling back to a `partial` candidate. */
  allowPartial?: boolean;
}

/**
 * Stand-in router: tries the eligible candidates (their `needs` configured) in order, moving on only when
 * {@link mayMoveOn} says so and only to a candidate of the same meaning (or `partial` with `allowPartial`); the
 * error that stops it carries the attempts in `details.attempts`.
 */
export async function runOperation<In, Out, Members extends object>(
  def: OperationDef<In, Out, Members>,
  members: Members,
  input: In,
  options: RunOptions = {},
): Promise<Out & { routed: Routed }> {
  const parentCallId = options.callId ?? globalThis.crypto.randomUUID();
  const configured = (b: Binding<In, Out, Members>) =>
    b.needs.every((v) => (members as Record<string, unknown>)[v] !== undefined);
  const prefer = options.prefer ?? [];
  const rank = (b: Binding<In, Out, Members>) => {
    const i = prefer.indexOf(b.via);
    return i === -1 ? prefer.length : i;
  };
  const candidates = def.bindings.filter(configured).sort((a, b) => rank(a) - rank(b));
  if (candidates.length === 0) {
    throw new MailUpError({
      kind: 'validation',
      protocol: 'rest',
      operation: def.id,
      message: `${def.id}: no configured transport can serve it (needs one of ${def.bindings.map((b) => b.via).join(', ')})`,
    });
  }
  const attempts: Array<{ via: Via; callId: string; error?: string }> = [];
  for (let i = 0; i < candidates.length; i++) {
    const binding = candidates[i] as Binding<In, Out, Members>;
    if (i > 0 && binding.equivalence.kind === 'partial' && !options.allowPartial) continue;
    const call: BindingCall = {
      callId: `${parentCallId}.${attempts.length + 1}`,
      parentCallId,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    try {
      const out = await binding.run(members, input, call);
      attempts.push({ via: binding.via, callId: call.callId });
      return { ...out, routed: { via: binding.via, callId: call.callId, attempts } };
    } catch (err) {
      attempts.push({ via: binding.via, callId: call.callId, error: MailUpError.is(err) ? err.kind : 'error' });
      const last = !candidates.slice(i + 1).some((c) => c.equivalence.kind === 'same' || options.allowPartial);
      if (last || !mayMoveOn(def.kind, err)) {
        if (MailUpError.is(err)) throw err.with({ details: { ...err.details, attempts } });
        throw err;
      }
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
