/**
 * What every note extractor reads: the session's turns, each split once into sentences and clauses by the
 * language layer (normalised speech, negation, tense, who a clause is about). Extractors work on clauses and
 * return structured facts that cite turn ids; the note writer turns facts into sentences. Pure.
 */
import type { Role, Transcript } from '../../../../schemas/transcript.js';
import { sentencesOf, type Clause, type Sentence } from '../../language/index.js';

export interface ReadTurn {
  id: string;
  /** Position in the transcript, 0-based. */
  index: number;
  role: Role;
  /** The turn as spoken (verbatim): quotes are taken from here. */
  text: string;
  sentences: readonly Sentence[];
}

export interface ExtractInput {
  turns: readonly ReadTurn[];
  client: readonly ReadTurn[];
  therapist: readonly ReadTurn[];
}

export function readSession(transcript: Transcript): ExtractInput {
  const turns: ReadTurn[] = transcript.turns.map((t, index) => ({ id: t.id, index, role: t.role, text: t.text, sentences: sentencesOf(t.text) }));
  return { turns, client: turns.filter((t) => t.role === 'client'), therapist: turns.filter((t) => t.role === 'therapist') };
}

/** Every clause of a turn, with the sentence it belongs to. */
export function clausesOf(turn: ReadTurn): { sentence: Sentence; clause: Clause }[] {
  return turn.sentences.flatMap((sentence) => sentence.clauses.map((clause) => ({ sentence, clause })));
}

/** Turns after `index` (exclusive) up to `within` turns on, optionally of one role. */
export function turnsAfter(input: ExtractInput, index: number, within: number, role?: Role): ReadTurn[] {
  return input.turns.slice(index + 1, index + 1 + within).filter((t) => role === undefined || t.role === role);
}

/** The client's answer: the next client turn before the therapist speaks again (within `within` turns). */
export function answerAfter(input: ExtractInput, index: number, within = 2): ReadTurn | undefined {
  for (const t of input.turns.slice(index + 1, index + 1 + within)) {
    if (t.role === 'therapist') return undefined;
    if (t.role === 'client') return t;
  }
  return undefined;
}
