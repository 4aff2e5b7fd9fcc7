import type { DemoStepResult } from './run-demo.js';

const HEADERS = ['step', 'protocol', 'result', 'ms', 'served by', 'fallback', 'budget', 'detail'] as const;

/**
 * Renders demo results as a plain-text table with a closing summary line. A step run through the facade shows the
 * transport that served it, the fallback taken (`-` for none) and the budget left; other steps show `-` there.
 */
export function formatDemoTable(results: readonly DemoStepResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.protocol,
    r.ok ? 'ok' : 'FAIL',
    String(r.ms),
    r.routing?.servedBy ?? '-',
    r.routing?.fallback ?? '-',
    r.routing === undefined ? '-' : String(r.routing.budgetLeft),
    r.detail,
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const failed = results.filter((r) => !r.ok).length;
  return [
    line(HEADERS),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${results.length - failed} of ${results.length} steps ok${failed ? `, ${failed} failed` : ''}`,
    '',
  ].join('\n');
}
