/**
 * The risk module on the project's risk corpus:
 *   npm run bench:risk [-- --set dev|chat|clinic|crisis|phrasings|holdout|all] [--json] [--verbose]
 *
 * Prints recall per category (surfaced for review, and with the very category), false positives on hard
 * negatives and denials, and assessment recognition (status agreement, item precision and recall, false
 * "assessed"). `dev`, `chat` and `clinic` are what the detector was developed against (three voices,
 * written by different people, none by whoever wrote the rules); `holdout` was written apart, and half of
 * it has never been read by anyone working on the rules. Goals (issue 11): recall ≥ 98 %, false positives ≤ 2 %, zero false "assessed".
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { evaluate, loadCorpus, type Corpus, type RiskEvaluation } from './risk-eval.js';

const setArg = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : 'all';
const sets = setArg === 'all' ? ['dev', 'chat', 'clinic', 'crisis', 'phrasings', 'holdout'] : [setArg!];
const verbose = process.argv.includes('--verbose');
const root = fileURLToPath(new URL('../tests/fixtures/risk/', import.meta.url));

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);

function print(name: string, r: RiskEvaluation, ms: number): void {
  const d = r.disclosures;
  const n = r.negatives;
  const a = r.assessments;
  console.log(`\n## ${name}: ${d.n} disclosures, ${n.n} negatives, ${a.n} assessment cases (${ms.toFixed(0)} ms)\n`);
  console.log('| category | n | surfaced for review | with this category |');
  console.log('|---|---|---|---|');
  for (const c of d.byCategory) console.log(`| ${c.category} | ${c.n} | ${pct(c.surfaced, c.n)} | ${pct(c.exact, c.n)} |`);
  console.log(`| **all** | ${d.n} | **${pct(d.surfaced, d.n)}** | ${pct(d.exact, d.n)} |`);
  console.log(`| ASR-style lines | ${d.asr.n} | ${pct(d.asr.surfaced, d.asr.n)} | |`);
  console.log('\n| negatives | n | false positives |');
  console.log('|---|---|---|');
  for (const [kind, k] of Object.entries(n.byKind)) console.log(`| ${kind} | ${k.n} | ${pct(k.falsePositives, k.n)} |`);
  console.log(`| **all** | ${n.n} | **${pct(n.falsePositives, n.n)}** |`);
  console.log(`\nDenials recorded as documented denials: ${n.denialsRecorded} of ${n.denials}.`);
  const precision = a.itemTruePositives / Math.max(1, a.itemTruePositives + a.itemFalsePositives);
  const recall = a.itemTruePositives / Math.max(1, a.itemTruePositives + a.itemFalseNegatives);
  console.log(
    `\nAssessment: status agrees in ${a.statusCorrect} of ${a.n} (${pct(a.statusCorrect, a.n)}); false "assessed" (more than the turns show): **${a.falseAssessed}**; items asked: precision ${pct(precision, 1)}, recall ${pct(recall, 1)}.`,
  );
  if (verbose) {
    console.log('\nmissed:', d.missed.join(' ') || '-');
    console.log('false positives:', n.flagged.join(' ') || '-');
    console.log('false assessed:', a.falseAssessedIds.join(' ') || '-');
    console.log(`status disagreements:\n  ${a.wrong.join('\n  ') || '-'}`);
  }
}

/**
 * The holdout set is reported in two halves: after its first measurement the odd-numbered lines were read
 * to find what the rules missed (so they are development data now); the even-numbered lines were never
 * read by anyone working on the detector and are the honest estimate for unseen phrasings.
 */
const num = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? 0);
function half(corpus: Corpus, keep: (n: number) => boolean): Corpus {
  return {
    disclosures: corpus.disclosures.filter((x) => keep(num(x.id))),
    negatives: corpus.negatives.filter((x) => keep(num(x.id))),
    assessments: corpus.assessments.filter((x) => keep(num(x.id))),
  };
}

const runs: [string, Corpus][] = sets.flatMap((set): [string, Corpus][] => {
  const corpus = loadCorpus(`${root}${set}`);
  return set === 'holdout'
    ? [
        ['holdout, odd lines (read after the first measurement)', half(corpus, (n) => n % 2 === 1)],
        ['holdout, even lines (never read: unseen phrasings)', half(corpus, (n) => n % 2 === 0)],
      ]
    : [[set, corpus]];
});

const results: Record<string, RiskEvaluation> = {};
for (const [set, corpus] of runs) {
  const started = performance.now();
  const r = evaluate(corpus);
  const ms = performance.now() - started;
  results[set] = r;
  if (!process.argv.includes('--json')) print(set, r, ms);
}
if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
