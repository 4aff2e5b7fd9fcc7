import { MailUpError } from '@mailup-kit/core';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decodeInnerXml, decodeXmlText, REPEATED_ELEMENTS } from '../src/index.js';

// The oracle: the decoder this package used before the purpose-built scanner — fast-xml-parser 5 configured
// exactly as it was (validate, then parse with these options), the DOCTYPE/ENTITY refusal, and the regex-based
// text decoding it ran as its value processor.
function regexDecode(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return named[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const oracleParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
  jPath: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED_ELEMENTS.has(name),
  tagValueProcessor: (_name, value) => regexDecode(value),
  attributeValueProcessor: (_name, value) => regexDecode(value),
});

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function oracle(xml: string): Outcome {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return { ok: false, error: 'DOCTYPE' };
  const validation = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (validation !== true) return { ok: false, error: validation.err.msg };
  try {
    return { ok: true, value: oracleParser.parse(xml) };
  } catch (error) {
    return { ok: false, error };
  }
}

function ours(xml: string): Outcome {
  try {
    return { ok: true, value: decodeInnerXml(xml, 'Fuzz') };
  } catch (error) {
    return { ok: false, error };
  }
}

// ---- a generator of well-formed result documents ------------------------------------------------------------

const elementName = fc.constantFrom(
  'a',
  'b',
  'errorCode',
  'Email',
  'Total',
  'list',
  'Click',
  'Clicks',
  'Option',
  'x:item',
  'n-1.v',
  '_z',
  'é',
  'toString',
  'isPrototypeOf',
);
const attributeName = fc.constantFrom('id', 'Url', 'Total', 'xmlns', 'x:y', 'b', 'Name');
const textToken = fc.constantFrom(
  'x',
  'user1@example.com',
  '007',
  '1e3',
  '12345678901234567890',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  'é',
  '☺',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&#233;',
  '&#x263A;',
  '&#32;',
  '&unknown;',
  '&#0;',
  '&#x110000;',
  '>',
  '"',
  "'",
  '=',
  '/',
  ';',
  '#',
);
const text = fc.array(textToken, { maxLength: 6 }).map((tokens) => tokens.join(''));
const attributeValue = fc
  .array(
    textToken.filter((t) => t !== '"'),
    { maxLength: 5 },
  )
  .map((tokens) => tokens.join(''));
// CDATA content is literal: no '&' here (the old decoder decoded references inside CDATA, the scanner does not).
const cdataText = fc
  .array(fc.constantFrom('x', ' ', '<b>', '"', '\n', ']', '>', 'é', '1'), { maxLength: 5 })
  .map((t) => t.join(''))
  .filter((t) => !t.includes(']]>'));
const space = fc.constantFrom(' ', '  ', '\n', '\t', ' \r\n ');
const optionalSpace = fc.constantFrom('', '', ' ', '\n');

const comment = fc.constantFrom('<!-- c -->', '<!---->', '<!-- a - b -->', '<!--<x>-->');
const pi = fc.constantFrom('<?pi data?>', '<?php echo 1; ?>', '<?target?>');
const cdata = cdataText.map((t) => `<![CDATA[${t}]]>`);

function element(depth: number): fc.Arbitrary<string> {
  const child = depth > 0 ? item(depth - 1) : fc.oneof(text, comment, pi, cdata);
  return fc
    .record({
      name: elementName,
      attributes: fc.uniqueArray(
        fc.record({ name: attributeName, value: attributeValue, before: space, eq: fc.constantFrom('=', ' = ') }),
        { maxLength: 3, selector: (a) => a.name },
      ),
      content: fc.array(child, { maxLength: 4 }),
      selfClose: fc.boolean(),
      tail: optionalSpace,
      closeTail: optionalSpace,
      quote: fc.constantFrom('"', "'"),
    })
    .map(({ name, attributes, content, selfClose, tail, closeTail, quote }) => {
      const attrs = attributes
        .map((a) => {
          const value = quote === "'" ? a.value.replaceAll("'", '&apos;') : a.value;
          return `${a.before}${a.name}${a.eq}${quote}${value}${quote}`;
        })
        .join('');
      if (selfClose && content.length === 0) return `<${name}${attrs}${tail}/>`;
      return `<${name}${attrs}${tail}>${content.join('')}</${name}${closeTail}>`;
    });
}

function item(depth: number): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: element(depth), weight: 3 }, text, comment, pi, cdata);
}

const document = fc
  .record({
    declaration: fc.constantFrom(
      '',
      '<?xml version="1.0" encoding="utf-8"?>',
      '<?xml version="1.0" encoding="windows-1252" ?>\n',
    ),
    before: fc.array(fc.oneof(comment, pi, space), { maxLength: 2 }),
    root: element(4),
    after: fc.array(fc.oneof(comment, pi, space), { maxLength: 2 }),
  })
  .map(({ declaration, before, root, after }) => `${declaration}${before.join('')}${root}${after.join('')}`);

// ---- mutations ----------------------------------------------------------------------------------------------

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    what: fc.constantFrom('<', '>', '&', '/', '"', "'", '=', '!', '?', ' ', 'x', '<a>', '</a>', ']]>', '-->', '<!--'),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
);

function mutate(xml: string, m: MutationValue): string {
  const at = xml.length === 0 ? 0 : m.at % xml.length;
  switch (m.kind) {
    case 'truncate':
      return xml.slice(0, at);
    case 'delete':
      return xml.slice(0, at) + xml.slice(at + m.length);
    case 'insert':
      return xml.slice(0, at) + m.what + xml.slice(at);
    case 'duplicate':
      return xml.slice(0, at + m.length) + xml.slice(at, at + m.length) + xml.slice(at + m.length);
  }
}
type MutationValue =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; what: string }
  | { kind: 'duplicate'; at: number; length: number };

const CDATA_WITH_REFERENCE = /<!\[CDATA\[(?:(?!\]\]>)[\s\S])*&/;
const PI_WITH_QUOTE = /<\?(?!xml[\s?])(?:(?!\?>)[\s\S])*["']/; // the declaration's quotes are read right
describe('the result-document scanner against fast-xml-parser (the decoder it replaced)', () => {
  it('decodes every generated well-formed document exactly as the fast-xml-parser configuration did', () => {
    fc.assert(
      fc.property(document, (xml) => {
        const expected = oracle(xml);
        const actual = ours(xml);
        expect(expected.ok, `the oracle refused ${JSON.stringify(xml)}`).toBe(true);
        expect(actual).toStrictEqual(expected);
        // same keys in the same order, too
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses a mutated or truncated document whenever fast-xml-parser did, and never decodes it differently', () => {
    let skipped = 0;
    let compared = 0;
    fc.assert(
      fc.property(document, mutation, (xml, m) => {
        const mutated = mutate(xml, m as MutationValue);
        const actual = ours(mutated);
        if (!actual.ok) {
          // a refusal is always the typed, permanent error: never a crash of the scanner itself
          expect(MailUpError.is(actual.error, 'permanent')).toBe(true);
          return;
        }
        // Two places where the oracle's answer is not XML's, so there is nothing to compare with: fast-xml-parser
        // decoded references inside CDATA (the scanner keeps CDATA literal, pinned in inner-xml-scanner.test.ts),
        // and it takes a quote inside a processing instruction for an attribute quote (`<?pi "x?><a/>` is refused
        // or parsed as `{}`). A mutation can make either (a CDATA section swallowing text up to a later `]]>`).
        if (CDATA_WITH_REFERENCE.test(mutated) || PI_WITH_QUOTE.test(mutated)) {
          skipped++;
          return;
        }
        compared++;
        const expected = oracle(mutated);
        expect(expected.ok, `ours accepted what the oracle refused: ${JSON.stringify(mutated)}`).toBe(true);
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 3000 },
    );
    // the comparison is not vacuous: hundreds of accepted mutants are compared, few are set aside
    expect(compared).toBeGreaterThan(200);
    expect(skipped).toBeLessThan(compared / 5);
  });

  it('decodes text exactly as the regex-based decoder did, for any mix of references', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom('&', ';', '#', 'x', 'amp', '&amp;', '&#', '&#x', '&#1234567;', '&#12345678;', '&#xFFFFFF;'),
      fc.stringMatching(/^&#x?[0-9a-fA-F]{0,8};?$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        expect(decodeXmlText(text)).toBe(regexDecode(text));
      }),
      { numRuns: 3000 },
    );
  });
});
