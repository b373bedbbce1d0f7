/**
 * Alliance rupture markers in the client's talk, and whether the therapist attended to them.
 *
 * Source: Safran & Muran (2000) "Negotiating the Therapeutic Alliance" (confrontation vs withdrawal
 * ruptures); Eubanks, Muran & Safran (2015) Rupture Resolution Rating System (3RS): the marker list
 * and the repair moves (acknowledging, taking responsibility, inviting feedback, changing course,
 * reflecting the client's experience of the therapy).
 *
 * Withdrawal is easy to over-read: one "I don't know, maybe" is ordinary speech, "Mm-hmm" while the therapist
 * summarises is listening, and "Yes." to a closed question is an answer. A minimal answer is a marker only where
 * the therapist asked for more (an open question or an invitation the turn ends on), in a run, after the client
 * had been talking (or three in a row); hedged assent to a push counts when it recurs; "whatever", "whatever you
 * think is best" and an abrupt change of subject are markers on their own. Confrontations, with their target,
 * are read in confrontation.ts; repairs in repair.ts.
 */
import type { RuptureMarker } from '../../../schemas/alliance.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';
import { MINIMAL_TURN } from './cues.js';
import { CONFRONTATION_PATTERNS, confrontationIn, pushes, type RuptureTarget } from './confrontation.js';
import { REPAIR_PATTERNS, repairKindOf, type RepairKind } from './repair.js';

export { ACKNOWLEDGES_RUPTURE, ADJUSTS_COURSE, ASKS_FEEDBACK, repairKindOf, repairMoveOf } from './repair.js';

export type RuptureKind = RuptureMarker['kind'];

/** A minimal, non-committal answer ("I don't know", "fine", "whatever", "I guess"), when the whole turn is short. */
export const NONCOMMITTAL_CUE =
  /^(?:(?:um+|uh+|hmm+|mm+|well|just|oh|er+)[\s,.]*)*(?:i (?:don't|dont|do not) know|don't know|dunno|no idea|not sure|i'm not sure|i guess|i suppose|whatever|fine|i'm fine|it's fine|it was fine|okay|ok|alright|all right|maybe|nothing|not really|not much|sure|i don't care|doesn't matter|it doesn't matter)\b/;
/**
 * Compliance without commitment (CLINICAL-GUIDE §3: "fine", "I guess", "whatever you think"): hedged assent. Plain
 * "okay", "yeah" or "sure" is an ordinary acknowledgement and never counts on its own.
 */
const ASSENT_CUE =
  /^(?:(?:um+|uh+|hmm+|mm+|well|just|oh|er+|okay|ok|yeah|yes)[\s,.]*)*(?:fine|i guess(?: so)?|i suppose(?: so| not)?|i expect (?:so|he is|she is|it is|they are)|you(?:'re| are) (?:probably |maybe )?right|if you say so|whatever you (?:think|say))\b/;
export const DONT_KNOW_CUE = /\b(?:i (?:don't|dont|do not) know|don't know|dunno|no idea|not sure)\b/;
/** Handing the decision to the therapist ("whatever you think is best"): deference, a withdrawal marker on its own (3RS). */
const DEFERENCE_CUE = /\b(?:whatever you (?:think|say|want)|if you (?:say|think) so|you(?:'re| are) the (?:expert|doctor|boss)|you know best)\b/;
/** "Whatever" in a short turn is a withdrawal marker on its own. */
export const DISMISSIVE_CUE = /\bwhatever\b(?! you (?:think|say))/;
export const TOPIC_SHIFT_CUE =
  /\b(?:can we (?:just )?(?:talk about something else|move on|change the subject)|(?:let's|can we) (?:just )?(?:change the subject|talk about something else)|i(?:'d| would) rather talk about something else|never ?mind|forget (?:it|i said anything))\b/;
/** "Anyway, …" straight after the therapist reflected or asked something: an abrupt change of subject. */
export const ANYWAY_SHIFT_CUE = /^(?:so )?anyways?\b/;
/** Invitations to say more that are not questions ("take your time", "tell me more", "go on"). */
const INVITES_MORE =
  /\b(?:take your time|tell me (?:more|about)|say (?:a bit |a little )?more|go on|keep going|i'm listening|what else|anything else|help me understand|talk to me about|walk me through)\b/;
/** A question that asks for a yes, a no or a fact ("Did you…?", "Is it…?", "…or not?"). */
const CLOSED_QUESTION =
  /^(?:(?:so|and|but|okay|ok|now|then|um|uh)[\s,]+)*(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|shall|should|may|might|am|aren't|isn't|don't|doesn't|didn't|haven't|won't|wouldn't)\b|\bor (?:not|no|what)?\s*\?$|\b(?:right|correct|yes|yeah|okay|ok)\s*\?$|^(?:how (?:many|much|often|long|old)|what (?:time|day|year)|which|when|where|who)\b/;
/** A turn cut off mid-sentence ("So you've been working really hard-"), and one that picks it up ("-through this whole thing"). */
const CUT_OFF = /(?:-|—|–|\.\.\.|…|,)\s*$/;
const PICKS_UP = /^\s*(?:-|—|–|\.\.\.|…)/;

/** Markers closer than this many turns are one episode. */
const EPISODE_GAP_TURNS = 2;
/** The therapist has this many turns after a marker to attend to it. */
const REPAIR_WINDOW_THERAPIST_TURNS = 3;
/** Short answers: at most this many words. */
const SHORT_ANSWER_WORDS = 4;
/** "Whatever" counts as dismissive in a turn of at most this many words. */
const DISMISSIVE_MAX_WORDS = 8;
/**
 * Withdrawn answers in one run of short answers: two is the least that is a pattern rather than a moment, and it
 * is withdrawal when the client had been talking before (shrinking); three in a row are withdrawal on their own.
 */
const WITHDRAWN_IN_RUN = 2;
const WITHDRAWN_ON_ITS_OWN = 3;
/** Shrinking answers: earlier client turns averaged ≥3× the run's length, and at least this many words. */
const SHRINK_RATIO = 3;
const SHRINK_MIN_EARLIER_WORDS = 9;

/** One client turn that carries a rupture cue, before episodes are merged. */
export interface RuptureCue {
  turn: CodedTurn;
  kind: RuptureKind;
  marker: string;
  pattern?: RegExp;
  /** What a confrontation is aimed at. */
  target?: RuptureTarget;
  /** The sentence that carried a confrontation, verbatim. */
  sentence?: string;
}

/**
 * Is a short client turn a backchannel inside a therapist's turn ("Mm-hmm" while the therapist summarises across
 * lines)? The therapist's turn before it is cut off, or the therapist's turn after it picks the sentence up.
 */
export function isBackchannel(session: CodedSession, t: CodedTurn): boolean {
  const before = session.turns[t.index - 1];
  const after = session.turns[t.index + 1];
  return (before?.turn.role === 'therapist' && CUT_OFF.test(before.turn.text)) || (after?.turn.role === 'therapist' && PICKS_UP.test(after.turn.text));
}

/** The sentence a turn ends on: what the client answers. */
function landing(text: string): string {
  const sentences =
    text
      .match(/[^.?!]+[.?!]*/g)
      ?.map((x) => x.trim())
      .filter((x) => /[a-z]/.test(x)) ?? [];
  return sentences.at(-1) ?? '';
}

/**
 * Did the therapist turn just before this client turn ask for more: land on an open question ("What was that
 * like?") or an invitation ("Take your time", "Tell me more")? A closed question, a reflection or a summary
 * does not: "Yes." to "So you've been working hard?" is an answer, not a closed door.
 */
export function askedForMore(session: CodedSession, t: CodedTurn): boolean {
  const prompt = session.turns[t.index - 1];
  if (prompt?.turn.role !== 'therapist' || isBackchannel(session, t)) return false;
  // The turn must land on the invitation: "Anything else? No? Okay." has answered itself.
  const last = landing(prompt.norm);
  if (INVITES_MORE.test(last)) return true;
  if (!last.endsWith('?') || (prompt.therapist?.questions.open ?? 0) === 0) return false;
  return last.split(' ').length >= 2 && !CLOSED_QUESTION.test(last);
}

/**
 * The withdrawal marker a single answer would carry, or null when it is an ordinary answer. A minimal answer is
 * withdrawal only when the therapist asked for more and got nothing ("Fine." to "How did the move go?"), or
 * when it is bare assent to a push (advice without permission, a confrontation: compliance without commitment).
 * Backchannels during a therapist's summary and short answers to closed questions are neither.
 */
export function withdrawnAnswerMarker(session: CodedSession, t: CodedTurn): { marker: string; pattern?: RegExp } | null {
  const before = session.turns[t.index - 1];
  if (t.words === 0) return before?.turn.role === 'therapist' && !CUT_OFF.test(before.turn.text) ? { marker: 'silence' } : null;
  if (t.words <= DISMISSIVE_MAX_WORDS && DISMISSIVE_CUE.test(t.norm)) return { marker: 'dismissive', pattern: DISMISSIVE_CUE };
  if (t.words <= DISMISSIVE_MAX_WORDS && DEFERENCE_CUE.test(t.norm)) return { marker: 'deference', pattern: DEFERENCE_CUE };
  if (t.words > SHORT_ANSWER_WORDS || isBackchannel(session, t)) return null;
  if (askedForMore(session, t)) {
    if (DONT_KNOW_CUE.test(t.norm)) return { marker: 'dont_know', pattern: DONT_KNOW_CUE };
    if (NONCOMMITTAL_CUE.test(t.norm) || MINIMAL_TURN.test(t.norm)) return { marker: 'minimal_answers', pattern: NONCOMMITTAL_CUE };
    return null;
  }
  if (before?.turn.role === 'therapist' && pushes(before) && ASSENT_CUE.test(t.norm)) return { marker: 'deference', pattern: ASSENT_CUE };
  return null;
}

function confrontationCues(session: CodedSession): RuptureCue[] {
  const cues: RuptureCue[] = [];
  for (const turn of session.clientTurns) {
    const found = confrontationIn(session, turn);
    if (found) cues.push({ turn, kind: 'confrontation', marker: found.marker, target: found.target, sentence: found.sentence });
  }
  return cues;
}

function isAbruptAnyway(session: CodedSession, turn: CodedTurn): boolean {
  if (!ANYWAY_SHIFT_CUE.test(turn.norm)) return false;
  const before = session.turns[turn.index - 1];
  const codes = before?.therapist;
  return codes !== undefined && codes.questions.open + codes.reflections.simple + codes.reflections.complex > 0;
}

function withdrawalCues(session: CodedSession): RuptureCue[] {
  const byTurn = new Map<number, RuptureCue>();
  const add = (cue: RuptureCue) => {
    if (!byTurn.has(cue.turn.index)) byTurn.set(cue.turn.index, cue);
  };
  const clients = session.clientTurns;
  const answers = clients.map((t) => withdrawnAnswerMarker(session, t));
  for (const [i, turn] of clients.entries()) {
    if (TOPIC_SHIFT_CUE.test(turn.norm)) add({ turn, kind: 'withdrawal', marker: 'topic_shift', pattern: TOPIC_SHIFT_CUE });
    else if (isAbruptAnyway(session, turn)) add({ turn, kind: 'withdrawal', marker: 'topic_shift', pattern: ANYWAY_SHIFT_CUE });
    const answer = answers[i];
    if (answer && (answer.pattern === DISMISSIVE_CUE || answer.pattern === DEFERENCE_CUE)) add({ turn, kind: 'withdrawal', ...answer });
  }
  // Runs of short answers. Backchannels and answers to closed questions sit in a run without counting; the
  // withdrawn answers in it make it withdrawal, and the client's earlier talk says whether it is shrinkage.
  // Earlier talk is what the client said when they had the floor: bare acknowledgements do not lower it.
  let earlierWords = 0;
  let earlierTurns = 0;
  let i = 0;
  while (i < clients.length) {
    let end = i;
    while (end < clients.length && (clients[end]!.words <= SHORT_ANSWER_WORDS || answers[end] !== null)) end++;
    if (end === i) {
      earlierWords += clients[i]!.words;
      earlierTurns++;
      i++;
      continue;
    }
    const run = clients.slice(i, end);
    const withdrawn = run.filter((_, k) => answers[i + k] !== null).length;
    const runMean = run.reduce((sum, t) => sum + t.words, 0) / run.length;
    const earlierMean = earlierTurns >= 2 ? earlierWords / earlierTurns : 0;
    const shrinking = withdrawn >= WITHDRAWN_IN_RUN && earlierMean >= Math.max(SHRINK_RATIO * runMean, SHRINK_MIN_EARLIER_WORDS);
    if (shrinking) add({ turn: run[0]!, kind: 'withdrawal', marker: 'shrinking_answers' });
    if (shrinking || withdrawn >= WITHDRAWN_ON_ITS_OWN) {
      // Between its first and last withdrawn answer every short answer ("No.", "Just tired.") belongs to the episode.
      const marked = run.map((_, k) => answers[i + k] !== null);
      const from = marked.indexOf(true);
      const to = marked.lastIndexOf(true);
      for (let k = from; k <= to; k++) add({ turn: run[k]!, kind: 'withdrawal', ...(answers[i + k] ?? { marker: 'minimal_answers' }) });
    }
    for (const [k, t] of run.entries()) {
      if (answers[i + k] === null && (MINIMAL_TURN.test(t.norm) || isBackchannel(session, t))) continue;
      earlierWords += t.words;
      earlierTurns++;
    }
    i = end;
  }
  // Compliance without commitment is a pattern when it recurs: bare assent to two or more pushes in the session.
  const deferring = clients.filter((_, k) => answers[k]?.marker === 'deference');
  if (deferring.length >= WITHDRAWN_IN_RUN) for (const turn of deferring) add({ turn, kind: 'withdrawal', marker: 'deference', pattern: ASSENT_CUE });
  return [...byTurn.values()];
}

/** Every client turn carrying a confrontation or withdrawal cue, in turn order (not merged into episodes). */
export function findRuptureCues(session: CodedSession): RuptureCue[] {
  return [...confrontationCues(session), ...withdrawalCues(session)].sort((a, b) => a.turn.index - b.turn.index);
}

interface Repair {
  turn: CodedTurn;
  kind: RepairKind;
}

/** The first therapist turn that attends to an episode spanning turns first..last, within the repair window. */
function repairOf(session: CodedSession, first: number, last: number, complaints: readonly CodedTurn[]): Repair | undefined {
  let therapistTurnsAfterLast = 0;
  for (let i = first + 1; i < session.turns.length; i++) {
    const t = session.turns[i]!;
    if (t.turn.role !== 'therapist') continue;
    if (i > last && ++therapistTurnsAfterLast > REPAIR_WINDOW_THERAPIST_TURNS) return undefined;
    const kind = repairKindOf(t, complaints);
    if (kind) return { turn: t, kind };
  }
  return undefined;
}

/** Episodes of different kinds this close (in turns) are one rupture sequence, e.g. confrontation then withdrawal. */
const SEQUENCE_GAP_TURNS = 3;

interface Episode {
  kind: RuptureMarker['kind'];
  cues: RuptureCue[];
  first: number;
  last: number;
}

/** A verbatim quote of the sentence that carried a confrontation, at most ~200 characters. */
function quoteOfCue(cue: RuptureCue): string {
  const s = cue.sentence?.trim();
  if (s && cue.turn.turn.text.includes(s)) {
    if (s.length <= 200) return s;
    const cut = s.lastIndexOf(' ', 200);
    return s.slice(0, cut > 80 ? cut : 200);
  }
  return quoteOf(cue.turn.turn, 0, cue.pattern);
}

/**
 * Rupture markers, one per episode and kind: cues of one kind closer than two turns are one episode,
 * reported at its first turn. Episodes that follow each other closely (a confrontation that turns into
 * withdrawal) form one rupture sequence (Safran & Muran), and a repair of the sequence repairs each of
 * its episodes: the therapist makes a repair move anywhere in it or within three therapist turns after
 * its last cue.
 */
export function findRuptureMarkers(session: CodedSession): RuptureMarker[] {
  const allCues = findRuptureCues(session);
  const episodes: Episode[] = [];
  for (const kind of ['confrontation', 'withdrawal'] as const) {
    const cues = allCues.filter((c) => c.kind === kind);
    let start = 0;
    while (start < cues.length) {
      let end = start;
      while (end + 1 < cues.length && cues[end + 1]!.turn.index - cues[end]!.turn.index <= EPISODE_GAP_TURNS) end++;
      const episode = cues.slice(start, end + 1);
      episodes.push({ kind, cues: episode, first: episode[0]!.turn.index, last: episode.at(-1)!.turn.index });
      start = end + 1;
    }
  }
  episodes.sort((a, b) => a.first - b.first);
  const markers: RuptureMarker[] = [];
  let i = 0;
  while (i < episodes.length) {
    let j = i;
    let sequenceLast = episodes[i]!.last;
    while (j + 1 < episodes.length && episodes[j + 1]!.first - sequenceLast <= SEQUENCE_GAP_TURNS) {
      j++;
      sequenceLast = Math.max(sequenceLast, episodes[j]!.last);
    }
    const sequence = episodes.slice(i, j + 1);
    const complaints = sequence.flatMap((e) => e.cues.filter((c) => c.kind === 'confrontation').map((c) => c.turn));
    const sequenceRepair = repairOf(session, episodes[i]!.first, sequenceLast, complaints);
    for (const episode of sequence) {
      // Report the episode at its first cue that has words to quote (a run may open with a silence).
      const head = episode.cues.find((c) => c.turn.words > 0) ?? episode.cues[0]!;
      const repair = repairOf(session, episode.first, episode.last, complaints) ?? sequenceRepair;
      markers.push({
        turnId: head.turn.turn.id,
        kind: episode.kind,
        marker: head.marker,
        quote: quoteOfCue(head),
        ...(head.target ? { target: head.target } : {}),
        repaired: repair !== undefined,
        ...(repair ? { repairTurnId: repair.turn.turn.id, repairKind: repair.kind } : {}),
      });
    }
    i = j + 1;
  }
  return markers;
}

/** Every pattern the rupture finder matches, so the engine's rubric version changes when any of them does. */
export const RUPTURE_PATTERNS: readonly RegExp[] = [
  ...CONFRONTATION_PATTERNS,
  NONCOMMITTAL_CUE,
  ASSENT_CUE,
  DONT_KNOW_CUE,
  DISMISSIVE_CUE,
  DEFERENCE_CUE,
  TOPIC_SHIFT_CUE,
  ANYWAY_SHIFT_CUE,
  INVITES_MORE,
  CLOSED_QUESTION,
  CUT_OFF,
  PICKS_UP,
  ...REPAIR_PATTERNS,
];
