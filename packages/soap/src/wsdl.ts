import { operationsOf, SOAP_SERVICES, type SoapOperationRow, type SoapServiceName } from './service-table.js';

const NS = {
  soap: 'http://schemas.xmlsoap.org/wsdl/soap/',
  tm: 'http://microsoft.com/wsdl/mime/textMatching/',
  soapenc: 'http://schemas.xmlsoap.org/soap/encoding/',
  mime: 'http://schemas.xmlsoap.org/wsdl/mime/',
  s: 'http://www.w3.org/2001/XMLSchema',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  http: 'http://schemas.xmlsoap.org/wsdl/http/',
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
};

function attr(value: string): string {
  return value.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
}

function paramElement(p: SoapOperationRow['params'][number]): string {
  if (p.type === 'string') return `<s:element minOccurs="0" maxOccurs="1" name="${p.name}" type="s:string" />`;
  if (p.type === 'ArrayOfOption')
    return `<s:element minOccurs="0" maxOccurs="1" name="${p.name}" type="tns:ArrayOfOption" />`;
  return `<s:element minOccurs="1" maxOccurs="1" name="${p.name}" type="s:${p.type}" />`;
}

function sequence(children: string[]): string {
  return children.length === 0
    ? '<s:complexType />'
    : `<s:complexType><s:sequence>${children.join('')}</s:sequence></s:complexType>`;
}

/** Options of {@link generateWsdl}. */
export interface GenerateWsdlOptions {
  /** Endpoint written in the service's `address` elements (default the service's MailUp endpoint). */
  location?: string;
}

/**
 * The WSDL of one service, generated from the package's own operation table in the ASP.NET .asmx shape MailUp's
 * services publish: document/literal, one wrapper element per method and `<Method>Response/<Method>Result`, SOAP
 * 1.1 and 1.2 bindings with `SOAPAction` = namespace + method, `ArrayOfOption`/`Option`, the Import service's
 * `Authentication` header and its HttpGet/HttpPost bindings. node-soap clients are created from these strings, so
 * nothing is downloaded at run time.
 *
 * @example
 * ```ts
 * const wsdl = generateWsdl('MailupSend', { location: 'http://127.0.0.1:8080/MailupSend.asmx' });
 * ```
 */
export function generateWsdl(service: SoapServiceName, options: GenerateWsdlOptions = {}): string {
  const facts = SOAP_SERVICES[service];
  const ops = operationsOf(service);
  const tns = facts.namespace;
  const isImport = service === 'WSMailUpImport';
  const location = attr(options.location ?? facts.defaultEndpoint ?? `http://localhost${facts.path}`);
  const actionOf = (m: string) => `${tns.endsWith('/') ? tns : `${tns}/`}${m}`;
  const types: string[] = [];
  for (const op of ops) {
    types.push(`<s:element name="${op.method}">${sequence(op.params.map(paramElement))}</s:element>`);
    const result =
      op.result === 'int'
        ? `<s:element minOccurs="1" maxOccurs="1" name="${op.method}Result" type="s:int" />`
        : `<s:element minOccurs="0" maxOccurs="1" name="${op.method}Result" type="s:string" />`;
    types.push(`<s:element name="${op.method}Response">${sequence([result])}</s:element>`);
  }
  if (ops.some((op) => op.params.some((p) => p.type === 'ArrayOfOption'))) {
    types.push(
      '<s:complexType name="ArrayOfOption"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="Option" nillable="true" type="tns:Option" /></s:sequence></s:complexType>',
      '<s:complexType name="Option"><s:sequence><s:element minOccurs="0" maxOccurs="1" name="Key" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Value" /></s:sequence></s:complexType>',
    );
  }
  if (isImport) {
    types.push(
      '<s:element name="Authentication" type="tns:Authentication" />',
      '<s:complexType name="Authentication"><s:sequence><s:element minOccurs="0" maxOccurs="1" name="User" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Password" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="encType" type="s:string" /></s:sequence><s:anyAttribute /></s:complexType>',
      '<s:element name="string" nillable="true" type="s:string" />',
    );
  }
  const messages: string[] = [];
  for (const op of ops) {
    messages.push(
      `<wsdl:message name="${op.method}SoapIn"><wsdl:part name="parameters" element="tns:${op.method}" /></wsdl:message>`,
      `<wsdl:message name="${op.method}SoapOut"><wsdl:part name="parameters" element="tns:${op.method}Response" /></wsdl:message>`,
    );
    if (isImport) {
      messages.push(
        `<wsdl:message name="${op.method}Authentication"><wsdl:part name="Authentication" element="tns:Authentication" /></wsdl:message>`,
      );
    }
  }
  const httpVerbs = isImport ? (['HttpGet', 'HttpPost'] as const) : [];
  for (const verb of httpVerbs) {
    for (const op of ops) {
      // ASP.NET publishes only the simple parameters of an HTTP binding, each as a string.
      const parts = op.params.map((p) => `<wsdl:part name="${p.name}" type="s:string" />`).join('');
      messages.push(
        parts
          ? `<wsdl:message name="${op.method}${verb}In">${parts}</wsdl:message>`
          : `<wsdl:message name="${op.method}${verb}In" />`,
        `<wsdl:message name="${op.method}${verb}Out"><wsdl:part name="Body" element="tns:string" /></wsdl:message>`,
      );
    }
  }
  const portType = (name: string, suffix: 'Soap' | 'HttpGet' | 'HttpPost') =>
    `<wsdl:portType name="${name}">${ops
      .map(
        (op) =>
          `<wsdl:operation name="${op.method}"><wsdl:input message="tns:${op.method}${suffix}In" /><wsdl:output message="tns:${op.method}${suffix}Out" /></wsdl:operation>`,
      )
      .join('')}</wsdl:portType>`;
  const soapBinding = (name: string, p: 'soap' | 'soap12') =>
    `<wsdl:binding name="${name}" type="tns:${facts.ports.soap11}"><${p}:binding transport="http://schemas.xmlsoap.org/soap/http" />${ops
      .map(
        (op) =>
          `<wsdl:operation name="${op.method}"><${p}:operation soapAction="${actionOf(op.method)}" style="document" /><wsdl:input><${p}:body use="literal" />${
            isImport
              ? `<${p}:header message="tns:${op.method}Authentication" part="Authentication" use="literal" />`
              : ''
          }</wsdl:input><wsdl:output><${p}:body use="literal" /></wsdl:output></wsdl:operation>`,
      )
      .join('')}</wsdl:binding>`;
  const httpBinding = (name: string, verb: 'GET' | 'POST') =>
    `<wsdl:binding name="${name}" type="tns:${name}"><http:binding verb="${verb}" />${ops
      .map(
        (op) =>
          `<wsdl:operation name="${op.method}"><http:operation location="/${op.method}" /><wsdl:input>${
            verb === 'GET' ? '<http:urlEncoded />' : '<mime:content type="application/x-www-form-urlencoded" />'
          }</wsdl:input><wsdl:output><mime:mimeXml part="Body" /></wsdl:output></wsdl:operation>`,
      )
      .join('')}</wsdl:binding>`;
  const { soap11, soap12, httpGet, httpPost } = facts.ports;
  const doc = facts.documentation
    ? `<wsdl:documentation xmlns:wsdl="${NS.wsdl}">${facts.documentation}</wsdl:documentation>`
    : '';
  const ports = [
    `<wsdl:port name="${soap11}" binding="tns:${soap11}"><soap:address location="${location}" /></wsdl:port>`,
    `<wsdl:port name="${soap12}" binding="tns:${soap12}"><soap12:address location="${location}" /></wsdl:port>`,
    ...(httpGet
      ? [`<wsdl:port name="${httpGet}" binding="tns:${httpGet}"><http:address location="${location}" /></wsdl:port>`]
      : []),
    ...(httpPost
      ? [`<wsdl:port name="${httpPost}" binding="tns:${httpPost}"><http:address location="${location}" /></wsdl:port>`]
      : []),
  ];
  const xmlns = Object.entries(NS)
    .filter(([k]) => k !== 'wsdl')
    .map(([k, v]) => `xmlns:${k}="${v}"`)
    .join(' ');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<wsdl:definitions ${xmlns} xmlns:tns="${tns}" targetNamespace="${tns}" xmlns:wsdl="${NS.wsdl}">${doc}` +
    `<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="${tns}">${types.join('')}</s:schema></wsdl:types>` +
    messages.join('') +
    portType(soap11, 'Soap') +
    (httpGet ? portType(httpGet, 'HttpGet') : '') +
    (httpPost ? portType(httpPost, 'HttpPost') : '') +
    soapBinding(soap11, 'soap') +
    soapBinding(soap12, 'soap12') +
    (httpGet ? httpBinding(httpGet, 'GET') : '') +
    (httpPost ? httpBinding(httpPost, 'POST') : '') +
    `<wsdl:service name="${service}">${doc}${ports.join('')}</wsdl:service></wsdl:definitions>`
  );
}
