import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XmlShapeError, xmlTokens } from '../pipeline/xml-scan.js';

/** SOAP 1.1 or 1.2, from the envelope's namespace. */
export type SoapEnvVersion = '1.1' | '1.2';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** A parsed request envelope: the method element's children as strings (options as Key/Value pairs). */
export interface ReadEnvelope {
  version: SoapEnvVersion;
  method: string;
  methodNs: string | undefined;
  args: Record<string, string>;
  options: Record<string, Array<{ key: string; value: string }>>;
  /** The `Authentication` header's children, when present. */
  authentication: Record<string, string> | undefined;
}

const ENTITY = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>;
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (all, n: string) => {
    if (n[0] !== '#') return ENTITY[n.toLowerCase()] ?? all;
    const code = n[1] === 'x' || n[1] === 'X' ? Number.parseInt(n.slice(2), 16) : Number.parseInt(n.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  preserveOrder: true,
  maxNestedTags: 64,
  tagValueProcessor: (_n, v) => decode(v),
  attributeValueProcessor: (_n, v) => decode(v),
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}
function local(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
function children(node: Node): Node[] {
  const value = node[nameOf(node)];
  return Array.isArray(value) ? (value as Node[]) : [];
}
function textOf(node: Node): string {
  return children(node)
    .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : c.__cdata ? textOf({ x: c.__cdata } as Node) : ''))
    .join('');
}
function nsOf(node: Node, prefixOrDefault: string, scope: Record<string, string>): string | undefined {
  const attrs = node[':@'] ?? {};
  const key = prefixOrDefault ? `@xmlns:${prefixOrDefault}` : '@xmlns';
  return attrs[key] ?? scope[key];
}

/** Why an envelope was refused (the answer is a SOAP fault). */
export class EnvelopeError extends Error {}

/**
 * Reads a SOAP 1.1 / 1.2 request the way ASP.NET does: the envelope's namespace gives the version, the first
 * element of `Body` is the method, its children the arguments (`options` as `Option/Key,Value`), and an
 * `Authentication` header is read for the Import service. No DTD, no entity of any kind is expanded; a document
 * that is not well-formed, has no envelope or no body is an {@link EnvelopeError}. A linear lexical pass
 * ({@link xmlTokens}) refuses unclosed tags, comments, quotes and bare `&` first: on those the XML library's
 * validator and parser search for a terminator from every position (quadratic work on a hostile body).
 */
export function readEnvelope(xml: string): ReadEnvelope {
  try {
    for (const _token of xmlTokens(xml));
  } catch (error) {
    if (error instanceof XmlShapeError) throw new EnvelopeError(`the request is not well-formed XML: ${error.message}`);
    throw error;
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new EnvelopeError('DTDs are not allowed in SOAP messages');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new EnvelopeError(`the request is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Node[];
  const envelope = doc.find((n) => local(nameOf(n)) === 'Envelope');
  if (!envelope) throw new EnvelopeError('the request has no SOAP Envelope');
  const envName = nameOf(envelope);
  const prefix = envName.includes(':') ? envName.slice(0, envName.indexOf(':')) : '';
  const scope: Record<string, string> = { ...(envelope[':@'] ?? {}) };
  const envNs = nsOf(envelope, prefix, scope);
  const version: SoapEnvVersion | undefined = envNs === SOAP11_NS ? '1.1' : envNs === SOAP12_NS ? '1.2' : undefined;
  if (!version) throw new EnvelopeError('the Envelope is not in a SOAP 1.1 or 1.2 namespace');
  const parts = children(envelope).filter((n) => nameOf(n) !== '#text');
  const body = parts.find((n) => local(nameOf(n)) === 'Body');
  if (!body) throw new EnvelopeError('the Envelope has no Body');
  const header = parts.find((n) => local(nameOf(n)) === 'Header');
  const methodNode = children(body).find((n) => nameOf(n) !== '#text' && !nameOf(n).startsWith('?'));
  if (!methodNode) throw new EnvelopeError('the Body names no method');
  const methodName = nameOf(methodNode);
  const methodPrefix = methodName.includes(':') ? methodName.slice(0, methodName.indexOf(':')) : '';
  const methodNs = nsOf(methodNode, methodPrefix, { ...scope, ...(body[':@'] ?? {}) });
  const args: Record<string, string> = {};
  const options: ReadEnvelope['options'] = {};
  for (const child of children(methodNode)) {
    const name = local(nameOf(child));
    if (!name || name === '#text') continue;
    const inner = children(child).filter((n) => nameOf(n) !== '#text');
    if (inner.length > 0 && inner.every((n) => local(nameOf(n)) === 'Option')) {
      options[name] = inner.map((o) => {
        const kv = children(o);
        const pick = (k: string) => {
          const node = kv.find((n) => local(nameOf(n)) === k);
          return node ? textOf(node) : '';
        };
        return { key: pick('Key'), value: pick('Value') };
      });
      continue;
    }
    args[name] = textOf(child);
  }
  let authentication: Record<string, string> | undefined;
  const auth = header ? children(header).find((n) => local(nameOf(n)) === 'Authentication') : undefined;
  if (auth) {
    authentication = {};
    for (const c of children(auth)) if (nameOf(c) !== '#text') authentication[local(nameOf(c))] = textOf(c).trim();
  }
  return { version, method: local(methodName), methodNs, args, options, authentication };
}

/** Escapes text for an XML element. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A SOAP response envelope carrying `<Method>Result`. */
export function soapResponse(version: SoapEnvVersion, ns: string, method: string, result: string | number) {
  const env = version === '1.2' ? SOAP12_NS : SOAP11_NS;
  const body =
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${env}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `<soap:Body><${method}Response xmlns="${ns}"><${method}Result>${xmlEscape(String(result))}</${method}Result></${method}Response></soap:Body></soap:Envelope>`;
  return {
    status: 200,
    headers: { 'content-type': version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8' },
    body,
  };
}

/** A SOAP fault in the request's version: 1.1 `soap:Client`/`soap:Server`, 1.2 `soap:Sender`/`soap:Receiver`. */
export function soapVersionFault(version: SoapEnvVersion, client: boolean, text: string) {
  if (version === '1.1') {
    return {
      status: 500,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body:
        `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><soap:Fault>` +
        `<faultcode>soap:${client ? 'Client' : 'Server'}</faultcode><faultstring>${xmlEscape(text)}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`,
    };
  }
  return {
    status: 500,
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body:
      `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body><soap:Fault>` +
      `<soap:Code><soap:Value>soap:${client ? 'Sender' : 'Receiver'}</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">${xmlEscape(text)}</soap:Text></soap:Reason><soap:Detail /></soap:Fault></soap:Body></soap:Envelope>`,
  };
}

/** The request's SOAP version from its Content-Type (before the body is read). */
export function versionOfContentType(contentType: string | string[] | undefined): SoapEnvVersion {
  return /application\/soap\+xml/i.test(String(contentType ?? '')) ? '1.2' : '1.1';
}
