/**
 * STAND-IN (tx21), one file: what fac21's branch provides and this branch does not have yet — the typed protocol
 * row references (`rows.ts`: `restRow`, `soapRow`, `importRow` with the same names and `RowRef` shape; the
 * transactional rows `txmailRow`, `txsmsRow`, `smtpRow` belong there too), the sent fact (`routing/sent.ts`), the
 * fallback predicate (`routing/fallback.ts`) and the router (`MailUp.run(def, input, options)`, which answers the
 * same `Out & { routed }` with the same `Routed` shape). It exists so the transactional, newsletter and import
 * catalogue entries run and are tested before the merge; at the merge the imports of this file move to `rows.ts`
 * and `MailUp.run`, and this file is deleted.
 */
import { MailUpError, type OperationSpec, type Protocol, type RetryClass } from '@mailup-kit/core';
import type { LimitedCall } from '@mailup-kit/limits';
import { REST_OPERATIONS, type RestOperationSpec } from '@mailup-kit/rest';
import { findOperation, type SoapOperationRow, type SoapServiceName } from '@mailup-kit/soap';
import { SEND_API_OPERATIONS, SMS_OPERATIONS } from '@mailup-kit/transactional';
import type { Binding, BindingCall, OperationDef, OperationKind, Via } from './binding.js';

/** A typed reference to one row of a protocol's operation table (fac21's `RowRef`). */
export interface RowRef {
  readonly protocol: Protocol;
  /** The operation id in the one scheme (`txmail:sendmessage`, `soap:MailupSend.SendSingleSMS`). */
  readonly id: string;
  readonly retryClass: RetryClass;
  /** What the limiter counts the call as (its policy row key). */
  readonly limited: LimitedCall;
  /** The protocol's own row. */
  readonly row: RestOperationSpec | SoapOperationRow | OperationSpec;
}

function missing(what: string): never {
  throw new Error(`mailup-kit client catalogue: no protocol row ${what}`);
}

function ref(protocol: Protocol, id: string, row: RowRef['row'], operation: string): RowRef {
  return Object.freeze({
    protocol,
    id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol, operation }),
    row,
  });
}

/** A REST row by name (`GET Console/List`). */
export function restRow(name: string): RowRef {
  const row = REST_OPERATIONS.find((r) => r.name === name) ?? missing(`rest ${name}`);
  return ref('rest', `rest:${row.name}`, row, row.policy ?? row.name);
}

/** A MailUpSend / Manage / Report row. */
export function soapRow(service: Exclude<SoapServiceName, 'WSMailUpImport'>, method: string): RowRef {
  const row = findOperation(service, method) ?? missing(`soap ${service}.${method}`);
  return ref('soap', `soap:${service}.${method}`, row, row.method);
}

/** A WSMailUpImport row. */
export function importRow(method: string): RowRef {
  const row = findOperation('WSMailUpImport', method) ?? missing(`import ${method}`);
  return ref('import', `import:${method}`, row, row.method);
}

/** A Send API row (`sendmessage`). */
export function txmailRow(name: string): RowRef {
  const row = SEND_API_OPERATIONS.find((r) => r.name === name) ?? missing(`txmail ${name}`);
  return ref('txmail', `txmail:${row.name}`, row, row.policy ?? row.name);
}

/** An SMS API row (`sms`; its journal id is `txsms:send`). */
export function txsmsRow(name: string): RowRef {
  const row = SMS_OPERATIONS.find((r) => r.name === name) ?? missing(`txsms ${name}`);
  return ref('txsms', `txsms:${row.name === 'sms' ? 'send' : row.name}`, row, row.policy ?? row.name);
}

/** The relay's one row (`@mailup-kit/smtp` does not export its table: the same object as its client's). */
export function smtpRow(): RowRef {
  const row: OperationSpec = { name: 'send', retryClass: 'send', policy: 'send' };
  return ref('smtp', 'smtp:send', row, 'send');
}

const NOT_SENT_KINDS: ReadonlySet<string> = new Set([
  'quota-exhausted',
  'service-disabled',
  'ip-not-allowed',
  'contract-not-signed',
  'auth-invalid',
  'reauthorization-required',
]);

/** Stand-in for fac21's fallback predicate: may the call move on to the next candidate after `err`? */
export function mayMoveOn(kind: OperationKind, err: unknown): boolean {
  if (!MailUpError.is(err) || err.bytesMayHaveLeft || err.kind === 'ambiguous') return false;
  if (NOT_SENT_KINDS.has(err.kind)) return true;
  return err.kind === 'transient' && (kind === 'read' || kind === 'idempotent-write');
}

/** One attempt of a routed call (fac21's `RoutedAttempt`). */
export interface RoutedAttempt {
  readonly via: Via;
  /** The attempt's child call id. */
  readonly callId: string;
  /** `ok`, or the error kind. */
  readonly outcome: string;
}

/** How a result was served: the transport, the facade call id and every attempt (fac21's `Routed`). */
export interface Routed {
  readonly via: Via;
  readonly callId: string;
  readonly attempts: readonly RoutedAttempt[];
}

/** Options of {@link runOperation} (a subset of fac21's `FacadeCallOptions`). */
export interface RunOptions {
  readonly callId?: string;
  readonly signal?: AbortSignal;
  /** Candidates to try first, in this order. */
  readonly prefer?: readonly Via[];
  /** Let a `partial` candidate serve this call. */
  readonly allowPartial?: boolean;
}

/**
 * Stand-in router: tries the configured candidates (a `partial` one only with `allowPartial`) in the `prefer`
 * order, moving on only when {@link mayMoveOn} says so; the error that stops it carries `details.routed` with the
 * attempts so far. Answers the binding's result with `routed`.
 */
export async function runOperation<In, Out, Members extends object>(
  def: OperationDef<In, Out, Members>,
  members: Members,
  input: In,
  options: RunOptions = {},
): Promise<Out & { routed: Routed }> {
  const callId = options.callId ?? globalThis.crypto.randomUUID();
  const configured = (b: Binding<In, Out, Members>) =>
    b.needs.every((v) => (members as Record<string, unknown>)[v] !== undefined);
  const prefer = options.prefer ?? [];
  const rank = (b: Binding<In, Out, Members>) => {
    const i = prefer.indexOf(b.via);
    return i === -1 ? prefer.length : i;
  };
  const candidates = def.bindings
    .filter((b) => configured(b) && (b.equivalence.kind === 'same' || options.allowPartial || prefer[0] === b.via))
    .sort((a, b) => rank(a) - rank(b));
  if (candidates.length === 0) {
    throw new MailUpError({
      kind: 'validation',
      protocol: 'client',
      operation: def.id,
      message: `${def.id}: no configured transport can serve it (candidates: ${def.bindings.map((b) => b.via).join(', ')})`,
    });
  }
  const attempts: RoutedAttempt[] = [];
  for (const [i, binding] of candidates.entries()) {
    const call: BindingCall = {
      callId: `${callId}.${attempts.length + 1}`,
      parentCallId: callId,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    try {
      const out = await binding.run(members, input, call);
      attempts.push({ via: binding.via, callId: call.callId, outcome: 'ok' });
      return { ...out, routed: { via: binding.via, callId, attempts } };
    } catch (err) {
      attempts.push({ via: binding.via, callId: call.callId, outcome: MailUpError.is(err) ? err.kind : 'error' });
      if (i === candidates.length - 1 || !mayMoveOn(def.kind, err)) {
        if (MailUpError.is(err)) {
          throw err.with({ details: { ...err.details, routed: { operation: def.id, callId, attempts } } });
        }
        throw err;
      }
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
