import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { evaluate, loadCorpus } from '../../../bench/risk-eval.js';

/**
 * The goals on the development corpus, held so a change that loses recall or invents an
 * assessment fails here (the full figures, and the held-out set, are in `npm run bench:risk`).
 */
describe('the risk module on the development corpus', () => {
  const result = evaluate(loadCorpus(fileURLToPath(new URL('../../fixtures/risk/dev', import.meta.url))));

  it('surfaces at least 98 % of the disclosures for review', () => {
    expect(result.disclosures.surfaced / result.disclosures.n, `missed: ${result.disclosures.missed.join(' ')}`).toBeGreaterThanOrEqual(0.98);
  });

  it('raises no more than 2 % false positives on hard negatives and denials', () => {
    expect(result.negatives.falsePositives / result.negatives.n, `flagged: ${result.negatives.flagged.join(' ')}`).toBeLessThanOrEqual(0.02);
  });

  it('never claims more assessment than the cited turns show', () => {
    expect(result.assessments.falseAssessedIds).toEqual([]);
  });
});
