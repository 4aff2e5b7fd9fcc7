import type { AccountData } from '../store/account-data.js';
import { isEmailAddress } from '../store/email-address.js';
import type { EmulatorList } from '../store/list.js';
import type { EmulatorRecipient } from '../store/recipient.js';
import type { Answer, EmulatorContext, EmulatorRequest } from '../types.js';
import { collection, lazyCollection } from './collection.js';
import type { PendingImports } from './recipient-routes.js';
import { restErrorResponse } from './rest-error-body.js';

/** The three REST services (REFERENCE §6.1). */
export type RestService = 'Console' | 'MailStatistics' | 'Public';

/**
 * A REST route's handler: the request, and the kit of the emulator it runs in (built when the module is installed,
 * never when the tables are built or listed).
 */
export type RestHandler = (req: EmulatorRequest, k: RestKit) => Answer;

/**
 * One REST route of the emulator, a plain data row: written from REFERENCE §6.5/§6.6, listed by `restRouteTable`
 * without constructing anything.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  service: RestService;
  /** Path under the service, e.g. `Console/List/{idList}/Groups` or `Message/{idMessage}/Count/Views`. */
  path: string;
  /** WCF data contract name of the answer (XML), e.g. `ConsoleGroupItem`; a collection adds `CollectionOf`. */
  xml?: string;
  handler: RestHandler;
}

/** Thrown inside a handler to answer with MailUp's REST error body. */
export class RestFailure extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly errorName: string | null,
  ) {
    super(description);
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  412: 'PreconditionFailed',
  500: 'InternalServerError',
};

/** A failure with MailUp's error body (`ErrorName` the .NET status name). */
export function fail(status: number, description: string): never {
  throw new RestFailure(status, description, STATUS_NAMES[status] ?? null);
}

/** MailUp's date format `yyyy-MM-dd HH:mm:ssZ` (e.g. `CreationDate`). */
export function restDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** MailUp's `yyyy-MM-dd HH:mm:ss.fff` (`Optin_Date`, `ExpiryDate`); '' for none. */
export function restDateMs(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * Helpers every REST route handler is given at request time: the caller's tables, ids from the path, bodies,
 * answers, and the REST module's own per-emulator state (imports waiting to complete, trial activations).
 */
export class RestKit {
  /** Each request's one instant on the emulator clock ({@link at}). */
  private readonly instants = new WeakMap<EmulatorRequest, number>();
  /** `POST Console/TrialActivation` requests of this emulator, by id (ids 1, 2, … in order). */
  readonly trials = new Map<number, { email: string; createdAt: number }>();

  constructor(
    readonly ctx: EmulatorContext,
    /** Imports of this emulator waiting to complete. */
    readonly pending: PendingImports,
  ) {}

  now(): number {
    return this.ctx.clock.now();
  }

  /**
   * The request's one instant on the emulator clock: read at the first call, the same for every later call during
   * the request. Whatever settles time-driven state (due imports, sendings) and whatever answers from it read this,
   * so a request straddling a completion instant sees one side of it, never a mix.
   */
  at(req: EmulatorRequest): number {
    let instant = this.instants.get(req);
    if (instant === undefined) {
      instant = this.ctx.clock.now();
      this.instants.set(req, instant);
    }
    return instant;
  }

  /** The caller's account tables (the bearer gate set `req.auth`). */
  data(req: EmulatorRequest): AccountData {
    if (!req.auth) throw new Error('a bearer route ran without req.auth (is the oauth module installed?)');
    return this.ctx.store.account(req.auth.accountId);
  }

  /** A positive integer path parameter, or 400. */
  id(req: EmulatorRequest, name: string): number {
    const raw = req.params[name] ?? '';
    if (!/^\d{1,9}$/.test(raw) || Number(raw) === 0) fail(400, `Invalid parameter ${name}: '${raw}'`);
    return Number(raw);
  }

  /** The caller's list `{idList}`, or 404. */
  list(req: EmulatorRequest, name = 'idList'): EmulatorList {
    const id = this.id(req, name);
    const list = this.data(req).lists.get(id);
    if (!list) fail(404, `List ${id} not found`);
    return list;
  }

  recipient(req: EmulatorRequest, name = 'idRecipient'): EmulatorRecipient {
    const id = this.id(req, name);
    const r = this.data(req).recipients.get(id);
    if (!r) fail(404, `Recipient ${id} not found`);
    return r;
  }

  /** The JSON body (any value), or 400. */
  body(req: EmulatorRequest): unknown {
    const text = req.body.toString('utf8');
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      fail(400, 'The request body is not valid JSON');
    }
  }

  /** The JSON body as an object, or 400. */
  object(req: EmulatorRequest): Record<string, unknown> {
    const body = this.body(req);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(400, 'A JSON object body is required');
    return body as Record<string, unknown>;
  }

  /** 200 with a JSON value (scalars bare: `16`). */
  ok(json: unknown): Answer {
    return { status: 200, json };
  }

  /** 200 with an empty body (MailUp's DELETE and most actions). */
  empty(): Answer {
    return { status: 200, body: '' };
  }

  /** A collection answer: filterby, orderby and paging over `items` (keys of `sample` when it is empty). */
  page<T extends object>(req: EmulatorRequest, items: readonly T[], properties: readonly string[]): Answer {
    const result = collection(items, req.query, properties);
    if ('error' in result) fail(400, result.error);
    return { status: 200, json: result };
  }

  /**
   * A collection answer over rows turned into items lazily (see `lazyCollection`): without filterby / orderby a page
   * costs the page, whatever the number of rows.
   */
  lazyPage<R, T extends object>(
    req: EmulatorRequest,
    rows: readonly R[],
    toItem: (row: R) => T | undefined,
    properties: readonly string[],
  ): Answer {
    const result = lazyCollection(rows, toItem, req.query, properties);
    if ('error' in result) fail(400, result.error);
    return { status: 200, json: result };
  }

  /** The recipient JSON of MailUp (`{Fields, Name, idRecipient, Email, MobileNumber, MobilePrefix}`). */
  recipientJson(data: AccountData, r: EmulatorRecipient): Record<string, unknown> {
    return {
      Fields: [...data.fieldNames].map(([id, description]) => ({
        Description: description,
        Id: id,
        Value: r.fields.get(id) ?? '',
      })),
      Name: r.name,
      idRecipient: r.id,
      Email: r.email ?? null,
      MobileNumber: r.mobileNumber ?? null,
      MobilePrefix: r.mobilePrefix ?? null,
    };
  }
}

/** Keys of the recipient JSON (filterby / orderby properties). */
export const RECIPIENT_KEYS = ['Fields', 'Name', 'idRecipient', 'Email', 'MobileNumber', 'MobilePrefix'] as const;

/** Runs a handler, turning a {@link RestFailure} into MailUp's error body. */
export function guarded(handler: RestHandler): RestHandler {
  return (req, k) => {
    try {
      return handler(req, k);
    } catch (error) {
      if (error instanceof RestFailure) return restErrorResponse(error.status, error.description, error.errorName);
      throw error;
    }
  };
}

/** Reads a string field (optional). */
export function str(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(400, `Field ${name} must be a string`);
  return value;
}

/** Reads a required non-empty string field. */
export function requiredStr(body: Record<string, unknown>, name: string): string {
  const value = str(body, name);
  if (value === undefined || value.trim() === '') fail(400, `Mandatory field missing: ${name}`);
  return value;
}

/** Reads a boolean field (optional). */
export function bool(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(400, `Field ${name} must be a boolean`);
  return value;
}

/** Reads an integer field (optional). */
export function int(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(400, `Field ${name} must be an integer`);
  return value;
}

/** `{Id, Value}` recipient fields from a body (`Fields`), as field number → value. */
export function fieldsOf(body: Record<string, unknown>): Record<number, string> {
  const raw = body.Fields;
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) fail(400, 'Field Fields must be an array');
  const out: Record<number, string> = {};
  for (const f of raw) {
    if (!f || typeof f !== 'object') fail(400, 'Every item of Fields must be an object');
    const { Id, Value } = f as Record<string, unknown>;
    if (typeof Id !== 'number' || !Number.isInteger(Id) || Id < 1) fail(400, 'Every item of Fields needs an Id');
    out[Id] = Value === null || Value === undefined ? '' : String(Value);
  }
  return out;
}

/** The emulator's email check ({@link isEmailAddress}: MailUp refuses addresses without `@` and a dotted domain). */
export function validEmail(email: string): boolean {
  return isEmailAddress(email);
}
