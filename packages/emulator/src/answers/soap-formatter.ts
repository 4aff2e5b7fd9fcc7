import type { AnswerFormatter, EmulatorProblem, EmulatorResponse } from '../types.js';
import { problemText } from './plain-formatter.js';
import { quotaText } from './quota-wording.js';

function xmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A SOAP 1.1 fault (HTTP 500) with `soap:Client` for the caller's mistakes and `soap:Server` otherwise. */
export function soapFault(code: 'Client' | 'Server', text: string): EmulatorResponse {
  return {
    status: 500,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
      `<soap:Body><soap:Fault><faultcode>soap:${code}</faultcode><faultstring>${xmlText(text)}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
  };
}

/**
 * SOAP (MailUpSend/Manage/Report) and WSMailUpImport problems as SOAP faults. MailUp's throttling wording for SOAP
 * is NOT FOUND in any source; the fault names the quota and the wait in ms (INFERRED).
 */
export function soapFormatter(protocol: 'soap' | 'import' = 'soap'): AnswerFormatter {
  return {
    protocol,
    problem(problem: EmulatorProblem) {
      if (problem.kind === 'throttled') {
        return soapFault(
          'Server',
          `Too many requests (too_many_requests): the call quota is exhausted. ${quotaText(problem)}, throttling condition expires in: ${problem.expiresInMs} ms.`,
        );
      }
      const client = problem.kind !== 'internal';
      return soapFault(client ? 'Client' : 'Server', problemText(problem));
    },
  };
}
