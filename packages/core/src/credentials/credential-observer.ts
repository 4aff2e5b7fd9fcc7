import type { Clock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import { type CallObserver, notifyObserver } from '../pipeline/call-events.js';
import type { CredentialEventCaller, CredentialEvents } from './credential-events.js';

/** What {@link observeCredentialEvents} names the events it forwards with. */
export interface CredentialObserverFacts {
  protocol: Protocol;
  /** Operation id of the renewal in the one scheme, e.g. `oauth:token` or `soap:MailupSend.LoginFromId`. */
  operation: string;
  clock: Clock;
}

/**
 * Forwards a credential holder's events to a client's {@link CallObserver} as call events: `refreshed` ⇒
 * `credential-renewed`, `reauthorization-required` ⇒ `reauthorization-required`, `unsaved` ⇒
 * `credentials-unsaved`, each with the id of the call that started the renewal (`''` when no call did). Facts
 * only: the key's name, never a credential. Returns the function that stops forwarding (a client calls it on
 * `close()`).
 */
export function observeCredentialEvents(
  events: CredentialEvents,
  observer: CallObserver,
  facts: CredentialObserverFacts,
): () => void {
  const base = (caller: CredentialEventCaller | undefined) => ({
    callId: caller?.callId ?? '',
    ...(caller?.parentCallId === undefined ? {} : { parentCallId: caller.parentCallId }),
    operation: facts.operation,
    protocol: facts.protocol,
    attempt: caller?.attempt ?? 0,
    at: facts.clock.now(),
  });
  const offs = [
    events.on('refreshed', (e) =>
      notifyObserver(
        observer,
        Object.freeze({
          ...base(e.caller),
          type: 'credential-renewed',
          key: e.key,
          reason: e.reason,
          expiresAt: e.expiresAt,
        }),
      ),
    ),
    events.on('reauthorization-required', (e) =>
      notifyObserver(
        observer,
        Object.freeze({ ...base(e.caller), type: 'reauthorization-required', key: e.key, reason: e.reason }),
      ),
    ),
    events.on('unsaved', (e) =>
      notifyObserver(observer, Object.freeze({ ...base(e.caller), type: 'credentials-unsaved', key: e.key })),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
