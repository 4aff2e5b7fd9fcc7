import { describe, expect, it } from 'vitest';
import { main as mailSmsPipeline } from '../examples/facade-mail-sms-pipeline.js';
import { main as newApp } from '../examples/facade-new-app.js';
import { main as soapMigration } from '../examples/facade-soap-migration.js';

// The facade examples against the embedded emulator (their real-account mode needs MAILUP_* variables).
describe('facade examples', () => {
  it('facade-mail-sms-pipeline: Send API, a refused Send API falls back to the relay, an ambiguous send is not repeated', async () => {
    expect(await mailSmsPipeline()).toEqual({
      first: 'txmail',
      second: ['txmail:auth-invalid', 'smtp:ok'],
      third: 'ambiguous',
      storedOnce: true,
      stored: 3,
      sms: { via: 'txsms', cost: 1 },
    });
  });

  it('facade-soap-migration: the same program, its operations moving from SOAP to REST one stage at a time', async () => {
    const stages = await soapMigration();
    expect(stages.map((s) => [s.migrated.length, s.soapCalls, s.restCalls])).toEqual([
      [0, 3, 0],
      [1, 2, 1],
      [2, 1, 2],
      [3, 0, 3],
    ]);
    expect(new Set(stages.map((s) => s.subject))).toEqual(new Set(['Spring offers, 10% off (draft)']));
  });

  it('facade-new-app: authorization-code login, an import with progress, a newsletter sent to one address', async () => {
    expect(await newApp()).toEqual({
      username: 'm51234',
      imported: 2,
      progress: [1, 2],
      newsletter: { id: 1, servedBy: 'rest' },
      sentTo: { deliveryId: 1, servedBy: 'rest' },
    });
  });
});
