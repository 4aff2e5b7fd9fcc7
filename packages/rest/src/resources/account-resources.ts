import type {
  AuthenticationDetails,
  AuthenticationInfo,
  Country,
  Group,
  GroupInput,
  ListDetails,
  NewList,
  TimeZone,
  TrialActivation,
  UserList,
} from '../models/wire-models.js';
import type { PageOptions } from '../paging.js';
import { invalid } from '../validate.js';
import { bodyObject, id, Paged, type RestCaller, type RestCallOptions, text } from './paged.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `rest.account`: who the token impersonates, and public trial provisioning. */
export class AccountResources {
  constructor(private readonly rest: RestCaller) {}

  /** `GET Console/Authentication/Info`. */
  info(options?: RestCallOptions): Promise<AuthenticationInfo> {
    return this.rest.call('GET Console/Authentication/Info', {}, options);
  }

  /** `GET Console/Authentication/Details` (credits by list, plan, language). */
  details(options?: RestCallOptions): Promise<AuthenticationDetails> {
    return this.rest.call('GET Console/Authentication/Details', {}, options);
  }

  /**
   * `POST PublicService.svc/Console/TrialActivation` (HTTP Basic with the client's id and secret: give the
   * client `publicClient`). The body's fields are not documented publicly; pass what MailUp asked of you.
   */
  activateTrial(request: Record<string, unknown>, options?: RestCallOptions): Promise<TrialActivation> {
    return this.rest.call(
      'POST Console/TrialActivation',
      () => {
        bodyObject('POST Console/TrialActivation', 'request', request);
        return { body: request };
      },
      options,
    );
  }

  /** `POST PublicService.svc/Console/TrialActivationStatus`. */
  trialStatus(request: Record<string, unknown>, options?: RestCallOptions): Promise<TrialActivation> {
    return this.rest.call(
      'POST Console/TrialActivationStatus',
      () => {
        bodyObject('POST Console/TrialActivationStatus', 'request', request);
        return { body: request };
      },
      options,
    );
  }
}

/** `rest.lists`: lists, their settings, countries and time zones. */
export class ListResources {
  constructor(private readonly rest: RestCaller) {}

  /** `GET Console/List`: every list with its settings (paged). */
  all(options: PageOptions = {}): Paged<ListDetails> {
    return new Paged(this.rest, 'GET Console/List', {}, options);
  }

  /** `GET Console/User/Lists`: the lists the user can see (paged). */
  ofUser(options: PageOptions = {}): Paged<UserList> {
    return new Paged(this.rest, 'GET Console/User/Lists', {}, options);
  }

  /** `GET Console/List/{idList}`. */
  get(idList: number, options?: RestCallOptions): Promise<ListDetails> {
    const op = 'GET Console/List/{idList}';
    return this.rest.call(op, () => ({ params: { idList: id(op, 'idList', idList) } }), options);
  }

  /**
   * `POST Console/List`: creates a list with MailUp's mandatory sender data and either `IdSettings` (copy another
   * list's settings) or `UseDefaultSettings: true`.
   */
  create(list: NewList, options?: RestCallOptions): Promise<ListDetails> {
    const op = 'POST Console/List';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'list', list);
        for (const field of [
          'Name',
          'OwnerEmail',
          'ReplyTo',
          'NLSenderName',
          'CompanyName',
          'ContactName',
          'Address',
          'City',
          'CountryCode',
          'PermissionReminder',
          'WebSiteUrl',
        ] as const) {
          text(op, field, list[field], field === 'Name' ? 50 : 10_000);
        }
        if (typeof list.Business !== 'boolean' || typeof list.Customer !== 'boolean') {
          throw invalid(op, 'Business and Customer must be booleans', 'rest');
        }
        if (list.IdSettings === undefined && list.UseDefaultSettings !== true) {
          throw invalid(op, 'give IdSettings (a list to copy) or UseDefaultSettings: true', 'rest');
        }
        if (list.IdSettings !== undefined) id(op, 'IdSettings', list.IdSettings);
        return { body: list };
      },
      options,
    );
  }

  /** `PUT Console/List/{idList}`. */
  update(idList: number, changes: Partial<NewList>, options?: RestCallOptions): Promise<ListDetails> {
    const op = 'PUT Console/List/{idList}';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'changes', changes);
        return { params: { idList: id(op, 'idList', idList) }, body: changes };
      },
      options,
    );
  }

  /** `DELETE Console/List/{idList}` with `If-Match: <ListGuid>` (MailUp refuses the deletion without it). */
  async delete(idList: number, listGuid: string, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/List/{idList}';
    await this.rest.call(
      op,
      () => {
        if (typeof listGuid !== 'string' || !GUID.test(listGuid)) {
          throw invalid(op, 'listGuid must be the list GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)', 'rest');
        }
        return { params: { idList: id(op, 'idList', idList) }, headers: { 'if-match': listGuid } };
      },
      options,
    );
  }

  /** `GET Console/List/Countries`. */
  countries(options?: RestCallOptions): Promise<Country[]> {
    return this.rest.call('GET Console/List/Countries', {}, options);
  }

  /** `GET Console/TimeZones`. */
  timeZones(options?: RestCallOptions): Promise<TimeZone[]> {
    return this.rest.call('GET Console/TimeZones', {}, options);
  }
}

/** `rest.groups`: the groups of a list. */
export class GroupResources {
  constructor(private readonly rest: RestCaller) {}

  /** `GET Console/List/{idList}/Groups` (paged). */
  list(idList: number, options: PageOptions = {}): Paged<Group> {
    const op = 'GET Console/List/{idList}/Groups';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `POST Console/List/{idList}/Group`. */
  create(idList: number, group: GroupInput, options?: RestCallOptions): Promise<Group> {
    const op = 'POST Console/List/{idList}/Group';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'group', group);
        text(op, 'Name', group.Name, 100);
        return { params: { idList: id(op, 'idList', idList) }, body: group };
      },
      options,
    );
  }

  /** `PUT Console/List/{idList}/Group/{idGroup}`. */
  update(idList: number, idGroup: number, group: Partial<GroupInput>, options?: RestCallOptions): Promise<Group> {
    const op = 'PUT Console/List/{idList}/Group/{idGroup}';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'group', group);
        const params = { idList: id(op, 'idList', idList), idGroup: id(op, 'idGroup', idGroup) };
        return { params, body: group };
      },
      options,
    );
  }

  /** `DELETE Console/List/{idList}/Group/{idGroup}`. */
  async delete(idList: number, idGroup: number, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/List/{idList}/Group/{idGroup}';
    await this.rest.call(
      op,
      () => {
        const params = { idList: id(op, 'idList', idList), idGroup: id(op, 'idGroup', idGroup) };
        return { params };
      },
      options,
    );
  }

  /** `GET Console/List/{idList}/Recipient/{idRecipient}/Groups`: the groups a recipient belongs to (paged). */
  ofRecipient(idList: number, idRecipient: number, options: PageOptions = {}): Paged<Group> {
    const op = 'GET Console/List/{idList}/Recipient/{idRecipient}/Groups';
    const params = { idList: id(op, 'idList', idList), idRecipient: id(op, 'idRecipient', idRecipient) };
    return new Paged(this.rest, op, params, options);
  }
}
