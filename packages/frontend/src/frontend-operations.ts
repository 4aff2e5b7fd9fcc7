import type { HttpRequest } from '@mailup-kit/core';
import { type OperationRow, operationTable } from '@mailup-kit/core/pipeline';

/**
 * The frontend client's operation table (data): one row per page. Subscribing may send a confirmation email, so it
 * is a `send` (never repeated once bytes may have left); the status check is a `read`; unsubscribe and update
 * leave the same state when repeated (`idempotent-write`). Keyed by the page name (the policy table's key); the id
 * drops `.aspx` (`frontend:xmlSubscribe`).
 */
export const FRONTEND_OPERATIONS = operationTable('frontend', [
  { name: 'xmlSubscribe.aspx', id: 'frontend:xmlSubscribe', path: '/frontend/xmlSubscribe.aspx', retryClass: 'send' },
  {
    name: 'Xmlchksubscriber.aspx',
    id: 'frontend:Xmlchksubscriber',
    path: '/frontend/Xmlchksubscriber.aspx',
    retryClass: 'read',
  },
  {
    name: 'Xmlunsubscribe.aspx',
    id: 'frontend:Xmlunsubscribe',
    path: '/frontend/Xmlunsubscribe.aspx',
    retryClass: 'idempotent-write',
  },
  {
    name: 'xmlUpdSubscriber.aspx',
    id: 'frontend:xmlUpdSubscriber',
    path: '/frontend/xmlUpdSubscriber.aspx',
    retryClass: 'idempotent-write',
  },
  { name: 'subscribe.aspx', id: 'frontend:subscribe', path: '/frontend/subscribe.aspx', retryClass: 'send' },
]);

/** The page name of a row of {@link FRONTEND_OPERATIONS}. */
export type FrontendOperationName = keyof typeof FRONTEND_OPERATIONS;

/** What the frontend pipeline carries on `ctx.operation`. */
export interface FrontendRow extends OperationRow {
  readonly path?: string;
}

/** How the pages are called: a query string (GET) or a urlencoded form (POST). MailUp accepts both. */
export type FrontendMethod = 'GET' | 'POST';

/** The parameters of one page call, already checked (ordered pairs: a name may repeat). */
export type PageParameters = ReadonlyArray<readonly [string, string]>;

/** The structured request of one page call. */
export function serializePage(
  baseUrl: string,
  method: FrontendMethod,
  operation: FrontendRow,
  params: PageParameters,
): HttpRequest {
  const form = new URLSearchParams(params as Array<[string, string]>).toString();
  const url = `${baseUrl}${operation.path ?? ''}`;
  const accept = { accept: 'text/plain, text/html;q=0.9, */*;q=0.1' };
  if (method === 'GET') return { method, url: form ? `${url}?${form}` : url, headers: accept };
  return {
    method,
    url,
    headers: { ...accept, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  };
}
