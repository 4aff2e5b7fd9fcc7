import type { Resolver } from '../types.js';

/** Reads a SOAP envelope only as far as routing needs; the SOAP issue brings the real parser. */
const BODY_START = /<(?:[\w.-]+:)?Body\b[^>]*>/i;
const ELEMENT = /<(?:([\w.-]+):)?([\w.-]+)\b[^>]*?(\/?)>/;
const SIMPLE_CHILD = /<(?:[\w.-]+:)?([\w.-]+)\b[^>]*>([^<]*)<\/(?:[\w.-]+:)?\1>/g;

/** The method named by a `SOAPAction` header (`"http://ws.mailupnet.it/CreateNewsletter"` ⇒ `CreateNewsletter`). */
export function soapActionMethod(header: string | string[] | undefined): string | undefined {
  const action = String(header ?? '')
    .replace(/"/g, '')
    .trim();
  const method = action.slice(Math.max(action.lastIndexOf('/'), action.lastIndexOf('#')) + 1);
  return method || undefined;
}

/**
 * The method element of a SOAP request: the first element inside `Body` (any prefix), or of the document when
 * there is no envelope; with its simple children (`<type>HTML</type>`) as input.
 */
export function soapBodyMethod(xml: string): { method: string; input: Record<string, string> } | undefined {
  const body = BODY_START.exec(xml);
  const rest = body ? xml.slice(body.index + body[0].length) : xml.replace(/^\s*<\?xml[^>]*\?>/, '');
  const first = ELEMENT.exec(rest);
  if (!first?.[2]) return undefined;
  const input: Record<string, string> = {};
  if (first[3] !== '/') {
    const close = new RegExp(`</(?:[\\w.-]+:)?${first[2]}\\s*>`, 'i').exec(rest);
    const inner = rest.slice(first.index + first[0].length, close ? close.index : undefined);
    for (const m of inner.matchAll(SIMPLE_CHILD)) if (m[1] && !(m[1] in input)) input[m[1]] = (m[2] ?? '').trim();
  }
  return { method: first[2], input };
}

/**
 * Resolver for a route that serves a whole SOAP endpoint (`MailUpSend.asmx`): the operation is the `SOAPAction`
 * header's method (SOAP 1.1), else the body's first element (SOAP 1.2 and clients that send no action), else the
 * route's own operation; the method element's simple children become the input the policy rows read.
 */
export const soapEnvelopeResolver: Resolver = (req) => {
  const parsed = soapBodyMethod(req.body.toString('utf8'));
  const operation = soapActionMethod(req.headers.soapaction) ?? parsed?.method;
  return {
    ...(operation ? { operation } : {}),
    ...(parsed && Object.keys(parsed.input).length > 0 ? { input: parsed.input } : {}),
  };
};
