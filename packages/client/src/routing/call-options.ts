import type { ClientCallOptions } from '@mailup-kit/core';
import type { BindingCall } from '../catalogue/binding.js';

/**
 * The per-call options a binding hands its protocol client: the attempt's child call id, the facade call id as
 * its parent, the caller's signal and the facade call's absolute deadline. The ONE place that maps a
 * {@link BindingCall} to a client's options.
 */
export function callOptions(call: BindingCall): ClientCallOptions {
  // A BindingCall has exactly these fields (the router omits an absent signal or deadline): handed over as it is,
  // no copy per call.
  return call;
}
