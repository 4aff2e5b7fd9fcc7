import type { ClientCallOptions } from '@mailup-kit/core';
import type { BindingCall } from '../catalogue/binding.js';

/**
 * The per-call options a binding hands its protocol client: the caller's signal and what is left of the facade
 * call's deadline as `timeoutMs`. The ONE place that maps a {@link BindingCall} to a client's options (when
 * clients take `callId` / `parentCallId` / `deadline`, issue 18, they are added here).
 */
export function callOptions(call: BindingCall, now: number = Date.now()): ClientCallOptions {
  const options: { signal?: AbortSignal; timeoutMs?: number } = {};
  if (call.signal) options.signal = call.signal;
  if (call.deadline !== undefined) options.timeoutMs = Math.max(1, call.deadline - now);
  return options;
}
