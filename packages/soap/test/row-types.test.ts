import { describe, expect, it } from 'vitest';
import { SOAP_ROWS } from '../src/index.js';

describe('SOAP rows are reached by typed keys', () => {
  it('a misspelt service or method fails tsc (checked by @ts-expect-error), a right one is the row', () => {
    expect(SOAP_ROWS.MailupManage.CreateGroup.id).toBe('soap:MailupManage.CreateGroup');
    expect(SOAP_ROWS.WSMailUpImport.StartProcess.id).toBe('import:StartProcess');
    // @ts-expect-error a method MailUpSend does not have
    expect(SOAP_ROWS.MailupSend.GetListz).toBeUndefined();
    // @ts-expect-error a service that does not exist
    expect(SOAP_ROWS.MailupSendz).toBeUndefined();
  });
});
