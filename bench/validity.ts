/**
 * Validity of the alliance, on the AnnoMI development split and on the paired set the project wrote:
 *   npm run bench:validity -- --data ../shared/data/annomi-dev [--json] [--write-readme]
 *
 * 1. AUC of the overall score, each dimension and Goal Agreement, high vs low quality (AnnoMI: expert-rated;
 *    pairs: the good and poor version of one conversation), with a seeded bootstrap 95% interval; for the
 *    pairs also how often the good version outscores its own poor version, and the AUC by modality.
 * 2. Flag rates by quality: sessions with any flag, with a HIGH rupture flag, and per flag type.
 * 3. Calibration: the share of high sessions scoring 60 or more and of low ones below 50, and the bands.
 * 4. Precision, recall and F1 of the behaviour coders against the experts' utterance codes (bench/coding.ts).
 * 5. The same AnnoMI sessions with role labels replaced by names: how often the therapist is inferred.
 * Every figure is reported for the development half (errors studied) and the held-out half (never studied)
 * apart. Nothing here is fitted; the calibration curve is fitted by `npm run calibrate` on dev halves only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import { analyzeTranscript } from '../lambdas/core/alliance/engine.js';
import { AllianceBandSchema, DimensionNameSchema, FlagTypeSchema, type Alliance } from '../schemas/alliance.js';
import { codingAgreement, formatCodingTable } from './coding.js';
import { loadAnnomi, loadPairs, type LabelledSession } from './alliance-sets.js';
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = argValue('--data') ?? '../shared/data/annomi-dev';
const asJson = process.argv.includes('--json');

/** Mann-Whitney AUC: the chance a random high-quality session outscores a random low-quality one. */
export function auc(high: number[], low: number[]): number {
  let wins = 0;
  for (const h of high) for (const l of low) wins += h > l ? 1 : h === l ? 0.5 : 0;
  return wins / (high.length * low.length);
}

function bootstrapInterval(high: number[], low: number[], rounds = 2000): [number, number] {
  let seed = 20261126;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const draw = (xs: number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const values: number[] = [];
  for (let r = 0; r < rounds; r++) values.push(auc(draw(high), draw(low)));
  values.sort((a, b) => a - b);
  return [values[Math.floor(rounds * 0.025)]!, values[Math.floor(rounds * 0.975)]!];
}

const SCORES = ['overall', ...DimensionNameSchema.options, 'goalAgreement'] as const;
type ScoreName = (typeof SCORES)[number];

interface Scored extends LabelledSession {
  alliance: Alliance;
}

function scoreOf(a: Alliance, name: ScoreName): number | null {
  if (name === 'overall') return a.overall.score;
  if (name === 'goalAgreement') return a.goalAgreement?.score ?? null;
  return a.dimensions[name].score;
}

interface SetFigures {
  sessions: number;
  high: number;
  low: number;
  abstained: number;
  auc: Record<string, { auc: number; interval: [number, number] }>;
  /** Pairs only: share of pairs whose good version outscores its poor one, on the overall score. */
  pairedWins?: number;
  flags: {
    anyFlag: { high: number; low: number };
    highRupture: { high: number; low: number };
    byType: Record<string, { high: number; low: number }>;
  };
  calibration: { highAtLeast60: number; lowBelow50: number; bands: Record<string, { high: number; low: number }> };
}

const share = (n: number, d: number) => (d === 0 ? 0 : n / d);

function figures(sessions: Scored[]): SetFigures {
  const scored = sessions.filter((s) => !s.alliance.overall.abstained);
  const high = scored.filter((s) => s.quality === 'high');
  const low = scored.filter((s) => s.quality === 'low');
  const aucs: SetFigures['auc'] = {};
  for (const name of SCORES) {
    const h = high.map((s) => scoreOf(s.alliance, name)).filter((x): x is number => x !== null);
    const l = low.map((s) => scoreOf(s.alliance, name)).filter((x): x is number => x !== null);
    if (h.length > 0 && l.length > 0) aucs[name] = { auc: auc(h, l), interval: bootstrapInterval(h, l) };
  }
  const rate = (pred: (s: Scored) => boolean) => ({ high: share(high.filter(pred).length, high.length), low: share(low.filter(pred).length, low.length) });
  const byType = Object.fromEntries(FlagTypeSchema.options.map((t) => [t, rate((s) => s.alliance.flags.some((f) => f.type === t))]));
  const bands = Object.fromEntries(AllianceBandSchema.options.map((b) => [b, rate((s) => s.alliance.overall.band === b)]));
  const out: SetFigures = {
    sessions: sessions.length,
    high: high.length,
    low: low.length,
    abstained: sessions.length - scored.length,
    auc: aucs,
    flags: {
      anyFlag: rate((s) => s.alliance.flags.length > 0),
      highRupture: rate((s) => s.alliance.flags.some((f) => f.type === 'therapeutic_rupture' && f.severity === 'high')),
      byType,
    },
    calibration: {
      highAtLeast60: share(high.filter((s) => s.alliance.overall.score! >= 60).length, high.length),
      lowBelow50: share(low.filter((s) => s.alliance.overall.score! < 50).length, low.length),
      bands,
    },
  };
  const pairs = new Map<string, Scored[]>();
  for (const s of scored) if (s.pair) pairs.set(s.pair, [...(pairs.get(s.pair) ?? []), s]);
  const complete = [...pairs.values()].filter((p) => p.length === 2);
  if (complete.length > 0) {
    const wins = complete.reduce((n, p) => {
      const g = p.find((s) => s.quality === 'high')!.alliance.overall.score!;
      const b = p.find((s) => s.quality === 'low')!.alliance.overall.score!;
      return n + (g > b ? 1 : g === b ? 0.5 : 0);
    }, 0);
    out.pairedWins = wins / complete.length;
  }
  return out;
}

/**
 * The same sessions with the role labels replaced by first names, so the therapist must be inferred from
 * how each speaker talks: how often the inference is right, and the AUC when the engine relies on it.
 */
function inferredRoles(sessions: LabelledSession[]) {
  let correct = 0;
  let abstained = 0;
  const scores = { high: [] as number[], low: [] as number[] };
  for (const [i, s] of sessions.entries()) {
    const [therapistName, clientName] = i % 2 === 0 ? ['Alex', 'Sam'] : ['Sam', 'Alex'];
    const text = s.transcript.turns.map((t) => `${t.role === 'therapist' ? therapistName : clientName}: ${t.text}`).join('\n');
    const transcript = parseTranscript(text);
    if (transcript.roleAssignment.speakers[therapistName!] === 'therapist') correct++;
    const { alliance } = analyzeTranscript(transcript);
    if (alliance.overall.score === null) abstained++;
    else scores[s.quality].push(alliance.overall.score);
  }
  return { correct, abstained, auc: auc(scores.high, scores.low) };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const SHORT: Record<string, string> = {
  overall: 'overall',
  therapeuticFramework: 'framework',
  sessionManagement: 'management',
  therapeuticRelationship: 'relationship',
  therapeuticProcess: 'process',
  collaborativeProgress: 'collaboration',
  goalAgreement: 'goal agreement',
};

function printSet(title: string, f: SetFigures): void {
  console.log(`\n${title}: ${f.sessions} sessions (${f.high} high, ${f.low} low scored; ${f.abstained} abstained)`);
  console.log(`  AUC        ${SCORES.map((n) => `${SHORT[n]} ${f.auc[n] ? f.auc[n].auc.toFixed(2) : '-'}`).join(' · ')}`);
  console.log(
    `  95% CI     ${SCORES.filter((n) => f.auc[n])
      .map((n) => `${SHORT[n]} ${f.auc[n]!.interval[0].toFixed(2)}-${f.auc[n]!.interval[1].toFixed(2)}`)
      .join(' · ')}`,
  );
  if (f.pairedWins !== undefined) console.log(`  good version outscores its poor version in ${pct(f.pairedWins)} of pairs`);
  console.log(
    `  flags      any flag: high ${pct(f.flags.anyFlag.high)}, low ${pct(f.flags.anyFlag.low)}; HIGH rupture: high ${pct(f.flags.highRupture.high)}, low ${pct(f.flags.highRupture.low)}`,
  );
  console.log(
    `             ${Object.entries(f.flags.byType)
      .filter(([, r]) => r.high + r.low > 0)
      .map(([t, r]) => `${t} ${pct(r.high)}/${pct(r.low)}`)
      .join(' · ')}`,
  );
  console.log(
    `  calibration  high ≥ 60: ${pct(f.calibration.highAtLeast60)}; low < 50: ${pct(f.calibration.lowBelow50)}; bands (high/low) ${Object.entries(
      f.calibration.bands,
    )
      .map(([b, r]) => `${b} ${pct(r.high)}/${pct(r.low)}`)
      .join(', ')}`,
  );
}

const README_START = '<!-- validity:start (written by npm run bench:validity -- --write-readme) -->';
const README_END = '<!-- validity:end -->';

function readmeTable(sets: [string, SetFigures][], date: string): string {
  const head = `| set | sessions (high/low) | ${SCORES.map((n) => `AUC ${SHORT[n]}`).join(' | ')} | high ≥ 60 / low < 50 | any flag high/low | HIGH rupture on high |`;
  const rule = `|${' --- |'.repeat(SCORES.length + 5)}`;
  const rows = sets.map(
    ([name, f]) =>
      `| ${name} | ${f.high}/${f.low} | ${SCORES.map((n) => (f.auc[n] ? f.auc[n].auc.toFixed(2) : '-')).join(' | ')} | ${pct(f.calibration.highAtLeast60)} / ${pct(f.calibration.lowBelow50)} | ${pct(f.flags.anyFlag.high)} / ${pct(f.flags.anyFlag.low)} | ${pct(f.flags.highRupture.high)} |`,
  );
  return [
    README_START,
    `Measured ${date} with \`npm run bench:validity -- --write-readme\` (dev: errors studied; held out: never studied).`,
    '',
    head,
    rule,
    ...rows,
    README_END,
  ].join('\n');
}

function main(): void {
  const annomi = loadAnnomi(dataDir);
  if (!annomi) {
    process.stderr.write(`bench:validity: no AnnoMI split at ${dataDir}; pass --data <dir with labels.csv, utterances.csv, transcripts/>\n`);
    process.exit(2);
  }
  const pairs = loadPairs();
  const scored: Scored[] = [...annomi, ...pairs].map((s) => ({ ...s, alliance: analyzeTranscript(s.transcript).alliance }));
  const pick = (set: string, split?: string, modality?: string) =>
    scored.filter((s) => s.set === set && (!split || s.split === split) && (!modality || s.modality === modality));
  const sets: [string, SetFigures][] = [
    ['AnnoMI dev (even)', figures(pick('annomi', 'dev'))],
    ['AnnoMI held out (odd)', figures(pick('annomi', 'holdout'))],
    ['AnnoMI all', figures(pick('annomi'))],
  ];
  if (pairs.length > 0)
    sets.push(['pairs dev', figures(pick('pairs', 'dev'))], ['pairs held out', figures(pick('pairs', 'holdout'))], ['pairs all', figures(pick('pairs'))]);
  const modalities = [...new Set(pairs.map((p) => p.modality))].sort();
  const byModality = modalities.map((m) => {
    const ss = pick('pairs', undefined, m);
    return { modality: m, detected: share(ss.filter((s) => s.alliance.modality?.kind === m).length, ss.length), figures: figures(ss) };
  });
  const detectors = codingAgreement(parseCsv(readFileSync(join(dataDir, 'utterances.csv'), 'utf8')));
  const roles = inferredRoles(annomi);
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ sets: Object.fromEntries(sets), byModality, detectors, roles })}\n`);
    return;
  }
  for (const [name, f] of sets) printSet(name, f);
  if (byModality.length > 0) {
    console.log('\nPairs by modality (all pairs): overall AUC, paired wins, modality detected');
    for (const m of byModality)
      console.log(
        `  ${m.modality.padEnd(13)} AUC ${m.figures.auc.overall?.auc.toFixed(2) ?? '-'} · wins ${pct(m.figures.pairedWins ?? 0)} · detected as ${m.modality} in ${pct(m.detected)} · dims ${DimensionNameSchema.options.map((d) => `${SHORT[d]} ${m.figures.auc[d]?.auc.toFixed(2) ?? '-'}`).join(' ')}`,
      );
  }
  console.log(`\n${formatCodingTable(detectors)}`);
  console.log(`\nRoles inferred (labels replaced by first names): therapist found in ${roles.correct} of ${annomi.length} AnnoMI sessions;`);
  console.log(`  overall AUC when relying on inferred roles ${roles.auc.toFixed(3)} (${roles.abstained} abstained)`);
  if (process.argv.includes('--write-readme')) {
    const path = new URL('../README.md', import.meta.url).pathname;
    const readme = readFileSync(path, 'utf8');
    const a = readme.indexOf(README_START);
    const b = readme.indexOf(README_END);
    if (a < 0 || b < 0) {
      process.stderr.write('bench:validity: README.md has no validity block to rewrite\n');
      process.exit(1);
    }
    writeFileSync(path, readme.slice(0, a) + readmeTable(sets, new Date().toISOString().slice(0, 10)) + readme.slice(b + README_END.length));
    console.log('\nREADME.md validity table rewritten');
  }
}

main();
