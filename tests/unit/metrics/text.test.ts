import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentWords, countWords, normalise, wordsOf } from '../../../lambdas/core/metrics/text.js';

const REFERENCE_WORD = /[a-z0-9]+(?:'[a-z]+)?/gi;
const speechLike = fc.stringMatching(/^[A-Za-z0-9' \-—–[\]“”‘’.,?!\n\t]{0,80}$/);

describe('text normalisation', () => {
  it('collapses stutters, drops annotations and straightens quotes', () => {
    expect(normalise('My-my wife’s been [unintelligible 00:01:33] on me -- a lot')).toBe("my wife's been on me - a lot");
  });

  it('counts and splits words exactly as the reference pattern does, for any speech-like text', () => {
    fc.assert(
      fc.property(speechLike, (text) => {
        const reference = text.match(REFERENCE_WORD) ?? [];
        expect(countWords(text)).toBe(reference.length);
        expect(wordsOf(text)).toEqual(reference.map((w) => w.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent and lower-case', () => {
    fc.assert(
      fc.property(speechLike, (text) => {
        const once = normalise(text);
        expect(normalise(once)).toBe(once);
        expect(once).toBe(once.toLowerCase());
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps content words and leaves stop words out', () => {
    expect([...contentWords('I have been walking to the gym')]).toEqual(['walk', 'gym']);
  });
});
