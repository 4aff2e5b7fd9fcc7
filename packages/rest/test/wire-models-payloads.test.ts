import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { checkResponse, parseWcfXml, REST_OPERATIONS, type RestOperationName } from '../src/index.js';

/**
 * The models decode MailUp's own answers: the captured payloads of ../shared/mailup/artifacts (help pages, and the
 * answers mailupy's tests captured), each checked against the model of the operation that answers it.
 */
const ARTIFACTS = join(process.cwd(), '../shared/mailup/artifacts');
const present = existsSync(ARTIFACTS);
if (!present) {
  console.warn(
    `wire-models-payloads: ${ARTIFACTS} is absent (a clone without ../shared); the real payloads are skipped`,
  );
}

const SAMPLES = 'rest-samples/lotrekagency-mailupy';
const PAYLOADS: ReadonlyArray<readonly [file: string, operation: RestOperationName]> = [
  ['rest/authentication-info.json', 'GET Console/Authentication/Info'],
  ['rest/authentication-details.json', 'GET Console/Authentication/Details'],
  ['rest/user-lists.json', 'GET Console/User/Lists'],
  ['rest/create-email-response.json', 'POST Console/List/{idList}/Email'],
  ['rest/list-tags-response.json', 'GET Console/List/{idList}/Tags'],
  ['rest/sms-send-to-list-response.json', 'POST Console/Sms/List/{idList}/Message/{idMessage}/Send'],
  ['rest/smtpplus-priorities-response.json', 'GET Console/SmtpPlusPriorities'],
  [`${SAMPLES}/Email/Send/POST.json`, 'POST Console/Email/Send'],
  [`${SAMPLES}/Group/6/Recipient/POST.json`, 'POST Console/Group/{idGroup}/Recipient'],
  [`${SAMPLES}/Group/6/Recipients/GET.json`, 'GET Console/Group/{idGroup}/Recipients'],
  [`${SAMPLES}/List/1/Emails/GET.json`, 'GET Console/List/{idList}/Emails'],
  [`${SAMPLES}/List/1/Group/POST.json`, 'POST Console/List/{idList}/Group'],
  [`${SAMPLES}/List/1/Groups/GET.json`, 'GET Console/List/{idList}/Groups'],
  [`${SAMPLES}/List/1/Recipient/POST.json`, 'POST Console/List/{idList}/Recipient'],
  [`${SAMPLES}/List/1/Recipients/EmailOptins/GET.json`, 'GET Console/List/{idList}/Recipients/EmailOptins'],
  [`${SAMPLES}/Recipient/Detail/PUT.json`, 'PUT Console/Recipient/Detail'],
  [`${SAMPLES}/Recipient/DynamicFields/GET.json`, 'GET Console/Recipient/DynamicFields'],
  [`${SAMPLES}/Sms/Send/POST.json`, 'POST Console/Sms/Send'],
];

/** The row named `N`, by reference. */
function rowOf<N extends RestOperationName>(name: N): (typeof REST_OPERATIONS)[N] {
  return REST_OPERATIONS[name];
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe.skipIf(!present)('real MailUp payloads decode into the models', () => {
  it.each(PAYLOADS)('%s is a valid answer of %s, returned as it is', (file, operation) => {
    const value: unknown = JSON.parse(readFileSync(join(ARTIFACTS, file), 'utf8'));
    expect(checkResponse(rowOf(operation).response, value, operation)).toEqual(value);
  });

  it("the WCF help pages' XML answers decode into the same models, numbers and booleans typed", () => {
    const read = (file: string) => parseWcfXml(readFileSync(join(ARTIFACTS, 'rest', file), 'utf8'));
    const emails = checkResponse(
      rowOf('GET Console/User/Emails').response,
      read('wcf-help-GetMailMessagesByUser-response.xml'),
      'GET Console/User/Emails',
      'xml',
    );
    expect(emails.Items).toEqual([
      {
        CreationDate: 'String content',
        Notes: 'String content',
        Subject: 'String content',
        idList: 2147483647,
        idMessage: 2147483647,
        ServiceType: 2147483647,
      },
    ]);
    const detail = checkResponse(
      rowOf('GET Console/Imports/{idImport}').response,
      read('wcf-help-GetImportDetailsByIdImport-response.partial.xml'),
      'GET Console/Imports/{idImport}',
      'xml',
    );
    expect(detail).toMatchObject({ IdImport: 2147483647, IdGroups: [2147483647], StatusCode: 2147483647 });
    expect(detail.Rows?.Total).toBe(2147483647);
  });
});

describe('a field of the wrong type in an answer is a typed error, never a silent value of the wrong type', () => {
  const emails = {
    IsPaginated: false,
    Items: [{ CreationDate: '2020-01-27 10:05:53Z', Notes: '', Subject: 'S', idList: 1, idMessage: 1 }],
    PageNumber: 0,
    PageSize: 20,
    Skipped: 0,
    TotalElementsCount: 1,
  };
  const op = 'GET Console/List/{idList}/Emails';

  it('an optional field (ServiceType) may be absent, and is checked when it is there', () => {
    expect(checkResponse(rowOf(op).response, emails, op)).toBe(emails);
    const wrong = { ...emails, Items: [{ ...emails.Items[0], ServiceType: 'zero' }] };
    const error = errorOf(() => checkResponse(rowOf(op).response, wrong, op));
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    expect(error).toMatchObject({ protocol: 'rest', details: { field: 'Items[0].ServiceType', expected: 'number' } });
  });

  it('a field the type promises (Url of the account details) is required by the check too', () => {
    const details = 'GET Console/Authentication/Details';
    const answer = {
      AutoRenewal: true,
      Company: 'MailUp',
      CreditsByList: [{ Credit: 0, ListId: 1 }],
      Email: 'a@example.com',
      ExpiryDate: '2016-12-09 00:00:00.000',
      IsTrial: false,
      Lang: 'IT',
      Plan: 4,
      TotalCredits: 0,
      UID: '388',
      Url: 'example.mailup.it',
      Username: 'm1234',
      Version: '9.0.0',
    };
    expect(checkResponse(rowOf(details).response, answer, details)).toBe(answer);
    const { Url: _url, ...withoutUrl } = answer;
    expect(errorOf(() => checkResponse(rowOf(details).response, withoutUrl, details))).toMatchObject({
      kind: 'permanent',
      details: { field: 'Url' },
    });
  });

  it('an import detail whose Rows.Total is not a number is refused (the bulk import matches lost chunks by it)', () => {
    const op = 'GET Console/Imports/{idImport}';
    const detail = { IdImport: 7, IdList: 1, IdGroups: null, StatusCode: 5, StartDate: null, EndDate: null };
    expect(checkResponse(rowOf(op).response, { ...detail, Rows: { Total: 10 } }, op).Rows?.Total).toBe(10);
    expect(errorOf(() => checkResponse(rowOf(op).response, { ...detail, Rows: { Total: '10' } }, op))).toMatchObject({
      kind: 'permanent',
      details: { field: 'Rows.Total', expected: 'number' },
    });
  });

  it('a MailStatistics item with a text Count is refused naming the field', () => {
    const views = 'GET Message/{idMessage}/List/Views';
    const page = { ...emails, Items: [{ IdMessage: 1, IdRecipient: 2, Count: '3' }] };
    expect(errorOf(() => checkResponse(rowOf(views).response, page, views))).toMatchObject({
      kind: 'permanent',
      details: { field: 'Items[0].Count', expected: 'number' },
    });
  });
});
