/**
 * Strengths and protective factors in the client's words (supports, coping that works, reasons for living,
 * skills, values): part of the Assessment's formulation, and of any risk formulation.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { Strength, StrengthKind } from './extract/strengths.js';
import { noteQuote } from './extract/quote.js';
import { joinClauses, sentence } from './phrasing.js';

const KIND: Record<StrengthKind, string> = {
  support: 'support from others',
  coping: 'coping that helps',
  reason_for_living: 'reasons for living',
  skill: 'skills',
  engagement: 'engagement with the work',
  value: 'values',
};

/** At most this many quotes: a formulation names strengths, it does not list every one. */
const MAX = 3;

export function strengthSentences(strengths: readonly Strength[]): NoteSentence[] {
  if (strengths.length === 0) return [];
  // One of each kind first, so a note names the range of strengths before repeating one.
  const byKind = [...new Map(strengths.map((s) => [s.kind, s])).values()].slice(0, MAX);
  const kinds = [...new Set(byKind.map((s) => KIND[s.kind]))];
  const quotes = byKind.map((s) => `"${noteQuote(s.quote, 12)}"`);
  return [
    sentence(
      `Strengths and protective factors: ${joinClauses(kinds)} (${quotes.join('; ')}).`,
      byKind.flatMap((s) => s.turnIds.slice(0, 1)),
    ),
  ];
}
