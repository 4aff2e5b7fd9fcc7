import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { RETRY_CLASSES, type RetryClass } from '../retry/retryable.js';

/**
 * What a protocol package writes for one operation of its table: data, not code. {@link operationTable} turns it
 * into an {@link OperationRow} (adding `id`, `protocol` and the `policy` key). Protocol-specific fields (`method`,
 * `path`, a SOAP row's params …) ride along and are typed on the row.
 */
export interface OperationSpec {
  /** Name of the operation inside its protocol, e.g. `GET Console/User/Lists`, `MailupSend.GetLists`. */
  readonly name: string;
  readonly retryClass: RetryClass;
  /**
   * Operation name the quota step looks up in the policy table (default {@link OperationSpec.name}), e.g. the
   * SOAP method name when the row's name says more. The vendor's own name: the policy table is written in it.
   */
  readonly policy?: string;
  /** The id in the one scheme; default `<protocol>:<name>` (set it when the vendor's name differs from the id's). */
  readonly id?: string;
  /** HTTP method (HTTP members). */
  readonly method?: string;
  /** Path (template) under the client's base URL (HTTP members), or the SOAP action. */
  readonly path?: string;
  /** How a collection operation pages (documentation for callers and paging helpers). */
  readonly paging?: 'page-number' | 'none';
}

/**
 * One operation as the pipeline carries it on `ctx.operation`: what every step, error, log, counter and event
 * reads, so nothing looks a row up again once a call has started.
 *
 * `id` is THE operation id, one scheme for every protocol (the emulator's request journal uses the same):
 * `rest:GET Console/List`, `soap:MailupSend.GetLists`, `import:GetNlLists`, `frontend:xmlSubscribe`,
 * `jsonp:<name>`, `txmail:sendmessage`, `txsms:send`, `smtp:send`, `oauth:token`.
 */
export interface OperationRow {
  /** The one operation id (`<protocol>:<name>`); `MailUpError.operation` and every log line carry it. */
  readonly id: string;
  /** The name inside its protocol (the part of the id after the protocol). */
  readonly name: string;
  readonly protocol: Protocol;
  /** Decides what the retry step may repeat (a retry policy's `classes` may override it by id or name). */
  readonly retryClass: RetryClass;
  /** The key the quota step looks up in the policy table: the vendor's own operation name. */
  readonly policy: string;
}

/** The row built from `S`: its own fields plus the {@link OperationRow} facts. */
export type Operation<S extends OperationSpec = OperationSpec> = Readonly<Omit<S, keyof OperationRow>> & OperationRow;

/** A table keyed by operation name (`table['GET Console/List']`): a wrong key fails `tsc`. Iterate with `Object.values`. */
export type OperationTableOf<S extends OperationSpec> = {
  readonly [R in S as R['name']]: Operation<R>;
};

/**
 * One frozen {@link OperationRow} from `spec` for `protocol`: `id` defaults to `<protocol>:<name>` and `policy`
 * to the name. Refuses (kind `validation`) a row without a name or with an unknown retry class.
 */
export function operationRow<S extends OperationSpec>(protocol: Protocol, spec: S): Operation<S> {
  if (!spec || typeof spec.name !== 'string' || spec.name === '' || !RETRY_CLASSES.includes(spec.retryClass)) {
    throw new MailUpError({
      kind: 'validation',
      protocol,
      operation: `${protocol}:${String(spec?.name)}`,
      message: 'every operation row needs a name and a retry class',
    });
  }
  return Object.freeze({
    ...spec,
    id: spec.id ?? `${protocol}:${spec.name}`,
    protocol,
    policy: spec.policy ?? spec.name,
  }) as unknown as Operation<S>;
}

/**
 * A protocol's operation table, keyed by name (so typed methods reach their row by reference —
 * `REST_OPERATIONS['GET Console/List']` — and a misspelt name fails to compile) and iterable with
 * `Object.values(table)`. A name listed twice is refused.
 *
 * @example
 * ```ts
 * const OPS = operationTable('txsms', [{ name: 'send', retryClass: 'send', method: 'POST', path: '/API/v2.0/sms' }] as const);
 * OPS.send.id; // 'txsms:send'
 * ```
 */
export function operationTable<const S extends readonly OperationSpec[]>(
  protocol: Protocol,
  specs: S,
): OperationTableOf<S[number]> {
  const table: Record<string, OperationRow> = {};
  for (const spec of specs) {
    if (Object.hasOwn(table, spec.name)) {
      throw new MailUpError({
        kind: 'validation',
        protocol,
        operation: `${protocol}:${spec.name}`,
        message: `operation "${spec.name}" is listed twice`,
      });
    }
    table[spec.name] = operationRow(protocol, spec);
  }
  return Object.freeze(table) as unknown as OperationTableOf<S[number]>;
}
