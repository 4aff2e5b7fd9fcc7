import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { buildImportXml, decodeInnerXml, importResult, soapResult } from '../src/index.js';

describe('decoding the XML inside a string result', () => {
  it('keeps ids, GUIDs and codes as strings (leading zeros, long ids, exponents)', () => {
    const doc = decodeInnerXml(
      '<GetListsResult><errorCode>0</errorCode><lists><list><listID>007</listID><listGUID>1e3</listGUID><big>12345678901234567890</big></list></lists></GetListsResult>',
      'GetLists',
    );
    expect(doc).toEqual({
      GetListsResult: {
        errorCode: '0',
        lists: { list: [{ listID: '007', listGUID: '1e3', big: '12345678901234567890' }] },
      },
    });
  });

  it('returns one-or-many elements as arrays even with a single entry', () => {
    const one = soapResult(
      '<R><errorCode>0</errorCode><groups><group><groupID>1</groupID></group></groups></R>',
      'GetGroups',
    );
    expect((one.data.groups as Record<string, unknown>).group).toEqual([{ groupID: '1' }]);
  });

  it('decodes the five predefined entities and character references, and expands nothing else', () => {
    const doc = decodeInnerXml('<R><name>A &amp; B &lt;x&gt; &#233; &#x263A; &unknown;</name></R>', 'x');
    expect(doc).toEqual({ R: { name: 'A & B <x> é ☺ &unknown;' } });
  });

  it('refuses a DOCTYPE (no entity expansion, no billion laughs)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>';
    expect(() => decodeInnerXml(bomb, 'x')).toThrow(/DOCTYPE/);
  });

  it('caps depth and size', () => {
    const deep = `${'<a>'.repeat(100)}x${'</a>'.repeat(100)}`;
    expect(() => decodeInnerXml(deep, 'x')).toThrow(MailUpError);
    expect(() => decodeInnerXml('<r>123456</r>', 'x', { maxChars: 5 })).toThrow(/larger than 5/);
  });

  it('a document that is not well-formed is a permanent MailUpError', () => {
    const error = (() => {
      try {
        decodeInnerXml('<r><a></r>', 'GetLists');
      } catch (e) {
        return e;
      }
    })();
    expect(MailUpError.is(error, 'permanent')).toBe(true);
  });

  it('accepts both observed roots and the windows-1252 declaration', () => {
    expect(
      soapResult('<LoginResult><errorCode>0</errorCode><accessKey>k</accessKey></LoginResult>', 'L').data.accessKey,
    ).toBe('k');
    expect(
      soapResult('<mailupMessage><mailupBody><ReturnCode>12</ReturnCode></mailupBody></mailupMessage>', 'L').root,
    ).toBe('mailupMessage');
    const declared =
      '<?xml version="1.0" encoding="windows-1252" ?><mailupMessage><mailupBody><ReturnCode>17</ReturnCode></mailupBody></mailupMessage>';
    expect(importResult(declared, 'NewImportProcess').returnCode).toBe(17);
  });

  it('a non-zero errorCode and a negative ReturnCode are typed errors from core catalogue', () => {
    const expired = () =>
      soapResult('<R><errorCode>-1100</errorCode><errorDescription>expired</errorDescription></R>', 'GetLists');
    expect(expired).toThrow(expect.objectContaining({ kind: 'auth-expired', vendorCode: -1100 }));
    const unknown = () =>
      soapResult('<R><errorCode>42</errorCode><errorDescription>odd</errorDescription></R>', 'GetLists');
    expect(unknown).toThrow(expect.objectContaining({ kind: 'permanent', vendorCode: 42 }));
    const failed = () =>
      soapResult('<mailupMessage><mailupBody><ReturnCode>-1011</ReturnCode></mailupBody></mailupMessage>', 'X');
    expect(failed).toThrow(expect.objectContaining({ kind: 'ip-not-allowed' }));
    for (const [code, kind] of [
      [-1011, 'ip-not-allowed'],
      [-1006, 'service-disabled'],
      [-1014, 'contract-not-signed'],
      [-303, 'conflict'],
      [-501, 'not-found'],
      [-401, 'validation'],
    ] as const) {
      const run = () =>
        importResult(`<mailupMessage><mailupBody><ReturnCode>${code}</ReturnCode></mailupBody></mailupMessage>`, 'X');
      expect(run).toThrow(expect.objectContaining({ kind, vendorCode: code }));
    }
  });
});

describe('the xmlDoc builder', () => {
  it('escapes every value and writes campoN fields', () => {
    const xml = buildImportXml([
      { email: 'a@example.com', name: 'A "&" <B>', fields: { 1: '</campo1><x>', campo12: "O'Neil" } },
    ]);
    expect(xml).toBe(
      '<subscribers><subscriber email="a@example.com" Prefix="" Number="" Name="A &quot;&amp;&quot; &lt;B&gt;"><campo1>&lt;/campo1&gt;&lt;x&gt;</campo1><campo12>O&apos;Neil</campo12></subscriber></subscribers>',
    );
    expect(decodeInnerXml(xml, 'x')).toEqual({
      subscribers: {
        subscriber: [
          {
            '@_email': 'a@example.com',
            '@_Prefix': '',
            '@_Number': '',
            '@_Name': 'A "&" <B>',
            campo1: '</campo1><x>',
            campo12: "O'Neil",
          },
        ],
      },
    });
  });

  it('writes both mobile input types', () => {
    expect(buildImportXml([{ mobileNumber: '+393331234567' }])).toContain('Prefix="" Number="+393331234567"');
    expect(
      buildImportXml([{ mobilePrefix: '+39', mobileNumber: '3331234567' }], { mobileInputType: 'prefixAndNumber' }),
    ).toContain('Prefix="+39" Number="3331234567"');
  });

  it.each([
    ['no recipients', [], undefined],
    ['no email nor mobile', [{ name: 'x' }], undefined],
    ['a bad email', [{ email: 'not an email' }], undefined],
    ['a bad number', [{ mobileNumber: '12ab' }], undefined],
    ['a prefix with wholeNumber', [{ mobilePrefix: '+39', mobileNumber: '333' }], undefined],
    ['no prefix with prefixAndNumber', [{ mobileNumber: '3331234567' }], 'prefixAndNumber'],
    ['campo41', [{ email: 'a@example.com', fields: { 41: 'x' } }], undefined],
    ['a control character', [{ email: 'a@example.com', fields: { 1: 'a\u0001b' } }], undefined],
  ] as const)('%s is a validation error', (_label, recipients, mode) => {
    const run = () => buildImportXml(recipients as never, mode ? { mobileInputType: mode } : {});
    expect(run).toThrow(expect.objectContaining({ kind: 'validation' }));
  });
});
