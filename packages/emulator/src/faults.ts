import { PROTOCOLS, type Protocol } from '@mailup-kit/core';

/**
 * When a fault fires: `before-apply` (nothing changed yet), `after-apply` (the change happened, the answer is
 * replaced or lost) or `after-data` (SMTP: the message data was received).
 */
export const FAULT_PHASES = ['before-apply', 'after-apply', 'after-data'] as const;
/** One of {@link FAULT_PHASES}. */
export type FaultPhase = (typeof FAULT_PHASES)[number];

/** What a fault does to a matching request. */
export type FaultAction =
  /** Answer with this status (and optional body): instead of the handler, or instead of its answer after apply. */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Destroy the connection in the rule's phase. */
  | { type: 'reset' }
  /** Destroy the socket before the handler runs: the change is not applied. */
  | { type: 'reset-before' }
  /** Run the handler (the change is applied), then destroy the socket instead of answering. */
  | { type: 'reset-after' }
  /** Delay the answer by this many ms. */
  | { type: 'delay'; ms: number };

/**
 * A fault rule: matches by any of method, path prefix, protocol and operation (case-insensitive; the protocol and
 * operation are the resolved ones, so a SOAP method served on one endpoint can be hit alone), in one phase, for
 * `times` requests (default 1).
 */
export interface FaultRule {
  method?: string;
  /** Path prefix, e.g. `/Authorization/OAuth/Token`. */
  path?: string;
  protocol?: Protocol;
  /** Resolved operation, e.g. `Token`, `GET Console/User/Lists`, `SendSingleSMS`. */
  operation?: string;
  /**
   * Default: `after-apply` for `reset-after` and `delay` (the answer waits), `before-apply` for everything else.
   * `reset-before`/`reset-after` name their phase and refuse another one.
   */
  phase?: FaultPhase;
  action: FaultAction;
  times?: number;
}

/** What a request (or an SMTP conversation step) is, for matching fault rules. */
export interface FaultRequest {
  method?: string;
  path?: string;
  protocol?: Protocol;
  operation?: string;
}

const RULE_FIELDS = new Set(['method', 'path', 'protocol', 'operation', 'phase', 'action', 'times']);
const ACTION_FIELDS: Readonly<Record<FaultAction['type'], readonly string[]>> = {
  status: ['type', 'status', 'body', 'headers'],
  reset: ['type'],
  'reset-before': ['type'],
  'reset-after': ['type'],
  delay: ['type', 'ms'],
};
/** The longest `delay` a rule may ask for (10 minutes): longer is a typo, not a test. */
const MAX_DELAY_MS = 600_000;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new RangeError(`fault rule: ${message}`);
}

function checkFields(value: Record<string, unknown>, allowed: Iterable<string>, where: string): void {
  const known = new Set(allowed);
  for (const key of Object.keys(value)) if (!known.has(key)) fail(`unknown field "${where}${key}"`);
}

function validateAction(action: unknown): FaultAction {
  if (!isRecord(action)) fail('"action" must be an object such as { "type": "status", "status": 503 }');
  const types = Object.keys(ACTION_FIELDS);
  if (typeof action.type !== 'string' || !types.includes(action.type)) {
    fail(`"action.type" must be one of ${types.join(', ')}`);
  }
  const type = action.type as FaultAction['type'];
  checkFields(action, ACTION_FIELDS[type], 'action.');
  if (type === 'status') {
    const { status, body, headers } = action;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      fail('"action.status" must be an integer from 100 to 599');
    }
    if (body !== undefined && typeof body !== 'string') fail('"action.body" must be a string');
    if (headers !== undefined) {
      if (!isRecord(headers)) fail('"action.headers" must be an object of header names to string values');
      for (const [name, value] of Object.entries(headers)) {
        if (!TOKEN.test(name)) fail(`"action.headers" has an invalid header name ${JSON.stringify(name)}`);
        if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
          fail(`"action.headers" value of ${name} must be a string without control characters`);
        }
      }
    }
  }
  if (type === 'delay') {
    const { ms } = action;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS) {
      fail(`"action.ms" must be a number of ms from 0 to ${MAX_DELAY_MS}`);
    }
  }
  return { ...action } as FaultAction;
}

/** The phase a rule fires in (its explicit `phase`, else the default of its action type). */
export function phaseOf(rule: Pick<FaultRule, 'phase' | 'action'>): FaultPhase {
  if (rule.phase) return rule.phase;
  return rule.action.type === 'reset-after' || rule.action.type === 'delay' ? 'after-apply' : 'before-apply';
}

function checkPhase(
  action: FaultAction,
  phase: FaultPhase | undefined,
  protocol: unknown,
  method: unknown,
  path: unknown,
) {
  if (phase === undefined) return;
  if (action.type === 'reset-before' && phase !== 'before-apply') {
    fail(`"reset-before" fires before-apply; use { "type": "reset" } with "phase": "${phase}"`);
  }
  if (action.type === 'reset-after' && phase !== 'after-apply') {
    fail(`"reset-after" fires after-apply; use { "type": "reset" } with "phase": "${phase}"`);
  }
  if (phase === 'after-data') {
    if (protocol !== undefined && protocol !== 'smtp') fail('"phase": "after-data" exists only for protocol "smtp"');
    if (method !== undefined || path !== undefined) fail('"phase": "after-data" takes no HTTP "method" or "path"');
  }
}

/**
 * Checks a rule as it arrives (in-process or as control-API JSON) and returns a clean copy: a rule that would
 * break every matching request later (a non-string `path`, an unknown action, a header Node cannot write) is
 * refused now with a `RangeError` naming the field, and nothing is stored.
 */
export function validateFaultRule(rule: unknown): FaultRule {
  if (!isRecord(rule)) fail('must be an object { method?, path?, protocol?, operation?, phase?, action, times? }');
  checkFields(rule, RULE_FIELDS, '');
  const { method, path, times, protocol, operation, phase } = rule;
  if (method !== undefined && (typeof method !== 'string' || !TOKEN.test(method))) {
    fail('"method" must be an HTTP method name such as "POST"');
  }
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    fail('"path" must be a string starting with "/" (a path prefix such as "/API/v1.1/Rest")');
  }
  if (protocol !== undefined && !(PROTOCOLS as readonly unknown[]).includes(protocol)) {
    fail(`"protocol" must be one of ${PROTOCOLS.join(', ')}`);
  }
  if (operation !== undefined && (typeof operation !== 'string' || operation.trim() === '')) {
    fail('"operation" must be a non-empty operation name such as "Token" or "SendSingleSMS"');
  }
  if (phase !== undefined && !(FAULT_PHASES as readonly unknown[]).includes(phase)) {
    fail(`"phase" must be one of ${FAULT_PHASES.join(', ')}`);
  }
  const action = validateAction(rule.action);
  checkPhase(action, phase as FaultPhase | undefined, protocol, method, path);
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    throw new RangeError('fault times must be a positive integer');
  }
  return {
    ...(method !== undefined ? { method: method as string } : {}),
    ...(path !== undefined ? { path: path as string } : {}),
    ...(protocol !== undefined ? { protocol: protocol as Protocol } : {}),
    ...(operation !== undefined ? { operation: operation as string } : {}),
    ...(phase !== undefined ? { phase: phase as FaultPhase } : {}),
    action,
    ...(times !== undefined ? { times: times as number } : {}),
  };
}

/** The active fault rules; each match uses up one of its `times`. */
export class FaultTable {
  private rules: Array<FaultRule & { left: number }> = [];

  /** Validates the rule ({@link validateFaultRule}) and arms it; a bad rule throws and nothing is stored. */
  add(rule: FaultRule): void {
    const valid = validateFaultRule(rule);
    this.rules.push({ ...valid, left: valid.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** Takes the first rule matching the request in `phase`, if any; rules of other phases are not touched. */
  take(request: FaultRequest, phase: FaultPhase): FaultAction | undefined {
    const same = (want: string | undefined, got: string | undefined) =>
      !want || (got !== undefined && want.toLowerCase() === got.toLowerCase());
    const index = this.rules.findIndex(
      (r) =>
        phaseOf(r) === phase &&
        same(r.method, request.method) &&
        same(r.protocol, request.protocol) &&
        same(r.operation, request.operation) &&
        (!r.path || (request.path ?? '').toLowerCase().startsWith(r.path.toLowerCase())),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.left--;
    if (rule.left === 0) this.rules.splice(index, 1);
    return rule.action;
  }
}
