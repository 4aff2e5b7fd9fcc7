import { type ClientPlugin, definePlugin } from '@mailup-kit/core';
import { type Limiter, type QuotaMiddlewareOptions, quotaMiddleware } from '@mailup-kit/limits';

/** Name of the plugin (and of its middleware in the `quota` step). */
export const SMTP_PACING_PLUGIN = 'smtp:pacing';

/**
 * The relay's quota step: before each attempt it reserves one message against the limiter's `smtp` row (the
 * level of service, shared by every worker of the limiter's store; a backlog past the policy's bound is refused
 * with `quota-exhausted`). A delivered message's reservation is re-stamped when the relay's answer arrives: the
 * relay counted the message somewhere between its release and that answer, so every later reservation sees it in
 * the window of its arrival, and no window of the relay's clock ever holds more than the pace allows — even when a
 * message was slow to arrive (a cold connection's STARTTLS and AUTH, a congested network: keeping the release
 * time let the next burst go one window after the release, on top of the late one). The cost is one SMTP
 * transaction per pace window. A message that provably never left is refunded; a throttled answer pauses the key
 * for every worker.
 */
export function smtpPacingPlugin(limiter: Limiter, options: QuotaMiddlewareOptions = {}): ClientPlugin {
  // The limits engine's own quota step does exactly this (settle on the answer, refund only what provably never
  // left, pause on throttling); the relay names it as its pacing plugin.
  return definePlugin(SMTP_PACING_PLUGIN, [
    { step: 'quota', name: SMTP_PACING_PLUGIN, middleware: quotaMiddleware(limiter, options) },
  ]);
}
