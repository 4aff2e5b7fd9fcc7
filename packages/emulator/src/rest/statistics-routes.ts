import { randomBytes } from 'node:crypto';
import type { AccountData } from '../store/account-data.js';
import type { EmulatorStatEvent, StatEventKind } from '../store/message-content.js';
import type { EmulatorRequest } from '../types.js';
import { bool, fail, int, type RestKit, type RestRoute, restDate, str, validEmail } from './route-helpers.js';

/** MailStatistics message lists and counts (REFERENCE §6.6): name → event kind (+ item shape). */
const MESSAGE_LISTS = ['Recipients', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks', 'UrlClicks', 'UrlClickDetails'];
const MESSAGE_COUNTS = ['Recipients', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks', 'UrlClicks'];
const RECIPIENT_LISTS = [
  'Deliveries',
  'Views',
  'Bounces',
  'BouncesDetails',
  'Unsubscriptions',
  'Clicks',
  'ClicksDetails',
];
const RECIPIENT_COUNTS = ['Deliveries', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks'];

function kindOf(name: string): StatEventKind {
  if (name === 'Recipients' || name === 'Deliveries') return 'delivery';
  if (name === 'Views') return 'view';
  if (name.startsWith('Bounces')) return 'bounce';
  if (name === 'Unsubscriptions') return 'unsubscription';
  return 'click';
}

/** Items of a statistics list: one per recipient (per URL for URL clicks), with `Count` for clicks. */
function items(data: AccountData, events: EmulatorStatEvent[], name: string): Record<string, unknown>[] {
  if (name === 'UrlClicks') {
    const byUrl = new Map<string, number>();
    for (const e of events) byUrl.set(e.url ?? '', (byUrl.get(e.url ?? '') ?? 0) + 1);
    return [...byUrl].map(([url, count], i) => ({ Count: count, IdUrl: i + 1, Url: url }));
  }
  const detailed = name.endsWith('Details');
  if (detailed) {
    return events.map((e) => ({
      Date: restDate(e.at),
      Email: data.recipients.get(e.recipientId)?.email ?? '',
      IdMessage: e.messageId,
      IdRecipient: e.recipientId,
      ...(e.kind === 'bounce' ? { Type: e.bounceType ?? 'Hard' } : { Url: e.url ?? '' }),
    }));
  }
  const rows = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const key = `${e.messageId}:${e.recipientId}`;
    const row = rows.get(key) ?? {
      Email: data.recipients.get(e.recipientId)?.email ?? '',
      IdMessage: e.messageId,
      IdRecipient: e.recipientId,
      ...(e.kind === 'bounce' ? { Type: e.bounceType ?? 'Hard' } : {}),
      ...(e.kind === 'click' ? { Count: 0 } : {}),
    };
    if (e.kind === 'click') row.Count = (row.Count as number) + 1;
    rows.set(key, row);
  }
  return [...rows.values()];
}

function countOf(events: EmulatorStatEvent[], name: string): number {
  if (name === 'UrlClicks') return new Set(events.map((e) => e.url ?? '')).size;
  if (name === 'Clicks') return events.length;
  return new Set(events.map((e) => e.recipientId)).size;
}

const KEYS_BY_LIST: Record<string, string[]> = {
  UrlClicks: ['Count', 'IdUrl', 'Url'],
  Bounces: ['Email', 'IdMessage', 'IdRecipient', 'Type'],
  BouncesDetails: ['Date', 'Email', 'IdMessage', 'IdRecipient', 'Type'],
  Clicks: ['Email', 'IdMessage', 'IdRecipient', 'Count'],
  ClicksDetails: ['Date', 'Email', 'IdMessage', 'IdRecipient', 'Url'],
  UrlClickDetails: ['Date', 'Email', 'IdMessage', 'IdRecipient', 'Url'],
};

function events(k: RestKit, req: EmulatorRequest, by: 'messageId' | 'recipientId', name: string) {
  const id = k.id(req, by === 'messageId' ? 'idMessage' : 'idRecipient');
  const kind = kindOf(name);
  return k.data(req).statEvents.filter((e) => e[by] === id && e.kind === kind);
}

function lists(prefix: 'Message/{idMessage}' | 'Recipient/{idRecipient}', names: string[]): RestRoute[] {
  return names.map((name) => ({
    method: 'GET',
    service: 'MailStatistics',
    path: `${prefix}/List/${name}`,
    xml: `MailStatistics${name}Item`,
    handler: (req, k) => {
      const by = prefix.startsWith('Message') ? 'messageId' : 'recipientId';
      return k.page(
        req,
        items(k.data(req), events(k, req, by, name), name),
        KEYS_BY_LIST[name] ?? ['Email', 'IdMessage', 'IdRecipient'],
      );
    },
  }));
}

function counts(prefix: 'Message/{idMessage}' | 'Recipient/{idRecipient}', names: string[]): RestRoute[] {
  return names.map((name) => ({
    method: 'GET',
    service: 'MailStatistics',
    path: `${prefix}/Count/${name}`,
    xml: 'int',
    handler: (req, k) =>
      k.ok(countOf(events(k, req, prefix.startsWith('Message') ? 'messageId' : 'recipientId', name), name)),
  }));
}

/** MailStatistics (REFERENCE §6.6), SMTP+ users and priorities, public trial provisioning (§6.5). */
export const STATISTICS_ROUTES: readonly RestRoute[] = [
  ...lists('Message/{idMessage}', MESSAGE_LISTS),
  ...counts('Message/{idMessage}', MESSAGE_COUNTS),
  ...lists('Recipient/{idRecipient}', RECIPIENT_LISTS),
  ...counts('Recipient/{idRecipient}', RECIPIENT_COUNTS),
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/SmtpPlusPriorities',
    xml: 'ConsoleSmtpPlusPriority',
    handler: (_req, k) =>
      k.ok(
        ['VeryHigh', 'High', 'Normal', 'Low', 'VeryLow'].map((name, i) => ({
          PriorityCode: i + 1,
          PriorityName: name,
        })),
      ),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/SmtpPlus',
    xml: 'ConsoleSmtpPlusUser',
    handler: (req, k) => {
      const list = k.list(req);
      const body = k.object(req);
      const priority = int(body, 'PriorityCode') ?? 3;
      if (priority < 1 || priority > 5) fail(400, 'PriorityCode must be 1 to 5');
      const strings = (name: string) => {
        const raw = body[name] ?? [];
        if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string'))
          fail(400, `${name} must be an array of strings`);
        return raw as string[];
      };
      const senders = strings('TrustedSenders');
      const domains = strings('TrustedDomains');
      for (const s of senders) {
        const domain = s.split('@')[1]?.toLowerCase();
        if (!domain || !domains.some((d) => d.toLowerCase() === domain)) {
          fail(400, `Trusted sender ${s} is not confirmed (StatusCode must be 1): its domain is not trusted`);
        }
      }
      const user = k.data(req).addSmtpUser({
        secret: randomBytes(12).toString('base64url'),
        listId: list.id,
        enabled: bool(body, 'IsEnabled') ?? true,
        priority,
        trustedSenders: senders,
        trustedDomains: domains,
      });
      const now = restDate(k.now());
      return k.ok({
        IsEnabled: user.enabled,
        Note: str(body, 'Note') ?? '',
        Password: user.secret,
        PriorityCode: priority,
        TrustedDomains: domains,
        TrustedSenders: senders.map((email, i) => ({
          AuthorizationDate: now,
          CreationDate: now,
          EmailAddress: email,
          IdTrustedSender: i + 1,
          StatusCode: 1,
          StatusDescription: 'Confirmed',
          UpdateDate: now,
        })),
        Username: user.username,
        idList: list.id,
      });
    },
  },
  {
    method: 'POST',
    service: 'Public',
    path: 'Console/TrialActivation',
    xml: 'TrialActivationResult',
    handler: (req, k) => {
      const body = k.object(req);
      const email = str(body, 'Email');
      if (!email || !validEmail(email)) fail(400, 'Mandatory field missing: Email');
      const id = k.trials.size + 1;
      k.trials.set(id, { email, createdAt: k.now() });
      return k.ok({ Id: id, Status: 'Pending' });
    },
  },
  {
    method: 'POST',
    service: 'Public',
    path: 'Console/TrialActivationStatus',
    xml: 'TrialActivationResult',
    handler: (req, k) => {
      const id = int(k.object(req), 'Id');
      const trial = id === undefined ? undefined : k.trials.get(id);
      if (!trial || id === undefined) fail(404, 'Trial activation not found');
      return k.ok({ Id: id, Status: k.now() - trial.createdAt >= 60_000 ? 'Completed' : 'Pending' });
    },
  },
];
