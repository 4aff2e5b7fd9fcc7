import type { Protocol, RetryClass } from '@mailup-kit/core';
import type { OperationRow } from '@mailup-kit/core/pipeline';
import { FRONTEND_OPERATIONS } from '@mailup-kit/frontend';
import type { LimitedCall } from '@mailup-kit/limits';
import { REST_OPERATIONS, type RestOperationSpec } from '@mailup-kit/rest';
import { SMTP_OPERATIONS } from '@mailup-kit/smtp';
import { SOAP_ROWS, type SoapRow, type SoapServiceName } from '@mailup-kit/soap';
import { SEND_API_OPERATIONS, SMS_OPERATIONS } from '@mailup-kit/transactional';

/**
 * A typed reference to one row of a protocol's operation table — the ONE place the facade reaches protocol rows.
 * Retry class and policy key are read from the row itself, never restated.
 */
export interface RowRef {
  readonly protocol: Protocol;
  /** The operation id in the one scheme (`rest:GET Console/List`, `soap:MailupSend.GetLists`, `import:GetNlLists`, `frontend:xmlSubscribe`). */
  readonly id: string;
  readonly retryClass: RetryClass;
  /** What the limiter counts the call as (its policy row key). */
  readonly limited: LimitedCall;
  /** The protocol's own row. */
  readonly row: (RestOperationSpec & OperationRow) | SoapRow | OperationRow;
}

function missing(what: string): never {
  throw new Error(`mailup-kit client catalogue: no protocol row ${what}`);
}

/** A REST row by name (`GET Console/List`). */
export function restRow(name: string): RowRef {
  const rows: Readonly<Record<string, RestOperationSpec & OperationRow>> = REST_OPERATIONS;
  const row = (Object.hasOwn(rows, name) ? rows[name] : undefined) ?? missing(`rest ${name}`);
  return Object.freeze({
    protocol: 'rest',
    id: row.id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'rest', operation: row.policy }),
    row,
  });
}

/** A MailUpSend / Manage / Report row. */
export function soapRow(service: Exclude<SoapServiceName, 'WSMailUpImport'>, method: string): RowRef {
  const rows: Readonly<Record<string, SoapRow>> = SOAP_ROWS[service];
  const row = (Object.hasOwn(rows, method) ? rows[method] : undefined) ?? missing(`soap ${service}.${method}`);
  return Object.freeze({
    protocol: 'soap',
    id: row.id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'soap', operation: row.method }),
    row,
  });
}

/** A WSMailUpImport row. */
export function importRow(method: string): RowRef {
  const rows: Readonly<Record<string, SoapRow>> = SOAP_ROWS.WSMailUpImport;
  const row = (Object.hasOwn(rows, method) ? rows[method] : undefined) ?? missing(`import ${method}`);
  return Object.freeze({
    protocol: 'import',
    id: row.id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'import', operation: row.method }),
    row,
  });
}

/** A frontend page row (`xmlSubscribe.aspx`). */
export function frontendRow(name: string): RowRef {
  const rows: Readonly<Record<string, OperationRow>> = FRONTEND_OPERATIONS;
  const row = (Object.hasOwn(rows, name) ? rows[name] : undefined) ?? missing(`frontend ${name}`);
  return Object.freeze({
    protocol: 'frontend',
    id: row.id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'frontend', operation: row.policy }),
    row,
  });
}

function rowRef(protocol: 'txmail' | 'txsms' | 'smtp', row: OperationRow): RowRef {
  return Object.freeze({
    protocol,
    id: row.id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol, operation: row.policy }),
    row,
  });
}

/** A Send API row (`sendmessage`: `txmail:sendmessage`). */
export function txmailRow(name: string): RowRef {
  const rows: Readonly<Record<string, OperationRow>> = SEND_API_OPERATIONS;
  return rowRef('txmail', (Object.hasOwn(rows, name) ? rows[name] : undefined) ?? missing(`txmail ${name}`));
}

/** An SMS API row (`send`: `txsms:send`). */
export function txsmsRow(name: string): RowRef {
  const rows: Readonly<Record<string, OperationRow>> = SMS_OPERATIONS;
  return rowRef('txsms', (Object.hasOwn(rows, name) ? rows[name] : undefined) ?? missing(`txsms ${name}`));
}

/** The relay's one row, `smtp:send`. */
export function smtpRow(): RowRef {
  return rowRef('smtp', SMTP_OPERATIONS.send);
}

/** The refs of a binding's `rows` (each row of a binding is one of these). */
export function refsOf(rows: readonly unknown[]): readonly RowRef[] {
  return rows as readonly RowRef[];
}
