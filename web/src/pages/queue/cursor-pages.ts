/**
 * Page-numbered navigation over an API list with opaque cursors (`?cursor=`, newest first): the cursors of
 * the pages seen so far, so the previous pages can be read again and the next one follows the last answer.
 */
import { useCallback, useState } from 'react';

export interface CursorPages {
  /** The cursor of each page known so far; the first page has none. */
  cursors: (string | undefined)[];
  /** The page shown, 0-based. */
  index: number;
}

export const FIRST_PAGE: CursorPages = { cursors: [undefined], index: 0 };

/** After page `index` answered with `next` (its cursor, absent on the last page): the next page becomes known. */
export function withAnswer(state: CursorPages, index: number, next: string | undefined): CursorPages {
  if (next === undefined || state.cursors.length > index + 1) return state;
  return { ...state, cursors: [...state.cursors.slice(0, index + 1), next] };
}

/** Moves to a known page; an unknown one changes nothing. */
export function goToPage(state: CursorPages, index: number): CursorPages {
  if (index < 0 || index >= state.cursors.length) return state;
  return { ...state, index };
}

/** React state for CursorPages: the cursor to load, the page count for <Pagination>, and the moves. */
export function useCursorPages(): {
  state: CursorPages;
  cursor: string | undefined;
  answered(index: number, next: string | undefined): void;
  go(index: number): void;
  reset(): void;
} {
  const [state, setState] = useState<CursorPages>(FIRST_PAGE);
  const answered = useCallback((index: number, next: string | undefined) => setState((current) => withAnswer(current, index, next)), []);
  const go = useCallback((index: number) => setState((current) => goToPage(current, index)), []);
  const reset = useCallback(() => setState(FIRST_PAGE), []);
  return { state, cursor: state.cursors[state.index], answered, go, reset };
}

/** <Pagination>'s screen-reader labels. */
export const PAGINATION_LABELS = {
  nextPageLabel: 'Next page',
  previousPageLabel: 'Previous page',
  pageLabel: (page: number) => `Page ${page}`,
  paginationLabel: 'Pages',
};
