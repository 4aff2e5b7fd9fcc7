/**
 * The facade's newsletter operations: create, get, update, delete, send to a list / a group / one recipient,
 * schedule, stop and status, each with its REST binding (`Console/List/{idList}/Email…`, `Console/Email/…`) and,
 * where MailUpSend has a method of the same meaning, its SOAP binding (CreateNewsletter, GetNewsletterCode,
 * EditNewsletter, SendNewsletter, SendSingleNewsletter, GetNewsletterDeliveryStatus). The SOAP daily limits
 * (100 CreateNewsletter, 200 SendNewsletter, 100 / 5,000 SendSingleNewsletter a day) apply through the SOAP
 * client's limiter: a call past them is refused before it leaves (`quota-exhausted`), which lets the router move on.
 */
import { MailUpError } from '@mailup-kit/core';
import type { RestClient } from '@mailup-kit/rest';
import type { SoapClient } from '@mailup-kit/soap';
import { callOptions } from '../routing/call-options.js';
import type { Binding, OperationDef } from './binding.js';
import { restRow, soapRow } from './rows.js';

/** The configured members the newsletter operations use (any subset). */
export interface NewsletterMembers {
  /** The REST client (`@mailup-kit/rest`). */
  readonly rest?: RestClient;
  /** MailUpSend/Manage/Report (`@mailup-kit/soap`). */
  readonly soap?: SoapClient;
}

/** A newsletter (an email message of a list), whichever transport read it. */
export interface Newsletter {
  readonly id: number;
  readonly listId: number;
  readonly subject: string;
  /** The HTML content (absent when a transport answered without it: create and update). */
  readonly html?: string;
}

/** What `newsletters.create` takes. */
export interface NewsletterCreate {
  readonly listId: number;
  readonly subject: string;
  readonly html: string;
  /** A note kept with the message (REST `Notes`, SOAP option `note`). */
  readonly notes?: string;
}

/** What `newsletters.update` takes: the fields to change. */
export interface NewsletterUpdate {
  readonly listId: number;
  readonly id: number;
  readonly subject?: string;
  readonly html?: string;
}

/** Which newsletter (`newsletters.get`, `newsletters.delete`). */
export interface NewsletterRef {
  readonly listId: number;
  readonly id: number;
}

/** What `newsletters.send` / `newsletters.schedule` take: the whole list, or one group of it. */
export interface NewsletterSend extends NewsletterRef {
  /** Only the subscribed recipients of this group of the list. */
  readonly groupId?: number;
  /** Send at this time instead of now (a deferred sending). */
  readonly at?: Date;
}

/** What `newsletters.sendToRecipient` takes. */
export interface NewsletterSendOne extends NewsletterRef {
  readonly email: string;
}

/** What the send operations answer. */
export interface NewsletterSent {
  readonly newsletterId: number;
  /** The sending / delivery id, when the transport answers one (SOAP always; REST for one recipient). */
  readonly deliveryId?: number;
  /** How many recipients the sending reaches, when the transport answers it (REST). */
  readonly recipients?: number;
}

/** A sending's state (`newsletters.status`). */
export interface NewsletterStatus {
  readonly deliveryId: number;
  /** The vendor's word for it (`deferred`, `sending`, `sent` …). */
  readonly status: string;
  readonly recipients?: number;
}

/** Which sending (`newsletters.stop`, `newsletters.status`). */
export interface SendingRef {
  readonly deliveryId: number;
}

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation, message, ...fieldOf(message) });
}

/** The input field a check's message starts with (`listId must be …`, `attachments[0]: …`), for `details.field`. */
function fieldOf(message: string): { details: { field: string } } | Record<string, never> {
  const m = /^([A-Za-z][\w[\]]*)(?: must| is| has|:)/.exec(message);
  return m?.[1] ? { details: { field: m[1] } } : {};
}

function positive(operation: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(operation, `${name} must be a positive integer`);
  }
  return value;
}

function oneLine(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value)) {
    throw invalid(operation, `${name} must be a non-empty single-line string`);
  }
  return value;
}

function ref(operation: string, input: NewsletterRef): void {
  if (typeof input !== 'object' || input === null) throw invalid(operation, 'the input must be an object');
  positive(operation, 'listId', input.listId);
  positive(operation, 'id', input.id);
}

/** A positive id a typed SOAP answer carries (`data.deliveryID`, a number since soap decodes it). */
function soapId(value: number | undefined, name: string, method: string): number {
  if (value === undefined || !Number.isSafeInteger(value) || value <= 0) {
    throw new MailUpError({
      kind: 'permanent',
      protocol: 'soap',
      operation: method,
      message: `${method} answered no ${name}`,
    });
  }
  return value;
}

/** `yyyyMMddHHmmss` (UTC) for SOAP's `deliverydt` option. */
function soapDate(at: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(at.getUTCFullYear(), 4)}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

function checkAt(operation: string, at: unknown, required: boolean): void {
  if (at === undefined && !required) return;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid(operation, 'at must be a valid Date');
}

const rest = (m: NewsletterMembers) => m.rest as RestClient;
const soap = (m: NewsletterMembers) => m.soap as SoapClient;
const SAME = { kind: 'same' } as const;

// ---- create

const CREATE = 'newsletters.create';

function checkCreate(input: NewsletterCreate): void {
  if (typeof input !== 'object' || input === null) throw invalid(CREATE, 'the input must be an object');
  positive(CREATE, 'listId', input.listId);
  oneLine(CREATE, 'subject', input.subject);
  if (typeof input.html !== 'string') throw invalid(CREATE, 'html must be a string');
  if (input.notes !== undefined && typeof input.notes !== 'string') throw invalid(CREATE, 'notes must be a string');
}

/** `newsletters.create`: REST `POST Console/List/{idList}/Email` or SOAP `CreateNewsletter` (type HTML). */
export function newslettersCreate<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterCreate,
  Newsletter,
  M
> {
  const viaRest: Binding<NewsletterCreate, Newsletter, M> = {
    via: 'rest',
    rows: [restRow('POST Console/List/{idList}/Email')],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      checkCreate(input);
      const created = await rest(members).emails.create(
        input.listId,
        { Subject: input.subject, Content: input.html, ...(input.notes === undefined ? {} : { Notes: input.notes }) },
        callOptions(call),
      );
      return { id: Number(created.idMessage), listId: Number(created.idList), subject: created.Subject };
    },
  };
  const viaSoap: Binding<NewsletterCreate, Newsletter, M> = {
    via: 'soap',
    rows: [soapRow('MailupSend', 'CreateNewsletter')],
    equivalence: SAME,
    needs: ['soap'],
    async run(members, input, call) {
      checkCreate(input);
      const result = await soap(members).send.call(
        'CreateNewsletter',
        {
          listID: input.listId,
          subject: input.subject,
          type: 'HTML',
          content: input.html,
          ...(input.notes === undefined ? {} : { options: { note: input.notes } }),
        },
        callOptions(call),
      );
      return {
        id: soapId(result.data.newsletterID, 'newsletterID', 'CreateNewsletter'),
        listId: input.listId,
        subject: input.subject,
      };
    },
  };
  return { id: CREATE, kind: 'write', bindings: [viaRest, viaSoap] };
}

// ---- get

const GET = 'newsletters.get';

/** `newsletters.get`: REST `GET Console/List/{idList}/Email/{idMessage}` or SOAP `GetNewsletterCode`. */
export function newslettersGet<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterRef,
  Newsletter,
  M
> {
  const viaRest: Binding<NewsletterRef, Newsletter, M> = {
    via: 'rest',
    rows: [restRow('GET Console/List/{idList}/Email/{idMessage}')],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      ref(GET, input);
      const m = await rest(members).emails.get(input.listId, input.id, callOptions(call));
      return { id: Number(m.idMessage), listId: Number(m.idList), subject: m.Subject, html: m.Content ?? '' };
    },
  };
  const viaSoap: Binding<NewsletterRef, Newsletter, M> = {
    via: 'soap',
    rows: [soapRow('MailupSend', 'GetNewsletterCode')],
    equivalence: SAME,
    needs: ['soap'],
    async run(members, input, call) {
      ref(GET, input);
      const result = await soap(members).send.call(
        'GetNewsletterCode',
        { listID: input.listId, newsletterID: input.id, isTemplate: false },
        callOptions(call),
      );
      return {
        id: soapId(result.data.newsletterID, 'newsletterID', 'GetNewsletterCode'),
        listId: soapId(result.data.listID, 'listID', 'GetNewsletterCode'),
        subject: result.data.newsletterSubject ?? '',
        html: result.data.newsletterCode ?? '',
      };
    },
  };
  return { id: GET, kind: 'read', bindings: [viaRest, viaSoap] };
}

// ---- update

const UPDATE = 'newsletters.update';

function checkUpdate(input: NewsletterUpdate): void {
  ref(UPDATE, input);
  if (input.subject !== undefined) oneLine(UPDATE, 'subject', input.subject);
  if (input.html !== undefined && typeof input.html !== 'string') throw invalid(UPDATE, 'html must be a string');
  if (input.subject === undefined && input.html === undefined) throw invalid(UPDATE, 'give subject and/or html');
}

/** `newsletters.update`: REST `PUT Console/List/{idList}/Email/{idMessage}` or SOAP `EditNewsletter`. */
export function newslettersUpdate<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterUpdate,
  NewsletterRef,
  M
> {
  const viaRest: Binding<NewsletterUpdate, NewsletterRef, M> = {
    via: 'rest',
    rows: [restRow('PUT Console/List/{idList}/Email/{idMessage}')],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      checkUpdate(input);
      await rest(members).emails.update(
        input.listId,
        input.id,
        {
          ...(input.subject === undefined ? {} : { Subject: input.subject }),
          ...(input.html === undefined ? {} : { Content: input.html }),
        },
        callOptions(call),
      );
      return { id: input.id, listId: input.listId };
    },
  };
  const viaSoap: Binding<NewsletterUpdate, NewsletterRef, M> = {
    via: 'soap',
    rows: [soapRow('MailupSend', 'EditNewsletter')],
    equivalence: SAME,
    needs: ['soap'],
    async run(members, input, call) {
      checkUpdate(input);
      const result = await soap(members).send.call(
        'EditNewsletter',
        {
          listID: input.listId,
          newsletterId: input.id,
          type: 'HTML',
          ...(input.subject === undefined ? {} : { subject: input.subject }),
          ...(input.html === undefined ? {} : { content: input.html }),
        },
        callOptions(call),
      );
      return { id: soapId(result.data.newsletterID, 'newsletterID', 'EditNewsletter'), listId: input.listId };
    },
  };
  return { id: UPDATE, kind: 'idempotent-write', bindings: [viaRest, viaSoap] };
}

// ---- delete

const DELETE = 'newsletters.delete';

/**
 * `newsletters.delete`: REST `DELETE Console/List/{idList}/Email/{idMessage}` only — MailUpSend has no method that
 * deletes a newsletter.
 */
export function newslettersDelete<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterRef,
  NewsletterRef,
  M
> {
  const viaRest: Binding<NewsletterRef, NewsletterRef, M> = {
    via: 'rest',
    rows: [restRow('DELETE Console/List/{idList}/Email/{idMessage}')],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      ref(DELETE, input);
      await rest(members).emails.delete(input.listId, input.id, callOptions(call));
      return { id: input.id, listId: input.listId };
    },
  };
  return { id: DELETE, kind: 'idempotent-write', bindings: [viaRest] };
}

// ---- send to a list or a group, now or later

function checkSend(operation: string, input: NewsletterSend, scheduled: boolean): void {
  ref(operation, input);
  if (input.groupId !== undefined) positive(operation, 'groupId', input.groupId);
  checkAt(operation, input.at, scheduled);
}

function sendBindings<M extends NewsletterMembers>(
  operation: string,
  scheduled: boolean,
): Binding<NewsletterSend, NewsletterSent, M>[] {
  const check = (input: NewsletterSend) => checkSend(operation, input, scheduled);
  const viaRest: Binding<NewsletterSend, NewsletterSent, M> = {
    via: 'rest',
    rows: [
      restRow('POST Console/List/{idList}/Email/{idMessage}/Send'),
      restRow('POST Console/Group/{idGroup}/Email/{idMessage}/Send'),
    ],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      check(input);
      const when = { ...callOptions(call), ...(input.at === undefined ? {} : { datetime: input.at }) };
      const sendings = rest(members).sendings;
      const sent =
        input.groupId === undefined
          ? await sendings.toList(input.listId, input.id, when)
          : await sendings.toGroup(input.groupId, input.id, when);
      return { newsletterId: Number(sent.idMessage), recipients: Number(sent.Sent) };
    },
  };
  const viaSoap: Binding<NewsletterSend, NewsletterSent, M> = {
    via: 'soap',
    rows: [soapRow('MailupSend', 'SendNewsletter')],
    equivalence: {
      kind: 'partial',
      differs: ['answers the delivery id, not how many recipients it reaches', 'deliverydt is sent in UTC'],
    },
    needs: ['soap'],
    async run(members, input, call) {
      check(input);
      const options: Record<string, string> =
        input.groupId === undefined ? { send_to: 'ALL' } : { send_to: 'GROUPS', recipients: String(input.groupId) };
      if (input.at !== undefined) options.deliverydt = soapDate(input.at);
      const result = await soap(members).send.call(
        'SendNewsletter',
        { listID: input.listId, newsletterID: input.id, options },
        callOptions(call),
      );
      return { newsletterId: input.id, deliveryId: soapId(result.data.deliveryID, 'deliveryID', 'SendNewsletter') };
    },
  };
  return [viaRest, viaSoap];
}

/**
 * `newsletters.send`: a newsletter to the subscribed recipients of its list (or of one group of it), now or at
 * `at` — REST `…/Email/{idMessage}/Send` or SOAP `SendNewsletter` (`send_to` ALL / GROUPS, 200 a day).
 */
export function newslettersSend<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterSend,
  NewsletterSent,
  M
> {
  return { id: 'newsletters.send', kind: 'send', bindings: sendBindings<M>('newsletters.send', false) };
}

/** `newsletters.schedule`: {@link newslettersSend} with `at` required (a deferred sending). */
export function newslettersSchedule<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterSend,
  NewsletterSent,
  M
> {
  return { id: 'newsletters.schedule', kind: 'send', bindings: sendBindings<M>('newsletters.schedule', true) };
}

// ---- one recipient

const ONE = 'newsletters.sendToRecipient';

function checkOne(input: NewsletterSendOne): void {
  ref(ONE, input);
  const email = oneLine(ONE, 'email', input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid(ONE, 'email is not an email address');
}

/**
 * `newsletters.sendToRecipient`: one newsletter to one address — REST `POST Console/Email/Send` (`same`) or SOAP
 * `SendSingleNewsletter` with type `ID` (`partial`: it subscribes the address to the list first; 5,000 a day).
 */
export function newslettersSendToRecipient<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  NewsletterSendOne,
  NewsletterSent,
  M
> {
  const viaRest: Binding<NewsletterSendOne, NewsletterSent, M> = {
    via: 'rest',
    rows: [restRow('POST Console/Email/Send')],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      checkOne(input);
      const sent = await rest(members).sendings.toRecipient(
        { Email: input.email, idMessage: input.id },
        callOptions(call),
      );
      return { newsletterId: Number(sent.idMessage), deliveryId: Number(sent.Id), recipients: Number(sent.Sent) };
    },
  };
  const viaSoap: Binding<NewsletterSendOne, NewsletterSent, M> = {
    via: 'soap',
    rows: [soapRow('MailupSend', 'SendSingleNewsletter')],
    equivalence: {
      kind: 'partial',
      differs: ['subscribes the address to the list before sending', 'no count of recipients in the answer'],
    },
    needs: ['soap'],
    async run(members, input, call) {
      checkOne(input);
      const result = await soap(members).send.call(
        'SendSingleNewsletter',
        { listID: input.listId, type: 'ID', content: String(input.id), recipientEmail: input.email },
        callOptions(call),
      );
      return {
        newsletterId: soapId(result.data.newsletterID, 'newsletterID', 'SendSingleNewsletter'),
        deliveryId: soapId(result.data.deliveryID, 'deliveryID', 'SendSingleNewsletter'),
      };
    },
  };
  return { id: ONE, kind: 'send', bindings: [viaRest, viaSoap] };
}

// ---- stop and status

/**
 * `newsletters.stop`: REST `POST Console/Email/Sendings/{idSending}/Stop` (MailUp: 1 call every 30 s) only —
 * SOAP's `StopDelivery` stops every delivery of the account, not one sending, so it is not a candidate.
 */
export function newslettersStop<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  SendingRef,
  SendingRef,
  M
> {
  const viaRest: Binding<SendingRef, SendingRef, M> = {
    via: 'rest',
    rows: [restRow('POST Console/Email/Sendings/{idSending}/Stop')],
    equivalence: SAME,
    needs: ['rest'],
    async run(members, input, call) {
      const id = positive('newsletters.stop', 'deliveryId', input?.deliveryId);
      await rest(members).sendings.stop(id, callOptions(call));
      return { deliveryId: id };
    },
  };
  return { id: 'newsletters.stop', kind: 'idempotent-write', bindings: [viaRest] };
}

/**
 * `newsletters.status`: SOAP `GetNewsletterDeliveryStatus` — REST has no read of one sending's state (only the
 * queues), so it is not a candidate.
 */
export function newslettersStatus<M extends NewsletterMembers = NewsletterMembers>(): OperationDef<
  SendingRef,
  NewsletterStatus,
  M
> {
  const viaSoap: Binding<SendingRef, NewsletterStatus, M> = {
    via: 'soap',
    rows: [soapRow('MailupSend', 'GetNewsletterDeliveryStatus')],
    equivalence: SAME,
    needs: ['soap'],
    async run(members, input, call) {
      const id = positive('newsletters.status', 'deliveryId', input?.deliveryId);
      const result = await soap(members).send.call(
        'GetNewsletterDeliveryStatus',
        { deliveryID: id },
        callOptions(call),
      );
      const recipients = result.data.recipients;
      return {
        deliveryId: soapId(result.data.deliveryID, 'deliveryID', 'GetNewsletterDeliveryStatus'),
        status: result.data.status ?? '',
        ...(recipients !== undefined && Number.isSafeInteger(recipients) ? { recipients } : {}),
      };
    },
  };
  return { id: 'newsletters.status', kind: 'read', bindings: [viaSoap] };
}

/**
 * Checks the input of the newsletter operation `operation` (`newsletters.create` …) before any transport is chosen:
 * a `validation` MailUpError naming the field (`details.field`). The bindings check again when run directly.
 */
export function checkNewsletterInput(operation: string, input: unknown): void {
  switch (operation) {
    case CREATE:
      checkCreate(input as NewsletterCreate);
      return;
    case GET:
    case DELETE:
      ref(operation, input as NewsletterRef);
      return;
    case UPDATE:
      checkUpdate(input as NewsletterUpdate);
      return;
    case 'newsletters.send':
    case 'newsletters.schedule':
      if (typeof input !== 'object' || input === null) throw invalid(operation, 'the input must be an object');
      checkSend(operation, input as NewsletterSend, operation === 'newsletters.schedule');
      return;
    case ONE:
      checkOne(input as NewsletterSendOne);
      return;
    default:
      positive(operation, 'deliveryId', (input as SendingRef | undefined)?.deliveryId);
  }
}
