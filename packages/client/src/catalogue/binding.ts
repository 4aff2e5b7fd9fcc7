/** Which member serves a binding. */
export type Via = 'rest' | 'soap' | 'import' | 'frontend' | 'txmail' | 'smtp' | 'txsms';
/** Whether a binding means the same as the operation: `same`, or `partial` with what differs. */
export type Equivalence = { readonly kind: 'same' } | { readonly kind: 'partial'; readonly differs: readonly string[] };
/** What a facade operation does, for the fallback rule: reads and idempotent writes may move on after a transient
 *  error (after their own retries); sends never move on once bytes may have left. */
export type OperationKind = 'read' | 'idempotent-write' | 'write' | 'send';
/** Per-attempt options the facade hands a binding (child call id of the facade's call). */
export interface BindingCall {
  readonly callId: string;
  readonly parentCallId: string;
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}
/** One candidate way to serve an operation. `Members` is the facade's set of configured protocol clients. */
export interface Binding<In, Out, Members> {
  readonly via: Via;
  /** The protocol table rows this binding calls (typed references; retry class and policy rows derive from them). */
  readonly rows: readonly unknown[];
  readonly equivalence: Equivalence;
  /** Which configured member(s) and credential(s) it needs (for eligibility). */
  readonly needs: readonly Via[];
  run(members: Members, input: In, call: BindingCall): Promise<Out>;
}
export interface OperationDef<In, Out, Members> {
  /** e.g. `recipients.subscribe`, `transactional.email.send` */
  readonly id: string;
  readonly kind: OperationKind;
  readonly bindings: readonly Binding<In, Out, Members>[];
}

/** The equivalence of a binding that means exactly what its operation means. */
export const SAME: Equivalence = Object.freeze({ kind: 'same' });

/**
 * One candidate served by the member `via` alone (eligibility needs only that member and its credentials): the
 * protocol rows it calls by reference, how it runs, and its equivalence (default {@link SAME}). The one shape of a
 * catalogue binding, stated once — an operation reads as its candidates in order, e.g. REST then SOAP:
 *
 * @example
 * ```ts
 * bindings: [
 *   bind('rest', [REST_DELETE], async (m, { listId }, call) => { ... }),
 *   bind('soap', [SOAP_DELETE], async (m, { listId }, call) => { ... }),
 * ]
 * ```
 */
export function bind<In, Out, Members>(
  via: Via,
  rows: readonly unknown[],
  run: Binding<In, Out, Members>['run'],
  equivalence: Equivalence = SAME,
): Binding<In, Out, Members> {
  return { via, rows, equivalence, needs: [via], run };
}
