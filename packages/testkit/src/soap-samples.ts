import type { RunningEmulator } from '@mailup-kit/emulator';

/** One parameter as a SOAP method declares it. */
export interface SampleParam {
  name: string;
  /** XML Schema type: string, int, boolean, dateTime or ArrayOfOption. */
  type: string;
}

/**
 * Valid arguments for every SOAP method of MailUpSend / Manage / Report / Import against the emulator's seeded
 * account, by parameter name — for suites that call every operation (our client, and generic node-soap clients
 * built from the real WSDLs). Objects a method needs (a newsletter to send, an SMS, a delivery, a group or list
 * to delete, a prepared import) are created in the emulator's store first, so each call succeeds on its own.
 * `options` come back as `{ Option: [{ Key, Value }] }` (the wire shape) when `wireOptions` is set, else as a record.
 */
export function soapSampleArgs(
  emulator: RunningEmulator,
  service: string,
  method: string,
  params: readonly SampleParam[],
  wireOptions = false,
): Record<string, unknown> {
  const { id } = emulator.store.seeded;
  const data = emulator.store.account(id);
  const list = data.list(1);
  const now = emulator.clock.now();
  const unique = `${method}-${data.nextId('group')}`;
  const newsletter = () =>
    data.addMessage({ listId: 1, channel: 'email', subject: 'Sample', content: '<p>sample</p>', createdAt: now }).id;
  const sms = () =>
    data.addMessage({ listId: 1, channel: 'sms', subject: 'Sample', content: 'sms', createdAt: now }).id;
  const delivery = () =>
    data.addSending({
      messageId: newsletter(),
      listId: 1,
      groupId: undefined,
      status: 'sent',
      createdAt: now,
      scheduledAt: undefined,
      recipientIds: [],
    }).id;
  const values: Record<string, () => unknown> = {
    user: () => emulator.store.seeded.apiUser,
    pwd: () => emulator.store.seeded.apiPassword,
    url: () => 'console.example.com',
    consoleId: () => id,
    idUser: () => id,
    userId: () => id,
    userID: () => id,
    userHash: () => 'hash',
    listID: () => (method === 'DeleteList' ? data.addList({ name: `del-${unique}` }).id : 1),
    idList: () => 1,
    listId: () => (['DeleteList', 'DeleteList_st'].includes(method) ? data.addList({ name: `del-${unique}` }).id : 1),
    listGuid: () => list.guid,
    listGUID: () => list.guid,
    newsletterID: newsletter,
    newsletterId: newsletter,
    messageID: newsletter,
    messageToCloneId: newsletter,
    messageId: () => String(newsletter()),
    smsID: sms,
    deliveryID: delivery,
    scheduleID: () => 1,
    groupID: () => data.addGroup(1, `g-${unique}`).id,
    subject: () => 'Sample subject',
    type: () => 'HTML',
    content: () => (method === 'SendSingleSMS' || method === 'SendDirectSMS' ? 'Hello' : '<p>Hello</p>'),
    text: () => 'Hello by SMS',
    numero: () => '+393331234567',
    recipientEmail: () => 'single@example.com',
    email: () => {
      const r = data.upsertRecipient({ email: 'report@example.com' });
      data.setSubscription(1, r.id, 'subscribed', now);
      return 'report@example.com';
    },
    name: () => `List ${unique}`,
    autoId: () => 'auto-1',
    defaultSettings: () => 'default',
    groupName: () => `Group ${unique}`,
    groupNotes: () => 'notes',
    deliverydt: () => '20300101120000',
    deliveryDate: () => '01/01/2030',
    deliveryTime: () => '12:00',
    adminEmail: () => 'admin@example.com',
    note: () => 'note',
    timezone: () => 0,
    fileName: () => 'recipients.csv',
    separator: () => ';',
    senderName: () => 'Sender',
    sender: () => 'sender@example.com',
    timeDateSending: () => new Date(now).toISOString(),
    sendDelayTest: () => 0,
    userName: () => emulator.store.seeded.apiUser,
    newGroupName: () => `New ${unique}`.slice(0, 50),
    xmlDoc: () =>
      `<subscribers><subscriber email="import-${unique.toLowerCase()}@example.com" Prefix="" Number="" Name=""><campo1>Imported</campo1></subscriber></subscribers>`,
    idGroups: () => '',
    groupsIDs: () => '',
    listsIDs: () => '1',
    listsGUIDs: () => list.guid,
    importType: () => 1,
    mobileInputType: () => 1,
    idConfirmNL: () => 0,
    idProcess: () => {
      const row = data.addImport({
        listId: 1,
        groupIds: [],
        status: 'queued',
        createdAt: now,
        created: 0,
        updated: 0,
        invalid: 0,
      });
      return row.id;
    },
  };
  const args: Record<string, unknown> = {};
  for (const p of params) {
    if (p.name === 'accessKey') continue;
    if (p.type === 'boolean') args[p.name] = false;
    else if (p.type === 'ArrayOfOption') {
      const record: Record<string, string> = method.startsWith('Send') ? { send_to: 'ALL' } : { note: 'sample' };
      args[p.name] = wireOptions ? { Option: Object.entries(record).map(([Key, Value]) => ({ Key, Value })) } : record;
    } else {
      const make = values[p.name];
      if (!make) throw new Error(`soapSampleArgs: no sample for ${service}.${method} parameter ${p.name}`);
      const value = make();
      args[p.name] = p.type === 'string' ? String(value) : p.type === 'int' ? Number(value) : value;
    }
  }
  return args;
}
