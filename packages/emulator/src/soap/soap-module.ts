import { randomUUID } from 'node:crypto';
import type { Protocol } from '@mailup-kit/core';
import { soapFormatter as soapFormatterFor } from '../answers/soap-formatter.js';
import { soapActionMethod } from '../pipeline/soap-envelope.js';
import type { AccountData } from '../store/account-data.js';
import type {
  AnswerFormatter,
  EmulatorContext,
  EmulatorModule,
  EmulatorRequest,
  EmulatorResponse,
  Resolver,
} from '../types.js';
import { IMPORT_METHODS, type PendingImport } from './import-methods.js';
import { BindError, CallArgs, SoapAnswer } from './soap-args.js';
import {
  EnvelopeError,
  readEnvelope,
  type SoapEnvVersion,
  soapResponse,
  soapVersionFault,
  versionOfContentType,
  xmlEscape,
} from './soap-envelope-reader.js';
import { INVALID, MANAGE_METHODS, type MethodBody, REPORT_METHODS, SEND_METHODS } from './soap-methods.js';
import { importDoc, resultDoc } from './soap-results.js';
import { EMU_SERVICES, type EmuMethod, type EmuService, type EmuServiceName, emuMethod } from './soap-services.js';
import { emulatorWsdl } from './soap-wsdl.js';
import { wsActivationRoute } from './wsactivation.js';

/** Access keys live 60 minutes from login, never extended by use (REFERENCE §3.3). */
export const ACCESS_KEY_TTL_MS = 3_600_000;

/** What the authenticate gate learned about a SOAP call, for the later gates and the handler. */
/** What reading a SOAP request gave: the call, or the fault to answer; and the envelope when there was one. */
interface ReadCall {
  call?: SoapCall & { authentication?: Record<string, string> | undefined };
  answer?: EmulatorResponse;
  envelope?: ReturnType<typeof readEnvelope> | EnvelopeError;
}

/** The SOAP module's `req.resolved.parsed`: the request read once, and the call once its arguments are bound. */
class SoapRead {
  /** Set by the authenticate gate once the arguments bound; the authorize gate and the handler run it. */
  bound: SoapCall | undefined;
  constructor(readonly read: ReadCall) {}
  get envelope(): ReadCall['envelope'] {
    return this.read.envelope;
  }
}

interface SoapCall {
  service: EmuService;
  method: EmuMethod;
  version: SoapEnvVersion;
  /** `http` for the Import service's HttpGet / HttpPost bindings. */
  binding: 'soap' | 'http';
  args: CallArgs;
  accountId?: number;
}

const METHODS: Record<Exclude<EmuServiceName, 'WSMailUpImport'>, Record<string, MethodBody>> = {
  MailupSend: SEND_METHODS,
  MailupManage: MANAGE_METHODS,
  MailupReport: REPORT_METHODS,
};

function protocolOf(service: EmuService): Protocol {
  return service.name === 'WSMailUpImport' ? 'import' : 'soap';
}

/** The answer carrying a result document (or an int) the way the call came in. */
function answer(call: SoapCall, result: string | number): EmulatorResponse {
  if (call.binding === 'http') {
    const tag = call.method.returnsInt ? 'int' : 'string';
    return {
      status: 200,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: `<?xml version="1.0" encoding="utf-8"?><${tag} xmlns="${call.service.ns}">${xmlEscape(String(result))}</${tag}>`,
    };
  }
  return soapResponse(call.version, call.service.ns, call.method.name, result);
}

/** A service's error as its result document: `errorCode` for Send/Manage/Report, `ReturnCode` for Import. */
function errorAnswer(call: SoapCall, code: number, description: string): EmulatorResponse {
  if (call.service.name === 'WSMailUpImport') return answer(call, importDoc(code));
  if (call.method.returnsInt) return answer(call, code < 0 ? code : -1);
  return answer(call, resultDoc(call.method.name, '', code, description));
}

function fault(req: EmulatorRequest, client: boolean, text: string): EmulatorResponse {
  return soapVersionFault(versionOfContentType(req.headers['content-type']), client, text);
}

/** SOAP problems (throttling, too large …) as faults in the request's SOAP version. */
function versionedFormatter(protocol: 'soap' | 'import', base: AnswerFormatter): AnswerFormatter {
  return {
    protocol,
    problem(problem, req) {
      const rendered = base.problem(problem, req);
      if (!req || versionOfContentType(req.headers['content-type']) === '1.1') return rendered;
      const text = /<faultstring>([\s\S]*?)<\/faultstring>/.exec(String(rendered.body ?? ''))?.[1] ?? 'error';
      const decoded = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      return {
        ...soapVersionFault('1.2', problem.kind !== 'internal' && problem.kind !== 'throttled', decoded),
        status: rendered.status,
      };
    },
  };
}

/** Credentials of an Import HTTP GET/POST call: `User`/`Password` parameters or HTTP Basic (INFERRED: NOT FOUND). */
function httpAuthentication(req: EmulatorRequest, params: URLSearchParams): Record<string, string> | undefined {
  const pick = (name: string) => {
    for (const [k, v] of params) if (k.toLowerCase() === name) return v;
    return undefined;
  };
  const user = pick('user');
  const password = pick('password');
  if (user !== undefined || password !== undefined) return { User: user ?? '', Password: password ?? '' };
  const basic = /^basic\s+(\S+)/i.exec(String(req.headers.authorization ?? ''));
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { User: decoded.slice(0, colon), Password: decoded.slice(colon + 1) };
}

/**
 * Login's `url`: the bare console host (REFERENCE §3, P:send v14: a full URL makes it fail), with an optional
 * `:port` — the console host a module is configured with is the emulator's own `host:port` locally. An IPv6
 * address is bracketed. One pass, no backtracking.
 */
const CONSOLE_HOST =
  /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]?\d{1,4}))?$/i;

/**
 * MailUp's SOAP web services on the shared store (REFERENCE §2–3): MailUpSend, MailUpManage, MailUpReport at
 * `/MailupSend.asmx` … and WSMailUpImport at `/Services/WSMailupImport.asmx` (paths case-insensitive), SOAP 1.1 and
 * 1.2, `?WSDL` (any case) answering the emulator's own WSDLs, the Import service's HttpGet / HttpPost bindings at
 * `…/WSMailupImport.asmx/<Method>`, and `/frontend/WSActivation.aspx`. Access keys (store.accessKeys) live 60
 * minutes on the emulator clock from login and die at Logout; Import calls check the `Authentication` header, the
 * MailUpImport switch (-1006 / -1007), the IP allow-list (-1011 / -1012) and the contract (-1014). Malformed
 * envelopes are SOAP faults. Control action `soap.expireKeys` expires every live key now.
 */
export function soapModule(): EmulatorModule {
  let ctx: EmulatorContext;
  /**
   * The SOAP call a request carries, read once by the route's resolver (the envelope for the policy row, the
   * gates and the handler alike) and kept on `req.resolved.parsed`.
   */
  function readOf(req: EmulatorRequest): SoapRead | undefined {
    return req.resolved?.parsed instanceof SoapRead ? req.resolved.parsed : undefined;
  }

  /**
   * Resolver of a SOAP POST: reads the envelope into the call the handler runs (not a scan of the raw body: a
   * commented-out `<type>ID</type>` is no argument), so the throttle picks the policy row of the call made.
   */
  function resolveEnvelope(service: EmuService): Resolver {
    return (req) => {
      const read = new SoapRead(readCall(req, service));
      const envelope = read.envelope;
      const operation =
        soapActionMethod(req.headers.soapaction) ?? (envelope instanceof EnvelopeError ? undefined : envelope?.method);
      return {
        ...(operation ? { operation } : {}),
        ...(envelope === undefined || envelope instanceof EnvelopeError ? {} : { input: envelope.args }),
        parsed: read,
      };
    };
  }

  /** Resolver of the Import service's HttpGet / HttpPost bindings (`…/WSMailupImport.asmx/<Method>`). */
  function resolveHttpBinding(service: EmuService): Resolver {
    return (req) => ({
      operation: emuMethod(service, req.params.method ?? '')?.name ?? req.params.method ?? service.name,
      parsed: new SoapRead(readCall(req, service)),
    });
  }
  /** Prepared imports waiting for StartProcess (the feed is not domain data until it runs). */
  const pending = new Map<string, PendingImport>();

  const purge = () => {
    const now = ctx.clock.now();
    for (const [key, record] of ctx.store.accessKeys) if (record.expiresAt <= now) ctx.store.accessKeys.delete(key);
  };

  function readCall(req: EmulatorRequest, service: EmuService): ReadCall {
    const httpMethod = req.params.method;
    if (httpMethod !== undefined) {
      const method = emuMethod(service, httpMethod);
      if (!method)
        return {
          answer: {
            status: 500,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
            body: `Request format is unrecognized for URL unexpectedly ending in '/${httpMethod}'.`,
          },
        };
      const form = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.query;
      const values: Record<string, string> = {};
      for (const p of method.params) {
        for (const [k, v] of form) if (k.toLowerCase() === p.name.toLowerCase()) values[p.name] = v;
      }
      const call: SoapCall = { service, method, version: '1.1', binding: 'http', args: new CallArgs(method, values) };
      const auth = httpAuthentication(req, form);
      return { call: Object.assign(call, { authentication: auth }) };
    }
    let envelope: ReturnType<typeof readEnvelope>;
    try {
      envelope = readEnvelope(req.body.toString('utf8'));
    } catch (error) {
      const read = error instanceof EnvelopeError ? error : new EnvelopeError('the request could not be read');
      return { envelope: read, answer: fault(req, true, `Server was unable to read request. ---> ${read.message}`) };
    }
    const method = emuMethod(service, envelope.method);
    const fromHeader = String(req.headers.soapaction ?? '')
      .replace(/"/g, '')
      .trim();
    if (!method || (envelope.methodNs !== undefined && envelope.methodNs !== service.ns)) {
      return {
        envelope,
        answer: soapVersionFault(
          envelope.version,
          true,
          `Server did not recognize the value of HTTP Header SOAPAction: ${fromHeader || envelope.method}.`,
        ),
      };
    }
    const expected = (service.ns.endsWith('/') ? service.ns : `${service.ns}/`) + method.name;
    if (envelope.version === '1.1' && fromHeader && fromHeader !== expected) {
      return {
        envelope,
        answer: soapVersionFault(
          '1.1',
          true,
          `Server did not recognize the value of HTTP Header SOAPAction: ${fromHeader}.`,
        ),
      };
    }
    const call: SoapCall = {
      service,
      method,
      version: envelope.version,
      binding: 'soap',
      args: new CallArgs(method, envelope.args, envelope.options),
    };
    return { envelope, call: Object.assign(call, { authentication: envelope.authentication }) };
  }

  function authenticate(req: EmulatorRequest): EmulatorResponse | undefined {
    const service = EMU_SERVICES[req.route?.tags?.soapService as EmuServiceName];
    if (!service || (req.method === 'GET' && req.params.method === undefined)) return undefined;
    const read = readOf(req)?.read;
    if (!read) return undefined;
    if (!read.call) return read.answer;
    const call = read.call;
    try {
      call.args.bindAll();
    } catch (error) {
      if (error instanceof BindError)
        return call.binding === 'http'
          ? { status: 500, body: error.message }
          : soapVersionFault(call.version, true, error.message);
      throw error;
    }
    (readOf(req) as SoapRead).bound = call;
    const now = ctx.clock.now();
    if (service.name === 'WSMailUpImport') {
      const auth = call.authentication;
      if (!auth?.User || !auth.Password) return errorAnswer(call, -1013, 'missing authentication data');
      const account = ctx.store.accountByUser(auth.User);
      if (!account) return errorAnswer(call, -1001, 'account not valid');
      const password =
        auth.User.toLowerCase() === account.apiUser.toLowerCase() ? account.apiPassword : account.consolePassword;
      if (auth.Password !== password) return errorAnswer(call, -1002, 'password not valid');
      req.auth = { accountId: account.id, scheme: 'api-user', principal: auth.User };
      call.accountId = account.id;
      return undefined;
    }
    // Login / LoginFromId need no key; Logout of an unknown or expired key is already done (idempotent)
    if (!call.method.params.some((p) => p.name === 'accessKey') || call.method.name === 'Logout') return undefined;
    const key = call.args.str('accessKey').trim();
    const record = key ? ctx.store.accessKeys.get(key) : undefined;
    if (!record) return errorAnswer(call, -1101, 'access key not valid');
    if (record.expiresAt <= now) {
      ctx.store.accessKeys.delete(key);
      return errorAnswer(call, -1100, 'access key expired');
    }
    req.auth = { accountId: record.accountId, scheme: 'access-key', principal: `a${record.accountId}` };
    call.accountId = record.accountId;
    return undefined;
  }

  function authorize(req: EmulatorRequest): EmulatorResponse | undefined {
    const call = readOf(req)?.bound;
    if (!call || call.accountId === undefined) return undefined;
    const account = ctx.store.accounts.get(call.accountId);
    if (account && !account.contractSigned) return errorAnswer(call, -1014, 'contract not signed');
    if (call.service.name !== 'WSMailUpImport') return undefined;
    const settings = ctx.store.account(call.accountId).service('MailUpImport');
    if (!settings.enabled) return errorAnswer(call, -1006, 'web service not enabled');
    if (settings.active === false) return errorAnswer(call, -1007, 'web service not active');
    if (settings.deniedIps?.has(req.remoteAddress))
      return errorAnswer(call, -1012, 'IP registered but flagged "deny access"');
    if (settings.checkIp && !settings.allowedIps.has(req.remoteAddress))
      return errorAnswer(call, -1011, 'IP not registered');
    return undefined;
  }

  function login(call: SoapCall): EmulatorResponse {
    const now = ctx.clock.now();
    purge();
    const user = call.args.str('user').trim();
    const normalized = /^\d+$/.test(user) ? `a${user}` : user;
    let accountId: number | undefined;
    if (call.method.name === 'Login') {
      const url = call.args.str('url').trim();
      if (!CONSOLE_HOST.test(url)) return errorAnswer(call, INVALID, 'url must be the bare console host, not a URL');
      accountId = ctx.store.accountByUser(normalized)?.id;
    } else {
      accountId = call.args.int('consoleId');
    }
    const account = accountId === undefined ? undefined : ctx.store.accounts.get(accountId);
    const wanted = normalized.toLowerCase();
    const password =
      account && wanted === account.apiUser.toLowerCase()
        ? account.apiPassword
        : account && wanted === account.consoleUser.toLowerCase()
          ? account.consolePassword
          : undefined;
    if (!account || password === undefined) return errorAnswer(call, -1001, 'account not valid');
    if (call.args.str('pwd') !== password) return errorAnswer(call, -1002, 'password not valid');
    if (!account.contractSigned) return errorAnswer(call, -1014, 'contract not signed');
    const key = randomUUID();
    ctx.store.accessKeys.set(key, { accountId: account.id, issuedAt: now, expiresAt: now + ACCESS_KEY_TTL_MS });
    return answer(call, resultDoc(call.method.name, `<accessKey>${key}</accessKey>`));
  }

  function handle(req: EmulatorRequest): EmulatorResponse {
    const call = readOf(req)?.bound;
    if (!call) return fault(req, true, 'Server was unable to read request.');
    const { service, method } = call;
    if (method.name === 'Login' || method.name === 'LoginFromId') return login(call);
    if (method.name === 'Logout') {
      ctx.store.accessKeys.delete(call.args.str('accessKey').trim());
      return answer(call, resultDoc('Logout', ''));
    }
    const accountId = call.accountId as number;
    const data: AccountData = ctx.store.account(accountId);
    const now = ctx.clock.now();
    try {
      if (service.name === 'WSMailUpImport') {
        const run = IMPORT_METHODS[method.name];
        if (!run) return fault(req, false, `${method.name} is not implemented`);
        const out = run({ store: ctx.store, data, accountId, args: call.args, now, pending });
        return answer(call, importDoc(out.code, out.body ?? ''));
      }
      const body = METHODS[service.name][method.name];
      if (!body) return fault(req, false, `${method.name} is not implemented`);
      const out = body({ store: ctx.store, data, accountId, args: call.args, now });
      return answer(call, typeof out === 'number' ? out : resultDoc(method.name, out));
    } catch (error) {
      if (error instanceof SoapAnswer) return errorAnswer(call, error.code, error.description);
      if (error instanceof BindError) return soapVersionFault(call.version, true, error.message);
      throw error;
    }
  }

  function wsdl(req: EmulatorRequest, service: EmuService): EmulatorResponse {
    const wantsWsdl = [...req.query.keys()].some((k) => k.toLowerCase() === 'wsdl');
    const location = `${ctx.baseUrl()}${service.path}`;
    if (wantsWsdl) {
      return {
        status: 200,
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: emulatorWsdl(service, location),
      };
    }
    const list = service.methods.map((m) => `<li>${m.name}</li>`).join('');
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!DOCTYPE html><html><head><title>${service.name} Web Service</title></head><body><h1>${service.name}</h1><p>The following operations are supported. For a formal definition, please review the <a href="${xmlEscape(location)}?WSDL">Service Description</a>.</p><ul>${list}</ul></body></html>`,
    };
  }

  return {
    name: 'soap',
    reset: () => pending.clear(),
    install(c) {
      ctx = c;
      for (const service of Object.values(EMU_SERVICES)) {
        const protocol = protocolOf(service);
        const tags = { soapService: service.name };
        ctx.route(
          'POST',
          service.path,
          { protocol, operation: service.name, tags, resolve: resolveEnvelope(service) },
          handle,
        );
        ctx.route('GET', service.path, { protocol, operation: 'WSDL', tags }, (req) => wsdl(req, service));
        if (service.httpPorts) {
          for (const verb of ['GET', 'POST']) {
            ctx.route(
              verb,
              `${service.path}/{method}`,
              {
                protocol,
                operation: service.name,
                tags,
                resolve: resolveHttpBinding(service),
              },
              handle,
            );
          }
        }
      }
      const [, activationPath, activationOptions, activation] = wsActivationRoute(() => ctx);
      for (const verb of ['GET', 'POST']) ctx.route(verb, activationPath, activationOptions, activation);
      ctx.gate({ name: 'soap:authenticate', phase: 'authenticate', run: authenticate });
      ctx.gate({ name: 'soap:authorize', phase: 'authorize', run: authorize });
      ctx.formatter(versionedFormatter('soap', soapFormatterFor('soap')));
      ctx.formatter(versionedFormatter('import', soapFormatterFor('import')));
      ctx.action('soap.expireKeys', () => {
        const now = ctx.clock.now();
        let expired = 0;
        for (const record of ctx.store.accessKeys.values()) {
          if (record.expiresAt > now) {
            record.expiresAt = now;
            expired++;
          }
        }
        return { expired };
      });
      ctx.action('soap.keys', () => {
        purge();
        return { live: ctx.store.accessKeys.size };
      });
    },
  };
}
