import type { CallEvent } from '@mailup-kit/core';

/**
 * Which watched facade attempts had a member write a request (the members' `request` events, whose call id is the
 * attempt's child id). The router watches only an attempt it admitted without a budget look, to prove that the
 * attempt's refusal came before anything was written. Bounded by the attempts in flight (each is unwatched when it
 * ends).
 */
export class SentWatch {
  private readonly watched = new Map<string, boolean>();

  /** Starts watching the attempt `callId`. */
  watch(callId: string): void {
    this.watched.set(callId, false);
  }

  /** Stops watching `callId`. */
  unwatch(callId: string): void {
    this.watched.delete(callId);
  }

  /** True when a member wrote a request for the watched attempt `callId`. */
  sent(callId: string): boolean {
    return this.watched.get(callId) === true;
  }

  /** Feeds one member event (the facade's members' observer calls this for every event). */
  observe(event: CallEvent): void {
    if (event.type === 'request' && this.watched.size > 0 && this.watched.has(event.callId)) {
      this.watched.set(event.callId, true);
    }
  }
}
