import { MailUpError } from '@mailup-kit/core';
import { restError } from '@mailup-kit/core/catalogue';
import { abortedError } from '@mailup-kit/core/errors';
import { assertCallbackName, newCallbackName } from './callback-name.js';

/** Options of {@link jsonp}. */
export interface JsonpOptions {
  /** Query parameter naming the callback (default `callback`, the WCF convention). */
  callbackParam?: string;
  /** Callback name (default a fresh unique one); must be identifier characters only. */
  callbackName?: string;
  /** Give up after this many ms (default 10 000): the promise rejects `transient` with `details.timedOut`. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The document to add the script element to (default `globalThis.document`). */
  document?: Document;
  /** Operation name in errors (default `jsonp`). */
  operation?: string;
}

/** Query parameters that carry credentials: never sent in a JSONP URL. */
const CREDENTIAL_PARAMS = /^(access_token|bearer|authorization|client_secret|password|refresh_token)$/i;

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'jsonp', operation, message });
}

type Callback = (data: unknown, status?: number) => void;

/**
 * Calls a JSONP endpoint from a page: adds a `<script>` whose URL carries `callback=<unique name>`, and resolves
 * with the data the answer passes to it. An error answer in WCF's form (`name(<json>,<status>)`) rejects with the
 * REST error it describes; a script that fails to load rejects `transient`; the timeout rejects `transient`
 * (`details.timedOut`); the signal rejects `aborted`. On every outcome the script element is removed; the global
 * callback is removed too, except after a timeout or an abort: a removed script that was already requested still
 * runs when its answer arrives, so the global stays as a no-op that deletes itself when that late answer calls it
 * (instead of a `ReferenceError` in the page). Depends only on `@mailup-kit/core`'s browser-safe root entry.
 *
 * Script elements cannot send headers, so a bearer token would have to ride in the URL: credential parameters
 * (`access_token` …) are refused. Use it for endpoints that take no bearer (the legacy MailUpService `token`) or
 * through your own backend.
 *
 * @example
 * ```ts
 * const lists = await jsonp('https://services.example.com/jsonp/ListsRead?token=…', { timeoutMs: 5000 });
 * ```
 */
export function jsonp<T = unknown>(url: string, options: JsonpOptions = {}): Promise<T> {
  const operation = options.operation ?? 'jsonp';
  const doc = options.document ?? (globalThis as { document?: Document }).document;
  let target: URL;
  let name: string;
  try {
    if (!doc) throw invalid(operation, 'jsonp() needs a document (run it in a browser, or pass options.document)');
    if (typeof url !== 'string') throw invalid(operation, 'url must be a string');
    try {
      target = new URL(url, doc.baseURI);
    } catch {
      throw invalid(operation, 'url must be a valid URL');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw invalid(operation, 'url must be http(s)');
    const param = options.callbackParam ?? 'callback';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(param)) throw invalid(operation, 'callbackParam must be a plain name');
    for (const key of target.searchParams.keys()) {
      if (key.toLowerCase() === param.toLowerCase()) throw invalid(operation, `url already has a ${param} parameter`);
      if (CREDENTIAL_PARAMS.test(key)) throw invalid(operation, 'a bearer token or secret is never put in a URL');
    }
    name = options.callbackName === undefined ? newCallbackName() : assertCallbackName(options.callbackName, operation);
    if (name in globalThis) throw invalid(operation, `a global named ${name} already exists`);
    target.searchParams.set(param, name);
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid(operation, 'timeoutMs must be a positive number');
    if (options.signal?.aborted) {
      throw abortedError({ protocol: 'jsonp', operation, reason: options.signal.reason, sent: 'no' });
    }
  } catch (error) {
    return Promise.reject(error);
  }
  const documentRef = doc as Document;
  const signal = options.signal;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const summary = { method: 'GET', url: `${target.origin}${target.pathname}` };
  return new Promise<T>((resolve, reject) => {
    const script = documentRef.createElement('script');
    const globals = globalThis as unknown as Record<string, Callback | undefined>;
    let settled = false;
    /** `late`: the answer may still arrive and call the global (timeout, abort), so a no-op stays in its place. */
    const cleanup = (late = false) => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      script.onload = null;
      script.onerror = null;
      script.remove();
      if (late) {
        globals[name] = () => {
          delete globals[name];
        };
      } else delete globals[name];
    };
    const fail = (error: MailUpError, late = false) => {
      if (settled) return;
      cleanup(late);
      reject(error);
    };
    const onAbort = () =>
      fail(
        abortedError({
          protocol: 'jsonp',
          operation,
          reason: signal?.reason,
          sent: 'maybe',
          request: summary,
        }),
        true,
      );
    const timer = setTimeout(
      () =>
        fail(
          new MailUpError({
            kind: 'transient',
            protocol: 'jsonp',
            operation,
            message: `${operation}: no answer within ${timeoutMs} ms`,
            request: summary,
            sent: 'maybe',
            details: { timedOut: true, timeoutMs },
          }),
          true,
        ),
      timeoutMs,
    );
    globals[name] = (data: unknown, status?: number) => {
      if (settled) return;
      cleanup();
      if (typeof status === 'number' && (status < 200 || status > 299)) {
        reject(restError(status, JSON.stringify(data), { protocol: 'jsonp', operation, request: summary }));
      } else resolve(data as T);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    script.async = true;
    script.onerror = () =>
      fail(
        new MailUpError({
          kind: 'transient',
          protocol: 'jsonp',
          operation,
          message: `${operation}: the script did not load (network error, or an answer that is not JavaScript)`,
          request: summary,
          sent: 'maybe',
        }),
      );
    script.onload = () =>
      fail(
        new MailUpError({
          kind: 'permanent',
          protocol: 'jsonp',
          operation,
          message: `${operation}: the answer ran without calling the callback`,
          request: summary,
        }),
      );
    script.src = target.toString();
    (documentRef.head ?? documentRef.documentElement).appendChild(script);
  });
}
