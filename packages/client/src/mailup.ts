import {
  type CallObserver,
  type Logger,
  MailUpError,
  redactingLogger,
  silentLogger,
  systemClock,
} from '@mailup-kit/core';
import type { FrontendClient } from '@mailup-kit/frontend';
import type { Limiter, QuotaReport } from '@mailup-kit/limits';
import type {
  MessageStatisticsCount,
  MessageStatisticsList,
  OAuthClient,
  RecipientStatisticsCount,
  RecipientStatisticsList,
  RestClient,
  TokenManager,
} from '@mailup-kit/rest';
import {
  MESSAGE_STATISTICS_COUNTS,
  MESSAGE_STATISTICS_LISTS,
  RECIPIENT_STATISTICS_COUNTS,
  RECIPIENT_STATISTICS_LISTS,
} from '@mailup-kit/rest';
import type { SmtpPlusRelay } from '@mailup-kit/smtp';
import type { ImportClient, SoapClient } from '@mailup-kit/soap';
import type { SendApiClient, SmsClient } from '@mailup-kit/transactional';
import { ACCOUNT_INFO, type AccountInfo } from './catalogue/account.js';
import type { OperationDef, Via } from './catalogue/binding.js';
import { idOf, inputError } from './catalogue/canonical.js';
import { CORE_OPERATIONS } from './catalogue/catalogue.js';
import {
  checkGroupChanges,
  checkNewGroup,
  GROUPS_CREATE,
  GROUPS_DELETE,
  GROUPS_OF,
  GROUPS_UPDATE,
  type GroupDeleted,
  type ListGroup,
  type ListGroupChanges,
  type NewListGroup,
} from './catalogue/groups.js';
import {
  checkListChanges,
  checkNewList,
  type Deleted,
  LISTS_ALL,
  LISTS_CREATE,
  LISTS_DELETE,
  LISTS_GET,
  LISTS_UPDATE,
  type MailingList,
  type MailingListChanges,
  type NewMailingList,
} from './catalogue/lists.js';
import {
  checkNewsletterInput,
  type Newsletter,
  type NewsletterCreate,
  type NewsletterRef,
  type NewsletterSend,
  type NewsletterSendOne,
  type NewsletterSent,
  type NewsletterStatus,
  type NewsletterUpdate,
  type SendingRef,
} from './catalogue/newsletters.js';
import { checkImport, type RecipientsImport, type RecipientsImportResult } from './catalogue/recipient-import.js';
import {
  checkFields,
  checkRef,
  type ListRecipient,
  RECIPIENTS_GET,
  RECIPIENTS_PENDING,
  RECIPIENTS_STATUS,
  RECIPIENTS_SUBSCRIBE,
  RECIPIENTS_SUBSCRIBED,
  RECIPIENTS_UNSUBSCRIBE,
  RECIPIENTS_UNSUBSCRIBED,
  RECIPIENTS_UPDATE_FIELDS,
  type RecipientRef,
  type RecipientStatus,
  type RecipientStatusValue,
  type SubscribeInput,
  type SubscribeResult,
  type UnsubscribeResult,
  type UpdateFieldsInput,
} from './catalogue/recipients.js';
import {
  NEWSLETTERS_CREATE,
  NEWSLETTERS_DELETE,
  NEWSLETTERS_GET,
  NEWSLETTERS_SCHEDULE,
  NEWSLETTERS_SEND,
  NEWSLETTERS_SEND_TO_RECIPIENT,
  NEWSLETTERS_STATUS,
  NEWSLETTERS_STOP,
  NEWSLETTERS_UPDATE,
  RECIPIENTS_IMPORT,
  SENDING_OPERATIONS,
  TRANSACTIONAL_EMAIL_SEND,
  TRANSACTIONAL_SMS_SEND,
} from './catalogue/sending.js';
import {
  checkKind,
  STATISTICS_MESSAGE_COUNT,
  STATISTICS_MESSAGE_LIST,
  STATISTICS_RECIPIENT_COUNT,
  STATISTICS_RECIPIENT_LIST,
  type StatisticsCount,
  type StatisticsEntry,
} from './catalogue/statistics.js';
import {
  checkSms,
  type EmailMessage,
  type EmailSendResult,
  normalizeEmail,
  type SmsSend,
  type SmsSendOutcome,
} from './catalogue/transactional.js';
import type { MailUpConfig } from './config/config.js';
import { type FromEnvOverrides, mailUpConfigFromEnv } from './config/from-env.js';
import { buildMembers, type Members } from './config/members.js';
import { validateConfig } from './config/validate-config.js';
import { type FacadeEventOf, FacadeEvents, type FacadeEventType } from './events.js';
import { Legacy } from './legacy/legacy.js';
import { type RoutedIterable, routedIterable, type Walk } from './routing/iterable.js';
import { type FacadeCallOptions, type Plan, type Routed, Router } from './routing/router.js';
import { SentWatch } from './routing/sent-watch.js';
import {
  DEFAULT_SWITCHED_OFF_CACHE_MS,
  MemorySwitchedOffStore,
  SwitchedOffCache,
  type SwitchedOffStore,
} from './routing/switched-off.js';

/** A canonical result with how it was served. */
export type WithRouted<T> = T & { readonly routed: Routed };

/** Options of a paged facade collection. */
export interface CollectionOptions extends FacadeCallOptions {
  /** Items per page of a paged transport (default 100). */
  pageSize?: number;
}

/** Default time a remembered `service-disabled` / `ip-not-allowed` / `contract-not-signed` skips a transport. */
export const DEFAULT_SWITCHED_OFF_TTL_MS = 10 * 60_000;

// biome-ignore lint/suspicious/noExplicitAny: the table holds operations of every input and output type
type AnyOperationDef = OperationDef<any, any, Members>;

/**
 * The facade: one object for the whole MailUp API family. Each operation lists candidate transports (REST, SOAP,
 * WSMailUpImport, the frontend pages …); the facade picks the first eligible one (configured, credentials present,
 * not switched off, budget within `maxWaitMs`), applies that protocol's limits through one shared limiter, falls
 * back only when the error proves nothing was applied (or, for reads and idempotent writes, after a transient
 * error), never sends twice, and explains its choice with {@link MailUp.plan}. Results are canonical (camelCase,
 * numeric ids, one type whichever transport served) with `routed: { via, callId, attempts }`.
 *
 * @example
 * ```ts
 * const mailup = new MailUp({ account: 51234, soap: { user: 'a51234', password }, consoleUrl: 'http://abcd.emailsp.net', allowInsecureHttp: true });
 * for await (const list of mailup.lists.all()) console.log(list.id, list.name);
 * await mailup.recipients.subscribe({ listId: 1, email: 'ada@example.com' }); // confirmed opt-in: pending
 * await mailup.close();
 * ```
 */
export class MailUp {
  /** The REST client (escape hatch: every Console and MailStatistics resource, `request()`). */
  readonly rest: RestClient | undefined;
  /** The OAuth client of the REST member (log in with it). */
  readonly oauth: OAuthClient | undefined;
  /** The REST member's tokens (`tokens.save(await mailup.oauth.passwordGrant(...))`). */
  readonly tokens: TokenManager | undefined;
  /** The MailUpSend / Manage / Report client. */
  readonly soap: SoapClient | undefined;
  /** The WSMailUpImport client. */
  readonly import: ImportClient | undefined;
  /** The frontend pages client. */
  readonly frontend: FrontendClient | undefined;
  /** The transactional email Send API client. */
  readonly txmail: SendApiClient | undefined;
  /** The SMTP+ relay. */
  readonly smtp: SmtpPlusRelay | undefined;
  /** The transactional SMS API clients, by list id. */
  readonly sms: ReadonlyMap<number, SmsClient> | undefined;
  /** The limiter every member shares (undefined with `limiter: false`). */
  readonly limiter: Limiter | undefined;
  /** Remaining budget of every policy row in use. */
  readonly limits: { status(): Promise<QuotaReport[]> };
  /** Every facade operation by id (data: what `plan()` and the docs read). */
  readonly catalogue: ReadonlyMap<string, AnyOperationDef>;
  /**
   * SOAP-named calls for a legacy program (`legacy.call('MailupSend.GetLists', {})`): served by SOAP, or by REST once
   * `migrate` lists the operation, answering the SOAP result shape either way. Undefined without `soap` credentials.
   */
  readonly legacy: Legacy | undefined;

  /**
   * A facade configured from the `MAILUP_*` variables (the table: `docs/configuration.md`; default `process.env`),
   * with `overrides` for what an environment cannot carry (Redis stores, a logger, a clock). A bad or half-given
   * variable is a `validation` MailUpError naming it (never showing a secret), before anything is built.
   *
   * @example
   * ```ts
   * const mailup = MailUp.fromEnv(); // MAILUP_ACCOUNT_ID, MAILUP_CLIENT_ID, MAILUP_CLIENT_SECRET, …
   * ```
   */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    overrides: FromEnvOverrides = {},
  ): MailUp {
    return new MailUp(mailUpConfigFromEnv(env, overrides));
  }

  readonly account: { info(options?: FacadeCallOptions): Promise<WithRouted<AccountInfo>> };
  readonly lists: {
    all(options?: CollectionOptions): RoutedIterable<MailingList>;
    get(listId: number, options?: FacadeCallOptions): Promise<WithRouted<MailingList>>;
    create(list: NewMailingList, options?: FacadeCallOptions): Promise<WithRouted<MailingList>>;
    update(changes: MailingListChanges, options?: FacadeCallOptions): Promise<WithRouted<MailingList>>;
    delete(listId: number, options?: FacadeCallOptions): Promise<WithRouted<Deleted>>;
  };
  readonly groups: {
    of(listId: number, options?: CollectionOptions): RoutedIterable<ListGroup>;
    create(group: NewListGroup, options?: FacadeCallOptions): Promise<WithRouted<ListGroup>>;
    update(changes: ListGroupChanges, options?: FacadeCallOptions): Promise<WithRouted<ListGroup>>;
    delete(ref: { listId: number; groupId: number }, options?: FacadeCallOptions): Promise<WithRouted<GroupDeleted>>;
  };
  readonly recipients: {
    subscribe(input: SubscribeInput, options?: FacadeCallOptions): Promise<WithRouted<SubscribeResult>>;
    unsubscribe(ref: RecipientRef, options?: FacadeCallOptions): Promise<WithRouted<UnsubscribeResult>>;
    status(ref: RecipientRef, options?: FacadeCallOptions): Promise<WithRouted<RecipientStatus>>;
    get(
      ref: RecipientRef,
      options?: FacadeCallOptions,
    ): Promise<WithRouted<ListRecipient & { status: RecipientStatusValue }>>;
    updateFields(
      input: UpdateFieldsInput,
      options?: FacadeCallOptions,
    ): Promise<WithRouted<RecipientRef & { updated: true }>>;
    /**
     * Many recipients with progress (`onProgress` after every chunk) and resume (`checkpoint`): the REST bulk import
     * or WSMailUpImport. A failure once a chunk was handed over never restarts the import on the other transport.
     */
    import(input: RecipientsImport, options?: FacadeCallOptions): Promise<WithRouted<RecipientsImportResult>>;
    subscribed(listId: number, options?: CollectionOptions): RoutedIterable<ListRecipient>;
    unsubscribed(listId: number, options?: CollectionOptions): RoutedIterable<ListRecipient>;
    pending(listId: number, options?: CollectionOptions): RoutedIterable<ListRecipient>;
  };
  readonly statistics: {
    messageCount(
      messageId: number,
      kind: MessageStatisticsCount,
      options?: FacadeCallOptions,
    ): Promise<WithRouted<StatisticsCount>>;
    messageList(
      messageId: number,
      kind: MessageStatisticsList,
      options?: CollectionOptions,
    ): RoutedIterable<StatisticsEntry>;
    recipientCount(
      recipientId: number,
      kind: RecipientStatisticsCount,
      options?: FacadeCallOptions,
    ): Promise<WithRouted<StatisticsCount>>;
    recipientList(
      recipientId: number,
      kind: RecipientStatisticsList,
      options?: CollectionOptions,
    ): RoutedIterable<StatisticsEntry>;
  };

  /** Transactional sends: never repeated on another transport once their bytes may have left. */
  readonly transactional: {
    readonly email: {
      /** One nodemailer message through the Send API or the SMTP+ relay (same canonical result). */
      send(message: EmailMessage, options?: FacadeCallOptions): Promise<WithRouted<EmailSendResult>>;
    };
    readonly sms: {
      /** One SMS through the SMS API of its list (or SOAP `SendSingleSMS`, partial). */
      send(sms: SmsSend, options?: FacadeCallOptions): Promise<WithRouted<SmsSendOutcome>>;
    };
  };
  /** Newsletters (REST `Console/List/{id}/Email…` and MailUpSend): create, read, edit, send, schedule, follow. */
  readonly newsletters: {
    create(input: NewsletterCreate, options?: FacadeCallOptions): Promise<WithRouted<Newsletter>>;
    get(ref: NewsletterRef, options?: FacadeCallOptions): Promise<WithRouted<Newsletter>>;
    update(changes: NewsletterUpdate, options?: FacadeCallOptions): Promise<WithRouted<NewsletterRef>>;
    delete(ref: NewsletterRef, options?: FacadeCallOptions): Promise<WithRouted<NewsletterRef>>;
    /** Sends to the list, or one group of it (a send: never repeated once bytes may have left). */
    send(input: NewsletterSend, options?: FacadeCallOptions): Promise<WithRouted<NewsletterSent>>;
    /** Sends to one address of the list. */
    sendToRecipient(input: NewsletterSendOne, options?: FacadeCallOptions): Promise<WithRouted<NewsletterSent>>;
    /** Schedules a send at `input.at`. */
    schedule(input: NewsletterSend, options?: FacadeCallOptions): Promise<WithRouted<NewsletterSent>>;
    /** Stops one sending (REST only). */
    stop(ref: SendingRef, options?: FacadeCallOptions): Promise<WithRouted<SendingRef>>;
    /** The state of one delivery (SOAP only). */
    status(ref: SendingRef, options?: FacadeCallOptions): Promise<WithRouted<NewsletterStatus>>;
  };

  readonly #members: Members;
  readonly #router: Router;
  readonly #events: FacadeEvents;
  readonly #closeMembers: () => Promise<void>;
  readonly #switchedOff: SwitchedOffStore;
  readonly #switchedOffView: SwitchedOffCache;
  readonly #ownsSwitchedOff: boolean;
  #closed: Promise<void> | undefined;

  /** Checks the whole configuration first (a bad field is a `validation` MailUpError naming it), then builds the members. */
  constructor(config: MailUpConfig) {
    validateConfig(config);
    const clock = config.clock ?? systemClock;
    const logger: Logger = redactingLogger(config.logger ?? silentLogger);
    this.#events = new FacadeEvents(logger);
    const sentWatch = new SentWatch();
    const built = buildMembers(config, forwardCallEvents(this.#events, sentWatch));
    const m = built.members;
    this.#members = m;
    this.#closeMembers = built.close;
    this.#ownsSwitchedOff = config.switchedOffMemory?.store === undefined;
    this.#switchedOff = config.switchedOffMemory?.store ?? new MemorySwitchedOffStore({ clock });
    this.#switchedOffView = new SwitchedOffCache(
      this.#switchedOff,
      clock,
      config.switchedOffMemory?.cacheMs ?? DEFAULT_SWITCHED_OFF_CACHE_MS,
    );
    this.#router = new Router({
      members: m,
      events: this.#events,
      clock,
      logger,
      switchedOff: this.#switchedOffView,
      sentWatch,
      switchedOffTtlMs: config.switchedOffMemory?.ttlMs ?? DEFAULT_SWITCHED_OFF_TTL_MS,
      configuredOff: new Set<Via>(config.switchedOff ?? []),
      maxWaitMs: config.maxWaitMs ?? 10_000,
      prefer: config.prefer ?? {},
      allowPartial: config.allowPartial ?? false,
      ...(config.migrate ? { migrate: config.migrate } : {}),
    });
    this.rest = m.rest;
    this.oauth = m.oauth;
    this.tokens = m.tokens;
    this.soap = m.soap;
    this.import = m.import;
    this.frontend = m.frontend;
    this.txmail = m.txmail;
    this.smtp = m.smtp;
    this.sms = m.txsms;
    this.limiter = m.limiter;
    this.legacy = m.soap ? new Legacy({ soap: m.soap, rest: m.rest }, { migrate: config.migrate }) : undefined;
    this.catalogue = new Map([...CORE_OPERATIONS, ...SENDING_OPERATIONS].map((op) => [op.id, op]));
    this.limits = {
      status: async () => (m.limiter ? m.limiter.inspect(m.account) : []),
    };

    const call = <In, Out>(op: OperationDef<In, Out, Members>, input: In, options?: FacadeCallOptions) =>
      this.run(op, input, options);
    const collection = <In, T>(op: OperationDef<In, Walk<T>, Members>, input: In, options?: FacadeCallOptions) =>
      routedIterable(() => this.#router.run(op, input, options));
    const checked = <T>(check: () => T): T => check();

    this.account = { info: (options) => call(ACCOUNT_INFO, undefined, options) };
    this.lists = {
      all: (options) =>
        collection(LISTS_ALL, { ...(options?.pageSize ? { pageSize: options.pageSize } : {}) }, options),
      get: (listId, options) =>
        guarded(() => call(LISTS_GET, { listId: idOf('lists.get', 'listId', listId) }, options)),
      create: (list, options) => guarded(() => call(LISTS_CREATE, checkNewList(list), options)),
      update: (changes, options) => guarded(() => call(LISTS_UPDATE, checkListChanges(changes), options)),
      delete: (listId, options) =>
        guarded(() => call(LISTS_DELETE, { listId: idOf('lists.delete', 'listId', listId) }, options)),
    };
    this.groups = {
      of: (listId, options) =>
        collection(
          GROUPS_OF,
          {
            listId: checked(() => idOf('groups.of', 'listId', listId)),
            ...(options?.pageSize ? { pageSize: options.pageSize } : {}),
          },
          options,
        ),
      create: (group, options) => guarded(() => call(GROUPS_CREATE, checkNewGroup(group), options)),
      update: (changes, options) => guarded(() => call(GROUPS_UPDATE, checkGroupChanges(changes), options)),
      delete: (ref, options) =>
        guarded(() => {
          if (ref === null || typeof ref !== 'object') throw inputError('groups.delete', 'the input must be an object');
          const input = {
            listId: idOf('groups.delete', 'listId', ref.listId),
            groupId: idOf('groups.delete', 'groupId', ref.groupId),
          };
          return call(GROUPS_DELETE, input, options);
        }),
    };
    this.recipients = {
      subscribe: (input, options) =>
        guarded(() => {
          checkRef('recipients.subscribe', input);
          if (input.confirm !== undefined && typeof input.confirm !== 'boolean') {
            throw inputError('recipients.subscribe', 'confirm must be a boolean', 'confirm');
          }
          checkFields('recipients.subscribe', input.fields, false);
          return call(RECIPIENTS_SUBSCRIBE, input, options);
        }),
      unsubscribe: (ref, options) =>
        guarded(() => call(RECIPIENTS_UNSUBSCRIBE, checkRef('recipients.unsubscribe', ref), options)),
      status: (ref, options) => guarded(() => call(RECIPIENTS_STATUS, checkRef('recipients.status', ref), options)),
      get: (ref, options) => guarded(() => call(RECIPIENTS_GET, checkRef('recipients.get', ref), options)),
      updateFields: (input, options) =>
        guarded(() => {
          checkRef('recipients.updateFields', input);
          checkFields('recipients.updateFields', input.fields, true);
          return call(RECIPIENTS_UPDATE_FIELDS, input, options);
        }),
      subscribed: (listId, options) =>
        collection(RECIPIENTS_SUBSCRIBED, listInput('recipients.subscribed', listId, options), options),
      unsubscribed: (listId, options) =>
        collection(RECIPIENTS_UNSUBSCRIBED, listInput('recipients.unsubscribed', listId, options), options),
      pending: (listId, options) =>
        collection(RECIPIENTS_PENDING, listInput('recipients.pending', listId, options), options),
      import: (input, options) =>
        guarded(() => {
          checkImport(input);
          return call(RECIPIENTS_IMPORT, input, options);
        }),
    };
    // the input is refused before any transport is chosen (a `validation` error naming the field, nothing sent)
    this.transactional = {
      email: {
        send: (message, options) =>
          guarded(() => {
            normalizeEmail(message);
            return call(TRANSACTIONAL_EMAIL_SEND, message, options);
          }),
      },
      sms: {
        send: (sms, options) =>
          guarded(() => {
            checkSms(sms);
            return call(TRANSACTIONAL_SMS_SEND, sms, options);
          }),
      },
    };
    const newsletter =
      <In, Out>(op: OperationDef<In, Out, Members>) =>
      (input: In, options?: FacadeCallOptions) =>
        guarded(() => {
          checkNewsletterInput(op.id, input);
          return call(op, input, options);
        });
    this.newsletters = {
      create: newsletter(NEWSLETTERS_CREATE),
      get: newsletter(NEWSLETTERS_GET),
      update: newsletter(NEWSLETTERS_UPDATE),
      delete: newsletter(NEWSLETTERS_DELETE),
      send: newsletter(NEWSLETTERS_SEND),
      sendToRecipient: newsletter(NEWSLETTERS_SEND_TO_RECIPIENT),
      schedule: newsletter(NEWSLETTERS_SCHEDULE),
      stop: newsletter(NEWSLETTERS_STOP),
      status: newsletter(NEWSLETTERS_STATUS),
    };
    this.statistics = {
      messageCount: (messageId, kind, options) =>
        guarded(() => {
          checkKind('statistics.messageCount', kind, MESSAGE_STATISTICS_COUNTS);
          return call(
            STATISTICS_MESSAGE_COUNT,
            { messageId: idOf('statistics.messageCount', 'messageId', messageId), kind },
            options,
          );
        }),
      messageList: (messageId, kind, options) => {
        checkKind('statistics.messageList', kind, MESSAGE_STATISTICS_LISTS);
        const input = {
          messageId: idOf('statistics.messageList', 'messageId', messageId),
          kind,
          ...(options?.pageSize ? { pageSize: options.pageSize } : {}),
        };
        return collection(STATISTICS_MESSAGE_LIST, input, options);
      },
      recipientCount: (recipientId, kind, options) =>
        guarded(() => {
          checkKind('statistics.recipientCount', kind, RECIPIENT_STATISTICS_COUNTS);
          return call(
            STATISTICS_RECIPIENT_COUNT,
            { recipientId: idOf('statistics.recipientCount', 'recipientId', recipientId), kind },
            options,
          );
        }),
      recipientList: (recipientId, kind, options) => {
        checkKind('statistics.recipientList', kind, RECIPIENT_STATISTICS_LISTS);
        const input = {
          recipientId: idOf('statistics.recipientList', 'recipientId', recipientId),
          kind,
          ...(options?.pageSize ? { pageSize: options.pageSize } : {}),
        };
        return collection(STATISTICS_RECIPIENT_LIST, input, options);
      },
    };
  }

  /**
   * Runs any catalogue operation (the typed groups above call this): routing, fallback, events, and the canonical
   * result with `routed`. For operations defined outside this package's groups (transactional, newsletters).
   */
  run<In, Out>(op: OperationDef<In, Out, Members>, input: In, options?: FacadeCallOptions): Promise<WithRouted<Out>> {
    if (this.#closed) return Promise.reject(closedError(op.id));
    return this.#router.run(op, input, options, withRouted);
  }

  /**
   * Every candidate of `operation` (an id like `lists.all`, or a definition) with its status — `eligible`,
   * `not-configured`, `no-credentials`, `switched-off`, `over-budget` — reason, policy rows in the vendor's words,
   * budget left, `availableAt`, equivalence and differences, and the choice. Touches no network and renews nothing.
   * `input` is accepted for operations whose rows depend on it (none of this package's yet).
   */
  async plan(operation: string | AnyOperationDef, _input?: unknown, options?: FacadeCallOptions): Promise<Plan> {
    const op = typeof operation === 'string' ? this.catalogue.get(operation) : operation;
    if (!op) {
      throw inputError(
        'MailUp.plan',
        `unknown operation ${JSON.stringify(String(operation)).slice(0, 80)}`,
        'operation',
      );
    }
    return this.#router.plan(op, options);
  }

  /** Subscribes to one event type (or `'*'`) of the one stream for every protocol; returns the unsubscribe function. */
  on<T extends FacadeEventType>(type: T | '*', fn: (event: FacadeEventOf<T>) => void): () => void {
    return this.#events.on(type, fn);
  }

  /** Forgets a remembered switch-off of `via` (after an operator switched the service back on). */
  forgetSwitchedOff(via: Via): Promise<void> {
    return this.#switchedOffView.delete(this.#members.account, via);
  }

  /** Ends every member (SOAP Logout where configured, transports, the limiter and stores this facade created). */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#events.clear();
      this.#switchedOffView.clear();
      try {
        await this.#closeMembers();
      } finally {
        if (this.#ownsSwitchedOff) await this.#switchedOff.close?.();
      }
    })();
    return this.#closed;
  }
}

function listInput(
  operation: string,
  listId: number,
  options?: CollectionOptions,
): { listId: number; pageSize?: number } {
  return { listId: idOf(operation, 'listId', listId), ...(options?.pageSize ? { pageSize: options.pageSize } : {}) };
}

/** Runs `fn`, turning a synchronous validation throw into a rejected promise (every method answers a promise). */
function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The canonical value with how it was served. */
function withRouted<Out>(value: Out, routed: Routed): WithRouted<Out> {
  (value as { routed?: Routed }).routed = routed;
  return value as WithRouted<Out>;
}

function closedError(operation: string): MailUpError {
  return new MailUpError({
    kind: 'validation',
    protocol: 'client',
    operation,
    message: `${operation}: the MailUp object is closed`,
  });
}

/**
 * The members' observer: their `retry`, `throttled` and credential events (`credential-renewed`,
 * `reauthorization-required`, `credentials-unsaved`: core's `observeCredentialEvents` turns the OAuth tokens' and
 * the SOAP access key's holder events into these in each member) join the facade's stream; the facade emits its own
 * `request` / `response` per attempt. A member's call id is the attempt's child id and its parent the facade call
 * id (a credential event no call caused has neither). A member's `request` also feeds the router's {@link SentWatch}.
 */
function forwardCallEvents(events: FacadeEvents, sentWatch: SentWatch): CallObserver {
  return (event) => {
    if (event.type === 'request') {
      sentWatch.observe(event);
      return;
    }
    if (event.type === 'response' || !events.wants(event.type)) return;
    const base = {
      callId: event.callId,
      ...(event.parentCallId === undefined ? {} : { parentCallId: event.parentCallId }),
      operation: event.operation,
      protocol: event.protocol,
      attempt: event.attempt,
      at: event.at,
    };
    switch (event.type) {
      case 'retry':
        return events.emit({ type: 'retry', ...base, delayMs: event.delayMs });
      case 'throttled':
        return events.emit({ type: 'throttled', ...base, waitMs: event.waitMs });
      case 'credential-renewed':
        return events.emit({
          type: event.type,
          ...base,
          key: event.key,
          reason: event.reason,
          expiresAt: event.expiresAt,
        });
      case 'reauthorization-required':
        return events.emit({ type: event.type, ...base, key: event.key, reason: event.reason });
      case 'credentials-unsaved':
        return events.emit({ type: event.type, ...base, key: event.key });
    }
  };
}
