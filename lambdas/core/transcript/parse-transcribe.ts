import { InvalidInputError } from '../errors.js';
import { malformed, readTranscribeJson, timeKey, type TranscribeItem, type TranscribeResults } from './transcribe-shape.js';
import { collapseWhitespace, plural, roundSeconds, type ParsedTurns, type RawTurn } from './types.js';

/**
 * Amazon Transcribe output → turns. A turn is a run of consecutive words by one speaker (`spk_0`) or
 * channel (`ch_0`); punctuation attaches to the word before it; confidence is the mean word confidence.
 * Speakers come from, in order: the item's own `speaker_label`, the older `speaker_labels.segments`,
 * `audio_segments`, the item's `channel_label`. Channel identification output lists each channel's
 * words separately; they are merged by start time.
 */

interface Word {
  speaker: string | undefined;
  /** The word, then any punctuation glued to it. */
  text: string;
  start?: number;
  end?: number;
  confidence?: number;
}

const NO_SPEAKERS = 'the Transcribe result has no speaker labels: run the job with speaker partitioning (ShowSpeakerLabels) or channel identification';
const NO_WORDS = 'the Transcribe result contains no words: check that the recording has speech';

export function parseTranscribe(text: string): ParsedTurns {
  const results = readTranscribeJson(text);
  const words = results.channels.some((channel) => channel.items.length > 0) ? channelWords(results) : itemWords(results);
  if (words.length === 0) throw new InvalidInputError(NO_WORDS, 'empty_input');
  const warnings = [...results.warnings];
  const unlabelled = fillSpeakers(words);
  if (unlabelled > 0) warnings.push(`${plural(unlabelled, 'word')} had no speaker label and were given to the speaker around them`);
  return { turns: toTurns(words), warnings };
}

function itemWords(results: TranscribeResults): Word[] {
  if (results.items === undefined) {
    throw malformed('field `results.items` is missing: give the complete Transcribe output file');
  }
  return wordsOf(results.items, (item) => {
    const byStart = item.start === undefined ? undefined : results.speakerByStart.get(timeKey(item.start));
    const byId = item.id === undefined ? undefined : results.speakerByItemId.get(item.id);
    return item.speaker ?? byStart ?? byId ?? item.channel;
  });
}

function channelWords(results: TranscribeResults): Word[] {
  const words = results.channels.flatMap((channel) => {
    const channelWordList = wordsOf(channel.items, () => channel.label);
    let lastStart = 0; // a word without a time keeps its place after the word before it
    return channelWordList.map((word) => {
      lastStart = word.start ?? lastStart;
      return { word, at: lastStart };
    });
  });
  return words.sort((a, b) => a.at - b.at).map((entry) => entry.word);
}

function wordsOf(items: readonly TranscribeItem[], speakerOf: (item: TranscribeItem) => string | undefined): Word[] {
  const words: Word[] = [];
  for (const item of items) {
    // A word with a line break or a run of spaces inside (a hand-edited file) would break a turn into lines.
    const content = collapseWhitespace(item.content);
    if (content === '') continue;
    const previous = words[words.length - 1];
    if (item.kind === 'punctuation') {
      if (previous) previous.text += content; // leading punctuation has no word to attach to
      continue;
    }
    const word: Word = { speaker: speakerOf(item), text: content };
    if (item.start !== undefined) word.start = item.start;
    if (item.end !== undefined) word.end = item.end;
    if (item.confidence !== undefined) word.confidence = item.confidence;
    words.push(word);
  }
  return words;
}

/** Words without a speaker join the speaker before them (or, at the start, after them). */
function fillSpeakers(words: Word[]): number {
  const firstKnown = words.find((word) => word.speaker !== undefined)?.speaker;
  if (firstKnown === undefined) throw new InvalidInputError(NO_SPEAKERS, 'no_speakers');
  let unlabelled = 0;
  let speaker = firstKnown;
  for (const word of words) {
    if (word.speaker === undefined) {
      word.speaker = speaker;
      unlabelled++;
    } else {
      speaker = word.speaker;
    }
  }
  return unlabelled;
}

function toTurns(words: readonly Word[]): RawTurn[] {
  const turns: RawTurn[] = [];
  let run: Word[] = [];
  const flush = (): void => {
    if (run.length > 0) turns.push(turnOf(run));
    run = [];
  };
  for (const word of words) {
    if (run.length > 0 && run[0]?.speaker !== word.speaker) flush();
    run.push(word);
  }
  flush();
  return turns;
}

function turnOf(run: readonly Word[]): RawTurn {
  const first = run[0];
  const last = run[run.length - 1];
  const turn: RawTurn = { speaker: first?.speaker ?? '', text: run.map((word) => word.text).join(' ') };
  if (first?.start !== undefined) turn.start = roundSeconds(first.start);
  const end = last?.end ?? last?.start;
  if (end !== undefined) turn.end = roundSeconds(Math.max(end, turn.start ?? 0));
  let confidenceSum = 0;
  let scored = 0;
  for (const word of run) {
    if (word.confidence === undefined) continue;
    confidenceSum += word.confidence;
    scored++;
  }
  if (scored > 0) turn.confidence = Math.round((confidenceSum / scored) * 10_000) / 10_000;
  return turn;
}
