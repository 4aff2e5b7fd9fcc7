import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

// REFERENCE §12 "PUT Recipient/Detail without idRecipient" [R:lotrekagency/mailupy@0809fe9 update_customer_fields]:
// mailupy sends {Name, Email, Fields} only and gets the updated recipient back (its captured answer is
// artifacts/rest-samples/lotrekagency-mailupy/Recipient/Detail/PUT.json): MailUp finds the recipient by Email.
const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';
let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  await emulator.control.action('throttle.enabled', { enabled: false });
  token = await passwordToken(emulator);
});
afterAll(async () => {
  await emulator.close();
});

function put(body: unknown) {
  return fetch(`${emulator.urls.http}${CONSOLE}/Recipient/Detail`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const SAMPLE = join(
  process.cwd(),
  '../shared/mailup/artifacts/rest-samples/lotrekagency-mailupy/Recipient/Detail/PUT.json',
);
/** The keys of mailupy's captured answer (read from ../shared when present; the same keys, as its sample has them). */
function sampleKeys(): string[] {
  if (!existsSync(SAMPLE)) {
    console.warn(
      'rest-recipient-detail: ../shared/mailup/artifacts is absent; comparing with the sample keys noted here',
    );
    return ['Email', 'Fields', 'MobileNumber', 'MobilePrefix', 'Name', 'idRecipient'];
  }
  return Object.keys(JSON.parse(readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>).sort();
}

describe('PUT Console/Recipient/Detail as mailupy sends it', () => {
  it('finds the recipient by Email when no idRecipient is given and answers it updated', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const r = data.upsertRecipient({ email: 'email+1@email.email' });
    data.setSubscription(1, r.id, 'subscribed', 0);
    // mailupy's update_customer_fields body: Name, Email (another case) and Fields, no id
    const res = await put({ Name: 'ASDFGHJKL', Email: 'Email+1@Email.email', Fields: [{ Id: 1, Value: 'Anna' }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(sampleKeys());
    expect(body).toMatchObject({ idRecipient: r.id, Name: 'ASDFGHJKL', Email: 'email+1@email.email' });
    expect(body.Fields).toEqual(expect.arrayContaining([expect.objectContaining({ Id: 1, Value: 'Anna' })]));
    expect(data.recipients.get(r.id)?.name).toBe('ASDFGHJKL');
  });

  it('an unknown Email is 404 and nothing is created; neither id nor Email is 400', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const before = data.recipients.size;
    const unknown = await put({ Name: 'X', Email: 'nobody@example.com' });
    expect(unknown.status).toBe(404);
    expect(data.recipients.size).toBe(before);
    const neither = await put({ Name: 'X' });
    expect(neither.status).toBe(400);
    expect(((await neither.json()) as { ErrorDescription: string }).ErrorDescription).toMatch(/idRecipient/);
  });
});
