import { PROTOCOLS } from '@mailup-kit/core';
import { API_USE_POLICY, findPolicyRow, type PolicyRow, PolicyRowIndex } from '@mailup-kit/core/catalogue';
import { describe, expect, it } from 'vitest';

const operations = [
  'CreateNewsletter',
  'createnewsletter',
  'SendSingleNewsletter',
  'SendNewsletter',
  'SendDirectSMS',
  'GetLists',
  'POST Console/Email/Sendings/12/Stop',
  'post console/sms/Sendings/3/stop',
  'DELETE Console/Email/Sendings/12',
  'GET Console/User/Lists',
  'sendmessage',
  'Send',
  '',
];
const inputs: unknown[] = [undefined, { type: 'ID' }, { Type: 'html' }, { type: 'URL' }, 'text', null];

describe('PolicyRowIndex: findPolicyRow with compiled patterns and memoized candidates', () => {
  it('finds the same row as findPolicyRow for every protocol, operation and input', () => {
    const index = new PolicyRowIndex(API_USE_POLICY);
    for (const protocol of PROTOCOLS) {
      for (const operation of operations) {
        for (const input of inputs) {
          // twice: the second answer comes from the memo
          expect(index.find(protocol, operation, input)).toBe(
            findPolicyRow(API_USE_POLICY, protocol, operation, input),
          );
          expect(index.find(protocol, operation, input)).toBe(
            findPolicyRow(API_USE_POLICY, protocol, operation, input),
          );
        }
      }
    }
  });

  it('keeps the input condition per call (the memo holds candidates, not answers)', () => {
    const index = new PolicyRowIndex(API_USE_POLICY);
    expect(index.find('soap', 'SendSingleNewsletter', { type: 'ID' })?.variant).toBe('ID');
    expect(index.find('soap', 'SendSingleNewsletter', { type: 'HTML' })?.variant).toBe('HTML');
    expect(index.find('soap', 'SendSingleNewsletter', { type: 'ID' })?.variant).toBe('ID');
  });

  it('stays bounded and correct past 1,000 distinct operations', () => {
    const rows: PolicyRow[] = [
      {
        protocol: 'rest',
        operation: '^GET x7',
        match: 'pattern',
        limits: [{ kind: 'rate', calls: 1, perMs: 1 }],
        source: 't',
      },
      {
        protocol: 'rest',
        operation: '*',
        match: 'default',
        limits: [{ kind: 'rate', calls: 5, perMs: 1000 }],
        source: 't',
      },
    ];
    const index = new PolicyRowIndex(rows);
    for (let i = 0; i < 2500; i++) {
      expect(index.find('rest', `GET x${i}`)).toBe(findPolicyRow(rows, 'rest', `GET x${i}`));
    }
  });
});
