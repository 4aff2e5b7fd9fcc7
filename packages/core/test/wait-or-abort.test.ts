import { describe, expect, it } from 'vitest';
import { waitOrAbort } from '../src/pipeline/wait-or-abort.js';

describe('waitOrAbort: the one abort-wait helper (limits queue turns, credential cache waits)', () => {
  it('resolves with the promise when no signal aborts', async () => {
    await expect(waitOrAbort(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(waitOrAbort(Promise.resolve(8), undefined)).resolves.toBe(8);
  });

  it('rejects with the mapped reason as soon as the signal aborts, while the promise keeps pending', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => {});
    const waiting = waitOrAbort(never, controller.signal, (reason) => new Error(`stopped: ${String(reason)}`));
    controller.abort('user');
    await expect(waiting).rejects.toThrow('stopped: user');
  });

  it('an already aborted signal rejects at once with the bare reason by default', async () => {
    await expect(waitOrAbort(new Promise(() => {}), AbortSignal.abort('gone'))).rejects.toBe('gone');
  });

  it('passes the promise rejection through and leaves no abort listener behind', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    await expect(waitOrAbort(Promise.reject(new Error('boom')), controller.signal)).rejects.toThrow('boom');
    await waitOrAbort(Promise.resolve(1), controller.signal);
    expect(listeners).toBe(0);
  });
});
