import { SOAP_SERVICES, type SoapServiceName } from './service-table.js';

/** The SOAP protocol version of the envelopes. */
export type SoapVersion = '1.1' | '1.2';

/** The Import service's `Authentication` SOAP header. */
export interface ImportAuthentication {
  User: string;
  Password: string;
  encType?: string;
}

/** An envelope ready to POST: its body and the HTTP headers that go with it (content type, SOAP action). */
export interface RenderedEnvelope {
  body: string;
  headers: Record<string, string>;
}

const ENVELOPE_NS: Readonly<Record<SoapVersion, string>> = Object.freeze({
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
});
const TEXT_MATCHING_NS = 'http://microsoft.com/wsdl/mime/textMatching/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const ESCAPED = /[&<>"'\t\r\n]/;
const ESCAPED_ALL = /[&<>"'\t\r\n]/g;
const ENTITY: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\r': '&#xD;',
  '\n': '&#xA;',
});

/**
 * Text for an element of the envelope: the five XML specials as entities and tab / CR / LF as character references
 * (so whitespace arrives as sent, as node-soap escapes it). Unlike node-soap, a value that looks like a CDATA section
 * is escaped too (node-soap passes `<![CDATA[…]]>` through unescaped, so a value holding `]]>` could close it).
 */
export function escapeSoapText(text: string): string {
  return ESCAPED.test(text) ? text.replace(ESCAPED_ALL, (c) => ENTITY[c] ?? c) : text;
}

/** The SOAPAction of `method` on `service` (namespace + method, as the WSDLs declare it). */
export function soapAction(service: SoapServiceName, method: string): string {
  const ns = SOAP_SERVICES[service].namespace;
  return `${ns.endsWith('/') ? ns : `${ns}/`}${method}`;
}

function value(name: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    // ArrayOfOption: { Option: [{ Key, Value }] } as the argument check renders it
    const options = (v as { Option?: ReadonlyArray<{ Key: unknown; Value: unknown }> }).Option ?? [];
    let out = `<${name}>`;
    for (const o of options) {
      out += `<Option><Key>${escapeSoapText(String(o.Key))}</Key><Value>${escapeSoapText(String(o.Value))}</Value></Option>`;
    }
    return `${out}</${name}>`;
  }
  return `<${name}>${escapeSoapText(String(v))}</${name}>`;
}

/**
 * The SOAP envelope of one call, rendered from its checked arguments (in WSDL order, as `orderedArgs` gives them):
 * document/literal, the method's wrapper element in the service's namespace, the Import service's `Authentication`
 * header when given, and the HTTP headers (`SOAPAction` for SOAP 1.1, the `action` parameter of the content type for
 * 1.2). Byte for byte what node-soap renders from the package's WSDLs (a test holds it to that for every operation),
 * without node-soap's per-call work, and with nothing kept between calls: every call's header is its own.
 *
 * @example
 * ```ts
 * renderEnvelope('MailupSend', 'GetLists', { accessKey: key }).body;
 * // '<?xml version="1.0" encoding="utf-8"?><soap:Envelope …><soap:Body><GetLists xmlns="http://services.mailupnet.it/WS"><accessKey>…'
 * ```
 */
export function renderEnvelope(
  service: SoapServiceName,
  method: string,
  args: Readonly<Record<string, unknown>>,
  version: SoapVersion = '1.1',
  authentication?: ImportAuthentication,
): RenderedEnvelope {
  const ns = SOAP_SERVICES[service].namespace;
  const action = soapAction(service, method);
  let body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}" xmlns:xsi="${XSI_NS}"  xmlns:tm="${TEXT_MATCHING_NS}" xmlns:tns="${ns}">`;
  if (authentication) {
    body += `<soap:Header><Authentication xmlns="${ns}">${value('User', authentication.User)}${value('Password', authentication.Password)}${value('encType', authentication.encType)}</Authentication></soap:Header>`;
  }
  body += `<soap:Body><${method} xmlns="${ns}">`;
  for (const name in args) body += value(name, args[name]);
  body += `</${method}></soap:Body></soap:Envelope>`;
  const headers: Record<string, string> =
    version === '1.2'
      ? { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }
      : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` };
  return { body, headers };
}
