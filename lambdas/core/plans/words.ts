/**
 * How the plan reads a sentence about a goal, on the language layer's tokens (lemma, part of speech, tense,
 * subject, negation): which words say what the goal is about, a measurable form, a time frame, and the few
 * closed word classes that say where a goal stands. Pure.
 */
import { type Clause, nounPhrases, type Sentence, type Token, tentative } from '../language/index.js';
import { verbatimOf } from '../notes/extract/change-talk.js';
import type { ReadTurn } from '../notes/extract/input.js';
import { uptakeOf } from '../notes/extract/uptake.js';
import { TIME_FRAME } from '../notes/extract/goals.js';

/**
 * Words that carry no topic of their own in a goal: auxiliaries, light and modal verbs, wishing and trying
 * ("want to", "keep", "get back to"), hedges and degree words. What is left (the activity, its object, its
 * place) is what two statements of one goal share.
 */
const LIGHT = new Set([
  'be',
  'have',
  'do',
  'get',
  'go',
  'make',
  'keep',
  'want',
  'like',
  'hope',
  'wish',
  'need',
  'try',
  'let',
  'will',
  'would',
  'can',
  'could',
  'should',
  'may',
  'might',
  'must',
  'shall',
  'maybe',
  'perhaps',
  'just',
  'really',
  'again',
  'back',
  'more',
  'less',
  'still',
  'also',
  'so',
  'very',
  'think',
  'feel',
  'say',
  'thing',
  'lot',
  'bit',
  'way',
  'kind',
  'able',
  'even',
  'too',
  'now',
  'then',
  'here',
  'there',
  'well',
  'yes',
  'yeah',
  'okay',
  'goal',
  'aim',
  'target',
  'plan',
  'start',
  'work',
  'call',
  'honestly',
  'actually',
  'right',
  'sure',
  'not',
  'never',
  'least',
  'most',
  'least',
  'some',
  'much',
  'many',
  'own',
  'good',
  'better',
  'great',
  'fine',
  'set',
  'week',
  'weeks',
  'day',
  'night',
  'time',
  'month',
  'year',
  'hour',
  'minute',
  'morning',
  'evening',
  'weekend',
  'today',
  'tonight',
  'tomorrow',
  'meet',
  'reach',
  'achieve',
  'accomplish',
  'done',
  'become',
  'tell',
  'ask',
  'mean',
  // A support verb: "take a break", "take the bus" are about the break and the bus.
  'take',
]);
/**
 * "Work" the job ("back at work", "off work", "my work", "And work, …?") is what a goal can be about; "work"
 * the verb ("that worked", "work on it", "how did the practice work out?", which a tagger may read as a
 * compound noun) says nothing of it. The job: after a preposition or a possessive, or opening its clause, and
 * with no particle after it.
 */
const JOB_BEFORE = new Set(['at', 'to', 'from', 'into', 'off', 'after', 'before', 'for', 'my', 'your', 'his', 'her', 'their', 'our']);
function isTheJob(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t?.lemma !== 'work' || t.pos !== 'NOUN') return false;
  if (['out', 'on', 'through', 'up'].includes(tokens[i + 1]?.word ?? '')) return false;
  const before = tokens.slice(0, i).filter((x) => x.pos !== 'PUNCT');
  const prev = before.at(-1);
  return prev === undefined || JOB_BEFORE.has(prev.word) || (before.length === 1 && prev.pos === 'CCONJ');
}

/** Nouns, verbs and adjectives say what a goal is about; adverbs ("properly", "together") only how. */
const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ']);

/** A noun made from a verb ("climbing", "sleeping") is the verb's activity: both are read as the verb. */
function stem(lemma: string): string {
  return lemma.length > 5 && lemma.endsWith('ing') ? lemma.slice(0, -3) : lemma;
}

/** The model leaves some plural nouns as written ("Mondays"): a noun's plural s is dropped. */
function singular(token: Token): string {
  const plural = (token.pos === 'PROPN' || token.pos === 'NOUN') && token.lemma.length > 4 && /[^su]s$/.test(token.lemma);
  return plural ? token.lemma.slice(0, -1) : token.lemma;
}

/**
 * Words of one meaning class read as one word, so a goal restated in a synonym is still the same goal ("talk
 * to her about the workload" / "the conversation with your manager"). Deliberately small and closed: only
 * whole classes from a published lexical source, never a phrase from a session. The class here is Levin's
 * verbs of communication, talk and chitchat verbs (Levin 1993, English Verb Classes and Alternations,
 * 37.5–37.6), with their event nouns (a conversation is a talk), and the say verbs that name a turn at talk
(37.7: comment, remark; "one comment a week" is met by "I've spoken at both"): all are read as `talk`. Speaking to
 * someone about something is the topic of many goals (a partner, a manager, a parent), and the class is said
 * in many words across sessions.
 */
const SAME_MEANING = new Map<string, string>([
  ...['talk', 'speak', 'chat', 'converse', 'conversation', 'discuss', 'discussion', 'chatter', 'gossip', 'comment', 'remark'].map((w): [string, string] => [
    w,
    'talk',
  ]),
  // The a- adjectives of a verb are its state ("fell asleep", "I'm asleep by eleven" is sleep).
  ['asleep', 'sleep'],
  ['awake', 'wake'],
]);

/** The words of a clause that say what it is about, as lemmas. */
export function contentLemmas(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  tokens.forEach((t, i) => {
    // "Say no to her": saying no is refusing, an activity of its own ("say" alone is light).
    if (t.lemma === 'say' && tokens[i + 1]?.word === 'no') {
      out.add('refuse');
      return;
    }
    if (!CONTENT_POS.has(t.pos) || !/^[a-z][a-z-]+$/.test(t.lemma)) return;
    const stemmed = stem(singular(t));
    const lemma = SAME_MEANING.get(stemmed) ?? stemmed;
    if (lemma.length < 3 || ((LIGHT.has(lemma) || LIGHT.has(t.word)) && !isTheJob(tokens, i))) return;
    out.add(lemma);
  });
  return out;
}

export function sentenceLemmas(sentence: Sentence): Set<string> {
  return contentLemmas(sentence.clauses.flatMap((c) => c.tokens));
}

/**
 * A word's root for comparing what two phrases are about: the lemma without a gerund's -ing, a doubled final
 * consonant or a final e, so the activity and its noun meet ("driving" / "the drives", "swimming" / "my swim").
 */
export function rootOf(lemma: string): string {
  let w = lemma.length > 5 && lemma.endsWith('ing') ? lemma.slice(0, -3) : lemma;
  if (/([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return SAME_MEANING.get(w) ?? SAME_MEANING.get(lemma) ?? w;
}

/** Parts of the day and week: the occasions a goal is measured in ("most mornings"), and what "How have the mornings been?" asks about. */
const OCCASIONS = new Set(['morning', 'night', 'evening', 'weekend', 'weekday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/**
 * What a sentence is about, as noun phrases: the heads (the things and activities named: "the walks", "a
 * proper lunch break", "Walking to work"), the words modifying them, and the occasions named. A head is a
 * root (rootOf) that carries a topic (not a light or measuring word); a compound's first noun counts as a
 * head too ("a lunch break" is about lunch as much as a break).
 */
export interface Topic {
  heads: Set<string>;
  /** The heads that are things (tagged nouns: "my brother", "the motorway"), not activities: what two statements of one goal can share. */
  things: Set<string>;
  modifiers: Set<string>;
  occasions: Set<string>;
}

export function topicOf(sentence: Sentence): Topic {
  const topic: Topic = { heads: new Set(), things: new Set(), modifiers: new Set(), occasions: new Set() };
  for (const clause of sentence.clauses) {
    for (const phrase of nounPhrases(clause.tokens)) {
      const head = singularLemma(phrase.head);
      if (OCCASIONS.has(head)) {
        topic.occasions.add(head);
        continue;
      }
      if ((!LIGHT.has(head) || isTheJob(clause.tokens, phrase.at)) && head.length >= 3) {
        topic.heads.add(rootOf(head));
        if (phrase.tagged) topic.things.add(rootOf(head));
      }
      for (const m of phrase.modifiers) {
        const mod = singularLemma(m);
        if (LIGHT.has(mod) || mod.length < 3) continue;
        if (OCCASIONS.has(mod)) topic.occasions.add(mod);
        else if (phrase.compound.includes(m)) {
          topic.heads.add(rootOf(mod));
          // "the sleep goal": under a head with no topic of its own, the compound's noun is the thing named.
          if (LIGHT.has(head)) topic.things.add(rootOf(mod));
        } else topic.modifiers.add(rootOf(mod));
      }
    }
  }
  return topic;
}

const singularLemma = (lemma: string) => (lemma.length > 4 && /[^su]s$/.test(lemma) ? lemma.slice(0, -1) : lemma);

/**
 * Share of the smaller set found in the other (the overlap coefficient). Goals are said in two to five
 * content words and restated in others ("get back to the climbing gym" / "keep climbing on Saturdays"), so
 * the shorter statement's words are what must be found in the longer one.
 */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

/**
 * Share of `form` (one statement of a goal) found in `lemmas`: a sentence, or a task, is about the goal when
 * it holds at least SAME_GOAL_OVERLAP of one of its statements' content words.
 */
export function shareOf(form: ReadonlySet<string>, lemmas: ReadonlySet<string>): number {
  if (form.size === 0) return 0;
  let found = 0;
  for (const w of form) if (lemmas.has(w)) found++;
  return found / form.size;
}

/**
 * Two statements are of one goal when at least half of the shorter one's content words are in the other.
 * Half, because a goal's head activity is usually one word of two ("climbing gym" / "climbing on Saturdays"
 * share "climb"); more would split a goal restated in new words, and a single shared word is still required,
 * so goals that share only a common word are kept apart when each has two or more of their own.
 */
export const SAME_GOAL_OVERLAP = 0.5;

const UNITS = new Set(['day', 'week', 'night', 'time', 'month', 'hour', 'minute', 'morning', 'evening', 'weekend', 'session', 'mile', 'step', 'drink', 'unit']);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const QUANTIFIERS = new Set(['every', 'each', 'most', 'once', 'twice']);

function verbatim(sentence: Sentence, words: string[]): string {
  const phrase = words.join(' ');
  return (verbatimOf(sentence, phrase) ?? phrase).replace(/[\s.,;:!?]+$/, '');
}

/**
 * A measurable form: a frequency or amount ("at least three days a week", "most nights", "every week",
 * "twice a week", "five nights out of seven", "on Saturdays") or a clock time to do it by ("by six"), verbatim.
 */
export function measurableIn(sentence: Sentence): string | null {
  const tokens = sentence.clauses.flatMap((c) => c.tokens);
  const found: string[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const start = i >= 2 && tokens[i - 2]!.word === 'at' && ['least', 'most'].includes(tokens[i - 1]!.word) ? i - 2 : i;
    if (t.pos === 'NUM' || QUANTIFIERS.has(t.word)) {
      const words = tokens.slice(start, i + 1).map((x) => x.word);
      let j = i + 1;
      // "two a week", "three per night": a number of times with its interval and the unit of what is counted left unsaid.
      const perInterval = t.pos === 'NUM' && ['a', 'per'].includes(tokens[j]?.word ?? '') && UNITS.has(tokens[j + 1]?.lemma ?? '');
      // "three runs a week", "one comment a week", "two applications a week": a count of a thing done per interval.
      const thingPerInterval =
        t.pos === 'NUM' &&
        tokens[j]?.pos === 'NOUN' &&
        ['a', 'per', 'each', 'every'].includes(tokens[j + 1]?.word ?? '') &&
        UNITS.has(tokens[j + 2]?.lemma ?? '');
      if (thingPerInterval) {
        words.push(tokens[j]!.word, tokens[j + 1]!.word, tokens[j + 2]!.word);
        found.push(words);
        continue;
      }
      if (t.word !== 'once' && t.word !== 'twice' && !perInterval) {
        if (!UNITS.has(tokens[j]?.lemma ?? '')) {
          // "by six", "before ten": a time to do it by.
          if (t.pos === 'NUM' && ['by', 'before'].includes(tokens[i - 1]?.word ?? '')) found.push([tokens[i - 1]!.word, t.word]);
          // "sleep through to six", "stay in bed until seven": a time to last until.
          else if (t.pos === 'NUM' && ['until', 'till', 'til'].includes(tokens[i - 1]?.word ?? '')) found.push([tokens[i - 1]!.word, t.word]);
          else if (t.pos === 'NUM' && tokens[i - 1]?.word === 'to' && tokens[i - 2]?.word === 'through') found.push(['through', 'to', t.word]);
          continue;
        }
        words.push(tokens[j]!.word);
        j++;
      }
      // "a week", "per night", "out of seven".
      if (['a', 'per', 'each', 'every'].includes(tokens[j]?.word ?? '') && UNITS.has(tokens[j + 1]?.lemma ?? ''))
        words.push(tokens[j]!.word, tokens[j + 1]!.word);
      else if (tokens[j]?.word === 'out' && tokens[j + 1]?.word === 'of' && tokens[j + 2]?.pos === 'NUM') words.push('out', 'of', tokens[j + 2]!.word);
      found.push(words);
    } else if (t.word === 'on' && WEEKDAYS.has(tokens[i + 1]?.word.replace(/s$/, '') ?? '') && tokens[i + 1]!.word.endsWith('s')) {
      found.push(['on', tokens[i + 1]!.word]);
    }
  }
  if (found.length === 0) return null;
  return found.map((w) => verbatim(sentence, w)).join(', ');
}

const TIME_UNITS = new Set(['day', 'week', 'month', 'year']);

/**
 * A time frame as said: the note engine's reader (notes/extract/goals.ts: "within six weeks", "by the
 * summer", "by Christmas", "by the end of the year"), and before it the one form that reader cannot see,
 * an amount with words between it and its preposition ("in, say, two months").
 */
export function timeFrameIn(sentence: Sentence): string | null {
  const tokens = sentence.clauses.flatMap((c) => c.tokens);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.word;
    if (w !== 'in' && w !== 'within') continue;
    // "in, say, two months": up to two words between the preposition and the amount.
    for (let k = i + 1; k <= i + 3 && k < tokens.length - 1; k++) {
      const amount = tokens[k]!;
      if ((amount.pos === 'NUM' || ['a', 'an', 'few'].includes(amount.word)) && TIME_UNITS.has(tokens[k + 1]!.lemma)) {
        return verbatim(
          sentence,
          tokens.slice(i, k + 2).map((x) => x.word),
        );
      }
    }
  }
  const said = TIME_FRAME.exec(sentence.text)?.[0];
  return said === undefined ? null : verbatim(sentence, said.split(' '));
}

// ── Where a goal stands, from closed word classes ─────────────────────────────────────────────────────

/** Saying a goal is reached: "met", "reached", "achieved", "done". */
const REACHED = new Set(['met', 'reached', 'achieved', 'accomplished', 'done', 'there']);
/** Setting a goal aside: "drop", "shelve", "park", "give up on", "let it go". */
const SET_ASIDE = new Set(['drop', 'shelve', 'park', 'abandon']);
const SET_ASIDE_OBJECT = new Set(['that', 'it', 'this', 'the', 'those', 'these', 'them', 'my', 'our']);
/** Saying it is better: comparatives of improvement, and getting closer. */
const IMPROVED = new Set(['better', 'improve', 'improving', 'improved', 'easier', 'progress', 'closer', 'less', 'fewer', 'managed', 'manage']);

const unnegated = (sentence: Sentence) => sentence.clauses.filter((c) => !c.negated);

/** What a verb of reaching takes when it is an ordinary deed, not a verdict: "I met Dan", "I've done two walks", "I reached out". */
const OBJECT_POS = new Set(['NOUN', 'PROPN', 'PRON', 'DET', 'NUM', 'ADP']);

/**
 * "I think the sleep goal is met", "I'd call that one done": a clause saying it is reached, not negated, not
 * a future or a question. The word is a verdict only when nothing follows it as its object: "I met Dan on
 * Friday" and "I've done two walks" tell of a deed (a step, at most), never of a goal reached.
 */
export function saysReached(sentence: Sentence): boolean {
  if (/\?\s*$/.test(sentence.original)) return false;
  // "Sort of done, I suppose": a hedged verdict is not a verdict ("I think that one's done" is: an opinion frame states it).
  if (tentative(sentence.text)) return false;
  return unnegated(sentence).some(
    (c) =>
      c.tense !== 'future' &&
      c.tokens.some((t, i) => {
        if (!REACHED.has(t.word)) return false;
        if (t.word === 'there') return /\b(?:i am|we are|i am nearly|got) there\b/.test(c.text);
        // "who's just had a hip done", "got the boiler done": a thing had done, not a verdict on a goal.
        const prev = c.tokens[i - 1];
        if (prev && (prev.pos === 'NOUN' || prev.pos === 'PROPN') && c.tokens.slice(0, i).some((x) => x.lemma === 'have' || x.lemma === 'get')) return false;
        // "First week done.", "Two sessions done, four to go.", "Half done.": a part of the way, not the goal reached.
        if (prev && (prev.lemma === 'half' || (prev.pos === 'NOUN' && UNITS.has(singularLemma(prev.lemma))))) return false;
        return !OBJECT_POS.has(c.tokens[i + 1]?.pos ?? '') || c.tokens[i + 1]?.word === 'too';
      }),
  );
}

/** Setting a goal aside, in a clause that is not negated ("I'm not ready to give up on it" keeps it). */
export function saysSetAside(sentence: Sentence): boolean {
  return unnegated(sentence).some(
    (c) =>
      // "Drop that one", "park it": the verb with what it sets aside after it ("to the park" is a place).
      c.tokens.some((t, i) => (SET_ASIDE.has(t.lemma) || SET_ASIDE.has(t.word)) && SET_ASIDE_OBJECT.has(c.tokens[i + 1]?.word ?? '')) ||
      /\b(?:give up on|let go of|no longer (?:want|need))\b/.test(c.text) ||
      // "Let the guitar go", "let it go": letting a named thing go, never a person ("let me go first").
      /\blet (?:it|that|this|(?:the|that|this|my) [a-z]+(?: [a-z]+)?) go\b/.test(c.text) ||
      /\bnot (?:want|need) (?:that|it|this) any more\b/.test(c.text),
  );
}

/**
 * A verdict about one thing pointed at: "that one", "this goal", or a demonstrative or "it" as the subject
 * ("That's done.", "It's met."), and nothing plural in the sentence ("two of them done", "the goals"): what
 * the conversation was just about is its referent.
 */
export function pointsBackToOne(sentence: Sentence): boolean {
  if (/\b(?:them|they|those|these|both|all|goals)\b/.test(sentence.text)) return false;
  return (
    /\b(?:that|this) (?:one|goal)\b/.test(sentence.text) || /^(?:and |but |so |yes |yeah |well )?(?:that|this|it) (?:is|was|has|one)\b/.test(sentence.text)
  );
}

/** "That one", "that", "it", "this one": a sentence that points back to what the turn or the question is about. */
export function pointsBack(sentence: Sentence): boolean {
  return /\b(?:that one|this one|that goal|this goal|that|it)\b/.test(sentence.text);
}

const FOCUSING = new Set(['even', 'just', 'only', 'especially', 'mainly', 'mostly', 'particularly', 'ideally']);

/** No verb of its own: a fragment naming or qualifying something ("The allotment.", "Less impossible."). */
export const verbless = (sentence: Sentence) => !sentence.clauses.some((c) => c.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX'));

/**
 * A fragment that qualifies the goal said just before it rather than naming one: no verb, and it opens with
 * a focusing adverb ("Even just a walk."), a quantifier or number ("Every Wednesday, like before.", "Both
 * days.") or a preposition ("With my sister."). It restricts or measures the goal before it.
 */
export function qualifiesPrevious(sentence: Sentence): boolean {
  const all = sentence.clauses.flatMap((c) => c.tokens).filter((t) => t.pos !== 'PUNCT');
  // "Even one comment a week that I chose to make, not one dragged out of me": a relative clause or an
  // appositive after the head ("that…", "which…", ", not…") describes the qualifier; the head has no verb.
  const end = all.findIndex((t, i) => i > 0 && ((['that', 'which', 'who'].includes(t.word) && t.pos !== 'DET') || (t.word === 'not' && i > 1)));
  const tokens = end > 0 ? all.slice(0, end) : all;
  const first = tokens.find((t) => !['and', 'or', 'but', 'maybe', 'perhaps'].includes(t.word));
  if (!first || tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX')) return false;
  return FOCUSING.has(first.word) || QUANTIFIERS.has(first.word) || ['both', 'all'].includes(first.word) || first.pos === 'NUM' || first.pos === 'ADP';
}

/** Verbs that tell of not doing, or of a state rather than a deed: never a step toward a goal. */
const NOT_A_STEP = new Set([
  'be',
  'have',
  'feel',
  'think',
  'know',
  'say',
  'tell',
  'want',
  'wish',
  'hope',
  'miss',
  'skip',
  'forget',
  'fail',
  'avoid',
  'cancel',
  'lose',
]);

/**
 * The client telling of a step or an improvement, in a sentence already known to be about the goal: a
 * comparative of improvement ("better", "less than it was"), or something they did ("I went on Wednesday
 * too", "I've slept through five nights"), in a clause that is not negated and not a wish or a plan.
 */
export function saysImproved(sentence: Sentence, activity?: Topic, reduces = true): boolean {
  // "Sort of better, I suppose": a hedged report of improvement is not evidence of it.
  if (tentative(sentence.text)) return false;
  // "Getting there", "nearly there": reaching in the progressive, on the way and not arrived.
  if (/\b(?:getting|nearly|almost) there\b/.test(sentence.text)) return true;
  if (reportsCount(sentence)) return true;
  return unnegated(sentence).some((c: Clause) => {
    if (c.tense === 'conditional' || c.tense === 'future') return false;
    // "I've just got to get back on it", "I have to ring her": an obligation, not a deed.
    if (/\b(?:have|has) (?:just |still |really |only )?got to\b|\bgotta\b|\b(?:have|has|need|needs) to\b/.test(c.text)) return false;
    // "I used to get about seven hours": how it was before, not a step.
    if (/\bused to\b/.test(c.text)) return false;
    // "More like five and a half" says about how much, not that it got better.
    // Doing the activity less, or worse, is no step unless the goal is to do less ("I've been sleeping less than ever").
    if (!reduces && c.tokens.some((t) => t.word === 'less' || t.word === 'fewer' || t.word === 'worse')) return false;
    // "Less" and "fewer" say which way, not that it is better: an improvement only for a goal of doing less ("I've been sleeping less" is not one for sleep).
    if (
      c.tokens.some(
        (t, i) =>
          (IMPROVED.has(t.word) || IMPROVED.has(t.lemma)) &&
          !(t.word === 'less' && c.tokens[i + 1]?.word === 'like') &&
          (reduces || (t.word !== 'less' && t.word !== 'fewer')),
      )
    )
      return true;
    // "did 4 mornings out of 7", "went twice": a report with its subject left out, as chat and speech leave it, is the speaker's.
    // "Got it." acknowledges: a report needs more than a verb and a pronoun.
    const words = c.tokens.filter((t) => t.pos !== 'PUNCT');
    const elided = c.subject === 'none' && words.length > 2 && ['VERB', 'AUX'].includes(words.find((t) => t.pos !== 'CCONJ' && t.pos !== 'ADV')?.pos ?? '');
    // "Most school nights I'm asleep by half eleven now.": how it is now on most occasions, against how it was.
    if (
      c.subject === 'speaker' &&
      c.tense === 'present' &&
      /\bnow\b/.test(c.text) &&
      /\b(?:most|every|all) (?:\w+ )?(?:nights?|days?|mornings?|evenings?|weeks?|weekdays?)\b/.test(sentence.text) &&
      (activity === undefined || [...contentLemmas(c.tokens)].some((w) => activity.heads.has(rootOf(w))))
    )
      return true;
    if ((c.subject !== 'speaker' && !elided) || (c.tense !== 'past' && !perfect(c))) return false;
    // "We've been out two Sundays in a row", "I went three mornings": occasions counted in a report of the past.
    // "I've been twice now", "I went three times": occasions counted by an adverb of frequency.
    if (/\b(?:once|twice|(?:two|three|four|five|six|seven|\d+) times)\b/.test(c.text) && !/\bused to\b/.test(c.text)) {
      const verbs = c.tokens.filter((t) => t.pos === 'VERB');
      if (verbs.length === 0 || activity === undefined || deedOn(c, verbs, activity)) return true;
    }
    if (nounPhrases(c.tokens).some((p) => p.counted && (UNITS.has(singularLemma(p.head)) || OCCASIONS.has(singularLemma(p.head))))) {
      // Occasions of the goal's activity, not of something else done all week ("I've been stewing on it all week").
      const verbs = c.tokens.filter((t, i) => t.pos === 'VERB' || (t.word.endsWith('ing') && c.tokens[i - 1]?.word === 'been'));
      if (verbs.length === 0 || activity === undefined || deedOn(c, verbs, activity)) return true;
    }
    // A report with its subject left out counts only by its occasions, above: "did the phq9 this morning" is no deed on a goal.
    if (elided) return false;
    // "I did the ring road", "I did it": "do" with an object is the deed itself, whatever its tag.
    // "We had a talk on Thursday", "I had a proper lunch": "have" with the activity as its object is the deed.
    const deeds = c.tokens.filter(
      (t, i) =>
        (t.pos === 'VERB' && !NOT_A_STEP.has(t.lemma)) ||
        (t.lemma === 'do' && ['DET', 'PRON', 'NOUN', 'PROPN'].includes(c.tokens[i + 1]?.pos ?? '')) ||
        (t.lemma === 'have' && activity !== undefined && hasAsObject(c.tokens.slice(i + 1), activity)),
    );
    return deeds.length > 0 && (activity === undefined || deedOn(c, deeds, activity));
  });
}

/** The noun phrase right after a verb ("a talk", "a proper lunch") has the activity as its head. */
function hasAsObject(after: readonly Token[], activity: Topic): boolean {
  const [object] = nounPhrases(after.slice(0, 4));
  return object !== undefined && object.at <= 3 && activity.heads.has(rootOf(singularLemma(object.head)));
}

/** The present perfect ("I've slept through five nights", "we've been out"): a report of what has been done, like the past. */
function perfect(c: Clause): boolean {
  return c.tokens.some(
    (t, i) =>
      t.lemma === 'have' &&
      t.pos === 'AUX' &&
      c.tokens.slice(i + 1, i + 3).some((x) => x.word !== x.lemma && !x.word.endsWith('ing') && (x.pos === 'VERB' || x.pos === 'AUX')),
  );
}

/** Verbs of doing in general: their object or complement says what was done ("I did the ring road", "I went", "I got through three school runs"). */
const DOING = new Set(['do', 'go', 'get', 'make', 'manage', 'try', 'start', 'keep', 'finish', 'have']);

/**
 * A past deed is a step toward a goal only when it is the goal's activity: its verb is the activity ("I drove
 * to work" for driving to work), or a verb of doing in general whose object is the goal's thing, a pronoun or
 * nothing (the thing asked about: "I did it", "I went"), or a count of occasions ("three school runs").
 * Bringing a list, buying vegetables or noticing something are deeds, not the goal's activity: worked on.
 */
function deedOn(clause: Clause, deeds: readonly Token[], activity: Topic): boolean {
  // The deed is what the speaker did, not what it was for: "I've written a script for ringing the dentist" prepares the ringing.
  const done = deeds.filter((t) => {
    const i = clause.tokens.indexOf(t);
    const prev = clause.tokens[i - 1];
    return !(prev && (prev.pos === 'ADP' || prev.pos === 'SCONJ' || (prev.word === 'to' && prev.pos === 'PART')));
  });
  if (done.some((t) => activity.heads.has(rootOf(t.lemma)))) return true;
  // "Fell asleep before midnight three times": the state the verb comes to is the activity's own, when said with
  // its time or its count ("I fell asleep on the sofa" is not the step a sleep goal means).
  if (
    done.length > 0 &&
    /\b(?:before|by|within|under|times?|nights?)\b/.test(clause.text) &&
    clause.tokens.some((t) => t.pos === 'ADJ' && SAME_MEANING.has(t.lemma) && activity.heads.has(rootOf(t.lemma)))
  )
    return true;
  if (!deeds.some((t) => DOING.has(t.lemma))) return false;
  const phrases = nounPhrases(clause.tokens);
  if (phrases.some((p) => activity.heads.has(rootOf(p.head)) || p.compound.some((m) => activity.heads.has(rootOf(m))) || p.counted)) return true;
  const afterVerb = clause.tokens.slice(clause.tokens.findIndex((t) => deeds.includes(t)) + 1);
  return afterVerb.every((t) => t.pos !== 'NOUN' && t.pos !== 'PROPN');
}

/**
 * A count of occasions given as the answer, with no verb of its own ("Two out of three.", "Every day this
 * week.", "Nine school days out of ten without shouting."): a report of how often it was done. A count of
 * none ("Zero.", "None of them.") is negated and is no step.
 */
export function reportsCount(sentence: Sentence): boolean {
  const all = sentence.clauses.flatMap((c) => c.tokens).filter((t) => t.pos !== 'PUNCT');
  // "So that's two calls in a fortnight", "That makes three": the count summed up, after its frame.
  const frame = /^(?:so |and )?(?:that is|that makes|that was|which is|which makes) /.exec(sentence.text);
  const tokens = frame ? all.slice(frame[0].trim().split(' ').length) : all;
  if (tokens.some((t) => t.pos === 'AUX' || (t.pos === 'VERB' && !t.word.endsWith('ing'))) || sentence.clauses.some((c) => c.negated)) return false;
  const first = tokens.find((t) => t.pos !== 'CCONJ' && t.pos !== 'INTJ');
  if (first === undefined || !(first.pos === 'NUM' || ['every', 'each', 'all', 'both'].includes(first.word))) return false;
  // A count of occasions ("two out of three", "all four", "every day", "nine school days"), not of things ("eleven projects").
  const counted = tokens.find((t) => t.pos === 'NOUN' || t.pos === 'PROPN');
  return counted === undefined || UNITS.has(singularLemma(counted.lemma)) || OCCASIONS.has(singularLemma(counted.lemma)) || /\bout of\b/.test(sentence.text);
}

/**
 * A new target proposed for a goal, not a count of what was done: a measurable form in a clause with a
 * modal ("Can we say twice a week?", "Could we make it once a week on my own?", "I'll aim for two") that is
 * not negated and not past.
 */
export function proposesTarget(sentence: Sentence): string | null {
  const measurable = measurableIn(sentence);
  if (measurable === null) return null;
  const modal = sentence.clauses.some(
    (c) => !c.negated && c.tense !== 'past' && c.tokens.some((t) => ['can', 'could', 'would', 'will', 'shall', 'should'].includes(t.word)),
  );
  return modal ? measurable : null;
}

/** An affirmative opening: "yes", "sure", "right", "that's right", "sounds good". */
const AFFIRMATIVE = /^(?:yes|yeah|yep|sure|exactly|right|absolutely|definitely|okay|ok|agreed|that is right|sounds (?:good|right))\b/;

/**
 * The client taking up what the therapist just put (a goal in the therapist's words, the tasks for the
 * week): an affirmative opening in a sentence that is not negated, or a task taken up in their own words
 * (the note engine's uptake reader: committed or tentative).
 */
export function takesUp(answer: ReadTurn | undefined): answer is ReadTurn {
  if (answer?.role !== 'client') return false;
  // "Yes.", and "Mine. Yes.": an agreement in the first two sentences, neither negated.
  const opening = answer.sentences.slice(0, 2);
  if (!opening.some((x) => x.clauses.some((c) => c.negated)) && opening.some((x) => AFFIRMATIVE.test(x.text))) return true;
  const { uptake } = uptakeOf(answer);
  return uptake === 'committed' || uptake === 'tentative';
}
