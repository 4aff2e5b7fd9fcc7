import { type ClientCallOptions, MailUpError } from '@mailup-kit/core';
import type { RestClient, RestOperationSpec } from '@mailup-kit/rest';
import {
  findOperation,
  type KeyedService,
  type ManageInputs,
  type ManageResults,
  type ReportInputs,
  type ReportResults,
  type SendInputs,
  type SendResults,
  type SoapClient,
  type SoapOperationRow,
  type SoapReturn,
} from '@mailup-kit/soap';
import { checkMigrationStage, type MigrationStage, migrationDecision } from '../migration/stage.js';
import { REST_TRANSLATIONS } from './rest-translations.js';

type Session = 'Login' | 'LoginFromId' | 'Logout';

/** The typed arguments of every SOAP-named call `legacy.call` takes, by `Service.Method` (session calls excluded). */
export type LegacyInputs = { [K in Exclude<keyof SendInputs, Session> as `MailupSend.${K}`]: SendInputs[K] } & {
  [K in Exclude<keyof ManageInputs, Session> as `MailupManage.${K}`]: ManageInputs[K];
} & { [K in Exclude<keyof ReportInputs, Session> as `MailupReport.${K}`]: ReportInputs[K] };

/** A SOAP-named call: `MailupSend.SendNewsletter`, `MailupManage.CreateGroup` … */
export type LegacyName = keyof LegacyInputs & string;

type ResultOf<N extends string> = N extends `MailupSend.${infer M extends keyof SendResults & string}`
  ? SendResults[M]
  : N extends `MailupManage.${infer M extends keyof ManageResults & string}`
    ? ManageResults[M]
    : N extends `MailupReport.${infer M extends keyof ReportResults & string}`
      ? ReportResults[M]
      : never;

/**
 * What a call answers, whichever member serves it: exactly what the SOAP client's typed call of that operation
 * resolves with — `{ errorCode, errorDescription, root, data, raw }` with `data` typed by the operation's result
 * schema (e.g. `MailupSend.GetLists` ⇒ `data.lists.list[i].listID: number`), or a number for the `int` results
 * (SendMessageNL, CloneMessage).
 */
export type LegacyResult<N extends LegacyName> = SoapReturn<ResultOf<N>>;

/** The members `legacy.call` runs on (the facade's configured protocol clients, or your own). */
export interface LegacyMembers {
  readonly soap?: SoapClient;
  readonly rest?: RestClient;
}

/** Options of {@link Legacy}. */
export interface LegacyOptions {
  /** Where the system stands in its move to REST (no stage: every call stays on SOAP). */
  readonly migrate?: MigrationStage;
}

/** Which member serves a call at the current stage, and why (no network, no renewal). */
export interface LegacyRoute {
  readonly via: 'soap' | 'rest';
  readonly reason: string;
  /** The table rows the call runs: the SOAP row, or the REST rows of its translation (typed references). */
  readonly rows: readonly (SoapOperationRow | RestOperationSpec)[];
}

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation, message });
}

/**
 * `legacy.call('MailupSend.SendNewsletter', args)`: runs a SOAP-named call, typed by the SOAP operation's name and
 * arguments. When the migration stage moves the operation to REST it is served over REST through the migration
 * table and answers the SOAP result SHAPE (the object `SoapClient`'s typed result gives for the same data);
 * otherwise it calls SOAP. A program written against SOAP thus moves to REST one operation at a time, unchanged.
 *
 * Routing: an operation listed by name in `migrate.operations` must be served by REST — if `legacy.call` has no
 * REST translation for it, or its arguments carry a meaning REST cannot (e.g. `send_to=GROUPS`), the call is a
 * `validation` error and nothing is sent. With `'all-same'`, such calls stay on SOAP and {@link Legacy.route} says
 * why. Nothing is ever retried on the other member.
 *
 * @example
 * ```ts
 * const legacy = new Legacy({ soap, rest }, { migrate: { from: 'soap', to: 'rest', operations: ['MailupSend.GetLists'] } });
 * const lists = await legacy.call('MailupSend.GetLists', {}); // served by GET Console/List, SOAP's shape
 * ```
 */
export class Legacy {
  private readonly migrate: MigrationStage | undefined;

  constructor(
    private readonly members: LegacyMembers,
    options: LegacyOptions = {},
  ) {
    this.migrate = options.migrate === undefined ? undefined : checkMigrationStage(options.migrate);
  }

  /** Which member serves `name` with `args` at the current stage, and why. Throws the call's validation error. */
  route<N extends LegacyName>(name: N, args?: LegacyInputs[N]): LegacyRoute {
    const row = rowOf(name);
    const decision = migrationDecision(this.migrate, row);
    const soapRoute: LegacyRoute = { via: 'soap', reason: decision.reason, rows: [row] };
    if (!decision.toRest) return soapRoute;
    const explicit = this.migrate?.operations !== 'all-same';
    const translation = REST_TRANSLATIONS[name];
    if (!translation) {
      const why = `legacy.call has no REST translation for ${name}`;
      if (explicit) throw invalid(name, `${name} is listed in migrate.operations but ${why}: remove it from the list`);
      return { ...soapRoute, reason: `${decision.reason}; ${why}` };
    }
    const refused = translation.unsupported((args ?? {}) as Record<string, unknown>);
    if (refused) {
      if (explicit) throw invalid(name, `${name} is listed in migrate.operations but over REST ${refused}`);
      return { ...soapRoute, reason: `${decision.reason}; over REST ${refused}` };
    }
    return { via: 'rest', reason: decision.reason, rows: translation.rows };
  }

  /**
   * Runs the SOAP-named call `name` on the member the stage picks ({@link Legacy.route}). Bad input (an unknown or
   * session operation, a member that is not configured) is a `validation` MailUpError and nothing is sent.
   */
  async call<N extends LegacyName>(
    name: N,
    args: LegacyInputs[N],
    options: ClientCallOptions = {},
  ): Promise<LegacyResult<N>> {
    const route = this.route(name, args);
    const input = (args ?? {}) as Record<string, unknown>;
    if (route.via === 'rest') {
      const rest = this.members.rest;
      if (!rest) throw invalid(name, `${name} moves to REST at this migration stage, but no REST client is configured`);
      return (await (REST_TRANSLATIONS[name] as (typeof REST_TRANSLATIONS)[string]).run(
        rest,
        input,
        options,
      )) as LegacyResult<N>;
    }
    const soap = this.members.soap;
    if (!soap)
      throw invalid(name, `${name} is served by SOAP at this migration stage, but no SOAP client is configured`);
    const row = route.rows[0] as SoapOperationRow;
    return (await soap.request(row.service as KeyedService, row.method, input, options)) as LegacyResult<N>;
  }
}

const SESSION = new Set(['Login', 'LoginFromId', 'Logout']);

function rowOf(name: string): SoapOperationRow {
  const dot = typeof name === 'string' ? name.indexOf('.') : -1;
  const service = dot > 0 ? name.slice(0, dot) : '';
  const method = dot > 0 ? name.slice(dot + 1) : '';
  if (service !== 'MailupSend' && service !== 'MailupManage' && service !== 'MailupReport') {
    throw invalid('legacy.call', 'the name must be MailupSend.X, MailupManage.X or MailupReport.X');
  }
  const row = findOperation(service, method);
  if (!row) throw invalid('legacy.call', `${service} has no operation "${method.slice(0, 80)}"`);
  if (SESSION.has(method)) throw invalid(name, `${method} is managed by the SOAP session, not called through legacy`);
  return row;
}
