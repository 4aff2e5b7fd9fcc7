import type { OperationSpec, Protocol, RetryClass } from '@mailup-kit/core';
import { FRONTEND_OPERATIONS } from '@mailup-kit/frontend';
import type { LimitedCall } from '@mailup-kit/limits';
import { REST_OPERATIONS, type RestOperationSpec } from '@mailup-kit/rest';
import { findOperation, type SoapOperationRow, type SoapServiceName } from '@mailup-kit/soap';
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
  readonly row: RestOperationSpec | SoapOperationRow | OperationSpec;
}

function missing(what: string): never {
  throw new Error(`mailup-kit client catalogue: no protocol row ${what}`);
}

/** A REST row by name (`GET Console/List`). */
export function restRow(name: string): RowRef {
  const row = REST_OPERATIONS.find((r) => r.name === name) ?? missing(`rest ${name}`);
  return Object.freeze({
    protocol: 'rest',
    id: `rest:${row.name}`,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'rest', operation: row.policy ?? row.name }),
    row,
  });
}

/** A MailUpSend / Manage / Report row. */
export function soapRow(service: Exclude<SoapServiceName, 'WSMailUpImport'>, method: string): RowRef {
  const row = findOperation(service, method) ?? missing(`soap ${service}.${method}`);
  return Object.freeze({
    protocol: 'soap',
    id: `soap:${service}.${method}`,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'soap', operation: row.method }),
    row,
  });
}

/** A WSMailUpImport row. */
export function importRow(method: string): RowRef {
  const row = findOperation('WSMailUpImport', method) ?? missing(`import ${method}`);
  return Object.freeze({
    protocol: 'import',
    id: `import:${method}`,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'import', operation: row.method }),
    row,
  });
}

/** A frontend page row (`xmlSubscribe.aspx`). */
export function frontendRow(name: string): RowRef {
  const row: OperationSpec = FRONTEND_OPERATIONS.find((r) => r.name === name) ?? missing(`frontend ${name}`);
  return Object.freeze({
    protocol: 'frontend',
    id: `frontend:${name.replace(/\.aspx$/i, '')}`,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol: 'frontend', operation: row.policy ?? row.name }),
    row,
  });
}

function txRef(protocol: Protocol, id: string, row: OperationSpec, operation: string): RowRef {
  return Object.freeze({
    protocol,
    id,
    retryClass: row.retryClass,
    limited: Object.freeze({ protocol, operation }),
    row,
  });
}

/** A Send API row (`sendmessage`; journal id `txmail:sendmessage`). */
export function txmailRow(name: string): RowRef {
  const row: OperationSpec = SEND_API_OPERATIONS.find((r) => r.name === name) ?? missing(`txmail ${name}`);
  return txRef('txmail', `txmail:${row.name}`, row, row.policy ?? row.name);
}

/** An SMS API row (`sms`; its journal id is `txsms:send`). */
export function txsmsRow(name: string): RowRef {
  const row: OperationSpec = SMS_OPERATIONS.find((r) => r.name === name) ?? missing(`txsms ${name}`);
  return txRef('txsms', `txsms:${row.name === 'sms' ? 'send' : row.name}`, row, row.policy ?? row.name);
}

/** The relay's one row, `smtp:send` (`@mailup-kit/smtp` exports no table: the same row its client limits by). */
export function smtpRow(): RowRef {
  const row: OperationSpec = { name: 'send', retryClass: 'send', policy: 'send' };
  return txRef('smtp', 'smtp:send', row, 'send');
}

/** The refs of a binding's `rows` (each row of a binding is one of these). */
export function refsOf(rows: readonly unknown[]): readonly RowRef[] {
  return rows as readonly RowRef[];
}
