import {
  type ClientCallOptions,
  type ClientTlsOptions,
  type HttpSender,
  MailUpError,
  newCallId,
} from '@mailup-kit/core';
import { wsActivationError } from '@mailup-kit/core/catalogue';
import { type HttpTransport, httpTransportFactory } from '@mailup-kit/core/node';
import { transportAttempt } from '@mailup-kit/core/pipeline';
import { decodeInnerXml, rootOf, textOf } from './inner-xml.js';

/** The web services WSActivation.aspx switches on (REFERENCE §2.1). */
export type ActivatableService = 'FrontEnd' | 'WSMailUpImport';

/**
 * Options of {@link activateWebService}: the console host (`consoleUrl`, as for the Import and frontend clients),
 * the API credentials, and the per-call options every client takes (`signal`, `timeoutMs`, `callId`,
 * `parentCallId`, `deadline`).
 */
export interface ActivateWebServiceOptions extends ClientCallOptions {
  /** The console URL, e.g. `http://abcd.emailsp.net`. */
  consoleUrl: string;
  /** The API user (`a1234`). */
  user: string;
  password: string;
  service: ActivatableService;
  /**
   * Required for `http://` URLs: the page is served over plain HTTP, so the password (in the POST form body, never
   * the URL) travels unencrypted.
   */
  allowInsecureHttp?: boolean;
  /** Default: a fresh core HTTP transport (closed afterwards). */
  http?: HttpSender;
  /** TLS of the default transport (extra CAs; verification is always on). */
  tls?: ClientTlsOptions;
}

/** What WSActivation answered on success. */
export interface WebServiceActivation {
  returnCode: 0;
  wsName: string;
  dateOfRequest: string;
  user: string;
}

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'frontend', operation: 'WSActivation', message });
}

/**
 * Enables a web service (FrontEnd or WSMailUpImport) for the account and registers the calling machine's IP
 * (`POST /frontend/WSActivation.aspx` with the form `usr&pwd&nl_url&ws_name`; the page takes the same parameters
 * by GET, but a POST body keeps the password out of the request line, so out of proxy and server URL logs). A
 * non-zero ReturnCode is a typed error from core's WSActivation table (-1008 "already active" is kind
 * `conflict`).
 *
 * @example
 * ```ts
 * await activateWebService({ consoleUrl: 'http://abcd.emailsp.net', user: 'a1234', password, service: 'WSMailUpImport', allowInsecureHttp: true });
 * ```
 */
export async function activateWebService(options: ActivateWebServiceOptions): Promise<WebServiceActivation> {
  const callId = options?.callId ?? newCallId();
  try {
    return await activate(options, callId);
  } catch (error) {
    // Every failure names the call (its own id or the caller's), like a client's pipeline does.
    if (!MailUpError.is(error) || error.request?.callId) throw error;
    const parent = options?.parentCallId === undefined ? {} : { parentCallId: options.parentCallId };
    throw error.with({ request: { ...error.request, callId, ...parent } });
  }
}

async function activate(options: ActivateWebServiceOptions, callId: string): Promise<WebServiceActivation> {
  let url: URL;
  try {
    url = new URL(options?.consoleUrl);
  } catch {
    throw invalid('consoleUrl must be an absolute URL such as http://abcd.emailsp.net');
  }
  if (options.service !== 'FrontEnd' && options.service !== 'WSMailUpImport') {
    throw invalid('service must be FrontEnd or WSMailUpImport');
  }
  for (const [name, value] of [
    ['user', options.user],
    ['password', options.password],
  ] as const) {
    if (typeof value !== 'string' || value === '' || /[\r\n\0]/.test(value))
      throw invalid(`${name} must be a non-empty single line`);
  }
  if (url.protocol === 'http:' && options.allowInsecureHttp !== true) {
    throw invalid(
      'WSActivation.aspx is served over plain HTTP: pass allowInsecureHttp: true to send the password in clear text',
    );
  }
  const form = new URLSearchParams({
    usr: options.user,
    pwd: options.password,
    nl_url: url.host,
    ws_name: options.service,
  });
  const own = options.http === undefined;
  const http =
    options.http ??
    httpTransportFactory('frontend', { allowInsecureHttp: url.protocol === 'http:' })({
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    });
  try {
    const res = await http.send(
      {
        method: 'POST',
        url: `${url.origin}/frontend/WSActivation.aspx`,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
      },
      transportAttempt({
        callId,
        operation: 'WSActivation',
        signal: options.signal,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      }),
    );
    const text = String(res.body);
    const body = rootOf({ b: rootOf(decodeInnerXml(text, 'WSActivation')).value.mailupBody ?? {} }).value;
    const code = Number(textOf(body.ReturnCode));
    if (!Number.isInteger(code))
      throw invalid('WSActivation answered without a ReturnCode').with({ kind: 'permanent' });
    const error = wsActivationError(code, { operation: 'WSActivation', httpStatus: res.status });
    if (error) throw error;
    const activation = rootOf({ a: body.WS_Activation ?? {} }).value;
    return {
      returnCode: 0,
      wsName: textOf(activation.WS_Name).trim(),
      dateOfRequest: textOf(activation.DateOfRequest),
      user: textOf(activation.User),
    };
  } finally {
    if (own) (http as HttpTransport).close?.();
  }
}
