/**
 * Does a note sentence's citation support it? A check a reader can repeat by hand, applied to any note
 * (local engine or model) after it is written.
 *
 * The rule (CLINICAL-GUIDE §1: "every factual sentence is supported by the turns it cites"):
 * - A documentation **gap** is never checked: it cites nothing, by definition.
 * - A **finding** is supported when
 *   1. every cited turn exists in the transcript;
 *   2. every quoted span in its text (between "double", “curly double” or ‘curly single’ quotes; a span
 *      with an ellipsis is read as its pieces) appears in one of its cited turns, compared in the
 *      language layer's normal form (case, contractions, fillers) with punctuation and spacing ignored;
 *   3. and it quotes something, or at least one of its key content words appears in the cited turns.
 * - Key content words are the sentence's words minus stop words and minus the vocabulary a note uses to
 *   frame a report without naming its content ("client", "reported", "session", "discussed"…), compared
 *   on the language layer's lemmas and on a light suffix stem, so "walked" meets "walking". Numbers count
 *   as content words and number words are read as digits ("twelve" is 12). Measure names meet their spoken
 *   forms ("PHQ-9", "P H Q nine" and "phq 9" are one word).
 *
 * The check is deliberately lenient on paraphrase (one shared content word is enough) and strict on quotes:
 * its job is to catch a citation of an unrelated turn ("Sure. Same time.") and a quote nobody said.
 */
import type { NoteSentence, ProgressNote } from '../../../schemas/note.js';
import type { Transcript, Turn } from '../../../schemas/transcript.js';
import { normaliseSpeech, sentencesOf } from '../language/index.js';

export interface CitationVerdict {
  supported: boolean;
  /** Why not, when not supported. */
  reason?: string;
}

/** A note sentence that failed the check, with where it sits in the note. */
export interface UnsupportedSentence {
  /** `Subjective[2]`, `homework[0]`, `riskStatements[1]`… */
  sentenceId: string;
  text: string;
  evidence: string[];
  reason: string;
}

const STOP_WORDS = new Set(
  (
    'a an the and or but if then so as of at by for from in into on onto to with without about above after again against all am ' +
    'any are be been being before below between both can could did do does doing down during each few further had has have having ' +
    'he her here hers herself him himself his how i is it its itself just me more most my myself no nor not now off once only other ' +
    'our ours ourselves out over own same she should some such than that their theirs them themselves there these they this those ' +
    'through too under until up very was we were what when where which while who whom why will would you your yours yourself ' +
    'yourselves also because yes yeah okay ok well oh really quite rather much many lot lots thing things something anything ' +
    'everything nothing way get got go going gone come came make made take took say said tell told think thought know knew ' +
    'like one ones may might must shall us let lets per via whether either neither each every another within upon across ' +
    'toward towards around'
  ).split(/\s+/),
);

/** Words a note uses to frame what it reports: they name no content, so they cannot make a citation fit. */
const NOTE_VOCABULARY = new Set(
  (
    'client clients patient patients therapist therapists clinician counselor counsellor provider writer ' +
    'report reported reports reporting describe described describes describing state stated states stating ' +
    'discuss discussed discusses discussing discussion session sessions today note noted notes indicate indicated indicates ' +
    'express expressed expresses share shared shares mention mentioned mentions endorse endorsed endorses identify identified ' +
    'identifies acknowledge acknowledged explore explored explores review reviewed reviews address addressed addresses ' +
    'present presented presents appear appeared appears continue continued continues engage engaged engages ' +
    'agree agreed agrees plan planned plans also further additionally overall per focus focused ' +
    'verbalize verbalized verbalise verbalised demonstrate demonstrated demonstrates ' +
    'speaker spoke speak explain explained explains respond responded responds response ' +
    'regarding related relating concerning topic topics area areas issue issues'
  ).split(/\s+/),
);

const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  seventy: '70',
  eighty: '80',
  ninety: '90',
  hundred: '100',
};
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const UNITS = 'one|two|three|four|five|six|seven|eight|nine';

/** Instruments clinicians name aloud; each becomes one word whichever way it is written or spoken. */
const MEASURES: [RegExp, string][] = [
  [/\bp\.?\s*h\.?\s*q\.?\s*[-\s]?\s*(?:9|nine)\b/g, 'phq9'],
  [/\bp\.?\s*h\.?\s*q\.?\s*[-\s]?\s*(?:2|two)\b/g, 'phq2'],
  [/\bg\.?\s*a\.?\s*d\.?\s*[-\s]?\s*(?:7|seven)\b/g, 'gad7'],
  [/\bp\.?\s*c\.?\s*l\.?\s*[-\s]?\s*(?:5|five)\b/g, 'pcl5'],
  [/\bc\s*[-\s]?\s*ssrs\b|\bcolumbia\b/g, 'cssrs'],
  [/\baudit\s*[-\s]?\s*c\b/g, 'auditc'],
];

/** Number words to digits, compounds first ("twenty one" → 21). */
function digitsFor(text: string): string {
  return text
    .replace(new RegExp(`\\b(${TENS})[\\s-](${UNITS})\\b`, 'g'), (_m, tens: string, unit: string) =>
      String(Number(NUMBER_WORDS[tens]) + Number(NUMBER_WORDS[unit])),
    )
    .replace(/\b[a-z]+\b/g, (w) => NUMBER_WORDS[w] ?? w);
}

/** The form both sides are compared in: speech normalised, measures as one word, numbers as digits. */
function comparable(text: string): string {
  let s = normaliseSpeech(text);
  for (const [pattern, name] of MEASURES) s = s.replace(pattern, name);
  return digitsFor(s);
}

/**
 * Words only, single-spaced: the form quoted spans are looked for in. "I'd" is read as one form whether
 * the normaliser expanded it to "had", to "would", or (at the end of a quote, with no verb after it) not at all.
 */
function bare(text: string): string {
  // Sentence by sentence: "…remembered you. Would you…" is not "you'd".
  return comparable(text)
    .split(/(?<!\p{N})[.!?]+|[.!?]+(?!\p{N})/u)
    .map((piece) =>
      piece
        .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .replace(/\b(i|you|he|she|we|they|it|that|there|who) (?:had|would|d)\b/g, '$1 d')
        .trim(),
    )
    .filter((piece) => piece.length > 0)
    .join(' ');
}

/** A light suffix stem: enough for "walked", "walking" and "walks" to meet, not a linguistic claim. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'es', 's', 'ly']) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix) && !w.endsWith('ss')) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "stopped" → "stopp" → "stop"
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w.replace(/e$/, '');
}

interface Word {
  word: string;
  keys: string[];
}

/** Every word of a text with the keys it can meet another word on (the word, its lemma, their stems). */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const sentence of sentencesOf(comparable(text))) {
    for (const clause of sentence.clauses) {
      for (const token of clause.tokens) {
        if (token.pos === 'PUNCT' || !/[\p{L}\p{N}]/u.test(token.word)) continue;
        for (const part of token.word.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
          const lemma = part === token.word ? token.lemma : part;
          words.push({ word: part, keys: [...new Set([part, lemma, stem(part), stem(lemma)])] });
        }
      }
    }
  }
  return words;
}

/** Derived forms the stemmer leaves apart ("intent" and "intention") meet when one starts the other and both have five letters or more. */
function sharesLongStem(key: string, turnKeys: ReadonlySet<string>): boolean {
  if (key.length < 5 || /\p{N}/u.test(key)) return false;
  for (const other of turnKeys) {
    if (other.length >= 5 && (other.startsWith(key) || key.startsWith(other))) return true;
  }
  return false;
}

function isContent(word: Word): boolean {
  if (/^\p{N}+$/u.test(word.word)) return true;
  if (word.word.length < 3) return false;
  return !word.keys.some((key) => STOP_WORDS.has(key) || NOTE_VOCABULARY.has(key));
}

const QUOTED = [/"([^"]+)"/g, /\u201c([^\u201d]+)\u201d/g, /(?:^|[\s(])\u2018([^\u2019]+)\u2019(?=$|[\s.,;:!?)])/g];

/** The quoted spans of a note sentence, each split at an ellipsis into the pieces that must be found. */
export function quotedSpans(text: string): string[] {
  const spans: string[] = [];
  for (const pattern of QUOTED) {
    for (const match of text.matchAll(pattern)) {
      for (const piece of (match[1] ?? '').split(/\.\.\.|\u2026|\[[^\]]*\]/)) {
        if (/[\p{L}\p{N}]/u.test(piece)) spans.push(piece.trim());
      }
    }
  }
  return spans;
}

/** The key content words of a note sentence: what a paraphrase has to share with the turns it cites. */
export function keyContentWords(text: string): string[] {
  return [
    ...new Set(
      wordsOf(text)
        .filter(isContent)
        .map((w) => w.word),
    ),
  ];
}

/**
 * Checks one note sentence against the turns it cites (see the rule at the top of this file).
 *
 * @example
 * citationSupport({ kind: 'finding', text: 'Client reported walking three times this week.', evidence: ['t0004'] }, transcript);
 * // { supported: true } when t0004 is "I walked three times, actually."
 */
export function citationSupport(sentence: NoteSentence, transcript: Transcript): CitationVerdict {
  if (sentence.kind === 'gap') return { supported: true };
  const byId = new Map(transcript.turns.map((turn) => [turn.id, turn]));
  const missing = sentence.evidence.filter((id) => !byId.has(id));
  if (missing.length > 0) return { supported: false, reason: `cites turns the transcript does not have: ${missing.join(', ')}` };
  const cited = sentence.evidence.map((id) => byId.get(id)).filter((turn): turn is Turn => turn !== undefined);
  if (cited.length === 0) return { supported: false, reason: 'a finding that cites no turn' };

  const citedBare = cited.map((turn) => ` ${bare(turn.text)} `);
  const quotes = quotedSpans(sentence.text);
  for (const quote of quotes) {
    const wanted = bare(quote);
    if (wanted === '') continue;
    if (!citedBare.some((turn) => turn.includes(` ${wanted} `))) {
      return { supported: false, reason: `the quote "${quote}" is not in the cited turns` };
    }
  }
  if (quotes.length > 0) return { supported: true };

  const content = wordsOf(sentence.text).filter(isContent);
  if (content.length === 0) return { supported: false, reason: 'the sentence has no content word to find in the cited turns, and quotes nothing' };
  const turnKeys = new Set(cited.flatMap((turn) => wordsOf(turn.text).flatMap((w) => w.keys)));
  if (content.some((w) => w.keys.some((key) => turnKeys.has(key) || sharesLongStem(key, turnKeys)))) return { supported: true };
  const shown = [...new Set(content.map((w) => w.word))].slice(0, 8).join(', ');
  return { supported: false, reason: `none of its content words (${shown}) is in the cited turns` };
}

/** Every finding of a note, with an id saying where it sits: sections, homework, plan, alliance summary, risk statements. */
export function noteFindings(note: ProgressNote): { sentenceId: string; sentence: NoteSentence }[] {
  const found: { sentenceId: string; sentence: NoteSentence }[] = [];
  for (const section of note.sections) {
    section.sentences.forEach((sentence, i) => {
      found.push({ sentenceId: `${section.name}[${i}]`, sentence });
    });
  }
  const lists: [string, NoteSentence[]][] = [
    ['homework', note.homework],
    ['planForNextSession', note.planForNextSession],
    ['allianceSummary', note.allianceSummary],
  ];
  for (const [name, sentences] of lists) {
    sentences.forEach((sentence, i) => {
      found.push({ sentenceId: `${name}[${i}]`, sentence });
    });
  }
  note.riskStatements.forEach((risk, i) => {
    found.push({ sentenceId: `riskStatements[${i}]`, sentence: { text: risk.text, kind: 'finding', evidence: risk.evidence } });
  });
  return found.filter(({ sentence }) => sentence.kind !== 'gap');
}

/** The findings of a whole note whose citations do not support them. */
export function unsupportedSentences(note: ProgressNote, transcript: Transcript): UnsupportedSentence[] {
  const unsupported: UnsupportedSentence[] = [];
  for (const { sentenceId, sentence } of noteFindings(note)) {
    const verdict = citationSupport(sentence, transcript);
    if (!verdict.supported) {
      unsupported.push({ sentenceId, text: sentence.text, evidence: sentence.evidence, reason: verdict.reason ?? 'not supported' });
    }
  }
  return unsupported;
}
