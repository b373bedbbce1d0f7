import { TranscriptSchema, type Role, type Transcript, type TranscriptFormat, type Turn } from '../../../schemas/transcript.js';
import { decodeTranscriptInput } from './decode.js';
import { detectFormat } from './detect-format.js';
import { InvalidInputError } from '../errors.js';
import { parseSrt } from './parse-srt.js';
import { parseText } from './parse-text.js';
import { parseTranscribe } from './parse-transcribe.js';
import { parseVtt } from './parse-vtt.js';
import { assignRoles } from './roles.js';
import type { ParsedTurns } from './types.js';

export type { Transcript, TranscriptFormat } from '../../../schemas/transcript.js';
export { detectFormat } from './detect-format.js';
export { explicitRoleOf } from './roles.js';
export { checkTranscriptSize, transcriptPage, transcriptSize } from './limits.js';

export interface ParseTranscriptOptions {
  /** The upload's file name; its extension helps when the content alone is ambiguous. */
  filename?: string;
  /** Skip detection and read the input as this format. */
  format?: TranscriptFormat;
  /**
   * Roles known from how the recording was made, by speaker label (`{ch_0: 'therapist', ch_1: 'client'}`
   * for a two-channel recording with the therapist on the left). They win over labels and inference, and
   * the assignment is `explicit` with basis `channel assignment`. Labels the transcript does not use are
   * ignored, so a speaker-partitioned (`spk_0`) result falls back to the usual assignment.
   */
  speakerRoles?: Readonly<Record<string, Role>>;
}

const PARSERS: Record<TranscriptFormat, (text: string) => ParsedTurns> = {
  text: parseText,
  vtt: parseVtt,
  srt: parseSrt,
  'transcribe-json': parseTranscribe,
};

/**
 * Reads a session transcript (plain text, WebVTT, SRT or Amazon Transcribe JSON, as bytes or text) into
 * the canonical {@link Transcript}: numbered turns with roles, times when the source has them, and
 * warnings about anything guessed or dropped. Every failure is an {@link InvalidInputError} whose
 * message says what to fix and never quotes the transcript.
 *
 * @example
 * const transcript = parseTranscript('Therapist: How was your week?\nClient: Hard, honestly.');
 * transcript.turns[0]; // { id: 't0001', role: 'therapist', speaker: 'Therapist', text: 'How was your week?' }
 */
export function parseTranscript(input: string | Uint8Array, options: ParseTranscriptOptions = {}): Transcript {
  const text = decodeTranscriptInput(input);
  const format = options.format ?? detectFormat(text, options.filename);
  const parsed = PARSERS[format](text);
  for (const turn of parsed.turns) {
    // A label spelled `__proto__` would vanish from the speakers record; keep it visible instead.
    if (turn.speaker === '__proto__') turn.speaker = '(__proto__)';
  }
  if (parsed.turns.length === 0) {
    throw new InvalidInputError('the transcript has no spoken turns: every line or cue was empty', 'empty_input');
  }
  const { roleAssignment, warnings: roleWarnings } = assignRoles(parsed.turns, options.speakerRoles);
  const turns = parsed.turns.map((turn, index): Turn => {
    const numbered: Turn = {
      id: `t${String(index + 1).padStart(4, '0')}`,
      role: roleAssignment.speakers[turn.speaker] ?? 'unknown',
      speaker: turn.speaker,
      text: turn.text,
    };
    if (turn.start !== undefined) numbered.start = turn.start;
    if (turn.end !== undefined) numbered.end = turn.end;
    if (turn.confidence !== undefined) numbered.confidence = turn.confidence;
    return numbered;
  });
  return TranscriptSchema.parse({
    format,
    turns,
    roleAssignment,
    timed: turns.every((turn) => turn.start !== undefined && turn.end !== undefined),
    warnings: [...parsed.warnings, ...roleWarnings],
  });
}
