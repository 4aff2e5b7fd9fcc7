import type {
  CredentialEventMap,
  CredentialRefreshedEvent,
  CredentialUnsavedEvent,
} from '@mailup-kit/core/credentials';

export type { ReauthorizationRequiredEvent } from '@mailup-kit/core/credentials';

/** Payload of `refreshed`: facts only, never a token (core's {@link CredentialRefreshedEvent}). */
export type TokenRefreshedEvent = CredentialRefreshedEvent;

/** Payload of `unsaved`: rotated tokens kept in memory while the store refuses them (core's {@link CredentialUnsavedEvent}). */
export type TokensUnsavedEvent = CredentialUnsavedEvent;

/** Every event a token manager emits, by name. */
export type TokenEventMap = CredentialEventMap;
