import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { SoapClient } from '@mailup-kit/soap';
import { journalOf } from '@mailup-kit/testkit/journal';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Legacy, type LegacyInputs, type LegacyName, type LegacyResult } from '../src/legacy/legacy.js';
import { REST_TRANSLATIONS } from '../src/legacy/rest-translations.js';
import type { SoapOperationName } from '../src/migration/soap-to-rest.js';

let emulator: RunningEmulator;
let soap: SoapClient;
let session: RestSession;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.control.action('throttle.enabled', { enabled: false });
  const { apiUser, apiPassword } = emulator.store.seeded;
  soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http });
  session = await restSession(emulator);
});
afterAll(async () => {
  await soap?.close();
  session?.close();
  await emulator?.close();
});

/** The legacy program's calls, in the order a SOAP integration makes them (the order they move to REST). */
const MOVES: readonly LegacyName[] = [
  'MailupSend.GetIdUser',
  'MailupSend.GetLists',
  'MailupManage.CreateGroup',
  'MailupManage.GetGroups',
  'MailupSend.CreateNewsletter',
  'MailupSend.SendNewsletter',
  'MailupManage.DeleteGroup',
];

interface Step {
  name: LegacyName;
  served: string[];
  paths: string[];
  result: unknown;
}

/**
 * A legacy SOAP program, unchanged whatever the stage: it reads the user and the lists, creates a group, reads the
 * groups, creates and sends a newsletter, deletes the group. Ids it created are replaced by tokens in its
 * transcript (each run creates new ones: as numbers in `data`, as text in `raw`); everything else is compared as
 * the SOAP client gives it.
 */
async function program(legacy: Legacy, tag: string): Promise<Step[]> {
  const journal = journalOf(emulator);
  const steps: Step[] = [];
  const tokens = new Map<string, string>();
  const token = (value: number | undefined, key: string) => {
    tokens.set(`${key}:${value}`, `<${key}>`);
    return Number(value);
  };
  const run = async <N extends LegacyName>(name: N, args: LegacyInputs[N]): Promise<LegacyResult<N>> => {
    const mark = journal.mark();
    const result = await legacy.call(name, args);
    const seen = journal.since(mark).entries();
    steps.push({
      name,
      served: [...new Set(seen.map((e) => e.protocol))],
      paths: seen.map((e) => e.path),
      result,
    });
    return result;
  };
  await run('MailupSend.GetIdUser', {});
  const lists = await run('MailupSend.GetLists', {});
  const listID = Number(lists.data.lists.list[0]?.listID);
  const group = await run('MailupManage.CreateGroup', { listID, groupName: `legacy ${tag}`, groupNotes: '' });
  const groupID = token(group.data.groupID, 'groupID');
  await run('MailupManage.GetGroups', { listID });
  const nl = await run('MailupSend.CreateNewsletter', {
    listID,
    subject: `legacy ${tag}`,
    type: 'HTML',
    content: '<p>hello</p>',
  });
  const newsletterID = token(nl.data.newsletterID, 'newsletterID');
  const sent = await run('MailupSend.SendNewsletter', { listID, newsletterID, options: { send_to: 'ALL' } });
  token(sent.data.deliveryID, 'deliveryID');
  expect(emulator.store.account(emulator.store.seeded.id).sendings.get(Number(sent.data.deliveryID))).toMatchObject({
    messageId: newsletterID,
  });
  await run('MailupManage.DeleteGroup', { listID, groupID, deleteUsers: false });
  // the transcript, with this run's own ids and names as tokens
  const ID_KEYS = new Set(['groupID', 'newsletterID', 'deliveryID']);
  const replace = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string' || typeof value === 'number') {
      if (ID_KEYS.has(key)) return tokens.get(`${key}:${value}`) ?? value;
      return typeof value === 'string' ? value.replace(tag, '<tag>') : value;
    }
    if (Array.isArray(value)) return value.map((v) => replace(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, k)]));
    }
    return value;
  };
  return steps.map((s) => ({ ...s, result: replace(s.result) }));
}

describe('a legacy SOAP program moved to REST operation by operation', () => {
  it('gives the same results at every stage while the emulator sees the calls move from *.asmx to REST', async () => {
    const transcripts: Step[][] = [];
    for (let stage = 0; stage <= MOVES.length; stage++) {
      const moved = MOVES.slice(0, stage);
      const legacy = new Legacy(
        { soap, rest: session.rest },
        stage === 0 ? {} : { migrate: { from: 'soap', to: 'rest', operations: moved as SoapOperationName[] } },
      );
      const steps = await program(legacy, `stage ${stage}`);
      for (const step of steps) {
        const toRest = moved.includes(step.name);
        expect(legacy.route(step.name).via, step.name).toBe(toRest ? 'rest' : 'soap');
        expect(step.served, `${step.name} at stage ${stage}`).toEqual([toRest ? 'rest' : 'soap']);
        for (const path of step.paths) expect(path, step.name).toMatch(toRest ? /\/API\/v1\.1\/Rest\//i : /\.asmx$/i);
      }
      transcripts.push(steps);
    }
    const results = transcripts.map((steps) => steps.map((s) => ({ name: s.name, result: s.result })));
    for (const later of results.slice(1)) expect(later).toEqual(results[0]);
    expect(transcripts.at(-1)?.every((s) => s.served[0] === 'rest')).toBe(true);
  });

  it("'all-same' moves what has a translation and says why the rest stays on SOAP", async () => {
    const legacy = new Legacy(
      { soap, rest: session.rest },
      { migrate: { from: 'soap', to: 'rest', operations: 'all-same' } },
    );
    expect(legacy.route('MailupSend.GetLists').via).toBe('rest');
    const groups = legacy.route('MailupSend.SendNewsletter', {
      listID: 1,
      newsletterID: 1,
      options: { send_to: 'GROUPS', recipients: '1' },
    });
    expect(groups).toMatchObject({ via: 'soap' });
    expect(groups.reason).toContain('send_to');
    expect(legacy.route('MailupSend.GetNewsletters', { listID: 1 }).reason).toContain('no REST translation');
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await legacy.call('MailupSend.GetNewsletters', { listID: 1 });
    journal.since(mark).expectServedBy('soap:MailupSend.GetNewsletters');
  });

  it('refuses, with nothing sent, a listed operation REST cannot serve, a session call and a missing member', async () => {
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const listed = new Legacy(
      { soap, rest: session.rest },
      { migrate: { from: 'soap', to: 'rest', operations: ['MailupSend.SendNewsletter', 'MailupSend.GetNewsletters'] } },
    );
    const kinds = async (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (MailUpError.is(e) ? e.kind : e),
      );
    await expect(
      kinds(listed.call('MailupSend.SendNewsletter', { listID: 1, newsletterID: 1, options: { send_to: 'GROUPS' } })),
    ).resolves.toBe('validation');
    await expect(kinds(listed.call('MailupSend.GetNewsletters', { listID: 1 }))).resolves.toBe('validation');
    await expect(kinds(listed.call('MailupSend.Logout' as never, {} as never))).resolves.toBe('validation');
    const noRest = new Legacy({ soap }, { migrate: { from: 'soap', to: 'rest', operations: ['MailupSend.GetLists'] } });
    await expect(kinds(noRest.call('MailupSend.GetLists', {}))).resolves.toBe('validation');
    expect(
      () => new Legacy({ soap }, { migrate: { from: 'soap', to: 'rest', operations: ['Nope.X' as never] } }),
    ).toThrow(/migrate\.operations\[0\]/);
    journal.since(mark).expectNoRequests();
  });

  it('shows no credential when a Legacy (with its members) is printed', async () => {
    const legacy = new Legacy(
      { soap, rest: session.rest },
      { migrate: { from: 'soap', to: 'rest', operations: 'all-same' } },
    );
    await legacy.call('MailupSend.GetGroups', { listID: 1 });
    await legacy.call('MailupSend.GetNewsletters', { listID: 1 });
    const printed = inspect(legacy, { depth: 8, showHidden: true });
    const { apiPassword, oauthClient, consolePassword } = emulator.store.seeded;
    for (const secret of [apiPassword, oauthClient.clientSecret, consolePassword, soap.session.current() as string]) {
      expect(printed).not.toContain(secret);
    }
  });
});

describe('every REST translation answers what SOAP answers for the same data', () => {
  const onSoap = () => new Legacy({ soap, rest: session.rest });
  const onRest = (name: LegacyName) =>
    new Legacy({ soap, rest: session.rest }, { migrate: { from: 'soap', to: 'rest', operations: [name] } });
  const READS: ReadonlyArray<[LegacyName, Record<string, unknown>]> = [
    ['MailupSend.GetIdUser', {}],
    ['MailupManage.GetIdUser', {}],
    ['MailupSend.GetLists', {}],
    ['MailupManage.GetLists', {}],
    ['MailupSend.GetGroups', { listID: 1 }],
    ['MailupManage.GetGroups', { listID: 1 }],
    ['MailupSend.GetFields', {}],
    ['MailupSend.GetFields_st', {}],
  ];
  const WRITES: readonly LegacyName[] = ['MailupSend.DeleteList', 'MailupManage.DeleteList', 'MailupSend.CloneMessage'];

  it('covers every translation here or in the moved program', () => {
    const covered = new Set<string>([...READS.map(([n]) => n), ...WRITES, ...MOVES]);
    expect(Object.keys(REST_TRANSLATIONS).filter((n) => !covered.has(n))).toEqual([]);
  });

  for (const [name, args] of READS) {
    it(`${name}: the same result, served by *.asmx then by REST`, async () => {
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const bySoap = await onSoap().call(name, args as never);
      const middle = journal.mark();
      const byRest = await onRest(name).call(name, args as never);
      expect(byRest).toEqual(bySoap);
      expect(
        journal
          .since(mark)
          .entries()
          .filter((e) => e.id <= middle)
          .map((e) => e.protocol),
      ).toEqual(['soap']);
      expect(
        new Set(
          journal
            .since(middle)
            .entries()
            .map((e) => e.protocol),
        ),
      ).toEqual(new Set(['rest']));
    });
  }

  for (const name of ['MailupSend.DeleteList', 'MailupManage.DeleteList'] as const) {
    it(`${name}: the same answer for a list deleted over SOAP and one deleted over REST`, async () => {
      const make = async (tag: string) => {
        const created = await onSoap().call('MailupSend.CreateList', { name: `${name} ${tag}`, autoId: '' });
        return Number(created.data.listID);
      };
      const [a, b] = [await make('soap'), await make('rest')];
      const arg = (id: number) => (name === 'MailupSend.DeleteList' ? { listId: id, autoId: '' } : { listID: id });
      const bySoap = await onSoap().call(name, arg(a) as never);
      const byRest = await onRest(name).call(name, arg(b) as never);
      expect(byRest).toEqual({
        ...bySoap,
        data: { ...bySoap.data, listID: b },
        raw: { ...bySoap.raw, listID: String(b) },
      });
      const lists = emulator.store.account(emulator.store.seeded.id).lists;
      expect([lists.has(a), lists.has(b)]).toEqual([false, false]);
    });
  }

  it('MailupSend.CloneMessage: a new message id over SOAP and over REST, a clone of the same message', async () => {
    const nl = await onSoap().call('MailupSend.CreateNewsletter', {
      listID: 1,
      subject: 'to clone',
      type: 'HTML',
      content: '<p>c</p>',
    });
    const id = Number(nl.data.newsletterID);
    const args = { listId: '1', listGuid: '', messageToCloneId: id, subject: '' };
    const bySoap = await onSoap().call('MailupSend.CloneMessage', args);
    const byRest = await onRest('MailupSend.CloneMessage').call('MailupSend.CloneMessage', args);
    const messages = emulator.store.account(emulator.store.seeded.id).messages;
    for (const clone of [bySoap, byRest]) {
      expect(typeof clone === 'number' && clone !== id).toBe(true);
      expect(messages.get(clone)).toMatchObject({ subject: 'to clone', listId: 1 });
    }
  });
});
