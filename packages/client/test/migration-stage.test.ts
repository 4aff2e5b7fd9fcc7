import { MailUpError } from '@mailup-kit/core';
import { findOperation } from '@mailup-kit/soap';
import { describe, expect, it } from 'vitest';
import { SOAP_TO_REST } from '../src/migration/soap-to-rest.js';
import { checkMigrationStage, migrationDecision, movesToRest } from '../src/migration/stage.js';

function validationOf(fn: () => unknown): MailUpError {
  try {
    fn();
  } catch (error) {
    if (MailUpError.is(error, 'validation')) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('the migration stage', () => {
  it('moves nothing without a stage', () => {
    for (const m of SOAP_TO_REST) expect(movesToRest(undefined, m.name)).toBe(false);
    expect(migrationDecision(undefined, 'MailupSend.GetLists').reason).toBe('no migration stage configured');
  });

  it("'all-same' moves exactly the entries MailUp states without caveat", () => {
    const stage = checkMigrationStage({ from: 'soap', to: 'rest', operations: 'all-same' });
    for (const m of SOAP_TO_REST) expect(movesToRest(stage, m.name), m.name).toBe(m.kind === 'same');
    expect(migrationDecision(stage, 'MailupSend.SendSingleNewsletter').reason).toContain('none');
  });

  it('a list moves the listed operations only, partial ones included, and takes a SOAP table row', () => {
    const stage = checkMigrationStage({
      from: 'soap',
      to: 'rest',
      operations: ['MailupSend.GetLists', 'MailupReport.ReportByMessage'],
    });
    expect(movesToRest(stage, 'MailupSend.GetLists')).toBe(true);
    expect(movesToRest(stage, 'MailupManage.GetLists')).toBe(false);
    expect(movesToRest(stage, 'MailupReport.ReportByMessage')).toBe(true);
    const row = findOperation('MailupSend', 'GetLists');
    expect(row && movesToRest(stage, row)).toBe(true);
    expect(migrationDecision(stage, 'MailupSend.Nope')).toMatchObject({ toRest: false, entry: undefined });
  });

  it('refuses a bad stage with a validation error naming the field', () => {
    expect(validationOf(() => checkMigrationStage(undefined)).message).toContain('migrate');
    expect(validationOf(() => checkMigrationStage({ from: 'rest', to: 'soap', operations: [] })).message).toContain(
      'migrate.from',
    );
    expect(
      validationOf(() => checkMigrationStage({ from: 'soap', to: 'rest', operations: 'everything' })).message,
    ).toContain('migrate.operations');
    const unknown = validationOf(() =>
      checkMigrationStage({ from: 'soap', to: 'rest', operations: ['MailupSend.GetLists', 'MailupSend.Nope'] }),
    );
    expect(unknown.message).toContain('migrate.operations[1]');
    const nowhere = validationOf(() =>
      checkMigrationStage({ from: 'soap', to: 'rest', operations: ['MailupSend.GetListIdentity'] }),
    );
    expect(nowhere.message).toMatch(/migrate\.operations\[0\].*no REST operation.*deprecated/);
    const twice = validationOf(() =>
      checkMigrationStage({ from: 'soap', to: 'rest', operations: ['MailupSend.GetLists', 'MailupSend.GetLists'] }),
    );
    expect(twice.message).toContain('twice');
  });
});
