/**
 * Validity on the AnnoMI development split:
 *   npm run bench:validity -- --data ../shared/data/annomi-dev [--json]
 *
 * 1. AUC of `alliance.overall.score` (and of each dimension) for expert-rated high vs low quality
 *    sessions, with a seeded bootstrap 95% interval.
 * 2. Precision and recall of the behaviour coders against the experts' utterance codes: therapist
 *    reflection / question / input, client change / sustain talk.
 * 3. The same with role labels replaced by names: how often the therapist is inferred correctly.
 * The scoring is not fitted to these files; this only reads them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import { analyzeTranscript } from '../lambdas/core/alliance/engine.js';
import { codeSession } from '../lambdas/core/metrics/coded-session.js';
import type { Transcript, Turn } from '../schemas/transcript.js';

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

/** The experts' codes beside ours, utterance by utterance, coded in session context as the engine does. */
function detectorAgreement(rows: Record<string, string>[]) {
  const bySession = new Map<string, Record<string, string>[]>();
  for (const r of rows) bySession.set(r.transcript_id!, [...(bySession.get(r.transcript_id!) ?? []), r]);
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const tally = (label: string, gold: boolean, predicted: boolean) => {
    const c = counts.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    if (gold && predicted) c.tp++;
    else if (predicted) c.fp++;
    else if (gold) c.fn++;
    counts.set(label, c);
  };
  for (const [id, utterances] of bySession) {
    const turns: Turn[] = utterances.map((u, i) => ({
      id: `t${String(i + 1).padStart(4, '0')}`,
      role: u.interlocutor === 'therapist' ? 'therapist' : 'client',
      speaker: u.interlocutor === 'therapist' ? 'Therapist' : 'Client',
      text: u.utterance_text!.trim() || '…',
    }));
    const transcript: Transcript = {
      format: 'text',
      turns,
      roleAssignment: { method: 'explicit', confidence: 1, speakers: { Therapist: 'therapist', Client: 'client' }, basis: `AnnoMI ${id}` },
      timed: false,
      warnings: [],
    };
    const coded = codeSession(transcript);
    for (const [i, t] of coded.turns.entries()) {
      const u = utterances[i]!;
      if (t.therapist) {
        const gold = u.main_therapist_behaviour!;
        tally('therapist reflection', gold === 'reflection', t.therapist.primary === 'reflection');
        tally('therapist question', gold === 'question', t.therapist.primary === 'question');
        tally('therapist input (advice/information)', gold === 'therapist_input', t.therapist.primary === 'input');
      } else if (t.client) {
        tally('client change talk', u.client_talk_type === 'change', t.client === 'change');
        tally('client sustain talk', u.client_talk_type === 'sustain', t.client === 'sustain');
      }
    }
  }
  return [...counts.entries()].map(([label, c]) => ({
    label,
    precision: c.tp / Math.max(1, c.tp + c.fp),
    recall: c.tp / Math.max(1, c.tp + c.fn),
    support: c.tp + c.fn,
  }));
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
  const detectors = detectorAgreement(parseCsv(readFileSync(join(dataDir, 'utterances.csv'), 'utf8')));
  const roles = inferredRoles(sessions);
  const high = sessions.filter((s) => s.quality === 'high').length;
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ sessions: sessions.length, high, low: sessions.length - high, abstained, aucs, detectors, roles })}\n`);
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(5);
  console.log(`AnnoMI dev split: ${sessions.length} sessions (${high} high, ${sessions.length - high} low quality)`);
  console.log(`abstained (too short, left out of the AUC): ${abstained.high} high, ${abstained.low} low\n`);
  console.log('AUC, high vs low quality          AUC    95% bootstrap');
  for (const a of aucs) console.log(`  ${a.name.padEnd(30)} ${a.auc.toFixed(3)}  ${a.interval[0].toFixed(2)}-${a.interval[1].toFixed(2)}`);
  console.log('\nCoders vs expert utterance codes  precision  recall  support');
  for (const d of detectors) console.log(`  ${d.label.padEnd(36)} ${pct(d.precision)}   ${pct(d.recall)}  ${String(d.support).padStart(6)}`);
  console.log(`\nRoles inferred (labels replaced by first names): therapist found in ${roles.correct} of ${sessions.length} sessions;`);
  console.log(`  overall AUC when relying on inferred roles ${roles.auc.toFixed(3)} (${roles.abstained} abstained)`);
}

main();
