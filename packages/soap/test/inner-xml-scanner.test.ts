import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { decodeInnerXml } from '../src/index.js';

function rootValue(doc: Record<string, unknown>): Record<string, unknown> {
  return doc.r as Record<string, unknown>;
}

function refusal(xml: string, limits?: { maxDepth?: number; maxChars?: number }): MailUpError {
  try {
    decodeInnerXml(xml, 'GetLists', limits);
  } catch (error) {
    if (MailUpError.is(error)) return error;
    throw error;
  }
  throw new Error(`accepted: ${xml}`);
}

describe('the result-document scanner: shape', () => {
  it('puts text beside attributes or children under #text, attributes (trimmed, decoded) under @_', () => {
    expect(decodeInnerXml('<R><c Url=" https://e.x/?a=1&amp;b=2 " Total="3">t<Click>x</Click>u</c></R>', 'x')).toEqual({
      R: { c: { Click: ['x'], '#text': 'tu', '@_Url': 'https://e.x/?a=1&b=2', '@_Total': '3' } },
    });
  });

  it('makes an element an array when it repeats, and a REPEATED_ELEMENTS one an array even alone', () => {
    expect(decodeInnerXml('<R><id>1</id><id>2</id><Click/></R>', 'x')).toEqual({ R: { id: ['1', '2'], Click: [''] } });
  });

  it('keeps CDATA literally (references inside it are not decoded, and it is not trimmed)', () => {
    expect(decodeInnerXml('<R><html><![CDATA[ <a href="?a=1&amp;b=2">x</a> ]]></html></R>', 'x')).toEqual({
      R: { html: ' <a href="?a=1&amp;b=2">x</a> ' },
    });
  });

  it('skips comments, processing instructions, a BOM and the windows-1252 declaration', () => {
    const xml =
      '\ufeff<?xml version="1.0" encoding="windows-1252" standalone="yes"?>\r\n<!-- c --><?pi x?><R>a<!-- c -->b<?pi y?> c</R><!-- end -->\n';
    expect(decodeInnerXml(xml, 'x')).toEqual({ R: 'abc' });
  });

  it('reads CR LF and a lone CR as a line feed, as XML does', () => {
    expect(decodeInnerXml('<R a="1\r\n2">x\ry\r\nz</R>', 'x')).toEqual({ R: { '#text': 'x\ny\nz', '@_a': '1\n2' } });
  });

  it('refuses element names that reach the object prototype and prefixes the ones that shadow its methods', () => {
    expect(refusal('<R><__proto__><x>1</x></__proto__></R>').message).toMatch(/"__proto__" is refused/);
    expect(refusal('<R><constructor>1</constructor></R>').message).toMatch(/"constructor" is refused/);
    const doc = decodeInnerXml(
      '<R><toString>1</toString><isPrototypeOf>1</isPrototypeOf><isPrototypeOf>2</isPrototypeOf></R>',
      'x',
    );
    expect(doc).toEqual({ R: { __toString: '1', isPrototypeOf: ['1', '2'] } });
    expect(Object.getPrototypeOf(doc.R)).toBe(Object.prototype);
  });
});

describe('the result-document scanner: guarantees', () => {
  it('keeps ids, GUIDs and codes as strings, in text and attributes', () => {
    expect(
      decodeInnerXml('<R id="0012"><n>007</n><g>1e3</g><big>12345678901234567890</big><f>1.50</f><t>true</t></R>', 'x'),
    ).toEqual({ R: { n: '007', g: '1e3', big: '12345678901234567890', f: '1.50', t: 'true', '@_id': '0012' } });
  });

  it('refuses a DOCTYPE or an entity declaration anywhere markup can be, expanding nothing', () => {
    for (const xml of [
      '<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>',
      '<!doctype r><r/>',
      '<r><!ENTITY a "x"></r>',
      '<r/><!DOCTYPE r>',
    ]) {
      const error = refusal(xml);
      expect(error.kind).toBe('permanent');
      expect(error.message).toMatch(/declares a DOCTYPE or entities \(refused\)/);
    }
    // an undeclared entity is left as written, never looked up
    expect(decodeInnerXml('<r>&a;</r>', 'x')).toEqual({ r: '&a;' });
  });

  it('accepts nesting up to maxDepth and refuses one level more, self-closing elements included', () => {
    const nested = (depth: number, leaf: string) => `${'<a>'.repeat(depth - 1)}${leaf}${'</a>'.repeat(depth - 1)}`;
    expect(() => decodeInnerXml(nested(64, '<a>x</a>'), 'x')).not.toThrow();
    expect(refusal(nested(65, '<a>x</a>')).message).toMatch(/nested deeper than 64 levels at line 1, column 193/);
    expect(refusal(nested(65, '<b/>')).message).toMatch(/nested deeper than 64 levels/);
    expect(refusal(nested(4, '<b/>'), { maxDepth: 3 }).message).toMatch(/nested deeper than 3 levels/);
    expect(refusal('<r>123456</r>', { maxChars: 5 }).message).toMatch(/larger than 5 characters/);
  });

  it('checks the attributes of a tag with 100,000 of them in linear time (a duplicate at the end is still found)', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `a${i}=""`).join(' ');
    expect(Object.keys(rootValue(decodeInnerXml(`<r ${names}/>`, 'x'))).length).toBe(100_000);
    expect(refusal(`<r ${names} a7=""/>`).message).toMatch(/duplicate attribute "a7" in <r>/);
  });

  it.each([
    ['a mismatched closing tag', '<r><a></r>', /mismatched closing tag <\/r>, expected <\/a> at line 1, column 7/],
    ['a closing tag of a longer name', '<r><a></ab></r>', /mismatched closing tag <\/ab>, expected <\/a>/],
    ['an unclosed element', '<r>\n  <a>x</a>\n  <b>', /unclosed element <b> at line 3, column 3/],
    ['a closing tag with nothing open', '</r>', /a closing tag without an open element at line 1, column 1/],
    ['an unquoted attribute value', '<r a=1/>', /the value of attribute "a" is not quoted at line 1, column 6/],
    ['an attribute without a value', '<r a/>', /attribute "a" of <r> has no value/],
    ['attributes not separated by a space', '<r a="1"b="2"/>', /an attribute of <r> not separated by a space/],
    ['an unterminated attribute value', '<r a="1/>', /unterminated value of attribute "a"/],
    ['a < inside an attribute value', '<r a="<"/>', /a '<' inside the value of attribute "a" at line 1, column 7/],
    ['an invalid attribute name', '<r 1a="x"/>', /invalid attribute name "1a" in <r>/],
    ['a duplicate attribute', '<r a="1" a="2"/>', /duplicate attribute "a" in <r> at line 1, column 10/],
    ['a stray <', '<r>1 < 2</r>', /a stray '<' \(not followed by an element name\) at line 1, column 6/],
    ['a stray < before a non-name', '<r><1/></r>', /a stray '<'/],
    ['a bare &', '<r>A & B</r>', /a bare '&' \(not an entity or character reference\) at line 1, column 6/],
    ['a bare & in an attribute', '<r a="A & B"/>', /a bare '&'/],
    ['text after the root', '<r/>x', /text after the root element at line 1, column 5/],
    ['a second root element', '<r/><r/>', /a second root element after the first one/],
    ['text before the root', 'x<r/>', /text before the root element at line 1, column 1/],
    ['no root at all', '  <!-- only a comment -->  ', /no root element/],
    ['an empty document', '', /no root element/],
    ['an unterminated comment', '<r><!-- x </r>', /unterminated comment at line 1, column 4/],
    ['an unterminated CDATA section', '<r><![CDATA[x</r>', /unterminated CDATA section/],
    ['a CDATA section outside the root', '<![CDATA[x]]><r/>', /a CDATA section outside the root element/],
    ['an unterminated processing instruction', '<r><?pi x</r>', /unterminated processing instruction/],
    [
      'an XML declaration not at the start',
      ' <?xml version="1.0"?><r/>',
      /an XML declaration that is not at the start/,
    ],
    ['a malformed XML declaration', '<?xml version=1.0?><r/>', /a malformed XML declaration/],
    ['other <! markup', '<r><!x></r>', /unexpected '<!' markup/],
    ['a / inside a start tag', '<r / ></r>', /a '\/' inside the start tag <r>/],
    ['an unterminated start tag', '<r a="1"', /unterminated start tag <r>/],
  ])('%s is a permanent MailUpError naming the problem and where it is', (_label, xml, message) => {
    const error = refusal(xml);
    expect(error.kind).toBe('permanent');
    expect(error.protocol).toBe('soap');
    expect(error.message).toMatch(/^GetLists: the result is not well-formed XML \(/);
    expect(error.message).toMatch(message);
    expect(error.details).toEqual(expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) }));
  });

  it('never repeats the document text (an access key, a recipient) in the error', () => {
    const error = refusal('<LoginResult><accessKey>SeCrEtKeY-123</accessKey><x></LoginResult>');
    expect(error.message).not.toContain('SeCrEtKeY');
    expect(inspect(error, { depth: 10 })).not.toContain('SeCrEtKeY');
    const long = refusal(`<r><${'n'.repeat(500)}></r>`);
    expect(long.message.length).toBeLessThan(200);
  });
});
