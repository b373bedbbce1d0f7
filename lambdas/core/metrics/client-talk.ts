/**
 * Client talk, after MISC 2.5: change talk and sustain talk are the client's own statements about the
 * behaviour being worked on (desire, ability, reasons, need; commitment, activation, taking steps), toward
 * change or toward the status quo. Everything else is neutral, and so is anything the risk module reads as a
 * risk statement or hopelessness: "I want to die" or "nothing will ever change" is never change or sustain
 * talk, whatever its grammar.
 *
 * A bare answer ("yeah", "no, not really") takes its direction from the therapist's turn it answers, as MISC
 * codes it: "yes" to "so you'd like to cut down?" is change talk, "exactly" to "it helps you relax" sustain talk.
 */
import { sentencesOf, type Sentence } from '../language/index.js';
import { findingsInTurn } from '../risk/detect.js';
import { SUICIDE_LADDER } from '../risk/levels.js';
import type { RiskCategory, RiskFinding } from '../../../schemas/risk.js';
import { advises } from './therapist-acts.js';
import {
  clauseDirection,
  namesProblem,
  proposesChange,
  sentenceDirection,
  UNANSWERED,
  type CueReading,
  type Direction,
  type DirectionContext,
} from './change-direction.js';

export type ClientTalk = 'change' | 'sustain' | 'neutral';

export interface ClientContext {
  /** The therapist's turn the client answers. */
  therapistText?: string;
  /**
   * The client's own code just before, when this turn carries that statement on after a backchannel
   * ({@link carriesOn}): a statement cut in two by "mm-hmm" keeps its code in the part that says nothing by itself.
   */
  continues?: ClientTalk;
  /**
   * The sentences of this turn the risk module already read as risk (their verbatim quotes), when the
   * session's risk findings are at hand ({@link riskQuotesByTurn}); otherwise the turn is read for risk here.
   */
  riskQuotes?: ReadonlySet<string>;
  /** The session has already named a behaviour people come to change (drinking, smoking…), so "it" can stand for it. */
  problemNamed?: boolean;
}

/** Risk the client speaks of is never change or sustain talk; substance use and eating are the behaviours talked about. */
const NOT_TALK_ABOUT_CHANGE = new Set<RiskCategory>([...SUICIDE_LADDER, 'self_injury', 'harm_to_others', 'command_hallucinations']);

/** A bare agreement, the whole turn. */
const AGREES =
  /^(?:(?:yes|yeah|yep|yup|sure|okay|ok|right|exactly|definitely|absolutely|of course|true|correct|i think so|probably|i guess so|i guess|maybe|(?:i|we) (?:really |definitely |totally |certainly |honestly )?(?:do|would|will|can|am|could|should)|sounds good|that sounds (?:good|great|right|fine|like a (?:good )?(?:plan|idea))|that is (?:right|true|correct|a good idea|it)|i agree|totally|pretty much|kind of|sort of|a little|a bit|mm|mhm|uh-huh|i suppose|i know|that would be (?:good|great|nice|helpful)|(?:that|it) makes sense|good|great|alright|all right)[\s,.!-]*)+$/;
/** The whole turn judges what was put to it good or workable ("I think that could work", "that's doable"). */
const ENDORSES =
  /^(?:(?:yes|yeah|yep|sure|okay|ok|um|uh|well|i think so|i guess so|definitely|absolutely)[\s,.!]*)*(?:(?:i think|i guess|i feel like|yeah)[\s,]+)?(?:(?:that|it|this)(?: really| definitely| probably)? (?:would|could|might|will|does|do)? ?(?:be|sounds?|seems?|is)(?: like)? (?:really |very |pretty |totally |quite |a )?(?:good|great|a good idea|good idea|a plan|doable|feasible|possible|reasonable|realistic|manageable|helpful|worth (?:a try|trying|it)|okay|ok|all right|alright|fine|smart)|(?:that|it|this) (?:could|would|might|can) (?:work|help))(?:[\s,.!]+(?:(?:i think|i guess|yeah|yes|for me|to me|actually|too|i (?:can|could|will) (?:do|try) (?:that|it))[\s,.!]*)*)?$/;

/** An answer that gives nothing ("I don't know", "nothing really", "no"). */
const NO_ANSWER =
  /^(?:(?:um|uh|well|hmm|oh)[\s,.]*)*(?:i do not know|i am not sure|i have no idea|not really|nothing|none|no\b|nope|not much|i can not think|i guess not|not that i know|i do not think|i do not really)/;

/** A question asking for reasons for change: its good side, worries about the status quo, why not lower on a ruler. */
const EVOKES_CHANGE =
  /\b(?:what (?:would|might|could|will) be (?:good|better|different|the (?:benefits?|advantages?|upside|best thing))|(?:benefits?|advantages?|good things?|upside|pros?) (?:of|about|to|in|from) (?:\w+ )?(?:cutting|quitting|stopping|changing|making|giving|reducing|not \w+ing|being (?:sober|clean|smoke-free)|a change)|why (?:is (?:it|this|that)|would (?:it|that) be|does (?:it|this|that) (?:matter|feel)) (?:so )?important|how (?:would|might|could|will) (?:things|your life|life|it) (?:be|look|feel) (?:different|better)|what (?:worries|concerns|bothers|scares|frightens) you|(?:concerns?|worries|not so good things|downsides?|less good things|bad things|cons|things you do not like|what you do not like) (?:about|with|of|in) (?:your |the |it|that|this)|what (?:made|makes) you (?:say|pick|choose|give) (?:a |it a )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)(?: (?:rather|and not|instead|not))|why (?:are you )?(?:at )?(?:a )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:and not|rather than|instead of|not)|why not (?:a )?(?:lower|zero)|what are (?:some of )?(?:the |your )?reasons|reasons? (?:to|for|why you) (?:\w+ )?(?:change|quit|stop|cut|make)|what (?:would|could|might) (?:help|make) you (?:more|feel more) (?:confident|ready|sure))\b/;

/** A question asking for the behaviour's good side ("what do you like about drinking?"). */
const EVOKES_SUSTAIN =
  /\b(?:what (?:do|did) you (?:like|enjoy|get out of)|(?:good|positive|best) things? about|(?:benefits?|advantages?|upside|pros?) (?:of|about|to|from) (?:your |the )?(?:drinking|smoking|using|vaping|gambling|it|alcohol|weed|cigarettes)|what (?:does|do|did) (?:it|that|drinking|smoking|using|alcohol|weed) do for you|what (?:is|was) good about)\b/;

/** A question that asks the client to rate importance, confidence or readiness (to change); the answer's words ("really important", "not very confident") lean. */
const RULER =
  /\b(?:on a scale|scale of|from (?:0|zero|one|1) to (?:10|ten)|how (?:important|confident|ready|committed|determined|sure|motivated|willing)|(?:importance|confidence|readiness) ruler)\b/;
function rulerAnswer(whole: string, therapist: readonly Sentence[]): Direction {
  if (therapist.length === 0 || !therapist.some((s) => RULER.test(s.text))) return 0;
  if (
    /\b(?:not (?:very|that|really|too|so|at all) (?:important|confident|ready|sure|committed|motivated)|(?:not|never) (?:important|confident|ready|sure))\b/.test(
      whole,
    )
  )
    return -1;
  if (/\b(?:very|really|pretty|quite|extremely|super|so|highly|totally|fairly) (?:important|confident|ready|sure|committed|determined|motivated)\b/.test(whole))
    return 1;
  // A bare number is left alone: coders read "an eight" as change talk or as a neutral rating alike.
  return 0;
}

function evokes(therapist: readonly Sentence[]): Direction {
  const last = [...therapist].reverse().find((s) => /\?\s*["')\]]*$/.test(s.original) || /^(?:what|why|how|tell me)\b/.test(s.text));
  if (!last) return 0;
  if (EVOKES_SUSTAIN.test(last.text) && !/\b(?:do not|not so|less) (?:like|good)\b/.test(last.text)) return -1;
  return EVOKES_CHANGE.test(last.text) ? 1 : 0;
}

/** A bare disagreement, the whole turn. */
const DISAGREES =
  /^(?:(?:no|nope|nah|not really|i do not think so|not at all|never|not yet|i do not|i am not|i would not|i will not|i can not|not much|no way|i have not|not necessarily)[\s,.!-]*)+$/;

/**
 * What the therapist's last sentence asks or reflects about change, when it does so plainly: a wish, an
 * ability, a need or a plan of the client's ("so you'd like to cut down?"), or a change put forward ("I think
 * you should stop"). Reflections of reasons or feelings are left out: a "yeah" to them is agreement, not
 * change talk.
 */
function leaning(therapist: readonly Sentence[], problemNamed: boolean, advice: boolean): { direction: Direction; negated: boolean } {
  const none = { direction: 0 as Direction, negated: false };
  const last = [...therapist]
    .reverse()
    .find((s) => /[a-z]{3,}/.test(s.text) && !/^(?:okay|ok|right|yeah|yes|mm|all right|alright|good|great)\W*$/.test(s.text));
  if (!last) return none;
  const context: DirectionContext = { answers: UNANSWERED, problemNamed };
  for (const clause of last.clauses) {
    const reading: CueReading = { cue: false, negated: false };
    const direction = clauseDirection(clause, 'listener', context, false, '', reading);
    if (direction !== 0 && reading.cue) return { direction, negated: reading.negated };
  }
  if (proposesChange(last)) return { direction: 1, negated: false };
  // An action the therapist suggested ("you could try keeping a log"): "I can do that" takes it on.
  // A bare "okay" to advice only acknowledges it; "I can do that" takes it on.
  if (advice && therapist.some((s) => advises(s.text))) return { direction: 1, negated: false };
  return none;
}

/** The sentences the risk module reads as a risk statement (an uncertain note of hopelessness aside: "I can't keep doing this"). */
function riskSentences(text: string): Set<string> {
  const { findings } = findingsInTurn([{ id: 't', role: 'client', speaker: 'client', text }], 0);
  return new Set(findings.filter(vetoes).map((f) => f.quote));
}

function vetoes(f: RiskFinding): boolean {
  return NOT_TALK_ABOUT_CHANGE.has(f.category) && !(f.category === 'hopelessness' && f.uncertain);
}

/** The session's risk findings (from `detectRisk`) as the quotes that are never change or sustain talk, by turn id. */
export function riskQuotesByTurn(findings: readonly RiskFinding[]): Map<string, Set<string>> {
  const byTurn = new Map<string, Set<string>>();
  for (const f of findings.filter(vetoes)) byTurn.set(f.turnId, (byTurn.get(f.turnId) ?? new Set()).add(f.quote));
  return byTurn;
}

/** Codes one client turn as change talk, sustain talk or neither. */
export function codeClientTalk(text: string, context: ClientContext = {}): ClientTalk {
  const sentences = sentencesOf(text);
  if (sentences.length === 0) return 'neutral';
  const therapist = context.therapistText ? sentencesOf(context.therapistText) : [];
  const problemNamed = context.problemNamed === true || namesProblem(sentences) || namesProblem(therapist);
  // What the therapist's turn leans toward is read only when something points back to it.
  let answeredOnce: { direction: Direction; negated: boolean } | undefined;
  let takenOnOnce: Direction | undefined;
  const answered = () => (answeredOnce ??= leaning(therapist, problemNamed, false));
  const takenOn = () => (takenOnOnce ??= answered().direction !== 0 ? answered().direction : leaning(therapist, problemNamed, true).direction);
  const readContext: DirectionContext = { answers: takenOn, problemNamed };
  // A question the client asks ("how am I supposed to quit?") is not a statement about themselves.
  const directions = sentences.map((s) => (/\?\s*["')\]]*$/.test(s.original) ? 0 : sentenceDirection(s, 'speaker', readContext)));
  const decide = (risk: ReadonlySet<string>): ClientTalk => {
    let sum = 0;
    let leaned = false;
    for (const [i, sentence] of sentences.entries()) {
      if (risk.has(sentence.original) || directions[i] === 0) continue;
      sum += directions[i]!;
      leaned = true;
    }
    if (risk.size > 0 && !leaned) return 'neutral';
    // An even mix ("I want to cut down. But it helps me relax") is ambivalence, and its change talk is kept.
    if (sum > 0 || (sum === 0 && leaned)) return 'change';
    if (sum < 0) return 'sustain';
    const whole = sentences
      .map((s) => s.text)
      .join(' ')
      .replace(/[-–—]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const agrees = AGREES.test(whole);
    const disagrees = !agrees && DISAGREES.test(whole);
    // "I think that would be a good idea": the suggestion itself judged workable, which takes it on.
    if (ENDORSES.test(whole) && takenOn() === 1) return 'change';
    if ((agrees || disagrees) && answered().direction !== 0) {
      const { direction, negated } = answered();
      // "No" to a negated proposal ("you don't want to stop?") agrees with it.
      const d = agrees || negated ? direction : -direction;
      return d === 1 ? 'change' : 'sustain';
    }
    // An answer on a ruler of importance, confidence or readiness: high is change talk, low sustain talk.
    const ruler = rulerAnswer(whole, therapist);
    if (ruler !== 0) return ruler === 1 ? 'change' : 'sustain';
    // An answer to a question that asks for reasons to change (or for the behaviour's good side) gives them.
    if (!agrees && !disagrees && !NO_ANSWER.test(whole) && !/\?\s*["')\]]*$/.test(sentences.at(-1)!.original) && /[a-z]{3,}(?: [a-z']+){2,}/.test(whole)) {
      const evoked = evokes(therapist);
      if (evoked !== 0) return evoked === 1 ? 'change' : 'sustain';
    }
    return context.continues ?? 'neutral';
  };
  // The risk module is asked only about a turn that would otherwise be coded: most turns lean nowhere.
  const coded = decide(new Set());
  if (coded === 'neutral') return coded;
  return decide(context.riskQuotes ?? riskSentences(text));
}

/**
 * Does `text` carry on the client's `previous` turn, cut off by the therapist's backchannel? Either the
 * previous turn broke off ("…and I've been-") or this one opens mid-sentence ("-for years", "and then…").
 */
export function carriesOn(previous: string, text: string): boolean {
  return /[-–—]\s*$/.test(previous) || /^\s*(?:[-–—]|\.\.\.|…)|^\s*(?:and|but|because|cause|or|then|which|to|for)\b/i.test(text);
}

/** Every pattern the client coder matches itself (the clause reading has its own list). */
export const CLIENT_PATTERNS: readonly RegExp[] = [AGREES, DISAGREES, ENDORSES, NO_ANSWER, EVOKES_CHANGE, EVOKES_SUSTAIN, RULER];
