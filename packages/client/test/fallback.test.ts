import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import type { Equivalence, OperationKind } from '../src/catalogue/binding.js';
import { decideFallback, type FallbackDecision } from '../src/routing/fallback.js';

const SAME: Equivalence = { kind: 'same' };
const PARTIAL: Equivalence = { kind: 'partial', differs: ['no pending status'] };

function err(kind: MailUpError['kind'], extra: Partial<ConstructorParameters<typeof MailUpError>[0]> = {}) {
  return new MailUpError({ kind, protocol: 'rest', operation: 'x', message: kind, ...extra });
}
/** A transport failure before any byte left (connection refused). */
const refused = err('transient', { sent: 'no' });
/** A send's failure once bytes may have left (reset after the body was written). */
const ambiguous = err('ambiguous', { sent: 'maybe' });
/** A 503 answered by the server. */
const answered503 = err('transient', { httpStatus: 503 });

type Row = [
  name: string,
  error: unknown,
  kind: OperationKind,
  next: Equivalence | undefined,
  allowPartial: boolean,
  FallbackDecision,
];

const move = (reason: Extract<FallbackDecision, { move: true }>['reason']): FallbackDecision => ({
  move: true,
  reason,
});
const stay = (reason: Extract<FallbackDecision, { move: false }>['reason']): FallbackDecision => ({
  move: false,
  reason,
});

const TABLE: Row[] = [
  // reasons to move on
  ['our limiter refused a send', err('quota-exhausted'), 'send', SAME, false, move('quota-exhausted')],
  [
    'service switched off (send)',
    err('service-disabled', { httpStatus: 200 }),
    'send',
    SAME,
    false,
    move('switched-off'),
  ],
  ['ip not allowed (write)', err('ip-not-allowed', { httpStatus: 200 }), 'write', SAME, false, move('switched-off')],
  [
    'contract not signed (read)',
    err('contract-not-signed', { httpStatus: 403 }),
    'read',
    SAME,
    false,
    move('switched-off'),
  ],
  [
    'credentials refused before acting',
    err('auth-invalid', { httpStatus: 401 }),
    'send',
    SAME,
    false,
    move('credentials-refused'),
  ],
  [
    'key still refused after the renewal',
    err('auth-expired', { httpStatus: 401 }),
    'read',
    SAME,
    false,
    move('credentials-refused'),
  ],
  ['refresh token dead', err('reauthorization-required'), 'write', SAME, false, move('credentials-refused')],
  ['read transient after its retries', answered503, 'read', SAME, false, move('transient')],
  ['idempotent write transient after its retries', answered503, 'idempotent-write', SAME, false, move('transient')],
  ['send that never left (connection refused)', refused, 'send', SAME, false, move('never-left')],
  ['partial allowed by the call', err('quota-exhausted'), 'read', PARTIAL, true, move('quota-exhausted')],
  // reasons not to
  ['send whose bytes may have left', ambiguous, 'send', SAME, false, stay('bytes-may-have-left')],
  ['write answered 503 (may be applied)', answered503, 'write', SAME, false, stay('bytes-may-have-left')],
  ['send answered 503', answered503, 'send', SAME, false, stay('bytes-may-have-left')],
  ['bad input', err('validation'), 'read', SAME, false, stay('not-movable')],
  ['server said not found', err('not-found', { httpStatus: 404 }), 'read', SAME, false, stay('not-movable')],
  ['conflict', err('conflict', { httpStatus: 409 }), 'write', SAME, false, stay('not-movable')],
  ['permanent', err('permanent'), 'read', SAME, false, stay('not-movable')],
  ['throttled by the server', err('throttled', { httpStatus: 429 }), 'read', SAME, false, stay('not-movable')],
  ['aborted by the caller', err('aborted'), 'read', SAME, false, stay('aborted')],
  ['not a MailUpError', new Error('boom'), 'read', SAME, false, stay('not-a-mailup-error')],
  ['no candidate left', err('quota-exhausted'), 'send', undefined, false, stay('no-candidate-left')],
  ['partial candidate not allowed', err('quota-exhausted'), 'read', PARTIAL, false, stay('partial-not-allowed')],
];

describe('decideFallback: the one fallback rule', () => {
  it.each(TABLE)('%s', (_name, error, kind, next, allowPartial, expected) => {
    expect(decideFallback({ error, kind, next, allowPartial })).toEqual(expected);
  });

  it('never moves on once the caller aborted, whatever the error', () => {
    expect(
      decideFallback({ error: err('quota-exhausted'), kind: 'read', next: SAME, allowPartial: false, aborted: true }),
    ).toEqual(stay('aborted'));
  });
});
