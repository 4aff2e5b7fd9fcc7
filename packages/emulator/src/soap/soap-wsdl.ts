import { x as esc } from './soap-results.js';
import type { EmuMethod, EmuParam, EmuService } from './soap-services.js';

function element(p: EmuParam): string {
  switch (p.type) {
    case 'string':
      return `<s:element minOccurs="0" maxOccurs="1" name="${p.name}" type="s:string" />`;
    case 'ArrayOfOption':
      return `<s:element minOccurs="0" maxOccurs="1" name="${p.name}" type="tns:ArrayOfOption" />`;
    default:
      return `<s:element minOccurs="1" maxOccurs="1" name="${p.name}" type="s:${p.type}" />`;
  }
}

function complex(children: string): string {
  return children ? `<s:complexType><s:sequence>${children}</s:sequence></s:complexType>` : '<s:complexType />';
}

function schema(service: EmuService): string {
  let out = '';
  for (const m of service.methods) {
    out += `<s:element name="${m.name}">${complex(m.params.map(element).join(''))}</s:element>`;
    const result = m.returnsInt
      ? `<s:element minOccurs="1" maxOccurs="1" name="${m.name}Result" type="s:int" />`
      : `<s:element minOccurs="0" maxOccurs="1" name="${m.name}Result" type="s:string" />`;
    out += `<s:element name="${m.name}Response">${complex(result)}</s:element>`;
  }
  if (service.methods.some((m) => m.params.some((p) => p.type === 'ArrayOfOption'))) {
    out +=
      '<s:complexType name="ArrayOfOption"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="Option" nillable="true" type="tns:Option" /></s:sequence></s:complexType>' +
      '<s:complexType name="Option"><s:sequence><s:element minOccurs="0" maxOccurs="1" name="Key" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Value" /></s:sequence></s:complexType>';
  }
  if (service.httpPorts) {
    out +=
      '<s:element name="Authentication" type="tns:Authentication" /><s:complexType name="Authentication"><s:sequence>' +
      '<s:element minOccurs="0" maxOccurs="1" name="User" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Password" type="s:string" />' +
      '<s:element minOccurs="0" maxOccurs="1" name="encType" type="s:string" /></s:sequence><s:anyAttribute /></s:complexType>' +
      '<s:element name="string" nillable="true" type="s:string" />';
  }
  return `<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="${service.ns}">${out}</s:schema></wsdl:types>`;
}

function op(m: EmuMethod, body: string): string {
  return `<wsdl:operation name="${m.name}">${body}</wsdl:operation>`;
}

/**
 * The emulator's WSDL of one service (served at `?WSDL`), in the ASP.NET .asmx shape: document/literal wrappers,
 * SOAP 1.1 and 1.2 bindings, `SOAPAction` = namespace + method, the Import service's `Authentication` header and
 * HttpGet / HttpPost bindings. `location` is this emulator's URL of the service.
 */
export function emulatorWsdl(service: EmuService, location: string): string {
  const { ns, methods } = service;
  const header = service.httpPorts;
  const action = (m: EmuMethod) => (ns.endsWith('/') ? ns : `${ns}/`) + m.name;
  let messages = '';
  for (const m of methods) {
    messages += `<wsdl:message name="${m.name}SoapIn"><wsdl:part name="parameters" element="tns:${m.name}" /></wsdl:message>`;
    messages += `<wsdl:message name="${m.name}SoapOut"><wsdl:part name="parameters" element="tns:${m.name}Response" /></wsdl:message>`;
    if (header)
      messages += `<wsdl:message name="${m.name}Authentication"><wsdl:part name="Authentication" element="tns:Authentication" /></wsdl:message>`;
  }
  const verbs = header ? ['HttpGet', 'HttpPost'] : [];
  for (const verb of verbs) {
    for (const m of methods) {
      const parts = m.params.map((p) => `<wsdl:part name="${p.name}" type="s:string" />`).join('');
      messages += parts
        ? `<wsdl:message name="${m.name}${verb}In">${parts}</wsdl:message>`
        : `<wsdl:message name="${m.name}${verb}In" />`;
      messages += `<wsdl:message name="${m.name}${verb}Out"><wsdl:part name="Body" element="tns:string" /></wsdl:message>`;
    }
  }
  const portType = (name: string, suffix: string) =>
    `<wsdl:portType name="${name}">${methods
      .map((m) =>
        op(m, `<wsdl:input message="tns:${m.name}${suffix}In" /><wsdl:output message="tns:${m.name}${suffix}Out" />`),
      )
      .join('')}</wsdl:portType>`;
  const soapBinding = (name: string, prefix: 'soap' | 'soap12') =>
    `<wsdl:binding name="${name}" type="tns:${service.soapPort}"><${prefix}:binding transport="http://schemas.xmlsoap.org/soap/http" />${methods
      .map((m) =>
        op(
          m,
          `<${prefix}:operation soapAction="${action(m)}" style="document" /><wsdl:input><${prefix}:body use="literal" />${
            header
              ? `<${prefix}:header message="tns:${m.name}Authentication" part="Authentication" use="literal" />`
              : ''
          }</wsdl:input><wsdl:output><${prefix}:body use="literal" /></wsdl:output>`,
        ),
      )
      .join('')}</wsdl:binding>`;
  const httpBinding = (name: string, verb: 'GET' | 'POST') =>
    `<wsdl:binding name="${name}" type="tns:${name}"><http:binding verb="${verb}" />${methods
      .map((m) =>
        op(
          m,
          `<http:operation location="/${m.name}" /><wsdl:input>${
            verb === 'GET' ? '<http:urlEncoded />' : '<mime:content type="application/x-www-form-urlencoded" />'
          }</wsdl:input><wsdl:output><mime:mimeXml part="Body" /></wsdl:output>`,
        ),
      )
      .join('')}</wsdl:binding>`;
  const loc = esc(location);
  const base = service.name;
  const doc = header
    ? '<wsdl:documentation xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">MailUp WebService for subscribers import.</wsdl:documentation>'
    : '';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tm="http://microsoft.com/wsdl/mime/textMatching/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/"',
    ` xmlns:tns="${ns}" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" targetNamespace="${ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">`,
    doc,
    schema(service),
    messages,
    portType(service.soapPort, 'Soap'),
    header ? portType(`${base}HttpGet`, 'HttpGet') + portType(`${base}HttpPost`, 'HttpPost') : '',
    soapBinding(service.soapPort, 'soap'),
    soapBinding(service.soap12Port, 'soap12'),
    header ? httpBinding(`${base}HttpGet`, 'GET') + httpBinding(`${base}HttpPost`, 'POST') : '',
    `<wsdl:service name="${base}">${doc}`,
    `<wsdl:port name="${service.soapPort}" binding="tns:${service.soapPort}"><soap:address location="${loc}" /></wsdl:port>`,
    `<wsdl:port name="${service.soap12Port}" binding="tns:${service.soap12Port}"><soap12:address location="${loc}" /></wsdl:port>`,
    header
      ? `<wsdl:port name="${base}HttpGet" binding="tns:${base}HttpGet"><http:address location="${loc}" /></wsdl:port><wsdl:port name="${base}HttpPost" binding="tns:${base}HttpPost"><http:address location="${loc}" /></wsdl:port>`
      : '',
    '</wsdl:service></wsdl:definitions>',
  ].join('');
}
