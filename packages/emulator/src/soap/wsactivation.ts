import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Handler, RouteOptions } from '../types.js';
import { importDoc, x } from './soap-results.js';

const SERVICE_NAMES: Record<string, 'FrontEnd' | 'MailUpImport'> = {
  frontend: 'FrontEnd',
  wsmailupimport: 'MailUpImport',
  ws_mailupimport: 'MailUpImport',
  mailupimport: 'MailUpImport',
};

function answer(code: number, body = ''): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: importDoc(code, body) };
}

/**
 * `GET|POST /frontend/WSActivation.aspx?usr&pwd&nl_url&ws_name` (REFERENCE §2.1): switches a web service's
 * activation on and registers the caller's address in its IP allow-list. Missing parameters add up their flags
 * (-2 ws_name, -4 usr, -8 pwd, -16 nl_url); -1001 / -1002 bad credentials, -1006 service switched off in the
 * console, -1008 already active for this address, -1009 unknown service name. Parameter names case-insensitive.
 */
export function wsActivationRoute(ctx: () => EmulatorContext): [string, string, RouteOptions, Handler] {
  const handler: Handler = (req: EmulatorRequest) => {
    const params = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.query;
    const get = (name: string) => {
      for (const [k, v] of params) if (k.toLowerCase() === name) return v.trim();
      return '';
    };
    const wsName = get('ws_name');
    const usr = get('usr');
    const pwd = get('pwd');
    const nlUrl = get('nl_url');
    const missing = (wsName ? 0 : 2) + (usr ? 0 : 4) + (pwd ? 0 : 8) + (nlUrl ? 0 : 16);
    if (missing) return answer(-missing);
    const { store, clock } = ctx();
    const account = store.accountByUser(usr);
    if (!account) return answer(-1001);
    const password =
      usr.toLowerCase() === account.apiUser.toLowerCase() ? account.apiPassword : account.consolePassword;
    if (pwd !== password) return answer(-1002);
    const name = SERVICE_NAMES[wsName.toLowerCase()];
    if (!name) return answer(-1009);
    const settings = store.account(account.id).service(name);
    if (!settings.enabled) return answer(-1006);
    if (settings.active !== false && settings.allowedIps.has(req.remoteAddress)) return answer(-1008);
    settings.active = true;
    settings.allowedIps.add(req.remoteAddress);
    const date = new Date(clock.now()).toISOString().slice(0, 10);
    return answer(
      0,
      `<WS_Activation><WS_Name>${x(wsName)}</WS_Name><DateOfRequest>${date}</DateOfRequest><User>${x(usr)}</User></WS_Activation>`,
    );
  };
  return ['GET', '/frontend/WSActivation.aspx', { protocol: 'frontend', operation: 'WSActivation.aspx' }, handler];
}
