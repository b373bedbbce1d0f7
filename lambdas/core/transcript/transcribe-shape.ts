import { InvalidInputError } from '../errors.js';

/**
 * Reading Amazon Transcribe batch output (`{jobName, results: {transcripts, items, speaker_labels?,
 * channel_labels?, audio_segments?}}`) into typed items. Validation is by hand rather than zod because a
 * long session has tens of thousands of items and each error must name the exact field
 * (`results.items[12].alternatives`). Transcribe writes times and confidences as strings ("0.44").
 */

export interface TranscribeItem {
  kind: 'pronunciation' | 'punctuation';
  content: string;
  confidence?: number;
  start?: number;
  end?: number;
  id?: number;
  speaker?: string;
  channel?: string;
}

export interface TranscribeResults {
  items: TranscribeItem[] | undefined;
  /** `ch_0` → its items (channel identification). */
  channels: { label: string; items: TranscribeItem[] }[];
  /** Word start time (ms) → speaker, from the older `speaker_labels.segments[].items`. */
  speakerByStart: Map<number, string>;
  /** Item id → speaker or channel, from `audio_segments`. */
  speakerByItemId: Map<number, string>;
  /**
   * Notes the producer left for the reader in a top-level `attune_warnings` (Attune's local transcriber
   * says, for example, that speakers were guessed per utterance). Amazon Transcribe never writes it.
   */
  warnings: string[];
}

type Json = Record<string, unknown>;

export function readTranscribeJson(text: string): TranscribeResults {
  const root = parseJson(text);
  if (!isObject(root)) {
    throw malformed('the JSON is not Amazon Transcribe output: expected an object with a `results` field');
  }
  const results = root.results;
  if (!isObject(results)) {
    throw malformed('the JSON is not Amazon Transcribe output: field `results` is missing or not an object');
  }
  return {
    items: results.items === undefined ? undefined : readItems(results.items, 'results.items'),
    channels: readChannels(results.channel_labels),
    speakerByStart: readSpeakerSegments(results.speaker_labels),
    speakerByItemId: readAudioSegments(results.audio_segments),
    warnings: readProducerWarnings(root.attune_warnings),
  };
}

/** Milliseconds as an integer key: "0.44" and 0.440 name the same word. */
export function timeKey(seconds: number): number {
  return Math.round(seconds * 1000);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // The engine's message quotes the input, so only the position is kept.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`;
    throw malformed(`the file is not valid JSON${where}: give the Amazon Transcribe output file unchanged`);
  }
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}

function readItems(value: unknown, path: string): TranscribeItem[] {
  if (!Array.isArray(value)) throw malformed(`field \`${path}\` must be an array of words`);
  const items: TranscribeItem[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) items[i] = readItem(value[i], path, i);
  return items;
}

// Field paths are only spelled out when something is wrong: a long session has tens of thousands of items.
function readItem(value: unknown, path: string, index: number): TranscribeItem {
  const at: FieldPath = { path, index };
  if (!isObject(value)) throw malformed(`field \`${fieldPath(at, '')}\` must be an object`);
  const kind = value.type;
  if (kind !== 'pronunciation' && kind !== 'punctuation') {
    throw malformed(`field \`${fieldPath(at, '.type')}\` must be "pronunciation" or "punctuation"`);
  }
  const alternatives = value.alternatives;
  const best: unknown = Array.isArray(alternatives) ? alternatives[0] : undefined;
  if (!isObject(best) || typeof best.content !== 'string') {
    throw malformed(`field \`${fieldPath(at, '.alternatives[0].content')}\` is missing`);
  }
  const item: TranscribeItem = { kind, content: best.content };
  const confidence = optionalNumber(best.confidence, at, '.alternatives[0].confidence');
  if (confidence !== undefined) item.confidence = Math.min(1, confidence);
  const start = optionalNumber(value.start_time, at, '.start_time');
  if (start !== undefined) item.start = start;
  const end = optionalNumber(value.end_time, at, '.end_time');
  if (end !== undefined) item.end = end;
  if (typeof value.id === 'number') item.id = value.id;
  const speaker = optionalLabel(value.speaker_label, at, '.speaker_label');
  if (speaker !== undefined) item.speaker = speaker;
  const channel = optionalLabel(value.channel_label, at, '.channel_label');
  if (channel !== undefined) item.channel = channel;
  return item;
}

function readChannels(value: unknown): TranscribeResults['channels'] {
  if (value === undefined || value === null) return [];
  if (!isObject(value) || !Array.isArray(value.channels)) {
    throw malformed('field `results.channel_labels.channels` must be an array');
  }
  return value.channels.flatMap((channel: unknown, index) => {
    const path = `results.channel_labels.channels[${index}]`;
    if (!isObject(channel)) throw malformed(`field \`${path}\` must be an object`);
    const label = optionalLabel(channel.channel_label, `${path}.channel_label`) ?? `ch_${index}`;
    if (channel.items === undefined) return [];
    return [{ label, items: readItems(channel.items, `${path}.items`) }];
  });
}

function readSpeakerSegments(value: unknown): Map<number, string> {
  const speakerByStart = new Map<number, string>();
  if (value === undefined || value === null) return speakerByStart;
  const segments = isObject(value) ? value.segments : undefined;
  if (!Array.isArray(segments)) throw malformed('field `results.speaker_labels.segments` must be an array');
  segments.forEach((segment: unknown, index) => {
    const path = `results.speaker_labels.segments[${index}]`;
    if (!isObject(segment)) throw malformed(`field \`${path}\` must be an object`);
    const segmentSpeaker = optionalLabel(segment.speaker_label, `${path}.speaker_label`);
    const words = segment.items ?? [];
    if (!Array.isArray(words)) throw malformed(`field \`${path}.items\` must be an array`);
    words.forEach((word: unknown, wordIndex) => {
      const wordPath = `${path}.items[${wordIndex}]`;
      if (!isObject(word)) throw malformed(`field \`${wordPath}\` must be an object`);
      const start = optionalNumber(word.start_time, `${wordPath}.start_time`);
      const speaker = optionalLabel(word.speaker_label, `${wordPath}.speaker_label`) ?? segmentSpeaker;
      if (start !== undefined && speaker !== undefined) speakerByStart.set(timeKey(start), speaker);
    });
  });
  return speakerByStart;
}

function readAudioSegments(value: unknown): Map<number, string> {
  const speakerById = new Map<number, string>();
  if (value === undefined || value === null) return speakerById;
  if (!Array.isArray(value)) throw malformed('field `results.audio_segments` must be an array');
  value.forEach((segment: unknown, index) => {
    const path = `results.audio_segments[${index}]`;
    if (!isObject(segment)) throw malformed(`field \`${path}\` must be an object`);
    const speaker = optionalLabel(segment.speaker_label, `${path}.speaker_label`) ?? optionalLabel(segment.channel_label, `${path}.channel_label`);
    const ids = segment.items;
    if (speaker === undefined || !Array.isArray(ids)) return;
    for (const id of ids) if (typeof id === 'number') speakerById.set(id, speaker);
  });
  return speakerById;
}

/** Enough for any honest producer; a hand-edited file cannot flood the report. */
const MAX_PRODUCER_WARNINGS = 10;
const MAX_PRODUCER_WARNING_LENGTH = 300;

function readProducerWarnings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((warning) => typeof warning === 'string')) {
    throw malformed('field `attune_warnings` must be an array of strings');
  }
  return value
    .map((warning: string) => warning.trim().slice(0, MAX_PRODUCER_WARNING_LENGTH))
    .filter((warning) => warning !== '')
    .slice(0, MAX_PRODUCER_WARNINGS);
}

/** Where a field sits, spelled out only for an error message. */
interface FieldPath {
  path: string;
  index?: number;
}

function fieldPath(at: FieldPath | string, field: string): string {
  if (typeof at === 'string') return at + field;
  return at.index === undefined ? at.path + field : `${at.path}[${at.index}]${field}`;
}

function optionalNumber(value: unknown, at: FieldPath | string, field = ''): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number < 0) {
    throw malformed(`field \`${fieldPath(at, field)}\` must be a non-negative number`);
  }
  return number;
}

function optionalLabel(value: unknown, at: FieldPath | string, field = ''): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw malformed(`field \`${fieldPath(at, field)}\` must be a non-empty string`);
  }
  return value.trim();
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function malformed(message: string): InvalidInputError {
  return new InvalidInputError(`malformed Transcribe JSON: ${message}`, 'malformed_json');
}
