/**
 * Noun phrases of a clause, from the language layer's part-of-speech tags: the head (the noun the phrase is
 * about) and the words that modify it before it ("a calmer morning": head `morning`, modifier `calm`). The
 * light model has no parser, so a phrase is read by its shape: an opener (determiner, possessive, number or
 * quantifier), modifiers, and a head. A word right after an opener and its modifiers is nominal whatever the
 * tagger said ("my Thursday swim", "a lunch break", "three school runs": zero-derived nouns it tags as verbs),
 * as long as no object follows it. A gerund opening a verbless fragment names an activity ("Walking to work.")
 * and heads a phrase of its own. Pure.
 */
import type { Token } from './clauses.js';

export interface NounPhrase {
  /** The noun the phrase is about, as a lemma. */
  head: string;
  /** Adjectives and nouns before the head, as lemmas ("proper lunch break": `proper`, `lunch`). */
  modifiers: string[];
  /** The nouns among them: a compound's first parts ("lunch" in "lunch break"). */
  compound: string[];
  /** "the", "that", "this", a possessive: a phrase pointing at something already known. */
  definite: boolean;
  /** Opened by a number or quantifier ("three mornings", "most nights"): an amount of the head. */
  counted: boolean;
  /** The head was tagged a noun (not a verb form read as one: "Walking to work.", "my Thursday swim"). */
  tagged: boolean;
  /** Index of the head in the tokens given. */
  at: number;
}

const DEFINITE = new Set(['the', 'this', 'that', 'these', 'those', 'my', 'your', 'his', 'her', 'our', 'their', 'its']);
const INDEFINITE = new Set(['a', 'an', 'some', 'any', 'another']);
const QUANTIFIER = new Set(['every', 'each', 'most', 'all', 'both', 'few', 'several', 'many', 'no']);
const NOMINAL = new Set(['NOUN', 'PROPN']);
/** What can follow a verb that has an object; after a nominal head none of these come next. */
const OBJECT_START = new Set(['DET', 'PRON', 'NOUN', 'PROPN', 'NUM']);

/**
 * The noun phrases of a clause's tokens, left to right.
 *
 * @example
 * nounPhrases(sentencesOf('I want my Thursday swim back.')[0].clauses[0].tokens);
 * // [{ head: 'swim', modifiers: ['thursday'], compound: ['thursday'], definite: true, counted: false, tagged: false, at: 5 }]
 */
export function nounPhrases(tokens: readonly Token[]): NounPhrase[] {
  const out: NounPhrase[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const opens = DEFINITE.has(t.word) || INDEFINITE.has(t.word) || QUANTIFIER.has(t.word) || t.pos === 'NUM';
    const fragmentGerund = i === firstWord(tokens) && t.pos === 'VERB' && t.word.endsWith('ing') && !tokens.some((x) => x.pos === 'AUX');
    if (fragmentGerund) {
      out.push({ head: t.lemma, modifiers: [], compound: [], definite: false, counted: false, tagged: false, at: i });
      i++;
      continue;
    }
    if (!opens && !NOMINAL.has(t.pos) && t.pos !== 'ADJ') {
      i++;
      continue;
    }
    const start = i;
    let j = opens ? i + 1 : i;
    // Modifiers and the head: a run of adjectives, nouns and numbers; after an opener a verb-tagged word with no object after it is the head.
    let head = -1;
    for (; j < tokens.length; j++) {
      const x = tokens[j]!;
      if (NOMINAL.has(x.pos)) head = j;
      else if (x.pos === 'ADJ' || x.pos === 'NUM') {
        // A modifier before the head; after it, the phrase has ended.
        if (head >= 0) break;
      } else {
        // After a noun, an -ing form is a participle about it ("my brother going"), not a compound's head.
        const participle = head >= 0 && x.word.endsWith('ing');
        if (x.pos === 'VERB' && opens && nominalForm(x) && !participle && !OBJECT_START.has(tokens[j + 1]?.pos ?? '') && !awaitsVerb(tokens, start)) head = j;
        break;
      }
    }
    if (head < 0) {
      i = Math.max(j, i + 1);
      continue;
    }
    const opener = opens ? tokens[start]! : undefined;
    out.push({
      head: tokens[head]!.lemma,
      modifiers: tokens
        .slice(opens ? start + 1 : start, head)
        .filter((x) => x.pos === 'ADJ' || NOMINAL.has(x.pos))
        .map((x) => x.lemma),
      compound: tokens
        .slice(opens ? start + 1 : start, head)
        .filter((x) => NOMINAL.has(x.pos))
        .map((x) => x.lemma),
      definite: opener !== undefined && DEFINITE.has(opener.word),
      counted: opener !== undefined && (opener.pos === 'NUM' || QUANTIFIER.has(opener.word)),
      tagged: NOMINAL.has(tokens[head]!.pos),
      at: head,
    });
    i = head + 1;
  }
  return out;
}

/** A verb form that can be a zero-derived noun: the base or -s form, or a gerund ("swim", "runs", "the cooking"), never a past form ("my brother called"). */
function nominalForm(t: Token): boolean {
  return t.word === t.lemma || t.word.endsWith('s') || t.word.endsWith('ing');
}

/** An auxiliary before the phrase still waiting for its verb ("how did the road go", "what would a calm morning look"): the next verb is that verb, not a noun. */
function awaitsVerb(tokens: readonly Token[], start: number): boolean {
  for (let k = start - 1; k >= 0; k--) {
    if (tokens[k]!.pos === 'VERB') return false;
    if (tokens[k]!.pos === 'AUX') return true;
  }
  return false;
}

/** The first token that is a word, past an opening conjunction ("And walking…"). */
function firstWord(tokens: readonly Token[]): number {
  const i = tokens.findIndex((t) => t.pos !== 'PUNCT' && t.pos !== 'CCONJ' && t.pos !== 'INTJ');
  return Math.max(i, 0);
}
