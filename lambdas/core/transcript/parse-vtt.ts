import { InvalidInputError } from '../errors.js';
import { blocksOf, cuesToTurns, parseCueTime, type Cue } from './cues.js';
import type { ParsedTurns } from './types.js';

/**
 * WebVTT as Zoom (`Name: text` in the cue) and Teams (`<v Name>text</v>`) export it. NOTE, STYLE and
 * REGION blocks are skipped; cue ids and cue settings are ignored.
 */

const HEADER = /^WEBVTT(?:[ \t].*)?$/;
const NON_CUE_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$/;
const TIMING = /^([^\s-]+)[ \t]*-->[ \t]*(\S+)(?:[ \t].*)?$/;
const NO_SPEAKERS =
  'no speaker names found in the captions: export the Zoom/Teams transcript with speaker names, ' + 'or start each cue with `Therapist:` / `Client:`';

export function parseVtt(text: string): ParsedTurns {
  const blocks = blocksOf(text);
  const warnings: string[] = [];
  const first = blocks[0];
  if (first && HEADER.test(first.lines[0] ?? '')) blocks.shift();
  else warnings.push('the file has no WEBVTT header; it was read as WebVTT captions anyway');

  const cues: Cue[] = [];
  for (const block of blocks) {
    if (NON_CUE_BLOCK.test(block.lines[0] ?? '')) continue;
    cues.push(readCue(block.lines, block.firstLine, cues.length + 1));
  }
  const parsed = cuesToTurns(cues, NO_SPEAKERS);
  return { turns: parsed.turns, warnings: [...warnings, ...parsed.warnings] };
}

function readCue(lines: string[], firstLine: number, cueNumber: number): Cue {
  // A cue is an optional id line, then the timing line, then the payload.
  const timingIndex = lines[0]?.includes('-->') ? 0 : 1;
  const timingLine = lines[timingIndex] ?? '';
  const where = `cue ${cueNumber} (line ${firstLine + timingIndex})`;
  const timing = TIMING.exec(timingLine);
  if (!timing) {
    throw malformed(`${where} has no timing line like \`00:00:01.000 --> 00:00:04.000\`: fix or remove it`);
  }
  const start = parseCueTime(timing[1] ?? '');
  const end = parseCueTime(timing[2] ?? '');
  if (start === undefined || end === undefined) {
    throw malformed(`${where} has a malformed timestamp: use \`hh:mm:ss.ttt --> hh:mm:ss.ttt\``);
  }
  if (end < start) throw malformed(`${where} ends before it starts: check its timing line`);
  return { start, end, payload: lines.slice(timingIndex + 1) };
}

function malformed(message: string): InvalidInputError {
  return new InvalidInputError(`malformed WebVTT: ${message}`, 'malformed_vtt');
}
