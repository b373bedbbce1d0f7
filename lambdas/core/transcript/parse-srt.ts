import { InvalidInputError } from '../errors.js';
import { blocksOf, cuesToTurns, parseCueTime, type Cue } from './cues.js';
import type { ParsedTurns } from './types.js';

/**
 * SubRip subtitles: numbered blocks, `00:00:01,000 --> 00:00:04,000`, then text that may start with
 * `Name:`, `[Name]` or `>> Name:`. Formatting tags (`<i>`, `<font>`, `{\an8}`) are stripped.
 */

const INDEX = /^\d+$/;
const TIMING = /^([^\s-]+)[ \t]*-->[ \t]*(\S+)(?:[ \t].*)?$/;
const NO_SPEAKERS = 'no speaker names found in the subtitles: start each subtitle with the speaker, e.g. `Therapist:` / `Client:`';

export function parseSrt(text: string): ParsedTurns {
  const cues: Cue[] = blocksOf(text).map((block, index) => readSubtitle(block.lines, block.firstLine, index + 1));
  return cuesToTurns(cues, NO_SPEAKERS);
}

function readSubtitle(lines: string[], firstLine: number, blockNumber: number): Cue {
  const timingIndex = INDEX.test(lines[0] ?? '') ? 1 : 0;
  const where = `subtitle ${blockNumber} (line ${firstLine + timingIndex})`;
  const timing = TIMING.exec(lines[timingIndex] ?? '');
  if (!timing) {
    throw malformed(`${where} has no timing line like \`00:00:01,000 --> 00:00:04,000\`: fix or remove it`);
  }
  const start = parseCueTime(timing[1] ?? '');
  const end = parseCueTime(timing[2] ?? '');
  if (start === undefined || end === undefined) {
    throw malformed(`${where} has a malformed timestamp: use \`hh:mm:ss,ttt --> hh:mm:ss,ttt\``);
  }
  if (end < start) throw malformed(`${where} ends before it starts: check its timing line`);
  return { start, end, payload: lines.slice(timingIndex + 1) };
}

function malformed(message: string): InvalidInputError {
  return new InvalidInputError(`malformed SRT: ${message}`, 'malformed_srt');
}
