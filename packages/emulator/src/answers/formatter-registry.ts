import type { Protocol } from '@mailup-kit/core';
import type { AnswerFormatter, EmulatorProblem, EmulatorRequest, EmulatorResponse } from '../types.js';
import { frontendFormatter } from './frontend-formatter.js';
import { oauthFormatter } from './oauth-formatter.js';
import { plainFormatter } from './plain-formatter.js';
import { restFormatter } from './rest-formatter.js';
import { soapFormatter } from './soap-formatter.js';
import { txmailFormatter, txsmsFormatter } from './transactional-formatters.js';

/** The built-in formatter of every HTTP protocol; a module may replace its protocol's once. */
function defaults(): AnswerFormatter[] {
  return [
    restFormatter(),
    restFormatter({ protocol: 'jsonp' }),
    oauthFormatter(),
    soapFormatter('soap'),
    soapFormatter('import'),
    frontendFormatter(),
    txsmsFormatter(),
    txmailFormatter(),
    plainFormatter('client'),
  ];
}

/**
 * Answer formatters per protocol: gates and handlers say what went wrong (`{ problem }`) or return a value
 * (`json`), and the request's protocol decides the wording and the encoding. Nothing else switches on protocol.
 */
export class FormatterRegistry {
  private readonly formatters = new Map<Protocol, AnswerFormatter>();
  private readonly replaced = new Set<Protocol>();

  constructor() {
    for (const formatter of defaults()) this.formatters.set(formatter.protocol, formatter);
  }

  /** Installs a module's formatter: it replaces the built-in one; a second module's for one protocol is refused. */
  register(formatter: AnswerFormatter): void {
    if (this.replaced.has(formatter.protocol)) {
      throw new Error(`formatter already registered for protocol: ${formatter.protocol}`);
    }
    this.replaced.add(formatter.protocol);
    this.formatters.set(formatter.protocol, formatter);
  }

  private get(protocol: Protocol): AnswerFormatter {
    return this.formatters.get(protocol) ?? (this.formatters.get('client') as AnswerFormatter);
  }

  /** A problem worded the protocol's way. */
  problem(protocol: Protocol, problem: EmulatorProblem, req?: EmulatorRequest): EmulatorResponse {
    return this.get(protocol).problem(problem, req);
  }

  /** Turns an answer into bytes-to-send: problems rendered, `json` values encoded (JSON unless the formatter says). */
  render(protocol: Protocol, answer: EmulatorResponse | { problem: EmulatorProblem }, req: EmulatorRequest) {
    let response = 'problem' in answer ? this.problem(protocol, answer.problem, req) : answer;
    const encode = this.get(protocol).encode;
    if (response.body === undefined && response.json !== undefined && encode) {
      response = encode({ ...response, json: response.json }, req);
    }
    return toBytes(response);
  }
}

/** Serializes a remaining `json` value as JSON with its content type. */
export function toBytes(response: EmulatorResponse): EmulatorResponse {
  if (response.body !== undefined || response.json === undefined) return response;
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  return { status: response.status, headers, body: JSON.stringify(response.json) };
}
