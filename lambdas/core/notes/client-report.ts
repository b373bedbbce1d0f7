/**
 * The client's report, paraphrased: how the week went, the concerns raised, mood ratings and the words
 * the client used about how they feel, who supports them, how the last homework went, and their goals.
 * These fill Subjective (SOAP), Data (DAP), Behavior (BIRP) and Goals (GIRP).
 */
import type { NoteSentence } from '../../../schemas/note.js';
import { CUES } from '../alliance/cues.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import {
  ABOUT_THERAPY,
  ATTENDANCE,
  CHECK_IN_QUOTE,
  CHECK_IN_TONE,
  CONCERNS,
  GOALS,
  HOMEWORK_NONE,
  HOMEWORK_PARTIAL,
  HOMEWORK_REPORT,
  ANY_MOOD_WORD,
  MOOD_WORDS,
  MY_RELATIVE,
  SUPPORT_CONTEXT,
  WANTS,
  type ConcernCue,
} from './client-lexicon.js';
import { ASKS_SESSION_FEEDBACK, clientAnswerAfter, clientAnswersAfter, position, sentencesOfTurns, type NoteContext } from './context.js';
import { firstIds, ids, joinClauses, quoteAround, ratingsIn, sentence } from './phrasing.js';
import { GOAL_SETTING, HOMEWORK_REVIEW } from './therapist-lexicon.js';

export interface Concern {
  cue: ConcernCue;
  turns: string[];
  details: string[];
  improvingTurns: string[];
  ongoingTurns: string[];
}

/** Concerns the client raised, in the order first raised. */
export function findConcerns(ctx: NoteContext, turns?: readonly CodedTurn[]): Concern[] {
  const found = new Map<string, Concern>();
  const sentences = turns ? sentencesOfTurns(turns) : ctx.clientSentences;
  for (const { turn, text } of sentences) {
    if (ctx.riskAnswerTurns.has(turn.turn.id)) continue;
    if (ABOUT_THERAPY.test(text)) continue;
    for (const cue of CONCERNS) {
      if (!cue.pattern.test(text)) continue;
      const c = found.get(cue.key) ?? { cue, turns: [], details: [], improvingTurns: [], ongoingTurns: [] };
      found.set(cue.key, c);
      if (c.turns.at(-1) !== turn.turn.id) c.turns.push(turn.turn.id);
      for (const d of cue.details) if (d.pattern.test(text) && !c.details.includes(d.phrase)) c.details.push(d.phrase);
      // Whose relationship, by relation only ("with Client's brother"), never by name.
      const who = cue.key === 'relationships' ? [...text.matchAll(MY_RELATIVE)].map((m) => `with Client's ${m[1]}`) : [];
      for (const w of who) if (!c.details.includes(w)) c.details.push(w);
      // "Better. I woke up early three nights…": the improvement may sit in the turn's other sentence.
      const list = cue.improving?.test(turn.norm) ? c.improvingTurns : c.ongoingTurns;
      if (!list.includes(turn.turn.id)) list.push(turn.turn.id);
    }
  }
  return [...found.values()];
}

export function concernPhrase(c: Concern): string {
  return c.details.length > 0 ? `${c.cue.label} (${joinClauses(c.details)})` : c.cue.label;
}

export function concernSentences(concerns: readonly Concern[]): NoteSentence[] {
  const out: NoteSentence[] = [];
  const ongoing = concerns.filter((c) => c.ongoingTurns.length > 0);
  const improving = concerns.filter((c) => c.improvingTurns.length > 0 && c.cue.area);
  const head = ongoing.slice(0, 3);
  const rest = ongoing.slice(3);
  if (head.length > 0) out.push(sentence(`Client reported ${joinClauses(head.map(concernPhrase))}.`, head.flatMap((c) => firstIds(c.ongoingTurns, 2))));
  if (rest.length > 0) out.push(sentence(`Client also described ${joinClauses(rest.map(concernPhrase))}.`, rest.flatMap((c) => firstIds(c.ongoingTurns, 2))));
  if (improving.length > 0) {
    out.push(sentence(`Client reported improvement in ${joinClauses(improving.map((c) => c.cue.area!))}.`, improving.flatMap((c) => firstIds(c.improvingTurns, 2))));
  }
  return out;
}

/** How the client said the time since the last session went. */
export function checkInSentence(ctx: NoteContext): NoteSentence | null {
  const opening = ctx.session.therapistTurns.find((t) => position(ctx, t) < 0.15 && (CUES.checkIn.test(t.norm) || /\bhow (?:have|has) (?:things|the week|your week)\b/.test(t.norm)));
  if (!opening) return null;
  const answer = clientAnswerAfter(ctx, opening.index);
  if (!answer) return null;
  const tones = CHECK_IN_TONE.filter((c) => c.pattern.test(answer.norm)).map((c) => c.phrase);
  if (tones.length === 0) return null;
  // "About the same. Maybe a bit worse midweek." is unchanged with a dip, not simply difficult.
  const tone =
    tones.includes('difficult') && tones.includes('improved') ? 'mixed'
    : tones.includes('largely unchanged') && tones.includes('difficult') ? 'largely unchanged, with some deterioration'
    : tones[0]!;
  const quotes = answer.turn.text
    .split(/(?<=[.?!])\s+/)
    .map((s) => quoteAround(s, CHECK_IN_QUOTE, ctx.names))
    .filter((q): q is string => q !== null)
    .slice(0, 2);
  const first = /^(?:first|welcome)\b/.test(opening.norm) || /\bleading up to today\b/.test(opening.norm);
  const period = first ? 'the period leading up to this session' : 'the time since the last session';
  const quoted = quotes.length > 0 ? ` (${quotes.map((q) => `"${q}"`).join('; ')})` : '';
  return sentence(`Client described ${period} as ${tone}${quoted}.`, [opening.turn.id, answer.turn.id]);
}

export function attendanceSentence(ctx: NoteContext): NoteSentence | null {
  const hits: { phrase: string; id: string }[] = [];
  for (const t of ctx.session.clientTurns.filter((c) => position(ctx, c) < 0.2)) {
    for (const a of ATTENDANCE) if (a.pattern.test(t.norm) && !hits.some((h) => h.phrase === a.phrase)) hits.push({ phrase: a.phrase, id: t.turn.id });
  }
  if (hits.length === 0) return null;
  return sentence(`Client said they ${joinClauses(hits.map((h) => h.phrase))}.`, hits.map((h) => h.id));
}

/** Mood ratings on a 0-10 scale, asked by the therapist or volunteered ("the mood numbers were mostly threes"). */
export function moodRatingSentence(ctx: NoteContext): NoteSentence | null {
  const rated: { value: number; mostly: boolean }[] = [];
  const evidence: string[] = [];
  for (const t of ctx.session.therapistTurns) {
    if (!/\bmood\b/.test(t.norm) || !/\b(?:zero|0|one|1) to (?:ten|10)\b|\bout of (?:ten|10)\b/.test(t.norm)) continue;
    const answer = clientAnswerAfter(ctx, t.index);
    const values = answer ? ratingsIn(answer.norm, 10) : [];
    if (answer && values.length > 0) {
      rated.push(...values);
      evidence.push(t.turn.id, answer.turn.id);
    }
  }
  for (const t of ctx.session.clientTurns) {
    if (!/\bmood (?:numbers|ratings?|scores?)\b/.test(t.norm) || evidence.includes(t.turn.id)) continue;
    const values = ratingsIn(t.norm, 10);
    if (values.length > 0) {
      rated.push(...values);
      evidence.push(t.turn.id);
    }
  }
  if (rated.length === 0) return null;
  const typical = (rated.find((r) => r.mostly) ?? rated[0]!).value;
  const min = Math.min(...rated.map((r) => r.value));
  const max = Math.max(...rated.map((r) => r.value));
  const lead = rated.some((r) => r.mostly) ? 'mostly at' : 'at about';
  const range = [min < typical ? `dropping to ${min}` : '', max > typical ? `with a high of ${max}` : ''].filter((s) => s.length > 0);
  return sentence(`Client rated mood ${lead} ${typical}/10${range.length > 0 ? `, ${range.join(' and ')}` : ''}.`, evidence);
}

/** A sentence lists at most this many feelings or people; more reads as a dump, not a note. */
const MAX_LISTED = 4;

export interface MoodHit {
  adjective: string;
  tone: 'low' | 'better';
  turn: CodedTurn;
}

/** Words the client used about their own feelings, skipping answers about the session itself. */
export function moodHits(ctx: NoteContext): MoodHit[] {
  const hits: MoodHit[] = [];
  for (const { turn, text } of ctx.clientSentences) {
    const prompt = turn.previousOther === null ? undefined : ctx.session.turns[turn.previousOther];
    if (prompt && (CUES.feedback.test(prompt.norm) || ASKS_SESSION_FEEDBACK.test(prompt.norm))) continue;
    if (!ANY_MOOD_WORD.test(text) || ABOUT_THERAPY.test(text)) continue;
    for (const m of MOOD_WORDS) {
      if (m.pattern.test(text) && !hits.some((h) => h.adjective === m.adjective)) hits.push({ adjective: m.adjective, tone: m.tone, turn });
    }
  }
  return hits;
}

export function moodWordsSentence(hits: readonly MoodHit[]): NoteSentence | null {
  if (hits.length === 0) return null;
  const low = hits.filter((h) => h.tone === 'low');
  const better = hits.filter((h) => h.tone === 'better');
  const lastLow = Math.max(-1, ...low.map((h) => h.turn.index));
  const later = better.length > 0 && low.length > 0 && better.every((h) => h.turn.index > lastLow);
  const evidence = firstIds(hits.map((h) => h.turn.turn.id), 4);
  if (low.length === 0) return sentence(`Client described feeling ${joinClauses(better.slice(0, MAX_LISTED).map((h) => h.adjective))}.`, evidence);
  const betterWords = joinClauses(better.slice(0, MAX_LISTED).map((h) => h.adjective));
  const betterPart = better.length === 0 ? '' : later ? `, and later in the session ${betterWords}` : `, and at times ${betterWords}`;
  return sentence(`Client described feeling ${joinClauses(low.slice(0, MAX_LISTED).map((h) => h.adjective))}${betterPart}.`, evidence);
}

/** People the client named as support, as "their sister and partner". */
export function supportSentence(ctx: NoteContext, conflictTurns: ReadonlySet<string>): NoteSentence | null {
  const people: string[] = [];
  const evidence: string[] = [];
  for (const { turn, text } of ctx.clientSentences) {
    if (conflictTurns.has(turn.turn.id)) continue;
    const prompt = turn.previousOther === null ? undefined : ctx.session.turns[turn.previousOther];
    const askedWho = prompt !== undefined && /\b(?:who (?:could|can|would) you|reach out to|who helps|who do you turn)\b/.test(prompt.norm);
    if (!askedWho && !SUPPORT_CONTEXT.test(text)) continue;
    for (const m of text.matchAll(MY_RELATIVE)) {
      const who = m[1]!;
      if (!people.includes(who)) people.push(who);
      evidence.push(turn.turn.id);
    }
  }
  if (people.length === 0) return null;
  return sentence(`Client named their ${joinClauses(people.slice(0, MAX_LISTED))} as sources of support.`, firstIds(evidence, 3));
}

/** How the homework from last time went, when the therapist asked. */
export function homeworkReviewSentence(ctx: NoteContext): NoteSentence | null {
  const review = ctx.session.therapistTurns.find((t) => position(ctx, t) < 0.5 && HOMEWORK_REVIEW.test(t.norm));
  if (!review) return null;
  const answer = clientAnswersAfter(ctx, review.index, 3).find((a) => HOMEWORK_REPORT.test(a.norm));
  if (!answer) return null;
  const what = /\bthought records?\b/.test(review.norm) ? 'the thought-record homework' : /\b(?:log|diary)\b/.test(review.norm) ? 'the activity log' : /\b(?:practice|exercises?)\b/.test(review.norm) ? 'the practice set last time' : 'the previous homework';
  const done = HOMEWORK_NONE.test(answer.norm) ? 'not completing' : HOMEWORK_PARTIAL.test(answer.norm) ? 'partly completing' : 'completing';
  const quote = quoteAround(answer.turn.text, HOMEWORK_REPORT, ctx.names, true);
  return sentence(`Client reported ${done} ${what}${quote ? ` ("${quote}")` : ''}.`, [review.turn.id, answer.turn.id]);
}

export interface Goals {
  sentences: NoteSentence[];
  /** Goal turns, for evidence elsewhere. */
  turns: string[];
}

/** Goals the client stated, in answer to a goal question or as "I want to …". */
export function goalSentences(ctx: NoteContext): Goals {
  const goals: string[] = [];
  const evidence: string[] = [];
  const askedAt = new Set<number>();
  for (const t of ctx.session.therapistTurns) {
    if (!GOAL_SETTING.test(t.norm) && !CUES.sharedGoal.test(t.norm)) continue;
    for (const a of clientAnswersAfter(ctx, t.index, 2)) askedAt.add(a.index);
  }
  for (const { turn, text } of ctx.clientSentences) {
    const wants = WANTS.test(text) && !/\bwant to (?:talk|tell you|say|mention|bring up|discuss|ask)\b/.test(text);
    if (!askedAt.has(turn.index) && !wants) continue;
    for (const g of GOALS) {
      if (g.pattern.test(text) && !goals.includes(g.phrase)) {
        goals.push(g.phrase);
        evidence.push(turn.turn.id);
      }
    }
  }
  if (goals.length === 0) return { sentences: [], turns: [] };
  const sentences = [sentence(`Client identified goals of ${joinClauses(goals)}.`, evidence)];
  const recorded = ctx.session.therapistTurns.find((t) => /\b(?:write (?:those|these|them) down|those are (?:clear |good )?goals)\b/.test(t.norm));
  const assent = recorded ? clientAnswerAfter(ctx, recorded.index) : undefined;
  if (recorded && assent && /^(?:yes|yeah|yep|sure|okay|ok|let's)\b/.test(assent.norm)) {
    sentences.push(sentence('These were agreed as treatment goals.', [recorded.turn.id, assent.turn.id]));
  }
  return { sentences, turns: ids(evidence) };
}
