import { MailUpError } from '@mailup-kit/core';
import { ImportClient, SoapClient } from '@mailup-kit/soap';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * A legacy SOAP integration through the real clients: LoginFromId (one 60-minute access key for Send, Manage and
 * Report), GetLists, an import of two recipients over WSMailUpImport (NewImportProcess + StartProcess, its
 * Authentication header), SendNewsletterFast to the list, and — after the emulator's clock moves past the key's
 * hour — one transparent re-login on the expired-key answer; Logout on close.
 */
export const soapStep: DemoStep = {
  name: 'soap: login, lists, import, send',
  protocol: 'soap',
  async run(ctx) {
    const a = ctx.account;
    const soap = new SoapClient({ user: a.apiUser, password: a.apiPassword, baseUrl: ctx.urls.http });
    const imports = new ImportClient({
      consoleUrl: ctx.urls.http,
      user: a.apiUser,
      password: a.apiPassword,
      allowInsecureHttp: true,
    });
    try {
      const lists = await soap.getLists({ signal: ctx.signal });
      expectThat(lists.length > 0, 'GetLists answered no list');
      const [list] = await imports.getNlLists({ signal: ctx.signal });
      expectThat(list !== undefined, 'GetNlLists answered no list');
      const idList = Number(list?.idList);
      const guid = String(list?.listGUID);
      const process = await imports.newImportProcess(idList, guid, {
        recipients: [
          { email: 'demo-soap-1@example.com', fields: { 1: 'Ada' } },
          { email: 'demo-soap-2@example.com', fields: { 1: 'Grace' } },
        ],
      });
      await imports.startProcess(idList, guid, process, { signal: ctx.signal });
      const details = await imports.getProcessDetails(idList, guid, process, { signal: ctx.signal });
      expectThat(details.StatusCode === 3, `the import did not complete (StatusCode ${details.StatusCode})`);
      const sent = await soap.send.call(
        'SendNewsletterFast',
        {
          listID: idList,
          subject: 'Hello from SOAP',
          type: 'HTML',
          content: '<p>Hi [campo1]</p>',
          options: { send_to: 'ALL' },
        },
        { signal: ctx.signal },
      );
      ctx.emulator.clock.advance(61 * 60_000); // the key's hour is over on the server
      const again = await soap.manage.call('GetGroups', { listID: idList }, { signal: ctx.signal });
      const logins = ctx.emulator.control.counters()['soap LoginFromId'] ?? 0;
      expectThat(logins === 2, `expected one re-login after the key expired, saw ${logins} logins`);
      expectThat(again.errorCode === 0, 'GetGroups failed after the re-login');
      return `${lists.length} lists; import ${process}: ${details.NewEmail} new; delivery ${String(sent.data.deliveryID)}; expired key renewed once`;
    } catch (error) {
      if (MailUpError.is(error)) throw new Error(`${error.kind}: ${error.message}`);
      throw error;
    } finally {
      imports.close();
      await soap.close();
    }
  },
};
