import { REST_OPERATIONS, type RestOperationSpec } from '@mailup-kit/rest';
import { SOAP_OPERATIONS, type SoapOperationRow, type SoapServiceName } from '@mailup-kit/soap';

/**
 * How a SOAP operation moves to REST:
 * - `same`: MailUp's migration guide names direct REST call(s) with no caveat;
 * - `partial`: the guide states a difference (scope, merged or split calls, a precondition, OAuth instead of a
 *   login, a sequence it does not spell out) — see {@link SoapMigration.differs};
 * - `none`: nothing under the REST base (not needed, no such call, or another API of the family serves it);
 * - `deprecated`: the guide says the operation is no longer supported;
 * - `soap-only`: MailUp's guide does not mention the operation; {@link SoapMigration.rest} then holds our own
 *   reading of the REST table (possibly empty), never a statement of MailUp's.
 */
export type MigrationKind = 'same' | 'partial' | 'none' | 'deprecated' | 'soap-only';

/** How several REST rows of one entry combine. */
export type RestCombination = 'one' | 'alternatives' | 'steps' | 'parts';

/** Another member of the family that serves what the REST base does not (kind `none`). */
export type ServedElsewhere = 'txsms' | 'txmail' | 'smtp' | 'oauth';

/** `MailupSend.GetLists`, `WSMailUpImport.GetNlLists` … */
export type SoapOperationName = `${SoapServiceName}.${string}`;

/** WSMailUpImport's `Authentication` SOAP header: not an operation, but the guide gives it a migration row. */
export interface SoapHeaderRef {
  readonly service: 'WSMailUpImport';
  readonly method: 'Authentication';
  readonly header: true;
}

/** One SOAP operation and what it becomes on REST. */
export interface SoapMigration {
  /** `Service.Method`. */
  readonly name: SoapOperationName;
  /** The SOAP table row (a typed reference), or the Import service's `Authentication` header. */
  readonly soap: SoapOperationRow | SoapHeaderRef;
  readonly kind: MigrationKind;
  /** The REST table rows (typed references into `REST_OPERATIONS`), in the guide's order. */
  readonly rest: readonly RestOperationSpec[];
  /** How {@link rest} combine when there are several. */
  readonly combination: RestCombination;
  /** `partial`: what differs; `none` / `deprecated` / `soap-only`: why, in our words. */
  readonly differs: readonly string[];
  /** `none`: the member of the family that serves it instead. */
  readonly elsewhere?: ServedElsewhere;
  /** Where MailUp's guide writes another HTTP method than REFERENCE §6.5 / the REST table (we keep the table's). */
  readonly guideMethod?: 'POST' | 'GET';
  /** Facts about the guide's own text worth knowing (not differences of behaviour). */
  readonly note?: string;
}

/** The REST row named `name` (`METHOD path-under-the-service`); a missing one is a programming error at load. */
function r(name: string): RestOperationSpec {
  const row = Object.values(REST_OPERATIONS).find((op) => op.name === name);
  if (!row) throw new Error(`migration data: no REST row "${name}"`);
  return row;
}

function soapRow(service: SoapServiceName, method: string): SoapOperationRow | SoapHeaderRef {
  if (service === 'WSMailUpImport' && method === 'Authentication') return { service, method, header: true };
  const row = SOAP_OPERATIONS.find((op) => op.service === service && op.method === method);
  if (!row) throw new Error(`migration data: no SOAP row "${service}.${method}"`);
  return row;
}

interface Spec {
  rest?: readonly string[];
  combination?: RestCombination;
  differs?: readonly string[];
  elsewhere?: ServedElsewhere;
  guideMethod?: 'POST' | 'GET';
  note?: string;
}

type Line = readonly [method: string, kind: MigrationKind, spec?: Spec];

function entries(service: SoapServiceName, lines: readonly Line[]): SoapMigration[] {
  return lines.map(([method, kind, spec = {}]) => {
    const rest = (spec.rest ?? []).map(r);
    return {
      name: `${service}.${method}` as SoapOperationName,
      soap: soapRow(service, method),
      kind,
      rest,
      combination: spec.combination ?? (rest.length > 1 ? 'alternatives' : 'one'),
      differs: spec.differs ?? [],
      ...(spec.elsewhere ? { elsewhere: spec.elsewhere } : {}),
      ...(spec.guideMethod ? { guideMethod: spec.guideMethod } : {}),
      ...(spec.note ? { note: spec.note } : {}),
    };
  });
}

const OAUTH: Spec = {
  differs: ['replaced by an OAuth 2.0 bearer token (the REST client renews it); MailUp names no REST endpoint'],
  elsewhere: 'oauth',
};
const LOGOUT: Spec = { differs: ['nothing to call: REST has no session to end'] };
const LIST_SCOPE = 'REST lists only what the calling user may access; no user argument';
const GROUPS_EXTRA = 'groups: one more call per list (GET Console/List/{idList}/Groups)';
const IMPORT_MERGE = 'NewImportProcess, StartProcess and StartImportProcesses become one REST import call';
const IMPORT_ROWS = ['POST Console/List/{idList}/Recipients', 'POST Console/Group/{idGroup}/Recipients'];
const OWN_ID = 'REST answers only the calling user’s own id';
const SMS_API: Spec = {
  differs: ['MailUp points one-to-one SMS to the transactional SMS API, outside the REST base'],
  elsewhere: 'txsms',
};
const NOT_IN_GUIDE = 'not in MailUp’s migration guide';
const STATS_THREE = [
  'GET Message/{idMessage}/List/Recipients',
  'GET Message/{idMessage}/List/Views',
  'GET Message/{idMessage}/List/Clicks',
];
const REPORT_SPLIT: Spec = {
  rest: STATS_THREE,
  combination: 'parts',
  differs: ['one report split into three statistics lists: delivered, opened, clicked'],
};
const REPORT_USER: Spec = {
  differs: ['needs a sequence of REST calls that MailUp’s guide does not list'],
  note: 'the guide’s details link for ReportByUser has no target',
};

/**
 * The SOAP → REST migration as data: every operation of MailUpSend, MailUpManage, MailUpReport and WSMailUpImport
 * (the SOAP table's rows, plus the Import service's `Authentication` header) with its REST equivalent(s) — typed
 * references to `REST_OPERATIONS` rows — or why there is none. Written from MailUp's migration guide (REST API
 * "Migrating from SOAP") and REFERENCE §3 / §6; the operations the guide omits are `soap-only`, with our own reading
 * of the REST table where one fits.
 */
export const SOAP_TO_REST: readonly SoapMigration[] = Object.freeze([
  ...entries('WSMailUpImport', [
    ['Authentication', 'partial', OAUTH],
    [
      'GetNlLists',
      'partial',
      {
        rest: ['GET Console/List', 'GET Console/List/{idList}/Groups'],
        combination: 'parts',
        differs: [LIST_SCOPE, GROUPS_EXTRA],
      },
    ],
    [
      'GetNlListsUser',
      'partial',
      {
        rest: ['GET Console/List', 'GET Console/List/{idList}/Groups'],
        combination: 'parts',
        differs: [LIST_SCOPE, GROUPS_EXTRA],
      },
    ],
    ['NewImportProcess', 'partial', { rest: IMPORT_ROWS, differs: [IMPORT_MERGE, 'list or group variant'] }],
    ['StartProcess', 'partial', { rest: IMPORT_ROWS, differs: [IMPORT_MERGE, 'list or group variant'] }],
    ['StartImportProcesses', 'partial', { rest: IMPORT_ROWS, differs: [IMPORT_MERGE, 'list or group variant'] }],
    [
      'GetProcessDetails',
      'same',
      { rest: ['GET Console/Import/{idImport}', 'GET Console/Imports'], note: 'the second returns every import task' },
    ],
    ['CreateGroup', 'same', { rest: ['POST Console/List/{idList}/Group'] }],
    ['GetIdUser', 'partial', { rest: ['GET Console/Authentication/Info'], differs: [OWN_ID] }],
    ['GetIdWsUser', 'partial', { rest: ['GET Console/Authentication/Info'], differs: [OWN_ID] }],
  ]),
  ...entries('MailupSend', [
    ['Login', 'partial', OAUTH],
    ['LoginFromId', 'partial', OAUTH],
    ['Logout', 'none', LOGOUT],
    ['GetIdUser', 'same', { rest: ['GET Console/Authentication/Info'] }],
    ['GetListsUser', 'partial', { rest: ['GET Console/List'], differs: [LIST_SCOPE] }],
    ['GetLists', 'same', { rest: ['GET Console/List'] }],
    ['GetGroups', 'same', { rest: ['GET Console/List/{idList}/Groups'] }],
    ['GetCredits', 'same', { rest: ['GET Console/Authentication/Details'], guideMethod: 'POST' }],
    ['GetCreditsLists', 'same', { rest: ['GET Console/Authentication/Details'], guideMethod: 'POST' }],
    ['GetUserAccess', 'soap-only', { differs: [NOT_IN_GUIDE, 'no REST resource checks another user’s access'] }],
    ['CheckUserHash', 'soap-only', { differs: [NOT_IN_GUIDE, 'no REST resource checks a user hash'] }],
    [
      'GetTemplates',
      'soap-only',
      { rest: ['GET Console/List/{idList}/Templates'], differs: [NOT_IN_GUIDE, 'our reading: the list’s templates'] },
    ],
    ['GetNewsletters', 'same', { rest: ['GET Console/List/{idList}/Emails'] }],
    ['GetMessages', 'none', { differs: ['no REST call returns only the messages that are not clones'] }],
    ['CreateNewsletter', 'same', { rest: ['POST Console/List/{idList}/Email'] }],
    [
      'EditNewsletter',
      'soap-only',
      {
        rest: ['PUT Console/List/{idList}/Email/{idMessage}'],
        differs: [NOT_IN_GUIDE, 'our reading: update the message'],
      },
    ],
    [
      'GetNewsletterCode',
      'same',
      { rest: ['GET Console/List/{idList}/Email/{idMessage}'], note: 'the guide writes the segment as lowercase list' },
    ],
    ['SendNewsletter', 'same', { rest: ['POST Console/List/{idList}/Email/{idMessage}/Send'] }],
    [
      'GetNewsletterDeliveryStatus',
      'partial',
      {
        rest: [
          'GET Console/List/{idList}/Email/{idMessage}/SendHistory',
          'GET Console/Email/Sendings/Immediate',
          'GET Console/Email/Sendings/Deferred',
        ],
        combination: 'parts',
        differs: ['split by state: past sendings, in progress, still planned'],
      },
    ],
    [
      'StartDelivery',
      'same',
      {
        rest: ['POST Console/Email/Sendings/{idSending}/Immediate', 'POST Console/Email/Sendings/{idSending}/Deferred'],
        note: 'immediate or deferred',
      },
    ],
    [
      'StopDelivery',
      'soap-only',
      {
        rest: ['POST Console/Email/Sendings/{idSending}/Stop'],
        differs: [NOT_IN_GUIDE, 'our reading: stop one sending'],
      },
    ],
    [
      'SendNewsletterFast',
      'partial',
      {
        rest: ['POST Console/List/{idList}/Email', 'POST Console/List/{idList}/Email/{idMessage}/Send'],
        combination: 'steps',
        differs: ['two steps: create, then send', 'one-to-one mail: the transactional email API or SMTP+'],
      },
    ],
    [
      'SendSingleNewsletter',
      'none',
      { differs: ['MailUp points one-to-one mail to the transactional email API or SMTP+'], elsewhere: 'txmail' },
    ],
    [
      'GetNewsletterQueues',
      'partial',
      {
        rest: [
          'GET Console/Email/Sendings/Immediate',
          'GET Console/Email/Sendings/Deferred',
          'GET Console/Email/Sendings/Undefined',
        ],
        combination: 'parts',
        differs: ['split by state: ongoing, planned, unplanned'],
      },
    ],
    [
      'GetNewsletterScheduleStatus',
      'soap-only',
      {
        rest: ['GET Console/Email/Sendings/{idSending}/Deferred'],
        differs: [NOT_IN_GUIDE, 'our reading: by sending, not by message'],
      },
    ],
    ['SetNewsletterQueueOrder', 'soap-only', { differs: [NOT_IN_GUIDE, 'REST has no queue order'] }],
    [
      'AddNewsletterQueue',
      'soap-only',
      {
        rest: ['POST Console/Email/Sendings/{idSending}/Immediate', 'POST Console/Email/Sendings/{idSending}/Deferred'],
        differs: [NOT_IN_GUIDE, 'our reading: start a sending now or at a date'],
      },
    ],
    [
      'RemoveNewsletterQueue',
      'partial',
      {
        rest: ['DELETE Console/Email/Sendings/{idSending}'],
        differs: ['an ongoing sending must be stopped first (POST Console/Email/Sendings/{idSending}/Stop)'],
      },
    ],
    [
      'ScheduleNewsletterQueue',
      'soap-only',
      {
        rest: ['POST Console/Email/Sendings/{idSending}/Deferred'],
        differs: [NOT_IN_GUIDE, 'our reading: by sending id'],
      },
    ],
    [
      'PrepareNewsletterSchedule',
      'soap-only',
      {
        rest: ['POST Console/List/{idList}/Email/{idMessage}/Send'],
        differs: [NOT_IN_GUIDE, 'our reading: send with a datetime; no admin notice, no note'],
      },
    ],
    [
      'SendMessageNL',
      'partial',
      { differs: ['needs a multi-step REST sequence (import, then send) that MailUp’s guide does not list'] },
    ],
    [
      'CloneMessage',
      'same',
      {
        rest: ['POST Console/List/{idList}/Email/{idMessage}'],
        note: 'the guide writes the segment as lowercase list',
      },
    ],
    ['GetFields', 'same', { rest: ['GET Console/Recipient/DynamicFields'] }],
    ['GetFields_st', 'same', { rest: ['GET Console/Recipient/DynamicFields'] }],
    [
      'CreateList_st',
      'soap-only',
      {
        rest: ['POST Console/List'],
        differs: [NOT_IN_GUIDE, 'the _st variant of CreateList, which maps to POST Console/List'],
      },
    ],
    [
      'DeleteList_st',
      'soap-only',
      {
        rest: ['DELETE Console/List/{idList}'],
        differs: [NOT_IN_GUIDE, 'the _st variant of DeleteList, which maps to DELETE Console/List/{idList}'],
      },
    ],
    [
      'GetListIdentity_st',
      'soap-only',
      { differs: [NOT_IN_GUIDE, 'the _st variant of GetListIdentity, no longer supported'] },
    ],
    ['CreateList', 'same', { rest: ['POST Console/List'] }],
    ['DeleteList', 'same', { rest: ['DELETE Console/List/{idList}'] }],
    ['GetListIdentity', 'deprecated', { differs: ['no longer supported: it belonged to a retired integration'] }],
    [
      'GetSMS',
      'same',
      {
        rest: ['GET Console/Sms/List/{idList}/Messages'],
        guideMethod: 'POST',
        note: 'the guide’s link goes to the Accounts page',
      },
    ],
    ['CreateSMS', 'same', { rest: ['POST Console/Sms/List/{idList}/Message'] }],
    [
      'SendSMS',
      'same',
      {
        rest: [
          'POST Console/Sms/List/{idList}/Message/{idMessage}/Send',
          'POST Console/Sms/Group/{idGroup}/Message/{idMessage}/Send',
        ],
        note: 'whole list or one group',
      },
    ],
    ['SendSMSFast', 'none', SMS_API],
    ['SendSingleSMS', 'none', SMS_API],
    ['SendDirectSMS', 'none', SMS_API],
    ['GetSMSDeliveryStatus', 'same', { rest: ['GET Console/Sms/Sendings/Immediate'], guideMethod: 'POST' }],
    [
      'StartDeliverySMS',
      'soap-only',
      {
        rest: ['POST Console/Sms/Sendings/{idSending}/Immediate', 'POST Console/Sms/Sendings/{idSending}/Deferred'],
        differs: [NOT_IN_GUIDE, 'our reading: start an SMS sending now or at a date'],
      },
    ],
    ['StopDeliverySMS', 'soap-only', { differs: [NOT_IN_GUIDE, 'REST has no stop for SMS sendings'] }],
    [
      'GetSMSQueues',
      'soap-only',
      {
        rest: [
          'GET Console/Sms/Sendings/Immediate',
          'GET Console/Sms/Sendings/Deferred',
          'GET Console/Sms/Sendings/Undefined',
        ],
        combination: 'parts',
        differs: [NOT_IN_GUIDE, 'our reading: split by state like GetNewsletterQueues'],
      },
    ],
    ['RemoveSMSQueue', 'soap-only', { differs: [NOT_IN_GUIDE, 'REST has no delete for SMS sendings'] }],
    [
      'ScheduleSMSQueue',
      'soap-only',
      {
        rest: ['POST Console/Sms/Sendings/{idSending}/Deferred'],
        differs: [NOT_IN_GUIDE, 'our reading: by sending id'],
      },
    ],
  ]),
  ...entries('MailupReport', [
    ['Login', 'partial', OAUTH],
    ['LoginFromId', 'partial', OAUTH],
    ['Logout', 'none', LOGOUT],
    ['ReportByUser', 'partial', REPORT_USER],
    ['ReportByUserEN', 'partial', REPORT_USER],
    ['ReportByMessage', 'partial', REPORT_SPLIT],
    ['ReportByMessageEN', 'partial', REPORT_SPLIT],
  ]),
  ...entries('MailupManage', [
    ['Login', 'partial', OAUTH],
    ['LoginFromId', 'partial', OAUTH],
    ['Logout', 'none', LOGOUT],
    ['GetLists', 'same', { rest: ['GET Console/List'] }],
    ['GetIdUser', 'same', { rest: ['GET Console/Authentication/Info'] }],
    ['GetListsUser', 'partial', { rest: ['GET Console/List'], differs: [LIST_SCOPE] }],
    ['GetGroups', 'same', { rest: ['GET Console/List/{idList}/Groups'] }],
    ['CreateGroup', 'same', { rest: ['POST Console/List/{idList}/Group'] }],
    ['UpdateGroup', 'same', { rest: ['PUT Console/List/{idList}/Group/{idGroup}'] }],
    ['DeleteGroup', 'same', { rest: ['DELETE Console/List/{idList}/Group/{idGroup}'] }],
    ['CreateList', 'same', { rest: ['POST Console/List'] }],
    ['UpdateList', 'same', { rest: ['PUT Console/List/{idList}'] }],
    ['DeleteList', 'same', { rest: ['DELETE Console/List/{idList}'] }],
  ]),
]);

/** The migration entry of `Service.Method`, if any. */
export function migrationOf(name: string): SoapMigration | undefined {
  return SOAP_TO_REST.find((m) => m.name === name);
}
