/**
 * The client's own words for how they feel, clause by clause: "I feel flat", "I've been so anxious", "honestly
 * not great", "a bit lighter now". A negated positive ("not great", "not good") is a low report in the
 * client's words; a negated low word ("I'm not sad") says nothing. Used for mood and affect as the client
 * described them, never as observed appearance.
 */
import type { ExtractInput } from './input.js';
import { quoteAround } from './quote.js';

export type Valence = 'low' | 'better';

export interface Feeling {
  turnId: string;
  turnIndex: number;
  valence: Valence;
  /** The feeling word as said ("flat", "not great"). */
  word: string;
  quote: string | null;
}

const LOW = new Set([
  'sad',
  'down',
  'low',
  'flat',
  'empty',
  'numb',
  'hopeless',
  'miserable',
  'depressed',
  'anxious',
  'worried',
  'nervous',
  'scared',
  'afraid',
  'panicky',
  'stressed',
  'overwhelmed',
  'exhausted',
  'tired',
  'drained',
  'angry',
  'irritable',
  'frustrated',
  'guilty',
  'ashamed',
  'lonely',
  'stuck',
  'lost',
  'awful',
  'terrible',
  'horrible',
  'rubbish',
  'crap',
  'bad',
  'worse',
  'upset',
  'tense',
  'hurt',
  'useless',
  'worthless',
  'heavy',
  'raw',
  'tearful',
  'frightened',
  'confused',
  'hopeless',
]);
const BETTER = new Set([
  'better',
  'good',
  'great',
  'calm',
  'calmer',
  'hopeful',
  'relieved',
  'lighter',
  'proud',
  'happy',
  'happier',
  'okay',
  'fine',
  'settled',
  'relaxed',
  'positive',
  'brighter',
  'confident',
  'motivated',
  'lifted',
]);
/** Nouns of time that follow a feeling without being described by it ("I feel terrible today"). */
const TIME_WORDS = new Set(['today', 'tonight', 'lately', 'recently', 'now', 'yesterday', 'tomorrow', 'morning', 'evening', 'week']);
/** Words that grade how something went as well as how one feels; after "be" they need a closer look. */
const EVALUATIVE = new Set(['awful', 'terrible', 'horrible', 'rubbish', 'crap', 'bad', 'worse', 'good', 'great']);
/** A question about the session itself, whose answer rates the session, not the client's mood. */
const SESSION_FEEDBACK = /\bhow (?:was|did|has|is) (?:(?:today|this|that)(?: been| feel| go)? for you|(?:the|this|our|today's) session)\b/;
/** Verbs and copulas that put a feeling on the speaker. */
const FEEL_VERB = /^(?:feel|be|get|seem|become)$/;
const DEGREE = new Set([
  'so',
  'really',
  'pretty',
  'quite',
  'very',
  'a',
  'bit',
  'little',
  'kind',
  'of',
  'sort',
  'bit',
  'super',
  'just',
  'more',
  'less',
  'a',
  'lot',
  'much',
  'totally',
  'completely',
  'fairly',
  'rather',
  'too',
  'all',
  'still',
  'always',
  'now',
  'actually',
  'honestly',
  'kinda',
  'somewhat',
  'slightly',
  'not',
]);

/**
 * Feelings the client named about themselves, in session order.
 *
 * @example
 * extractFeelings(readSession(parseTranscript('Client: Honestly, not great.\nTherapist: …'))); // [{ valence: 'low', word: 'not great', … }]
 */
export function extractFeelings(input: ExtractInput, names: ReadonlySet<string> = new Set()): Feeling[] {
  const out: Feeling[] = [];
  for (const turn of input.client) {
    const asked = input.turns[turn.index - 1];
    const asksAboutSession = asked?.role === 'therapist' && asked.sentences.some((s) => SESSION_FEEDBACK.test(s.text));
    for (const sentence of turn.sentences) {
      if (/\?\s*$/.test(sentence.original)) continue;
      // Clauses are tagged on first read: a sentence without a feeling word is not read further.
      if (!sentence.text.split(/[^a-z]+/).some((w) => LOW.has(w) || BETTER.has(w))) continue;
      for (const clause of sentence.clauses) {
        // "Kind of rubbish.": a hedge the tagger reads as a noun subject ("kind") opens a bare answer.
        const hedgedBare = /^(?:kind|sort) of \w+\W*$/.test(clause.text.trim());
        if (((clause.subject === 'other' || clause.subject === 'listener') && !hedgedBare) || clause.tense === 'conditional') continue;
        if (/\b(?:used to|when i was|you (?:feel|are|seem))\b/.test(clause.text)) continue;
        const toks = clause.tokens;
        // A bare answer ("Not great.", "Better, actually.") is about the speaker when it opens the turn's answer,
        // unless the question asked about the session ("How was today for you?": "Good." rates the session).
        const bare = (clause.subject === 'none' || hedgedBare) && toks.length <= 5 && !asksAboutSession;
        for (let i = 0; i < toks.length; i++) {
          const w = toks[i]!.word;
          const isLow = LOW.has(w);
          const isBetter = BETTER.has(w);
          if (!isLow && !isBetter) continue;
          // Walk back over degree words to the verb that puts it on the speaker.
          let j = i - 1;
          let negated = false;
          // "a bad review": an adjective before a noun describes the noun, not how the speaker feels.
          if (toks[i + 1]?.pos === 'NOUN' && !TIME_WORDS.has(toks[i + 1]!.word)) continue;
          while (
            j >= 0 &&
            ((DEGREE.has(toks[j]!.word) && (toks[j]!.word !== 'a' || /^(?:bit|little|lot)$/.test(toks[j + 1]?.word ?? ''))) ||
              toks[j]!.pos === 'ADV' ||
              toks[j]!.pos === 'PART')
          ) {
            if (toks[j]!.word === 'not' || toks[j]!.word === 'never') negated = true;
            j--;
          }
          const verb = j >= 0 ? toks[j]! : null;
          // "to be tired from something": an infinitive names a state in general, not one the speaker reports.
          if (verb && j > 0 && toks[j - 1]!.word === 'to') continue;
          // The feeling is the speaker's only when the verb's subject is "i"/"we" (or there is none): "alcohol is bad" is not.
          let k = j - 1;
          while (k >= 0 && (toks[k]!.pos === 'AUX' || toks[k]!.pos === 'ADV' || toks[k]!.pos === 'PART')) k--;
          const ownSubject = k < 0 || /^(?:i|we)$/.test(toks[k]!.word) || !(toks[k]!.pos === 'NOUN' || toks[k]!.pos === 'PROPN' || toks[k]!.pos === 'PRON');
          const attached = (verb !== null && (FEEL_VERB.test(verb.lemma) || verb.word === 'feeling') && ownSubject) || (bare && j < 0);
          if (!attached) continue;
          // "I was terrible, my arms were shaking", "I'm rubbish at saying no": after "be", a word that grades
          // grades a performance (said in the past, or with "at" / "with" after it), not a mood.
          if (EVALUATIVE.has(w) && verb?.lemma === 'be' && (/^(?:was|were)$/.test(verb.word) || /^(?:at|with)$/.test(toks[i + 1]?.word ?? ''))) continue;
          if (isLow && negated) continue;
          const valence: Valence = isBetter && negated ? 'low' : isLow ? 'low' : 'better';
          // "fine"/"okay" on their own are politeness, not a mood report.
          if (!negated && (w === 'fine' || w === 'okay') && !bare) continue;
          const word = negated ? `not ${w}` : w;
          if (out.some((f) => f.turnId === turn.id && f.word === word)) continue;
          out.push({ turnId: turn.id, turnIndex: turn.index, valence, word, quote: quoteAround(sentence.original, [w], names) });
        }
      }
    }
  }
  return out;
}
