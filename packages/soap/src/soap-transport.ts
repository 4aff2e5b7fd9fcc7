import {
  type HttpResponse,
  type HttpSender,
  MailUpError,
  type RequestSummary,
  type Transport,
  type TransportAttempt,
} from '@mailup-kit/core';
import { Client, type IHttpClient, WSDL } from 'soap';
import { decodeXmlText } from './inner-xml.js';
import { SOAP_SERVICES, type SoapServiceName } from './service-table.js';
import { generateWsdl } from './wsdl.js';

/** The SOAP protocol version of the envelopes. */
export type SoapVersion = '1.1' | '1.2';

/** The Import service's `Authentication` SOAP header. */
export interface ImportAuthentication {
  User: string;
  Password: string;
  encType?: string;
}

/** One SOAP call as the build step renders it: what node-soap turns into an envelope. */
export interface SoapWireRequest {
  service: SoapServiceName;
  method: string;
  /** Arguments by parameter name, in WSDL order (credentials included). */
  args: Record<string, unknown>;
  /** The Import service's header (absent for Send / Manage / Report). */
  authentication?: ImportAuthentication;
}

/** What came back: the method's result (`<Method>Result`, a string or a number) and the HTTP status. */
export interface SoapWireResponse {
  result: unknown;
  httpStatus: number;
}

/** Options of {@link SoapTransport}. */
export interface SoapTransportOptions {
  /** The HTTP transport every envelope goes through (core's `HttpTransport`: TLS, caps, deadline, abort). */
  http: HttpSender;
  /** Endpoint of each service (absolute URLs). */
  endpoints: Partial<Record<SoapServiceName, string>>;
  /** SOAP 1.1 (default) or 1.2. */
  soapVersion?: SoapVersion;
  /** WSDL documents to build the node-soap clients from (default: the package's own, {@link generateWsdl}). */
  wsdl?: Partial<Record<SoapServiceName, string>>;
}

interface NodeSoapError extends Error {
  root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
  response?: { status?: number };
}

/**
 * What went wrong, in words: node-soap rejects with an Error, or — when the outer envelope is not XML — with a
 * plain object `{ Fault: { faultstring: 'Invalid XML', detail } }` (which `String()` turned into `[object Object]`).
 */
function describeNodeSoapError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  const fault = (error as { Fault?: { faultstring?: unknown; detail?: unknown } } | null)?.Fault;
  if (fault && typeof fault === 'object') {
    const reason = typeof fault.faultstring === 'string' ? fault.faultstring : 'unreadable answer';
    const detail = typeof fault.detail === 'string' ? fault.detail.replace(/\s+/g, ' ').trim() : '';
    return detail ? `${reason}: ${detail}` : reason;
  }
  return 'unreadable answer';
}

type NodeSoapMethod = (
  args: unknown,
  callback: (error: unknown, result: unknown, rawResponse?: unknown) => void,
  options?: Record<string, unknown>,
) => void;

/** The text of a SOAP 1.1 / 1.2 fault's reason and its code, from node-soap's parsed fault. */
export function faultFacts(fault: Record<string, unknown>): { code: string; reason: string } {
  const pick = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return pick(o.Text ?? o.Value ?? o.$value ?? o.faultstring ?? '');
    }
    return '';
  };
  const code = pick(fault.faultcode ?? fault.Code);
  const reason = pick(fault.faultstring ?? fault.Reason);
  return { code, reason };
}

/**
 * The transport of the SOAP members: node-soap renders the envelope (from WSDLs generated once, never downloaded)
 * and parses the answer, and every byte goes through core's HTTP transport (`http`), so TLS policy, size caps,
 * the absolute deadline, abort and bytes-may-have-left are core's. node-soap never retries (it has no retry); a
 * fault becomes a MailUpError (`throttled` for a throttling fault, `validation` for `soap:Client`, `permanent`
 * for `soap:Server`).
 *
 * @example
 * ```ts
 * const transport = new SoapTransport({ http: new HttpTransport({ protocol: 'soap' }), endpoints: { MailupSend: url } });
 * ```
 */
export class SoapTransport implements Transport<SoapWireRequest, SoapWireResponse> {
  /**
   * node-soap keeps each call's envelope on its client (`lastMessage`, `lastRequest`: access keys, the Login
   * password): the clients live in an ES private field, out of util.inspect and JSON.stringify of every SoapClient.
   */
  readonly #clients = new Map<SoapServiceName, Promise<Client>>();
  private readonly version: SoapVersion;

  constructor(private readonly options: SoapTransportOptions) {
    this.version = options.soapVersion ?? '1.1';
  }

  /** The endpoint of a service, or a validation error when none is configured. */
  endpoint(service: SoapServiceName): string {
    const url = this.options.endpoints[service];
    if (!url) {
      throw new MailUpError({
        kind: 'validation',
        protocol: service === 'WSMailUpImport' ? 'import' : 'soap',
        operation: service,
        message: `no endpoint configured for ${service}`,
      });
    }
    return url;
  }

  summarize(request: SoapWireRequest): RequestSummary {
    return { method: 'POST', url: this.options.endpoints[request.service] ?? request.service };
  }

  async send(request: SoapWireRequest, attempt: TransportAttempt): Promise<SoapWireResponse> {
    const client = await this.client(request.service);
    const facts = SOAP_SERVICES[request.service];
    const port = this.version === '1.2' ? facts.ports.soap12 : facts.ports.soap11;
    const services = client as unknown as Record<string, Record<string, Record<string, NodeSoapMethod>>>;
    const method = services[request.service]?.[port]?.[request.method];
    if (typeof method !== 'function') return this.sendAdHoc(request, attempt);
    let status = 0;
    return new Promise<SoapWireResponse>((resolve, reject) => {
      // node-soap reads the client's headers synchronously while rendering this call's envelope.
      client.clearSoapHeaders();
      if (request.authentication) {
        client.addSoapHeader({ Authentication: request.authentication }, '', 'tns', facts.namespace);
      }
      method.call(
        services[request.service]?.[port],
        request.args,
        (error, result) => {
          if (error) return reject(this.failure(error, request, status));
          const value =
            result && typeof result === 'object'
              ? (result as Record<string, unknown>)[`${request.method}Result`]
              : undefined;
          resolve({ result: value, httpStatus: status || 200 });
        },
        {
          attempt,
          onStatus: (s: number) => {
            status = s;
          },
          // A 200 whose envelope holds the method's result is read here with the package's own scanner and
          // answered at once (node-soap's sax parse was the largest part of what node-soap cost per call);
          // anything else (a fault, another status, an unexpected shape) goes to node-soap as before.
          direct: {
            method: request.method,
            resolve: (result: string) => resolve({ result, httpStatus: 200 }),
          },
        },
      );
    });
  }

  /**
   * A method the WSDL does not list (the escape hatch for a newer vendor method): the same document/literal
   * envelope ASP.NET expects, rendered here, sent through the same HTTP transport; `<Method>Result` read back.
   */
  private async sendAdHoc(request: SoapWireRequest, attempt: TransportAttempt): Promise<SoapWireResponse> {
    const facts = SOAP_SERVICES[request.service];
    const ns = facts.namespace;
    const action = `${ns.endsWith('/') ? ns : `${ns}/`}${request.method}`;
    const esc = (v: string) => v.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
    const args = Object.entries(request.args)
      .map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`)
      .join('');
    const soap12 = this.version === '1.2';
    const envNs = soap12 ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/';
    const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${envNs}"><soap:Body><${request.method} xmlns="${ns}">${args}</${request.method}></soap:Body></soap:Envelope>`;
    const headers: Record<string, string> = soap12
      ? { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }
      : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` };
    const res = await this.options.http.send(
      { method: 'POST', url: this.endpoint(request.service), headers, body },
      attempt,
    );
    const text = String(res.body);
    const result = new RegExp(
      `<(?:\\w+:)?${request.method}Result[^>]*>([\\s\\S]*?)</(?:\\w+:)?${request.method}Result>`,
    ).exec(text);
    if (res.status !== 200 || !result) {
      const fault = /<faultstring>([\s\S]*?)<\/faultstring>|<(?:\w+:)?Text[^>]*>([\s\S]*?)<\/(?:\w+:)?Text>/.exec(text);
      const reason = decodeXmlText(fault?.[1] ?? fault?.[2] ?? `HTTP ${res.status}`);
      throw new MailUpError({
        kind: /too many requests|quota is exhausted/i.test(reason)
          ? 'throttled'
          : res.status >= 500 && !fault
            ? 'transient'
            : 'permanent',
        protocol: request.service === 'WSMailUpImport' ? 'import' : 'soap',
        operation: request.method,
        message: `${request.method}: ${reason.slice(0, 300)}`,
        httpStatus: res.status,
        request: this.summarize(request),
        sent: 'yes',
      });
    }
    return { result: decodeXmlText(result[1] ?? ''), httpStatus: res.status };
  }

  private failure(error: unknown, request: SoapWireRequest, status: number): unknown {
    if (MailUpError.is(error)) return error;
    const protocol = request.service === 'WSMailUpImport' ? 'import' : 'soap';
    const e = error as NodeSoapError;
    const fault = e.root?.Envelope?.Body?.Fault;
    const summary = this.summarize(request);
    if (fault) {
      const { code, reason } = faultFacts(fault);
      const throttled = /too many requests|quota is exhausted/i.test(reason);
      const wait = /expires in:\s*(\d+)\s*ms/i.exec(reason);
      return new MailUpError({
        kind: throttled ? 'throttled' : /client|sender/i.test(code) ? 'validation' : 'permanent',
        protocol,
        operation: request.method,
        message: `${request.method}: SOAP fault ${code}: ${reason.slice(0, 300)}`,
        httpStatus: status || undefined,
        ...(throttled && wait ? { retryAfterMs: Number(wait[1]) } : {}),
        request: summary,
        sent: 'yes',
        details: { faultcode: code },
      });
    }
    const transient = status === 502 || status === 503 || status === 504;
    return new MailUpError({
      kind: transient ? 'transient' : 'permanent',
      protocol,
      operation: request.method,
      message: `${request.method}: the answer is not a SOAP response (HTTP ${status || 'n/a'}): ${describeNodeSoapError(error).slice(0, 200)}`,
      httpStatus: status || undefined,
      request: summary,
      sent: status ? 'yes' : 'maybe',
    });
  }

  private client(service: SoapServiceName): Promise<Client> {
    let client = this.#clients.get(service);
    if (!client) {
      client = this.createClient(service);
      client.catch(() => this.#clients.delete(service));
      this.#clients.set(service, client);
    }
    return client;
  }

  private createClient(service: SoapServiceName): Promise<Client> {
    const location = this.endpoint(service);
    const definition = this.options.wsdl?.[service] ?? generateWsdl(service, { location });
    const http = this.options.http;
    const httpClient: IHttpClient = {
      request(url, data, callback, headers, exoptions) {
        const opts = (exoptions ?? {}) as {
          attempt?: TransportAttempt;
          onStatus?: (s: number) => void;
          direct?: { method: string; resolve: (result: string) => void };
        };
        const attempt = opts.attempt;
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) flat[k.toLowerCase()] = String(v);
        const done = (async () => {
          if (!attempt) throw new Error('SoapTransport: a call without its attempt');
          const res: HttpResponse = await http.send(
            { method: 'POST', url, headers: flat, body: String(data) },
            attempt,
          );
          opts.onStatus?.(res.status);
          return res;
        })();
        done.then(
          (res) => {
            const body = String(res.body);
            const result = res.status === 200 && opts.direct ? readResult(body, opts.direct.method) : undefined;
            if (result !== undefined) return opts.direct?.resolve(result);
            callback(null, { status: res.status, headers: res.headers, data: res.body }, body);
          },
          (error) => callback(error),
        );
        return done as never;
      },
    };
    const soap12 = this.version === '1.2';
    const wsdlOptions = {
      httpClient,
      forceSoap12Headers: soap12,
      disableCache: true,
      returnFault: true,
      // one-or-many and typing are ours (the inner document): keep node-soap's own output plain
      preserveWhitespace: true,
    };
    return new Promise<Client>((resolve, reject) => {
      const wsdl = new WSDL(definition, location, wsdlOptions);
      wsdl.onReady((error) => {
        if (error) return reject(error);
        resolve(new Client(wsdl, location, wsdlOptions));
      });
    });
  }
}

/**
 * The text of `<Method>Result` in a SOAP 1.1 / 1.2 response (any prefix), read with a few linear `indexOf` scans,
 * or `undefined` when the answer is not plainly that (a fault, no `<Method>Response`, a result with attributes,
 * children or CDATA, an empty element): the caller then lets node-soap read it. Entities are decoded like node-soap
 * does (the five predefined ones and character references); whitespace is kept.
 */
export function readResult(xml: string, method: string): string | undefined {
  if (xml.includes('Fault>')) return undefined;
  const response = findTag(xml, `${method}Response`, 0, false, true);
  if (response === undefined) return undefined;
  const open = findTag(xml, `${method}Result`, response, false, false);
  if (open === undefined) return undefined;
  const close = findTag(xml, `${method}Result`, open, true, false);
  if (close === undefined) return undefined;
  const text = xml.slice(open, close);
  return text.includes('<') ? undefined : decodeXmlText(text);
}

/**
 * Finds `<name>` / `<p:name>` (or `</name>` / `</p:name>` when `closing`) from `from`; returns the offset just after
 * it (for a closing tag: the offset of its `<`). `attributes` also accepts `<name …>` (the response element carries
 * its namespace).
 */
function findTag(xml: string, name: string, from: number, closing: boolean, attributes: boolean): number | undefined {
  let i = xml.indexOf(name, from);
  while (i !== -1) {
    const after = i + name.length;
    const next = xml.charCodeAt(after);
    const ends = next === 62 /* > */ || (attributes && (next === 32 || next === 9 || next === 10 || next === 13));
    let j = i - 1;
    if (ends && xml.charCodeAt(j) === 58 /* : */) {
      j--;
      while (j >= from && isNameChar(xml.charCodeAt(j))) j--;
    }
    if (ends) {
      if (!closing && xml.charCodeAt(j) === 60 /* < */) {
        const gt = xml.indexOf('>', after);
        return gt === -1 ? undefined : gt + 1;
      }
      if (closing && xml.charCodeAt(j) === 47 /* / */ && xml.charCodeAt(j - 1) === 60) return j - 1;
    }
    i = xml.indexOf(name, after);
  }
  return undefined;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}
