/**
 * Type-level lock of @mailup-kit/soap's public API (checked by `corepack pnpm typecheck`, never run): typed inputs
 * derived from the operation table, typed results from the result schemas, and the compile errors a misspelt
 * operation, a missing required argument or a wrong argument type must give. An `@ts-expect-error` line that stops
 * being an error fails the typecheck.
 */
import type {
  ImportClient,
  ImportInputs,
  ImportList,
  ImportProcessDetails,
  ImportResults,
  ManageInputs,
  ReportResults,
  SendInputs,
  SendResults,
  SoapCallResult,
  SoapClient,
  SoapGroup,
  SoapList,
} from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T): void => {};

// Inputs: read from the table's parameter specs (ints/booleans/dateTimes required, strings and options optional,
// the session's accessKey left out).
assert<Equal<SendInputs['GetGroups'], { listID: number }>>(true);
assert<Equal<SendInputs['GetLists'], Record<string, never>>>(true);
assert<Equal<ManageInputs['DeleteGroup'], { listID: number; groupID: number; deleteUsers: boolean }>>(true);
assert<Equal<SendInputs['SendMessageNL']['timeDateSending'], Date | string>>(true);
assert<Equal<ImportInputs['GetProcessDetails'], { idList: number; idProcess: number; listGUID?: string }>>(true);
assert<Equal<keyof SendInputs['CreateNewsletter'], 'listID' | 'subject' | 'type' | 'content' | 'options'>>(true);

// Results: inferred from the result schemas (ids as numbers, repeated elements as arrays, dates as Date).
assert<Equal<SoapList, { listID: number; listName: string; listGUID?: string }>>(true);
assert<Equal<SoapGroup, { groupID: number; groupName: string; listID?: number }>>(true);
assert<Equal<SendResults['SendMessageNL'], number>>(true);
assert<Equal<SendResults['CreateNewsletter'], { newsletterID?: number }>>(true);
assert<
  Equal<SendResults['GetNewsletters']['list']['newsletters']['newsletter'][number]['creationdate'], Date | undefined>
>(true);
assert<Equal<ReportResults['ReportByMessageEN']['Clicks'][number]['Click'][number]['Total'], number | undefined>>(true);
assert<Equal<ImportResults['StartImportProcesses']['processes']['process'][number]['ReturnCode'], number>>(true);
assert<Equal<ImportProcessDetails['StatusCode'], number | undefined>>(true);
assert<Equal<ImportList['groups'][number], { idGroup: number; groupName: string }>>(true);

export async function typedCalls(soap: SoapClient, imports: ImportClient): Promise<void> {
  const created = await soap.send.call('CreateNewsletter', { listID: 1, subject: 'S', options: { note: 'n' } });
  assert<Equal<typeof created, SoapCallResult<{ newsletterID?: number }>>>(true);
  const cloned = await soap.send.call('CloneMessage', { messageToCloneId: 3 });
  assert<Equal<typeof cloned, number>>(true);
  const groups = await soap.manage.call('GetGroups', { listID: 1 });
  assert<Equal<(typeof groups.data.groups.group)[number]['groupID'], number>>(true);
  const details = await imports.call('GetProcessDetails', { idList: 1, listGUID: 'g', idProcess: 2 });
  assert<Equal<typeof details.body.ImportProcess.IsRunning, boolean | undefined>>(true);

  await soap.send.call('GetLists', {});
  // @ts-expect-error a misspelt operation does not compile
  await soap.send.call('GetList', {});
  // @ts-expect-error an operation of another service does not compile (CreateGroup is MailupManage's)
  await soap.send.call('CreateGroup', { listID: 1 });
  // @ts-expect-error a wrong argument type does not compile (listID is an int)
  await soap.send.call('GetGroups', { listID: '1' });
  // @ts-expect-error a required argument missing does not compile
  await soap.manage.call('DeleteGroup', { listID: 1, groupID: 2 });
  // @ts-expect-error an unknown argument does not compile
  await soap.send.call('GetGroups', { listID: 1, listId: 1 });
  // @ts-expect-error the session supplies the access key
  await soap.send.call('GetLists', { accessKey: 'k' });
  // @ts-expect-error a misspelt Import operation does not compile
  await imports.call('GetNlList', {});
  const flags = { ConfirmEmail: false, asOptOut: false, forceOptIn: false, replaceGroups: false, idConfirmNL: 0 };
  await imports.call('NewImportProcess', { idList: 1, importType: 1, mobileInputType: 1, asPending: true, ...flags });
  // @ts-expect-error a wrong Import argument type does not compile (asPending is a boolean)
  await imports.call('NewImportProcess', { idList: 1, importType: 1, mobileInputType: 1, asPending: 'yes', ...flags });
  // @ts-expect-error a result field is typed: newsletterID is a number, not a string
  const id: string | undefined = created.data.newsletterID;
  void id;
}
