import { InvalidInputError } from '../errors.js';
import { acceptLabels, matchLabel } from './speaker-label.js';
import { collapseWhitespace, plural, roundSeconds, type ParsedTurns, type RawTurn } from './types.js';

/**
 * Caption cues (WebVTT, SRT) → turns. Speakers come from `<v Name>` voice tags (Teams), a `Name:` prefix
 * (Zoom), `[Name]` or `>> Name:` (broadcast captions). A cue without a speaker continues the previous
 * speaker. Captions cut one utterance into display-sized cues, so consecutive cues of one speaker are
 * merged when the next starts less than {@link MERGE_GAP_SECONDS} after the previous ends; a longer pause
 * keeps them separate turns.
 */

export const MERGE_GAP_SECONDS = 1;

export interface Cue {
  start: number;
  end: number;
  /** The cue's text lines, markup intact. */
  payload: string[];
}

interface Segment {
  start: number;
  end: number;
  voice?: string;
  label?: string;
  /** True for the cue's first line. */
  opensCue: boolean;
  /** The line after a recognised `Name:` prefix, used only if that name is accepted as a speaker. */
  afterLabel?: string;
  text: string[];
}

// A tag cannot contain `<` (nor an override `{`): each match attempt stops at the next one, so a line of
// unclosed `<` or `{\` is read in linear time instead of one scan to the line's end per character.
const VOICE_TAG = /<v(?:\.[^\s<>]*)?\s([^<>]*)>/i;
const ANY_TAG = /<[^<>]*>/g;
const ASS_OVERRIDE = /\{\\[^{}]*\}/g;
const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|lrm|rlm|#\d{1,6}|#x[\da-f]{1,5});/gi;
const SPEAKER_CHANGE = /^(?:>>+\s*|-\s+)/;
const BRACKETED_NAME = /^\[([^\]]{1,40})\]\s*(.*)$/;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };

export function cuesToTurns(cues: readonly Cue[], noSpeakersMessage: string): ParsedTurns {
  const segments = cues.flatMap(segmentsOf);
  const counts = new Map<string, number>();
  for (const segment of segments) if (segment.label) counts.set(segment.label, (counts.get(segment.label) ?? 0) + 1);
  const accepted = acceptLabels(counts);
  // Caption tools put the name at the start of a cue, so a name there counts even if it speaks only once.
  for (const segment of segments) if (segment.label && segment.opensCue) accepted.add(segment.label);

  const turns: RawTurn[] = [];
  let speaker: string | undefined;
  let unattributed = 0;
  let merged = 0;
  for (const segment of segments) {
    const named = segment.voice ?? (segment.label && accepted.has(segment.label) ? segment.label : undefined);
    const lines = segment.label && named === segment.label ? [segment.afterLabel ?? '', ...segment.text.slice(1)] : segment.text;
    const text = collapseWhitespace(lines.join(' '));
    if (named !== undefined) speaker = named;
    if (text === '') continue;
    if (speaker === undefined) {
      unattributed++;
      continue;
    }
    const previous = turns[turns.length - 1];
    if (previous && previous.speaker === speaker && segment.start - (previous.end ?? 0) < MERGE_GAP_SECONDS) {
      previous.text = `${previous.text} ${text}`;
      previous.end = Math.max(previous.end ?? 0, segment.end);
      merged++;
    } else {
      turns.push({ speaker, text, start: roundSeconds(segment.start), end: roundSeconds(segment.end) });
    }
  }
  if (turns.length === 0 && unattributed > 0) throw new InvalidInputError(noSpeakersMessage, 'no_speakers');

  const warnings: string[] = [];
  if (unattributed > 0) warnings.push(`ignored ${plural(unattributed, 'caption')} before the first speaker name`);
  if (merged > 0) {
    warnings.push(`merged ${plural(merged, 'caption cue')} into the previous turn (same speaker, gap under ${MERGE_GAP_SECONDS} s)`);
  }
  for (const turn of turns) if (turn.end !== undefined) turn.end = roundSeconds(turn.end);
  return { turns, warnings };
}

function segmentsOf(cue: Cue): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (const rawLine of cue.payload) {
    const voice = VOICE_TAG.exec(rawLine)?.[1]?.trim();
    const line = cleanCaptionText(rawLine);
    const changed = SPEAKER_CHANGE.exec(line);
    const body = changed ? line.slice(changed[0].length) : line;
    const bracketed = BRACKETED_NAME.exec(body);
    // Caption names are display names ("maya's iPhone"), so capitalisation is not demanded here.
    const label = matchLabel(bracketed ? `${bracketed[1]}: ${bracketed[2]}` : body, { anyCase: true });
    if (voice || label || changed || !current) {
      current = { start: cue.start, end: cue.end, opensCue: segments.length === 0, text: [body] };
      if (voice) current.voice = voice;
      if (label) {
        current.label = label.label;
        current.afterLabel = label.rest;
      }
      segments.push(current);
    } else {
      current.text.push(body);
    }
  }
  return segments;
}

/** Caption markup out, plain speech left: tags, ASS overrides, HTML entities. */
export function cleanCaptionText(line: string): string {
  let text = line;
  if (text.includes('<')) text = text.replace(ANY_TAG, '');
  if (text.includes('{')) text = text.replace(ASS_OVERRIDE, '');
  if (text.includes('&')) text = text.replace(ENTITY, (_, name: string) => decodeEntity(name));
  return text.trim();
}

function decodeEntity(name: string): string {
  const named = NAMED_ENTITIES[name.toLowerCase()];
  if (named !== undefined) return named;
  const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
}

const CUE_TIME = /^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})$/;

/** `01:02:03.450`, `02:03.450` (VTT) or `01:02:03,450` (SRT) → seconds; undefined when malformed. */
export function parseCueTime(text: string): number | undefined {
  const match = CUE_TIME.exec(text);
  if (!match) return undefined;
  const [, hours, minutes, seconds, millis] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number((millis ?? '0').padEnd(3, '0')) / 1000;
}

export interface TextBlock {
  /** 1-based line number of the block's first line, for error messages. */
  firstLine: number;
  lines: string[];
}

/** Splits caption files into blank-line separated blocks, remembering where each starts. */
export function blocksOf(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: TextBlock | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '') {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    } else {
      current = { firstLine: index + 1, lines: [line] };
      blocks.push(current);
    }
  }
  return blocks;
}
