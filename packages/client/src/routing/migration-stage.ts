import type { Via } from '../catalogue/binding.js';

/**
 * STAND-IN for mig21's `migrationOrder(...)` (src/migration): the transport order the migration stage gives an
 * operation, or undefined when the stage says nothing about it. Until the migration data is merged, it says
 * nothing; the lead swaps this one function at the merge.
 */
export function migrationOrder(
  _operation: string,
  _bindings: ReadonlyArray<{ readonly via: Via }>,
): readonly Via[] | undefined {
  return undefined;
}
