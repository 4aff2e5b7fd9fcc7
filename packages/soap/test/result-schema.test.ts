import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import {
  decodeInnerXml,
  decodeResult,
  findOperation,
  importResult,
  type ResultSchema,
  rootOf,
  soapResult,
} from '../src/index.js';

// Issue 18 item 5: every operation's result is read through a small schema beside its row — numbers, booleans and
// dates typed, repeated elements arrays even with one entry — and the raw document stays reachable.

const artifacts = fileURLToPath(new URL('../../../../shared/mailup/artifacts/soap/', import.meta.url));
const haveArtifacts = existsSync(artifacts);
if (!haveArtifacts)
  console.log(`result-schema.test: ${artifacts} is absent (../shared not checked out): the real payloads are skipped`);
const artifact = (name: string) => readFileSync(`${artifacts}${name}`, 'utf8');

const where = { protocol: 'soap' as const, operation: 'Test' };

describe('decodeResult', () => {
  it('types numbers, booleans and MailUp / ISO dates, and reads attributes by their bare names', () => {
    const doc = decodeInnerXml(
      '<R><n> 42 </n><b>true</b><c>0</c><d>02/01/2026 03:04:05</d><iso>2026-01-02T03:04:05.000Z</iso><a Id="7" Name="x &amp; y"/></R>',
      'Test',
    );
    const data = decodeResult(
      { n: 'number', b: 'boolean', c: 'boolean', d: 'date', iso: 'date', a: { '@Id': 'number', '@Name': 'string' } },
      rootOf(doc).value,
      where,
    );
    expect(data).toEqual({
      n: 42,
      b: true,
      c: false,
      d: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      iso: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      a: { Id: 7, Name: 'x & y' },
    });
  });

  it('a repeated element is an array with one entry or none; a nested element absent is an empty object', () => {
    const schema = { items: { item: [{ id: 'number' }] }, other: { x: 'string?' } } as const;
    const one = decodeResult(
      schema,
      rootOf(decodeInnerXml('<R><items><item><id>1</id></item></items></R>', 'T')).value,
      where,
    );
    expect(one).toEqual({ items: { item: [{ id: 1 }] }, other: {} });
    const none = decodeResult(schema, rootOf(decodeInnerXml('<R><items></items></R>', 'T')).value, where);
    expect(none.items.item).toEqual([]);
  });

  it('a required field absent or not of its type is a permanent error naming it; an optional one is left out', () => {
    const doc = rootOf(decodeInnerXml('<R><id>abc</id><opt>x</opt></R>', 'T')).value;
    expect(decodeResult({ opt: 'number?' }, doc, where)).toEqual({});
    for (const schema of [{ id: 'number' }, { missing: 'string' }] as ResultSchema[]) {
      let error: unknown;
      try {
        decodeResult(schema, doc, where);
      } catch (e) {
        error = e;
      }
      expect(MailUpError.is(error, 'permanent')).toBe(true);
      expect((error as MailUpError).message).toMatch(
        /^Test: (id is not of its documented type \("abc"\)|the answer has no missing)$/,
      );
    }
  });

  it('a 20-digit number-like text does not crash and huge text is not scanned as a date', () => {
    const doc = rootOf(decodeInnerXml(`<R><n>${'9'.repeat(20)}</n><d>${'1'.repeat(100_000)}</d></R>`, 'T')).value;
    expect(decodeResult({ n: 'number', d: 'date?' }, doc, where)).toEqual({ n: 1e20 });
  });
});

describe('the result schemas of the table on real MailUp payloads (artifacts/soap)', () => {
  it.skipIf(!haveArtifacts)('LoginResult: the access key (in CDATA) is a string', () => {
    const row = findOperation('MailupSend', 'Login');
    const result = soapResult(artifact('LoginResult-decoded.xml'), 'Login');
    expect(decodeResult(row?.schema ?? {}, result.data, where)).toEqual({ accessKey: 'accessKey' });
  });

  it.skipIf(!haveArtifacts)('LogoutResult decodes to an empty typed result', () => {
    const row = findOperation('MailupSend', 'Logout');
    const result = soapResult(artifact('LogoutResult-decoded.xml'), 'Logout');
    expect(decodeResult(row?.schema ?? {}, result.data, where)).toEqual({});
  });

  it.skipIf(!haveArtifacts)('NewImportProcess (windows-1252 declaration): the process id is the ReturnCode', () => {
    const result = importResult(artifact('NewImportProcess-result.xml'), 'NewImportProcess');
    expect(result.returnCode).toBe(17);
  });

  it.skipIf(!haveArtifacts)('StartImportProcesses: every process typed, its own negative code kept', () => {
    const row = findOperation('WSMailUpImport', 'StartImportProcesses');
    const result = importResult(artifact('StartImportProcesses-response.xml'), 'StartImportProcesses');
    expect(
      decodeResult(row?.schema ?? {}, result.body, { protocol: 'import', operation: 'StartImportProcesses' }),
    ).toEqual({
      processes: {
        process: [
          { processID: 0, listID: 84, ReturnCode: -410 },
          { processID: 18, listID: 85, ReturnCode: 0 },
          { processID: 19, listID: 86, ReturnCode: 0 },
        ],
      },
    });
  });

  it('GetNlLists as REFERENCE §3.7 documents it: lists and groups from attributes, ids as numbers, one group an array', () => {
    const row = findOperation('WSMailUpImport', 'GetNlLists');
    const xml =
      '<mailupMessage><mailupBody><ReturnCode>0</ReturnCode><Lists><List idList="1" listGUID="a-b" listName="News"><Groups><Group idGroup="22" groupName="VIP"/></Groups></List></Lists></mailupBody></mailupMessage>';
    const result = importResult(xml, 'GetNlLists');
    expect(decodeResult(row?.schema ?? {}, result.body, { protocol: 'import', operation: 'GetNlLists' })).toEqual({
      Lists: {
        List: [
          { idList: 1, listGUID: 'a-b', listName: 'News', Groups: { Group: [{ idGroup: 22, groupName: 'VIP' }] } },
        ],
      },
    });
  });

  it('GetNewsletters as REFERENCE §3.4 documents it: creationdate dd/MM/yyyy HH:mm:ss read as a Date', () => {
    const row = findOperation('MailupSend', 'GetNewsletters');
    const xml =
      '<GetNewsletters><errorCode>0</errorCode><list><listID>1</listID><newsletters><newsletter><newsletterID>5</newsletterID><subject>S</subject><note></note><creationdate>31/12/2025 23:59:58</creationdate></newsletter></newsletters></list></GetNewsletters>';
    const result = soapResult(xml, 'GetNewsletters');
    expect(decodeResult(row?.schema ?? {}, result.data, where)).toEqual({
      list: {
        listID: 1,
        newsletters: {
          newsletter: [
            { newsletterID: 5, subject: 'S', note: '', creationdate: new Date(Date.UTC(2025, 11, 31, 23, 59, 58)) },
          ],
        },
      },
    });
  });
});
