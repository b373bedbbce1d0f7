/**
 * A transcript with every turn behaviour-coded once. Metrics, dimensions, flags and rupture markers all
 * read this one structure, so the whole analysis costs a single pass of the coders.
 */
import type { Transcript, Turn } from '../../../schemas/transcript.js';
import { contentWords, countWords, normalise } from './text.js';
import { codeNormalisedClientTurn, codeNormalisedTherapistTurn, type ClientTalk, type TherapistCodes } from './utterance-codes.js';

export interface CodedTurn {
  index: number;
  turn: Turn;
  /** Lower-cased, annotation-free text for cue matching. */
  norm: string;
  words: number;
  therapist?: TherapistCodes;
  client?: ClientTalk;
  /** The previous turn of the other role, if any (index into `turns`). */
  previousOther: number | null;
}

export interface CodedSession {
  transcript: Transcript;
  turns: CodedTurn[];
  therapistTurns: CodedTurn[];
  clientTurns: CodedTurn[];
}

export function codeSession(transcript: Transcript): CodedSession {
  const turns: CodedTurn[] = [];
  const therapistTurns: CodedTurn[] = [];
  const clientTurns: CodedTurn[] = [];
  let lastTherapist: number | null = null;
  let lastClient: number | null = null;
  let lastClientWords = new Set<string>();
  for (const [index, turn] of transcript.turns.entries()) {
    const norm = normalise(turn.text);
    const coded: CodedTurn = { index, turn, norm, words: countWords(norm), previousOther: null };
    if (turn.role === 'therapist') {
      coded.previousOther = lastClient;
      coded.therapist = codeNormalisedTherapistTurn(norm, lastClientWords);
      // A turn that continues one cut off by the client ("-and you decided…") keeps the behaviour it continues.
      const previous = lastTherapist === null ? undefined : turns[lastTherapist]?.therapist;
      if (/^\s*[-–—]/.test(turn.text) && coded.therapist.primary === 'other' && previous) {
        coded.therapist.primary = previous.primary;
      }
      therapistTurns.push(coded);
      lastTherapist = index;
    } else if (turn.role === 'client') {
      coded.previousOther = lastTherapist;
      coded.client = codeNormalisedClientTurn(norm);
      clientTurns.push(coded);
      lastClient = index;
      lastClientWords = contentWords(norm);
    }
    turns.push(coded);
  }
  return { transcript, turns, therapistTurns, clientTurns };
}

const SENTENCE = /[^.?!]+(?:[.?!]+|$)/g;

/**
 * A verbatim quote from a turn: the sentence that carried a cue, at most ~200 characters, always a
 * substring of the turn's text so that a reader can find it.
 */
export function quoteOf(turn: Turn, sentenceIndex = 0, pattern?: RegExp): string {
  const sentences = (turn.text.match(SENTENCE) ?? [turn.text]).map((s) => s.trim()).filter((s) => s.length > 0);
  let chosen: string | undefined;
  if (pattern) chosen = sentences.find((s) => pattern.test(normalise(s)));
  chosen ??= sentences[Math.min(sentenceIndex, sentences.length - 1)] ?? turn.text.trim();
  if (chosen.length <= 200) return chosen;
  const cut = chosen.lastIndexOf(' ', 200);
  return chosen.slice(0, cut > 80 ? cut : 200);
}
