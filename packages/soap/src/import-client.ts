import { type ClientCallOptions, type ClientConfig, MailUpError, silentLogger } from '@mailup-kit/core';
import { httpTransportFactory } from '@mailup-kit/core/node';
import { isLoopbackHost, type Middleware, type Pipeline, ProtocolClient } from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import type { InnerXmlLimits } from './inner-xml.js';
import { decodeResult } from './result-schema.js';
import { type ImportInputs, type ImportResults, SOAP_ROWS, SOAP_SERVICES, type SoapRow } from './service-table.js';
import { orderedArgs } from './soap-args.js';
import { type ImportCallResult, importResult } from './soap-result.js';
import {
  type ImportAuthentication,
  SoapTransport,
  type SoapVersion,
  type SoapWireRequest,
  type SoapWireResponse,
} from './soap-transport.js';
import {
  buildImportXml,
  IMPORT_TYPE,
  type ImportRecipient,
  type ImportType,
  MOBILE_INPUT_TYPE,
  type MobileInputType,
} from './xml-doc.js';

/** Options of {@link ImportClient}. */
export interface ImportClientOptions extends ClientConfig<SoapWireRequest, SoapWireResponse, Limiter> {
  /** The account's console URL, e.g. `http://abcd.emailsp.net` (the service lives at `/Services/WSMailupImport.asmx`). */
  consoleUrl: string;
  /** The API user (`a1234`). */
  user: string;
  password: string;
  /** `encType` of the Authentication header (default `UTF-8`). */
  encType?: string;
  /**
   * Required for `http://` URLs: MailUp serves WSMailUpImport only over plain HTTP, so the credentials travel in
   * clear text. Said once in the log.
   */
  allowInsecureHttp?: boolean;
  soapVersion?: SoapVersion;
  quota?: QuotaMiddlewareOptions;
  innerXml?: InnerXmlLimits;
}

/** One list of GetNlLists / GetNlListsUser, with its groups (ids as numbers). */
export interface ImportList {
  idList: number;
  listGUID: string;
  listName: string;
  groups: Array<{ idGroup: number; groupName: string }>;
}

/** The counters and status of an import process (GetProcessDetails; `StatusCode` 1 not started … 4 failed). */
export type ImportProcessDetails = ImportResults['GetProcessDetails']['ImportProcess'];

/** What an import does: the recipients (or a ready `xmlDoc`) and the flags of NewImportProcess. */
export interface ImportRequest {
  /** Recipients to import (built into `xmlDoc` with escaping) … */
  recipients?: readonly ImportRecipient[];
  /** … or a ready `xmlDoc` feed. */
  xmlDoc?: string;
  /** Group ids to add the recipients to. */
  groups?: readonly number[];
  /** Default `email`. */
  importType?: ImportType;
  /** Default `wholeNumber`. */
  mobileInputType?: MobileInputType;
  asPending?: boolean;
  confirmEmail?: boolean;
  asOptOut?: boolean;
  forceOptIn?: boolean;
  replaceGroups?: boolean;
  /** Newsletter id of the confirmation email (default 0: none). */
  idConfirmNL?: number;
}

/** One process of StartImportProcesses (`processID`, `listID` absent when the server did not send a number). */
export interface ImportProcessOutcome {
  processID?: number;
  listID?: number;
  returnCode: number;
}

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'import', operation, message });
}

/**
 * The WSMailUpImport client (REFERENCE §3.7): every operation, the `Authentication` SOAP header, an `xmlDoc` builder
 * from recipient objects, import type and mobile input type as named values, and every ReturnCode table as typed
 * errors (core's Import catalogue). On the same template as the other SOAP clients (quota, retry: imports are
 * sends, never repeated once bytes may have left).
 *
 * @example
 * ```ts
 * const imports = new ImportClient({ consoleUrl: 'http://abcd.emailsp.net', user: 'a1234', password, allowInsecureHttp: true });
 * const id = await imports.newImportProcess(1, guid, { recipients: [{ email: 'ann@example.com' }] });
 * await imports.startProcess(1, guid, id);
 * ```
 */
export class ImportClient {
  readonly pipeline: Pipeline<unknown, unknown, SoapRow>;
  readonly client: ProtocolClient<SoapWireRequest, SoapWireResponse, Limiter, SoapRow>;
  /** The API password lives in an ES private field: invisible to util.inspect (even showHidden) and JSON. */
  readonly #authentication: ImportAuthentication;

  constructor(options: ImportClientOptions) {
    let url: URL;
    try {
      url = new URL(options?.consoleUrl);
    } catch {
      throw invalid('ImportClient', 'consoleUrl must be an absolute URL such as http://abcd.emailsp.net');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw invalid('ImportClient', 'consoleUrl must be http(s)');
    if (typeof options.user !== 'string' || !/^[a-z]?\d+$/i.test(options.user.trim())) {
      throw invalid('ImportClient', 'user must be the API user (a1234)');
    }
    if (typeof options.password !== 'string' || options.password === '')
      throw invalid('ImportClient', 'password is required');
    if (/[\r\n]/.test(options.password) || /[\r\n]/.test(options.encType ?? '')) {
      throw invalid('ImportClient', 'credentials must be one line');
    }
    const insecure = url.protocol === 'http:';
    if (insecure && options.allowInsecureHttp !== true) {
      throw invalid(
        'ImportClient',
        'WSMailUpImport exists only over plain HTTP: pass allowInsecureHttp: true to send the API credentials in clear text',
      );
    }
    const logger = options.logger ?? silentLogger;
    if (insecure) {
      logger.warn(
        { host: url.host },
        'mailup-kit: WSMailUpImport is served over plain HTTP only; the API user and password travel in clear text',
      );
    }
    this.#authentication = {
      User: /^\d+$/.test(options.user.trim()) ? `a${options.user.trim()}` : options.user.trim(),
      Password: options.password,
      encType: options.encType ?? 'UTF-8',
    };
    const endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}${SOAP_SERVICES.WSMailUpImport.path}`;
    const innerXml = options.innerXml;
    this.client = new ProtocolClient<SoapWireRequest, SoapWireResponse, Limiter, SoapRow>({
      protocol: 'import',
      operations: SOAP_ROWS.WSMailUpImport,
      config: options,
      createTransport: (settings) =>
        new SoapTransport({
          // the one warning above says it; loopback needs no opt-in in core
          http: httpTransportFactory(
            'import',
            insecure && !isLoopbackHost(url.hostname) ? { allowInsecureHttp: true } : {},
          )(settings),
          endpoints: { WSMailUpImport: endpoint },
          soapVersion: options.soapVersion ?? '1.1',
        }),
      serialize: (input, ctx) => ({
        service: 'WSMailUpImport',
        method: ctx.operation.method,
        args: orderedArgs(ctx.operation, input as Record<string, unknown> | undefined),
      }),
      build: this.buildStep(),
      deserialize: (response, ctx) => {
        const operation = ctx.operation;
        const result = importResult(String(response.result ?? ''), operation.name, undefined, innerXml);
        const body = decodeResult(operation.schema, result.body, { protocol: 'import', operation: operation.id });
        return { returnCode: result.returnCode, body, raw: result.body } satisfies ImportCallResult<unknown>;
      },
      limiterPlugin: (limiter) => quotaPlugin(limiter, options.quota),
    });
    this.pipeline = this.client.pipeline;
    this.pipeline.stack.add(
      async (ctx, next) => {
        ctx.credentials = this.#authentication;
        return next();
      },
      { step: 'auth', name: 'import:authentication' },
    );
  }

  /**
   * Any operation of the table with its typed arguments (derived from the table's parameters); resolves with the
   * `ReturnCode`, the `mailupBody` typed by the operation's result schema (`body`) and the raw document (`raw`).
   */
  call<M extends keyof ImportInputs & keyof ImportResults & string>(
    method: M,
    args: ImportInputs[M],
    options?: ClientCallOptions,
  ): Promise<ImportCallResult<ImportResults[M]>> {
    const rows: Readonly<Record<string, SoapRow>> = SOAP_ROWS.WSMailUpImport;
    const row = Object.hasOwn(rows, method) ? rows[method] : undefined;
    if (!row) {
      return Promise.reject(
        invalid(
          `import:${String(method).slice(0, 60)}`,
          `WSMailUpImport has no operation ${String(method).slice(0, 60)}`,
        ),
      );
    }
    return this.client.call<ImportCallResult<ImportResults[M]>>(row, args, options);
  }

  /** GetIdWsUser: the id of the API user. */
  async getIdWsUser(options?: ClientCallOptions): Promise<number> {
    return (await this.call('GetIdWsUser', {}, options)).returnCode;
  }

  /** GetIdUser: the id of a console user. */
  async getIdUser(userName: string, options?: ClientCallOptions): Promise<number> {
    return (await this.call('GetIdUser', { userName }, options)).returnCode;
  }

  /** GetNlLists: every list with its GUID and groups. */
  async getNlLists(options?: ClientCallOptions): Promise<ImportList[]> {
    return listsOf((await this.call('GetNlLists', {}, options)).body);
  }

  /** GetNlListsUser: the lists a user sees. */
  async getNlListsUser(userId: number, options?: ClientCallOptions): Promise<ImportList[]> {
    return listsOf((await this.call('GetNlListsUser', { userId }, options)).body);
  }

  /** CreateGroup: the new group's id (-303 if it exists ⇒ kind `conflict`). */
  async createGroup(
    idList: number,
    listGUID: string,
    newGroupName: string,
    options?: ClientCallOptions,
  ): Promise<number> {
    if (typeof newGroupName !== 'string' || newGroupName.trim() === '' || newGroupName.length > 50) {
      return Promise.reject(invalid('CreateGroup', 'newGroupName must be 1–50 characters'));
    }
    return (await this.call('CreateGroup', { idList, listGUID, newGroupName }, options)).returnCode;
  }

  /** NewImportProcess: prepares an import; resolves with the process id. */
  async newImportProcess(
    idList: number,
    listGUID: string,
    request: ImportRequest,
    options?: ClientCallOptions,
  ): Promise<number> {
    const flags = importFlags('NewImportProcess', request);
    const args: ImportInputs['NewImportProcess'] = {
      idList,
      listGUID,
      xmlDoc: flags.xmlDoc,
      idGroups: (request.groups ?? []).join(','),
      importType: flags.importType,
      mobileInputType: flags.mobileInputType,
      asPending: flags.asPending,
      ConfirmEmail: flags.ConfirmEmail,
      asOptOut: flags.asOptOut,
      forceOptIn: flags.forceOptIn,
      replaceGroups: flags.replaceGroups,
      idConfirmNL: request.idConfirmNL ?? 0,
    };
    return (await this.call('NewImportProcess', args, options)).returnCode;
  }

  /** StartProcess: starts a prepared import. */
  async startProcess(
    idList: number,
    listGUID: string,
    idProcess: number,
    options?: ClientCallOptions,
  ): Promise<number> {
    return (await this.call('StartProcess', { idList, listGUID, idProcess }, options)).returnCode;
  }

  /**
   * StartImportProcesses: one feed into several lists at once (`lists[i].groups` become `22,23;24`). Resolves with the
   * overall code and each process (a process's own negative code is reported, not thrown).
   */
  async startImportProcesses(
    lists: ReadonlyArray<{ idList: number; listGUID: string; groups?: readonly number[] }>,
    request: ImportRequest,
    options?: ClientCallOptions,
  ): Promise<{ returnCode: number; processes: ImportProcessOutcome[] }> {
    if (!Array.isArray(lists) || lists.length === 0)
      return Promise.reject(invalid('StartImportProcesses', 'at least one list is needed'));
    for (const l of lists) {
      if (!Number.isInteger(l?.idList) || typeof l.listGUID !== 'string' || /[;,]/.test(l.listGUID)) {
        return Promise.reject(invalid('StartImportProcesses', 'every list needs an integer idList and a listGUID'));
      }
    }
    const flags = importFlags('StartImportProcesses', request);
    const result = await this.call(
      'StartImportProcesses',
      {
        listsIDs: lists.map((l) => l.idList).join(';'),
        listsGUIDs: lists.map((l) => l.listGUID).join(';'),
        xmlDoc: flags.xmlDoc,
        groupsIDs: lists.map((l) => (l.groups ?? []).join(',')).join(';'),
        importType: flags.importType,
        mobileInputType: flags.mobileInputType,
        asPending: flags.asPending,
        ConfirmEmail: flags.ConfirmEmail,
        asOptOut: flags.asOptOut,
        forceOptIn: flags.forceOptIn,
        replaceGroups: flags.replaceGroups,
      },
      options,
    );
    const processes = result.body.processes.process.map((p) => ({
      ...(p.processID === undefined ? {} : { processID: p.processID }),
      ...(p.listID === undefined ? {} : { listID: p.listID }),
      returnCode: p.ReturnCode,
    }));
    return { returnCode: result.returnCode, processes };
  }

  /** GetProcessDetails: the process's counters (numbers), dates, flags and status (`StatusCode` 1 not started … 4 failed). */
  async getProcessDetails(
    idList: number,
    listGUID: string,
    idProcess: number,
    options?: ClientCallOptions,
  ): Promise<ImportProcessDetails> {
    return (await this.call('GetProcessDetails', { idList, listGUID, idProcess }, options)).body.ImportProcess;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private buildStep(): Middleware<unknown, SoapRow> {
    return async (ctx, next) => {
      ctx.wire = { ...(ctx.request as SoapWireRequest), authentication: ctx.credentials as ImportAuthentication };
      return next();
    };
  }
}

function listsOf(body: ImportResults['GetNlLists']): ImportList[] {
  return body.Lists.List.map((l) => ({
    idList: l.idList,
    listGUID: l.listGUID,
    listName: l.listName,
    groups: l.Groups.Group,
  }));
}

function importFlags(operation: string, request: ImportRequest) {
  if (!request || typeof request !== 'object') throw invalid(operation, 'the import request must be an object');
  const importType = request.importType ?? 'email';
  const mobileInputType = request.mobileInputType ?? 'wholeNumber';
  if (!(importType in IMPORT_TYPE)) throw invalid(operation, `unknown importType "${String(importType)}"`);
  if (!(mobileInputType in MOBILE_INPUT_TYPE))
    throw invalid(operation, `unknown mobileInputType "${String(mobileInputType)}"`);
  if ((request.recipients === undefined) === (request.xmlDoc === undefined)) {
    throw invalid(operation, 'give either recipients or xmlDoc');
  }
  for (const g of request.groups ?? [])
    if (!Number.isInteger(g) || g <= 0) throw invalid(operation, 'group ids must be positive integers');
  const xmlDoc = request.recipients ? buildImportXml(request.recipients, { mobileInputType }) : String(request.xmlDoc);
  if (xmlDoc.trim() === '') throw invalid(operation, 'xmlDoc is empty');
  return {
    xmlDoc,
    importType: IMPORT_TYPE[importType],
    mobileInputType: MOBILE_INPUT_TYPE[mobileInputType],
    asPending: request.asPending ?? false,
    ConfirmEmail: request.confirmEmail ?? false,
    asOptOut: request.asOptOut ?? false,
    forceOptIn: request.forceOptIn ?? false,
    replaceGroups: request.replaceGroups ?? false,
  };
}
