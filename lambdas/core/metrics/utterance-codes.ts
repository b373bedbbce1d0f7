/**
 * Behaviour coding of single turns, after the MITI 4.2 therapist codes (question, simple and complex
 * reflection, affirmation, giving information, persuading with and without permission, confront, seeking
 * collaboration, emphasising autonomy), MISC's warn, and MISC client language (change vs sustain talk).
 * Rules on the language layer, not a model: every code can be explained by the cue that fired, and the
 * engine shows that cue's sentence as evidence.
 */
import { sentencesOf } from '../language/index.js';
import { DIRECTION_PATTERNS } from './change-direction.js';
import { CLIENT_PATTERNS, codeClientTalk, type ClientContext, type ClientTalk } from './client-talk.js';
import { contentWords } from './text.js';
import { ACT_PATTERNS, AFFIRM, PERMISSION, sentenceAct, type SentenceAct } from './therapist-acts.js';

export { AFFIRM, PERMISSION } from './therapist-acts.js';
export { carriesOn, type ClientContext, type ClientTalk } from './client-talk.js';

export type TherapistBehaviour = 'reflection' | 'question' | 'input' | 'other';

export interface TherapistCodes {
  /** The turn's main behaviour, in AnnoMI's four classes (input = information, advice, warning, confrontation, lecture). */
  primary: TherapistBehaviour;
  questions: { open: number; closed: number };
  reflections: { simple: number; complex: number };
  affirmation: boolean;
  advice: 'with_permission' | 'without_permission' | null;
  information: boolean;
  confrontation: boolean;
  /** Asked the client's permission before advising or informing (MITI "seeking collaboration"). */
  asksPermission: boolean;
  /** Listening sounds or a bare acknowledgement only ("mm-hmm", "okay", "right"). */
  backchannel: boolean;
  /** A threat of consequences ("if you keep drinking you'll lose your liver"), MISC warn. */
  warning: boolean;
  /** A long stretch of informing or persuading: three or more input sentences, 50 words or more. */
  lecture: boolean;
  /** The choice is the client's ("it's your choice", "you're the one who decides"). */
  autonomy: boolean;
  /** Asked permission, or asked for the client's view, ideas or feedback ("what do you think?"). */
  seeksCollaboration: boolean;
  /** Index of the sentence that carries the primary code, in {@link quoteOf}'s split of the turn's text. */
  cueSentence: number;
}

export interface TherapistContext {
  /** The client's turn just before, which a restatement mirrors and which may ask for advice. */
  previousClientText?: string;
  /** The therapist's own turn before that asked permission, so advice now is given with it. */
  permissionAsked?: boolean;
}

/** Lecturing (MITI: a long stretch of informing or persuading): at least this many input sentences… */
const LECTURE_SENTENCES = 3;
/** …holding at least this many words. */
const LECTURE_WORDS = 50;
/** Informing of at least this many words, most of the turn, outweighs a question that ends it. */
const MIN_INFORMING_WORDS = 15;
/** A question that checks what was just said ("does that make sense?") leaves the turn what it was. */
const CHECKING =
  /\b(?:does (?:that|this) (?:make sense|sound (?:okay|ok|right|good|fair)|fit)|how does (?:that|this) (?:sound|fit)|(?:do you have )?any questions|is that (?:right|correct|clear|fair|okay|ok)|did i get (?:that|it) right|you know what i mean|okay|right)\b/;
/** The client asked for the advice ("what should I do?"), which counts as permission (MITI). */
const ASKS_ADVICE =
  /\b(?:what (?:should|can|could|do) i do|what do you (?:think|suggest|recommend)|do you think i should|should i|how (?:do|can|could|should) i|what would you (?:do|suggest|recommend)|any (?:ideas|suggestions|advice))\b/;

/** The client's turn ends on a question of their own, a tag or "you know?" aside. */
const CLIENT_ASKS =
  /^(?!.*\b(?:you know|know what i mean|right|huh|okay|ok|yeah|see|is not it|does not it|do not you think|you think)\W*\?\W*$).*\?[\s"')\]\-–—]*$/s;

/** Sentences as {@link quoteOf} splits a turn, so `cueSentence` points at the sentence a quote shows. */
const RAW_SENTENCE = /[^.?!]+(?:[.?!]+|$)/g;

function rawSentenceIndex(text: string, original: string): number {
  const at = text.indexOf(original);
  if (at < 0) return 0;
  let index = 0;
  for (const m of text.matchAll(RAW_SENTENCE)) {
    if (m[0].trim().length === 0) continue;
    if (m.index! + m[0].length > at) return index;
    index++;
  }
  return Math.max(0, index - 1);
}

/**
 * Codes one therapist turn. `previousClientText` is the client's last turn before it, which lets a
 * mirrored restatement count as a reflection.
 *
 * @example
 * codeTherapistTurn("If you keep drinking like this, you'll lose your liver.").warning; // true
 * codeTherapistTurn('Mm-hmm.').primary; // 'other'
 */
export function codeTherapistTurn(text: string, context: TherapistContext | string = {}): TherapistCodes {
  const { previousClientText = '', permissionAsked = false } = typeof context === 'string' ? { previousClientText: context } : context;
  const clientWords = contentWords(previousClientText.toLowerCase());
  const sentences = sentencesOf(text);
  const clientAsked = CLIENT_ASKS.test(previousClientText.toLowerCase());
  const acts: SentenceAct[] = sentences.map((s) => sentenceAct(s, { clientWords, contentWords, clientAsked }));
  const codes: TherapistCodes = {
    primary: 'other',
    questions: { open: 0, closed: 0 },
    reflections: { simple: 0, complex: 0 },
    affirmation: false,
    advice: null,
    information: false,
    confrontation: false,
    asksPermission: false,
    backchannel: acts.length > 0 && acts.every((a) => a.act === 'backchannel'),
    warning: false,
    lecture: false,
    autonomy: false,
    seeksCollaboration: false,
    cueSentence: 0,
  };
  let permitted = permissionAsked || ASKS_ADVICE.test(previousClientText.toLowerCase());
  let inputSentences = 0;
  let inputWords = 0;
  for (const a of acts) {
    if (a.permission) codes.asksPermission = permitted = true;
    if (a.collaboration) codes.seeksCollaboration = true;
    if (a.affirmation) codes.affirmation = true;
    if (a.autonomy) codes.autonomy = true;
    if (a.question) codes.questions[a.question]++;
    if (a.reflection) codes.reflections[a.reflection]++;
    if (a.advice) codes.advice = permitted ? 'with_permission' : 'without_permission';
    if (a.information) codes.information = true;
    if (a.confrontation) codes.confrontation = true;
    if (a.warning) codes.warning = true;
    if (a.act === 'input') {
      inputSentences++;
      inputWords += a.words;
    }
  }
  codes.lecture = inputSentences >= LECTURE_SENTENCES && inputWords >= LECTURE_WORDS;
  const main = mainAct(
    acts,
    sentences.map((s) => s.text),
  );
  if (main >= 0) {
    codes.primary = acts[main]!.act as TherapistBehaviour;
    codes.cueSentence = rawSentenceIndex(text, sentences[main]!.original);
  }
  return codes;
}

/**
 * The sentence whose act is the turn's main behaviour, or -1 for a turn that only acknowledges. A turn is
 * weighed by words per act; a question that ends the turn hands the floor back with it and outweighs what
 * came before, unless informing makes up most of the turn or the question only checks it ("…does that make sense?").
 */
function mainAct(acts: readonly SentenceAct[], texts: readonly string[]): number {
  const weight = { question: 0, reflection: 0, input: 0 };
  const lastOf = { question: -1, reflection: -1, input: -1 };
  let lastSubstantive = -1;
  for (const [i, a] of acts.entries()) {
    if (a.act === 'question' || a.act === 'reflection' || a.act === 'input') {
      weight[a.act] += a.words;
      lastOf[a.act] = i;
      lastSubstantive = i;
    }
  }
  if (lastSubstantive < 0) return -1;
  const last = acts[lastSubstantive]!;
  if (last.act === 'question') {
    const checks = CHECKING.test(texts[lastSubstantive]!) && weight.input >= 15 && weight.input > weight.reflection;
    // Informing that makes up most of the turn stays its main behaviour, a question after it notwithstanding.
    const informs = weight.input >= weight.question + weight.reflection && weight.input >= MIN_INFORMING_WORDS;
    if (!checks && !informs) return lastSubstantive;
  }
  // Otherwise reflection and input by their words, the later one winning a tie.
  const r = weight.reflection;
  const n = weight.input;
  if (r === 0 && n === 0) return lastOf.question;
  if (r > n || (r === n && lastOf.reflection > lastOf.input)) return lastOf.reflection;
  return lastOf.input;
}

/**
 * Codes one client turn as change talk, sustain talk or neither (MISC). `context` gives the therapist's
 * turn it answers, so that a bare "yeah" to "so you'd like to cut down?" is change talk.
 *
 * @example
 * codeClientTurn("I'd like to quit."); // 'change'
 * codeClientTurn("I don't want to stop."); // 'sustain'
 * codeClientTurn('Yeah.', { therapistText: "So you'd like to cut down?" }); // 'change'
 */
export function codeClientTurn(text: string, context: ClientContext = {}): ClientTalk {
  return codeClientTalk(text, context);
}

/** Every pattern the coders match, so the engine's rubric hash changes whenever coding changes. */
export const CODER_PATTERNS: readonly RegExp[] = [
  ...ACT_PATTERNS,
  CHECKING,
  ASKS_ADVICE,
  CLIENT_ASKS,
  ...DIRECTION_PATTERNS,
  ...CLIENT_PATTERNS,
  AFFIRM,
  PERMISSION,
];
