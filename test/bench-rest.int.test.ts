import { describe, expect, it } from 'vitest';
import { measure } from './bench/rest.js';

// Keeps the REST benchmark runnable (it is not run by CI): tiny sizes, an emulator child process, no speed assertion.
describe('bench/rest', () => {
  it('measures the pipeline, pagination and import figures at tiny sizes', async () => {
    const figures = await measure({
      getRounds: 2,
      getsPerRound: 5,
      pagedRecipients: 50,
      pageSize: 20,
      pageRounds: 1,
      importRecipients: 200,
      chunkSize: 100,
    });
    expect(figures).toMatchObject({ import1MRecipients: 200, import1MChunks: 2, import1MFloorSeconds: 0.4 });
    for (const key of ['pipelineOverheadRatio', 'paginateOverheadRatio', 'import1MFloorRatio', 'import1MPeakRssMb']) {
      expect(Number.isFinite(figures[key]) && (figures[key] as number) > 0, key).toBe(true);
    }
  }, 60_000);
});
