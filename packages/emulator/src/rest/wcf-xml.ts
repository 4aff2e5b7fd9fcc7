/** WCF data contract namespaces MailUp's XML answers use (REFERENCE §6.1, artifacts/rest/*.xml). */
export const WCF_NAMESPACES = {
  collection: 'http://MailupSoa.Ws.Schema.API',
  console: 'http://MailupSoa.Ws.Schema.API.Console',
  arrays: 'http://schemas.microsoft.com/2003/10/Serialization/Arrays',
  serialization: 'http://schemas.microsoft.com/2003/10/Serialization/',
  instance: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

const COLLECTION_KEYS = ['IsPaginated', 'Items', 'PageNumber', 'PageSize', 'Skipped', 'TotalElementsCount'];

function escapeXml(text: string): string {
  let out = '';
  for (const c of text.replace(/[<>&"']/g, (m) => `&#${m.charCodeAt(0)};`)) {
    const code = c.charCodeAt(0);
    if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) out += c; // XML 1.0 forbids the rest
  }
  return out;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? escapeXml(value) : String(value);
}

function primitiveName(value: unknown): string {
  return typeof value === 'number'
    ? Number.isInteger(value)
      ? 'int'
      : 'double'
    : typeof value === 'boolean'
      ? 'boolean'
      : 'string';
}

function element(name: string, value: unknown, xmlns = ''): string {
  const ns = xmlns === '' ? '' : ` xmlns="${xmlns}"`;
  if (value === null || value === undefined) return `<${name}${ns} i:nil="true" xmlns:i="${WCF_NAMESPACES.instance}"/>`;
  if (Array.isArray(value)) {
    const inner = value
      .map((item) =>
        item !== null && typeof item === 'object'
          ? element(`${name.replace(/s$/, '')}Item`, item, WCF_NAMESPACES.console)
          : element(primitiveName(item), item, WCF_NAMESPACES.arrays),
      )
      .join('');
    return `<${name}${ns}>${inner}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}${ns}>${inner}</${name}>`;
  }
  return `<${name}${ns}>${scalar(value)}</${name}>`;
}

/**
 * Encodes a REST answer as WCF DataContract XML: a paged collection as `<CollectionOf{T} xmlns="…API">` with its
 * items as `<{T} xmlns="…API.Console">`, an object as `<{T} xmlns="…API.Console">`, a bare scalar as
 * `<int xmlns="…/Serialization/">16</int>`, an array of scalars as `<ArrayOfstring xmlns="…/Arrays">`. `type` is the
 * route's data contract name (e.g. `ConsoleEmailMessageItem`).
 */
export function encodeWcfXml(value: unknown, type: string): string {
  const head = '<?xml version="1.0" encoding="utf-8"?>';
  if (value === null || typeof value !== 'object') {
    return `${head}${element(primitiveName(value), value, WCF_NAMESPACES.serialization)}`;
  }
  if (Array.isArray(value)) {
    const first = value[0];
    const itemType = first !== null && typeof first === 'object' ? type : primitiveName(first ?? '');
    const inner = value
      .map((item) =>
        item !== null && typeof item === 'object'
          ? element(itemType, item, WCF_NAMESPACES.console)
          : element(primitiveName(item), item),
      )
      .join('');
    const ns = first !== null && typeof first === 'object' ? WCF_NAMESPACES.console : WCF_NAMESPACES.arrays;
    return `${head}<ArrayOf${itemType} xmlns="${ns}">${inner}</ArrayOf${itemType}>`;
  }
  const record = value as Record<string, unknown>;
  if (COLLECTION_KEYS.every((key) => key in record)) {
    const parts = COLLECTION_KEYS.map((key) =>
      key === 'Items'
        ? `<Items>${(record.Items as unknown[]).map((item) => element(type, item, WCF_NAMESPACES.console)).join('')}</Items>`
        : element(key, record[key]),
    );
    return `${head}<CollectionOf${type} xmlns="${WCF_NAMESPACES.collection}">${parts.join('')}</CollectionOf${type}>`;
  }
  return `${head}${element(type, record, WCF_NAMESPACES.console)}`;
}
