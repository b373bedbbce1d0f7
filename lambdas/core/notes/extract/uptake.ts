/**
 * Reading one exchange: whether a therapist's sentence asks, how the client took up a proposed task
 * (committed, tentative, declined, or only acquiesced), and what the client said about homework already set
 * (done, partly, not done). Shared by the homework and intervention extractors. Pure.
 */
import type { Sentence } from '../../language/index.js';
import type { ReadTurn } from './input.js';
import { spokenNumbersIn } from './numbers.js';

/** How a client took a task: the guide's four (CLINICAL-GUIDE §1, "Homework and plan"). */
export type Uptake = 'committed' | 'tentative' | 'declined' | 'imposed';
/** Whether homework set last time was done, as the client tells it. */
export type Completion = 'done' | 'partly' | 'not done' | 'unclear';

const QUESTION_START =
  /^(?:(?:so|and|okay|ok|well|now|right|but|then|alright|all right|yes|yeah)[, ]+)*(?:what|how|why|when|where|who|which|do|did|does|have|has|had|are|is|was|were|would|could|can|will|shall|should|any|anything|tell me)\b/;

const PSEUDO_CLEFT =
  /^(?:(?:so|and|but|well|honestly|really|okay|ok)[, ]+)*what (?:i|we|he|she|they|you|happened|happens)\b(?:(?! (?:do|did|does|would|could|can|will|should|are|were|have|has) (?:i|you|we|he|she|they)\b).)*? (?:is|was|would be|will be)\b/;

/** A sentence that asks: a question mark, or (as speech recognisers write it, without one) a clause opening as a question. */
export function isQuestion(sentence: Sentence): boolean {
  if (/\?\s*$/.test(sentence.original)) return true;
  // "What I would like is to stop replaying every shift", "What happened was…": a pseudo-cleft states, it does not ask.
  if (PSEUDO_CLEFT.test(sentence.text)) return false;
  if (sentence.clauses.some((c) => QUESTION_START.test(c.text))) return true;
  // Unpunctuated speech: an inverted auxiliary mid-sentence ("…the schedule did you manage to fill it in").
  return (
    /(?:^|\s)(?:did|do|does|have|has|are|were|can|could|would|will) (?:you|we)\b(?! know\b)/.test(sentence.text) &&
    !/\b(?:if|whether|that|what|how|when|where|who|which) (?:did|do|does|have|has|are|were|can|could|would|will) you\b/.test(
      sentence.text.replace(/^(?:what|how|when|where|who|which)\b/, ''),
    )
  );
}

/**
 * A short verbatim stretch of the sentence around a match on its normalised text: the whole sentence when it
 * is short, otherwise a window of words in the original at about the match's place (normalising only
 * expands contractions and drops fillers, so word positions stay close).
 */
export function quoteAround(sentence: Sentence, matchIndex: number, maxWords = 24): string {
  const words = sentence.original.split(/\s+/).filter((w) => w.length > 0);
  if (words.length <= maxWords) return sentence.original.trim();
  const normWords = sentence.text.split(/\s+/).length;
  const before = sentence.text
    .slice(0, matchIndex)
    .split(/\s+/)
    .filter((w) => w.length > 0).length;
  const at = Math.round((before * words.length) / Math.max(normWords, 1));
  const start = Math.max(0, Math.min(at - 4, words.length - maxWords));
  return words.slice(start, start + maxWords).join(' ');
}

/** The first sentences of a turn, verbatim, up to about `maxWords` words: what the client said. */
export function openingOf(turn: ReadTurn, maxWords = 30): string {
  const out: string[] = [];
  let count = 0;
  for (const s of turn.sentences) {
    const n = s.original.split(/\s+/).length;
    if (out.length > 0 && count + n > maxWords) break;
    out.push(n > maxWords ? s.original.split(/\s+/).slice(0, maxWords).join(' ') : s.original);
    count += n;
  }
  return out.join(' ').trim();
}

// A refusal is read first: "I don't think I'll do that" holds "I'll do that".
const DECLINED = [
  /\bi do not think i (?:will|would|can|could|am going to) (?:do|manage|get|be able)\b/,
  /\bi (?:will not|can not|am not going to|would rather not|do not want to|refuse to) (?:do|try|be doing|manage)?\s*(?:that|this|it)\b/,
  /\bi would rather not\b/,
  /\b(?:that|this|it) (?:is not|will not be|is never going to be) (?:for me|going to (?:work|happen))\b/,
  /^(?:no|nope|nah)\b(?!,? (?:problem|worries|bother))/,
  /\bno way\b/,
  /\bnot (?:doing|going to do) (?:that|this|it)\b/,
];
const TENTATIVE = [
  /\bi (?:guess|suppose)\b/,
  /\bmaybe\b|\bperhaps\b|\bpossibly\b|\bprobably\b|\bhopefully\b/,
  /\bi (?:will|can|could|might|would|am going to) (?:try|give it a (?:go|try|shot)|see)\b/,
  /\bi(?: will)? try\b/,
  /\bi might\b/,
  /\bwe will see\b|\bwe shall see\b/,
  /\b(?:i am )?not (?:sure|certain)\b/,
  /\bif i (?:have|get|find) (?:the )?(?:time|a chance|a minute)\b/,
  /\bi think so\b/,
  /\bworth a (?:try|shot|go)\b/,
];
const COMMITTED = [
  /\bi (?:will|am going to|shall) (?!try\b|see\b|think\b|have to see\b)\w+/,
  /\bi can (?:do|manage|fit|make) (?:that|this|it)\b/,
  /\b(?:definitely|absolutely|for sure|certainly|of course|deal)\b/,
  /\b(?:that|this|it) (?:sounds|seems) (?:good|great|doable|manageable|helpful|useful|like a (?:good )?plan)\b/,
  /\bi (?:like|love) (?:that|this|the idea|it)\b/,
  // "Done.", "Deal.": the task taken on in a word.
  /^(?:done|deal|you are on|consider it done)\b/,
  /\blet us do (?:it|that)\b|\bi am (?:up for|in)\b|\bcount me in\b/,
  /\bi (?:want|would like) to (?:do|try) (?:that|this|it)\b/,
];
/** Words that acknowledge without committing: "okay", "fine", "sure", "if you say so". */
const ACQUIESCENT =
  /^(?:(?:okay|ok|fine|sure|alright|all right|right|yes|yeah|yep|yup|uh huh|mhm|mm|hmm|i suppose so|if you say so|whatever you think|if you think so|whatever|i see|got it|noted)[\s,.!]*)+$/;

function any(patterns: RegExp[], text: string): boolean {
  return patterns.some((p) => p.test(text));
}

/**
 * How the client took a task, from their answer (undefined when they did not answer before the therapist
 * spoke again: silence is acquiescence at most). Hedges and refusals win over agreement in the same answer.
 */
export function uptakeOf(answer: ReadTurn | undefined): { uptake: Uptake; quote?: string } {
  if (!answer) return { uptake: 'imposed' };
  const sentences = answer.sentences.slice(0, 3);
  const texts = sentences.map((s) => s.text);
  const quote = openingOf(answer, 25);
  if (texts.some((t) => any(DECLINED, t))) return { uptake: 'declined', quote };
  if (texts.some((t) => any(TENTATIVE, t))) return { uptake: 'tentative', quote };
  if (texts.some((t) => any(COMMITTED, t))) return { uptake: 'committed', quote };
  return { uptake: 'imposed', quote };
}

/** True when a client turn is only an acknowledgement ("okay", "fine", "mm"). */
export function isAcknowledgement(turn: ReadTurn): boolean {
  return turn.sentences.every((s) => ACQUIESCENT.test(s.text.replace(/[.!?]+$/, '').trim()));
}

const PARTLY = [
  /\b(?:some|a few|a couple of|most|half) (?:of the )?(?:days|times|nights|mornings|evenings|of (?:it|them|the time))\b/,
  /\b(?:only|just) (?:once|twice|a (?:few|couple of)? ?(?:times|days)|one (?:day|time|night))\b/,
  /\b(?:sort of|kind of|partly|partially|a bit|a little|here and there|on and off|half and half|hit and miss|patchy|so-so|not (?:every|all|as (?:much|often)))\b/,
  // "Mixed.", "A mixed bag.": some of it done.
  /^(?:(?:um|well|honestly|it was|it is|a),? )*mixed(?: bag| results)?\b/,
  /\bi (?:started|tried)\b.*\bbut\b/,
  /\b(?:once|twice) (?:or twice)?\b/,
];
const NOT_DONE = [
  /^(?:no|nope|nah|not really)\b/,
  /\bi (?:did not|have not|could not|never|was not able to|did not get|have not had)\b/,
  /\bi forgot\b|\bit slipped my mind\b/,
  /\bdid not (?:get|have) (?:a |the )?(?:chance|time|round|around)\b/,
  /\bnot (?:yet|at all)\b/,
];
const DONE = [
  /^(?:yes|yeah|yep)\b(?!,? but\b)|^i did\b(?! not\b)/,
  /\bi (?:did|managed|completed|finished|kept|filled|wrote|practised|practiced|tried|went|used|made|called|have done)\b(?! not\b| never\b)/,
  /\bevery (?:day|night|morning|evening|time)\b/,
];

/** What counts occasions: "five nights out of seven", "3 out of 7 days", "two out of the three". */
const OCCASION_UNIT = /^(?:days?|nights?|times?|mornings?|evenings?|weeks?|goes|sessions?|of (?:them|those|the))$/;

/**
 * Occasions done of occasions meant, as a completion: all of them is done, none is not done, some is partly.
 * A scale's top said without a unit ("eight out of ten") is a rating, not a count.
 */
function countedCompletion(text: string): Completion | null {
  const numbers = spokenNumbersIn(text);
  for (const [i, n] of numbers.entries()) {
    let done = n.value;
    let of = n.outOf;
    let unit = /^\s*(\w+(?: \w+)?)/.exec(text.slice(n.end))?.[1] ?? '';
    if (of === null) {
      const next = numbers[i + 1];
      const between = next ? text.slice(n.end, next.start) : '';
      const counted = /^ (?:(\w+) )?out of (?:the )?$/.exec(between);
      if (!next || !counted || next.outOf !== null) continue;
      of = next.value;
      unit = counted[1] ?? /^\s*(\w+)/.exec(text.slice(next.end))?.[1] ?? '';
      done = n.value;
    }
    if (n.upper !== null || of <= 0 || done > of) continue;
    if (!OCCASION_UNIT.test(unit.split(' ')[0] ?? '') && !OCCASION_UNIT.test(unit) && [5, 10, 100].includes(of)) continue;
    return done === of ? 'done' : done === 0 ? 'not done' : 'partly';
  }
  return null;
}

/** Whether homework was done, from the client's answer to a review question. */
export function completionOf(answer: ReadTurn | undefined): Completion {
  if (!answer) return 'unclear';
  const texts = answer.sentences.slice(0, 4).map((s) => s.text);
  const counted = texts.map(countedCompletion);
  // "Getting up at the same time, not really.": a part of the task said not to have happened.
  const partly = texts.some((t) => any(PARTLY, t)) || counted.includes('partly');
  const notDone = texts.some((t) => any(NOT_DONE, t) || /, not really\b/.test(t)) || counted.includes('not done');
  const done = texts.some((t) => any(DONE, t)) || counted.includes('done');
  if (partly) return 'partly';
  if (notDone && done) return /^(?:no|nope|nah|not really)\b/.test(texts[0] ?? '') && !texts.slice(1).some((t) => any(DONE, t)) ? 'not done' : 'partly';
  if (notDone) return 'not done';
  if (done) return 'done';
  // "I rang. Twice.", "Told her. Wednesday, at handover.": the first sentence tells of the deed itself, unnegated.
  const first = answer.sentences[0];
  if (first?.clauses.some((c) => !c.negated && (c.subject === 'speaker' || c.subject === 'none') && c.tense === 'past' && c.tokens.some(isDeed))) return 'done';
  return 'unclear';
}

/** Verbs that tell of something done (not "was", "had", "felt", "thought", "meant", "forgot"). */
const NOT_DEEDS = new Set([
  'be',
  'have',
  'feel',
  'think',
  'mean',
  'forget',
  'want',
  'wish',
  'hope',
  'know',
  'say',
  'seem',
  'get',
  'need',
  'like',
  'love',
  'hate',
  'guess',
  'suppose',
  'realise',
  'realize',
  'notice',
  'wonder',
  'worry',
]);
const isDeed = (t: { pos: string; lemma: string; word: string }) => t.pos === 'VERB' && t.word !== t.lemma && !NOT_DEEDS.has(t.lemma);
