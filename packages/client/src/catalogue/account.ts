import type { Members } from '../config/members.js';
import { callOptions } from '../routing/call-options.js';
import type { OperationDef } from './binding.js';
import { numericId } from './canonical.js';
import { restRow, soapRow } from './rows.js';

/** `account.info`: who the credentials act for. Fields a transport does not know are absent. */
export interface AccountInfo {
  /** The account (console) id, e.g. 51234. */
  accountId: number;
  /** The console user (`m51234`). */
  username?: string;
  company?: string;
  /** The console URL. */
  consoleUrl?: string;
  trial?: boolean;
  /** Expiry date as MailUp writes it. */
  expiryDate?: string;
}

const REST_INFO = restRow('GET Console/Authentication/Info');
const SOAP_ID = soapRow('MailupSend', 'GetIdUser');

/** `account.info` candidates: REST Authentication/Info, SOAP GetIdUser (the id only). */
export const ACCOUNT_INFO: OperationDef<void, AccountInfo, Members> = {
  id: 'account.info',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: [REST_INFO],
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, _input, call) {
        const info = await m.rest!.account.info(callOptions(call));
        const digits = /(\d+)$/.exec(info.Username ?? '')?.[1];
        return {
          accountId: digits ? Number(digits) : Number(m.account),
          username: info.Username,
          company: info.Company,
          consoleUrl: info.Url,
          trial: info.IsTrial,
          expiryDate: info.ExpiryDate,
        };
      },
    },
    {
      via: 'soap',
      rows: [SOAP_ID],
      equivalence: {
        kind: 'partial',
        differs: ['only the account id: no username, company, console URL, trial or expiry'],
      },
      needs: ['soap'],
      async run(m, _input, call) {
        const result = await m.soap!.send.call('GetIdUser', {}, callOptions(call));
        return { accountId: numericId('account.info', 'idUser', result.data.idUser) };
      },
    },
  ],
};
