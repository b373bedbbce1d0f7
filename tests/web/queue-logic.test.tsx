// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE, goToPage, withAnswer } from '../../web/src/pages/queue/cursor-pages.js';
import { categoryLabel, formatDay, queueLevel, reviewReasons } from '../../web/src/pages/queue/logic.js';

const risk = { reviewRequired: true, highestLevel: 'low', categories: ['passive_ideation'], assessment: 'assessed', findings: 2, denials: 0 } as const;

describe('why a session is in the review queue, from text-free fields only', () => {
  it("the sample's flagged session: its risk category and findings, and the note's request", () => {
    // GET /sessions?reviewRequired=true's item for jordan's 2026-09-08 on the local server.
    const item = { risk: { ...risk, categories: [...risk.categories] }, note: { status: 'draft', version: 1, reviewRequired: true } };
    expect(reviewReasons(item)).toEqual(['Risk: Passive suicidal ideation (2 findings)', 'Note version 1 asks for review before signing']);
    expect(queueLevel(item)).toBe('low');
  });

  it('says when the risk was not fully assessed', () => {
    const item = {
      risk: { ...risk, categories: ['self_injury', 'access_to_means'] as string[], assessment: 'partial' as const, findings: 1, highestLevel: 'high' as const },
      note: null,
    };
    expect(reviewReasons(item as never)).toEqual(['Risk: Self-injury, Access to means (1 finding)', 'Partly assessed in session']);
  });

  it('a session only its note flags is level none', () => {
    const item = { risk: null, note: { status: 'draft', version: 2, reviewRequired: true } };
    expect(reviewReasons(item)).toEqual(['Note version 2 asks for review before signing']);
    expect(queueLevel(item)).toBe('none');
  });

  it('labels a category it does not know by its words', () => {
    expect(categoryLabel('some_new_category')).toBe('some new category');
  });

  it('shows a session date as the calendar day it is, in any time zone', () => {
    expect(formatDay('2026-09-08')).toMatch(/^8 Sept? 2026$/); // ICU data: Sept (recent) or Sep
    expect(formatDay(null)).toBe('No date');
  });
});

describe('cursor pages', () => {
  it('learns the next page from each answer, goes back to a known page, and ignores an unknown one', () => {
    let state = FIRST_PAGE;
    state = withAnswer(state, 0, 'c1');
    expect(state.cursors).toEqual([undefined, 'c1']);
    state = goToPage(state, 1);
    state = withAnswer(state, 1, 'c2');
    expect(state).toEqual({ cursors: [undefined, 'c1', 'c2'], index: 1 });
    state = goToPage(state, 0);
    // Reading the first page again does not forget the pages after it.
    expect(withAnswer(state, 0, 'c1')).toBe(state);
    expect(goToPage(state, 5)).toBe(state);
    expect(withAnswer(goToPage(state, 2), 2, undefined).cursors).toHaveLength(3);
  });
});
