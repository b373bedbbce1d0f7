/**
 * The clinical summary an Assessment opens with, built only from what the extractors found (no diagnosis,
 * no judgement the transcript does not show): what the session centred on, and what the client said was
 * better.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { Concern } from './extract/concerns.js';
import { noteQuote } from './extract/quote.js';
import { capitalise, joinClauses, sentence } from './phrasing.js';

/** The concerns raised in most turns, at most three. */
function main(concerns: readonly Concern[]): Concern[] {
  return [...concerns]
    .filter((c) => c.mentions.some((m) => m.status === 'current'))
    .sort((a, b) => b.mentions.length - a.mentions.length || a.mentions[0]!.turnIndex - b.mentions[0]!.turnIndex)
    .slice(0, 3);
}

export function impressionSentences(concerns: readonly Concern[]): NoteSentence[] {
  // Each concern named with the client's words that it rests on (the label is the note's word, not theirs).
  const quoted = main(concerns)
    .map((c) => ({ c, m: c.mentions.find((x) => x.status === 'current' && x.quote !== null) }))
    .filter((x): x is { c: Concern; m: Concern['mentions'][number] } => x.m !== undefined);
  if (quoted.length === 0) return [];
  const named = quoted.map(({ c, m }) => `${c.label} ("${noteQuote(m.quote!, 8)}")`);
  const repeated = quoted.find(({ c }) => new Set(c.mentions.map((m) => m.turnId)).size >= 3);
  const text = repeated
    ? `${capitalise(named[quoted.indexOf(repeated)]!)} came up repeatedly${quoted.length > 1 ? `, alongside ${joinClauses(named.filter((_, i) => i !== quoted.indexOf(repeated)))}` : ''}.`
    : `The session centred on ${joinClauses(named)}.`;
  return [
    sentence(
      text,
      quoted.map(({ m }) => m.turnId),
    ),
  ];
}
