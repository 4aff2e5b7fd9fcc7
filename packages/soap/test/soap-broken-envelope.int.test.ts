import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoapClient } from '../src/index.js';

// Issue 16 item 18: when the outer envelope did not parse, node-soap rejects with a plain object
// (`{ Fault: { faultstring: 'Invalid XML', detail } }`), and the error message read `…: [object Object]`.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('a SOAP answer whose outer envelope does not parse', () => {
  it.each([
    [
      'a truncated envelope',
      200,
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><a b',
    ],
    ['a mismatched close tag', 500, '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"></a>'],
  ])('%s is a permanent error that says why, never [object Object]', async (_what, status, body) => {
    const a = emulator.store.seeded;
    emulator.control.addFault({
      protocol: 'soap',
      operation: 'GetLists',
      action: { type: 'status', status, body, headers: { 'content-type': 'text/xml; charset=utf-8' } },
    });
    const soap = new SoapClient({ user: a.apiUser, password: a.apiPassword, baseUrl: emulator.urls.http });
    try {
      const error = await soap.send.call('GetLists', {}).catch((e: unknown) => e);
      expect(MailUpError.is(error), String(error)).toBe(true);
      const message = (error as MailUpError).message;
      expect(message).not.toContain('[object Object]');
      expect(message).toMatch(/^GetLists: the answer is not a SOAP response \(HTTP \d+\): Invalid XML: \S/);
      expect((error as MailUpError).kind).toBe('permanent');
    } finally {
      await soap.close();
      emulator.control.action('faults.clear', {});
    }
  });
});
