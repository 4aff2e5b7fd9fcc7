// A silent vitest reporter for .ci/vitest-summary.mjs: at the end of the run it writes the counts to the file named
// by MAILUP_VITEST_COUNTS_FILE and prints nothing (vitest's JSON reporter prints "JSON report written to …").
import { writeFileSync } from 'node:fs';

export default class SummaryReporter {
  onTestRunEnd(testModules) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++; // skipped, todo, pending
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) counts.failed++;
    }
    const file = process.env.MAILUP_VITEST_COUNTS_FILE;
    if (file) writeFileSync(file, JSON.stringify(counts));
  }
}
