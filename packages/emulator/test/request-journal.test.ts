import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type JournalRecord, RequestJournal } from '../src/index.js';

const SECRET = 'hunter2-very-secret-value';

function record(overrides: Partial<JournalRecord> = {}): JournalRecord {
  return {
    time: 1_000,
    wallTime: 2_000,
    protocol: 'rest',
    operation: 'rest:GET Console/List',
    method: 'POST',
    path: `/x?access_token=${SECRET}&a=1`,
    accountId: 1,
    status: 200,
    durationMs: 1,
    transport: { kind: 'http', bodyReadWhole: true, reset: false },
    requestHeaders: { authorization: `Bearer ${SECRET}`, 'x-api-token': SECRET, accept: 'application/json' },
    requestBody: Buffer.from(`{"username":"m1","password":"${SECRET}"}`),
    responseHeaders: { 'set-cookie': `s=${SECRET}`, 'content-type': 'application/json' },
    responseBody: `{"access_token":"${SECRET}","expires_in":900}`,
    ...overrides,
  };
}

describe('RequestJournal (unit)', () => {
  it('neither util.inspect nor JSON of the journal shows a secret it holds unread, and reading redacts it', () => {
    const journal = new RequestJournal();
    journal.record(record());
    expect(inspect(journal, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(journal)).not.toContain(SECRET);
    const [entry] = journal.list();
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(entry?.path).toBe('/x?access_token=[REDACTED]&a=1');
    expect(entry?.request.headers).toMatchObject({ authorization: '[REDACTED]', 'x-api-token': '[REDACTED]' });
    expect(entry?.response.headers['set-cookie']).toBe('[REDACTED]');
  });

  it('redacts before cutting: a cap falling inside a secret leaves none of it', () => {
    const journal = new RequestJournal({ maxBodyBytes: 30 });
    const body = `{"username":"m1","password":"${SECRET}"}`;
    journal.record(record({ requestBody: body }));
    const text = journal.list()[0]?.request.body;
    expect(text).toMatchObject({ size: body.length, truncated: true });
    expect(text?.text).not.toContain('hunter');
    // A body over the lazy threshold is redacted at once: same result.
    journal.record(record({ requestBody: `${body}${' '.repeat(1000)}` }));
    expect(journal.list()[1]?.request.body.text).not.toContain('hunter');
    // A body over the redaction window (64 KiB here): only the window is redacted, the size is the whole body's.
    const huge = `${body}${' '.repeat(1_000_000)}`;
    journal.record(record({ requestBody: Buffer.from(huge) }));
    expect(journal.list()[2]?.request.body).toMatchObject({ size: huge.length, truncated: true });
    expect(journal.list()[2]?.request.body.text).not.toContain('hunter');
  });

  it('redacts the escaped XML a SOAP answer carries its access key in', () => {
    const journal = new RequestJournal();
    const answer = `<LoginFromIdResult>&lt;LoginResult&gt;&lt;accessKey&gt;${SECRET}&lt;/accessKey&gt;&lt;/LoginResult&gt;</LoginFromIdResult>`;
    journal.record(record({ responseBody: answer }));
    expect(journal.list()[0]?.response.body.text).toContain('&lt;accessKey&gt;[REDACTED]&lt;/accessKey&gt;');
  });

  it('evicts oldest first by count and by bytes, always keeping the newest; count and find read no body', () => {
    const journal = new RequestJournal({ maxEntries: 4, maxBytes: 8_000, maxBodyBytes: 1024 });
    for (let i = 0; i < 10; i++)
      journal.record(record({ status: 200 + i, responseBody: 'x'.repeat(i === 9 ? 3_000 : 10) }));
    const stats = journal.stats();
    expect(stats.entries).toBeLessThanOrEqual(4);
    expect(stats.bytes).toBeLessThanOrEqual(8_000);
    expect(journal.list().at(-1)?.status).toBe(209);
    expect(journal.find(1)).toBeUndefined();
    expect(journal.find(10)?.status).toBe(209);
    expect(journal.count({ status: 209 })).toBe(1);
    expect(stats.evicted + stats.entries).toBe(10);
    journal.clear();
    expect(journal.count()).toBe(0);
    journal.record(record());
    expect(journal.list().map((e) => e.id)).toEqual([11]);
  });
});
