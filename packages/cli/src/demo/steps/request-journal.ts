import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/** Protocols whose traffic the earlier steps cause, in the order the summary prints them. */
const SHOWN = ['oauth', 'rest', 'soap', 'frontend', 'jsonp', 'txmail', 'txsms', 'smtp'] as const;

/**
 * The request journal answers "which requests did my client send?": the demo's last step counts, per protocol,
 * what every earlier step sent, and finds the SMTP+ messages of the relay step journaled as `smtp:send` — through
 * the control actions any language can call (`journal.count`, `journal.stats`), not the store.
 */
export const requestJournalStep: DemoStep = {
  name: 'control: request journal',
  protocol: 'control',
  async run(ctx) {
    const control = ctx.emulator.control;
    const stats = (await control.action('journal.stats')) as { entries: number; evicted: number };
    expectThat(stats.entries > 0, 'the journal recorded nothing');
    const counts: string[] = [];
    for (const protocol of SHOWN) {
      const { count } = (await control.action('journal.count', { protocol })) as { count: number };
      if (count > 0) counts.push(`${protocol} ${count}`);
    }
    const { count: relayed } = (await control.action('journal.count', { operation: 'smtp:send' })) as {
      count: number;
    };
    expectThat(relayed > 0, 'no SMTP+ message was journaled as smtp:send');
    return `${stats.entries} requests journaled (${counts.join(', ')}); ${relayed} as smtp:send`;
  },
};
