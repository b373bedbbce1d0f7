/**
 * How much one session's transcript may hold (the limits and their reasons are in schemas/transcript.ts), and
 * the transcript a page of turns at a time, as `GET /sessions/{id}?include=transcript` answers it.
 */
import {
  MAX_TRANSCRIPT_CHARACTERS,
  MAX_TRANSCRIPT_TURNS,
  TRANSCRIPT_PAGE_CHARACTERS,
  type Transcript,
  type TranscriptPage,
} from '../../../schemas/transcript.js';
import { TooLargeError } from '../errors.js';

/** How many turns a transcript has and how many characters of speech they hold. */
export function transcriptSize(transcript: Pick<Transcript, 'turns'>): { turns: number; characters: number } {
  let characters = 0;
  for (const turn of transcript.turns) characters += turn.text.length;
  return { turns: transcript.turns.length, characters };
}

const number = (n: number) => n.toLocaleString('en-US');

/**
 * Refuses a transcript over {@link MAX_TRANSCRIPT_TURNS} turns or {@link MAX_TRANSCRIPT_CHARACTERS} characters
 * with a {@link TooLargeError} (HTTP 413) that says the limit and what to send instead. The message holds counts
 * only, never the transcript's words.
 */
export function checkTranscriptSize(transcript: Pick<Transcript, 'turns'>): void {
  const { turns, characters } = transcriptSize(transcript);
  if (turns <= MAX_TRANSCRIPT_TURNS && characters <= MAX_TRANSCRIPT_CHARACTERS) return;
  throw new TooLargeError(
    `the transcript has ${number(turns)} turns and ${number(characters)} characters of speech, over the limit for one session ` +
      `(${number(MAX_TRANSCRIPT_TURNS)} turns and ${number(MAX_TRANSCRIPT_CHARACTERS)} characters; a three-hour session has fewer than 6,000 turns): ` +
      'send one transcript per session, splitting a recording of several sessions, and check that the file is a single session transcript',
    'transcript_too_large',
  );
}

/**
 * The page of `transcript` that starts at turn index `from`: at most `limit` turns, and fewer once the page's
 * turns hold {@link TRANSCRIPT_PAGE_CHARACTERS} characters (always at least one turn, so a page always moves
 * on). `nextPath` makes the link to the following page; there is none after the last turn.
 */
export function transcriptPage(transcript: Transcript, from: number, limit: number, nextPath: (turnsFrom: number) => string): TranscriptPage {
  const totalTurns = transcript.turns.length;
  const start = Math.min(from, totalTurns);
  let end = start;
  let characters = 0;
  while (end < totalTurns && end - start < limit) {
    characters += transcript.turns[end]!.text.length;
    if (end > start && characters > TRANSCRIPT_PAGE_CHARACTERS) break;
    end += 1;
  }
  return {
    ...transcript,
    turns: transcript.turns.slice(start, end),
    page: { turnsFrom: start, turns: end - start, totalTurns, ...(end < totalTurns ? { next: nextPath(end) } : {}) },
  };
}
