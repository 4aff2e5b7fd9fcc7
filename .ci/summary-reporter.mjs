// A silent vitest reporter for .ci/vitest-summary.mjs: at the end of the run it writes the counts to the file named
// by MAILUP_VITEST_COUNTS_FILE and prints nothing (vitest's JSON reporter prints "JSON report written to …").
// A file that failed with no failed test (it failed to load, or a beforeAll / afterAll threw: vitest then reports
// its tests as skipped) counts as one failure, and so does each error outside any test, so the line never says
// `0 failed` when vitest exits 1 for a broken suite.
import { writeFileSync } from 'node:fs';

export default class SummaryReporter {
  onTestRunEnd(testModules, unhandledErrors = []) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failedTests++;
        else counts.skipped++; // skipped, todo, pending
      }
      counts.failed += failedTests;
      if (module.state() === 'failed' && failedTests === 0) counts.failed++;
    }
    counts.failed += unhandledErrors.length;
    const file = process.env.MAILUP_VITEST_COUNTS_FILE;
    if (file) writeFileSync(file, JSON.stringify(counts));
  }
}
