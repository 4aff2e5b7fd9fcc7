import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { importDurationMs } from '../src/rest/recipient-routes.js';

const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';

let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await passwordToken(emulator);
  // The scripted clock below stands still between reads: the 5 calls/s row would count every poll in one instant.
  await emulator.control.action('throttle.enabled', { enabled: false });
});
afterAll(() => emulator.close());

const rest = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.urls.http}${CONSOLE}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('an import status poll reads the clock once (issue 16 item 13)', () => {
  it('a poll straddling the completion instant never answers Completed with nothing imported', async () => {
    // The emulator's own clock, scripted: every read inside one poll can land on either side of the completion
    // instant. Each poll below moves the instant where the clock crosses it one read earlier, so one of them
    // crosses it between any two reads the request makes.
    const clock = emulator.clock as { now: () => number };
    const real = clock.now;
    const start = real();
    let script = () => start;
    clock.now = () => script();
    try {
      const rows = [{ Email: 'one@example.com' }, { Email: 'two@example.com' }, { Email: 'three@example.com' }];
      const posted = await rest('POST', '/List/1/Recipients', rows);
      expect(posted.status).toBe(200);
      const id = Number(await posted.json());
      const completesAt = start + importDurationMs(rows.length);
      const answers: Array<{ Completed: boolean; ImportedRecipients: number }> = [];
      for (let before = 16; before >= 0; before--) {
        let reads = 0;
        script = () => (reads++ < before ? completesAt - 1 : completesAt);
        const res = await rest('GET', `/Import/${id}`);
        script = () => start; // between polls, the import's own timer sees it far from due
        expect(res.status).toBe(200);
        const status = (await res.json()) as { Completed: boolean; ImportedRecipients: number };
        answers.push(status);
        expect({ before, ...status }).toEqual({
          before,
          ...status,
          ImportedRecipients: status.Completed ? rows.length : 0,
        });
      }
      expect(answers[0]?.Completed).toBe(false);
      expect(answers.at(-1)).toMatchObject({ Completed: true, ImportedRecipients: rows.length });
      script = () => completesAt;
      const detail = (await (await rest('GET', `/Imports/${id}`)).json()) as { StatusCode: number };
      expect(detail.StatusCode).toBe(3);
    } finally {
      clock.now = real;
    }
  });
});
