import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

// REFERENCE §3.7 (StartImportProcesses page, P:import): the WSDL has `xmlDoc` minOccurs=0, and "xmlDoc NULL ⇒
// imports all pending NewImportProcess payloads (MailUp ≥ 8.2.1)".
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const IMPORT = 'http://ws.mailupnet.it/';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function importCall(method: string, args: string) {
  const { apiUser, apiPassword } = emulator.store.seeded;
  const header = `<soap:Header><Authentication xmlns="${IMPORT}"><User>${apiUser}</User><Password>${apiPassword}</Password></Authentication></soap:Header>`;
  const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">${header}<soap:Body><${method} xmlns="${IMPORT}">${args}</${method}></soap:Body></soap:Envelope>`;
  const res = await fetch(`${emulator.urls.http}/Services/WSMailupImport.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `${IMPORT}${method}` },
    body,
  });
  const text = await res.text();
  const doc = decode(new RegExp(`<${method}Result>([\\s\\S]*)</${method}Result>`).exec(text)?.[1] ?? '');
  return { status: res.status, doc, code: Number(/<ReturnCode>(-?\d+)<\/ReturnCode>/.exec(doc)?.[1]) };
}

const options =
  '<importType>1</importType><mobileInputType>1</mobileInputType><asPending>false</asPending>' +
  '<ConfirmEmail>false</ConfirmEmail><asOptOut>false</asOptOut><forceOptIn>false</forceOptIn>' +
  '<replaceGroups>false</replaceGroups>';

function prepare(listId: number, guid: string, email: string) {
  const feed = `<subscribers><subscriber email="${email}" Prefix="" Number="" Name="P"></subscriber></subscribers>`;
  return importCall(
    'NewImportProcess',
    `<idList>${listId}</idList><listGUID>${guid}</listGUID><xmlDoc>${esc(feed)}</xmlDoc><idGroups></idGroups>${options}<idConfirmNL>0</idConfirmNL>`,
  );
}

describe('WSMailUpImport StartImportProcesses without xmlDoc', () => {
  it('imports every pending NewImportProcess payload of the named lists, once', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const [g1, g2] = [data.list(1).guid, data.list(2).guid];
    const a = await prepare(1, g1, 'pending-a@example.com');
    const b = await prepare(1, g1, 'pending-b@example.com');
    const other = await prepare(2, g2, 'pending-c@example.com');
    expect([a.code, b.code, other.code].every((id) => id > 0)).toBe(true);

    // no xmlDoc element at all (minOccurs=0), only list 1 named
    const started = await importCall(
      'StartImportProcesses',
      `<listsIDs>1</listsIDs><listsGUIDs>${g1}</listsGUIDs><groupsIDs></groupsIDs>${options}`,
    );
    expect(started.code).toBe(0);
    const ids = [...started.doc.matchAll(/<processID>(\d+)<\/processID><listID>1<\/listID><ReturnCode>0</g)].map((m) =>
      Number(m[1]),
    );
    expect(ids.sort()).toEqual([a.code, b.code].sort());
    const subscribed = (email: string, listId: number) => {
      const r = data.findRecipient({ email });
      return r ? data.subscription(listId, r.id, 'email')?.status : undefined;
    };
    expect(subscribed('pending-a@example.com', 1)).toBe('subscribed');
    expect(subscribed('pending-b@example.com', 1)).toBe('subscribed');
    expect(subscribed('pending-c@example.com', 2)).toBeUndefined(); // list 2 was not named: still pending
    expect(data.imports.get(other.code)?.status).toBe('queued');

    // an empty xmlDoc element is the same as none; nothing is pending on list 1 any more
    const again = await importCall(
      'StartImportProcesses',
      `<listsIDs>1;2</listsIDs><listsGUIDs>${g1};${g2}</listsGUIDs><xmlDoc></xmlDoc><groupsIDs>;</groupsIDs>${options}`,
    );
    expect(again.code).toBe(0);
    expect(again.doc).toContain('<processID>0</processID><listID>1</listID><ReturnCode>-401</ReturnCode>');
    expect(again.doc).toContain(`<processID>${other.code}</processID><listID>2</listID><ReturnCode>0</ReturnCode>`);
    expect(subscribed('pending-c@example.com', 2)).toBe('subscribed');
  });
});
