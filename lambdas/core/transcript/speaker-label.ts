import { explicitRoleOf } from './roles.js';

/**
 * Recognising `Label: text` speaker prefixes in plain text and caption cues.
 *
 * A colon alone does not make a speaker ("Well: I think…" is speech). A label is short (≤ 4 words,
 * ≤ 40 characters), starts the line, and looks like a name or a role: every word capitalised (or a
 * lowercase role word such as `therapist`), no discourse words. Labels that do not name a role or a
 * numbered speaker must also recur in the document before they count (see {@link acceptLabels}).
 */

export interface LabelMatch {
  label: string;
  /** The speech after the label (may be empty: the text follows on the next lines). */
  rest: string;
  /** Seconds, when the label carried a timestamp: `Maya (00:01:02): …`, Otter's `Maya  1:02`. */
  start?: number;
}

const MAX_LABEL_CHARS = 40;
const MAX_LABEL_WORDS = 4;
const COLON_SEARCH_LIMIT = MAX_LABEL_CHARS + 8;

const LABEL_CHARS = /^[\p{L}][\p{L}\p{M}\p{N} .'’_\-()&/]*$/u;
const WORD_START = /^[(]?[\p{Lu}\p{N}]/u;
const EMPHASIS = /^(?:\*\*|__)|(?:\*\*|__)$/g;
const NUMBERED_SPEAKER = /^(?:speaker|spk|ch|channel|person|participant|voice)(?:[ _-]?\d{1,3}|[ _-]\p{L})$/iu;
const TIMESTAMP_AFTER_LABEL = /^(.{1,40}?)\s*[[(]((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]\s*(?::\s*(.*))?$/;
const MAYBE_BRACKETED_TIME = /[[(]\d/;
const LABEL_THEN_BARE_TIME = /^(.{1,40}?)\s+((?:\d{1,2}:)?\d{1,2}:\d{2})$/;
const CLOCK = /^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/;

/** Name particles that stay lowercase inside a capitalised name (`Anna van der Berg`). */
const NAME_PARTICLES = new Set(['de', 'da', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'la', 'le', 'bin', 'al', 'el']);

/** Capitalised words that open speech, never name a speaker. */
const NOT_SPEAKERS = new Set([
  'well',
  'so',
  'and',
  'but',
  'or',
  'because',
  'okay',
  'ok',
  'yes',
  'yeah',
  'no',
  'now',
  'then',
  'here',
  'there',
  'listen',
  'look',
  'see',
  'anyway',
  'also',
  'again',
  'first',
  'second',
  'third',
  'finally',
  'note',
  'notes',
  'remember',
  'basically',
  'honestly',
  'like',
  'example',
  'answer',
  'question',
  'reason',
  'problem',
  'thing',
  'date',
  'time',
  'session',
  'duration',
  'location',
  'title',
  'subject',
  'transcript',
  'recording',
  'summary',
  'topic',
  'agenda',
  'attendees',
  'participants',
  'file',
  'language',
  'page',
  're',
  'ps',
  'edit',
  'update',
  'warning',
  'important',
  'step',
  'day',
  'week',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'today',
  'yesterday',
  'tomorrow',
  'hmm',
  'um',
  'uh',
  'oh',
  'wow',
  'right',
  'true',
  'i',
  // caption sound tags: `[Laughter]`, `[Music]`
  'laughs',
  'laughter',
  'laughing',
  'music',
  'applause',
  'inaudible',
  'crosstalk',
  'silence',
  'pause',
  'sighs',
  'crying',
  'noise',
  'unintelligible',
  'background',
  'overlapping',
  'indistinct',
]);

/** Reads a leading speaker label off a line, or returns undefined when the line is plain speech. */
export function matchLabel(line: string, options: { anyCase?: boolean } = {}): LabelMatch | undefined {
  const anyCase = options.anyCase ?? false;
  const timed = mayCarryTimestamp(line) ? (TIMESTAMP_AFTER_LABEL.exec(line) ?? LABEL_THEN_BARE_TIME.exec(line)) : null;
  if (timed) {
    const label = cleanLabel(timed[1] ?? '');
    const start = parseClock(timed[2] ?? '');
    if (looksLikeLabel(label, anyCase) && start !== undefined) return { label, rest: (timed[3] ?? '').trim(), start };
  }
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > COLON_SEARCH_LIMIT) return undefined;
  const label = cleanLabel(line.slice(0, colon));
  if (!looksLikeLabel(label, anyCase)) return undefined;
  return { label, rest: stripEmphasis(line.slice(colon + 1)) };
}

/** Cheap pre-check so the timestamp patterns only run on lines that could match them. */
function mayCarryTimestamp(line: string): boolean {
  const last = line.charCodeAt(line.length - 1);
  if (line.length <= 50 && last >= 48 && last <= 57) return true; // `Maya  1:02`
  return MAYBE_BRACKETED_TIME.test(line.slice(0, 44));
}

/** True for labels that name a role or a numbered speaker: these count even when they occur once. */
export function isSelfEvidentLabel(label: string): boolean {
  return explicitRoleOf(label) !== undefined || NUMBERED_SPEAKER.test(label);
}

/**
 * Decides which candidate labels are speakers. Role words and numbered speakers always count; other
 * names must recur, unless fewer than two speakers would be left (a very short dialogue).
 */
export function acceptLabels(candidateCounts: ReadonlyMap<string, number>): Set<string> {
  const accepted = new Set<string>();
  for (const [label, count] of candidateCounts) {
    if (count >= 2 || isSelfEvidentLabel(label)) accepted.add(label);
  }
  if (accepted.size < 2) for (const label of candidateCounts.keys()) accepted.add(label);
  return accepted;
}

/** `01:02:03.5` / `1:02` → seconds. */
export function parseClock(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  const [, hours, minutes, seconds, fraction] = match;
  const secs = Number(seconds);
  if (secs >= 60 || (hours !== undefined && Number(minutes) >= 60)) return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0'));
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + secs + millis / 1000;
}

function cleanLabel(raw: string): string {
  return stripEmphasis(raw.trim());
}

/** `**Therapist:**` → `Therapist`. */
function stripEmphasis(text: string): string {
  return text.includes('*') || text.includes('_') ? text.replace(EMPHASIS, '').trim() : text.trim();
}

/** Labels repeat on every turn; judging each once keeps long transcripts linear and fast. */
const verdicts = new Map<string, boolean>();
const MAX_REMEMBERED_VERDICTS = 2000;

function looksLikeLabel(label: string, anyCase: boolean): boolean {
  const key = anyCase ? `~${label}` : label;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    if (verdicts.size >= MAX_REMEMBERED_VERDICTS) verdicts.clear();
    verdict = judgeLabel(label, anyCase);
    verdicts.set(key, verdict);
  }
  return verdict;
}

function judgeLabel(label: string, anyCase: boolean): boolean {
  if (label.length === 0 || label.length > MAX_LABEL_CHARS || !LABEL_CHARS.test(label)) return false;
  if (isSelfEvidentLabel(label)) return true;
  const words = label.split(/\s+/);
  if (words.length > MAX_LABEL_WORDS) return false;
  if (NOT_SPEAKERS.has((words[0] ?? '').toLowerCase())) return false;
  if (anyCase) return true;
  return words.every((word, index) => WORD_START.test(word) || (index > 0 && NAME_PARTICLES.has(word)));
}
