/**
 * Scores the risk module against the project's risk corpus (tests/fixtures/risk/): recall per category,
 * false positives on hard negatives and denials, and assessment recognition. Used by `npm run bench:risk`
 * and by the test that holds the goals on the development set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectRisk } from '../lambdas/core/risk/index.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import type { AssessmentItem, RiskCategory, RiskEpisode, RiskReport } from '../schemas/risk.js';

export interface Disclosure {
  id: string;
  category: RiskCategory;
  recency: string;
  text: string;
  style: 'plain' | 'asr';
}
export interface Negative {
  id: string;
  kind: string;
  text: string;
  deniedCategory?: RiskCategory;
}
export interface AssessmentCase {
  id: string;
  turns: string[];
  disclosureTurn: number;
  category: RiskCategory;
  asked: AssessmentItem[];
  status: RiskEpisode['assessment']['status'];
  note?: string;
}

export interface Corpus {
  disclosures: Disclosure[];
  negatives: Negative[];
  assessments: AssessmentCase[];
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}

export function loadCorpus(dir: string): Corpus {
  return {
    disclosures: jsonl<Disclosure>(join(dir, 'disclosures.jsonl')),
    negatives: jsonl<Negative>(join(dir, 'negatives.jsonl')),
    assessments: jsonl<AssessmentCase>(join(dir, 'assessments.jsonl')),
  };
}

/** One client turn, as a clinician would hear it after an ordinary opening question. */
function inSession(text: string): RiskReport {
  return detectRisk(parseTranscript(`Therapist: How have things been since we last met?\nClient: ${text}`));
}

export interface CategoryRecall {
  category: RiskCategory;
  n: number;
  /** Surfaced for review at all. */
  surfaced: number;
  /** Surfaced with this very category among the findings. */
  exact: number;
}

export interface RiskEvaluation {
  disclosures: { n: number; surfaced: number; exact: number; asr: { n: number; surfaced: number }; byCategory: CategoryRecall[]; missed: string[] };
  negatives: {
    n: number;
    falsePositives: number;
    byKind: Record<string, { n: number; falsePositives: number }>;
    flagged: string[];
    denialsRecorded: number;
    denials: number;
  };
  assessments: {
    n: number;
    statusCorrect: number;
    falseAssessed: number;
    falseAssessedIds: string[];
    itemTruePositives: number;
    itemFalsePositives: number;
    itemFalseNegatives: number;
    wrong: string[];
  };
}

export function evaluate(corpus: Corpus): RiskEvaluation {
  const byCategory = new Map<RiskCategory, CategoryRecall>();
  let surfaced = 0;
  let exact = 0;
  const asr = { n: 0, surfaced: 0 };
  const missed: string[] = [];
  for (const d of corpus.disclosures) {
    const risk = inSession(d.text);
    const row = byCategory.get(d.category) ?? { category: d.category, n: 0, surfaced: 0, exact: 0 };
    row.n++;
    if (d.style === 'asr') asr.n++;
    if (risk.summary.reviewRequired) {
      row.surfaced++;
      surfaced++;
      if (d.style === 'asr') asr.surfaced++;
    } else missed.push(d.id);
    if (risk.summary.categories.includes(d.category)) {
      row.exact++;
      exact++;
    }
    byCategory.set(d.category, row);
  }

  const byKind: Record<string, { n: number; falsePositives: number }> = {};
  let falsePositives = 0;
  let denials = 0;
  let denialsRecorded = 0;
  const flagged: string[] = [];
  for (const n of corpus.negatives) {
    const risk = inSession(n.text);
    const kind = byKind[n.kind] ?? { n: 0, falsePositives: 0 };
    byKind[n.kind] = kind;
    kind.n++;
    if (risk.findings.length > 0) {
      kind.falsePositives++;
      falsePositives++;
      flagged.push(n.id);
    }
    if (n.kind === 'denial') {
      denials++;
      if (risk.denials.length > 0) denialsRecorded++;
    }
  }

  let statusCorrect = 0;
  let falseAssessed = 0;
  const falseAssessedIds: string[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const a of corpus.assessments) {
    const transcript = parseTranscript(a.turns.join('\n'));
    const risk = detectRisk(transcript);
    const turnId = transcript.turns[a.disclosureTurn]?.id;
    const episode = risk.episodes.find((e) => turnId !== undefined && e.turnIds.includes(turnId)) ?? risk.episodes[0];
    const status = episode?.assessment.status ?? 'not_assessed';
    const asked = new Set(episode?.assessment.asked.map((q) => q.item) ?? []);
    if (status === a.status) statusCorrect++;
    else wrong.push(`${a.id}: expected ${a.status}, got ${status}`);
    // A false "assessed": the note would claim more assessment than the cited turns show.
    const rank = { not_assessed: 0, partial: 1, assessed: 2 } as const;
    if (rank[status] > rank[a.status]) {
      falseAssessed++;
      falseAssessedIds.push(a.id);
    }
    for (const item of asked) a.asked.includes(item) ? tp++ : fp++;
    for (const item of a.asked) if (!asked.has(item)) fn++;
  }

  return {
    disclosures: {
      n: corpus.disclosures.length,
      surfaced,
      exact,
      asr,
      byCategory: [...byCategory.values()].sort((x, y) => x.category.localeCompare(y.category)),
      missed,
    },
    negatives: { n: corpus.negatives.length, falsePositives, byKind, flagged, denialsRecorded, denials },
    assessments: {
      n: corpus.assessments.length,
      statusCorrect,
      falseAssessed,
      falseAssessedIds,
      itemTruePositives: tp,
      itemFalsePositives: fp,
      itemFalseNegatives: fn,
      wrong,
    },
  };
}
