/**
 * The transcript arrives a page of turns at a time (`GET /sessions/{id}?include=transcript&turnsFrom&turnsLimit`,
 * `transcript.page.next`). These helpers keep what has been loaded as a sparse array the length of the whole
 * transcript, and say which page to ask for next so that the rows in view (and a turn a citation jumps to) are
 * there, without asking twice for the same page.
 */
import type { TranscriptPage, Turn } from '../../../../schemas/transcript.js';

/** Turns per request: a few screens ahead, far below the API's limit. */
export const TURNS_PER_PAGE = 200;

/** The path of the page that starts at `turnsFrom`. */
export function transcriptPagePath(sessionId: string, turnsFrom: number, turnsLimit = TURNS_PER_PAGE): string {
  return `/sessions/${encodeURIComponent(sessionId)}?include=transcript&turnsFrom=${turnsFrom}&turnsLimit=${turnsLimit}`;
}

/** The loaded turns, by index; `undefined` where the page has not been loaded yet. */
export type SparseTurns = readonly (Turn | undefined)[];

/** The turns with one more page put in place (a new array; the length is the transcript's total). */
export function withPage(turns: SparseTurns, page: Pick<TranscriptPage, 'turns' | 'page'>): (Turn | undefined)[] {
  const total = page.page.totalTurns;
  const next: (Turn | undefined)[] = turns.length === total ? [...turns] : Array.from({ length: total }, (_, i) => turns[i]);
  page.turns.forEach((turn, i) => {
    const index = page.page.turnsFrom + i;
    if (index < total) next[index] = turn;
  });
  return next;
}

/**
 * The first index in [start, end) whose turn is missing and not already being fetched, or null when every
 * row there is loaded or on its way. `pending` holds the `turnsFrom` of requests in flight, each covering
 * `pageSize` turns.
 */
export function firstMissing(turns: SparseTurns, start: number, end: number, pending: ReadonlySet<number>, pageSize = TURNS_PER_PAGE): number | null {
  const covered = (index: number) => [...pending].some((from) => index >= from && index < from + pageSize);
  for (let i = Math.max(0, start); i < Math.min(end, turns.length); i++) {
    if (turns[i] === undefined && !covered(i)) return i;
  }
  return null;
}
