/**
 * What every challenge flag cites and counts with: verbatim quotes (one per turn, at most four), turn ids, and the
 * turns around a moment (the therapist's prompt before a client turn, the replies after it).
 */
import type { ChallengeFlag, Evidence } from '../../../schemas/alliance.js';
import type { Turn } from '../../../schemas/transcript.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';

export type Severity = ChallengeFlag['severity'];
export const MAX_EVIDENCE = 4;
/** Therapist turns this long explain rather than ask or reflect. */
export const LONG_TURN_WORDS = 25;
/** A client turn this long that the client finishes has said something a reply should take up. */
export const ELABORATION_WORDS = 12;

const SENTENCE = /[^.?!]+(?:[.?!]+|$)/g;

/** A verbatim quote of the first sentence (of the raw text) that satisfies `matches`, via quoteOf. */
export function quoteWhere(turn: Turn, matches: (sentence: string) => boolean): string {
  const sentences = (turn.text.match(SENTENCE) ?? [turn.text]).map((s) => s.trim()).filter((s) => s.length > 0);
  return quoteOf(turn, Math.max(0, sentences.findIndex(matches)));
}

export interface Cited {
  turn: CodedTurn;
  quote: string;
}

export function cite(turn: CodedTurn, pattern?: RegExp): Cited {
  return { turn, quote: quoteOf(turn.turn, 0, pattern) };
}

/** Up to four quotes, one per turn, in the order given (most telling first). */
export function evidenceOf(cited: Cited[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const c of cited) {
    if (out.length >= MAX_EVIDENCE || seen.has(c.turn.turn.id) || c.quote.length === 0) continue;
    seen.add(c.turn.turn.id);
    out.push({ turnId: c.turn.turn.id, quote: c.quote });
  }
  return out;
}

export function ids(turns: CodedTurn[]): string {
  return turns.map((t) => t.turn.id).join(', ');
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The therapist turns that answer a client turn: the next ones, in order. */
export function nextTherapistTurns(session: CodedSession, from: CodedTurn, count: number): CodedTurn[] {
  const out: CodedTurn[] = [];
  for (let i = from.index + 1; i < session.turns.length && out.length < count; i++) {
    const t = session.turns[i]!;
    if (t.turn.role === 'therapist') out.push(t);
  }
  return out;
}

export function byTurnId(session: CodedSession): Map<string, CodedTurn> {
  return new Map(session.turns.map((t) => [t.turn.id, t] as const));
}

/** The therapist turn just before a client turn, when it is the therapist's. */
export function promptOf(session: CodedSession, t: CodedTurn): CodedTurn | undefined {
  const before = session.turns[t.index - 1];
  return before?.turn.role === 'therapist' ? before : undefined;
}
