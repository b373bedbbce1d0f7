/** A score someone else got, told by the client, is never the client's: read from the subject of the clause holding it. */
import { describe, expect, it } from 'vitest';
import { sentencesOf } from '../../../lambdas/core/language/index.js';
import { scoredByAnother } from '../../../lambdas/core/measures/said.js';

const first = (text: string) => sentencesOf(text)[0]!;

describe('scoredByAnother', () => {
  it('reads a third person or someone named with a possessive as the one who scored', () => {
    expect(scoredByAnother(first('Yes, he scored nineteen on it.'), 19)).toBe(true);
    expect(scoredByAnother(first('Her friend did the GAD-7 at school and got a twelve.'), 12)).toBe(true);
    expect(scoredByAnother(first('My brother filled in the questionnaire at the GP and scored thirty-one.'), 31)).toBe(true);
  });

  it('keeps the client’s own score, and the scored thing as the subject, as the client’s', () => {
    expect(scoredByAnother(first('I scored eleven this time.'), 11)).toBe(false);
    expect(scoredByAnother(first('It came out at six.'), 6)).toBe(false);
    expect(scoredByAnother(first('Your GAD-7 today was nine.'), 9)).toBe(false);
    expect(scoredByAnother(first("Last week's score was fourteen."), 14)).toBe(false);
  });
});
