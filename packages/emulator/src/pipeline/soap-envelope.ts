import type { Resolver } from '../types.js';

import { type XmlToken, xmlTokens } from './xml-scan.js';

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
 * there is no `Body`; with its simple children (`<type>HTML</type>`, at any depth, the first of each name) as input.
 * One linear pass ({@link xmlTokens}): comments, CDATA and processing instructions are never read as elements, and
 * a text that is not lexically XML (an unclosed tag, comment or quote) names no method.
 */
export function soapBodyMethod(xml: string): { method: string; input: Record<string, string> } | undefined {
  let first: Extract<XmlToken, { kind: 'open' }> | undefined;
  let afterBody = false;
  let method: Extract<XmlToken, { kind: 'open' }> | undefined;
  let inside = false;
  let input: Record<string, string> = {};
  // The last start tag inside the method, and the text right after it (a simple child is open, text?, close).
  let child: { local: string; text: string } | undefined;
  try {
    for (const token of xmlTokens(xml)) {
      if (token.kind === 'open') {
        if (!method && afterBody) {
          method = token;
          inside = !token.selfClosing;
          input = {};
          child = undefined;
          continue;
        }
        if (!first) {
          first = token;
          inside = !token.selfClosing;
          input = {};
        } else if (inside) child = token.selfClosing ? undefined : { local: token.local, text: '' };
        if (!method && token.local.toLowerCase() === 'body') {
          afterBody = true;
          inside = false;
        }
      } else if (token.kind === 'text') {
        if (child) child.text += token.text;
      } else {
        const owner = method ?? (afterBody ? undefined : first);
        if (inside && owner && token.local.toLowerCase() === owner.local.toLowerCase()) {
          inside = false;
          if (method) break;
        } else if (inside && child && child.local === token.local && !(child.local in input)) {
          input[child.local] = child.text.trim();
        }
        child = undefined;
      }
    }
  } catch {
    return undefined;
  }
  const chosen = method ?? (afterBody ? undefined : first);
  if (!chosen) return undefined;
  return { method: chosen.local, input };
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
