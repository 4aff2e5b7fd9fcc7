import { HttpTransport } from '@mailup-kit/core/node';
import { type RunningEmulator, seedAccount, startEmulator } from '@mailup-kit/emulator';
import { journalOf } from '@mailup-kit/testkit/journal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportClient, SoapTransport } from '../src/index.js';

// Issue 18 item 5: SOAP headers are per call. The Import service's `Authentication` header used to be cleared and
// set on a node-soap client cached per service and shared by every call through the transport; the header now
// travels with the call's own request and is rendered into that call's envelope only.

let emulator: RunningEmulator;
const other = seedAccount({ id: 61234 });

beforeAll(async () => {
  emulator = await startEmulator();
  await emulator.control.action('throttle.enabled', { enabled: false });
  const data = emulator.store.addAccount(other);
  data.addList({ name: 'Other account list' });
  data.service('MailUpImport');
});
afterAll(async () => {
  await emulator.close();
});

describe('SOAP headers per call', () => {
  it('two concurrent Import calls with different credentials through one transport each carry their own Authentication', async () => {
    const seeded = emulator.store.seeded;
    const endpoint = `${emulator.urls.http}/Services/WSMailupImport.asmx`;
    // One transport shared by both clients: what a shared cached node-soap client made dangerous.
    const transport = new SoapTransport({
      http: new HttpTransport({ protocol: 'import' }),
      endpoints: { WSMailUpImport: endpoint },
    });
    const make = (user: string, password: string) =>
      new ImportClient({ consoleUrl: emulator.urls.http, user, password, allowInsecureHttp: true, transport });
    const a = make(seeded.apiUser, seeded.apiPassword);
    const b = make(other.apiUser, other.apiPassword);
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const rounds = 20;
    const calls: Array<Promise<{ who: 'a' | 'b'; names: string[] }>> = [];
    for (let i = 0; i < rounds; i++) {
      calls.push(a.getNlLists().then((lists) => ({ who: 'a' as const, names: lists.map((l) => l.listName) })));
      calls.push(b.getNlLists().then((lists) => ({ who: 'b' as const, names: lists.map((l) => l.listName) })));
    }
    const answers = await Promise.all(calls);
    for (const answer of answers) {
      if (answer.who === 'a') expect(answer.names).toEqual(['Newsletter', 'Customers']);
      else expect(answer.names).toEqual(['Other account list']);
    }
    const entries = journal.since(mark).servedBy('import:GetNlLists');
    expect(entries).toHaveLength(rounds * 2);
    const byAccount = (id: number) => entries.filter((e) => e.accountId === id);
    expect(byAccount(seeded.id)).toHaveLength(rounds);
    expect(byAccount(other.id)).toHaveLength(rounds);
    for (const e of byAccount(seeded.id)) expect(e.request.body.text).toContain(`<User>${seeded.apiUser}</User>`);
    for (const e of byAccount(other.id)) expect(e.request.body.text).toContain(`<User>${other.apiUser}</User>`);
    a.close();
    b.close();
  });
});
