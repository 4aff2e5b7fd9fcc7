import { describe, expect, it } from 'vitest';
import { readResult } from '../src/soap-transport.js';

const env11 = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe('readResult: the fast read of <Method>Result (anything unusual is left to node-soap)', () => {
  it('reads the text of the result, decoding entities and keeping whitespace', () => {
    const xml = env11(
      '<GetListsResponse xmlns="http://services.mailupnet.it/WS"><GetListsResult> &lt;a x=&quot;1&quot;&gt;&amp;amp;&lt;/a&gt; &#233;</GetListsResult></GetListsResponse>',
    );
    expect(readResult(xml, 'GetLists')).toBe(' <a x="1">&amp;</a> é');
  });

  it('reads SOAP 1.2 and prefixed elements', () => {
    const xml =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><m:LoginFromIdResponse xmlns:m="http://services.mailupnet.it/WS"><m:LoginFromIdResult>&lt;ok/&gt;</m:LoginFromIdResult></m:LoginFromIdResponse></s:Body></s:Envelope>';
    expect(readResult(xml, 'LoginFromId')).toBe('<ok/>');
  });

  it('leaves faults, other methods, attributes, children, CDATA, empty and unclosed results to node-soap', () => {
    const cases = [
      env11('<soap:Fault><faultcode>soap:Client</faultcode><faultstring>GetListsResult&gt;</faultstring></soap:Fault>'),
      env11('<GetNewsletterResponse><GetNewsletterResult>x</GetNewsletterResult></GetNewsletterResponse>'),
      env11('<GetListsResponse><GetListsResult xsi:type="xsd:string">x</GetListsResult></GetListsResponse>'),
      env11('<GetListsResponse><GetListsResult><a>1</a></GetListsResult></GetListsResponse>'),
      env11('<GetListsResponse><GetListsResult><![CDATA[<a/>]]></GetListsResult></GetListsResponse>'),
      env11('<GetListsResponse><GetListsResult/></GetListsResponse>'),
      env11('<GetListsResponse><GetListsResult>x'),
      'not xml at all',
    ];
    for (const xml of cases) expect(readResult(xml, 'GetLists'), xml).toBeUndefined();
  });

  it('does not mistake a longer name for the method (GetListsResultX, XGetListsResult)', () => {
    const xml = env11(
      '<GetListsResponse><XGetListsResult>no</XGetListsResult><GetListsResultX>no</GetListsResultX><GetListsResult>yes</GetListsResult></GetListsResponse>',
    );
    expect(readResult(xml, 'GetLists')).toBe('yes');
  });

  it('is linear on a large hostile answer (many near-miss names)', () => {
    const xml = env11(`<GetListsResponse>${':GetListsResult>'.repeat(200_000)}</GetListsResponse>`);
    expect(readResult(xml, 'GetLists')).toBeUndefined();
  });
});
