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
