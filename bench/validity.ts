/**
 * Validity on the AnnoMI development split:
 *   npm run bench:validity -- --data ../shared/data/annomi-dev [--json]
 *
 * 1. AUC of `alliance.overall.score` (and of each dimension) for expert-rated high vs low quality
 *    sessions, with a seeded bootstrap 95% interval.
 * 2. Precision, recall and F1 of the behaviour coders against the experts' utterance codes, per code, for
 *    the even (development) and odd (held-out) sessions apart (bench/coding.ts).
 * 3. The same with role labels replaced by names: how often the therapist is inferred correctly.
 * The scoring is not fitted to these files; this only reads them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import { analyzeTranscript } from '../lambdas/core/alliance/engine.js';
import { codingAgreement, formatCodingTable } from './coding.js';

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
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const draw = (xs: number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const values: number[] = [];
  for (let r = 0; r < rounds; r++) values.push(auc(draw(high), draw(low)));
  values.sort((a, b) => a - b);
  return [values[Math.floor(rounds * 0.025)]!, values[Math.floor(rounds * 0.975)]!];
}

interface Session {
  id: string;
  quality: 'high' | 'low';
}

/**
 * The same sessions with the role labels replaced by first names, so the therapist must be inferred from
 * how each speaker talks: how often the inference is right, and the AUC when the engine relies on it.
 */
function inferredRoles(sessions: Session[]) {
  let correct = 0;
  let abstained = 0;
  const scores = { high: [] as number[], low: [] as number[] };
  for (const [i, s] of sessions.entries()) {
    const [therapistName, clientName] = i % 2 === 0 ? ['Alex', 'Sam'] : ['Sam', 'Alex'];
    const text = readFileSync(join(dataDir, 'transcripts', `${s.id}.txt`), 'utf8')
      .replace(/^Therapist:/gm, `${therapistName}:`)
      .replace(/^Client:/gm, `${clientName}:`);
    const transcript = parseTranscript(text);
    if (transcript.roleAssignment.speakers[therapistName!] === 'therapist') correct++;
    const { alliance } = analyzeTranscript(transcript);
    if (alliance.overall.score === null) abstained++;
    else scores[s.quality].push(alliance.overall.score);
  }
  return { correct, abstained, auc: auc(scores.high, scores.low) };
}

function sessionScores(sessions: Session[]) {
  const byName = new Map<string, { high: number[]; low: number[] }>();
  const add = (name: string, quality: 'high' | 'low', value: number | null) => {
    if (value === null) return;
    const entry = byName.get(name) ?? { high: [], low: [] };
    entry[quality].push(value);
    byName.set(name, entry);
  };
  const abstained = { high: 0, low: 0 };
  for (const s of sessions) {
    const transcript = parseTranscript(readFileSync(join(dataDir, 'transcripts', `${s.id}.txt`)), { filename: `${s.id}.txt` });
    const { alliance } = analyzeTranscript(transcript);
    if (alliance.overall.abstained) abstained[s.quality]++;
    add('overall', s.quality, alliance.overall.score);
    for (const [name, d] of Object.entries(alliance.dimensions)) add(name, s.quality, d.score);
  }
  return { byName, abstained };
}

function main(): void {
  let labels: Record<string, string>[];
  try {
    labels = parseCsv(readFileSync(join(dataDir, 'labels.csv'), 'utf8'));
    readdirSync(join(dataDir, 'transcripts'));
  } catch {
    process.stderr.write(`bench:validity: no AnnoMI split at ${dataDir}; pass --data <dir with labels.csv, utterances.csv, transcripts/>\n`);
    process.exit(2);
  }
  const sessions: Session[] = labels.map((l) => ({ id: l.session!, quality: l.quality === 'low' ? 'low' : 'high' }));
  const { byName, abstained } = sessionScores(sessions);
  const aucs = [...byName.entries()].map(([name, v]) => ({ name, auc: auc(v.high, v.low), interval: bootstrapInterval(v.high, v.low), n: v.high.length + v.low.length }));
  const detectors = codingAgreement(parseCsv(readFileSync(join(dataDir, 'utterances.csv'), 'utf8')));
  const roles = inferredRoles(sessions);
  const high = sessions.filter((s) => s.quality === 'high').length;
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ sessions: sessions.length, high, low: sessions.length - high, abstained, aucs, detectors, roles })}\n`);
    return;
  }
  console.log(`AnnoMI dev split: ${sessions.length} sessions (${high} high, ${sessions.length - high} low quality)`);
  console.log(`abstained (too short, left out of the AUC): ${abstained.high} high, ${abstained.low} low\n`);
  console.log('AUC, high vs low quality          AUC    95% bootstrap');
  for (const a of aucs) console.log(`  ${a.name.padEnd(30)} ${a.auc.toFixed(3)}  ${a.interval[0].toFixed(2)}-${a.interval[1].toFixed(2)}`);
  console.log(`\n${formatCodingTable(detectors)}`);
  console.log(`\nRoles inferred (labels replaced by first names): therapist found in ${roles.correct} of ${sessions.length} sessions;`);
  console.log(`  overall AUC when relying on inferred roles ${roles.auc.toFixed(3)} (${roles.abstained} abstained)`);
}

main();
