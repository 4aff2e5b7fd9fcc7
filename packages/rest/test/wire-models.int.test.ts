import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The models at the boundary of a real call: the emulator's answers decode, and a malformed one is a typed error. */
describe('REST models on the emulator answers (real sockets)', () => {
  let emulator: RunningEmulator;
  let session: RestSession;

  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.control.action('throttle.enabled', { enabled: false });
    session = await restSession(emulator);
  });
  afterAll(async () => {
    session.close();
    await emulator.close();
  });

  it('the emulator answers carry every field the models name, in JSON and XML alike', async () => {
    const { rest } = session;
    const details = await rest.account.details();
    expect(details).toMatchObject({ Url: expect.any(String), Version: expect.any(String) });
    expect(await rest.account.details({ accept: 'xml' })).toEqual(details);
    const fields = await rest.recipients.dynamicFields().toArray();
    expect(fields.every((f) => typeof f.Id === 'number' && typeof f.Description === 'string')).toBe(true);
    const emails = await rest.emails.list(1).page();
    expect(emails.Items.every((e) => typeof e.idMessage === 'number')).toBe(true);
  });

  it('an answer whose field has the wrong type is a permanent MailUpError naming it, not a value typed wrong', async () => {
    const page = {
      IsPaginated: false,
      Items: [{ CreationDate: null, Notes: null, Subject: 'S', idList: 1, idMessage: 1, ServiceType: 'zero' }],
      PageNumber: 0,
      PageSize: 20,
      Skipped: 0,
      TotalElementsCount: 1,
    };
    emulator.control.addFault({
      operation: 'GET Console/List/{idList}/Emails',
      action: {
        type: 'status',
        status: 200,
        body: JSON.stringify(page),
        headers: { 'content-type': 'application/json' },
      },
    });
    const error = await session.rest.emails
      .list(1)
      .page()
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    expect(error).toMatchObject({
      protocol: 'rest',
      operation: 'rest:GET Console/List/{idList}/Emails',
      details: { field: 'Items[0].ServiceType', expected: 'number', actual: 'string' },
    });
  });
});
