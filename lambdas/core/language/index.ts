/**
 * The language layer every text room reads through: speech normalised (contractions, fillers, recogniser
 * spellings), then sentences and clauses with tense, subject and negation, on wink-nlp.
 */
export { normaliseSpeech } from './normalise.js';
export { sentencesOf, NEGATORS, type Clause, type Sentence, type Subject, type Tense, type Token } from './clauses.js';
export { nounPhrases, type NounPhrase } from './phrases.js';
export { HEDGE, tentative } from './hedges.js';
