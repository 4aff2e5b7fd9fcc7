import { describe, expect, it } from 'vitest';
import { main as emulatorFaults } from '../examples/emulator-faults.js';
import { main as frontendShop } from '../examples/frontend-shop.js';
import { main as jsonpNode } from '../examples/jsonp-node.js';
import { main as pipelineMail } from '../examples/pipeline-mail.js';
import { main as pipelineSms } from '../examples/pipeline-sms.js';
import { main as restApp } from '../examples/rest-app.js';
import { main as restCrmSync } from '../examples/rest-crm-sync.js';
import { main as restSendCampaign } from '../examples/rest-send-campaign.js';
import { main as restStatistics } from '../examples/rest-statistics.js';
import { main as soapLegacy } from '../examples/soap-legacy.js';

describe('examples', () => {
  it('soap-legacy: one login, lists, a group, an import of two recipients, a send to the group, a report', async () => {
    expect(await soapLegacy()).toEqual({
      lists: ['Newsletter', 'Customers'],
      imported: 2,
      status: 3,
      delivered: 2,
      annStatus: 'subscribed',
      logins: 1,
    });
  });

  it('emulator-faults: a one-shot 503, then the real 401, a lost response, the clock moved, requests counted and journaled', async () => {
    const seen = await emulatorFaults();
    expect(seen).toMatchObject({ first: 503, second: 401, lost: 'connection reset', clockOffsetMs: 3_600_000 });
    // The journal has all three, the lost response too (status 0: no answer was written).
    expect(seen.journal).toEqual([
      'rest:GET Console/User/Lists 503',
      'rest:GET Console/User/Lists 401',
      'rest:GET Console/User/Lists 0',
    ]);
    expect(seen.served).toBe(3);
    const counters = seen.counters as Record<string, number>;
    expect(Object.values(counters).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('rest-app: password grant, Console calls, and exactly one transparent refresh after the token expired', async () => {
    expect(await restApp()).toEqual({ username: 'm51234', lists: ['Newsletter', 'Customers'], refreshes: 1 });
  });

  it('rest-crm-sync: a CSV export streamed in chunks with a checkpoint, then filtered reads', async () => {
    expect(await restCrmSync()).toEqual({ imported: 121, chunks: 3, romans: 61, ohara: ["o'hara@example.com"] });
  });

  it('rest-send-campaign: a tagged email, a test send, a group now, the list deferred and moved', async () => {
    const seen = await restSendCampaign();
    expect(seen).toMatchObject({ test: 1, toGroup: 1, deferred: 1 });
    expect(seen.scheduledFor).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });

  it('rest-statistics: counts, URL clicks, every page of clickers, one recipient', async () => {
    expect(await restStatistics()).toEqual({
      counts: { Recipients: 3, Views: 2, Bounces: 0, Unsubscriptions: 0, Clicks: 3, UrlClicks: 2 },
      topUrl: 'https://example.com/sale',
      clickers: ['ann@example.com', 'bob@example.com'],
      recipientViews: 1,
    });
  });

  it('frontend-shop: a rendered form, pending until the confirmation link, then subscribed, updated, unsubscribed', async () => {
    expect(await frontendShop()).toEqual({
      formHasAction: true,
      statuses: ['pending', 'pending', 'subscribed', 'unsubscribed'],
      updated: 'updated',
    });
  });

  it('jsonp-node: lists through a REST GET with callback, a strict parse, the legacy service off on MailUp', async () => {
    expect(await jsonpNode()).toEqual({
      lists: ['Newsletter', 'Customers'],
      parsed: { count: 2 },
      legacyOnMailUp: 'service-disabled',
    });
  });
  it('pipeline-mail: 3 relayed over SMTP+, one via the Send API with the same object, a drop after DATA ambiguous and stored once', async () => {
    const seen = await pipelineMail();
    expect(seen).toMatchObject({ relayed: 4, storedOnce: true, stored: 5 });
    // Nothing points at the emulator once it has closed (it printed a dead inbox URL).
    expect(JSON.stringify(seen)).not.toMatch(/https?:\/\//);
    expect(seen.viaHttp).toMatch(/^<.+@example\.com>$/);
    expect(seen.ambiguous).toMatch(/^<.+@example\.com>$/);
  });

  it('pipeline-sms: 40 OTPs under the 30/s row, unicode parts counted, a USA number refused with 204, the secret rotated', async () => {
    expect(await pipelineSms()).toEqual({ sent: 40, unicodeParts: 2, refused: '204 permanent', rotated: true });
  });
});
