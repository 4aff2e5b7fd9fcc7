import { describe, expect, it } from 'vitest';
import { soapActionMethod, soapBodyMethod } from '../src/index.js';

describe('reading the SOAP method of a request', () => {
  it('takes the last segment of a SOAPAction header, quoted or not', () => {
    expect(soapActionMethod('"http://ws.mailupnet.it/CreateNewsletter"')).toBe('CreateNewsletter');
    expect(soapActionMethod('urn:x#GetLists')).toBe('GetLists');
    expect(soapActionMethod('""')).toBeUndefined();
    expect(soapActionMethod(undefined)).toBeUndefined();
  });

  it('takes the first element inside Body, whatever the prefixes, with its simple children as input', () => {
    const soap12 =
      '<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Header>' +
      '<ws:Authentication><ws:User>a1</ws:User></ws:Authentication></env:Header><env:Body>' +
      '<ws:SendSingleNewsletter xmlns:ws="http://ws.mailupnet.it/"><ws:accessKey>k</ws:accessKey>' +
      '<ws:type>ID</ws:type><ws:nested><ws:deep>x</ws:deep></ws:nested></ws:SendSingleNewsletter></env:Body></env:Envelope>';
    expect(soapBodyMethod(soap12)).toEqual({
      method: 'SendSingleNewsletter',
      input: { accessKey: 'k', type: 'ID', deep: 'x' },
    });
  });

  it('reads a bare method element and an empty one, and nothing from a body without elements', () => {
    expect(soapBodyMethod('<CreateNewsletter/>')).toEqual({ method: 'CreateNewsletter', input: {} });
    expect(soapBodyMethod('<GetLists><type>HTML</type></GetLists>')?.input).toEqual({ type: 'HTML' });
    expect(soapBodyMethod('')).toBeUndefined();
  });
});

describe('reading the SOAP method: what is not an element (issue 16 item 17)', () => {
  it('a commented-out child, CDATA or a processing instruction is not read as input', () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><SendSingleNewsletter>' +
      '<!--<type>ID</type>--><![CDATA[<type>ID</type>]]><?pi <type>ID</type>?><type>HTML</type>' +
      '</SendSingleNewsletter></soap:Body></soap:Envelope>';
    expect(soapBodyMethod(xml)).toEqual({ method: 'SendSingleNewsletter', input: { type: 'HTML' } });
    expect(soapBodyMethod('<soap:Body><!--<Logout/>--><GetLists/></soap:Body>')?.method).toBe('GetLists');
  });

  it('a text that is not lexically XML names no method', () => {
    for (const xml of ['<a b'.repeat(100), '<Body><m a="1>', '<Body><!-- <m/>', '<Body><m>&</m>']) {
      expect(soapBodyMethod(xml)).toBeUndefined();
    }
  });
});
