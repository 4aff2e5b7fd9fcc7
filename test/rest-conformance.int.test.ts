import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { HttpRequest, HttpResponse, Transport } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { type RunningEmulator, restRouteTable, startEmulator } from '@mailup-kit/emulator';
import {
  fillPath,
  parseWcfXml,
  REST_OPERATIONS,
  RestClient,
  type RestOperation,
  restResourceError,
  TokenManager,
} from '@mailup-kit/rest';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ARTIFACTS = resolve(import.meta.dirname, '../../shared/mailup/artifacts');
const present = existsSync(join(ARTIFACTS, 'rest'));
if (!present) console.log(`rest conformance: ${ARTIFACTS} is absent — the artifact checks are skipped`);

/** Response payloads of artifacts/rest and the operation each answers. */
const REST_RESPONSES: Record<string, string> = {
  'authentication-details.json': 'GET Console/Authentication/Details',
  'authentication-info.json': 'GET Console/Authentication/Info',
  'create-email-response.json': 'POST Console/List/{idList}/Email',
  'list-tags-response.json': 'GET Console/List/{idList}/Tags',
  'sms-send-to-list-response.json': 'POST Console/Sms/List/{idList}/Message/{idMessage}/Send',
  'smtpplus-priorities-response.json': 'GET Console/SmtpPlusPriorities',
  'user-lists.json': 'GET Console/User/Lists',
};

/** The row of the table a sample path answers (`List/1/Groups` + GET), literal segments beating parameters. */
function rowFor(method: string, consolePath: string): RestOperation {
  const wanted = `Console/${consolePath}`.toLowerCase();
  const rows = Object.values(REST_OPERATIONS).filter((row) => {
    if (row.method !== method || row.service !== 'Console') return false;
    const sub = row.name.slice(row.method.length + 1);
    const pattern = new RegExp(`^${sub.replace(/\{\w+\}/g, '[^/]+')}$`, 'i');
    return pattern.test(wanted);
  });
  rows.sort((a, b) => (a.name.match(/\{/g)?.length ?? 0) - (b.name.match(/\{/g)?.length ?? 0));
  const row = rows[0];
  if (!row) throw new Error(`no row for ${method} ${consolePath}`);
  return row;
}

/** Every file of artifacts/rest-samples as { method, path, body }. */
function samples(): Array<{ file: string; method: string; path: string; body: string }> {
  const root = join(ARTIFACTS, 'rest-samples');
  const out: Array<{ file: string; method: string; path: string; body: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const rel = relative(root, full).split(sep);
        out.push({
          file: rel.join('/'),
          method: name.replace(/\.json$/, ''),
          path: rel.slice(1, -1).join('/'),
          body: readFileSync(full, 'utf8'),
        });
      }
    }
  };
  walk(root);
  return out;
}

/** A transport that answers every request with one canned body (to run a payload through the client's decoding). */
function canned(body: string, contentType = 'application/json'): Transport<HttpRequest, HttpResponse> {
  return {
    send: async (request) => ({ status: 200, headers: { 'content-type': contentType }, body, url: request.url }),
  };
}

async function decodeThroughClient(row: RestOperation, body: string, contentType?: string): Promise<unknown> {
  const tokens = new TokenManager({ store: new MemoryTokenStore(), key: 'c', refresh: async () => ({}) as never });
  await tokens.save({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, receivedAt: Date.now() });
  const rest = new RestClient({ tokens, transport: canned(body, contentType), baseUrl: 'https://services.mailup.com' });
  const params = Object.fromEntries([...(row.path.match(/\{(\w+)\}/g) ?? [])].map((p) => [p.slice(1, -1), 1]));
  return rest.client.call(row, { params });
}

/** Same keys and same JSON types, recursively (arrays: their first items, when both have one). */
function shapeDiff(real: unknown, ours: unknown, path = '$'): string[] {
  const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (type(real) !== type(ours)) return [`${path}: ${type(real)} vs ${type(ours)}`];
  if (Array.isArray(real) && Array.isArray(ours)) {
    return real.length > 0 && ours.length > 0 ? shapeDiff(real[0], ours[0], `${path}[0]`) : [];
  }
  if (real && typeof real === 'object') {
    const a = Object.keys(real as object).sort();
    const b = Object.keys(ours as object).sort();
    const missing = a.filter((k) => !b.includes(k)).map((k) => `${path}.${k}: missing`);
    const extra = b.filter((k) => !a.includes(k)).map((k) => `${path}.${k}: extra`);
    const nested = a
      .filter((k) => b.includes(k))
      .flatMap((k) =>
        shapeDiff((real as Record<string, unknown>)[k], (ours as Record<string, unknown>)[k], `${path}.${k}`),
      );
    return [...missing, ...extra, ...nested];
  }
  return [];
}

describe('REST conformance: the client table, the emulator routes and MailUp’s real payloads', () => {
  it('every row of the client table is an emulator route and every emulator route a row (written independently)', () => {
    const norm = (method: string, path: string) => `${method} ${path.replace(/\{\w+\}/g, '{}').toLowerCase()}`;
    const rows = new Set(Object.values(REST_OPERATIONS).map((r) => norm(r.method, r.path)));
    const routes = new Set(restRouteTable().map((r) => norm(r.method, r.pattern)));
    expect([...rows].filter((r) => !routes.has(r))).toEqual([]);
    expect([...routes].filter((r) => !rows.has(r))).toEqual([]);
    expect(rows.size).toBe(Object.keys(REST_OPERATIONS).length);
  });

  describe('against a running emulator', () => {
    let emulator: RunningEmulator;
    let token: string;
    let session: RestSession;
    beforeAll(async () => {
      emulator = await startEmulator();
      await emulator.control.action('throttle.enabled', { enabled: false });
      token = await passwordToken(emulator);
      session = await restSession(emulator);
    });
    afterAll(async () => {
      session.close();
      await emulator.close();
    });

    it('answers every row of the table (never "Endpoint not found" or 405), with ids that do not exist', async () => {
      const unanswered: string[] = [];
      for (const row of Object.values(REST_OPERATIONS)) {
        const params = Object.fromEntries([...(row.path.match(/\{(\w+)\}/g) ?? [])].map((p) => [p.slice(1, -1), 999]));
        const res = await fetch(`${emulator.urls.http}${fillPath(row.path, params)}`, {
          method: row.method,
          headers: {
            authorization:
              row.auth === 'client-basic'
                ? `Basic ${Buffer.from(`${emulator.store.seeded.oauthClient.clientId}:${emulator.store.seeded.oauthClient.clientSecret}`).toString('base64')}`
                : `Bearer ${token}`,
            'content-type': 'application/json',
          },
          ...(row.method === 'GET' ? {} : { body: '{}' }),
        });
        const text = await res.text();
        if (res.status === 405 || text.includes('Endpoint not found.')) unanswered.push(`${row.name} → ${res.status}`);
      }
      expect(unanswered).toEqual([]);
    });

    it.skipIf(!present)(
      'answers each recorded request with the same keys and types as MailUp’s real payload',
      async () => {
        const { rest } = session;
        const data = emulator.store.account(emulator.store.seeded.id);
        // The state the recordings were made in: recipients, a group member, a sent message, a tag.
        const rid = await rest.recipients.add(1, { Email: 'email@email.email', Name: 'ASDFGHJKL' });
        const m = await rest.emails.create(1, { Subject: 'QWERTYUIOP', Notes: '' });
        await rest.emails.createTag(1, 'news');
        const group = (await rest.groups.list(1).toArray())[0]?.idGroup ?? 1;
        await rest.recipients.subscribeToGroup(group, rid);
        await rest.recipients.add(1, { MobileNumber: '3331234567', MobilePrefix: '0039' });
        const sms = await rest.sms.create(1, { Content: 'hi' });
        const ids: Record<string, number> = { idList: 1, idRecipient: rid, idGroup: group, idMessage: m.idMessage };
        const bodies: Record<string, unknown> = {
          'POST Console/List/{idList}/Recipient': { Email: 'email+2@email.email' },
          'POST Console/Group/{idGroup}/Recipient': { Email: 'email+3@email.email' },
          'POST Console/List/{idList}/Group': { Name: 'Gruppo', Notes: 'QWERTYUIOP' },
          'PUT Console/Recipient/Detail': { idRecipient: rid, Name: 'ASDFGHJKL' },
          'POST Console/Email/Send': { Email: 'email@email.email', idMessage: m.idMessage },
          'POST Console/Sms/Send': { Number: '3331234567', Prefix: '0039', idMessage: sms.idMessage },
          'POST Console/List/{idList}/Email': JSON.parse(
            readFileSync(join(ARTIFACTS, 'rest/create-email-request.json'), 'utf8'),
          ),
        };
        const cases = [
          ...Object.entries(REST_RESPONSES).map(([file, name]) => ({
            file: `rest/${file}`,
            row: Object.values(REST_OPERATIONS).find((r) => r.name === name) as RestOperation,
            body: readFileSync(join(ARTIFACTS, 'rest', file), 'utf8'),
          })),
          ...samples().map((s) => ({ file: `rest-samples/${s.file}`, row: rowFor(s.method, s.path), body: s.body })),
        ];
        const diffs: string[] = [];
        for (const c of cases) {
          const params = Object.fromEntries(
            [...(c.row.path.match(/\{(\w+)\}/g) ?? [])].map((p) => {
              const name = p.slice(1, -1);
              return [name, name === 'idMessage' && c.row.path.includes('/Sms/') ? sms.idMessage : (ids[name] ?? 1)];
            }),
          );
          const body = bodies[c.row.name];
          const res = await fetch(`${emulator.urls.http}${fillPath(c.row.path, params)}`, {
            method: c.row.method,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await res.text();
          if (res.status !== 200) {
            diffs.push(`${c.file}: HTTP ${res.status} ${text.slice(0, 120)}`);
            continue;
          }
          const real = c.body.trim() === '' ? undefined : JSON.parse(c.body);
          const ours = text.trim() === '' ? undefined : JSON.parse(text);
          for (const d of shapeDiff(real, ours)) diffs.push(`${c.file}: ${d}`);
          // Restore what a DELETE sample removed, so later samples find it.
          if (c.row.method === 'DELETE') {
            data.setSubscription(1, rid, 'subscribed', 0);
            data.addToGroup(group, rid, 0);
          }
        }
        expect(diffs).toEqual([]);
      },
    );
  });

  describe.skipIf(!present)('every real payload parses into the client’s models', () => {
    it('artifacts/rest responses, through the client’s own decoding', async () => {
      for (const [file, name] of Object.entries(REST_RESPONSES)) {
        const row = Object.values(REST_OPERATIONS).find((r) => r.name === name) as RestOperation;
        const value = await decodeThroughClient(row, readFileSync(join(ARTIFACTS, 'rest', file), 'utf8'));
        expect(value, file).toBeDefined();
      }
    });

    it('artifacts/rest-samples (the sample client’s recorded traffic), bare ids and empty bodies included', async () => {
      const seen: string[] = [];
      for (const s of samples()) {
        const row = rowFor(s.method, s.path);
        const value = await decodeThroughClient(row, s.body);
        if (row.response.kind === 'empty') expect(value, s.file).toBeUndefined();
        else if (row.response.kind === 'int') expect(typeof value, s.file).toBe('number');
        else expect(value, s.file).toBeTypeOf('object');
        seen.push(`${s.file} → ${row.name}`);
      }
      expect(seen).toHaveLength(15);
    });

    it('the WCF XML examples parse into the same models as JSON', async () => {
      const emails = REST_OPERATIONS['GET Console/List/{idList}/Emails'];
      const page = (await decodeThroughClient(
        emails,
        readFileSync(join(ARTIFACTS, 'rest/wcf-help-GetMailMessagesByUser-response.xml'), 'utf8'),
        'application/xml',
      )) as { Items: Array<{ idMessage: number; Subject: string }>; IsPaginated: boolean };
      expect(page.IsPaginated).toBe(true);
      expect(page.Items[0]).toMatchObject({ idMessage: 2147483647, Subject: 'String content' });
      const detail = REST_OPERATIONS['GET Console/Imports/{idImport}'];
      const xml = readFileSync(
        join(ARTIFACTS, 'rest/wcf-help-GetImportDetailsByIdImport-response.partial.xml'),
        'utf8',
      );
      expect(parseWcfXml(xml)).toBeTypeOf('object');
      expect(await decodeThroughClient(detail, xml, 'application/xml')).toMatchObject({
        IdImport: 2147483647,
        IdGroups: [2147483647],
        StatusCode: 2147483647,
      });
    });

    it('the recorded error bodies become typed errors', () => {
      const kinds = Object.fromEntries(
        readdirSync(join(ARTIFACTS, 'rest'))
          .filter((f) => f.startsWith('error-'))
          .map((f) => {
            const body = readFileSync(join(ARTIFACTS, 'rest', f), 'utf8');
            const status = Number(/error-(\d+)/.exec(f)?.[1]);
            return [f, restResourceError(status, body, {}, 'x', 0).kind];
          }),
      );
      expect(kinds).toEqual({
        'error-401-expired-token.json': 'auth-expired',
        'error-403-contract-not-signed.json': 'contract-not-signed',
        'error-403-missing-if-match.json': 'validation',
        'error-412-if-match-not-guid.json': 'validation',
        'error-412-if-match-wrong-guid.json': 'conflict',
        'error-429-too-many-requests.json': 'throttled',
      });
    });
  });
});
