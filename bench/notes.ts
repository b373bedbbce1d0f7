/**
 * The local note engine on annotated sessions (issue 12, item 7):
 *   npm run bench:notes [-- --json] [--quiet]
 *
 * For every session in tests/fixtures/notes/bench (held out: written apart from the engine's word lists)
 * and tests/fixtures/notes/dev (the development set), in every format, writes the note and scores it with
 * bench/notes-score.ts: facts found (and found with a citation that supports them), false facts (the
 * session's traps), absence written as fact (and gaps on topics the session holds), citations that do not
 * support their sentence, and therapist evaluation in the chart. The narrative is a short summary: its
 * facts are reported on their own and never counted as missed. The AnnoMI dev split (real MI sessions, no
 * annotations) is scored on the automatic measures only. It measures; it does not gate: exit code 0.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeTranscript } from '../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../lambdas/core/notes/index.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import { NoteFormatSchema, type NoteFormat, type ProgressNote } from '../schemas/note.js';
import type { Transcript } from '../schemas/transcript.js';
import { AnnotationSchema, RISK_LINE, scoreAutomatic, scoreNote, type Annotation, type Flag, type NoteScore } from './notes-score.js';

const json = process.argv.includes('--json');
const quiet = process.argv.includes('--quiet');
const FORMATS = NoteFormatSchema.options;
const CREATED_AT = new Date('2026-01-01T00:00:00Z');
const fixtures = fileURLToPath(new URL('../tests/fixtures/notes/', import.meta.url));
const ANNOMI = '/work/shared/data/annomi-dev/transcripts';

interface Session {
  name: string;
  transcript: Transcript;
  annotation?: Annotation;
}

/** One set's figures for one format. */
interface Tally {
  sessions: number;
  unavailable: number;
  findings: number;
  facts: number;
  found: number;
  supported: number;
  atAnnotatedTurn: number;
  falseFacts: number;
  absenceAsFact: number;
  falseGaps: number;
  unsupported: number;
  evaluation: number;
  riskWithoutRisk: number;
  /** Of `unsupported`, how many are the risk module's lines (its labels are inferences the turn's words rarely share). */
  unsupportedRiskLines: number;
  /** Of `evaluation`, how many sit in the note's allianceSummary rather than its sections. */
  evaluationInAllianceSummary: number;
}

interface Listed extends Flag {
  set: string;
  session: string;
  format: NoteFormat;
  kind: 'false fact' | 'absence as fact' | 'false gap' | 'unsupported citation' | 'therapist evaluation' | 'risk in a session without risk';
}

const emptyTally = (): Tally => ({
  sessions: 0,
  unavailable: 0,
  findings: 0,
  facts: 0,
  found: 0,
  supported: 0,
  atAnnotatedTurn: 0,
  falseFacts: 0,
  absenceAsFact: 0,
  falseGaps: 0,
  unsupported: 0,
  evaluation: 0,
  riskWithoutRisk: 0,
  unsupportedRiskLines: 0,
  evaluationInAllianceSummary: 0,
});

function loadAnnotated(dir: string): { sessions: Session[]; problems: string[] } {
  const sessions: Session[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { sessions, problems };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const name = file.slice(0, -4);
    const annotationFile = `${dir}/${name}.json`;
    if (!existsSync(annotationFile)) {
      problems.push(`${name}: no ${name}.json beside the transcript; skipped`);
      continue;
    }
    const parsed = AnnotationSchema.safeParse(JSON.parse(readFileSync(annotationFile, 'utf8')));
    if (!parsed.success) {
      problems.push(
        `${name}: annotation does not match the format (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); skipped`,
      );
      continue;
    }
    const transcript = parseTranscript(readFileSync(`${dir}/${file}`), { filename: file });
    const ids = new Set(transcript.turns.map((t) => t.id));
    const unknown = parsed.data.mustSay.flatMap((f) => f.turns.filter((id) => !ids.has(id)).map((id) => `${f.id}:${id}`));
    if (unknown.length > 0) problems.push(`${name}: annotation cites turns the transcript does not have (${unknown.join(', ')})`);
    sessions.push({ name, transcript, annotation: parsed.data });
  }
  return { sessions, problems };
}

function loadAnnomi(): Session[] {
  if (!existsSync(ANNOMI)) return [];
  return readdirSync(ANNOMI)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => ({ name: file.slice(0, -4), transcript: parseTranscript(readFileSync(`${ANNOMI}/${file}`), { filename: file }) }));
}

function writeNotes(transcript: Transcript): Map<NoteFormat, ProgressNote | undefined> {
  const notes = new Map<NoteFormat, ProgressNote | undefined>();
  let analysis: ReturnType<typeof analyzeTranscript> | undefined;
  try {
    analysis = analyzeTranscript(transcript);
  } catch {
    analysis = undefined;
  }
  for (const format of FORMATS) {
    try {
      const note = analysis ? writeProgressNote({ transcript, analysis, format, createdAt: CREATED_AT }) : undefined;
      notes.set(format, note?.status === 'unavailable' ? undefined : note);
    } catch {
      notes.set(format, undefined);
    }
  }
  return notes;
}

function run(set: string, sessions: Session[], listed: Listed[]): Record<NoteFormat, Tally> {
  const tallies = Object.fromEntries(FORMATS.map((f) => [f, emptyTally()])) as Record<NoteFormat, Tally>;
  for (const session of sessions) {
    const notes = writeNotes(session.transcript);
    for (const format of FORMATS) {
      const tally = tallies[format];
      tally.sessions++;
      const note = notes.get(format);
      if (!note) {
        tally.unavailable++;
        continue;
      }
      const score: Partial<NoteScore> = session.annotation ? scoreNote(note, session.transcript, session.annotation) : scoreAutomatic(note, session.transcript);
      tally.findings += score.findings ?? 0;
      for (const fact of score.facts ?? []) {
        tally.facts++;
        if (fact.found) tally.found++;
        if (fact.supported) tally.supported++;
        if (fact.atAnnotatedTurn) tally.atAnnotatedTurn++;
      }
      const lists: [Listed['kind'], Flag[] | undefined, keyof Tally][] = [
        ['false fact', score.falseFacts, 'falseFacts'],
        ['absence as fact', score.absenceAsFact, 'absenceAsFact'],
        ['false gap', score.falseGaps, 'falseGaps'],
        ['unsupported citation', score.unsupported, 'unsupported'],
        ['therapist evaluation', score.evaluation, 'evaluation'],
        ['risk in a session without risk', score.riskWithoutRisk, 'riskWithoutRisk'],
      ];
      for (const [kind, flags, key] of lists) {
        for (const flag of flags ?? []) {
          tally[key]++;
          listed.push({ ...flag, set, session: session.name, format, kind });
        }
      }
      tally.unsupportedRiskLines += (score.unsupported ?? []).filter((f) => RISK_LINE.test(f.text) || f.sentenceId.startsWith('riskStatements')).length;
      tally.evaluationInAllianceSummary += (score.evaluation ?? []).filter((f) => f.sentenceId.startsWith('allianceSummary')).length;
    }
  }
  return tallies;
}

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);

/** The chart formats, summed: the narrative is a summary and is left out of the fact figures. */
function chartTotal(tallies: Record<NoteFormat, Tally>): Tally {
  const total = emptyTally();
  for (const format of FORMATS.filter((f) => f !== 'narrative')) {
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tallies[format][key];
  }
  return total;
}

function printAnnotated(set: string, tallies: Record<NoteFormat, Tally>, n: number): void {
  console.log(`\n## ${set}: ${n} annotated sessions\n`);
  console.log(
    '| format | notes | unavailable | facts found | found, citation supports it | at an annotated turn | false facts | absence as fact | false gaps | risk where none | findings | unsupported citations (risk lines) | therapist evaluation (in alliance summary) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const row = (label: string, t: Tally, countFacts: boolean) => {
    const facts = countFacts
      ? [
          `${t.found}/${t.facts} (${pct(t.found, t.facts)})`,
          `${t.supported} (${pct(t.supported, t.facts)})`,
          `${t.atAnnotatedTurn} (${pct(t.atAnnotatedTurn, t.facts)})`,
        ]
      : [`${t.found} found (not scored)`, `${t.supported}`, `${t.atAnnotatedTurn}`];
    console.log(
      `| ${label} | ${t.sessions} | ${t.unavailable} | ${facts.join(' | ')} | ${t.falseFacts} | ${t.absenceAsFact} | ${t.falseGaps} | ${t.riskWithoutRisk} | ${t.findings} | ${t.unsupported} (${pct(t.unsupported, t.findings)}; ${t.unsupportedRiskLines}) | ${t.evaluation} (${t.evaluationInAllianceSummary}) |`,
    );
  };
  for (const format of FORMATS) row(format, tallies[format], format !== 'narrative');
  row('**soap+dap+birp+girp**', chartTotal(tallies), true);
}

function printAutomatic(set: string, tallies: Record<NoteFormat, Tally>, n: number): void {
  console.log(`\n## ${set}: ${n} sessions, automatic measures only (no annotations)\n`);
  console.log(
    '| format | notes | unavailable | findings | unsupported citations (risk lines) | absence as fact | therapist evaluation (in alliance summary) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const format of FORMATS) {
    const t = tallies[format];
    console.log(
      `| ${format} | ${t.sessions} | ${t.unavailable} | ${t.findings} | ${t.unsupported} (${pct(t.unsupported, t.findings)}; ${t.unsupportedRiskLines}) | ${t.absenceAsFact} | ${t.evaluation} (${t.evaluationInAllianceSummary}) |`,
    );
  }
}

const listed: Listed[] = [];
const results: Record<string, { sessions: number; byFormat: Record<NoteFormat, Tally>; chartFormats?: Tally; notes: string[] }> = {};

for (const set of ['bench', 'dev']) {
  const { sessions, problems } = loadAnnotated(`${fixtures}${set}`);
  if (sessions.length === 0) {
    results[set] = { sessions: 0, byFormat: run(set, [], listed), notes: [`no annotated sessions in tests/fixtures/notes/${set}`, ...problems] };
    continue;
  }
  const byFormat = run(set, sessions, listed);
  results[set] = { sessions: sessions.length, byFormat, chartFormats: chartTotal(byFormat), notes: problems };
}
const annomi = loadAnnomi();
results.annomi =
  annomi.length === 0
    ? { sessions: 0, byFormat: run('annomi', [], listed), notes: [`${ANNOMI} not found: AnnoMI skipped`] }
    : { sessions: annomi.length, byFormat: run('annomi', annomi, listed), notes: [] };

if (json) {
  console.log(JSON.stringify({ results, flagged: listed }, null, 2));
} else {
  console.log('# Notes benchmark (local engine)');
  for (const [set, r] of Object.entries(results)) {
    for (const note of r.notes) console.log(`\n> ${set}: ${note}`);
    if (r.sessions === 0) continue;
    if (set === 'annomi') printAutomatic('AnnoMI dev', r.byFormat, r.sessions);
    else printAnnotated(set === 'bench' ? 'bench (held out)' : 'dev', r.byFormat, r.sessions);
  }
  if (!quiet) {
    console.log('\n## Every flagged sentence\n');
    for (const kind of [
      'false fact',
      'absence as fact',
      'false gap',
      'risk in a session without risk',
      'therapist evaluation',
      'unsupported citation',
    ] as const) {
      const of = listed.filter((l) => l.kind === kind);
      console.log(`\n### ${kind} (${of.length})\n`);
      for (const l of of)
        console.log(
          `- ${l.set}/${l.session} ${l.format} ${l.sentenceId}${l.evidence.length > 0 ? ` (cites ${l.evidence.join(', ')})` : ''} [${l.rule}]: ${l.text}`,
        );
    }
  }
}
process.exitCode = 0;
