import { describe, expectTypeOf, it } from 'vitest';
import {
  type Binding,
  type FacadeEventOf,
  type ListGroup,
  type MailingList,
  MailUp,
  type Members,
  type OperationDef,
  type Plan,
  type Routed,
  type RoutedIterable,
  type WithRouted,
} from '../src/index.js';

// A type-level test of the public API: a misspelt operation or a wrong argument type fails `tsc` (typecheck).
describe('the facade’s public types', () => {
  it('typed operations, canonical results with routed, typed events', async () => {
    const mailup = new MailUp({ account: 1 });
    // checked by tsc, never run (the calls would need a configured member)
    const types = () => {
      expectTypeOf(mailup.lists.all()).toEqualTypeOf<RoutedIterable<MailingList>>();
      expectTypeOf(mailup.lists.get(1)).resolves.toEqualTypeOf<WithRouted<MailingList>>();
      expectTypeOf(mailup.groups.create({ listId: 1, name: 'x' })).resolves.toEqualTypeOf<WithRouted<ListGroup>>();
      expectTypeOf(mailup.recipients.subscribe({ listId: 1, email: 'a@b.c' })).resolves.toHaveProperty('status');
      expectTypeOf<WithRouted<MailingList>['routed']>().toEqualTypeOf<Routed>();
      expectTypeOf(mailup.plan('lists.all')).resolves.toEqualTypeOf<Plan>();
      mailup.on('fallback', (e) => {
        expectTypeOf(e).toEqualTypeOf<FacadeEventOf<'fallback'>>();
        expectTypeOf(e.from).toEqualTypeOf<'rest' | 'soap' | 'import' | 'frontend' | 'txmail' | 'smtp' | 'txsms'>();
      });
      // @ts-expect-error a misspelt group
      mailup.list.all();
      // @ts-expect-error listId is a number
      mailup.lists.get('1');
      // @ts-expect-error no such event
      mailup.on('fallbacks', () => {});
      // @ts-expect-error an unknown transport in prefer
      mailup.lists.get(1, { prefer: ['fax'] });
      // @ts-expect-error confirm is a boolean
      mailup.recipients.subscribe({ listId: 1, email: 'a@b.c', confirm: 'yes' });
    };
    expectTypeOf(types).toBeFunction();
    await mailup.close();
  });

  it('a binding is typed by its input, output and members', () => {
    const def: OperationDef<{ listId: number }, { n: number }, Members> = {
      id: 'example.count',
      kind: 'read',
      bindings: [
        {
          via: 'rest',
          rows: [],
          equivalence: { kind: 'same' },
          needs: ['rest'],
          run: async (_m, input) => ({ n: input.listId }),
        } satisfies Binding<{ listId: number }, { n: number }, Members>,
      ],
    };
    expectTypeOf(def.bindings[0]!.run).returns.resolves.toEqualTypeOf<{ n: number }>();
  });
});
