/**
 * The local runtime's analysis pool (issue 15, M5): the worker thread answers what the engine answers
 * in-process, and a worker that cannot start does not fail the session: the pool analyses in-process and
 * says so once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../lambdas/use-cases/session-analysis.js';
import { AnalysisPool, analysisWorkerEntry } from '../../../local/runtime/analysis-pool.js';
import { transcript } from '../handlers/session-fixtures.js';

const AT = new Date('2026-09-01T10:00:00Z');
const pools: AnalysisPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

describe('the analysis pool', () => {
  it('analyses on a worker thread, answering what the engine answers in-process', async () => {
    // Prepare
    const pool = new AnalysisPool(2);
    pools.push(pool);

    // Act
    const [first, second] = await Promise.all([pool.analyze(transcript, AT), pool.analyze(transcript, AT)]);

    // Assess
    const expected = JSON.parse(JSON.stringify(analyzeSession(transcript, AT)));
    expect(JSON.parse(JSON.stringify(first))).toEqual(expected);
    expect(JSON.parse(JSON.stringify(second))).toEqual(expected);
    expect(pool.completedInWorkers).toBe(2);
  }, 60_000);

  it('analyses in-process, and warns once, when its worker cannot start', async () => {
    // Prepare
    const warnings: string[] = [];
    const pool = new AnalysisPool(
      1,
      () => ({ script: 'throw new Error("no such module")', eval: true }),
      (m) => warnings.push(m),
    );
    pools.push(pool);

    // Act
    const analyses = await Promise.all([pool.analyze(transcript, AT), pool.analyze(transcript, AT)]);

    // Assess
    expect(analyses.map((a) => JSON.parse(JSON.stringify(a)))).toEqual([0, 1].map(() => JSON.parse(JSON.stringify(analyzeSession(transcript, AT)))));
    expect(pool.completedInWorkers).toBe(0);
    expect(warnings).toEqual(['the analysis worker could not start; analysing in-process (the API waits while a session is analysed)']);
  });

  it('starts the TypeScript worker through tsx from sources, and the bundled worker from the CLI’s dist/', () => {
    expect(analysisWorkerEntry(new URL('../../../local/runtime/analysis-pool.ts', import.meta.url).pathname)).toMatchObject({
      eval: true,
      script: expect.stringContaining('analysis-worker.ts'),
    });
    const bundled = analysisWorkerEntry(new URL('../../../dist/chunks/any.mjs', import.meta.url).pathname);
    expect(bundled.eval).toBe(false);
    expect(String(bundled.script)).toMatch(/\/dist\/analysis-worker\.mjs$/);
  });
});
