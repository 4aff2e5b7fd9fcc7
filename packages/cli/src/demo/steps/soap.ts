import { MailUpError } from '@mailup-kit/core';
import type { DemoStep } from '../demo-step.js';
import { demoFacade, routingOf } from '../facade.js';
import { expectThat } from '../http-json.js';

/**
 * A legacy SOAP integration through the facade, every operation preferring its SOAP candidate (the facade's SOAP
 * members are the real `SoapClient` and `ImportClient`): GetLists (after LoginFromId: one 60-minute access key for
 * Send, Manage and Report), an import of two recipients over WSMailUpImport (NewImportProcess + StartProcess, its
 * Authentication header; a `partial` candidate, so the call allows it), its process details on the escape hatch
 * `mailup.import`, CreateNewsletter + SendNewsletter to the list and the delivery's status — and, after the
 * emulator's clock moves past the key's hour, one transparent re-login on the expired-key answer (GetGroups).
 */
export const soapStep: DemoStep = {
  name: 'soap: login, lists, import, send',
  protocol: 'soap',
  async run(ctx) {
    const mailup = await demoFacade(ctx);
    const call = { prefer: ['soap' as const], signal: ctx.signal };
    try {
      const listsWalk = mailup.lists.all(call);
      const lists = [];
      for await (const list of listsWalk) lists.push(list);
      expectThat(lists.length > 0 && listsWalk.routed?.via === 'soap', 'GetLists answered no list over SOAP');
      const idList = lists[0]?.id ?? 0;
      const imported = await mailup.recipients.import(
        {
          listId: idList,
          recipients: [
            { email: 'demo-soap-1@example.com', fields: { 1: 'Ada' } },
            { email: 'demo-soap-2@example.com', fields: { 1: 'Grace' } },
          ],
        },
        { prefer: ['import'], allowPartial: true, signal: ctx.signal },
      );
      expectThat(imported.routed.via === 'import', `the import was served by ${imported.routed.via}`);
      const process = imported.importIds[0] ?? 0;
      const guid = lists[0]?.guid ?? '';
      const details = await mailup.import!.getProcessDetails(idList, guid, process, { signal: ctx.signal });
      expectThat(details.StatusCode === 3, `the import did not complete (StatusCode ${details.StatusCode})`);
      const created = await mailup.newsletters.create(
        { listId: idList, subject: 'Hello from SOAP', html: '<p>Hi [campo1]</p>' },
        call,
      );
      // SendNewsletter answers a delivery id, not a recipient count: a `partial` candidate, allowed for this call
      const sent = await mailup.newsletters.send({ listId: idList, id: created.id }, { ...call, allowPartial: true });
      const status = await mailup.newsletters.status({ deliveryId: sent.deliveryId ?? 0 }, call);
      const servedBy = [created, sent, status].map((r) => r.routed.via);
      expectThat(
        servedBy.every((via) => via === 'soap'),
        `not every newsletter step went over SOAP: ${servedBy.join(', ')}`,
      );
      ctx.emulator.clock.advance(61 * 60_000); // the key's hour is over on the server
      const groups = mailup.groups.of(idList, call);
      for await (const _ of groups) {
        // read every group: GetGroups, after one re-login
      }
      const logins = ctx.emulator.control.counters()['soap LoginFromId'] ?? 0;
      expectThat(logins === 2, `expected one re-login after the key expired, saw ${logins} logins`);
      expectThat(groups.routed?.via === 'soap', 'GetGroups was not served by SOAP after the re-login');
      return {
        detail: `${lists.length} lists; import ${process}: ${details.NewEmail} new; delivery ${sent.deliveryId} ${status.status}; expired key renewed once`,
        routing: await routingOf(mailup, 'newsletters.send', sent.routed),
      };
    } catch (error) {
      if (MailUpError.is(error)) throw new Error(`${error.kind}: ${error.message}`);
      throw error;
    } finally {
      await mailup.close();
    }
  },
};
