import { XmlShapeError, xmlAttributes, xmlTokens } from '../pipeline/xml-scan.js';

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

/** Deepest element nesting read (an envelope needs about six levels). */
const MAX_DEPTH = 64;

/**
 * The document as a tree of nodes in the shape of fast-xml-parser's `preserveOrder` output (`{ name: children,
 * ':@': { '@attr': value } }`, `{ '#text': text }`), built from {@link xmlTokens} in one linear pass with the
 * well-formedness checks a SOAP reader needs: one root element, every end tag matching its start tag, no text
 * outside the root, unique attributes, at most {@link MAX_DEPTH} levels. (fast-xml-parser builds text one
 * character at a time and its validator re-scans unclosed constructs: seconds on a megabyte body.)
 */
export function parseTree(xml: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ name: string; children: Node[] }> = [];
  let roots = 0;
  for (const token of xmlTokens(xml)) {
    const top = stack[stack.length - 1];
    if (token.kind === 'text') {
      if (top) top.children.push({ '#text': token.cdata ? token.text : decode(token.text) });
      else if (token.text.trim() !== '') throw new XmlShapeError('text outside the root element');
      continue;
    }
    if (token.kind === 'close') {
      if (!top || top.name !== token.name) {
        throw new XmlShapeError(`the end tag </${token.name.slice(0, 64)}> closes no open element`);
      }
      stack.pop();
      continue;
    }
    if (!top && roots++ > 0) throw new XmlShapeError('more than one root element');
    const attrs: Record<string, string> = {};
    for (const [name, value] of xmlAttributes(token.attributes)) attrs[`@${name}`] = decode(value);
    const children: Node[] = [];
    (top ? top.children : root).push({ [token.name]: children, ':@': attrs } as Node);
    if (!token.selfClosing) {
      if (stack.length >= MAX_DEPTH) throw new XmlShapeError(`elements nest deeper than ${MAX_DEPTH} levels`);
      stack.push({ name: token.name, children });
    }
  }
  if (stack.length > 0) throw new XmlShapeError(`the element <${stack[0]?.name.slice(0, 64)}> is never closed`);
  if (roots === 0) throw new XmlShapeError('no root element');
  return root;
}

/** A node of {@link parseTree}: an element `{ name: children, ':@': attributes }` or a text `{ '#text': … }`. */
export type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

/** The element name of a {@link parseTree} node (`#text` for a text). */
export function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}
function local(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
/** The child nodes of an element. */
export function children(node: Node): Node[] {
  const value = node[nameOf(node)];
  return Array.isArray(value) ? (value as Node[]) : [];
}
/** The text of an element's direct text children, joined. */
export function textOf(node: Node): string {
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
 * that is not well-formed, has no envelope or no body is an {@link EnvelopeError}. The document is read in one
 * linear pass ({@link xmlTokens}; tags capped by `XML_TAG_LIMITS`), whatever the body: no regex or library
 * search that restarts from every position.
 */
export function readEnvelope(xml: string): ReadEnvelope {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new EnvelopeError('DTDs are not allowed in SOAP messages');
  let doc: Node[];
  try {
    doc = parseTree(xml);
  } catch (error) {
    if (error instanceof XmlShapeError) throw new EnvelopeError(`the request is not well-formed XML: ${error.message}`);
    throw error;
  }
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
