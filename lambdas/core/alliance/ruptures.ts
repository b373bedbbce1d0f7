/**
 * Alliance rupture markers in the client's talk, and whether the therapist attended to them.
 *
 * Source: Safran & Muran (2000) "Negotiating the Therapeutic Alliance" (confrontation vs withdrawal
 * ruptures); Eubanks, Muran & Safran (2015) Rupture Resolution Rating System (3RS): the marker list
 * and the repair moves (acknowledging, taking responsibility, inviting feedback, changing course,
 * reflecting the client's experience of the therapy).
 *
 * Withdrawal is easy to over-read: one "I don't know, maybe" is ordinary speech. A minimal answer only
 * counts as a marker when it sits in a run of short answers (or is an unmistakable one: "whatever", a
 * topic shift), so a single hesitation never becomes a rupture.
 */
import type { RuptureMarker } from '../../../schemas/alliance.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';

export type RuptureKind = RuptureMarker['kind'];

export interface ConfrontationCue {
  marker: 'challenges_helpfulness' | 'feels_misunderstood' | 'refuses_topic' | 'criticises_therapist';
  pattern: RegExp;
}

/** Confrontation markers (3RS): the client moves against the therapist or the work. Matched on normalised text. */
export const CONFRONTATION_CUES: readonly ConfrontationCue[] = [
  {
    marker: 'challenges_helpfulness',
    pattern:
      /\b(?:(?:this|it|that|therapy|coming here|talking)(?: really)? (?:isn't|is not|wasn't|was not|hasn't been|has not been|doesn't seem to be) (?:really )?(?:helping|working|helpful|useful|doing anything)|(?:this|it|that|therapy|coming here)(?:'s| is) (?:so |totally |completely |just )?(?:pointless|useless|a waste of (?:time|money))|(?:a|such a|total) waste of (?:my )?time|(?:what(?:'s| is)|i don't see) the point(?:\s*[?.!]|$| of (?:this|these|that|it|coming|therapy|talking|doing this|any of this|all this)\b)|you(?:'re| are) not helping|nothing (?:we do|you say|you suggest) (?:helps|works))/,
  },
  {
    marker: 'feels_misunderstood',
    pattern:
      /\b(?:you (?:don't|do not|didn't|wouldn't|would never|can't|could never|never) (?:understand|get it|get me|listen|hear me)|you(?:'re| are) not (?:listening|hearing me|getting it)|you aren't (?:listening|hearing me)|nobody (?:here )?(?:understands|listens))\b/,
  },
  {
    marker: 'refuses_topic',
    pattern:
      /\b(?:i (?:don't|do not) (?:want|wanna) to (?:talk|speak|go) (?:about|into|there)|i(?:'d| would) rather not (?:talk|go|get) (?:about|into|there)|i(?:'m| am) not (?:going|gonna) (?:to )?(?:talk|go) (?:about|into|there)|can we not (?:talk about|go there|do this)|just drop it|that's none of your business)\b/,
  },
  {
    marker: 'criticises_therapist',
    pattern:
      /\b(?:you sound like my (?:mother|mom|mum|father|dad|parents?|ex|wife|husband|boss|teacher|sister|brother)|why do you keep (?:asking|saying|pushing|bringing)|you keep (?:asking|pushing|telling me|bringing (?:that|it) up|interrupting)|you(?:'re| are) (?:just )?ticking (?:the )?boxes|you(?:'re| are) (?:going to|gonna|just going to) take (?:her|his|their) side|you(?:'re| are) (?:judging|lecturing|blaming) me|you (?:don't|do not) (?:even )?care|you(?:'re| are) just like (?:everyone|the others|all the others))\b/,
  },
];

/** A minimal, non-committal answer ("I don't know", "fine", "whatever", "I guess"), when the whole turn is short. */
export const NONCOMMITTAL_CUE =
  /^(?:(?:um+|uh+|hmm+|mm+|well|just|oh|er+)[\s,.]*)*(?:i (?:don't|dont|do not) know|don't know|dunno|no idea|not sure|i'm not sure|i guess|i suppose|whatever|fine|i'm fine|it's fine|it was fine|okay|ok|alright|all right|maybe|nothing|not really|not much|sure|i don't care|doesn't matter|it doesn't matter)\b/;
/** Agreeable minimal answers ("okay", "sure", "fine") are ordinary replies to a closed question or a plan. */
const AGREEABLE_CUE =
  /^(?:(?:um+|uh+|hmm+|mm+|well|just|oh|er+)[\s,.]*)*(?:okay|ok|alright|all right|sure|fine|i'm fine|it's fine|it was fine|i guess|i suppose|maybe)\b/;
export const DONT_KNOW_CUE = /\b(?:i (?:don't|dont|do not) know|don't know|dunno|no idea|not sure)\b/;
/** "Whatever" in a short turn is a withdrawal marker on its own. */
export const DISMISSIVE_CUE = /\bwhatever\b/;
export const TOPIC_SHIFT_CUE =
  /\b(?:can we (?:just )?(?:talk about something else|move on|change the subject)|(?:let's|can we) (?:just )?(?:change the subject|talk about something else)|i(?:'d| would) rather talk about something else|never ?mind|forget (?:it|i said anything))\b/;
/** "Anyway, …" straight after the therapist reflected or asked something: an abrupt change of subject. */
export const ANYWAY_SHIFT_CUE = /^(?:so )?anyways?\b/;

/** Repair moves (3RS): acknowledging, taking responsibility, thanking the client for the feedback. */
export const ACKNOWLEDGES_RUPTURE =
  /(?:^sorry\b|\b(?:you(?:'re| are) (?:absolutely |quite )?right|that's (?:fair|a fair point)|fair enough|i(?:'m| am) (?:so |really |very )?sorry|i apologi[sz]e|(?:that's|that was) (?:my mistake|on me|my fault)|my (?:mistake|fault)|i (?:may|might|must) have (?:been|missed|misunderstood|pushed|rushed|got|gotten|moved|jumped|misread)|i(?:'ve| have) been (?:pushing|rushing|too focused|so focused|missing)|i (?:think i )?(?:misunderstood|got (?:that|it) wrong|misread)|(?:thank you|thanks) for (?:telling|saying|letting me know|being (?:honest|straight|open)|pointing|pushing back|your honesty)|i hear (?:that |you that )?(?:this|it|that|these) (?:isn't|is not|hasn't been|aren't|are not) (?:working|helping|helpful)|i can see (?:that )?(?:this|it) (?:isn't|is not|hasn't been) (?:working|helping))\b)/;
/** Repair moves: inviting the client's feedback on the work. */
export const ASKS_FEEDBACK =
  /\b(?:what would (?:be )?(?:more |most |really )?helpful|what (?:would|might|could) help (?:more|most|right now)|what (?:did|have) i (?:miss|missed|get wrong|got wrong)|what (?:isn't|is not|hasn't been) (?:working|helping|helpful)|what (?:could|can|should) (?:i|we) do differently|(?:anything|something) (?:i|we) (?:could|should|can) do differently|how (?:can|could) i (?:help|be more helpful|do (?:this )?better)|what do you need from me|(?:is|does) (?:something|this|it) (?:feel |seem )?(?:hard|difficult) to talk about|how (?:is|does) (?:this|that|it|the session|this part) (?:feel|feeling|land|landing|sit|sitting))\b/;
/** Repair moves: changing course, slowing down, giving the client room. */
export const ADJUSTS_COURSE =
  /\b(?:let's slow (?:down|this down|it down)|(?:we can|we could|let's) (?:go |take (?:it|this|things) )?(?:more )?slow(?:ly|er)?|(?:let's|we can|we could|could we) (?:take a step back|pause (?:here|for a moment)|put (?:the|this|that|these|those) [a-z ]{0,30}aside|set (?:the|this|that|these|those) [a-z ]{0,30}aside|try something different|do (?:this|it|something) differently|change (?:course|direction|the plan|tack))|we don't have to (?:talk about|do|go)|take your time|no pressure)\b/;
/** A reflection that names how the therapy itself is landing for the client. */
const FEELING_ABOUT_THERAPY =
  /\b(?:frustrat\w*|annoy\w*|angry|fed up|disappoint\w*|not (?:feeling )?(?:heard|understood|helping|working)|(?:isn't|hasn't been|wasn't) (?:helping|working|useful)|miss(?:es|ed)? the point|techniques?|exercises?|sessions?|therapy|coming here|pushing you|rushing you|hard to talk)\b/;

const REPAIR_MOVES = [ACKNOWLEDGES_RUPTURE, ASKS_FEEDBACK, ADJUSTS_COURSE] as const;

/** Markers closer than this many turns are one episode. */
const EPISODE_GAP_TURNS = 2;
/** The therapist has this many turns after a marker to attend to it. */
const REPAIR_WINDOW_THERAPIST_TURNS = 3;
/** Short answers: at most this many words. */
const SHORT_ANSWER_WORDS = 4;
/** "Whatever" counts as dismissive in a turn of at most this many words. */
const DISMISSIVE_MAX_WORDS = 8;
/** A run of at least this many short client answers, with at least two non-committal ones, is withdrawal. */
const WITHDRAWAL_RUN = 3;
/** Shrinking answers: earlier client turns averaged ≥3× the run's length, and at least this many words. */
const SHRINK_RATIO = 3;
const SHRINK_MIN_EARLIER_WORDS = 9;

/** One client turn that carries a rupture cue, before episodes are merged. */
export interface RuptureCue {
  turn: CodedTurn;
  kind: RuptureKind;
  marker: string;
  pattern?: RegExp;
}

/** Did the therapist turn before this client turn invite elaboration (an open question or a reflection)? */
function invitedElaboration(session: CodedSession, t: CodedTurn): boolean {
  const prompt = t.previousOther === null ? undefined : session.turns[t.previousOther]?.therapist;
  return prompt !== undefined && prompt.questions.open + prompt.reflections.simple + prompt.reflections.complex > 0;
}

/**
 * The withdrawal marker a single short answer would carry, or null when it is an ordinary answer.
 * "Okay"/"sure"/"fine" only count when the therapist had invited more: "Sure." to "Same time next week?"
 * is logistics, "Fine." to "How did the move go?" is a closed door.
 */
export function withdrawnAnswerMarker(session: CodedSession, t: CodedTurn): { marker: string; pattern?: RegExp } | null {
  if (t.words === 0) return { marker: 'silence' };
  if (t.words <= DISMISSIVE_MAX_WORDS && DISMISSIVE_CUE.test(t.norm)) return { marker: 'dismissive', pattern: DISMISSIVE_CUE };
  if (t.words > SHORT_ANSWER_WORDS || !NONCOMMITTAL_CUE.test(t.norm)) return null;
  if (DONT_KNOW_CUE.test(t.norm)) return { marker: 'dont_know', pattern: DONT_KNOW_CUE };
  if (AGREEABLE_CUE.test(t.norm) && !invitedElaboration(session, t)) return null;
  return { marker: 'minimal_answers', pattern: NONCOMMITTAL_CUE };
}

function confrontationCues(session: CodedSession): RuptureCue[] {
  const cues: RuptureCue[] = [];
  for (const turn of session.clientTurns) {
    const cue = CONFRONTATION_CUES.find((c) => c.pattern.test(turn.norm));
    if (cue) cues.push({ turn, kind: 'confrontation', marker: cue.marker, pattern: cue.pattern });
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
    if (answer?.marker === 'dismissive') add({ turn, kind: 'withdrawal', ...answer });
  }
  // Runs of short answers: the non-committal ones in a run are markers, and a run after long answers is shrinkage.
  let earlierWords = 0;
  let i = 0;
  while (i < clients.length) {
    let end = i;
    while (end < clients.length && (clients[end]!.words <= SHORT_ANSWER_WORDS || answers[end] !== null)) end++;
    if (end === i) {
      earlierWords += clients[i]!.words;
      i++;
      continue;
    }
    const run = clients.slice(i, end);
    const withdrawn = run.filter((_, k) => answers[i + k] !== null).length;
    const runMean = run.reduce((sum, t) => sum + t.words, 0) / run.length;
    const earlierMean = i >= 2 ? earlierWords / i : 0;
    // Short answers to closed questions ("Same time next week?") are not shrinkage: at least two must answer an invitation to say more.
    const invited = run.filter((t) => invitedElaboration(session, t)).length;
    const shrinking =
      run.length >= WITHDRAWAL_RUN && invited >= 2 && earlierMean >= Math.max(SHRINK_RATIO * runMean, SHRINK_MIN_EARLIER_WORDS);
    if (shrinking) add({ turn: run[0]!, kind: 'withdrawal', marker: 'shrinking_answers' });
    if (shrinking || (run.length >= WITHDRAWAL_RUN && withdrawn >= 2)) {
      // Inside a withdrawn run every short answer ("No.", "Just tired.") belongs to the episode.
      for (const [k, turn] of run.entries()) add({ turn, kind: 'withdrawal', ...(answers[i + k] ?? { marker: 'minimal_answers' }) });
    }
    for (const t of run) earlierWords += t.words;
    i = end;
  }
  return [...byTurn.values()];
}

/** Every client turn carrying a confrontation or withdrawal cue, in turn order (not merged into episodes). */
export function findRuptureCues(session: CodedSession): RuptureCue[] {
  return [...confrontationCues(session), ...withdrawalCues(session)].sort((a, b) => a.turn.index - b.turn.index);
}

/** The repair move a therapist turn makes, if any. */
export function repairMoveOf(t: CodedTurn): RegExp | null {
  for (const move of REPAIR_MOVES) if (move.test(t.norm)) return move;
  const codes = t.therapist;
  if (codes && codes.reflections.simple + codes.reflections.complex > 0 && FEELING_ABOUT_THERAPY.test(t.norm)) return FEELING_ABOUT_THERAPY;
  return null;
}

/** The first therapist turn that attends to an episode spanning turns first..last, within the repair window. */
function repairOf(session: CodedSession, first: number, last: number): CodedTurn | undefined {
  let therapistTurnsAfterLast = 0;
  for (let i = first + 1; i < session.turns.length; i++) {
    const t = session.turns[i]!;
    if (t.turn.role !== 'therapist') continue;
    if (i > last && ++therapistTurnsAfterLast > REPAIR_WINDOW_THERAPIST_TURNS) return undefined;
    if (repairMoveOf(t)) return t;
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
    const sequenceRepair = repairOf(session, episodes[i]!.first, sequenceLast);
    for (const episode of episodes.slice(i, j + 1)) {
      // Report the episode at its first cue that has words to quote (a run may open with a silence).
      const head = episode.cues.find((c) => c.turn.words > 0) ?? episode.cues[0]!;
      const repair = repairOf(session, episode.first, episode.last) ?? sequenceRepair;
      markers.push({
        turnId: head.turn.turn.id,
        kind: episode.kind,
        marker: head.marker,
        quote: quoteOf(head.turn.turn, 0, head.pattern),
        repaired: repair !== undefined,
        ...(repair ? { repairTurnId: repair.turn.id } : {}),
      });
    }
    i = j + 1;
  }
  return markers;
}

/** Every pattern the rupture finder matches, so the engine's rubric version changes when any of them does. */
export const RUPTURE_PATTERNS: readonly RegExp[] = [
  ...CONFRONTATION_CUES.map((c) => c.pattern),
  NONCOMMITTAL_CUE,
  AGREEABLE_CUE,
  DONT_KNOW_CUE,
  DISMISSIVE_CUE,
  TOPIC_SHIFT_CUE,
  ANYWAY_SHIFT_CUE,
  ...REPAIR_MOVES,
  FEELING_ABOUT_THERAPY,
];
