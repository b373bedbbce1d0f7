/**
 * What a moment holds, read from the coded session so an alternative can be written for that moment: the
 * session's kind of work, the task in play ("the thought record", "the medication"), the feeling or topic the
 * client raised as a category word ("the fear", "the drinking", a risk category), and what the therapist did
 * next (advice, a question, went on with the task, changed the subject). Only the engine's own category words
 * come out of here, never the client's: the report quotes nothing.
 */
import type { Alliance } from '../../../schemas/alliance.js';
import type { RiskEpisode, RiskReport } from '../../../schemas/risk.js';
import type { SupervisionModality } from '../../../schemas/supervision.js';
import { CUES, MINIMAL_TURN } from '../alliance/cues.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';

/** The session and what every moment reads from it. */
export interface SessionContext {
  session: CodedSession;
  byId: ReadonlyMap<string, CodedTurn>;
  known: ReadonlySet<string>;
  modality: SupervisionModality;
  risk: RiskReport;
  /** The behaviour the session is most about (MI's target behaviour), as a therapist names it: "the drinking". */
  behaviour: string | null;
}

export function sessionContext(session: CodedSession, alliance: Alliance, risk: RiskReport): SessionContext {
  return {
    session,
    byId: new Map(session.turns.map((t) => [t.turn.id, t] as const)),
    known: new Set(session.turns.map((t) => t.turn.id)),
    // Results written before the modality reading are read as supportive counselling, the engine's default.
    modality: alliance.modality?.kind ?? 'supportive',
    risk,
    behaviour: mostNamedBehaviour(session),
  };
}

function mostNamedBehaviour(session: CodedSession): string | null {
  const counts = new Map<string, number>();
  for (const t of session.turns) {
    const b = firstOf(BEHAVIOURS, t.norm);
    if (b !== null) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [b, n] of counts) if (best === null || n > counts.get(best)!) best = b;
  return best;
}

/** MI-like work, whose norms the MITI thresholds are; the structured kinds are judged by their own practice. */
export function readsMitiNorms(modality: SupervisionModality): boolean {
  return modality === 'mi' || modality === 'supportive' || modality === 'peer_support';
}

/** The things a session asks the client to do, as a therapist would name them; the earliest in a turn wins. */
const TASKS: readonly (readonly [RegExp, string])[] = [
  [/\bthought records?\b/, 'the thought record'],
  [/\bbehaviou?ral experiments?\b/, 'the behavioural experiment'],
  [/\b(?:activity (?:schedul\w*|logs?|diar(?:y|ies))|behaviou?ral activation|mastery activit\w+)\b/, 'the activity schedule'],
  [/\b(?:exposures?|hierarch(?:y|ies))\b/, 'the exposure work'],
  [/\bbreathing\b/, 'the breathing exercise'],
  [/\bgrounding\b/, 'the grounding exercise'],
  [/\b(?:relaxation|mindfulness)\b/, 'the relaxation practice'],
  [/\b(?:worksheets?|handouts?|columns?|checklists?)\b/, 'the worksheet'],
  [/\bsafety plan\b/, 'the safety plan'],
  [/\b(?:on a scale|scale (?:of|from)|from (?:zero|one|0|1) to (?:ten|10|a hundred|100)|rate (?:it|the|your|that))\b/, 'the rating'],
  [/\b(?:pros and cons|decisional balance)\b/, 'the pros and cons'],
  [/\bhomework\b/, 'the homework'],
  [/\b(?:cognitive|automatic thoughts?|distortions?|catastrophi[sz]\w*|socratic|balanced thoughts?|hot thoughts?)\b/, 'the thought work'],
  [/\b(?:side[- ]effects?)\b/, 'the side effects'],
  [/\b(?:medications?|meds|medicines?|doses?|dosage|tablets?|pills?|prescri\w+|\d+ ?mg)\b/, 'the medication'],
  [/\b(?:exercises?|techniques?|protocols?|modules?)\b/, 'the exercises'],
];

/** The target behaviours of MI, as a therapist names them. */
const BEHAVIOURS: readonly (readonly [RegExp, string])[] = [
  [/\b(?:drink\w*|alcohol|beers?|wine|vodka|booze)\b/, 'the drinking'],
  [/\b(?:smok\w*|cigarettes?|vap\w+|nicotine)\b/, 'the smoking'],
  [/\b(?:cannabis|weed|marijuana)\b/, 'the cannabis'],
  [/\b(?:gambl\w+|betting|bets?)\b/, 'the gambling'],
  [/\b(?:eating|diet|weight)\b/, 'the eating'],
  [/\b(?:sleep\w*|insomnia)\b/, 'the sleep'],
];

export interface Feeling {
  /** In a supervisor's words: "fear", "loneliness". */
  label: string;
  /** As the therapist would name it to the client: "the fear", "how alone you've been feeling". */
  name: string;
  /** What it sounds like, for "That sounds …". */
  sounds: string;
}

/** Feelings by family, the first match in a turn winning: the engine's words, never the client's. */
const FEELINGS: readonly (readonly [RegExp, Feeling])[] = [
  [/\b(?:scared|afraid|terrified|frightened|fear|panic\w*|going to die)\b/, { label: 'fear', name: 'the fear', sounds: 'frightening' }],
  [/\b(?:hopeless|no point|pointless|give up)\b/, { label: 'hopelessness', name: 'the hopelessness', sounds: 'really heavy' }],
  [/\b(?:alone|lonely|isolated)\b/, { label: 'loneliness', name: "how alone you've been feeling", sounds: 'lonely' }],
  [/\b(?:ashamed|guilty|embarrassed|shame)\b/, { label: 'shame', name: 'the shame', sounds: 'painful' }],
  [/\b(?:angry|furious|irritable|frustrated|fed up|livid)\b/, { label: 'anger', name: 'the anger', sounds: 'maddening' }],
  [/\b(?:grief|grieving|heartbroken|devastated|hurt|hurts)\b/, { label: 'hurt', name: 'the hurt', sounds: 'painful' }],
  [
    /\b(?:crying|cry|cried|tears|tearful|sad|depressed|miserable|numb|empty|(?:feel|feeling|felt|so|really|pretty|been) (?:down|low|flat))\b/,
    { label: 'low mood', name: "how low you've been feeling", sounds: 'really hard' },
  ],
  [/\b(?:anxious|worried|worry|nervous|tense|stressed|on edge)\b/, { label: 'worry', name: 'the worry', sounds: 'worrying' }],
  [/\b(?:exhausted|tired|drained|worn out|can't sleep|haven't slept)\b/, { label: 'exhaustion', name: 'the exhaustion', sounds: 'exhausting' }],
  [
    /\b(?:overwhelmed|too much|barely holding|falling apart|can't cope)\b/,
    { label: 'feeling overwhelmed', name: "how much you're carrying", sounds: 'like a lot to carry' },
  ],
];

/** The earliest match of a table in a text. */
function firstOf<T>(table: readonly (readonly [RegExp, T])[], text: string): T | null {
  let best: { at: number; value: T } | null = null;
  for (const [pattern, value] of table) {
    const at = text.search(pattern);
    if (at >= 0 && (best === null || at < best.at)) best = { at, value };
  }
  return best?.value ?? null;
}

export function feelingIn(turn: CodedTurn | undefined): Feeling | null {
  return turn === undefined ? null : firstOf(FEELINGS, turn.norm);
}

export function taskIn(turn: CodedTurn | undefined): string | null {
  return turn === undefined ? null : firstOf(TASKS, turn.norm);
}

/** The task in play at a turn: named in it, or in the therapist's two turns before it. */
export function taskAt(ctx: SessionContext, index: number): string | null {
  const own = taskIn(ctx.session.turns[index]);
  if (own !== null) return own;
  let seen = 0;
  for (let i = index - 1; i >= 0 && seen < 2; i--) {
    const t = ctx.session.turns[i]!;
    if (t.turn.role !== 'therapist') continue;
    seen++;
    const task = taskIn(t);
    if (task !== null) return task;
  }
  return null;
}

/** A risk disclosure as the therapist would name it back to the client. */
const RISK_TOPIC: Record<RiskEpisode['domain'], string> = {
  suicide: 'the thoughts of suicide',
  self_injury: 'the self-harm',
  harm_to_others: 'the thoughts of hurting someone',
  abuse: 'what has been happening to you',
  other: 'what you told me about your safety',
};

export interface Topic {
  kind: 'risk' | 'feeling' | 'task' | 'behaviour';
  /** As a therapist would name it: "the thoughts of suicide", "the fear", "the thought record", "the drinking". */
  name: string;
}

/** What the client raised at a turn, as a category word: a risk disclosure first, then a feeling, a task, a behaviour. */
export function topicAt(ctx: SessionContext, turn: CodedTurn | undefined): Topic | null {
  if (turn === undefined) return null;
  const episode = ctx.risk.episodes.find((e) => e.turnIds.includes(turn.turn.id));
  if (episode) return { kind: 'risk', name: RISK_TOPIC[episode.domain] };
  const feeling = feelingIn(turn);
  if (feeling) return { kind: 'feeling', name: feeling.name };
  const task = taskIn(turn);
  if (task) return { kind: 'task', name: task };
  const behaviour = firstOf(BEHAVIOURS, turn.norm);
  return behaviour ? { kind: 'behaviour', name: behaviour } : null;
}

/** What a therapist turn did, as far as an alternative needs to know. */
export type NextMove =
  | 'subject_change'
  | 'confrontation'
  | 'reflection'
  | 'advice'
  | 'technique'
  | 'reassurance'
  | 'question'
  | 'information'
  | 'minimal'
  | 'other'
  | 'none';

/** An explicit move to another topic ("let's talk about your sleep then", "moving on"). */
const SUBJECT_CHANGE =
  /\b(?:let(?:'s| us) (?:talk about|move on|turn to|get back to|go back to|get on with|focus on|look at something|switch)|moving on|anyway|on (?:a different|another) (?:note|topic)|(?:shall|can|could) we (?:move on|talk about something else)|(?:back|getting back) to (?:the|your|our))\b/;
/** Reassurance that closes a feeling down ("don't worry", "I'm sure it'll be fine"). */
const REASSURANCE =
  /\b(?:don't worry|do not worry|(?:i'm|i am) sure (?:it|she|he|they|you)(?:'ll| will)|it(?:'ll| will) (?:all )?be (?:fine|okay|ok|alright)|everything will be)\b/;

/** Going on with the task ("let's just finish the thought record first"). */
const PUSHES_ON = /\b(?:let's|let us|we (?:need|have|ought) to|finish|keep going|carry on|get through|move on to|first|next)\b/;
/** A reflection in so many words. */
const REFLECTIVE_FRAME = /\b(?:it sounds? like|sounds like|you(?:'re| are) (?:feeling|saying)|you feel|what i(?:'m| am)? hear|it seems)\b/;

export function moveOf(turn: CodedTurn | undefined): NextMove {
  const codes = turn?.therapist;
  if (turn === undefined || codes === undefined) return 'none';
  if (SUBJECT_CHANGE.test(turn.norm)) return 'subject_change';
  if (codes.confrontation) return 'confrontation';
  // Pushing on with a named task is the technique, whatever else the turn holds, unless it reflects in so many words.
  if (taskIn(turn) !== null && PUSHES_ON.test(turn.norm) && !REFLECTIVE_FRAME.test(turn.norm)) return 'technique';
  if (codes.reflections.simple + codes.reflections.complex > 0) return 'reflection';
  if (codes.advice !== null) return 'advice';
  if (taskIn(turn) !== null || CUES.technique.test(turn.norm) || CUES.homework.test(turn.norm)) return 'technique';
  if (REASSURANCE.test(turn.norm)) return 'reassurance';
  if (codes.questions.open + codes.questions.closed > 0) return 'question';
  if (codes.information) return 'information';
  if (turn.words <= 3 || MINIMAL_TURN.test(turn.norm)) return 'minimal';
  return 'other';
}

/** What a therapist turn did, from its behaviour codes, in a supervisor's words ("an open question"). */
export function responseWords(turn: CodedTurn): string {
  const codes = turn.therapist!;
  if (codes.reflections.complex > 0) return 'a complex reflection';
  if (codes.reflections.simple > 0) return 'a simple reflection';
  if (codes.questions.open > 0) return 'an open question';
  if (codes.questions.closed > 0) return 'a closed question';
  if (codes.advice !== null) return 'advice';
  if (codes.confrontation) return 'a confrontation';
  if (codes.information) return 'information';
  if (codes.affirmation) return 'an affirmation';
  if (codes.primary === 'input') return 'information or advice';
  return turn.words > 25 ? 'a long turn that neither asked nor reflected' : 'a turn that neither asked nor reflected';
}

/** The first therapist turn after `index`, if any. */
export function nextTherapistTurn(ctx: SessionContext, index: number): CodedTurn | undefined {
  for (let i = index + 1; i < ctx.session.turns.length; i++) if (ctx.session.turns[i]!.turn.role === 'therapist') return ctx.session.turns[i];
  return undefined;
}

/** The last therapist turn before `index`, if any. */
export function previousTherapistTurn(ctx: SessionContext, index: number): CodedTurn | undefined {
  for (let i = index - 1; i >= 0; i--) if (ctx.session.turns[i]!.turn.role === 'therapist') return ctx.session.turns[i];
  return undefined;
}

/** The first client turn after `index`, if any. */
export function nextClientTurn(ctx: SessionContext, index: number): CodedTurn | undefined {
  for (let i = index + 1; i < ctx.session.turns.length; i++) if (ctx.session.turns[i]!.turn.role === 'client') return ctx.session.turns[i];
  return undefined;
}

/** Every word table this module matches, for the rubric version. */
export const CONTEXT_WORDS: readonly string[] = [
  ...TASKS.map(([p, w]) => `${p.source}=${w}`),
  ...BEHAVIOURS.map(([p, w]) => `${p.source}=${w}`),
  ...FEELINGS.map(([p, f]) => `${p.source}=${f.label}/${f.name}/${f.sounds}`),
  ...Object.values(RISK_TOPIC),
  SUBJECT_CHANGE.source,
  REASSURANCE.source,
  PUSHES_ON.source,
  REFLECTIVE_FRAME.source,
];
