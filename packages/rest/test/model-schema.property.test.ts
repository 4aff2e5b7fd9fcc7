import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResponse, field as f, type Model, model } from '../src/models/schema.js';

/**
 * `model()` compiles each model's in-place check into closures (the per-item fast path of every page). A model
 * written as a plain object literal is not compiled and takes the interpreted path. Both must accept and refuse
 * exactly the same answers.
 */
const itemFields = { Id: f.number(), Value: f.string().nullable() };
const fieldsOf = {
  Email: f.string(),
  Name: f.string().nullable(),
  idRecipient: f.number(),
  Optin: f.boolean().nullable(),
  Fields: f.array({ name: 'Field', fields: itemFields, open: false } satisfies Model).nullable(),
  Extra: f.unknown(),
  Note: f.string().optional(),
};

const compiled = model('Recipient', { ...fieldsOf, Fields: f.array(model('Field', itemFields)).nullable() });
const interpreted: Model = { name: 'Recipient', fields: fieldsOf, open: false };

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
);
const field = fc.record({ Id: scalar, Value: scalar }, { requiredKeys: [] });
const recipient = fc.record(
  {
    Email: scalar,
    Name: scalar,
    idRecipient: scalar,
    Optin: scalar,
    Fields: fc.oneof(fc.array(field, { maxLength: 3 }), scalar),
    Extra: scalar,
    Note: scalar,
  },
  { requiredKeys: [] },
);

function outcome(m: Model, value: unknown): 'accepted' | 'refused' {
  try {
    checkResponse({ kind: 'collection', item: m }, value, 'test');
    return 'accepted';
  } catch {
    return 'refused';
  }
}

describe('compiled model checks', () => {
  it('accept and refuse exactly what the interpreted check does', () => {
    fc.assert(
      fc.property(fc.array(recipient, { maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (items, total) => {
        const page = {
          IsPaginated: false,
          Items: items,
          PageNumber: 0,
          PageSize: 20,
          Skipped: 0,
          TotalElementsCount: total,
        };
        expect(outcome(compiled, page)).toBe(outcome(interpreted, page));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a valid page as it is and names the first bad field of an invalid one', () => {
    const good = { Email: 'a@b.c', Name: null, idRecipient: 7, Optin: true, Fields: [{ Id: 1, Value: 'x' }], Extra: 1 };
    const page = { IsPaginated: false, Items: [good], PageNumber: 0, PageSize: 20, Skipped: 0, TotalElementsCount: 1 };
    expect(checkResponse({ kind: 'collection', item: compiled }, page, 'test')).toBe(page);
    const bad = { ...page, Items: [good, { ...good, Fields: [{ Id: '1', Value: 'x' }] }] };
    expect(() => checkResponse({ kind: 'collection', item: compiled }, bad, 'test')).toThrow(
      /Items\[1\]\.Fields\[0\]\.Id/,
    );
  });
});
