import {
  type CredentialEventMap,
  CredentialEvents,
  type CredentialRefreshedEvent,
  type CredentialUnsavedEvent,
} from '@mailup-kit/core';

export type { ReauthorizationRequiredEvent } from '@mailup-kit/core';

/** Payload of `refreshed`: facts only, never a token (core's {@link CredentialRefreshedEvent}). */
export type TokenRefreshedEvent = CredentialRefreshedEvent;

/** Payload of `unsaved`: rotated tokens kept in memory while the store refuses them (core's {@link CredentialUnsavedEvent}). */
export type TokensUnsavedEvent = CredentialUnsavedEvent;

/** Every event a token manager emits, by name. */
export type TokenEventMap = CredentialEventMap;

/**
 * The token manager's typed event emitter: core's {@link CredentialEvents} under its OAuth name. A throwing
 * listener never breaks the token flow.
 *
 * @example
 * ```ts
 * const off = manager.events.on('reauthorization-required', (e) => alertOps(e.key, e.reason));
 * ```
 */
export class TokenEvents extends CredentialEvents {}
