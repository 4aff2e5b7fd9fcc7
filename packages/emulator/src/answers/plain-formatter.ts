import type { Protocol } from '@mailup-kit/core';
import type { AnswerFormatter, EmulatorProblem, EmulatorResponse } from '../types.js';
import { quotaText } from './quota-wording.js';

const STATUS: Readonly<Record<EmulatorProblem['kind'], number>> = {
  throttled: 429,
  unauthorized: 401,
  forbidden: 403,
  'bad-request': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  'too-large': 413,
  internal: 500,
};

/** The one-line text of a problem (the emulator's own wording). */
export function problemText(problem: EmulatorProblem): string {
  switch (problem.kind) {
    case 'throttled':
      return `too many requests: ${quotaText(problem)}, throttling condition expires in: ${problem.expiresInMs} ms`;
    case 'bad-request':
      return `bad request: ${problem.description}`;
    case 'not-found':
      return 'not found';
    case 'method-not-allowed':
      return 'method not allowed';
    case 'too-large':
      return 'request body too large';
    default:
      return problem.description;
  }
}

/** The HTTP status a problem gets where the protocol does not say otherwise. */
export function problemStatus(problem: EmulatorProblem): number {
  return STATUS[problem.kind];
}

/** Plain-text answers: the emulator's own paths (`client`) and anything without a protocol of its own. */
export function plainFormatter(protocol: Protocol = 'client'): AnswerFormatter {
  return {
    protocol,
    problem(problem): EmulatorResponse {
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
      if (problem.kind === 'method-not-allowed') headers.allow = problem.allowed.join(', ');
      return { status: problemStatus(problem), headers, body: problemText(problem) };
    },
  };
}
