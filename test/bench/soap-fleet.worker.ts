// One worker of test/bench/soap.ts `sessionLoginsPerHour`: a SoapClient whose access key lives in a token file
// shared with two other processes. The parent drives emulated time: each stdin line is the emulator clock's offset;
// the worker moves its own clock there, makes its calls, and answers "ok" (or "error <kind>").
import { createInterface } from 'node:readline';
import { type Clock, MailUpError, systemClock } from '@mailup-kit/core';
import { FileTokenStore } from '@mailup-kit/core/node';
import { SoapClient } from '@mailup-kit/soap';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker: ${name} is not set`);
  return value;
};
let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
const soap = new SoapClient({
  user: env('SOAP_USER'),
  password: env('SOAP_PASSWORD'),
  baseUrl: env('SOAP_BASE_URL'),
  tokenStore: new FileTokenStore({ path: env('SOAP_TOKEN_FILE') }),
  clock,
});
const calls = Number(env('SOAP_CALLS'));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'exit') break;
  offsetMs = Number(line);
  try {
    for (let i = 0; i < calls; i++) await soap.getLists();
    process.stdout.write('ok\n');
  } catch (error) {
    process.stdout.write(`error ${MailUpError.is(error) ? error.kind : String(error)}\n`);
  }
}
await soap.close();
process.exit(0);
