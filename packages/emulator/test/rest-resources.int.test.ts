import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';

describe('emulator REST resources as MailUp documents them (raw HTTP)', () => {
  let emulator: RunningEmulator;
  let token: string;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${emulator.urls.http}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

  beforeEach(async () => {
    emulator = await startEmulator();
    token = await passwordToken(emulator);
  });
  afterEach(() => emulator.close());

  it("the 429's actual counts every call received in the window, refused ones included", async () => {
    // Sent together so that all nine fall inside one second of the (real-time) emulator clock.
    const answers = await Promise.all(
      Array.from({ length: 9 }, async () => {
        const res = await call('GET', `${CONSOLE}/List/1/Groups`);
        return { status: res.status, text: await res.text() };
      }),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const actuals = answers
      .filter((a) => a.status === 429)
      .map((a) => Number(/actual: (\d+) calls\/second/.exec(JSON.parse(a.text).ErrorDescription)?.[1]))
      .sort();
    expect(actuals).toEqual([6, 7, 8, 9]);
  });

  it('pages with zero-based pageNumber, default 20, parameter names in any case, IsPaginated only past one page', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    for (let i = 0; i < 25; i++)
      data.setSubscription(1, data.upsertRecipient({ email: `p${i}@example.com` }).id, 'subscribed', 0);
    const first = await json(await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed`));
    expect(first).toMatchObject({ IsPaginated: true, PageNumber: 0, PageSize: 20, Skipped: 0, TotalElementsCount: 25 });
    expect(first.Items).toHaveLength(20);
    const second = await json(await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?PAGESIZE=20&pagenumber=1`));
    expect(second).toMatchObject({ PageNumber: 1, Skipped: 20 });
    expect(second.Items).toHaveLength(5);
    const all = await json(await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?PageSize=30`));
    expect(all).toMatchObject({ IsPaginated: false, TotalElementsCount: 25 });
    const bad = await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?pageSize=-1`);
    expect([bad.status, (await json(bad)).ErrorName]).toEqual([400, 'BadRequest']);
  });

  it('filterby: comparisons, &&, ||, !, string methods, Fields[name]; orderby with several keys; unknown property ⇒ error', async () => {
    await emulator.control.action('throttle.enabled', { enabled: false }); // many reads of one method
    const data = emulator.store.account(emulator.store.seeded.id);
    const add = (email: string, city: string) => {
      const r = data.upsertRecipient({ email }, { fields: { 4: city } });
      data.setSubscription(1, r.id, 'subscribed', 0);
      return r.id;
    };
    const ann = add("ann.o'hara@example.com", 'Roma');
    const bob = add('bob@test.org', 'Milano');
    const cid = add('cid@example.com', 'Roma');
    const ids = async (query: string) =>
      (
        (await json(await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?${query}`))).Items as Array<{
          idRecipient: number;
        }>
      ).map((r) => r.idRecipient);
    const q = (filter: string) => `filterby=${encodeURIComponent(filter)}`;
    expect(await ids(q(`"Email.Contains('o''hara')"`))).toEqual([ann]);
    expect(await ids(q(`Email.EndsWith('.org') || idRecipient==${cid}`))).toEqual([bob, cid]);
    expect(await ids(q(`Fields['città']=='Roma' && !(Email.StartsWith('ann'))`))).toEqual([cid]);
    expect(await ids(q(`idRecipient>=${bob}`))).toEqual([bob, cid]);
    expect(await ids(`orderby=${encodeURIComponent('"Name asc;idRecipient desc"')}`)).toEqual([cid, bob, ann]);
    const unknown = await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?${q('Mail==1')}`);
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toEqual({
      ErrorCode: '400',
      ErrorDescription: "No property or field 'Mail' exists in type 'Item'",
      ErrorName: 'BadRequest',
      ErrorStack: null,
    });
    expect((await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?orderby=Nope+asc`)).status).toBe(400);
    expect((await call('GET', `${CONSOLE}/List/1/Recipients/Subscribed?${q("Email=='x")}`)).status).toBe(400);
  });

  it('answers WCF XML with MailUp namespaces when Accept asks for it, bare scalars included', async () => {
    const xml = { accept: 'application/xml' };
    const page = await (await call('GET', `${CONSOLE}/List/1/Emails`, undefined, xml)).text();
    expect(page).toContain('<CollectionOfConsoleEmailMessageItem xmlns="http://MailupSoa.Ws.Schema.API">');
    const detail = await call('POST', `${CONSOLE}/List/1/Recipients`, [{ Email: 'x@example.com' }], xml);
    expect(detail.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await detail.text()).toMatch(
      /<int xmlns="http:\/\/schemas\.microsoft\.com\/2003\/10\/Serialization\/">\d+<\/int>$/,
    );
    emulator.control.advanceClock(2_000);
    const imp = await (await call('GET', `${CONSOLE}/Imports/1`, undefined, xml)).text();
    expect(imp).toContain('<ConsoleImportDetail xmlns="http://MailupSoa.Ws.Schema.API.Console">');
    expect(imp).toContain('<IdGroups></IdGroups>');
  });

  it('a bare id for a single add, an empty body on DELETE, the recipient in the shared store', async () => {
    const add = await call('POST', `${CONSOLE}/List/1/Recipient`, { Email: 'Shared@Example.com', Name: 'S' });
    const id = Number(await add.text());
    expect(await (await call('POST', `${CONSOLE}/List/1/Recipient`, { Email: 'shared@example.com' })).text()).toBe(
      String(id),
    );
    const data = emulator.store.account(emulator.store.seeded.id);
    expect(data.recipients.get(id)?.email).toBe('shared@example.com');
    expect(data.subscription(1, id)?.status).toBe('subscribed');
    const del = await call('DELETE', `${CONSOLE}/List/1/Unsubscribe/${id}`);
    expect([del.status, await del.text()]).toEqual([200, '']);
    expect(data.subscription(1, id)?.status).toBe('unsubscribed');
  });

  it('checks If-Match on list deletion with MailUp’s three answers', async () => {
    const list = emulator.store.account(emulator.store.seeded.id).list(2);
    const missing = await call('DELETE', `${CONSOLE}/List/2`);
    expect([missing.status, (await json(missing)).ErrorDescription]).toEqual([403, 'Missing If-Match header.']);
    const notGuid = await call('DELETE', `${CONSOLE}/List/2`, undefined, { 'if-match': 'abc' });
    expect([notGuid.status, (await json(notGuid)).ErrorDescription]).toEqual([
      412,
      'If-Match header content type must be: System.Guid.',
    ]);
    const wrong = await call('DELETE', `${CONSOLE}/List/2`, undefined, {
      'if-match': '00000000-0000-0000-0000-000000000000',
    });
    expect(await json(wrong)).toMatchObject({
      ErrorCode: '412',
      ErrorDescription: 'Invalid [listGuid] from If-Match header field.',
      ErrorName: 'PreconditionFailed',
    });
    const ok = await call('DELETE', `${CONSOLE}/List/2`, undefined, { 'if-match': list.guid });
    expect([ok.status, await ok.text()]).toEqual([200, '']);
    expect(emulator.store.account(emulator.store.seeded.id).lists.has(2)).toBe(false);
  });

  it('double opt-in: a recipient added with ConfirmEmail stays pending until confirmed', async () => {
    const id = Number(
      await (await call('POST', `${CONSOLE}/List/1/Recipient?ConfirmEmail=true`, { Email: 'd@example.com' })).text(),
    );
    const pending = await json(await call('GET', `${CONSOLE}/List/1/Recipients/Pending`));
    expect((pending.Items as Array<{ idRecipient: number }>).map((r) => r.idRecipient)).toEqual([id]);
    emulator.control.advanceClock(86_400_000);
    expect(emulator.store.account(emulator.store.seeded.id).subscription(1, id)?.status).toBe('pending');
    await emulator.control.action('rest.confirmOptin', { listId: 1, email: 'd@example.com' });
    expect(emulator.store.account(emulator.store.seeded.id).subscription(1, id)?.status).toBe('subscribed');
  });

  it('asynchronous imports complete over emulated time: nothing is applied before', async () => {
    const res = await call('POST', `${CONSOLE}/List/1/Recipients`, [{ Email: 'a1@example.com' }, { Email: 'nope' }]);
    const idImport = Number(await res.text());
    const before = await json(await call('GET', `${CONSOLE}/Import/${idImport}`));
    expect(before).toMatchObject({ idImport, Completed: false, ImportedRecipients: 0 });
    expect(emulator.store.account(emulator.store.seeded.id).recipientByEmail('a1@example.com')).toBeUndefined();
    emulator.control.advanceClock(1_000);
    expect(await json(await call('GET', `${CONSOLE}/Import/${idImport}`))).toMatchObject({
      Completed: true,
      CreatedRecipients: 1,
      NotValidRecipients: 1,
    });
  });

  it('an import answers its id at once and its rows are applied when it completes, without waiting for the next request', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ Email: `bg${i}@example.com` }));
    const res = await call('POST', `${CONSOLE}/List/1/Recipients`, rows);
    const idImport = Number(await res.text());
    const data = emulator.store.account(emulator.store.seeded.id);
    const entry = data.imports.get(idImport);
    // Answered before any row was applied …
    expect(entry?.status).toBe('running');
    expect(data.recipientByEmail('bg0@example.com')).toBeUndefined();
    // … and completed by the emulator itself once its (real-time) completion is due: no request comes in meanwhile,
    // so the 2 000 upserts never land on the path of some later, unrelated call.
    await vi.waitFor(() => expect(entry?.status).toBe('completed'), { timeout: 10_000, interval: 20 });
    expect(entry?.created).toBe(2000);
    expect(data.recipientByEmail('bg1999@example.com')).toBeDefined();
    expect(await json(await call('GET', `${CONSOLE}/Import/${idImport}`))).toMatchObject({
      Completed: true,
      CreatedRecipients: 2000,
      ImportedRecipients: 2000,
    });
  });

  it('an import whose list was deleted before it completed counts its rows as not valid (the emulator keeps serving)', async () => {
    const res = await call('POST', `${CONSOLE}/List/1/Recipients`, [
      { Email: 'gone1@example.com' },
      { Email: 'gone2@example.com' },
    ]);
    const idImport = Number(await res.text());
    const data = emulator.store.account(emulator.store.seeded.id);
    data.deleteList(1);
    const entry = data.imports.get(idImport);
    await vi.waitFor(() => expect(entry?.status).toBe('completed'), { timeout: 10_000, interval: 20 });
    expect(data.recipientByEmail('gone1@example.com')).toBeUndefined();
    expect(await json(await call('GET', `${CONSOLE}/Import/${idImport}`))).toMatchObject({
      Completed: true,
      ImportedRecipients: 0,
      NotValidRecipients: 2,
    });
  });

  it('unknown paths and methods get MailUp’s JSON error bodies', async () => {
    const res = await call('GET', `${CONSOLE}/Nope/1`);
    expect([res.status, await json(res)]).toEqual([
      404,
      { ErrorCode: '404', ErrorDescription: 'Endpoint not found.', ErrorName: 'NotFound', ErrorStack: null },
    ]);
    const missingList = await call('GET', `${CONSOLE}/List/99`);
    expect([missingList.status, (await json(missingList)).ErrorName]).toEqual([404, 'NotFound']);
    const badJson = await fetch(`${emulator.urls.http}${CONSOLE}/List/1/Recipient`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect([badJson.status, (await json(badJson)).ErrorName]).toEqual([400, 'BadRequest']);
  });
});
