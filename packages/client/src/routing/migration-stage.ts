import type { SoapOperationRow } from '@mailup-kit/soap';
import type { Via } from '../catalogue/binding.js';
import { refsOf } from '../catalogue/rows.js';
import { type MigrationStage, migrationDecision, movesToRest } from '../migration/stage.js';

/**
 * The transport order the migration stage gives an operation, or undefined when the stage says nothing about it
 * (no stage configured, or no SOAP candidate). With a stage, a SOAP system moves one operation at a time: an
 * operation whose SOAP rows all move to REST ({@link movesToRest}) is served by REST first; one that has not moved
 * yet stays on SOAP first, so configuring `migrate` never moves an operation nobody listed.
 */
export function migrationOrder(
  stage: MigrationStage | undefined,
  bindings: ReadonlyArray<{ readonly via: Via; readonly rows: readonly unknown[] }>,
): readonly Via[] | undefined {
  if (!stage) return undefined;
  const soap = bindings.find((b) => b.via === 'soap');
  if (!soap) return undefined;
  const rows = refsOf(soap.rows).filter((r) => r.protocol === 'soap');
  if (rows.length === 0) return undefined;
  const moved = rows.every((r) => movesToRest(stage, r.row as SoapOperationRow));
  return moved ? ['rest', 'soap'] : ['soap', 'rest'];
}

/** Why the stage orders an operation as it does, in words (for `plan()`), or undefined when it says nothing. */
export function migrationReason(
  stage: MigrationStage | undefined,
  bindings: ReadonlyArray<{ readonly via: Via; readonly rows: readonly unknown[] }>,
): string | undefined {
  if (!stage) return undefined;
  const soap = bindings.find((b) => b.via === 'soap');
  const rows = soap ? refsOf(soap.rows).filter((r) => r.protocol === 'soap') : [];
  if (rows.length === 0) return undefined;
  return rows.map((r) => migrationDecision(stage, r.row as SoapOperationRow).reason).join('; ');
}
