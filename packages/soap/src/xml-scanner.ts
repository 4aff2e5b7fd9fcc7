/**
 * A single-pass scanner for the XML documents MailUp serializes inside SOAP string results (REFERENCE §3.2): it
 * checks well-formedness and builds the decoded tree in the same walk, so a 10 MB report is read once instead of
 * twice (validate, then parse) and no generic parser machinery (callbacks, matchers, intermediate nodes) is paid for.
 *
 * It is deliberately stricter than a lenient parser: anything that is not well-formed XML is refused with the
 * problem and its offset, never decoded into something plausible.
 */

/** A decoded result document: element name ⇒ text, nested object, or array of them; attributes under `@_`. */
export type DecodedXml = { [name: string]: DecodedValue };
/** One decoded value. */
export type DecodedValue = string | DecodedXml | DecodedValue[];

/** A well-formedness problem found by {@link scanXml}, at `offset` (UTF-16 index into the document). */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
  constructor(
    message: string,
    /** Where the problem starts in the document (UTF-16 code units). */
    readonly offset: number,
    /** The document declares a DOCTYPE or an entity (refused: nothing is ever expanded). */
    readonly declaresEntities = false,
  ) {
    super(message);
  }
}

/** The character a predefined entity name (`amp`, `lt`, `gt`, `quot`, `apos`) stands for, else undefined. */
function predefined(text: string, from: number, to: number): string | undefined {
  switch (text.slice(from, to)) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}

/** The character of a numeric reference body (`#233`, `#x263A`: 1–7 decimal or 1–6 hex digits), else undefined. */
function numeric(text: string, from: number, to: number): string | undefined {
  const hex = text.charCodeAt(from + 1) === 120; // 'x'
  const digits = to - from - (hex ? 2 : 1);
  if (digits < 1 || digits > (hex ? 6 : 7)) return undefined;
  let code = 0;
  for (let i = to - digits; i < to; i++) {
    const c = text.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (hex && c >= 97 && c <= 102) d = c - 87;
    else if (hex && c >= 65 && c <= 70) d = c - 55;
    else return undefined;
    code = code * (hex ? 16 : 10) + d;
  }
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/**
 * Replaces only XML's five predefined entities and numeric character references (`&#233;`, `&#x263A;`); anything
 * else (`&unknown;`, `&#0;`) is left as written. Nothing declared in a DTD is ever expanded (documents with a
 * DOCTYPE are refused), so no entity can grow a document.
 */
export function decodeXmlText(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let copied = 0;
  while (amp !== -1) {
    const semi = text.indexOf(';', amp + 1);
    if (semi === -1) break;
    const replacement =
      semi - amp > 9 // longer than any reference decoded here (`&#x10FFFF;`)
        ? undefined
        : text.charCodeAt(amp + 1) === 35
          ? numeric(text, amp + 1, semi)
          : predefined(text, amp + 1, semi);
    if (replacement === undefined) {
      amp = text.indexOf('&', amp + 1);
    } else {
      out += text.slice(copied, amp) + replacement;
      copied = semi + 1;
      amp = text.indexOf('&', copied);
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// XML 1.0 names (the Basic Multilingual Plane part of the Name production).
const NAME_START =
  ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
const NAME_START_CHAR = new RegExp(`^[${NAME_START}]`);
/** `<?xml version="1.0" encoding="windows-1252" standalone="yes"?>`: version, then optional encoding and standalone. */
const DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;
/** An `&` that does not start an entity or character reference (a bare `&` is not well-formed). */
const BARE_AMPERSAND = /&(?!#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z_][A-Za-z0-9_]{0,19};)/;
/** Element names that would reach the object prototype: refused. */
const CRITICAL_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Element names that would shadow an Object method: stored with a `__` prefix (as fast-xml-parser does). */
const SHADOWING_NAMES: ReadonlySet<string> = new Set([
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;

/** XML end-of-line handling: `\r\n` and a lone `\r` read as `\n`. */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** A name as shown in an error message: never more than 40 characters of the document. */
function clip(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

function fail(message: string, offset: number): never {
  throw new XmlSyntaxError(message, offset);
}

interface Frame {
  /** The element's name as written (what its closing tag must repeat). */
  readonly raw: string;
  /** Its key in the parent object. */
  readonly key: string;
  /** Offset of its `<`. */
  readonly start: number;
  /** Child elements, created with the first one. */
  children: DecodedXml | null;
  /** Trimmed, decoded text pieces, concatenated. */
  text: string;
  /** Attributes as key/value pairs (keys `@_`-prefixed), in document order. */
  attrs: string[] | null;
}

function decodedValue(frame: Frame): DecodedValue {
  if (frame.children === null && frame.attrs === null) return frame.text;
  const value: DecodedXml = frame.children ?? {};
  if (frame.text !== '') value['#text'] = frame.text;
  const attrs = frame.attrs;
  if (attrs !== null) for (let a = 0; a < attrs.length; a += 2) value[attrs[a] as string] = attrs[a + 1] as string;
  return value;
}

/** Where a child of `frame` goes: its children object (created with the first child), or the document. */
function childrenOf(frame: Frame | undefined, doc: DecodedXml): DecodedXml {
  if (frame === undefined) return doc;
  if (frame.children === null) frame.children = {};
  return frame.children;
}

function attach(parent: DecodedXml, key: string, value: DecodedValue, repeated: ReadonlySet<string>): void {
  const previous = parent[key];
  // an inherited Object method (isPrototypeOf …) is not a previous element of that name
  if (previous === undefined || typeof previous === 'function') {
    parent[key] = repeated.has(key) ? [value] : value;
  } else if (Array.isArray(previous)) {
    previous.push(value);
  } else {
    parent[key] = [previous, value];
  }
}

/**
 * Checks that `xml` is a well-formed document and decodes it: element ⇒ trimmed text, or an object of its children
 * (with `#text` for text beside them and attributes under `@_`); an element that occurs more than once, or whose
 * name is in `repeated`, is an array. Only the five predefined entities and numeric character references are
 * decoded; CDATA is kept literally; comments, processing instructions and the XML declaration are skipped.
 *
 * @throws XmlSyntaxError naming the problem and its offset (mismatched or unclosed tags, bad attribute syntax,
 * duplicate attributes, a stray `<` or bare `&`, text or a second element after the root, an unterminated comment,
 * CDATA section or processing instruction, a DOCTYPE or entity declaration, nesting deeper than `maxDepth`).
 */
export function scanXml(xml: string, repeated: ReadonlySet<string>, maxDepth: number): DecodedXml {
  const end = xml.length;
  const doc: DecodedXml = {};
  const stack: Frame[] = [];
  const elementKeys = new Map<string, string>();
  const attributeKeys = new Map<string, string>();
  let top: Frame | undefined;
  let rootSeen = false;
  /** Raw text not yet trimmed: a comment does not end it, any other markup does. */
  let pending = '';
  let pos = 0;

  const flush = (frame: Frame): void => {
    if (pending === '') return;
    const text = pending.trim();
    pending = '';
    if (text !== '') frame.text += decodeXmlText(text);
  };
  const elementKey = (raw: string, offset: number): string => {
    let key = elementKeys.get(raw);
    if (key !== undefined) return key;
    if (!NAME.test(raw)) {
      if (!NAME_START_CHAR.test(raw)) fail("a stray '<' (not followed by an element name)", offset - 1);
      fail(`invalid element name "${clip(raw)}"`, offset);
    }
    if (CRITICAL_NAMES.has(raw)) fail(`element name "${clip(raw)}" is refused`, offset);
    key = SHADOWING_NAMES.has(raw) ? `__${raw}` : raw;
    elementKeys.set(raw, key);
    return key;
  };
  const attributeKey = (raw: string, element: string, offset: number): string => {
    let key = attributeKeys.get(raw);
    if (key !== undefined) return key;
    if (!NAME.test(raw)) fail(`invalid attribute name "${clip(raw)}" in <${clip(element)}>`, offset);
    key = `@_${raw}`;
    attributeKeys.set(raw, key);
    return key;
  };
  const checkReferences = (raw: string, offset: number): void => {
    const bare = BARE_AMPERSAND.exec(raw);
    if (bare !== null) fail("a bare '&' (not an entity or character reference)", offset + bare.index);
  };

  if (xml.charCodeAt(0) === 0xfeff) pos = 1;
  if (xml.startsWith('<?xml', pos) && (isSpace(xml.charCodeAt(pos + 5)) || xml.startsWith('?>', pos + 5))) {
    const declaration = DECLARATION.exec(xml.slice(pos, pos + 200));
    if (declaration === null) fail('a malformed XML declaration', pos);
    pos += declaration[0].length;
  }

  for (;;) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? end : lt;
    if (textEnd > pos) {
      if (top === undefined) {
        for (let i = pos; i < textEnd; i++) {
          if (!isSpace(xml.charCodeAt(i))) {
            fail(rootSeen ? 'text after the root element' : 'text before the root element', i);
          }
        }
      } else {
        let raw = xml.slice(pos, textEnd);
        if (raw.includes('&')) checkReferences(raw, pos);
        if (raw.includes('\r')) raw = normalizeLineEnds(raw);
        pending = pending === '' ? raw : pending + raw;
      }
    }
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);

    if (next === BANG) {
      if (xml.startsWith('--', lt + 2)) {
        const close = xml.indexOf('-->', lt + 4);
        if (close === -1) fail('unterminated comment', lt);
        pos = close + 3;
        continue;
      }
      if (xml.startsWith('[CDATA[', lt + 2)) {
        if (top === undefined) fail('a CDATA section outside the root element', lt);
        const frame = top;
        flush(frame);
        const close = xml.indexOf(']]>', lt + 9);
        if (close === -1) fail('unterminated CDATA section', lt);
        if (close > lt + 9) frame.text += normalizeLineEnds(xml.slice(lt + 9, close));
        pos = close + 3;
        continue;
      }
      const keyword = xml.slice(lt + 2, lt + 8).toUpperCase();
      if (keyword === 'DOCTYP' || keyword === 'ENTITY') {
        throw new XmlSyntaxError('the result document declares a DOCTYPE or entities (refused)', lt, true);
      }
      fail("unexpected '<!' markup", lt);
    }

    if (next === QUESTION) {
      if (top !== undefined) flush(top);
      let i = lt + 2;
      while (i < end) {
        const c = xml.charCodeAt(i);
        if (isSpace(c) || c === QUESTION) break;
        i++;
      }
      const target = xml.slice(lt + 2, i);
      if (!NAME.test(target)) fail('a processing instruction without a valid target name', lt);
      if (target.toLowerCase() === 'xml') fail('an XML declaration that is not at the start of the document', lt);
      const close = xml.indexOf('?>', i);
      if (close === -1) fail('unterminated processing instruction', lt);
      pos = close + 2;
      continue;
    }

    if (next === SLASH) {
      if (top === undefined) fail('a closing tag without an open element', lt);
      const frame = top;
      flush(frame);
      const name = frame.raw;
      let i = lt + 2 + name.length;
      let matches = xml.startsWith(name, lt + 2);
      if (matches) {
        while (i < end && isSpace(xml.charCodeAt(i))) i++;
        matches = xml.charCodeAt(i) === GT;
      }
      if (!matches) {
        let j = lt + 2;
        while (j < end && j < lt + 200 && xml.charCodeAt(j) !== GT && !isSpace(xml.charCodeAt(j))) j++;
        fail(`mismatched closing tag </${clip(xml.slice(lt + 2, j))}>, expected </${clip(name)}>`, lt);
      }
      stack.pop();
      top = stack[stack.length - 1];
      attach(childrenOf(top, doc), frame.key, decodedValue(frame), repeated);
      pos = i + 1;
      continue;
    }

    // a start tag
    if (top === undefined && rootSeen) fail('a second root element after the first one', lt);
    let i = lt + 1;
    while (i < end) {
      const c = xml.charCodeAt(i);
      if (c === GT || c === SLASH || isSpace(c)) break;
      i++;
    }
    if (i === lt + 1) fail("a stray '<' (not followed by an element name)", lt);
    const raw = xml.slice(lt + 1, i);
    const key = elementKey(raw, lt + 1);
    if (stack.length >= maxDepth) fail(`elements nested deeper than ${maxDepth} levels`, lt);
    if (top !== undefined) flush(top);
    let attrs: string[] | null = null;
    let seen: Set<string> | null = null;
    let selfClosing = false;
    for (;;) {
      const spaceStart = i;
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      if (i >= end) fail(`unterminated start tag <${clip(raw)}>`, lt);
      const c = xml.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (xml.charCodeAt(i + 1) !== GT) fail(`a '/' inside the start tag <${clip(raw)}>`, i);
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === spaceStart) fail(`an attribute of <${clip(raw)}> not separated by a space`, i);
      const nameStart = i;
      while (i < end) {
        const n = xml.charCodeAt(i);
        if (n === EQUALS || n === GT || n === SLASH || isSpace(n)) break;
        i++;
      }
      const attrRaw = xml.slice(nameStart, i);
      const attrKey = attributeKey(attrRaw, raw, nameStart);
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      if (xml.charCodeAt(i) !== EQUALS) fail(`attribute "${clip(attrRaw)}" of <${clip(raw)}> has no value`, nameStart);
      i++;
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      const quote = xml.charCodeAt(i);
      if (quote !== DQUOTE && quote !== SQUOTE) fail(`the value of attribute "${clip(attrRaw)}" is not quoted`, i);
      const close = xml.indexOf(quote === DQUOTE ? '"' : "'", i + 1);
      if (close === -1) fail(`unterminated value of attribute "${clip(attrRaw)}"`, i);
      let value = xml.slice(i + 1, close);
      if (value.includes('\r')) value = normalizeLineEnds(value);
      if (value.includes('<'))
        fail(`a '<' inside the value of attribute "${clip(attrRaw)}"`, i + 1 + value.indexOf('<'));
      if (value.includes('&')) {
        checkReferences(value, i + 1);
        value = decodeXmlText(value.trim());
      } else {
        value = value.trim();
      }
      if (attrs === null) attrs = [attrKey, value];
      else {
        // a short list is searched; past 8 attributes a set keeps a tag of 100,000 attributes linear, not quadratic
        if (seen === null && attrs.length > 16) {
          seen = new Set<string>();
          for (let a = 0; a < attrs.length; a += 2) seen.add(attrs[a] as string);
        }
        let duplicate = false;
        if (seen !== null) duplicate = seen.has(attrKey);
        else for (let a = 0; a < attrs.length && !duplicate; a += 2) duplicate = attrs[a] === attrKey;
        if (duplicate) fail(`duplicate attribute "${clip(attrRaw)}" in <${clip(raw)}>`, nameStart);
        seen?.add(attrKey);
        attrs.push(attrKey, value);
      }
      i = close + 1;
    }
    if (selfClosing) {
      const value: DecodedValue =
        attrs === null ? '' : decodedValue({ raw, key, start: lt, children: null, text: '', attrs });
      attach(childrenOf(top, doc), key, value, repeated);
    } else {
      top = { raw, key, start: lt, children: null, text: '', attrs };
      stack.push(top);
    }
    rootSeen = true;
    pos = i;
  }

  if (top !== undefined) fail(`unclosed element <${top.raw}>`, top.start);
  if (!rootSeen) fail('no root element', end);
  return doc;
}

/** Line and column (both 1-based) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < stop; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
