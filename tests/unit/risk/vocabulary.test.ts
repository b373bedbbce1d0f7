import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../bench/risk-eval.js';
import { detectRisk } from '../../../lambdas/core/risk/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { root } from '../../helpers.js';

/**
 * The vocabulary filter (lambdas/core/risk/vocabulary.ts) only skips sentences no rule could match: over the
 * whole risk corpus and every session the project ships, reading every sentence finds exactly the same.
 */
describe('the vocabulary filter', () => {
  const corpus = fileURLToPath(new URL('../../fixtures/risk/', import.meta.url));
  const transcripts: [string, string][] = [];
  for (const set of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const c = loadCorpus(`${corpus}${set.name}`);
    for (const d of [...c.disclosures, ...c.negatives]) transcripts.push([d.id, `Therapist: How have things been?\nClient: ${d.text}`]);
    for (const a of c.assessments) transcripts.push([a.id, a.turns.join('\n')]);
  }
  for (const dir of ['samples/sessions/jordan', 'tests/fixtures/sessions']) {
    for (const f of readdirSync(`${root}/${dir}`).filter((x) => x.endsWith('.txt'))) transcripts.push([f, readFileSync(`${root}/${dir}/${f}`, 'utf8')]);
  }

  it('changes no finding and no denial', () => {
    const differing = transcripts.filter(([, text]) => {
      const transcript = parseTranscript(text);
      return JSON.stringify(detectRisk(transcript)) !== JSON.stringify(detectRisk(transcript, { exhaustive: true }));
    });
    expect(transcripts.length).toBeGreaterThan(1000);
    expect(differing.map(([id]) => id)).toEqual([]);
  });
});
