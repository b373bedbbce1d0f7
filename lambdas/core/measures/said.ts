/**
 * Which scores said in a session belong in the client's series. The note engine's measure reader
 * (lambdas/core/notes/extract/measures.ts) finds every score said as one; a series about the client must also
 * know whose score it is and which value the client gave as their answer:
 *
 * - **Someone else's score** is not the client's: a score whose instrument or rating is owned, in its
 *   sentence, by a third person ("her PHQ was 20", "his AUDIT was 30", "my wife's pain score was a nine") is
 *   left out of the series. Ownership is read from the possessive before the measured noun (a possessive
 *   pronoun of the third person, or a noun with a possessive 's that is not a time: "last week's score" is
 *   still the client's).
 * - **The typical value over one day's value.** Asked to rate a period ("mood, zero to ten?" about the
 *   week), a client who gives a typical value in the plural ("mostly fives this week") and then one day's
 *   value ("one seven, on climbing day") has rated the period at the typical value; the day's value is an
 *   instance, not the answer. The plural of a number word said before the value read is the answer.
 *
 * What cannot be attributed is left out, never guessed: a gap in the series is better than a wrong point. Pure.
 */
import type { Sentence, Token } from '../language/index.js';
import type { ExtractInput, ReadTurn } from '../notes/extract/input.js';
import type { MeasureMention } from '../notes/extract/measures.js';
import { CURRENT_TIME, spokenNumbersIn } from '../notes/extract/numbers.js';

const THIRD_PERSON_POSSESSIVES = new Set(['his', 'her', 'their']);
/** Nouns whose possessive dates a score rather than owning it ("today's score", "last week's PHQ"). */
const TIME_NOUNS = new Set(['today', 'tonight', 'yesterday', 'week', 'month', 'year', 'session', 'time', 'day', 'morning', 'weekend']);
/** What a score is said of: the instrument's name as the language layer tags it, or a word naming a score. */
const SCORED = new Set([
  'phq',
  'gad',
  'pcl',
  'audit',
  'ors',
  'srs',
  'suds',
  'isi',
  'pgsi',
  'core',
  'epds',
  'wsas',
  'score',
  'questionnaire',
  'rating',
  'number',
  'result',
]);

function sentenceOf(turn: ReadTurn, quote: string): Sentence | undefined {
  const q = quote.trim();
  return turn.sentences.find((s) => s.original.includes(q) || q.includes(s.original.trim())) ?? turn.sentences.find((s) => q.includes(s.original.slice(0, 20)));
}

/** The tokens of a sentence before the value, up to the number itself. */
function tokensBeforeValue(sentence: Sentence, value: number): Token[] {
  const tokens = sentence.clauses.flatMap((c) => c.tokens);
  const at = tokens.findIndex((t) => t.pos === 'NUM' && spokenNumbersIn(t.word).some((n) => n.value === value));
  return at < 0 ? tokens : tokens.slice(0, at);
}

/**
 * A third person owns what is scored: "her PHQ", "his AUDIT", "my wife 's pain score" (a possessive up to
 * three words before the scored noun, with no first- or second-person possessive nearer to it).
 */
export function ownedByAnother(sentence: Sentence, value: number): boolean {
  const tokens = tokensBeforeValue(sentence, value);
  for (let i = 0; i < tokens.length; i++) {
    // An instrument's name with its number is one token ("core-10", "phq-9"): the name is what is scored.
    if (!SCORED.has(tokens[i]!.lemma) && !SCORED.has(tokens[i]!.word.replace(/-\d+$/, ''))) continue;
    for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
      const t = tokens[k]!;
      if (THIRD_PERSON_POSSESSIVES.has(t.word)) return true;
      if (t.word === "'s" && tokens[k - 1] && ['NOUN', 'PROPN'].includes(tokens[k - 1]!.pos) && !TIME_NOUNS.has(tokens[k - 1]!.lemma)) return true;
      if (['my', 'your', 'our'].includes(t.word)) return false;
    }
  }
  return false;
}

const PERSON_PRONOUNS = new Set(['he', 'she', 'they']);

/**
 * Someone else scored it: the clause holding the value has a person as its subject ("she scored eighteen",
 * "He did the GAD-7 and got a three", "My wife filled in the PHQ-9 online and scored twenty-two"): a third
 * person pronoun, a name, or a noun after a possessive that is not the scored thing or a time ("it came out
 * at 8", "your PHQ-9 came out at seventeen", "last week's score" stay the client's).
 */
export function scoredByAnother(sentence: Sentence, value: number): boolean {
  // A hyphenated number ("twenty-two") is cut in two by the clause reader: then the clause where the number starts.
  const clause =
    sentence.clauses.find((c) => spokenNumbersIn(c.text).some((n) => n.value === value)) ??
    sentence.clauses.find(
      (c, i) => c.tokens.at(-1)?.pos === 'NUM' && /^[a-z]/.test(sentence.clauses[i + 1]?.text ?? '') && sentence.clauses[i + 1]!.tokens[0]?.pos === 'NUM',
    );
  if (!clause) return false;
  const before = clause.tokens.slice(
    0,
    clause.tokens.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX'),
  );
  const subject = before.find((t) => t.pos === 'PRON' || t.pos === 'NOUN' || t.pos === 'PROPN');
  if (!subject) return false;
  if (PERSON_PRONOUNS.has(subject.word)) return true;
  const scoredThing = (t: Token) => SCORED.has(t.lemma) || SCORED.has(t.word.replace(/[^a-z]/g, '')) || /\d/.test(t.word) || TIME_NOUNS.has(t.lemma);
  const noun = before.find((t) => t.pos === 'NOUN' || t.pos === 'PROPN');
  if (!noun || scoredThing(noun) || before.some(scoredThing)) return false;
  return noun.pos === 'PROPN' || before.some((t) => ['my', 'his', 'her', 'their'].includes(t.word));
}

/** A number word in the plural ("fives", "mostly threes"): a typical value, within the scale. */
function typicalValue(sentence: Sentence, max: number): number | null {
  for (const t of sentence.clauses.flatMap((c) => c.tokens)) {
    if (!/s$/.test(t.word)) continue;
    // The tagger lemmatises some ("fives") and not others ("fours"): the singular is tried as well.
    for (const single of new Set([t.lemma, t.word.replace(/s$/, ''), t.word.replace(/es$/, '')])) {
      if (single === t.word) continue;
      const n = spokenNumbersIn(single).find((x) => x.surface === single);
      if (n && n.value >= 0 && n.value <= max) return n.value;
    }
  }
  return null;
}

/**
 * The session's scores that are the client's, each with the value the client gave as their answer.
 *
 * @example
 * clientsMeasures(input, extractMeasures(input));
 * // "Her PHQ was 20 last month" is left out; "Mostly fives this week. One seven, on climbing day." reads 5.
 */
export function clientsMeasures(input: ExtractInput, mentions: readonly MeasureMention[]): MeasureMention[] {
  const out: MeasureMention[] = [];
  for (const m of mentions) {
    const turn = input.turns.find((t) => t.id === m.turnIds.at(-1));
    const sentence = turn ? sentenceOf(turn, m.quote) : undefined;
    if (!turn || !sentence) {
      out.push(m);
      continue;
    }
    if (ownedByAnother(sentence, m.value) || scoredByAnother(sentence, m.value)) continue;
    if (m.instrument === 'rating' && turn.role === 'client') {
      const at = turn.sentences.indexOf(sentence);
      const earlier = turn.sentences.slice(0, at + 1).find((s) => typicalValue(s, m.outOf) !== null);
      const typical = earlier ? typicalValue(earlier, m.outOf) : null;
      if (earlier && typical !== null && typical !== m.value) {
        // The period the typical value was given for ("mostly fives this week"), when the sentence says one.
        const period = CURRENT_TIME.exec(earlier.text.toLowerCase())?.[0];
        const when =
          period && !/^(?:today|tonight|right now|now|at the moment|currently|this (?:morning|afternoon|evening|session|time))$/.test(period) ? period : m.when;
        out.push({ ...m, value: typical, upTo: null, band: null, when, quote: earlier.original.trim() });
        continue;
      }
    }
    out.push(m);
  }
  return out;
}
