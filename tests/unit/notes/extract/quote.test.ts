import { describe, expect, it } from 'vitest';
import { quoteAround } from '../../../../lambdas/core/notes/extract/quote.js';
import { quotedSpans } from '../../../../lambdas/core/notes/citation-support.js';

describe('quoteAround', () => {
  it("turns the client's own double quotes into single ones, so a quote of a quote reads as one quote", () => {
    expect(quoteAround('I just wrote "Dad called" and that was it.', ['wrote'], new Set())).toBe("I just wrote 'Dad called' and that was it.");
  });

  it('drops an inner quote mark whose partner the cut left outside', () => {
    const quote = quoteAround('I just wrote "Dad called" and "felt bad."', ['bad'], new Set())!;
    expect(quote).toBe("I just wrote 'Dad called' and felt bad.");
    expect((quote.match(/'/g) ?? []).length % 2).toBe(0);
    // Wrapped in a note sentence, the citation check reads it as the one quote it is.
    expect(quotedSpans(`Client reported low mood ("${quote}").`)).toEqual([quote]);
  });
});
