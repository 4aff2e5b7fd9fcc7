/** What a fault does to a matching request. */
export type FaultAction =
  /** Answer with this status (and optional body) instead of the handler. */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Destroy the socket before the handler runs: the change is not applied. */
  | { type: 'reset-before' }
  /** Run the handler (the change is applied), then destroy the socket instead of answering. */
  | { type: 'reset-after' }
  /** Delay the answer by this many ms. */
  | { type: 'delay'; ms: number };

/** A fault rule: matches by method and path prefix (case-insensitive), for `times` requests (default 1). */
export interface FaultRule {
  method?: string;
  /** Path prefix, e.g. `/Authorization/OAuth/Token`. */
  path?: string;
  action: FaultAction;
  times?: number;
}

const RULE_FIELDS = new Set(['method', 'path', 'action', 'times']);
const ACTION_FIELDS: Readonly<Record<FaultAction['type'], readonly string[]>> = {
  status: ['type', 'status', 'body', 'headers'],
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

/**
 * Checks a rule as it arrives (in-process or as control-API JSON) and returns a clean copy: a rule that would
 * break every matching request later (a non-string `path`, an unknown action, a header Node cannot write) is
 * refused now with a `RangeError` naming the field, and nothing is stored.
 */
export function validateFaultRule(rule: unknown): FaultRule {
  if (!isRecord(rule)) fail('must be an object { method?, path?, action, times? }');
  checkFields(rule, RULE_FIELDS, '');
  const { method, path, times } = rule;
  if (method !== undefined && (typeof method !== 'string' || !TOKEN.test(method))) {
    fail('"method" must be an HTTP method name such as "POST"');
  }
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    fail('"path" must be a string starting with "/" (a path prefix such as "/API/v1.1/Rest")');
  }
  const action = validateAction(rule.action);
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    throw new RangeError('fault times must be a positive integer');
  }
  return {
    ...(method !== undefined ? { method: method as string } : {}),
    ...(path !== undefined ? { path: path as string } : {}),
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

  /** Takes the first rule matching the request, if any. */
  take(method: string, path: string): FaultAction | undefined {
    const lowerPath = path.toLowerCase();
    const index = this.rules.findIndex(
      (r) =>
        (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
        (!r.path || lowerPath.startsWith(r.path.toLowerCase())),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.left--;
    if (rule.left === 0) this.rules.splice(index, 1);
    return rule.action;
  }
}
