/**
 * `@mailup-kit/client`: the facade `MailUp` — one object for the whole MailUp API family that picks a transport
 * per operation, applies that protocol's limits, falls back without ever sending twice and explains its choice.
 */
export type {
  Binding,
  BindingCall,
  Equivalence,
  OperationDef,
  OperationKind,
  Via,
} from './catalogue/binding.js';
export {
  configFromEnv,
  type EnvConfig,
  type EnvStores,
  type EnvType,
  type EnvVariable,
  MAILUP_ENV,
  secretEnvNames,
} from './config/env-table.js';
export {
  Legacy,
  type LegacyInputs,
  type LegacyMembers,
  type LegacyName,
  type LegacyOptions,
  type LegacyResult,
  type LegacyRoute,
} from './legacy/legacy.js';
export { REST_TRANSLATIONS, type RestTranslation } from './legacy/rest-translations.js';
export {
  type MigrationKind,
  migrationOf,
  type RestCombination,
  type ServedElsewhere,
  SOAP_TO_REST,
  type SoapHeaderRef,
  type SoapMigration,
  type SoapOperationName,
} from './migration/soap-to-rest.js';
export {
  checkMigrationStage,
  type MigrationDecision,
  type MigrationStage,
  migrationDecision,
  movesToRest,
  soapOperationName,
} from './migration/stage.js';
