/**
 * Confrontation rupture markers (Safran & Muran 2000; Eubanks, Muran & Safran 2015, 3RS): the client moves
 * against the therapist, the therapy or the task. A complaint is only a confrontation when it has one of those
 * targets: "it's pointless" said of stealing cars, or "the medicine wasn't working", is the client's story, not a
 * rupture. The target is read from the clause (language layer): who or what the complaint is about (its subject
 * phrase), whether it is negated, and, for "it" and "that", what the therapist had just proposed.
 */
import type { RuptureMarker } from '../../../schemas/alliance.js';
import { sentencesOf, type Clause, type Sentence } from '../language/index.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';
import { CUES } from './cues.js';

export type RuptureTarget = NonNullable<RuptureMarker['target']>;
export type ConfrontationMarker =
  | 'challenges_helpfulness'
  | 'feels_misunderstood'
  | 'criticises_therapist'
  | 'refuses_task'
  | 'refuses_topic'
  | 'wants_to_leave';

export interface Confrontation {
  marker: ConfrontationMarker;
  target: RuptureTarget;
  /** The sentence that carried it, verbatim from the turn. */
  sentence: string;
}

/** The things a session asks the client to do (Bordin's tasks): worksheets, exercises, homework, plans. */
const TASK_NOUN =
  '(?:worksheets?|exercises?|homework|thought records?|records?|diar(?:y|ies)|logs?|forms?|questionnaires?|breathing(?: thing)?|journal(?:ing|s)?|techniques?|assignments?|role[- ]?plays?|charts?|tracking|plans?|scales?|tasks?|handouts?|modules?|activit(?:y|ies)|practice)';
/** "the worksheet", "these exercises", "your plan": the therapist's task, not "my diet plan". */
const TASK_PHRASE = new RegExp(
  `^(?:all )?(?:the|this|that|these|those|your|another|any|more|any more|the whole|doing (?:the|this|that|these))\\s+(?:\\w+\\s+)?${TASK_NOUN}$`,
);
/** The therapy itself: this, the sessions, coming here, talking. */
const THERAPY_PHRASE =
  /^(?:this|all (?:of )?this|any of this|this (?:whole )?(?:thing|stuff|process)|(?:the |these |our |this |my )?(?:therapy|counsel+ing|sessions?|appointments?)|(?:me )?coming (?:here|in|to (?:these|this|the) \w+)|being here|sitting here|talking(?: (?:about (?:it|this|things)|to you|like this))?|doing this)$/;
/** Words that open a clause without being its subject. */
const LEAD_IN = new Set([
  'and',
  'but',
  'so',
  'or',
  'honestly',
  'really',
  'well',
  'just',
  'like',
  'i',
  'mean',
  'because',
  'cause',
  'though',
  'anyway',
  'yeah',
  'yes',
  'no',
  'okay',
  'ok',
]);

/** The words before the clause's first verb: who or what it is about ("the medicine", "this", "you"). */
function subjectPhrase(clause: Clause): string {
  const words: string[] = [];
  for (const t of clause.tokens) {
    if (t.pos === 'VERB' || t.pos === 'AUX') break;
    if (t.pos === 'PUNCT') continue;
    if (words.length === 0 && LEAD_IN.has(t.word) && t.word !== 'i') continue;
    words.push(t.word);
  }
  return words.join(' ');
}

/** Did the therapist turn before this one propose or run a task (an exercise, homework, a plan)? */
function proposedTask(previous: CodedTurn | undefined): boolean {
  if (!previous) return false;
  return new RegExp(`\\b${TASK_NOUN}\\b`).test(previous.norm) || CUES.technique.test(previous.norm) || CUES.homework.test(previous.norm);
}

const ABOUT_THERAPY = /\b(?:sessions?|therapy|counsel+ing|coming here|(?:our|these) (?:meetings|appointments)|talking (?:to me|like this|about it))\b/;

/**
 * What a complaint's subject phrase refers to. "it", "that" and "any of it" are read from the therapist's turn
 * before: after a proposed exercise "it" is the exercise; anywhere else it is the client's own story.
 */
function targetOf(phrase: string, previous: CodedTurn | undefined): RuptureTarget | null {
  const p = phrase.replace(/^(?:even|just|really|honestly)\s+/, '').trim();
  if (p === 'you' || p === 'you guys' || p === 'you people') return 'therapist';
  if (TASK_PHRASE.test(p) || new RegExp(`^${TASK_NOUN}$`).test(p)) return 'task';
  if (THERAPY_PHRASE.test(p)) return 'therapy';
  if (/^(?:it|that|any of (?:it|that)|all (?:of )?that|doing (?:it|that))$/.test(p)) {
    if (proposedTask(previous)) return 'task';
    if (previous && ABOUT_THERAPY.test(previous.norm)) return 'therapy';
  }
  return null;
}

// ---- the complaint, clause by clause ----

const NOT_HELPING =
  /\b(?:help\w*|work\w*|useful|do(?:es|ing)? anything|make (?:a|any) difference|making (?:a|any) difference|get(?:ting)? (?:us |me )?anywhere|go(?:ing)? anywhere|change anything)\b/;
const WORTHLESS =
  /\b(?:pointless|useless|a waste of (?:time|money|my time|space)|waste of (?:my )?time|a joke|stupid|ridiculous|rubbish|nonsense|bullshit|boring|going nowhere|getting (?:us |me )?nowhere|doing nothing|does nothing|not for me)\b/;
/** "Why am I even here", "what's the point of coming here", "I don't see how this is supposed to help". */
const POINT_OF = /\b(?:what is|i do not see|i can not see|there is|i fail to see) (?:the|no|any) point (?:of|in) (?<what>[a-z ]+?)\s*[?.!,]*$/;
const HOW_HELPS =
  /\bi (?:do not|can not|really do not) see (?:how|why|what) (?<what>[a-z ]+?) (?:is (?:supposed|meant|going) to|will|would|could|can|should|is going to) (?:help|work|change|do)\b/;
const WHY_HERE = /\bwhy (?:am i|are we|do i|do we|should i) (?:even |still |keep )?(?:here|coming here|doing this|come here|bother(?:ing)?(?: coming)?)\b/;

const NOT_UNDERSTOOD =
  /\byou (?:are|were|do|did|will|would|can|could|have)? ?(?:not|never)(?: even| really|)? (?:understand\w*|get(?:ting)? (?:it|me|what|how|that|this)|got (?:it|me|what)|listen\w*|hear(?:d|ing)?(?: me| what)?|care\w*|know (?:what|how) (?:it|i|this|that)|believe me|see (?:it|what|how|that))\b|\byou (?:do not|do not even|did not) know (?:me|my (?:family|life|situation|dad|father|mum|mom|mother|parents|husband|wife|partner|kids|children))\b|\byou have no idea\b|\bnobody (?:here )?(?:listens|understands|gets it)(?: here)?\b|\byou are not (?:hearing|getting) (?:me|it)\b/;
const CRITICISES =
  /^i told you(?: (?:that|this|already|before))?\s*[.!]*$|\byou (?:just )?(?:keep|always|are always|are forever|keep on) (?:saying|asking|telling|pushing|bringing|going on|going back|coming back|interrupting|changing|talking|lecturing|repeating|say|ask|tell|push|bring|go on)\b|\bwhy do you (?:keep|always)\b|\bi (?:have )?(?:already|just) (?:told you|answered (?:that|this|it|you)|explained (?:that|this|it) to you)\b|\bi (?:have )?already (?:said|explained|answered) (?:that|this|it)\b|\bi (?:have|had) (?:told|said to) you (?:that |this |it )?(?:already|before|twice|again|so many times|(?:a )?(?:hundred|million|thousand|few|couple of) times)\b|\byou sound like (?:my|a|every)\b|\byou are (?:just )?(?:like|the same as) (?:everyone|all the others|the others|every other|my (?:mother|mum|mom|father|dad|parents|ex|wife|husband|boss|teacher))\b|\byou are (?:just |only )?(?:judging|lecturing|blaming|preaching|patroni[sz]ing|nagging|ticking (?:the )?boxes|reading (?:off|from) a script|taking (?:his|her|their) side)\b|\byou are (?:going to|gonna|just going to) take (?:his|her|their) side\b|\bstop (?:lecturing|preaching|nagging|judging|telling me what)\b/;
/** Sarcasm about being lectured ("Or seven lectures along the road"): only when the therapist had been telling, not about a class. */
const LECTURED = /\b(?:lectur(?:e|es|ed|ing)|sermons?|preach(?:ed|ing|y)?|another speech|here we go again)\b/;
const STUDIES = /\b(?:class(?:es)?|universit\w+|uni|college|courses?|professors?|school|lecturers?|hall|degree|exam\w*|module)\b/;

const WANTS_TO_LEAVE =
  /\b(?:can|could|may) i (?:go|leave)(?: now| home| yet)?\s*[?]|\bare we (?:done|finished|nearly done|almost done|through)(?: here| yet| now)?\s*[?]|\bhow (?:much )?longer (?:is this|will this|do we|are we|have we got)\b|\bis this (?:nearly|almost) over\b|\bi am (?:done|finished) (?:here|with (?:this|you|the session))\s*[.!]*$|\bi am out of here\b|\bcan we (?:just )?(?:stop|finish|end|wrap (?:it |this )?up)(?: now| here| this| early)?\s*[?]|\bi am in (?:a|such a) (?:\w+ )*(?:hurry|rush)\b|\bi (?:really )?(?:have|need|got) to (?:go|leave|get going)(?: now| soon)?\s*[.!]*$|\bi am not sure i (?:will |can )?(?:make|come|be (?:back|here|coming)|come back)(?: to)? (?:next|the next|another)\b|\bi (?:might|may) not (?:come|be) back\b|\bi do not think i (?:will|am going to) (?:come|be) back\b/;
const REFUSES_TASK = new RegExp(
  `\\bi (?:am not|will not|do not want to|am not going to|refuse to|can not be bothered (?:to|with)|do not do) (?:do(?:ing)?|fill(?:ing)?(?: in| out)?|writ(?:e|ing)|tr(?:y|ying)|practi[cs](?:e|ing)|complet(?:e|ing)|keep(?:ing)?|go(?:ing)? through|with)? ?(?:another|any more|more|the|that|this|these|those|your|any)? ?(?:\\w+ )?${TASK_NOUN}\\b`,
);
const REFUSES_TOPIC =
  /\b(?:i (?:do not|do) (?:want|wanna) to (?:talk|speak|go) (?:about|into|there)|i would rather not (?:talk|go|get) (?:about|into|there)|i am not (?:going|gonna) (?:to )?(?:talk|go) (?:about|into|there)|can we not (?:talk about|go there|do this)|just drop it|that is none of your business)\b/;
/** "I don't want to do that today": refusing the exercise just proposed. */
const REFUSES_PROPOSED =
  /\bi (?:do not|really do not|am not sure i|am not) (?:want|wanna|feel like|going) (?:to )?(?:do(?:ing)?|try(?:ing)?|go(?:ing)? through) (?<what>that|this|it|the \w+|any more|another \w+|more of)(?: \w+)?(?: today| now| again| anymore| any more)?\b/;

/** Is what the client refuses ("the spinning") what the therapist's last turn proposed ("Now the spinning.")? */
function refusesProposed(s: string, previous: CodedTurn | undefined): boolean {
  const refused = REFUSES_PROPOSED.exec(s);
  if (!refused || !previous) return false;
  if (proposedTask(previous)) return true;
  const noun = /^(?:the|another) (\w+)$/.exec(refused.groups!.what!)?.[1];
  return noun !== undefined && noun.length > 3 && new RegExp(`\\b${noun}\\b`).test(previous.norm);
}
/** "If you…", "when you…", "she goes 'you never…'": a generic or reported "you", not the therapist. */
const GENERIC_YOU =
  /\b(?:if|when|whenever|once|until|unless) you\b|\b(?:said|says|say|told (?:me|him|her|them)|tells|goes|yelled|shouted|screams?)[,:]?\s*"?\s*you\b/;

/** A cheap test before the language layer is asked to tag anything (tagging is the cost). */
const MAY_CONFRONT =
  /\b(?:you|this|that|it|point|help\w*|work\w*|pointless|useless|waste|lectur\w*|preach\w*|sermon|go|leave|done|finished|longer|hurry|rush|talk|drop|business|told|said|want|make|back)\b/;

/** The negated helping verb, or the worthless predicate, with what comes before it in the clause. */
const NEGATED_HELP =
  /\b(?:not|never)\s+(?:(?:really|even|going to|been|be|seem to|seem|being)\s+)*(?:help\w*|work\w*|useful|do(?:es|ing)? anything|make (?:a|any) difference|making (?:a|any) difference|get(?:ting)? (?:us |me )?anywhere|go(?:ing)? anywhere|change anything)\b/;
const COPULA_BEFORE =
  /\s+(?:is|are|was|were|does|do|did|has|have|had|will|would|can|could|feels?|seems?|sounds?|looks?)(?:\s+(?:been|just|so|totally|completely|really|kind of|a bit|all))*\s*$/;

/**
 * What a complaint in a clause is about: the clause's subject ("this isn't helping"), or the noun phrase just
 * before the complaint when it is embedded ("I'm just saying the form doesn't work for me").
 */
function complaintTarget(clause: Clause, previous: CodedTurn | undefined): RuptureTarget | null {
  const text = clause.text;
  const at = clause.negated ? NEGATED_HELP.exec(text) : WORTHLESS.exec(text);
  if (!at) return null;
  const whole = targetOf(subjectPhrase(clause), previous);
  if (whole) return whole;
  const before = text
    .slice(0, at.index)
    .replace(/\s+(?:is|are|was|were|does|do|did|has|have|had|will|would|can|could)?\s*$/, '')
    .replace(COPULA_BEFORE, '');
  const words = before.split(/\s+/).filter((w) => /^[a-z']+$/.test(w));
  // The shortest tail that names a target: "the form", "this", "these sessions".
  for (let k = words.length - 1; k >= Math.max(0, words.length - 4); k--) {
    const target = targetOf(words.slice(k).join(' '), previous);
    if (target) return target;
  }
  return null;
}

function inSentence(sentence: Sentence, previous: CodedTurn | undefined, pushed: boolean): Omit<Confrontation, 'sentence'> | null {
  const s = sentence.text;
  const generic = GENERIC_YOU.test(s);
  if (!generic && NOT_UNDERSTOOD.test(s)) return { marker: 'feels_misunderstood', target: 'therapist' };
  if (!generic && CRITICISES.test(s)) return { marker: 'criticises_therapist', target: 'therapist' };
  if (pushed && LECTURED.test(s) && !STUDIES.test(s)) return { marker: 'criticises_therapist', target: 'therapist' };
  if (WANTS_TO_LEAVE.test(s)) return { marker: 'wants_to_leave', target: 'therapy' };
  if (REFUSES_TASK.test(s) || refusesProposed(s, previous)) return { marker: 'refuses_task', target: 'task' };
  if (REFUSES_TOPIC.test(s)) return { marker: 'refuses_topic', target: 'task' };
  if (WHY_HERE.test(s)) return { marker: 'challenges_helpfulness', target: 'therapy' };
  const pointOf = POINT_OF.exec(s) ?? HOW_HELPS.exec(s);
  if (pointOf) {
    const target = targetOf(pointOf.groups!.what!.trim(), previous);
    if (target) return { marker: 'challenges_helpfulness', target };
  }
  // A bare "what's the point?" straight after a proposed exercise is about the exercise; anywhere else it is hopelessness, not a rupture.
  if (/\bwhat is the point\s*[?.!]*$/.test(s) && proposedTask(previous)) return { marker: 'challenges_helpfulness', target: 'task' };
  if (!NOT_HELPING.test(s) && !WORTHLESS.test(s)) return null;
  for (const clause of sentence.clauses) {
    const target = complaintTarget(clause, previous);
    // "You're not helping" is about the therapist; a generic "you" ("when you're drunk nothing helps") is not.
    if (target && !(target === 'therapist' && generic)) return { marker: 'challenges_helpfulness', target };
  }
  return null;
}

/**
 * Persuading in so many words, for the suggestions a coder may read as a restatement ("You could keep one or two
 * special things", "It might be worth giving it a go", "I think it'd be really good for you").
 */
const PERSUADES =
  /\b(?:you could (?:always |just )?(?:keep|try|go|take|start|stop|ask|tell|join|give|use|do|get|make|put)|it (?:might|may|could|would) (?:really )?be (?:worth|good for you|better (?:for you )?to|a good idea)|i think (?:it(?:'d| would) be (?:really )?(?:good|helpful|best) for you|you (?:should|need|have|ought))|it(?:'s| is) better (?:not )?to|you(?:'re| are) better off)\b/;

const JOINT = /\b(?:let's|let us|we (?:could|can|might))\b/;
const YOU_MUST = /\byou (?:really )?(?:should|need to|have to|must|ought to|had better|have got to)\b/;

/**
 * Advice without permission, a confrontation, a warning or a lecture (MITI persuade without permission, confront;
 * MISC warn): the moves that push. A turn that asked permission or the client's view first does not push.
 */
export function pushes(turn: CodedTurn | undefined): boolean {
  const codes = turn?.therapist;
  if (!turn || !codes) return false;
  if (codes.confrontation || codes.warning || codes.lecture) return true;
  // "Let's try the breathing" proposes a joint step; it pushes only with a "you should" beside it.
  if (codes.advice === 'without_permission') return !JOINT.test(turn.norm) || YOU_MUST.test(turn.norm);
  // Persuading is said, not asked: "Do you think you could go two months without?" asks.
  return !codes.asksPermission && !codes.seeksCollaboration && turn.norm.split(/(?<=[.!?])\s+/).some((s) => !s.endsWith('?') && PERSUADES.test(s));
}

/** The confrontation a client turn carries, with its target, or null. */
export function confrontationIn(session: CodedSession, turn: CodedTurn): Confrontation | null {
  if (turn.words === 0 || !MAY_CONFRONT.test(turn.norm)) return null;
  const previous = turn.previousOther === null ? undefined : session.turns[turn.previousOther];
  const pushed = pushes(previous);
  for (const sentence of sentencesOf(turn.turn.text)) {
    const found = inSentence(sentence, previous, pushed);
    if (found) return { ...found, sentence: sentence.original };
  }
  return null;
}

/** Every pattern the confrontation finder matches, for the engine's rubric version. */
export const CONFRONTATION_PATTERNS: readonly RegExp[] = [
  PERSUADES,
  JOINT,
  YOU_MUST,
  TASK_PHRASE,
  THERAPY_PHRASE,
  ABOUT_THERAPY,
  NOT_HELPING,
  WORTHLESS,
  POINT_OF,
  HOW_HELPS,
  WHY_HERE,
  NOT_UNDERSTOOD,
  CRITICISES,
  LECTURED,
  STUDIES,
  WANTS_TO_LEAVE,
  REFUSES_TASK,
  REFUSES_PROPOSED,
  REFUSES_TOPIC,
  NEGATED_HELP,
  COPULA_BEFORE,
  GENERIC_YOU,
];
