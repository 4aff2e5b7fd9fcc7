import type { Protocol } from '@mailup-kit/core';
import type { EmulatorResponse } from '../types.js';

/** What was exceeded, for the answer's wording. */
export interface Exceeded {
  limit: number;
  periodMs: number;
  actual: number;
  expiresInMs: number;
}

function per(periodMs: number): string {
  if (periodMs === 1000) return 'second';
  if (periodMs === 86_400_000) return 'day';
  return `${Math.round(periodMs / 1000)} seconds`;
}

/**
 * MailUp's answer to a throttled call. REST: HTTP 429 with the newer wording (seeds/001: "The call quota is
 * exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling
 * config: 2."). SOAP and transactional SMS: MailUp's wording is NOT FOUND in any source; the emulator answers a
 * SOAP fault (HTTP 500) and an SMS-API JSON body with HTTP 429, both naming the wait in ms (INFERRED).
 */
export function throttledAnswer(protocol: Protocol, e: Exceeded): EmulatorResponse {
  const quota = `Max: ${e.limit} calls/${per(e.periodMs)}, actual: ${e.actual} calls/${per(e.periodMs)}`;
  if (protocol === 'soap' || protocol === 'import') {
    const text = `Too many requests (too_many_requests): the call quota is exhausted. ${quota}, throttling condition expires in: ${e.expiresInMs} ms.`;
    return {
      status: 500,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body:
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
        `<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>${text}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
    };
  }
  if (protocol === 'txsms') {
    return {
      status: 429,
      json: {
        Data: null,
        Code: '429',
        Description: `Too many requests: the call quota is exhausted. ${quota}, throttling condition expires in: ${e.expiresInMs} ms.`,
        State: 'ERROR',
      },
    };
  }
  return {
    status: 429,
    json: {
      ErrorCode: '429',
      ErrorDescription: `Authorization error (too_many_requests): The call quota is exhausted. ${quota}, throttling condition expires in: ${e.expiresInMs} ms, throttling config: 2.`,
      ErrorName: null,
      ErrorStack: null,
    },
  };
}
