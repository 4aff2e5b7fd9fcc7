import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: false,
  processEntities: true,
});

/** Drops namespace attributes, turns `i:nil="true"` into null and text-only elements into their text. */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  if (String(record['@_nil']) === 'true') return null;
  const keys = Object.keys(record).filter((k) => !k.startsWith('@_'));
  if (keys.length === 0) return '';
  if (keys.length === 1 && keys[0] === '#text') return record['#text'];
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key !== '#text') out[key] = normalize(record[key]);
  return out;
}

/**
 * Parses a WCF DataContract XML answer (REFERENCE §6.1) with fast-xml-parser into plain values: the root
 * element's content (`<CollectionOfX>` → its fields, `<int>16</int>` → `'16'`), text left as strings for the
 * model check to convert. The five predefined entities are decoded; a document with a DOCTYPE is refused (a
 * `SyntaxError`) before parsing: WCF never sends one, and its internal entities would otherwise be expanded.
 */
export function parseWcfXml(text: string): unknown {
  // One linear search, before the parser sees the text (it expands internal DTD entities).
  if (/<!doctype/i.test(text)) throw new SyntaxError('a DOCTYPE is not accepted in a WCF XML answer');
  const doc = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => !k.startsWith('@_') && k !== '#text');
  if (roots.length !== 1) throw new SyntaxError('expected exactly one root element');
  return normalize(doc[roots[0] as string]);
}
