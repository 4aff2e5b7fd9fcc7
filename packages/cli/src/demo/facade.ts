import { MailUp, type MailUpConfig, type Routed } from '@mailup-kit/client';
import type { DemoContext, DemoRouting } from './demo-step.js';

/** What {@link demoFacade} adds to the seeded account's configuration. */
export interface DemoFacadeOptions {
  /** Configure the Send API and the SMTP+ relay (the seeded SMTP+ user, the emulator's CA). */
  transactional?: boolean;
  /** The SMS API of list 1 with this ListSecret. */
  smsListSecret?: string;
}

/**
 * The facade on the emulator's seeded account: REST (logged in with the password grant), SOAP, WSMailUpImport and
 * the frontend pages, plus the transactional members when asked. TLS verification stays on (the emulator's CA).
 */
export async function demoFacade(ctx: DemoContext, options: DemoFacadeOptions = {}): Promise<MailUp> {
  const a = ctx.account;
  const data = ctx.emulator.store.account(a.id);
  const config: MailUpConfig = {
    account: a.id,
    oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
    soap: { user: a.apiUser, password: a.apiPassword },
    consoleUrl: ctx.urls.http,
    allowInsecureHttp: true,
    listGuids: { 1: data.list(1).guid },
    baseUrls: { rest: ctx.urls.http, soap: ctx.urls.http, sendApi: ctx.urls.http, smsApi: ctx.urls.http },
  };
  if (options.transactional) {
    const user = [...data.smtpUsers.values()][0];
    if (!user) throw new Error('the seeded account has no SMTP+ user');
    const { ca } = (await ctx.emulator.control.action('smtp.ca', {})) as { ca: string };
    const smtp = new URL(ctx.urls.smtp ?? '');
    Object.assign(config, {
      smtpPlus: { user: user.username, password: user.secret },
      baseUrls: { ...config.baseUrls, smtp: { host: smtp.hostname, port: Number(smtp.port) } },
      tls: { ca },
    });
  }
  if (options.smsListSecret !== undefined) {
    Object.assign(config, { sms: { 1: { listGuid: data.list(1).guid, listSecret: options.smsListSecret } } });
  }
  const mailup = new MailUp(config);
  const { oauth, tokens } = mailup;
  if (oauth && tokens) {
    await tokens.save(
      await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword, signal: ctx.signal }),
    );
  }
  return mailup;
}

/**
 * How `routed` served `operation`: the serving transport, the fallback taken (each failed attempt with its error
 * kind, then the one that served) and the budget its policy rows have left now (from `plan()`, which touches no
 * network); `unlimited` when no row bounds it.
 */
export async function routingOf(mailup: MailUp, operation: string, routed: Routed): Promise<DemoRouting> {
  const plan = await mailup.plan(operation);
  const served = plan.candidates.find((c) => c.via === routed.via);
  const failed = routed.attempts.filter((t) => t.outcome !== 'ok');
  return {
    operation,
    servedBy: routed.via,
    ...(failed.length > 0
      ? { fallback: `${failed.map((t) => `${t.via} (${t.outcome})`).join(' → ')} → ${routed.via}` }
      : {}),
    budgetLeft:
      served?.budgetLeft !== undefined && Number.isFinite(served.budgetLeft) ? served.budgetLeft : 'unlimited',
  };
}
