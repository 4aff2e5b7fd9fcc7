import { MailUpError } from '@mailup-kit/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Caps of {@link decodeInnerXml}. */
export interface InnerXmlLimits {
  /** Largest result document accepted, in UTF-16 code units (default 32 MiB). */
  maxChars?: number;
  /** Deepest element nesting accepted (default 64). */
  maxDepth?: number;
}

/** Elements that may repeat in MailUp's result documents: always decoded as arrays, even with one entry. */
export const REPEATED_ELEMENTS: ReadonlySet<string> = new Set([
  'list',
  'List',
  'group',
  'Group',
  'newsletter',
  'message',
  'template',
  'sms',
  'process',
  'Field',
  'field',
  'Clicks',
  'Click',
  'Open',
  'subscriber',
  'delivery',
  'queue',
  'credit',
  'Option',
]);

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Replaces only XML's five predefined entities and numeric character references. Nothing declared in a DTD is
 * ever expanded (documents with a DOCTYPE are refused before parsing), so no entity can grow a document.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** A decoded result document: element name ⇒ text, nested object, or array of them; attributes under `@_`. */
export type DecodedXml = { [name: string]: DecodedValue };
/** One decoded value. */
export type DecodedValue = string | DecodedXml | DecodedValue[];

function parserFor(maxDepth: number, repeated: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // ids, GUIDs and codes stay strings ("007", "1e3", long ids never lose digits)
    parseTagValue: false,
    parseAttributeValue: false,
    // no entity of any kind is expanded by the parser; decodeXmlText handles the five predefined ones
    processEntities: false,
    htmlEntities: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: maxDepth,
    // callbacks get a matcher instead of a built path string: no path string per element
    jPath: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && repeated.has(name),
    tagValueProcessor: (_name, value) => decodeXmlText(value),
    attributeValueProcessor: (_name, value) => decodeXmlText(value),
  });
}

/** The parser of the default depth cap, built once (a parser keeps no state between documents). */
const DEFAULT_MAX_DEPTH = 64;
const defaultParser = parserFor(DEFAULT_MAX_DEPTH, REPEATED_ELEMENTS);

function invalid(operation: string, message: string, details: Record<string, unknown> = {}): MailUpError {
  return new MailUpError({ kind: 'permanent', protocol: 'soap', operation, message, details });
}

/**
 * Decodes the XML document MailUp serializes inside a SOAP string result (REFERENCE §3.2). Ids, GUIDs and codes
 * stay strings; elements in {@link REPEATED_ELEMENTS} are always arrays; no entity is expanded (a DOCTYPE is
 * refused); size and depth are capped. A document that is not well-formed is a `permanent` MailUpError (the
 * server answered: nothing to retry). The `windows-1252` declaration some servers add is accepted.
 *
 * @example
 * ```ts
 * decodeInnerXml('<LoginResult><errorCode>0</errorCode><accessKey>k</accessKey></LoginResult>', 'LoginFromId');
 * // { LoginResult: { errorCode: '0', accessKey: 'k' } }
 * ```
 */
export function decodeInnerXml(xml: string, operation: string, limits: InnerXmlLimits = {}): DecodedXml {
  const maxChars = limits.maxChars ?? 32 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (typeof xml !== 'string') throw invalid(operation, `${operation}: the result is not a string`);
  if (xml.length > maxChars) {
    throw invalid(operation, `${operation}: the result document is larger than ${maxChars} characters`, {
      length: xml.length,
    });
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw invalid(operation, `${operation}: the result document declares a DOCTYPE or entities (refused)`);
  }
  const validation = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (validation !== true) {
    throw invalid(operation, `${operation}: the result is not well-formed XML (${validation.err.msg})`, {
      line: validation.err.line,
    });
  }
  const parser = maxDepth === DEFAULT_MAX_DEPTH ? defaultParser : parserFor(maxDepth, REPEATED_ELEMENTS);
  try {
    return parser.parse(xml) as DecodedXml;
  } catch (error) {
    throw invalid(operation, `${operation}: the result document could not be decoded (${(error as Error).message})`);
  }
}

/** The root element of a decoded document (the first non-declaration key) and its name. */
export function rootOf(doc: DecodedXml): { name: string; value: DecodedXml } {
  const name = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '';
  const value = doc[name];
  return { name, value: value && typeof value === 'object' && !Array.isArray(value) ? value : {} };
}

/** `value` as an array (absent ⇒ empty). */
export function arrayOf<T = DecodedValue>(value: DecodedValue | undefined): T[] {
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** `value` as text (an element with attributes keeps its text under `#text`). */
export function textOf(value: DecodedValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return textOf(value[0]);
  const text = value['#text'];
  return typeof text === 'string' ? text : '';
}
