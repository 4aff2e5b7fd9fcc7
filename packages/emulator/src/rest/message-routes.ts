import type { AccountData } from '../store/account-data.js';
import type { EmulatorMessage } from '../store/sending.js';
import type { EmulatorRequest } from '../types.js';
import {
  bool,
  fail,
  type RestHandler,
  type RestKit,
  type RestRoute,
  requiredStr,
  restDate,
  str,
} from './route-helpers.js';

const EMAIL_ITEM_KEYS = ['CreationDate', 'Notes', 'Subject', 'idList', 'idMessage', 'ServiceType'];
const TAG_KEYS = ['Enabled', 'Id', 'Name'];
const TEMPLATE_KEYS = ['Id', 'Name', 'Subject', 'idList'];

function emailItem(m: EmulatorMessage) {
  return {
    CreationDate: restDate(m.createdAt),
    Notes: m.notes ?? '',
    Subject: m.subject,
    idList: m.listId,
    idMessage: m.id,
    ServiceType: 0,
  };
}

function emailDetails(data: AccountData, m: EmulatorMessage) {
  return {
    Subject: m.subject,
    idList: m.listId,
    idMessage: m.id,
    Content: m.content,
    Embed: m.embed ?? false,
    Fields: [],
    IsConfirmation: m.isConfirmation ?? false,
    Notes: m.notes ?? '',
    Tags: (m.tagIds ?? [])
      .map((id) => data.tags.get(id))
      .filter((t) => t !== undefined)
      .map((t) => ({ Enabled: t.enabled, Id: t.id, Name: t.name })),
    TrackingInfo: { CustomParams: '', Enabled: true, Protocols: ['http:', 'https:'] },
  };
}

function tagIdsOf(data: AccountData, listId: number, raw: unknown): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) fail(400, 'Field Tags must be an array');
  return raw.map((t) => {
    const id = typeof t === 'number' ? t : (t as Record<string, unknown> | null)?.Id;
    if (typeof id !== 'number' || data.tags.get(id)?.listId !== listId) fail(400, `Unknown tag: ${JSON.stringify(t)}`);
    return id;
  });
}

function applyEmailBody(data: AccountData, m: EmulatorMessage, body: Record<string, unknown>): void {
  m.subject = str(body, 'Subject') ?? m.subject;
  m.content = str(body, 'Content') ?? m.content;
  m.notes = str(body, 'Notes') ?? m.notes;
  m.embed = bool(body, 'Embed') ?? m.embed;
  m.isConfirmation = bool(body, 'IsConfirmation') ?? m.isConfirmation;
  m.tagIds = tagIdsOf(data, m.listId, body.Tags) ?? m.tagIds;
}

/** Base64 as MailUp accepts it: no CR/LF (HTTP 400 otherwise), valid alphabet. */
function base64Size(value: string): number {
  if (/[\r\n]/.test(value)) fail(400, 'Base64Data must not contain CR or LF');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) fail(400, 'Base64Data is not valid base64');
  return Math.floor((value.length * 3) / 4) - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0);
}

function message(k: RestKit, req: EmulatorRequest) {
  const list = k.list(req);
  const id = k.id(req, 'idMessage');
  const m = k.data(req).messages.get(id);
  if (!m || m.listId !== list.id || m.channel !== 'email') fail(404, `Message ${id} not found`);
  return m;
}

function created(k: RestKit, m: EmulatorMessage) {
  return k.ok({ Subject: m.subject, idList: m.listId, idMessage: m.id });
}

function listEmails(filter: (m: EmulatorMessage) => boolean): RestHandler {
  return (req, k) => {
    const list = k.list(req);
    const items = [...k.data(req).messages.values()]
      .filter((m) => m.listId === list.id && m.channel === 'email' && filter(m))
      .map(emailItem);
    return k.page(req, items, EMAIL_ITEM_KEYS);
  };
}

function tag(k: RestKit, req: EmulatorRequest) {
  const list = k.list(req);
  const id = k.id(req, 'idTag');
  const t = k.data(req).tags.get(id);
  if (!t || t.listId !== list.id) fail(404, `Tag ${id} not found`);
  return t;
}

function uploadImage(k: RestKit, req: EmulatorRequest, listId: number | undefined) {
  const body = k.object(req);
  const name = requiredStr(body, 'Name');
  if (!/^[\w.\- ]{1,200}$/.test(name)) fail(400, 'Invalid image name');
  base64Size(requiredStr(body, 'Base64Data'));
  const data = k.data(req);
  const url = `${k.ctx.baseUrl()}/images/${data.accountId}/${listId ?? 'account'}/${encodeURIComponent(name)}`;
  data.addImage({ url, listId, name });
  return k.ok(url);
}

/** Email messages, tags, attachments, images and templates (REFERENCE §6.5). */
export const MESSAGE_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Email',
    xml: 'ConsoleEmailMessageItem',
    handler: (req, k) => {
      const list = k.list(req);
      const body = k.object(req);
      const data = k.data(req);
      const m = data.addMessage({
        listId: list.id,
        channel: 'email',
        subject: requiredStr(body, 'Subject'),
        content: str(body, 'Content') ?? '',
        createdAt: k.now(),
      });
      applyEmailBody(data, m, body);
      return created(k, m);
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Email/Template/{idTemplate}',
    xml: 'ConsoleEmailMessageItem',
    handler: (req, k) => {
      const list = k.list(req);
      const data = k.data(req);
      const id = k.id(req, 'idTemplate');
      const t = data.templates.get(id);
      if (!t || t.listId !== list.id) fail(404, `Template ${id} not found`);
      return created(
        k,
        data.addMessage({
          listId: list.id,
          channel: 'email',
          subject: t.subject,
          content: t.content,
          createdAt: k.now(),
        }),
      );
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}',
    xml: 'ConsoleEmailMessageItem',
    handler: (req, k) => {
      const source = message(k, req);
      const { id: _id, ...copy } = source;
      return created(k, k.data(req).addMessage({ ...copy, subject: `${source.subject}`, createdAt: k.now() }));
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Emails',
    xml: 'ConsoleEmailMessageItem',
    handler: listEmails((m) => m.archived !== true),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Online/Emails',
    xml: 'ConsoleEmailMessageItem',
    handler: listEmails((m) => m.visibleOnline === true),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Archived/Emails',
    xml: 'ConsoleEmailMessageItem',
    handler: listEmails((m) => m.archived === true),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/User/Emails',
    xml: 'ConsoleEmailMessageItem',
    handler: (req, k) =>
      k.page(
        req,
        [...k.data(req).messages.values()].filter((m) => m.channel === 'email').map(emailItem),
        EMAIL_ITEM_KEYS,
      ),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}',
    xml: 'ConsoleEmailMessageDetails',
    handler: (req, k) => k.ok(emailDetails(k.data(req), message(k, req))),
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}',
    xml: 'ConsoleEmailMessageDetails',
    handler: (req, k) => {
      const m = message(k, req);
      applyEmailBody(k.data(req), m, k.object(req));
      return k.ok(emailDetails(k.data(req), m));
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}',
    handler: (req, k) => {
      const m = message(k, req);
      k.data(req).deleteMessage(m.id);
      return k.empty();
    },
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}/Online/Visibility',
    handler: (req, k) => {
      const m = message(k, req);
      const body = k.body(req);
      const visible =
        typeof body === 'boolean'
          ? body
          : body && typeof body === 'object'
            ? ((body as Record<string, unknown>).visibility ?? (body as Record<string, unknown>).Visible)
            : undefined;
      if (typeof visible !== 'boolean') fail(400, 'The body must be true or false');
      m.visibleOnline = visible;
      return k.empty();
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}/Attachment',
    xml: 'ConsoleAttachmentItem',
    handler: (req, k) => {
      const m = message(k, req);
      const items = [...k.data(req).attachments.values()]
        .filter((a) => a.messageId === m.id)
        .sort((a, b) => a.slot - b.slot)
        .map((a) => ({ Name: a.name, Slot: a.slot, idList: m.listId, idMessage: m.id }));
      return k.ok(items);
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}/Attachment/{slot}',
    xml: 'ConsoleAttachmentItem',
    handler: (req, k) => {
      const m = message(k, req);
      const slot = k.id(req, 'slot');
      if (slot > 5) fail(400, 'Slot must be 1 to 5');
      const body = k.object(req);
      const name = requiredStr(body, 'Name');
      const size = base64Size(requiredStr(body, 'Base64Data'));
      k.data(req).setAttachment({ messageId: m.id, slot, name, size });
      return k.ok({ Name: name, Slot: slot, idList: m.listId, idMessage: m.id });
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}/Attachment/{slot}',
    handler: (req, k) => {
      const m = message(k, req);
      const slot = k.id(req, 'slot');
      if (!k.data(req).deleteAttachment(m.id, slot)) fail(404, `No attachment in slot ${slot}`);
      return k.empty();
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Tags',
    xml: 'ConsoleTagItem',
    handler: (req, k) => {
      const list = k.list(req);
      const items = [...k.data(req).tags.values()]
        .filter((t) => t.listId === list.id)
        .sort((a, b) => b.id - a.id)
        .map((t) => ({ Enabled: t.enabled, Id: t.id, Name: t.name }));
      return k.page(req, items, TAG_KEYS);
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Tag',
    xml: 'ConsoleTagItem',
    handler: (req, k) => {
      const list = k.list(req);
      const name = k.body(req);
      if (typeof name !== 'string' || name.trim() === '' || name.length > 50) {
        fail(400, 'The body must be the tag name as a JSON string (1 to 50 characters)');
      }
      const t = k.data(req).addTag(list.id, name);
      return k.ok({ Enabled: t.enabled, Id: t.id, Name: t.name });
    },
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/List/{idList}/Tag/{idTag}',
    xml: 'ConsoleTagItem',
    handler: (req, k) => {
      const t = tag(k, req);
      const body = k.object(req);
      t.name = str(body, 'Name') ?? t.name;
      t.enabled = bool(body, 'Enabled') ?? t.enabled;
      return k.ok({ Enabled: t.enabled, Id: t.id, Name: t.name });
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}/Tag/{idTag}',
    handler: (req, k) => {
      k.data(req).deleteTag(tag(k, req).id);
      return k.empty();
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Images',
    xml: 'string',
    handler: (req, k) => {
      const list = k.list(req);
      return k.ok(
        k
          .data(req)
          .images.filter((i) => i.listId === list.id)
          .map((i) => i.url),
      );
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Images',
    xml: 'string',
    handler: (req, k) => uploadImage(k, req, k.list(req).id),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Images',
    xml: 'string',
    handler: (req, k) => k.ok(k.data(req).images.map((i) => i.url)),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Images',
    xml: 'string',
    handler: (req, k) => uploadImage(k, req, undefined),
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/Images',
    handler: (req, k) => {
      const path = k.body(req);
      if (typeof path !== 'string' || path === '') fail(400, 'The body must be the image path as a JSON string');
      const data = k.data(req);
      const image = data.images.find((i) => i.url === path || new URL(i.url).pathname === path);
      if (!image) fail(404, 'Image not found');
      data.deleteImage(image.url);
      return k.empty();
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Templates',
    xml: 'ConsoleTemplateItem',
    handler: (req, k) => {
      const list = k.list(req);
      const items = [...k.data(req).templates.values()]
        .filter((t) => t.listId === list.id)
        .map((t) => ({ Id: t.id, Name: t.name, Subject: t.subject, idList: t.listId }));
      return k.page(req, items, TEMPLATE_KEYS);
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Templates/{idTemplate}',
    xml: 'ConsoleTemplateDetails',
    handler: (req, k) => {
      const list = k.list(req);
      const id = k.id(req, 'idTemplate');
      const t = k.data(req).templates.get(id);
      if (!t || t.listId !== list.id) fail(404, `Template ${id} not found`);
      return k.ok({ Content: t.content, Id: t.id, Name: t.name, Subject: t.subject, idList: t.listId });
    },
  },
];
