import type { HttpRequest, OperationSpec, OperationTable } from '@mailup-kit/core';
import { CONSOLE_PATH } from './endpoints.js';

/**
 * The REST client's operation table (data): name (also the retry policy and policy table key), method, path
 * under the base URL, retry class, paging. The API use policy counts REST calls per method (5/s), so every row's
 * policy name is its own name.
 */
export const REST_OPERATIONS = [
  {
    name: 'GET Console/Authentication/Info',
    method: 'GET',
    path: `${CONSOLE_PATH}/Authentication/Info`,
    retryClass: 'read',
  },
  {
    name: 'GET Console/User/Lists',
    method: 'GET',
    path: `${CONSOLE_PATH}/User/Lists`,
    retryClass: 'read',
    paging: 'page-number',
  },
] as const satisfies OperationTable;

/** A REST call's input as the serialize step reads it. */
export interface RestInput {
  /** Query parameters (values already checked by the typed method). */
  query?: Readonly<Record<string, string>>;
  /** JSON body (serialized with `JSON.stringify`). */
  body?: unknown;
}

/** The structured request of one REST operation (no credentials: the auth and build steps add them). */
export function serializeRest(baseUrl: string, operation: OperationSpec, input: unknown): HttpRequest {
  const { query, body } = (input ?? {}) as RestInput;
  const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query as Record<string, string>)}` : '';
  const request: HttpRequest = {
    method: operation.method ?? 'GET',
    url: `${baseUrl}${operation.path ?? ''}${qs}`,
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' },
  };
  return body === undefined ? request : { ...request, body: JSON.stringify(body) };
}
