import {
  type HttpSender,
  MailUpError,
  type RequestSummary,
  type Transport,
  type TransportAttempt,
} from '@mailup-kit/core';
import { WSDL } from 'soap';
import { decodeXmlText } from './inner-xml.js';
import type { SoapServiceName } from './service-table.js';
import { type ImportAuthentication, renderEnvelope, type SoapVersion } from './soap-envelope.js';
import { generateWsdl } from './wsdl.js';

export type { ImportAuthentication, SoapVersion } from './soap-envelope.js';

/** One SOAP call as the build step leaves it: what {@link renderEnvelope} turns into an envelope. */
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
  /** WSDL documents node-soap reads non-plain answers (faults) with (default: the package's own, {@link generateWsdl}). */
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
 * The transport of the SOAP members: each call's envelope is rendered from its own request ({@link renderEnvelope}:
 * its arguments and, for the Import service, its own `Authentication` header; nothing is shared between calls), a
 * plain `<Method>Result` answer is read with linear scans, and node-soap reads any other answer from the service's
 * WSDL (generated once, never downloaded). Every byte goes through core's HTTP transport (`http`), so TLS policy,
 * size caps, the absolute deadline, abort and bytes-may-have-left are core's. Nothing is retried here; a fault
 * becomes a MailUpError (`throttled` for a throttling fault, `validation` for `soap:Client`, `permanent`
 * for `soap:Server`).
 *
 * @example
 * ```ts
 * const transport = new SoapTransport({ http: new HttpTransport({ protocol: 'soap' }), endpoints: { MailupSend: url } });
 * ```
 */
export class SoapTransport implements Transport<SoapWireRequest, SoapWireResponse> {
  /** node-soap's parsed WSDL of each service, built on the first answer that needs it (no per-call state). */
  readonly #wsdls = new Map<SoapServiceName, Promise<WSDL>>();
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
    const { body, headers } = renderEnvelope(
      request.service,
      request.method,
      request.args,
      this.version,
      request.authentication,
    );
    const res = await this.options.http.send(
      { method: 'POST', url: this.endpoint(request.service), headers, body },
      attempt,
    );
    const text = String(res.body);
    // A 200 whose envelope plainly holds the method's result is read with a few linear scans; anything else (a
    // fault, another status, an unexpected shape) is read by node-soap from the service's WSDL.
    const result = res.status === 200 ? readResult(text, request.method) : undefined;
    if (result !== undefined) return { result, httpStatus: 200 };
    return this.readWithWsdl(request, text, res.status);
  }

  /** An answer that is not plainly `<Method>Result`: node-soap parses it (faults, other statuses, unusual shapes). */
  private async readWithWsdl(request: SoapWireRequest, text: string, status: number): Promise<SoapWireResponse> {
    const wsdl = await this.wsdl(request.service);
    if (!wsdl.definitions.messages[`${request.method}SoapIn`]) return this.readAdHoc(request, text, status);
    let envelope: { Body?: unknown };
    try {
      envelope = wsdl.xmlToObject(text) as { Body?: unknown };
    } catch (error) {
      throw this.failure(error, request, status);
    }
    if (!envelope?.Body) {
      if (status >= 400) throw this.failure(new Error('Error http status codes'), request, status);
      return { result: undefined, httpStatus: status || 200 };
    }
    if (typeof envelope.Body !== 'object') throw this.failure(new Error('Cannot parse response'), request, status);
    const response = (envelope.Body as Record<string, unknown>)[`${request.method}Response`];
    const value =
      response && typeof response === 'object'
        ? (response as Record<string, unknown>)[`${request.method}Result`]
        : undefined;
    return { result: value, httpStatus: status || 200 };
  }

  /**
   * The answer to a method the WSDL does not list (the escape hatch for a newer vendor method): `<Method>Result` read
   * back, or the fault's reason.
   */
  private readAdHoc(request: SoapWireRequest, text: string, status: number): SoapWireResponse {
    const result = readResult(text, request.method);
    if (status !== 200 || result === undefined) {
      const fault = /<faultstring>([^<]*)<\/faultstring>|<(?:\w{1,40}:)?Text[^>]*>([^<]*)<\/(?:\w{1,40}:)?Text>/.exec(
        text,
      );
      const reason = decodeXmlText(fault?.[1] ?? fault?.[2] ?? `HTTP ${status}`);
      throw new MailUpError({
        kind: /too many requests|quota is exhausted/i.test(reason)
          ? 'throttled'
          : status >= 500 && !fault
            ? 'transient'
            : 'permanent',
        protocol: request.service === 'WSMailUpImport' ? 'import' : 'soap',
        operation: request.method,
        message: `${request.method}: ${reason.slice(0, 300)}`,
        httpStatus: status,
        request: this.summarize(request),
        sent: 'yes',
      });
    }
    return { result, httpStatus: status };
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

  private wsdl(service: SoapServiceName): Promise<WSDL> {
    let wsdl = this.#wsdls.get(service);
    if (!wsdl) {
      wsdl = this.createWsdl(service);
      wsdl.catch(() => this.#wsdls.delete(service));
      this.#wsdls.set(service, wsdl);
    }
    return wsdl;
  }

  private createWsdl(service: SoapServiceName): Promise<WSDL> {
    const location = this.endpoint(service);
    const definition = this.options.wsdl?.[service] ?? generateWsdl(service, { location });
    const wsdlOptions = {
      forceSoap12Headers: this.version === '1.2',
      disableCache: true,
      returnFault: true,
      // one-or-many and typing are ours (the inner document): keep node-soap's own output plain
      preserveWhitespace: true,
    };
    return new Promise<WSDL>((resolve, reject) => {
      const wsdl = new WSDL(definition, location, wsdlOptions);
      wsdl.onReady((error) => (error ? reject(error) : resolve(wsdl)));
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
