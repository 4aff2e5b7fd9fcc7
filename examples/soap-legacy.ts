/**
 * A legacy SOAP integration end to end against the emulator: log in once (LoginFromId, a 60-minute access key that
 * Send, Manage and Report share), read the lists, create a group, import recipients over WSMailUpImport, send a
 * newsletter, read its report, and log out. Point `baseUrl` / `consoleUrl` at MailUp (and use your API user) to run
 * it for real. Run: `corepack pnpm exec tsx examples/soap-legacy.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { ImportClient, SoapClient } from '@mailup-kit/soap';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<Record<string, unknown>> {
  const emulator = await startEmulator();
  const { id, apiUser, apiPassword } = emulator.store.seeded; // a1234-style API user and its password
  // One limiter applies MailUp's API use policy (5 calls/s, SendNewsletterFast 100/day …) before anything is sent.
  const limiter = new Limiter({ account: id });
  const soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http, limiter });
  // WSMailUpImport lives on the account's console host, over plain HTTP only: the opt-in says so.
  const imports = new ImportClient({
    consoleUrl: emulator.urls.http, // on MailUp: http://<your console host>
    user: apiUser,
    password: apiPassword,
    allowInsecureHttp: true,
    limiter,
  });
  try {
    const lists = await soap.getLists(); // LoginFromId happens here, once
    const list = lists[0];
    if (!list?.listGUID) throw new Error('no list');
    const { listID, listGUID } = list; // typed results: listID is a number

    const group = await soap.manage.call('CreateGroup', { listID, groupName: 'Spring buyers', groupNotes: '' });
    const { groupID } = group.data;
    if (groupID === undefined) throw new Error('CreateGroup answered no groupID');

    const processId = await imports.newImportProcess(listID, listGUID, {
      recipients: [
        { email: 'ann@example.com', name: 'Ann', fields: { 1: 'Ann', 2: "O'Hara & Sons" } },
        { email: 'bob@example.com', mobileNumber: '+393331234567', fields: { 1: 'Bob' } },
      ],
      groups: [groupID],
      importType: 'emailAndSms',
    });
    await imports.startProcess(listID, listGUID, processId);
    const details = await imports.getProcessDetails(listID, listGUID, processId);

    const sent = await soap.send.call('SendNewsletterFast', {
      listID,
      subject: 'Spring sale',
      type: 'HTML',
      content: '<p>Hello [campo1]</p>',
      options: { send_to: 'GROUPS', recipients: String(groupID), from_name: 'Shop', from_email: 'shop@example.com' },
    });
    const { newsletterID, deliveryID } = sent.data;
    if (newsletterID === undefined || deliveryID === undefined) throw new Error('SendNewsletterFast answered no ids');
    const report = await soap.report.call('ReportByUserEN', {
      email: 'ann@example.com',
      listID,
      messageID: newsletterID,
    });
    return {
      lists: lists.map((l) => l.listName),
      imported: details.NewEmail,
      status: details.StatusCode, // 3 = completed
      delivered: emulator.store.account(id).sendings.get(deliveryID)?.recipientIds.length,
      annStatus: report.data.Channels.Email,
      logins: emulator.control.counters()['soap LoginFromId'],
    };
  } finally {
    imports.close();
    await soap.close(); // Logout
    await limiter.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
