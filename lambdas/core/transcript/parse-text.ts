import { InvalidInputError } from '../errors.js';
import { acceptLabels, matchLabel, parseClock, type LabelMatch } from './speaker-label.js';
import { collapseWhitespace, plural, type ParsedTurns, type RawTurn } from './types.js';

/**
 * Plain-text transcripts: one `Speaker: text` line per utterance. Lines without a label continue the
 * previous turn (wrapped text); consecutive lines of one speaker stay separate turns, because in
 * hand-made transcripts each line is one utterance. Leading `[00:01:02]` / `00:01:02` timestamps become
 * start times when every turn has one; whole-line stage notes (`[laughs]`, `(pause)`) are dropped.
 */

const LEADING_TIMESTAMP = /^[[(]?((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?(?:\s*[-–—|]\s*|\s+|$)/;
const STAGE_NOTE = /^(?:\[[^\]]*\]|\([^)]*\)|\*[^*]+\*)$/;

export const NO_SPEAKERS_MESSAGE = 'no speaker labels found: write each turn as `Therapist: …` / `Client: …`, one turn per line';

interface Line {
  text: string;
  start?: number;
  label?: LabelMatch;
}

interface TurnDraft {
  speaker: string;
  parts: string[];
  start?: number;
}

export function parseText(text: string): ParsedTurns {
  const lines = readLines(text);
  const counts = new Map<string, number>();
  for (const line of lines) if (line.label) counts.set(line.label.label, (counts.get(line.label.label) ?? 0) + 1);
  if (counts.size === 0) throw new InvalidInputError(NO_SPEAKERS_MESSAGE, 'no_speakers');
  const speakers = acceptLabels(counts);

  const drafts: TurnDraft[] = [];
  let current: TurnDraft | undefined;
  let preamble = 0;
  let stageNotes = 0;
  let pendingStart: number | undefined;
  for (const line of lines) {
    if (line.label && speakers.has(line.label.label)) {
      const start = line.label.start ?? line.start ?? pendingStart;
      current = { speaker: line.label.label, parts: line.label.rest ? [line.label.rest] : [], start };
      drafts.push(current);
      pendingStart = undefined;
    } else if (line.text === '') {
      pendingStart = line.start ?? pendingStart; // a timestamp on a line of its own heads the next turn
    } else if (STAGE_NOTE.test(line.text)) {
      stageNotes++;
    } else if (current) {
      current.parts.push(line.text);
    } else {
      preamble++;
    }
  }

  const warnings: string[] = [];
  if (preamble > 0) warnings.push(`ignored ${plural(preamble, 'line')} before the first speaker label (a title or header?)`);
  if (stageNotes > 0) warnings.push(`dropped ${plural(stageNotes, 'stage-note line')} such as [laughs] or (pause)`);
  return { turns: toTurns(drafts, warnings), warnings };
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const rawLine of text.split('\n')) {
    const content = rawLine.trim();
    if (content === '') continue;
    const stamp = LEADING_TIMESTAMP.exec(content);
    const start = stamp ? parseClock(stamp[1] ?? '') : undefined;
    if (stamp && start !== undefined) {
      // Only a timestamp heading a turn (or standing alone) is a timestamp; "10:30 was late" is speech.
      const afterStamp = content.slice(stamp[0].length).trim();
      const label = afterStamp === '' ? undefined : matchLabel(afterStamp);
      if (afterStamp === '' || label) {
        lines.push({ text: afterStamp, start, ...(label ? { label } : {}) });
        continue;
      }
    }
    const label = matchLabel(content);
    lines.push(label ? { text: content, label } : { text: content });
  }
  return lines;
}

function toTurns(drafts: TurnDraft[], warnings: string[]): RawTurn[] {
  const turns: RawTurn[] = [];
  let emptyTurns = 0;
  for (const draft of drafts) {
    const text = collapseWhitespace(draft.parts.join(' '));
    if (text === '') emptyTurns++;
    else turns.push({ speaker: draft.speaker, text, ...(draft.start === undefined ? {} : { start: draft.start }) });
  }
  if (emptyTurns > 0) warnings.push(`dropped ${plural(emptyTurns, 'speaker label')} with no words after it`);
  if (turns.length === 0) throw new InvalidInputError(NO_SPEAKERS_MESSAGE, 'no_speakers');

  const timedTurns = turns.filter((turn) => turn.start !== undefined).length;
  if (timedTurns > 0 && timedTurns < turns.length) {
    warnings.push(`timestamps were on only ${timedTurns} of ${turns.length} turns, so they were ignored`);
    for (const turn of turns) delete turn.start;
  }
  return turns;
}
