/**
 * The plans development set (tests/fixtures/plans/): one folder per fictional client, its sessions as
 * `YYYY-MM-DD.txt` and an `annotation.json` saying what a clinician would expect the plan to hold (goals with
 * their status per session, measures said in session, homework set and reviewed) and what must not appear
 * (a declined or hypothetical goal, someone else's score, homework the client refused). Every annotated item
 * names its session and the verbatim words that support it; the turn id is resolved from the words (the one
 * turn of that session holding them) and, once written into the file, checked against them, so an edited
 * transcript cannot silently move an annotation.
 *
 *   npx tsx bench/plans-data.ts --fill [folder…]   writes each annotation's resolved turn ids back into its file
 *                                                 (every client, or only the folders named)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { analyzeTranscript } from '../lambdas/core/alliance/engine.js';
import type { PlanSessionInput } from '../lambdas/core/plans/index.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import type { Transcript } from '../schemas/transcript.js';

export const FIXTURES = fileURLToPath(new URL('../tests/fixtures/plans/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../samples/sessions/jordan/', import.meta.url));

const STATUS = z.enum(['introduced', 'worked_on', 'progress', 'met', 'revised', 'dropped']);
const Cited = z.object({ session: z.string(), words: z.string().min(2), turnId: z.string().optional() });

export const PlanAnnotationSchema = z.object({
  client: z.string(),
  /** `dev`: looked at while developing; `holdout`: scored only, never read to change the engine. `sample`: the bundled sample client. */
  split: z.enum(['dev', 'holdout', 'sample']),
  modality: z.string(),
  /** Where the sessions are, relative to the repository root, when not beside the annotation. */
  sessionsDir: z.string().optional(),
  goals: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      /** Where the goal stands after each session that showed it; a session not listed did not mention it. */
      events: z.array(Cited.extend({ status: STATUS })).min(1),
      /** Statuses the goal must never be given (a hedged goal never reported reached is never `met`). */
      neverStatus: z.array(STATUS).optional(),
    }),
  ),
  measures: z.array(
    Cited.extend({
      instrument: z.string(),
      value: z.number(),
      ratingOf: z.string().optional(),
      /** Defensible either way (a rating said in passing): neither missed nor counted against precision. */
      optional: z.boolean().optional(),
    }),
  ),
  homework: z.array(Cited.extend({ kind: z.enum(['assigned', 'reviewed']), completion: z.string().optional() })),
  mustNot: z.object({
    goals: z.array(Cited.extend({ why: z.string() })),
    measures: z.array(Cited.extend({ instrument: z.string(), value: z.number(), why: z.string() })),
    homework: z.array(Cited.extend({ why: z.string() })),
  }),
});
export type PlanAnnotation = z.infer<typeof PlanAnnotationSchema>;

export interface FixtureClient {
  dir: string;
  annotation: PlanAnnotation;
  sessions: PlanSessionInput[];
  /** Session id → its transcript, for checking what a cited turn says. */
  transcripts: Map<string, Transcript>;
}

const squash = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');

/** The one turn of the session holding the words; an error when none or several do. */
export function resolveTurn(transcript: Transcript, words: string, where: string): string {
  const found = transcript.turns.filter((t) => squash(t.text).includes(squash(words)));
  if (found.length !== 1) throw new Error(`${where}: "${words}" is in ${found.length} turns (needs exactly one)`);
  return found[0]!.id;
}

function sessionFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.txt$/.test(f))
    .sort();
}

export function loadClient(dir: string): FixtureClient {
  const annotation = PlanAnnotationSchema.parse(JSON.parse(readFileSync(join(dir, 'annotation.json'), 'utf8')));
  const from = annotation.sessionsDir ? fileURLToPath(new URL(`../${annotation.sessionsDir}/`, import.meta.url)) : dir;
  const transcripts = new Map<string, Transcript>();
  const sessions = sessionFiles(from).map((file) => {
    const session = basename(file, '.txt');
    const transcript = parseTranscript(readFileSync(join(from, file), 'utf8'));
    transcripts.set(session, transcript);
    return { session, date: session, transcript, ...analyzeTranscript(transcript) };
  });
  const cited = [
    ...annotation.goals.flatMap((g) => g.events),
    ...annotation.measures,
    ...annotation.homework,
    ...annotation.mustNot.goals,
    ...annotation.mustNot.measures,
    ...annotation.mustNot.homework,
  ];
  for (const item of cited) {
    const where = `${annotation.client} ${item.session}`;
    const transcript = transcripts.get(item.session);
    if (!transcript) throw new Error(`${where}: no such session`);
    const turnId = resolveTurn(transcript, item.words, where);
    if (item.turnId !== undefined && item.turnId !== turnId) throw new Error(`${where}: "${item.words}" is in ${turnId}, annotated ${item.turnId}`);
    item.turnId = turnId;
  }
  return { dir, annotation, sessions, transcripts };
}

/** Every annotated client (or those whose folder starts with one of `only`): the fixtures, then the bundled sample client. */
export function loadAll(only?: readonly string[] | null): FixtureClient[] {
  const dirs = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'annotation.json')))
    .filter((d) => !only || only.some((name) => d.name.startsWith(name)))
    .map((d) => join(FIXTURES, d.name))
    .sort();
  return dirs.map(loadClient);
}

export const SAMPLE_DIR = SAMPLE;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--fill')) {
  // `--fill` alone fills every client; `--fill <folder>…` only the folders named (one writer per folder).
  const named = process.argv.slice(process.argv.indexOf('--fill') + 1).filter((a) => !a.startsWith('--'));
  const clients = named.length > 0 ? named.map((d) => loadClient(d.startsWith('/') ? d : join(process.cwd(), d))) : loadAll();
  for (const client of clients) {
    writeFileSync(join(client.dir, 'annotation.json'), `${JSON.stringify(client.annotation, null, 1)}\n`);
    console.log(`${client.annotation.client}: turn ids written`);
  }
}
