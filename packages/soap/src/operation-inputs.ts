/** `options` of a method (`ArrayOfOption`): a record of Key ⇒ Value, or the Key/Value pairs in order. */
export type SoapOptions =
  | Readonly<Record<string, string | number | boolean>>
  | ReadonlyArray<{ Key: string; Value: string | number | boolean }>;

// The typed arguments of every operation are derived from the operation table's parameter specs (service-table.ts):
// one source, checked by `tsc`.
export type { ImportInputs, ManageInputs, ReportInputs, SendInputs } from './service-table.js';
