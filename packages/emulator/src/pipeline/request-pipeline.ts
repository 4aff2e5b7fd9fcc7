import type { Clock, Protocol } from '@mailup-kit/core';
import type { FormatterRegistry } from '../answers/formatter-registry.js';
import type { FaultAction, FaultTable } from '../faults.js';
import { isRestPath } from '../http/rest-paths.js';
import type { Router } from '../router.js';
import type { AfterFilter, Answer, EmulatorRequest, EmulatorResponse } from '../types.js';
import type { GateChain } from './gate-chain.js';
import { resolveRequest } from './resolve-request.js';

/** What to do with a request's socket and answer. */
export type PipelineOutcome =
  | { kind: 'answer'; response: EmulatorResponse; delayMs: number }
  /** Destroy the connection without answering (an injected reset). */
  | { kind: 'reset' };

/** Everything the pipeline runs on, owned by the server. */
export interface PipelineParts {
  router: Router;
  gates: GateChain;
  formatters: FormatterRegistry;
  filters: AfterFilter[];
  faults: FaultTable;
  counters: Map<string, number>;
  /** Delay faults wait on it (advancing the emulator's clock releases them). */
  clock: Clock;
}

/** The protocol whose wording an unmatched path gets: REST under MailUp's REST bases, the emulator's own elsewhere. */
export function pathProtocol(path: string): Protocol {
  return isRestPath(path) ? 'rest' : 'client';
}

/**
 * One protocol request, in this order: route → resolve `{protocol, operation, accountId, input}` → before-apply
 * faults → count → gates (authenticate → authorize → throttle) → handler → after-apply faults → the protocol's
 * formatter → after-filters. Injected fault answers are sent as given (no formatter, no filters).
 */
export async function runPipeline(parts: PipelineParts, req: EmulatorRequest): Promise<PipelineOutcome> {
  const { match, allowed } = parts.router.match(req.method, req.path);
  if (!match) {
    const fault = parts.faults.take({ method: req.method, path: req.path }, 'before-apply');
    if (fault) return faultOutcome(fault, undefined);
    const problem = allowed.length
      ? ({ kind: 'method-not-allowed', allowed } as const)
      : ({ kind: 'not-found', description: '' } as const);
    return { kind: 'answer', response: parts.formatters.render(pathProtocol(req.path), { problem }, req), delayMs: 0 };
  }
  req.params = match.params;
  req.route = match.info;
  const resolved = resolveRequest(match.info, req);
  req.resolved = resolved;
  const faultRequest = {
    method: req.method,
    path: req.path,
    protocol: resolved.protocol,
    operation: resolved.operation,
  };

  let delayMs = 0;
  const before = parts.faults.take(faultRequest, 'before-apply');
  if (before?.type === 'delay') await parts.clock.sleep(before.ms);
  else if (before) return faultOutcome(before, undefined);

  const counter = `${resolved.protocol} ${resolved.operation}`;
  parts.counters.set(counter, (parts.counters.get(counter) ?? 0) + 1);
  const answer: Answer = (await parts.gates.run(req)) ?? (await match.handler(req));
  let response = parts.formatters.render(resolved.protocol, answer, req);
  for (const filter of parts.filters) response = filter.run(req, response);

  const after = parts.faults.take(faultRequest, 'after-apply');
  if (after?.type === 'delay') delayMs += after.ms;
  else if (after) return faultOutcome(after, delayMs);
  return { kind: 'answer', response, delayMs };
}

function faultOutcome(fault: Exclude<FaultAction, { type: 'delay' }> | FaultAction, delayMs: number | undefined) {
  if (fault.type === 'status') {
    const response = { status: fault.status, body: fault.body ?? '', headers: fault.headers ?? {} };
    return { kind: 'answer', response, delayMs: delayMs ?? 0 } as const;
  }
  if (fault.type === 'delay') throw new Error('delay faults are added to the answer, not answered');
  return { kind: 'reset' } as const;
}
