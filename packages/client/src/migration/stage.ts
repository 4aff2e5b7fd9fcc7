import { MailUpError } from '@mailup-kit/core';
import type { SoapOperationRow } from '@mailup-kit/soap';
import { migrationOf, type SoapMigration, type SoapOperationName } from './soap-to-rest.js';

/**
 * Where a system stands in its move from SOAP to REST (`MailUpConfig.migrate`):
 * - `'all-same'`: every SOAP operation whose REST equivalent MailUp states without caveat (kind `same`) moves;
 * - a list of `Service.Method` names: exactly those move (a `partial` one only when listed by name).
 *
 * @example
 * ```ts
 * const migrate: MigrationStage = { from: 'soap', to: 'rest', operations: ['MailupSend.GetLists', 'MailupManage.CreateGroup'] };
 * ```
 */
export interface MigrationStage {
  readonly from: 'soap';
  readonly to: 'rest';
  readonly operations: 'all-same' | readonly SoapOperationName[];
}

/** Why an operation moves to REST or stays on SOAP at a stage (for `plan()` and `legacy.route()`). */
export interface MigrationDecision {
  /** True when the operation is served by REST at this stage. */
  readonly toRest: boolean;
  readonly reason: string;
  /** The operation's migration entry (undefined for a name the SOAP table does not hold). */
  readonly entry: SoapMigration | undefined;
}

/** `Service.Method` of a SOAP table row. */
export function soapOperationName(row: Pick<SoapOperationRow, 'service' | 'method'>): SoapOperationName {
  return `${row.service}.${row.method}`;
}

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'migrate', message });
}

/**
 * Checks a migration stage before anything is built: `from: 'soap'`, `to: 'rest'`, and `operations` either
 * `'all-same'` or a list of known SOAP operations that have REST rows to move to. Throws a `validation` MailUpError
 * naming the field (`migrate.operations[2]` …).
 */
export function checkMigrationStage(stage: unknown): MigrationStage {
  if (stage === null || typeof stage !== 'object') throw invalid('migrate must be an object { from, to, operations }');
  const s = stage as Record<string, unknown>;
  if (s.from !== 'soap') throw invalid("migrate.from must be 'soap'");
  if (s.to !== 'rest') throw invalid("migrate.to must be 'rest'");
  const ops = s.operations;
  if (ops === 'all-same') return stage as MigrationStage;
  if (!Array.isArray(ops)) throw invalid("migrate.operations must be 'all-same' or a list of Service.Method names");
  const seen = new Set<string>();
  ops.forEach((name: unknown, i) => {
    const field = `migrate.operations[${i}]`;
    if (typeof name !== 'string') throw invalid(`${field} must be a Service.Method name`);
    const entry = migrationOf(name);
    if (!entry) throw invalid(`${field}: no SOAP operation is named "${name.slice(0, 80)}"`);
    if (entry.rest.length === 0) {
      throw invalid(`${field}: ${name} has no REST operation to move to (${entry.kind}: ${entry.differs.join('; ')})`);
    }
    if (seen.has(name)) throw invalid(`${field}: ${name} is listed twice`);
    seen.add(name);
  });
  return stage as MigrationStage;
}

/**
 * The pure decision the router (and `legacy.call`) asks: does the SOAP operation `operation` (a name or a SOAP
 * table row) move to REST at `stage`? No stage: nothing moves. `'all-same'`: the `same` entries move. A list: the
 * listed names move. The stage is assumed checked ({@link checkMigrationStage}).
 */
export function migrationDecision(
  stage: MigrationStage | undefined,
  operation: string | Pick<SoapOperationRow, 'service' | 'method'>,
): MigrationDecision {
  const name = typeof operation === 'string' ? operation : soapOperationName(operation);
  const entry = migrationOf(name);
  if (!entry) return { toRest: false, reason: `${name} is not a SOAP operation of the migration table`, entry };
  if (!stage) return { toRest: false, reason: 'no migration stage configured', entry };
  if (stage.operations === 'all-same') {
    return entry.kind === 'same'
      ? { toRest: true, reason: 'migrate: all-same (MailUp states a REST equivalent without caveat)', entry }
      : { toRest: false, reason: `migrate: all-same, and ${name} is ${entry.kind}`, entry };
  }
  return stage.operations.includes(name as SoapOperationName)
    ? { toRest: true, reason: `migrate.operations lists ${name}`, entry }
    : { toRest: false, reason: `migrate.operations does not list ${name}`, entry };
}

/** Shorthand of {@link migrationDecision}: true when `operation` moves to REST at `stage`. */
export function movesToRest(
  stage: MigrationStage | undefined,
  operation: string | Pick<SoapOperationRow, 'service' | 'method'>,
): boolean {
  return migrationDecision(stage, operation).toRest;
}
