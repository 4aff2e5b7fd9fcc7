/**
 * For web sites and shops using MailUp's frontend pages: render a subscription form (every value escaped),
 * subscribe from the server with confirmed opt-in (the recipient stays pending until they open the confirmation
 * link), check the status, update a field and unsubscribe. Runs against a local emulator; against MailUp use your
 * console host (`http://abcd.emailsp.net`) with `allowInsecureHttp: true` — the pages exist only over http.
 * Run: `corepack pnpm exec tsx examples/frontend-shop.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@mailup-kit/emulator';
import { FrontendClient, renderSubscribeForm } from '@mailup-kit/frontend';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{ formHasAction: boolean; statuses: string[]; updated: string }> {
  const emulator = await startEmulator();
  const frontend = new FrontendClient({ consoleUrl: emulator.urls.http });
  try {
    const account = emulator.store.seeded;
    const list = emulator.store.account(account.id).list(1);
    const form = renderSubscribeForm({
      consoleUrl: emulator.urls.http,
      lists: [{ id: list.id, name: list.name }],
      fields: [{ code: 'campo1', label: 'First name' }],
    });
    const email = 'ada@example.com';
    const statuses: string[] = [];
    const sub = await frontend.subscribe({ email, lists: [list.id], fields: { campo1: 'Ada' } });
    statuses.push(sub.outcome); // 'pending': a confirmation request was sent
    const ref = { email, list: list.id, listGuid: list.guid };
    statuses.push((await frontend.checkSubscriber(ref)).outcome); // 'pending'
    // The emulator exposes the confirmation link the recipient would get by email; opening it confirms.
    const { confirmations } = (await emulator.control.action('frontend.confirmations', { email })) as {
      confirmations: Array<{ url: string }>;
    };
    await fetch(confirmations[0]?.url ?? '');
    statuses.push((await frontend.checkSubscriber(ref)).outcome); // 'subscribed'
    const updated = (await frontend.updateSubscriber({ ...ref, fields: { campo2: 'Lovelace' } })).outcome;
    statuses.push((await frontend.unsubscribe(ref)).outcome); // 'unsubscribed'
    return { formHasAction: form.includes('/frontend/subscribe.aspx'), statuses, updated };
  } finally {
    frontend.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
