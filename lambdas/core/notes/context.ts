/**
 * What every sentence builder reads: the coded session, the alliance engine's analysis, the names a note
 * must never carry, and the risk statements (found once, used by several sections).
 */
import type { Alliance } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { Transcript } from '../../../schemas/transcript.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';
import { sentencesOf } from '../metrics/text.js';
import { namesIn } from './phrasing.js';
import type { AssessedRisk } from './risk.js';

export interface NoteContext {
  transcript: Transcript;
  session: CodedSession;
  metrics: SessionMetrics;
  alliance: Alliance;
  names: ReadonlySet<string>;
  risks: AssessedRisk[];
  /**
   * Client answers given during a risk assessment or safety plan ("Not sleeping two nights in a row" as a
   * warning sign): they describe the plan, not the client's presenting concerns.
   */
  riskAnswerTurns: ReadonlySet<string>;
  /** Every client sentence, split once for the builders that read them all. */
  clientSentences: readonly TurnSentence[];
  /** The last turn: the end of the span a whole-session finding (its length) cites. Never cited for an absence. */
  lastId: string;
}

export function makeContext(session: CodedSession, metrics: SessionMetrics, alliance: Alliance, risks: AssessedRisk[], names: ReadonlySet<string> = namesIn(session.transcript)): NoteContext {
  const { transcript } = session;
  const riskAnswerTurns = new Set<string>();
  for (const risk of risks) {
    const disclosed = new Set(risk.sentences[0]?.evidence ?? []);
    const span = risk.statement.evidence.map((id) => transcript.turns.findIndex((t) => t.id === id));
    for (let i = Math.min(...span); i <= Math.max(...span) + 1 && i < transcript.turns.length; i++) {
      const turn = transcript.turns[i]!;
      if (turn.role === 'client' && !disclosed.has(turn.id)) riskAnswerTurns.add(turn.id);
    }
  }
  return {
    transcript,
    session,
    metrics,
    alliance,
    names,
    risks,
    riskAnswerTurns,
    clientSentences: sentencesOfTurns(session.clientTurns),
    lastId: transcript.turns.at(-1)!.id,
  };
}

/** One sentence of one turn, normalised. */
export interface TurnSentence {
  turn: CodedTurn;
  text: string;
}

/** Speech the client quotes or rehearses ("I'm happy to take on the review") is not about the client. */
const QUOTED_SPEECH = /"[^"]*"/g;

export function sentencesOfTurns(turns: readonly CodedTurn[]): TurnSentence[] {
  return turns.flatMap((turn) => sentencesOf(turn.norm.replace(QUOTED_SPEECH, ' ')).map((text) => ({ turn, text })));
}

/** The therapist asking how the session went (CTRS feedback; SRS). */
export const ASKS_SESSION_FEEDBACK = /\b(?:how today was for you|how (?:the|this) session (?:was|went)|how was (?:today|this session)\b)/;

/** The next client turn within `within` turns after `index`, before the therapist speaks again. */
export function clientAnswerAfter(ctx: NoteContext, index: number, within = 2): CodedTurn | undefined {
  for (let i = index + 1; i <= Math.min(index + within, ctx.session.turns.length - 1); i++) {
    const t = ctx.session.turns[i]!;
    if (t.turn.role === 'therapist') return undefined;
    if (t.turn.role === 'client') return t;
  }
  return undefined;
}

/** Client turns among the `within` turns after `index`. */
export function clientAnswersAfter(ctx: NoteContext, index: number, within = 3): CodedTurn[] {
  const out: CodedTurn[] = [];
  for (let i = index + 1; i <= Math.min(index + within, ctx.session.turns.length - 1); i++) {
    const t = ctx.session.turns[i]!;
    if (t.turn.role === 'client') out.push(t);
  }
  return out;
}

/** Where a turn sits in the session, 0 (start) to 1 (end). */
export function position(ctx: NoteContext, turn: CodedTurn): number {
  return ctx.session.turns.length <= 1 ? 0 : turn.index / (ctx.session.turns.length - 1);
}
