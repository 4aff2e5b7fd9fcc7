import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REST_OPERATIONS } from '@mailup-kit/rest';
import { SOAP_OPERATIONS } from '@mailup-kit/soap';
import { describe, expect, it } from 'vitest';
import { SOAP_TO_REST, type SoapMigration } from '../src/migration/soap-to-rest.js';

const ARTIFACT = fileURLToPath(
  new URL('../../../../shared/mailup/artifacts/migration/soap-to-rest.tsv', import.meta.url),
);

describe('the SOAP → REST migration table against the SOAP table', () => {
  it('holds every SOAP operation of the four services exactly once (plus the Import Authentication header)', () => {
    const names = SOAP_TO_REST.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    const missing = SOAP_OPERATIONS.map((r) => `${r.service}.${r.method}`).filter((n) => !names.includes(n as never));
    expect(missing).toEqual([]);
    const extra = names.filter((n) => !SOAP_OPERATIONS.some((r) => `${r.service}.${r.method}` === n));
    expect(extra).toEqual(['WSMailUpImport.Authentication']);
  });

  it('references SOAP and REST table rows by identity, never copies', () => {
    for (const m of SOAP_TO_REST) {
      if (!('header' in m.soap)) expect(SOAP_OPERATIONS).toContain(m.soap);
      for (const row of m.rest) expect(Object.values(REST_OPERATIONS)).toContain(row);
    }
  });

  it('says what differs for every partial entry and why for none, deprecated and soap-only', () => {
    const explained = (m: SoapMigration) => m.differs.length > 0 && m.differs.every((d) => d.trim().length > 0);
    for (const m of SOAP_TO_REST) {
      if (m.kind === 'same') expect(m.rest.length, m.name).toBeGreaterThan(0);
      else expect(explained(m), m.name).toBe(true);
      if (m.kind === 'deprecated' || m.kind === 'none') expect(m.rest, m.name).toEqual([]);
      if (m.rest.length > 1) expect(m.combination, m.name).not.toBe('one');
    }
  });
});

/** `ConsoleService.svc/Console/List/{id_list}` and `/API/v1.1/Rest/ConsoleService.svc/Console/List/{idList}` alike. */
function norm(path: string): string {
  return path
    .replace(/^\/API\/v1\.1\/Rest\//, '')
    .replace(/\{([^}]+)\}/g, (_m, p: string) => `{${p.replace(/_/g, '')}}`)
    .toLowerCase();
}

describe.skipIf(!existsSync(ARTIFACT))('conformance with the migration fact table (../shared)', () => {
  if (!existsSync(ARTIFACT)) return;
  const lines = readFileSync(ARTIFACT, 'utf8').trim().split('\n');
  const header = (lines.shift() ?? '').split('\t');
  const rows = lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v ?? ''])));

  it('has one entry per row of the guide with the same equivalence and the same REST calls', () => {
    expect(rows.length).toBe(64);
    for (const row of rows) {
      const name = `${row.soap_service === 'MailUpSend' ? 'MailupSend' : row.soap_service}.${row.soap_operation}`
        .replace(/^MailUpReport/, 'MailupReport')
        .replace(/^MailUpManage/, 'MailupManage');
      const entry = SOAP_TO_REST.find((m) => m.name === name);
      expect(entry, name).toBeDefined();
      if (!entry) continue;
      expect(entry.kind, name).toBe(row.equivalence);
      const methods = row.rest_method ? row.rest_method.split('|') : [];
      const paths = row.rest_path ? row.rest_path.split('|') : [];
      expect(
        entry.rest.map((r) => norm(r.path)),
        name,
      ).toEqual(paths.map(norm));
      // the guide's method, except where it contradicts REFERENCE §6.5 (then the entry records the guide's)
      expect(
        entry.rest.map((r) => entry.guideMethod ?? r.method),
        name,
      ).toEqual(methods);
    }
  });

  it('lists as soap-only exactly the operations the guide omits', () => {
    const inGuide = new Set(rows.map((r) => `${r.soap_service}.${r.soap_operation}`.toLowerCase()));
    for (const m of SOAP_TO_REST) {
      expect(m.kind === 'soap-only', m.name).toBe(!inGuide.has(m.name.toLowerCase()));
    }
  });
});

if (!existsSync(ARTIFACT)) {
  console.warn(`migration-table.test: ${ARTIFACT} is absent (../shared not checked out): the conformance is skipped`);
}
