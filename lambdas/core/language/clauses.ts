/**
 * Sentences and clauses of one turn, on wink-nlp (its English light model: sentence boundaries, part of
 * speech, lemmas). wink-nlp was chosen over compromise for this layer because it is far faster (docs/risk.md has
 * the measurement), gives lemmas and part-of-speech tags from a trained model rather than rules, and loads once
 * per process (about 0.3 s) with no I/O after that; its own contraction handling misses the apostrophe-less
 * forms speech recognisers write, so text is normalised first (normalise.ts).
 *
 * A clause is the unit every extractor reads: negation, tense and who it is about are decided within it.
 */
import winkNLP, { type ItemSentence, type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { normaliseSpeech } from './normalise.js';

const nlp = winkNLP(model, ['sbd', 'pos']);
/** One instance for both passes (boundaries, then each normalised sentence): instantiating the model is the costly part. */
const boundaries = nlp;
// The published types give `lemma` a three-argument signature that `out` does not accept; all three return strings.
const its = nlp.its as unknown as Record<'value' | 'lemma' | 'pos', ItsFunction<string>>;

export interface Token {
  /** Normalised word. */
  word: string;
  /** Dictionary form ("killed" → "kill"). */
  lemma: string;
  /** Universal part-of-speech tag. */
  pos: string;
}

export type Tense = 'past' | 'present' | 'future' | 'conditional';
/** Who the clause is about, from its subject: the speaker, the listener, or someone else. */
export type Subject = 'speaker' | 'listener' | 'other' | 'none';

export interface Clause {
  /** Normalised words joined by single spaces. */
  text: string;
  /** The same with each word as its lemma: tense-neutral matching. */
  lemmas: string;
  tokens: Token[];
  tense: Tense;
  subject: Subject;
  /** A negator (not, never, no one, nothing…) governs the clause's main verb. */
  negated: boolean;
}

export interface Sentence {
  /** The sentence as it stood in the turn (verbatim, trimmed). */
  original: string;
  /** Normalised text of the whole sentence. */
  text: string;
  /** Tagged on first read. */
  readonly clauses: Clause[];
}

const SPEAKER = new Set(['i', 'me', 'myself', 'we']);
const OTHER_PRONOUN = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'it', 'someone', 'somebody', 'everyone', 'everybody', 'people']);
export const NEGATORS = new Set(['not', 'never', 'no', 'nobody', 'nothing', 'none', 'neither', 'nor', 'nowhere', 'zero']);
const SUBORDINATORS = new Set(['because', 'but', 'although', 'though', 'whereas', 'unless', 'cause']);
const SUBJECT_PRONOUNS = new Set(['i', 'you', 'he', 'she', 'we', 'they']);
/** Words after which a subject continues the same thought ("i wish i was…", "if i…", "feel like i…"). */
const INTRODUCES = new Set([
  'that',
  'if',
  'when',
  'what',
  'how',
  'why',
  'where',
  'who',
  'whether',
  'because',
  'and',
  'or',
  'but',
  'so',
  'than',
  'as',
  'like',
  'wish',
  'hope',
  'pray',
  'bet',
  'swear',
  'afraid',
  'scared',
  'worry',
  'fear',
  'feel',
  'said',
  'say',
  'tell',
  'told',
  'until',
  'before',
  'after',
  'since',
  'once',
  'unless',
  'while',
  'whenever',
  'where',
  'rather',
  'even',
  'then',
  'now',
  'all',
  'until',
]);

/** Split a sentence's tokens into clauses: at clause punctuation, at subordinators, and where "and"/"or" start a new subject. */
function splitClauses(tokens: Token[]): Token[][] {
  const clauses: Token[][] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length > 0) clauses.push(current);
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.pos === 'PUNCT' && /^[,;:()"-]$|^--$|^\.\.\.$/.test(t.word)) {
      flush();
      continue;
    }
    if (SUBORDINATORS.has(t.word) && current.length > 0) flush();
    else if ((t.word === 'and' || t.word === 'or' || t.word === 'then' || t.word === 'so') && next && (SUBJECT_PRONOUNS.has(next.word) || next.word === 'now'))
      flush();
    // A new subject after a clause that already has its verb starts a clause even without a comma, as
    // speech recognisers write it ("i do not want to be here anymore i can not do this"), unless the
    // previous word introduces it ("that", "if", "wish", "like").
    else if (
      SUBJECT_PRONOUNS.has(t.word) &&
      current.some((x) => x.pos === 'VERB' || x.pos === 'AUX') &&
      !INTRODUCES.has(current.at(-1)!.word) &&
      !INTRODUCES.has(current.at(-1)!.lemma)
    )
      flush();
    current.push(t);
  }
  flush();
  return clauses;
}

function tenseOf(tokens: Token[]): Tense {
  const words = tokens.map((t) => t.word);
  if (words.some((w) => w === 'would' || w === 'could' || w === 'might')) return 'conditional';
  if (words.includes('will') || /\bgoing to (?!be going)\w/.test(words.join(' '))) return 'future';
  const verbs = tokens.filter((t) => t.pos === 'VERB' || t.pos === 'AUX');
  const first = verbs[0];
  if (!first) return 'present';
  if (/^(?:was|were|did|had)$/.test(first.word)) return 'past';
  if (
    first.pos === 'VERB' &&
    first.word !== first.lemma &&
    (/ed$|^(?:took|cut|hit|tried|went|made|got|thought|felt|wrote|bought|gave|told|said|left|found|began|drank|ate|threw|fell|ran|drove|hurt|burnt|burned|shot|stole|beat|broke|choked)$/.test(
      first.word,
    ) ||
      // Any other form that is not the lemma, a third person's -s or a participle in -ing is a past: "rang",
      // "sent", "kept", "sat", "spoke" (an irregular past is listed by the lemmatiser, not here).
      (/^[a-z]+$/.test(first.word) &&
        !/(?:s|ing|en)$/.test(first.word) &&
        first.word.length > 2 &&
        !/^(?:gonna|wanna|gotta|dunno|lemme|gimme)$/.test(first.word)))
  )
    return 'past';
  return 'present';
}

/** Nouns of time: fronted, they say when ("Both times I…", "Last night we…"), and the subject comes after them. */
const WHEN_NOUNS = new Set([
  ...['time', 'day', 'night', 'morning', 'evening', 'week', 'weekend', 'month'].flatMap((w) => [w, `${w}s`]),
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].flatMap((w) => [w, `${w}s`]),
  'afternoon',
  'fortnight',
  'year',
  'yesterday',
  'today',
  'tonight',
]);

function subjectOf(tokens: Token[]): Subject {
  for (const [i, t] of tokens.entries()) {
    if (SPEAKER.has(t.word) && t.word !== 'me' && t.word !== 'myself') return 'speaker';
    if (t.word === 'you') return 'listener';
    if (OTHER_PRONOUN.has(t.word) && !['him', 'her', 'them'].includes(t.word)) return 'other';
    if (t.pos === 'NOUN' || t.pos === 'PROPN') {
      // "Both times I used it", "Last night we talked": a time said first, then a pronoun subject before the verb.
      // "Most school nights I'm asleep by eleven": a noun naming which nights is part of the time said first.
      if ((WHEN_NOUNS.has(t.word) || (t.pos === 'NOUN' && WHEN_NOUNS.has(tokens[i + 1]?.word ?? ''))) && pronounBeforeVerb(tokens.slice(i + 1))) continue;
      // "my sister" as the subject: someone else; a noun after the verb is an object, so stop at the first verb.
      return 'other';
    }
    if (t.pos === 'VERB' || t.pos === 'AUX') break;
  }
  return 'none';
}

/** A subject pronoun comes before the first verb (after nothing but more of a time phrase). */
function pronounBeforeVerb(tokens: readonly Token[]): boolean {
  for (const t of tokens) {
    if (SUBJECT_PRONOUNS.has(t.word)) return true;
    if (t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'PUNCT') return false;
    if ((t.pos === 'NOUN' || t.pos === 'PROPN') && !WHEN_NOUNS.has(t.word) && !(t.pos === 'NOUN' && WHEN_NOUNS.has(tokens[tokens.indexOf(t) + 1]?.word ?? '')))
      return false;
  }
  return false;
}

function negationOf(tokens: Token[]): boolean {
  // "Say no to her", "I said no": the word said is a refusal, not a negation of the clause.
  return tokens.some((t, i) => NEGATORS.has(t.word) && !(t.word === 'no' && tokens[i - 1]?.lemma === 'say'));
}

function clauseOf(tokens: Token[]): Clause {
  return {
    text: tokens.map((t) => t.word).join(' '),
    lemmas: tokens.map((t) => t.lemma).join(' '),
    tokens,
    tense: tenseOf(tokens),
    subject: subjectOf(tokens),
    negated: negationOf(tokens),
  };
}

function tokensOf(text: string): Token[] {
  const doc = nlp.readDoc(text);
  // The token as spoken (lower case): wink's own normal form rewrites some words ("through" → "thru", "mum" → "mom").
  const words = (doc.tokens().out(its.value) as string[]).map((w) => w.toLowerCase());
  const lemmas = doc.tokens().out(its.lemma) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  return words.map((word, i) => ({ word, lemma: lemmas[i] ?? word, pos: pos[i] ?? 'X' }));
}

/**
 * The sentences of a turn, each with its clauses.
 *
 * @example
 * sentencesOf("I don't know. Sometimes I think about killing myself.")[1].clauses[0];
 * // { text: 'sometimes i think about killing myself .', lemmas: 'sometimes i think about kill myself .', tense: 'present', subject: 'speaker', negated: false, … }
 */
export function sentencesOf(turnText: string): Sentence[] {
  const cached = CACHE.get(turnText);
  if (cached) return cached;
  const sentences: Sentence[] = [];
  const doc = boundaries.readDoc(turnText);
  doc.sentences().each((s: ItemSentence) => {
    for (const original of pieces((s.out() as string).trim())) {
      // Markup or noise with hardly a word in it says nothing (a megabyte of "<v <" is not speech); a number said alone does.
      if (!wordy(original)) continue;
      const text = normaliseSpeech(original);
      if (text.length === 0) continue;
      sentences.push(lazySentence(original, text));
    }
  });
  remember(turnText, sentences);
  return sentences;
}

/** Clauses are tagged on first use: most sentences are never read past their words, and tagging is the cost. */
function lazySentence(original: string, text: string): Sentence {
  let clauses: Clause[] | null = null;
  return {
    original,
    text,
    get clauses(): Clause[] {
      clauses ??= splitClauses(tokensOf(text)).map(clauseOf);
      return clauses;
    },
  };
}

/**
 * The same turn is read by several rooms (risk, its assessment window, the note) and by both branches of
 * the workflow when they share a process: the analysis of recent turns is kept, up to a bounded size.
 * Results are never mutated by callers, and the function is pure, so a hit is the same answer.
 */
const CACHE = new Map<string, Sentence[]>();
const CACHE_MAX_CHARS = 4_000_000;
let cachedChars = 0;

function remember(text: string, sentences: Sentence[]): void {
  if (text.length > CACHE_MAX_CHARS / 4) return;
  CACHE.set(text, sentences);
  cachedChars += text.length;
  for (const key of CACHE.keys()) {
    if (cachedChars <= CACHE_MAX_CHARS) break;
    CACHE.delete(key);
    cachedChars -= key.length;
  }
}

/** At least this share of a long piece must be letters for it to be read as speech. */
const MIN_LETTER_SHARE = 0.4;

function wordy(piece: string): boolean {
  // A short answer in digits is said: "7." to a rating question, "24" in a chat.
  if (piece.length < 40) return /\p{L}/u.test(piece) || /^\p{N}+(?:[.,/:-]\p{N}+)?\s*[.!?]*$/u.test(piece);
  const letters = piece.match(/\p{L}/gu)?.length ?? 0;
  return letters / piece.length >= MIN_LETTER_SHARE && /\p{L}{2,}/u.test(piece);
}

/** Longer than any sentence people say: a recogniser's unpunctuated run, or junk. */
const MAX_SENTENCE_CHARS = 600;

/**
 * A sentence as pieces of at most MAX_SENTENCE_CHARS, cut at spaces: an unpunctuated hour of speech (or a
 * megabyte of markup) is read in bounded, linear time, and a quote stays short enough to read.
 */
function pieces(sentence: string): string[] {
  if (sentence.length <= MAX_SENTENCE_CHARS) return sentence.length > 0 ? [sentence] : [];
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_SENTENCE_CHARS) {
    const cut = rest.lastIndexOf(' ', MAX_SENTENCE_CHARS);
    const at = cut > MAX_SENTENCE_CHARS / 2 ? cut : MAX_SENTENCE_CHARS;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0) out.push(rest);
  return out.filter((p) => p.length > 0);
}
