import type { PolicyRow } from './policy-row.js';

const SECOND = 1000;
/** The largest sending queue the policy tolerates before "service limitations are introduced" (footnote ‡). */
export const MAX_SENDING_BACKLOG = 1_000_000;

/**
 * Every row of MailUp's API use policy (seeds/000_81cac92dbb48e456.txt, "Rate limiting"; REFERENCE.md §10).
 * Order matters within a protocol only for rows of the same match kind: exact rows win over pattern rows, which
 * win over the protocol's default row.
 */
export const API_USE_POLICY: readonly PolicyRow[] = Object.freeze([
  {
    protocol: 'frontend',
    operation: '*',
    match: 'default',
    limits: [],
    source: 'HTTP GET & POST API: no numeric limit',
  },
  {
    protocol: 'soap',
    operation: 'CreateNewsletter',
    match: 'exact',
    limits: [{ kind: 'daily', calls: 100 }],
    source: 'SOAP CreateNewsletter: max 100 calls per day',
  },
  {
    protocol: 'soap',
    operation: 'SendNewsletterFast',
    match: 'exact',
    limits: [{ kind: 'daily', calls: 100 }],
    source: 'SOAP SendNewsletterFast: max 100 calls per day',
  },
  {
    protocol: 'soap',
    operation: 'SendSingleNewsletter',
    match: 'exact',
    when: { field: 'type', equals: 'ID' },
    variant: 'ID',
    limits: [{ kind: 'daily', calls: 5_000 }, { kind: 'level-of-service' }],
    source: 'SOAP SendSingleNewsletter: level of service, without exceeding 5,000 calls per day if type=ID (†)',
  },
  {
    protocol: 'soap',
    operation: 'SendSingleNewsletter',
    match: 'exact',
    variant: 'HTML',
    limits: [{ kind: 'daily', calls: 100 }, { kind: 'level-of-service' }],
    source:
      'SOAP SendSingleNewsletter: level of service, without exceeding 100 calls per day if type=HTML (†; other types get the stricter limit)',
  },
  {
    protocol: 'soap',
    operation: 'SendNewsletter',
    match: 'exact',
    limits: [{ kind: 'daily', calls: 200 }],
    source: 'SOAP SendNewsletter: max 200 calls per day',
  },
  {
    protocol: 'soap',
    operation: 'SendDirectSMS',
    match: 'exact',
    limits: [{ kind: 'rate', calls: 10, perMs: SECOND }],
    source: 'SOAP SendDirectSMS: max 10 calls per second',
  },
  {
    protocol: 'soap',
    operation: 'SendSingleSMS',
    match: 'exact',
    limits: [{ kind: 'rate', calls: 10, perMs: SECOND }],
    source: 'SOAP SendSingleSMS: max 10 calls per second',
  },
  {
    protocol: 'soap',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'rate', calls: 5, perMs: SECOND }],
    source: 'Other SOAP API methods: max 5 calls per second',
  },
  {
    protocol: 'import',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'rate', calls: 5, perMs: SECOND }],
    source: 'MailUpImport is a SOAP web service: other SOAP API methods, max 5 calls per second',
  },
  {
    protocol: 'rest',
    operation: '^POST\\s+(.*/)?(Email|Sms)/Sendings/[^/]+/Stop$',
    match: 'pattern',
    limits: [{ kind: 'rate', calls: 1, perMs: 30 * SECOND }],
    source: 'REST stop sending: max 1 call every 30 seconds',
  },
  {
    protocol: 'rest',
    operation: '^DELETE\\s+(.*/)?(Email|Sms)/Sendings/[^/]+$',
    match: 'pattern',
    limits: [{ kind: 'rate', calls: 1, perMs: 30 * SECOND }],
    source: 'REST delete sending: max 1 call every 30 seconds',
  },
  {
    protocol: 'rest',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'rate', calls: 5, perMs: SECOND }],
    source: 'Other REST API methods: max 5 calls per second (counted per method)',
  },
  {
    protocol: 'jsonp',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'rate', calls: 5, perMs: SECOND }],
    source: 'JSONP on REST GETs: a REST method, max 5 calls per second (INFERRED: no JSONP row in the policy)',
  },
  {
    protocol: 'txsms',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'rate', calls: 30, perMs: SECOND }],
    source: 'Transactional SMS: max 30 calls per second',
  },
  {
    protocol: 'txmail',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'level-of-service' }],
    maxBacklog: MAX_SENDING_BACKLOG,
    source: 'Transactional and personal emails: level of service (messages per hour); queue never past 1,000,000 (‡)',
  },
  {
    protocol: 'smtp',
    operation: '*',
    match: 'default',
    limits: [{ kind: 'level-of-service' }],
    maxBacklog: MAX_SENDING_BACKLOG,
    source: 'SMTP+: level of service (messages per hour); queue never past 1,000,000 (‡)',
  },
] satisfies PolicyRow[]);
