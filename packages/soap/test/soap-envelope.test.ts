import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, type IHttpClient, WSDL } from 'soap';
import { describe, expect, it } from 'vitest';
import {
  generateWsdl,
  type ImportAuthentication,
  orderedArgs,
  renderEnvelope,
  SOAP_OPERATIONS,
  SOAP_SERVICES,
  type SoapOperationRow,
  type SoapServiceName,
  type SoapVersion,
} from '../src/index.js';

// Issue 17/18: the envelope is rendered from the operation table instead of through node-soap, byte for byte what
// node-soap renders from the package's WSDLs, for every operation of the four services, in SOAP 1.1 and 1.2.

const artifact = fileURLToPath(
  new URL('../../../../shared/mailup/artifacts/soap/WSMailUpImport-GetNlLists-request-soap11.xml', import.meta.url),
);

/** node-soap's parsed WSDLs by service and SOAP version, built once for the whole file. */
const wsdls = new Map<string, WSDL>();

/** What node-soap sends for one call: the body and the HTTP headers, captured by its HTTP client. */
async function nodeSoapRender(
  row: SoapOperationRow,
  args: Record<string, unknown>,
  version: SoapVersion,
  authentication?: ImportAuthentication,
): Promise<{ body: string; headers: Record<string, string> }> {
  const location = `http://127.0.0.1:9${SOAP_SERVICES[row.service].path}`;
  const options = { forceSoap12Headers: version === '1.2', disableCache: true, returnFault: true };
  const key = `${row.service} ${version}`;
  const wsdl =
    wsdls.get(key) ??
    (await new Promise<WSDL>((resolve, reject) => {
      const w = new WSDL(generateWsdl(row.service, { location }), location, options);
      w.onReady((error) => (error ? reject(error) : resolve(w)));
    }));
  wsdls.set(key, wsdl);
  let seen: { body: string; headers: Record<string, string> } | undefined;
  const httpClient: IHttpClient = {
    request(_url, data, callback, headers) {
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers ?? {})) flat[k.toLowerCase()] = String(v);
      seen = { body: String(data), headers: flat };
      callback(new Error('captured'));
      return undefined as never;
    },
  };
  const client = new Client(wsdl, location, { ...options, httpClient });
  if (authentication)
    client.addSoapHeader({ Authentication: authentication }, '', 'tns', SOAP_SERVICES[row.service].namespace);
  const facts = SOAP_SERVICES[row.service];
  const port = version === '1.2' ? facts.ports.soap12 : facts.ports.soap11;
  const methods = client as unknown as Record<
    string,
    Record<string, Record<string, (a: unknown, cb: () => void) => void>>
  >;
  methods[row.service]?.[port]?.[row.method]?.(args, () => {});
  if (!seen) throw new Error(`node-soap rendered nothing for ${row.method}`);
  return seen;
}

/** Arguments for every parameter of a row, the strings holding every character the envelope must escape. */
function argsOf(row: SoapOperationRow, variant: number): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const p of row.params) {
    if (p.name === 'accessKey') continue;
    if (p.type === 'int') args[p.name] = variant === 0 ? 7 : -2_147_483_648;
    else if (p.type === 'boolean') args[p.name] = variant === 0;
    else if (p.type === 'dateTime') args[p.name] = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    else if (p.type === 'ArrayOfOption')
      args[p.name] = variant === 0 ? { send_to: 'ALL', note: `a <b> & "c" 'd'\r\n\tz`, n: 3, t: true } : [];
    else if (variant === 1) args[p.name] = '';
    else
      args[p.name] = ['content', 'text', 'xmlDoc', 'note', 'groupNotes'].includes(p.name)
        ? `<p>Ann & "Bob" 'é' ]]>\r\n\t€ 𝄞</p>`
        : `x < & > " ' é\t€`;
  }
  return args;
}

const auth: ImportAuthentication = { User: 'a1234', Password: `p<&>"'w`, encType: 'UTF-8' };

describe('renderEnvelope', () => {
  const cases = SOAP_OPERATIONS.flatMap((row) =>
    (['1.1', '1.2'] as const).flatMap((version) => [0, 1].map((variant) => ({ row, version, variant }))),
  );
  it.each(cases.map((c) => [`${c.row.service}.${c.row.method} SOAP ${c.version} #${c.variant}`, c] as const))(
    '%s is byte for byte what node-soap renders',
    async (_name, { row, version, variant }) => {
      const credentials: Record<string, string> = row.params.some((p) => p.name === 'accessKey')
        ? { accessKey: `key<&>'"${variant}` }
        : {};
      const args = orderedArgs(row, argsOf(row, variant), credentials);
      const authentication = row.service === 'WSMailUpImport' ? auth : undefined;
      const ours = renderEnvelope(row.service, row.method, args, version, authentication);
      const theirs = await nodeSoapRender(row, args, version, authentication);
      expect(ours.body).toBe(theirs.body);
      expect(ours.headers).toEqual(theirs.headers);
    },
  );

  it('escapes a value that looks like a CDATA section (node-soap sends it raw, so "]]>" inside could break out)', () => {
    const row = SOAP_OPERATIONS.find((r) => r.service === 'MailupSend' && r.method === 'CreateNewsletter')!;
    const content = '<![CDATA[x]]></content><injected/><content><![CDATA[y]]>';
    const { body } = renderEnvelope(
      row.service,
      row.method,
      orderedArgs(row, { listID: 1, content }, { accessKey: 'k' }),
    );
    expect(body).not.toContain('<injected/>');
    expect(body).toContain('&lt;![CDATA[x]]&gt;&lt;/content&gt;&lt;injected/&gt;');
  });

  it('every operation of the four services is in the table the renderer reads', () => {
    const services = new Set<SoapServiceName>(SOAP_OPERATIONS.map((r) => r.service));
    expect([...services].sort()).toEqual(['MailupManage', 'MailupReport', 'MailupSend', 'WSMailUpImport']);
  });

  it.skipIf(!existsSync(artifact))(
    'the Import GetNlLists request has the shape of the captured real request (header, namespaces, SOAPAction)',
    () => {
      const real = readFileSync(artifact, 'utf8');
      const row = SOAP_OPERATIONS.find((r) => r.service === 'WSMailUpImport' && r.method === 'GetNlLists')!;
      const ours = renderEnvelope(row.service, row.method, orderedArgs(row, {}), '1.1', {
        User: 'a1234',
        Password: 'password',
      });
      // the same document once insignificant whitespace and the empty element's short form are set aside
      const norm = (xml: string) =>
        xml
          .replace(/>\s+</g, '><')
          .replace(/<(\w+)( [^>]*)? \/>/g, '<$1$2></$1>')
          .trim();
      const part = (xml: string, from: string, to: string) => {
        const n = norm(xml);
        return n.slice(n.indexOf(from), n.indexOf(to) + to.length);
      };
      expect(part(ours.body, '<soap:Header>', '</soap:Body>')).toBe(part(real, '<soap:Header>', '</soap:Body>'));
      expect(ours.body).toContain('xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
      expect(ours.body).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
      expect(ours.headers).toEqual({
        'content-type': 'text/xml; charset=utf-8',
        soapaction: '"http://ws.mailupnet.it/GetNlLists"',
      });
    },
  );
  if (!existsSync(artifact))
    console.log(
      `soap-envelope.test: ${artifact} is absent (../shared not checked out): the real-request comparison is skipped`,
    );
});
