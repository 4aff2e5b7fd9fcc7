/**
 * The public API of @mailup-kit/rest, locked at the type level: `corepack pnpm typecheck` compiles this file (it is
 * never run), so a result type that drifts from its model, a misspelt operation or a wrong argument type that starts
 * compiling, fails the repo typecheck. Each `@ts-expect-error` line must stay an error.
 */
import { expectTypeOf } from 'vitest';
import type {
  AuthenticationDetails,
  Collection,
  Country,
  EmailItem,
  Group,
  Infer,
  ListDetails,
  MODELS,
  Paged,
  PagedItem,
  Recipient,
  RestCaller,
  RestClient,
  RestOperationName,
  RestResult,
  SendResult,
  SingleSendResult,
  StatisticsItem,
  UrlClick,
} from '../src/index.js';

export function results(rest: RestClient): void {
  expectTypeOf(rest.account.details()).resolves.toEqualTypeOf<AuthenticationDetails>();
  expectTypeOf<AuthenticationDetails['CreditsByList']>().toEqualTypeOf<Array<{ Credit: number; ListId: number }>>();
  expectTypeOf(rest.lists.get(1)).resolves.toEqualTypeOf<ListDetails>();
  expectTypeOf(rest.lists.countries()).resolves.toEqualTypeOf<Country[]>();
  expectTypeOf(rest.groups.list(1)).toEqualTypeOf<Paged<Group>>();
  expectTypeOf(rest.groups.list(1).page()).resolves.toEqualTypeOf<Collection<Group>>();
  expectTypeOf(rest.recipients.subscribed(1)).toEqualTypeOf<Paged<Recipient>>();
  expectTypeOf(rest.recipients.add(1, { Email: 'a@example.com' })).resolves.toEqualTypeOf<number>();
  expectTypeOf(rest.emails.list(1)).toEqualTypeOf<Paged<EmailItem>>();
  expectTypeOf(rest.sendings.toList(1, 2)).resolves.toEqualTypeOf<SendResult>();
  expectTypeOf(
    rest.sendings.toRecipient({ Email: 'a@example.com', idMessage: 2 }),
  ).resolves.toEqualTypeOf<SingleSendResult>();
  expectTypeOf(rest.statistics.messageList(1, 'UrlClicks')).toEqualTypeOf<Paged<UrlClick>>();
  expectTypeOf(rest.statistics.messageList(1, 'Views')).toEqualTypeOf<Paged<StatisticsItem>>();
  expectTypeOf(rest.statistics.messageCount(1, 'Views')).resolves.toEqualTypeOf<number>();
  expectTypeOf(rest.lists.delete(1, 'guid')).resolves.toEqualTypeOf<void>();
}

export function modelsAreTheirDescriptors(): void {
  // Each type is the descriptor's: one source.
  expectTypeOf<Group>().toEqualTypeOf<Infer<typeof MODELS.group>>();
  expectTypeOf<Group>().toEqualTypeOf<{
    Count: number | null;
    Deletable: boolean;
    Name: string;
    Notes: string | null;
    idGroup: number;
    idList: number;
  }>();
  expectTypeOf<EmailItem['ServiceType']>().toEqualTypeOf<number | undefined>();
  expectTypeOf<ListDetails['Name']>().toEqualTypeOf<string>();
  expectTypeOf<RestResult<'GET Console/List/{idList}/Groups'>>().toEqualTypeOf<Collection<Group>>();
  expectTypeOf<PagedItem<'GET Recipient/{idRecipient}/List/Clicks'>>().toEqualTypeOf<StatisticsItem>();
  expectTypeOf<'GET Console/List/{idList}'>().toExtend<RestOperationName>();
}

export async function refused(rest: RestClient, caller: RestCaller): Promise<void> {
  // @ts-expect-error a misspelt operation does not compile
  await caller.call('GET Console/Lists/{idList}', {});
  // @ts-expect-error an operation with another method does not exist
  await caller.call('PATCH Console/List/{idList}', {});
  // @ts-expect-error a page of one model is not a page of another
  caller.page<Group>('GET Console/List/{idList}/Emails', {});
  // @ts-expect-error ids are numbers
  await rest.lists.get('1');
  // @ts-expect-error a recipient's fields are { Id, Value }
  await rest.recipients.add(1, { Email: 'a@example.com', Fields: [{ Id: '1', Value: 2 }] });
  // @ts-expect-error MailStatistics kinds are the table's
  rest.statistics.messageList(1, 'Opens');
  // @ts-expect-error a count kind is not a list kind
  await rest.statistics.recipientCount(1, 'BouncesDetails');
  // @ts-expect-error sending queues are Immediate, Deferred or Undefined
  rest.sendings.queue('Later');
  const group = await rest.groups.create(1, { Name: 'VIP' });
  // @ts-expect-error a model has the fields it names, no others
  group.IdGroup;
  const details = await rest.account.details();
  // @ts-expect-error a field's type is the descriptor's
  const plan: string = details.Plan;
  void plan;
}
