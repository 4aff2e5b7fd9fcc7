import { isEmailAddress } from '@mailup-kit/core/pipeline';
import { filter, type Recipient as RestRecipient } from '@mailup-kit/rest';
import type { Members } from '../config/members.js';
import { callOptions } from '../routing/call-options.js';
import { type Walk, walk } from '../routing/iterable.js';
import type { BindingCall, OperationDef } from './binding.js';
import { idOf, inputError, lineOf, notFound } from './canonical.js';
import { frontendRow, restRow } from './rows.js';

/** Who and where: an email address on a list. */
export interface RecipientRef {
  listId: number;
  email: string;
}

/** Input of `recipients.subscribe`. */
export interface SubscribeInput extends RecipientRef {
  /**
   * Confirmed opt-in: `true` (the default — MailUp's API use policy asks for it) sends MailUp's confirmation email
   * and the recipient stays pending until they confirm; `false` subscribes at once (say so explicitly).
   */
  confirm?: boolean;
  /** Recipient field values by field number (`campo1` is 1). */
  fields?: Readonly<Record<number, string>>;
}

/** What `recipients.subscribe` did. */
export interface SubscribeResult extends RecipientRef {
  /** `pending` until the recipient confirms (confirmed opt-in), `subscribed` with `confirm: false`. */
  status: 'pending' | 'subscribed';
}

/** A recipient's status on a list (`not-subscribed`: unknown to the list). */
export type RecipientStatusValue = 'subscribed' | 'unsubscribed' | 'pending' | 'not-subscribed';

/** What `recipients.status` answers. */
export interface RecipientStatus extends RecipientRef {
  status: RecipientStatusValue;
}

/** What `recipients.unsubscribe` did (`not-subscribed`: unknown or already unsubscribed). */
export interface UnsubscribeResult extends RecipientRef {
  outcome: 'unsubscribed' | 'not-subscribed';
}

/** A recipient, whichever transport served it. */
export interface ListRecipient {
  id: number;
  email?: string;
  name?: string;
  mobileNumber?: string;
  /** Field values by field number. */
  fields: Record<number, string>;
}

/** Input of `recipients.updateFields`. */
export interface UpdateFieldsInput extends RecipientRef {
  fields: Readonly<Record<number, string>>;
}

const REST_ADD = restRow('POST Console/List/{idList}/Recipient');
const REST_SUBSCRIBED = restRow('GET Console/List/{idList}/Recipients/Subscribed');
const REST_UNSUBSCRIBED = restRow('GET Console/List/{idList}/Recipients/Unsubscribed');
const REST_PENDING = restRow('GET Console/List/{idList}/Recipients/Pending');
const REST_UNSUBSCRIBE = restRow('DELETE Console/List/{idList}/Unsubscribe/{idRecipient}');
const REST_DETAIL = restRow('PUT Console/Recipient/Detail');
const FE_SUBSCRIBE = frontendRow('xmlSubscribe.aspx');
const FE_CHECK = frontendRow('Xmlchksubscriber.aspx');
const FE_UNSUBSCRIBE = frontendRow('Xmlunsubscribe.aspx');
const FE_UPDATE = frontendRow('xmlUpdSubscriber.aspx');

/** Checks a recipient reference. */
export function checkRef(operation: string, ref: RecipientRef): RecipientRef {
  if (ref === null || typeof ref !== 'object') throw inputError(operation, 'the input must be an object');
  idOf(operation, 'listId', ref.listId);
  lineOf(operation, 'email', ref.email, 254);
  if (!isEmailAddress(ref.email)) throw inputError(operation, 'email is not an email address', 'email');
  return ref;
}

/** Checks field values (numbers ≥ 1 → one-line strings). */
export function checkFields(operation: string, fields: unknown, required: boolean): void {
  if (fields === undefined && !required) return;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw inputError(operation, 'fields must be an object of field number → value', 'fields');
  }
  const entries = Object.entries(fields);
  if (required && entries.length === 0) throw inputError(operation, 'fields is empty', 'fields');
  for (const [k, v] of entries) {
    idOf(operation, `fields key ${k}`, Number(k));
    if (typeof v !== 'string' || /[\r\n\0]/.test(v) || v.length > 1_000) {
      throw inputError(operation, `fields.${k} must be one line of text`, 'fields');
    }
  }
}

function restFields(
  fields: Readonly<Record<number, string>> | undefined,
): Array<{ Id: number; Value: string }> | undefined {
  if (!fields) return undefined;
  return Object.entries(fields).map(([id, value]) => ({ Id: Number(id), Value: value }));
}

function guidFor(m: Members, operation: string, listId: number): string {
  const guid = m.listGuid(listId);
  if (!guid) throw inputError(operation, `the GUID of list ${listId} is unknown: give it in listGuids`, 'listGuids');
  return guid;
}

function canonical(r: RestRecipient): ListRecipient {
  const fields: Record<number, string> = {};
  for (const f of r.Fields ?? []) if (f.Value !== null && f.Value !== '') fields[f.Id] = f.Value;
  return {
    id: r.idRecipient,
    ...(r.Email ? { email: r.Email } : {}),
    ...(r.Name ? { name: r.Name } : {}),
    ...(r.MobileNumber ? { mobileNumber: r.MobileNumber } : {}),
    fields,
  };
}

type RestStatus = 'Subscribed' | 'Unsubscribed' | 'Pending';

/** The recipient with `email` among the list's recipients of one status (REST, filtered by email). */
async function findRest(
  m: Members,
  ref: RecipientRef,
  status: RestStatus,
  call: BindingCall,
): Promise<RestRecipient | undefined> {
  const options = { pageSize: 1, filterby: filter.eq('Email', ref.email), ...callOptions(call) };
  const recipients = m.rest!.recipients;
  const paged =
    status === 'Subscribed'
      ? recipients.subscribed(ref.listId, options)
      : status === 'Unsubscribed'
        ? recipients.unsubscribed(ref.listId, options)
        : recipients.pending(ref.listId, options);
  const page = await paged.page(0);
  return page.Items.find((r) => r.Email?.toLowerCase() === ref.email.toLowerCase());
}

/** REST: the recipient and its status, searching subscribed, pending then unsubscribed. */
async function restStatus(
  m: Members,
  ref: RecipientRef,
  call: BindingCall,
): Promise<{ status: RecipientStatusValue; recipient?: RestRecipient }> {
  for (const [status, value] of [
    ['Subscribed', 'subscribed'],
    ['Pending', 'pending'],
    ['Unsubscribed', 'unsubscribed'],
  ] as const) {
    const recipient = await findRest(m, ref, status, call);
    if (recipient) return { status: value, recipient };
  }
  return { status: 'not-subscribed' };
}

/**
 * `recipients.subscribe`: REST `POST Console/List/{id}/Recipient?ConfirmEmail=true` or the frontend page
 * xmlSubscribe.aspx — both confirmed opt-in by default. A send (MailUp emails the confirmation request): never
 * moved to another transport once bytes may have left.
 */
export const RECIPIENTS_SUBSCRIBE: OperationDef<SubscribeInput, SubscribeResult, Members> = {
  id: 'recipients.subscribe',
  kind: 'send',
  bindings: [
    {
      via: 'rest',
      rows: [REST_ADD],
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, input, call) {
        const confirm = input.confirm !== false;
        const fields = restFields(input.fields);
        await m.rest!.recipients.add(
          input.listId,
          { Email: input.email, ...(fields ? { Fields: fields } : {}) },
          { confirmEmail: confirm, ...callOptions(call) },
        );
        return { listId: input.listId, email: input.email, status: confirm ? 'pending' : 'subscribed' };
      },
    },
    {
      via: 'frontend',
      rows: [FE_SUBSCRIBE],
      equivalence: { kind: 'same' },
      needs: ['frontend'],
      async run(m, input, call) {
        const confirm = input.confirm !== false;
        const result = await m.frontend!.subscribe({
          email: input.email,
          lists: [input.listId],
          confirm,
          ...(input.fields ? { fields: input.fields } : {}),
          ...callOptions(call),
        });
        const status =
          result.outcome === 'pending'
            ? 'pending'
            : result.outcome === 'subscribed'
              ? 'subscribed'
              : confirm
                ? 'pending'
                : 'subscribed';
        return {
          listId: input.listId,
          email: input.email,
          status: result.outcome === 'already-subscribed' ? 'subscribed' : status,
        };
      },
    },
  ],
};

/** `recipients.status`: the frontend page Xmlchksubscriber.aspx, or REST (searching the list by email). */
export const RECIPIENTS_STATUS: OperationDef<RecipientRef, RecipientStatus, Members> = {
  id: 'recipients.status',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: [REST_SUBSCRIBED, REST_PENDING, REST_UNSUBSCRIBED],
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, ref, call) {
        return { listId: ref.listId, email: ref.email, status: (await restStatus(m, ref, call)).status };
      },
    },
    {
      via: 'frontend',
      rows: [FE_CHECK],
      equivalence: { kind: 'same' },
      needs: ['frontend'],
      async run(m, ref, call) {
        const listGuid = guidFor(m, 'recipients.status', ref.listId);
        const r = await m.frontend!.checkSubscriber({
          list: ref.listId,
          listGuid,
          email: ref.email,
          ...callOptions(call),
        });
        return { listId: ref.listId, email: ref.email, status: r.outcome };
      },
    },
  ],
};

/** `recipients.unsubscribe`: REST (find the recipient by email, then unsubscribe it) or Xmlunsubscribe.aspx. */
export const RECIPIENTS_UNSUBSCRIBE: OperationDef<RecipientRef, UnsubscribeResult, Members> = {
  id: 'recipients.unsubscribe',
  kind: 'idempotent-write',
  bindings: [
    {
      via: 'rest',
      rows: [REST_SUBSCRIBED, REST_PENDING, REST_UNSUBSCRIBE],
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, ref, call) {
        const found = (await findRest(m, ref, 'Subscribed', call)) ?? (await findRest(m, ref, 'Pending', call));
        if (!found) return { listId: ref.listId, email: ref.email, outcome: 'not-subscribed' };
        await m.rest!.recipients.unsubscribe(ref.listId, found.idRecipient, callOptions(call));
        return { listId: ref.listId, email: ref.email, outcome: 'unsubscribed' };
      },
    },
    {
      via: 'frontend',
      rows: [FE_UNSUBSCRIBE],
      equivalence: { kind: 'same' },
      needs: ['frontend'],
      async run(m, ref, call) {
        const listGuid = guidFor(m, 'recipients.unsubscribe', ref.listId);
        const r = await m.frontend!.unsubscribe({ list: ref.listId, listGuid, email: ref.email, ...callOptions(call) });
        return { listId: ref.listId, email: ref.email, outcome: r.outcome };
      },
    },
  ],
};

/** `recipients.get`: one recipient of a list by email (REST; the other transports do not return recipients). */
export const RECIPIENTS_GET: OperationDef<RecipientRef, ListRecipient & { status: RecipientStatusValue }, Members> = {
  id: 'recipients.get',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: [REST_SUBSCRIBED, REST_PENDING, REST_UNSUBSCRIBED],
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, ref, call) {
        const { status, recipient } = await restStatus(m, ref, call);
        if (!recipient) throw notFound('recipients.get', `${ref.email} on list ${ref.listId}`);
        return { ...canonical(recipient), status };
      },
    },
  ],
};

/** `recipients.updateFields`: REST `PUT Console/Recipient/Detail` or xmlUpdSubscriber.aspx. */
export const RECIPIENTS_UPDATE_FIELDS: OperationDef<UpdateFieldsInput, RecipientRef & { updated: true }, Members> = {
  id: 'recipients.updateFields',
  kind: 'idempotent-write',
  bindings: [
    {
      via: 'rest',
      rows: [REST_SUBSCRIBED, REST_PENDING, REST_UNSUBSCRIBED, REST_DETAIL],
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, input, call) {
        const { recipient } = await restStatus(m, input, call);
        if (!recipient) throw notFound('recipients.updateFields', `${input.email} on list ${input.listId}`);
        await m.rest!.recipients.update(
          { idRecipient: recipient.idRecipient, Email: input.email, Fields: restFields(input.fields) ?? [] },
          callOptions(call),
        );
        return { listId: input.listId, email: input.email, updated: true };
      },
    },
    {
      via: 'frontend',
      rows: [FE_UPDATE],
      equivalence: { kind: 'same' },
      needs: ['frontend'],
      async run(m, input, call) {
        const listGuid = guidFor(m, 'recipients.updateFields', input.listId);
        await m.frontend!.updateSubscriber({
          list: input.listId,
          listGuid,
          email: input.email,
          fields: input.fields,
          ...callOptions(call),
        });
        return { listId: input.listId, email: input.email, updated: true };
      },
    },
  ],
};

function byStatus(
  id: string,
  status: RestStatus,
): OperationDef<{ listId: number; pageSize?: number }, Walk<ListRecipient>, Members> {
  const row = status === 'Subscribed' ? REST_SUBSCRIBED : status === 'Pending' ? REST_PENDING : REST_UNSUBSCRIBED;
  return {
    id,
    kind: 'read',
    bindings: [
      {
        via: 'rest',
        rows: [row],
        equivalence: { kind: 'same' },
        needs: ['rest'],
        run(m, { listId, pageSize }, call) {
          const options = { pageSize: pageSize ?? 100, ...callOptions(call) };
          const r = m.rest!.recipients;
          const paged =
            status === 'Subscribed'
              ? r.subscribed(listId, options)
              : status === 'Pending'
                ? r.pending(listId, options)
                : r.unsubscribed(listId, options);
          return walk(paged, canonical);
        },
      },
    ],
  };
}

/** `recipients.subscribed`: every subscribed recipient of a list (REST, paged). */
export const RECIPIENTS_SUBSCRIBED = byStatus('recipients.subscribed', 'Subscribed');
/** `recipients.unsubscribed`: every unsubscribed recipient of a list (REST, paged). */
export const RECIPIENTS_UNSUBSCRIBED = byStatus('recipients.unsubscribed', 'Unsubscribed');
/** `recipients.pending`: every recipient of a list who has not confirmed yet (REST, paged). */
export const RECIPIENTS_PENDING = byStatus('recipients.pending', 'Pending');
