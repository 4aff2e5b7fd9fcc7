import type { PageOptions } from '../paging.js';
import { bodyObject, id, Paged, type RestCaller, type RestCallOptions } from '../rest-caller.js';
import type { DynamicField, EmailOptin, ImportDetail, ImportStatus, NewRecipient, Recipient } from '../rest-models.js';
import type { RestOperationName } from '../rest-operations.js';
import { invalid } from '../validate.js';

/** Options of a single add: `confirmEmail` asks for double opt-in (the recipient stays pending until it confirms). */
export interface AddRecipientOptions extends RestCallOptions {
  confirmEmail?: boolean;
}

/** Where an import goes: a list id, or `{ groupId }`. */
export type ImportTarget = number | { groupId: number };

/** Options of one asynchronous import call. */
export interface StartImportOptions extends RestCallOptions {
  /** `asOptin` (default: subscribed) or `asOptout` (imported as unsubscribed). */
  importType?: 'asOptin' | 'asOptout';
  /** Double opt-in: imported recipients are pending and MailUp sends the confirmation email. */
  confirmEmail?: boolean;
}

/** Checks one recipient to add or import (an Email or a MobileNumber; one-line values). */
export function checkRecipient(operation: string, r: NewRecipient, index?: number): NewRecipient {
  // The record's name is only built for an error (no string or closure per record: a bulk import checks millions).
  if (r === null || typeof r !== 'object' || Array.isArray(r))
    throw invalid(operation, `${recipientName(index)} must be an object`, 'rest');
  const email = r.Email;
  const mobile = r.MobileNumber;
  if ((email === undefined || email === '') && (mobile === undefined || mobile === '')) {
    throw invalid(operation, `${recipientName(index)} needs an Email or a MobileNumber`, 'rest');
  }
  for (const key of RECIPIENT_TEXT) {
    const v = r[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || ONE_LINE_BREAK.test(v) || v.length > 1000) {
      throw invalid(operation, `${recipientName(index)}: ${key} must be one line of text`, 'rest');
    }
  }
  if (r.Fields !== undefined) {
    if (!Array.isArray(r.Fields)) throw invalid(operation, `${recipientName(index)}: Fields must be an array`, 'rest');
    for (const f of r.Fields) {
      if (!f || !Number.isInteger(f.Id) || f.Id < 1 || typeof f.Value !== 'string') {
        throw invalid(operation, `${recipientName(index)}: every field is { Id: number, Value: string }`, 'rest');
      }
    }
  }
  return r;
}

function recipientName(index: number | undefined): string {
  return index === undefined ? 'recipient' : `recipient #${index}`;
}

const RECIPIENT_TEXT = ['Email', 'Name', 'MobileNumber', 'MobilePrefix'] as const;
const ONE_LINE_BREAK = /[\r\n\0]/;

function confirmQuery(options: { confirmEmail?: boolean } | undefined): Record<string, string> {
  return options?.confirmEmail ? { ConfirmEmail: 'true' } : {};
}

/** `rest.recipients`: add, subscribe, unsubscribe, remove, update, read by status, fields, bulk import. */
export class RecipientResources {
  constructor(protected readonly rest: RestCaller) {}

  /** `POST Console/List/{idList}/Recipient[?ConfirmEmail=true]`: adds or updates one recipient; its id. */
  add(idList: number, recipient: NewRecipient, options: AddRecipientOptions = {}): Promise<number> {
    const op = 'POST Console/List/{idList}/Recipient';
    checkRecipient(op, recipient);
    const { confirmEmail: _c, ...call } = options;
    return this.rest.call(
      op,
      { params: { idList: id(op, 'idList', idList) }, query: confirmQuery(options), body: recipient },
      call,
    );
  }

  /** `POST Console/Group/{idGroup}/Recipient[?ConfirmEmail=true]`: adds one recipient to a group (and its list). */
  addToGroup(idGroup: number, recipient: NewRecipient, options: AddRecipientOptions = {}): Promise<number> {
    const op = 'POST Console/Group/{idGroup}/Recipient';
    checkRecipient(op, recipient);
    const { confirmEmail: _c, ...call } = options;
    return this.rest.call(
      op,
      { params: { idGroup: id(op, 'idGroup', idGroup) }, query: confirmQuery(options), body: recipient },
      call,
    );
  }

  /** `GET Console/List/{idList}/Recipients/Subscribed` (paged; `for await` walks every page). */
  subscribed(idList: number, options: PageOptions = {}): Paged<Recipient> {
    return this.byStatus('Subscribed', idList, options);
  }

  /** `GET Console/List/{idList}/Recipients/Unsubscribed` (paged). */
  unsubscribed(idList: number, options: PageOptions = {}): Paged<Recipient> {
    return this.byStatus('Unsubscribed', idList, options);
  }

  /** `GET Console/List/{idList}/Recipients/Pending` (paged): double opt-in not yet confirmed. */
  pending(idList: number, options: PageOptions = {}): Paged<Recipient> {
    return this.byStatus('Pending', idList, options);
  }

  /** `GET Console/List/{idList}/Recipients/EmailOptins` (paged): opt-in status and dates. */
  emailOptins(idList: number, options: PageOptions = {}): Paged<EmailOptin> {
    const op = 'GET Console/List/{idList}/Recipients/EmailOptins';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `GET Console/Group/{idGroup}/Recipients` (paged). */
  inGroup(idGroup: number, options: PageOptions = {}): Paged<Recipient> {
    const op = 'GET Console/Group/{idGroup}/Recipients';
    return new Paged(this.rest, op, { idGroup: id(op, 'idGroup', idGroup) }, options);
  }

  /** `POST Console/List/{idList}/Subscribe/{idRecipient}`. */
  async subscribe(idList: number, idRecipient: number, options?: RestCallOptions): Promise<void> {
    await this.pair('POST Console/List/{idList}/Subscribe/{idRecipient}', 'idList', idList, idRecipient, options);
  }

  /** `DELETE Console/List/{idList}/Unsubscribe/{idRecipient}`. */
  async unsubscribe(idList: number, idRecipient: number, options?: RestCallOptions): Promise<void> {
    await this.pair('DELETE Console/List/{idList}/Unsubscribe/{idRecipient}', 'idList', idList, idRecipient, options);
  }

  /**
   * `POST Console/Group/{idGroup}/Subscribe/{idRecipient}`; `confirmSubscription: false` adds to the group without
   * subscribing to the list (MailUp's default is true).
   */
  async subscribeToGroup(
    idGroup: number,
    idRecipient: number,
    options: RestCallOptions & { confirmSubscription?: boolean } = {},
  ): Promise<void> {
    const op = 'POST Console/Group/{idGroup}/Subscribe/{idRecipient}';
    const { confirmSubscription, ...call } = options;
    const query: Record<string, string> =
      confirmSubscription === undefined ? {} : { confirmSubscription: String(confirmSubscription) };
    const params = { idGroup: id(op, 'idGroup', idGroup), idRecipient: id(op, 'idRecipient', idRecipient) };
    await this.rest.call(op, { params, query }, call);
  }

  /** `DELETE Console/Group/{idGroup}/Unsubscribe/{idRecipient}`. */
  async unsubscribeFromGroup(idGroup: number, idRecipient: number, options?: RestCallOptions): Promise<void> {
    await this.pair(
      'DELETE Console/Group/{idGroup}/Unsubscribe/{idRecipient}',
      'idGroup',
      idGroup,
      idRecipient,
      options,
    );
  }

  /** `DELETE Console/List/{idList}/Recipient/{idRecipient}`: removes the recipient from one list. */
  async removeFromList(idList: number, idRecipient: number, options?: RestCallOptions): Promise<void> {
    await this.pair('DELETE Console/List/{idList}/Recipient/{idRecipient}', 'idList', idList, idRecipient, options);
  }

  /** `DELETE Console/Recipients/{idRecipient}`: removes the recipient from every list. */
  async removeFromAllLists(idRecipient: number, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/Recipients/{idRecipient}';
    await this.rest.call(op, { params: { idRecipient: id(op, 'idRecipient', idRecipient) } }, options);
  }

  /** `PUT Console/Recipient/Detail`: updates name, email, mobile and fields; the full recipient. */
  update(recipient: NewRecipient & { idRecipient: number }, options?: RestCallOptions): Promise<Recipient> {
    const op = 'PUT Console/Recipient/Detail';
    bodyObject(op, 'recipient', recipient);
    id(op, 'idRecipient', recipient.idRecipient);
    checkRecipient(op, { Email: recipient.Email ?? 'x', ...recipient });
    return this.rest.call(op, { body: recipient }, options);
  }

  /** `GET Console/Recipient/DynamicFields` (paged): the recipient fields `{Id, Description}`. */
  dynamicFields(options: PageOptions = {}): Paged<DynamicField> {
    return new Paged(this.rest, 'GET Console/Recipient/DynamicFields', {}, options);
  }

  private byStatus(
    status: 'Subscribed' | 'Unsubscribed' | 'Pending',
    idList: number,
    options: PageOptions,
  ): Paged<Recipient> {
    const op = `GET Console/List/{idList}/Recipients/${status}` as const;
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  private pair(
    op: RestOperationName,
    first: 'idList' | 'idGroup',
    a: number,
    idRecipient: number,
    options?: RestCallOptions,
  ) {
    const params = { [first]: id(op, first, a), idRecipient: id(op, 'idRecipient', idRecipient) };
    return this.rest.call(op, { params }, options);
  }
}

/** `rest.imports`: asynchronous imports and their status. */
export class ImportResources {
  constructor(private readonly rest: RestCaller) {}

  /**
   * `POST Console/List/{idList}/Recipients` or `POST Console/Group/{idGroup}/Recipients`: starts ONE asynchronous
   * import of `recipients`; the import id. For any size, with progress and resume, use `rest.recipients.import`.
   */
  start(target: ImportTarget, recipients: NewRecipient[], options: StartImportOptions = {}): Promise<number> {
    const group = typeof target === 'object' && target !== null;
    const op = group ? 'POST Console/Group/{idGroup}/Recipients' : 'POST Console/List/{idList}/Recipients';
    const params: Record<string, number> = group
      ? { idGroup: id(op, 'groupId', (target as { groupId: number }).groupId) }
      : { idList: id(op, 'idList', target) };
    if (!Array.isArray(recipients) || recipients.length === 0) {
      throw invalid(op, 'recipients must be a non-empty array', 'rest');
    }
    for (let i = 0; i < recipients.length; i++) checkRecipient(op, recipients[i] as NewRecipient, i);
    const { importType, confirmEmail, ...call } = options;
    if (importType !== undefined && importType !== 'asOptin' && importType !== 'asOptout') {
      throw invalid(op, 'importType must be asOptin or asOptout', 'rest');
    }
    const query: Record<string, string> = { ...confirmQuery({ confirmEmail }), ...(importType ? { importType } : {}) };
    return this.rest.call(op, { params, query, body: recipients }, call);
  }

  /** `GET Console/Import/{idImport}`: `Completed` and the counts. */
  status(idImport: number, options?: RestCallOptions): Promise<ImportStatus> {
    const op = 'GET Console/Import/{idImport}';
    return this.rest.call(op, { params: { idImport: id(op, 'idImport', idImport) } }, options);
  }

  /** `GET Console/Imports` (paged): every import's detail. */
  list(options: PageOptions = {}): Paged<ImportDetail> {
    return new Paged(this.rest, 'GET Console/Imports', {}, options);
  }

  /** `GET Console/Imports/{idImport}`: `ConsoleImportDetail`. */
  detail(idImport: number, options?: RestCallOptions): Promise<ImportDetail> {
    const op = 'GET Console/Imports/{idImport}';
    return this.rest.call(op, { params: { idImport: id(op, 'idImport', idImport) } }, options);
  }

  /** `GET Console/Import/{idImport}/Sending`: the confirmation email's sending id (double opt-in imports). */
  confirmationSending(idImport: number, options?: RestCallOptions): Promise<number> {
    const op = 'GET Console/Import/{idImport}/Sending';
    return this.rest.call(op, { params: { idImport: id(op, 'idImport', idImport) } }, options);
  }
}
