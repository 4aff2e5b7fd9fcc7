import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filter, orderBy, REST_OPERATIONS, type RestClient } from '../src/index.js';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const NEW_LIST = {
  Name: 'Spring news',
  Business: true,
  Customer: true,
  OwnerEmail: 'owner@example.com',
  ReplyTo: 'reply@example.com',
  NLSenderName: 'Example',
  CompanyName: 'Example Srl',
  ContactName: 'Ada',
  Address: 'Via Roma 1',
  City: 'Milano',
  CountryCode: 'IT',
  PermissionReminder: 'You signed up on our site',
  WebSiteUrl: 'https://example.com',
  UseDefaultSettings: true,
};

/** Every row of the client's table is exercised below; the last test checks the emulator counted each one. */
describe('REST resources through RestClient against the emulator (real sockets)', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let rest: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.control.action('throttle.enabled', { enabled: false }); // the 5/s policy has its own tests
    session = await restSession(emulator);
    rest = session.rest;
  });
  afterAll(async () => {
    session.close();
    await emulator.close();
  });

  it('account: info and details, JSON and XML parsed into the same model', async () => {
    const info = await rest.account.info();
    expect(info).toMatchObject({ UID: '51234', Username: 'm51234', IsTrial: false });
    expect(await rest.account.info({ accept: 'xml' })).toEqual(info);
    const details = await rest.account.details();
    expect(details.CreditsByList.map((c) => c.ListId)).toEqual([1, 2]);
    expect(await rest.account.details({ accept: 'xml' })).toEqual(details);
  });

  it('lists: create with the sender data, read, update, countries, time zones, delete with If-Match', async () => {
    const created = await rest.lists.create(NEW_LIST);
    expect(created).toMatchObject({ Name: 'Spring news', OwnerEmail: 'owner@example.com' });
    expect((await rest.lists.get(created.IdList)).ListGuid).toBe(created.ListGuid);
    expect((await rest.lists.update(created.IdList, { Description: 'All the news' })).Description).toBe('All the news');
    expect((await rest.lists.all().toArray()).map((l) => l.IdList)).toContain(created.IdList);
    expect((await rest.lists.ofUser().page()).TotalElementsCount).toBe(3);
    expect((await rest.lists.countries()).some((c) => c.CountryCode === 'IT')).toBe(true);
    expect((await rest.lists.timeZones()).some((z) => z.TimeZoneCode === 'UTC+01:00.0')).toBe(true);
    const wrong = await rest.lists
      .delete(created.IdList, '00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'conflict', httpStatus: 412 });
    await rest.lists.delete(created.IdList, created.ListGuid);
    expect(await rest.lists.get(created.IdList).catch((e: unknown) => e)).toMatchObject({ kind: 'not-found' });
  });

  it('groups: create, list, update, delete, the groups of a recipient', async () => {
    const g = await rest.groups.create(1, { Name: 'VIP', Notes: 'best customers' });
    expect(g).toMatchObject({ Name: 'VIP', idList: 1 });
    expect((await rest.groups.update(1, g.idGroup, { Name: 'VIPs' })).Name).toBe('VIPs');
    const id = await rest.recipients.addToGroup(g.idGroup, { Email: 'vip@example.com', Name: 'Vip' });
    expect((await rest.groups.ofRecipient(1, id).toArray()).map((x) => x.idGroup)).toEqual([g.idGroup]);
    expect((await rest.recipients.inGroup(g.idGroup).toArray()).map((r) => r.Email)).toEqual(['vip@example.com']);
    expect((await rest.groups.list(1).toArray()).map((x) => x.Name)).toContain('VIPs');
    await rest.groups.delete(1, g.idGroup);
    expect((await rest.groups.list(1).toArray()).map((x) => x.Name)).not.toContain('VIPs');
  });

  it('recipients: add, double opt-in pending until confirmed, subscribe, unsubscribe, remove, update, fields', async () => {
    const id = await rest.recipients.add(1, {
      Email: 'ann@example.com',
      Name: 'Ann',
      Fields: [{ Id: 1, Value: 'Ann' }],
    });
    expect(typeof id).toBe('number');
    const pendingId = await rest.recipients.add(1, { Email: "o'hara@example.com" }, { confirmEmail: true });
    expect((await rest.recipients.pending(1).toArray()).map((r) => r.idRecipient)).toContain(pendingId);
    await emulator.control.action('rest.confirmOptin', { listId: 1, email: "o'hara@example.com" });
    expect((await rest.recipients.pending(1).toArray()).map((r) => r.idRecipient)).not.toContain(pendingId);
    const found = await rest.recipients.subscribed(1, { filterby: filter.contains('Email', "o'hara") }).toArray();
    expect(found.map((r) => r.idRecipient)).toEqual([pendingId]);
    await rest.recipients.unsubscribe(1, id);
    expect((await rest.recipients.unsubscribed(1).toArray()).map((r) => r.idRecipient)).toContain(id);
    await rest.recipients.subscribe(1, id);
    const optins = await rest.recipients.emailOptins(1).toArray();
    expect(optins.find((o) => o.idRecipient === id)?.Status).toBe('OPTIN');
    const g = await rest.groups.create(1, { Name: 'Temp' });
    await rest.recipients.subscribeToGroup(g.idGroup, id);
    await rest.recipients.unsubscribeFromGroup(g.idGroup, id);
    const updated = await rest.recipients.update({ idRecipient: id, Name: 'Ann B', Fields: [{ Id: 2, Value: 'B' }] });
    expect(updated).toMatchObject({ Name: 'Ann B', idRecipient: id });
    expect(updated.Fields?.find((f) => f.Id === 2)?.Value).toBe('B');
    await rest.recipients.removeFromList(1, id);
    expect((await rest.recipients.subscribed(1).toArray()).map((r) => r.idRecipient)).not.toContain(id);
    await rest.recipients.add(2, { Email: 'ann@example.com' });
    await rest.recipients.removeFromAllLists(id);
    expect((await rest.recipients.subscribed(2).toArray()).map((r) => r.idRecipient)).not.toContain(id);
    const fields = await rest.recipients.dynamicFields({ orderby: orderBy(['Id', 'asc']) }).toArray();
    expect(fields).toHaveLength(27);
    expect(fields[0]).toEqual({ Description: 'nome', Id: 1 });
  });

  it('imports: asynchronous, complete over emulator time, with status, detail and the confirmation sending', async () => {
    const idImport = await rest.imports.start(1, [{ Email: 'i1@example.com' }, { Email: 'i2@example.com' }], {
      confirmEmail: true,
    });
    expect((await rest.imports.status(idImport)).Completed).toBe(false);
    emulator.control.advanceClock(2_000);
    expect(await rest.imports.status(idImport)).toMatchObject({ Completed: true, CreatedRecipients: 2 });
    expect(await rest.imports.detail(idImport)).toMatchObject({ IdImport: idImport, IdList: 1 });
    expect((await rest.imports.list().toArray()).map((d) => d.IdImport)).toContain(idImport);
    expect(typeof (await rest.imports.confirmationSending(idImport))).toBe('number');
    const g = await rest.groups.create(1, { Name: 'Imported' });
    const intoGroup = await rest.imports.start({ groupId: g.idGroup }, [{ Email: 'g1@example.com' }]);
    emulator.control.advanceClock(2_000);
    expect((await rest.imports.status(intoGroup)).Completed).toBe(true);
    expect((await rest.recipients.inGroup(g.idGroup).toArray()).map((r) => r.Email)).toEqual(['g1@example.com']);
  });

  it('emails: create, from template, clone, read, update, online visibility, attachments, tags, images, delete', async () => {
    const tag = await rest.emails.createTag(1, 'promo');
    expect(tag).toMatchObject({ Name: 'promo', Enabled: true });
    expect((await rest.emails.updateTag(1, tag.Id, { Name: 'promotion' })).Name).toBe('promotion');
    expect((await rest.emails.tags(1).toArray()).map((t) => t.Name)).toContain('promotion');
    const m = await rest.emails.create(1, { Subject: 'Hello', Content: '<p>Hi</p>', Tags: [{ Id: tag.Id }] });
    expect(m).toMatchObject({ Subject: 'Hello', idList: 1 });
    const templates = await rest.emails.templates(1).toArray();
    expect((await rest.emails.template(1, templates[0]?.Id ?? 0)).Name).toBe('Basic template');
    const fromTemplate = await rest.emails.fromTemplate(1, templates[0]?.Id ?? 0);
    const clone = await rest.emails.clone(1, m.idMessage);
    expect(clone.idMessage).not.toBe(m.idMessage);
    expect((await rest.emails.get(1, m.idMessage)).Content).toBe('<p>Hi</p>');
    expect((await rest.emails.update(1, m.idMessage, { Subject: 'Hello!' })).Subject).toBe('Hello!');
    await rest.emails.setOnlineVisibility(1, m.idMessage, true);
    expect((await rest.emails.online(1).toArray()).map((e) => e.idMessage)).toEqual([m.idMessage]);
    expect(await rest.emails.archived(1).toArray()).toEqual([]);
    expect((await rest.emails.list(1).toArray()).length).toBeGreaterThanOrEqual(3);
    expect((await rest.emails.ofUser().toArray()).length).toBeGreaterThanOrEqual(3);
    const att = await rest.emails.addAttachment(1, m.idMessage, 1, { Name: 'a.png', Base64Data: PNG_1PX });
    expect(att).toMatchObject({ Name: 'a.png', Slot: 1 });
    expect(await rest.emails.attachments(1, m.idMessage)).toHaveLength(1);
    await rest.emails.deleteAttachment(1, m.idMessage, 1);
    const url = await rest.emails.uploadImage({ Name: 'logo.png', Base64Data: PNG_1PX });
    const listUrl = await rest.emails.uploadImage({ Name: 'list.png', Base64Data: PNG_1PX }, 1);
    expect(await rest.emails.images()).toEqual([url, listUrl]);
    expect(await rest.emails.images(1)).toEqual([listUrl]);
    await rest.emails.deleteImage(url);
    expect(await rest.emails.images()).toEqual([listUrl]);
    await rest.emails.deleteTag(1, tag.Id);
    await rest.emails.delete(1, fromTemplate.idMessage);
    expect(await rest.emails.get(1, fromTemplate.idMessage).catch((e: unknown) => e)).toMatchObject({
      kind: 'not-found',
    });
  });

  it('sendings: to a list, a group, one recipient; deferred; queues, schedule, start, stop, delete, history', async () => {
    await rest.recipients.add(1, { Email: 'send1@example.com' });
    const m = await rest.emails.create(1, { Subject: 'Campaign' });
    const now = await rest.sendings.toList(1, m.idMessage);
    expect(now.Sent).toBeGreaterThan(0);
    const g = await rest.groups.create(1, { Name: 'Send group' });
    await rest.recipients.addToGroup(g.idGroup, { Email: 'send2@example.com' });
    expect((await rest.sendings.toGroup(g.idGroup, m.idMessage)).Sent).toBe(1);
    const one = await rest.sendings.toRecipient({ Email: 'single@example.com', idMessage: m.idMessage });
    expect(one).toMatchObject({ Sent: 1, idMessage: m.idMessage });
    expect((await rest.sendings.queue('Immediate').toArray()).length).toBeGreaterThan(0);
    const later = new Date(Date.now() + 86_400_000);
    await rest.sendings.toList(1, m.idMessage, { datetime: later });
    const deferred = await rest.sendings.queue('Deferred').toArray();
    expect(deferred).toHaveLength(1);
    const idSending = deferred[0]?.idSending ?? 0;
    expect((await rest.sendings.firstUsefulDate(idSending)).Date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    await rest.sendings.schedule(idSending, new Date(Date.now() + 2 * 86_400_000));
    await rest.sendings.stop(idSending);
    expect((await rest.sendings.queue('Undefined').toArray()).map((s) => s.idSending)).toContain(idSending);
    await rest.sendings.startNow(idSending);
    emulator.control.advanceClock(30_000);
    expect((await rest.sendings.history(1, m.idMessage).toArray()).length).toBeGreaterThanOrEqual(4);
    const stopped = await rest.sendings.toList(1, m.idMessage, { datetime: later });
    expect(stopped.Sent).toBeGreaterThan(0);
    const queued = (await rest.sendings.queue('Deferred').toArray())[0]?.idSending ?? 0;
    await rest.sendings.delete(queued);
    expect(await rest.sendings.queue('Deferred').toArray()).toEqual([]);
  });

  it('sms: messages, sends to list, group and number, queues, schedule, reports', async () => {
    await rest.recipients.add(1, { MobileNumber: '3331234567', MobilePrefix: '0039' });
    const sms = await rest.sms.create(1, { Content: 'Sale today' });
    expect(sms).toMatchObject({ Content: 'Sale today', idList: 1 });
    expect((await rest.sms.get(1, sms.idMessage)).Content).toBe('Sale today');
    expect((await rest.sms.update(1, sms.idMessage, { Content: 'Sale!' })).Content).toBe('Sale!');
    expect((await rest.sms.list(1).toArray()).map((s) => s.idMessage)).toEqual([sms.idMessage]);
    expect((await rest.sms.sendToList(1, sms.idMessage)).Sent).toBe(1);
    const g = await rest.groups.create(1, { Name: 'SMS group' });
    expect((await rest.sms.sendToGroup(g.idGroup, sms.idMessage)).Sent).toBe(0);
    expect(
      await rest.sms.sendToNumber({ Number: '3339999999', Prefix: '0039', idMessage: sms.idMessage }),
    ).toMatchObject({ Sent: 1 });
    expect((await rest.sms.queue('Immediate').toArray()).length).toBeGreaterThan(0);
    await rest.sms.sendToList(1, sms.idMessage, { datetime: new Date(Date.now() + 86_400_000) });
    const deferred = (await rest.sms.queue('Deferred').toArray())[0]?.idSending ?? 0;
    expect((await rest.sms.firstUsefulDate(deferred)).Date).toMatch(/Z$/);
    await rest.sms.schedule(deferred, new Date(Date.now() + 3 * 86_400_000));
    await rest.sms.startNow(deferred);
    expect(await rest.sms.queue('Undefined').toArray()).toEqual([]);
    emulator.control.advanceClock(30_000);
    expect((await rest.sms.report(sms.idMessage)).idMessage).toBe(sms.idMessage);
    expect((await rest.sms.reportDetails(sms.idMessage).toArray()).length).toBeGreaterThanOrEqual(2);
  });

  it('SMTP+ priorities and user creation', async () => {
    expect(await rest.smtpPlus.priorities()).toEqual([
      { PriorityCode: 1, PriorityName: 'VeryHigh' },
      { PriorityCode: 2, PriorityName: 'High' },
      { PriorityCode: 3, PriorityName: 'Normal' },
      { PriorityCode: 4, PriorityName: 'Low' },
      { PriorityCode: 5, PriorityName: 'VeryLow' },
    ]);
    const user = await rest.smtpPlus.createUser(1, {
      IsEnabled: true,
      PriorityCode: 2,
      TrustedDomains: ['example.com'],
      TrustedSenders: ['news@example.com'],
    });
    expect(user).toMatchObject({ IsEnabled: true, PriorityCode: 2 });
    expect(emulator.store.smtpUser(String(user.Username))?.listId).toBe(1);
  });

  it('statistics: every message and recipient list and count', async () => {
    const rid = await rest.recipients.add(1, { Email: 'stats@example.com' });
    const m = await rest.emails.create(1, { Subject: 'Stats' });
    await rest.sendings.toRecipient({ Email: 'stats@example.com', idMessage: m.idMessage });
    for (const kind of ['view', 'click', 'click', 'bounce', 'unsubscription'] as const) {
      await emulator.control.action('rest.statEvent', {
        kind,
        messageId: m.idMessage,
        recipientId: rid,
        url: 'https://example.com/a',
      });
    }
    expect(await rest.statistics.messageCount(m.idMessage, 'Recipients')).toBe(1);
    expect(await rest.statistics.messageCount(m.idMessage, 'Clicks')).toBe(2);
    for (const kind of ['Views', 'Bounces', 'Unsubscriptions', 'UrlClicks'] as const) {
      expect(await rest.statistics.messageCount(m.idMessage, kind)).toBe(1);
    }
    for (const kind of ['Recipients', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks', 'UrlClickDetails'] as const) {
      const items = await rest.statistics.messageList(m.idMessage, kind).toArray();
      expect(items.length, kind).toBeGreaterThan(0);
      expect(items[0]?.IdRecipient).toBe(rid);
    }
    expect((await rest.statistics.messageList(m.idMessage, 'UrlClicks').toArray())[0]).toMatchObject({
      Url: 'https://example.com/a',
      Count: 2,
    });
    for (const kind of ['Deliveries', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks'] as const) {
      expect(await rest.statistics.recipientCount(rid, kind), kind).toBeGreaterThan(0);
    }
    for (const kind of [
      'Deliveries',
      'Views',
      'Bounces',
      'BouncesDetails',
      'Unsubscriptions',
      'Clicks',
      'ClicksDetails',
    ] as const) {
      expect((await rest.statistics.recipientList(rid, kind).toArray()).length, kind).toBeGreaterThan(0);
    }
  });

  it('public trial provisioning with HTTP Basic client credentials', async () => {
    const trial = await rest.account.activateTrial({ Email: 'new@example.com', Name: 'New' });
    expect(trial).toMatchObject({ Status: 'Pending' });
    expect(await rest.account.trialStatus({ Id: trial.Id })).toMatchObject({ Id: trial.Id, Status: 'Pending' });
  });

  it('the escape hatch reaches any path on the same pipeline (auth, errors), XML on request', async () => {
    const page = await rest.request<{ Items: unknown[] }>({
      method: 'GET',
      path: '/API/v1.1/Rest/ConsoleService.svc/Console/List/1/Groups',
      query: { pageSize: '1' },
    });
    expect(page.Items).toHaveLength(1);
    const xml = await rest.request<Record<string, unknown>>({
      method: 'GET',
      path: '/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info',
      accept: 'xml',
    });
    expect(xml.Username).toBe('m51234');
    const missing = await rest
      .request({ method: 'GET', path: '/API/v1.1/Rest/ConsoleService.svc/Console/Nope' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: 'not-found', httpStatus: 404 });
  });

  it('every row of the operation table was answered by the emulator in this suite', () => {
    const counters = emulator.control.counters();
    const missing = Object.values(REST_OPERATIONS)
      .filter((row) => !counters[`rest ${row.name}`])
      .map((row) => row.name);
    expect(missing).toEqual([]);
  });

  it('bad input is a typed validation error and nothing is sent', async () => {
    const before = JSON.stringify(emulator.control.counters());
    const attempts: Array<() => unknown> = [
      () => rest.lists.get(0),
      () => rest.lists.delete(1, 'not-a-guid\r\nX-Injected: 1'),
      () => rest.recipients.add(1, { Email: 'a@b.c\r\nBcc: evil@x.com' }),
      () => rest.recipients.add(1, {}),
      () => rest.recipients.subscribed(1, { pageSize: -1 }),
      () => rest.recipients.subscribed(1, { orderby: 'Email asc; DROP' }),
      () => rest.recipients.subscribed(1, { filterby: "Email=='x'" as never }),
      () => rest.emails.createTag(1, 'x'.repeat(51)),
      () => rest.emails.addAttachment(1, 1, 1, { Name: 'a', Base64Data: 'AAAA\r\nAAAA' }),
      () => rest.sendings.toList(1, 1, { datetime: new Date(Number.NaN) }),
      () => rest.statistics.messageCount(1, 'Nope' as never),
      () => rest.smtpPlus.createUser(1, { IsEnabled: true, PriorityCode: 9, TrustedDomains: [], TrustedSenders: [] }),
      () => rest.imports.start(1, []),
      () => rest.request({ method: 'GET', path: 'no-slash' }),
    ];
    for (const attempt of attempts) {
      const error = await (async () => attempt())().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(MailUpError.is(error, 'validation'), String(error)).toBe(true);
      expect(String((error as Error).message)).not.toMatch(/evil@x\.com/);
    }
    expect(JSON.stringify(emulator.control.counters())).toBe(before);
  });
});
