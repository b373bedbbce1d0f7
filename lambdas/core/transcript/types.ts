/** A turn as a parser found it, before ids and roles are assigned. */
export interface RawTurn {
  speaker: string;
  text: string;
  start?: number;
  end?: number;
  confidence?: number;
}

/** What every format parser returns: turns in spoken order, plus notes for the reader. */
export interface ParsedTurns {
  turns: RawTurn[];
  warnings: string[];
}

/** Seconds rounded to the millisecond, so 0.1 + 0.2 style noise never reaches a report. */
export function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** `1 cue` / `3 cues`: warnings are read by people. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

const WHITESPACE_RUN = /\s+/g;
const WHITESPACE_OTHER_THAN_SPACE = /[^\S ]/;

/** Trims and folds runs of whitespace to one space; skips the rewrite when there is nothing to fold. */
export function collapseWhitespace(text: string): string {
  const trimmed = text.trim();
  const needsFolding = trimmed.includes('  ') || WHITESPACE_OTHER_THAN_SPACE.test(trimmed);
  return needsFolding ? trimmed.replace(WHITESPACE_RUN, ' ') : trimmed;
}
