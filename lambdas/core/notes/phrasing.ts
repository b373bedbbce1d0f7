/**
 * Small writing helpers the note's sentence builders share: evidence lists, joined clauses, numbers
 * spoken as words, and short quotes that never carry a name from the transcript.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { Transcript } from '../../../schemas/transcript.js';

/** Turn ids, de-duplicated and in spoken order (`t0009` before `t0010`, `t9999` before `t10000`). */
export function ids(...groups: (string | readonly string[] | undefined | null)[]): string[] {
  const all = new Set<string>();
  for (const g of groups) {
    if (g === undefined || g === null) continue;
    for (const id of typeof g === 'string' ? [g] : g) all.add(id);
  }
  return [...all].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

/** At most `n` ids, keeping the earliest: a sentence's evidence should point, not list the session. */
export function firstIds(list: readonly string[], n: number): string[] {
  return ids(list).slice(0, n);
}

/** A finding: what the session shows, citing the turns it came from (a builder with no turn to cite writes nothing). */
export function sentence(text: string, evidence: readonly string[]): NoteSentence {
  // A quote's own full stop gives way to the sentence's: "… said "I'd say so"." rather than "so."." (the check compares words).
  return { text: text.replace(/\.(["”])(?=[.,;)])/g, '$1'), kind: 'finding', evidence: ids(evidence) };
}

/**
 * A documentation gap: the transcript holds nothing on a topic ("Homework: none identified in the
 * transcript."). It cites no turn, because no turn shows an absence (citing the last one would be false).
 */
export function gap(text: string): NoteSentence {
  return { text, kind: 'gap', evidence: [] };
}

/** "a", "a and b", "a, b and c". */
export function joinClauses(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

const SMALL = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "two", "three", … for counts a sentence may start with; digits above ten. */
export function numberWord(n: number): string {
  return SMALL[n] ?? String(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const NUMBER_TOKEN =
  /\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|a hundred|one hundred|hundred|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|\d{1,3})(?:e?s)?\b(?:\s*(?:%|percent))?/g;

function singular(word: string): string {
  if (/^\d+$/.test(word) || word in UNITS || word in TENS || /[- ]/.test(word)) return word;
  // "threes", "fives", "sixes": a rating said in the plural.
  if (word.endsWith('es') && word.slice(0, -2) in UNITS) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function numericValueOf(token: string): number {
  const t = singular(token.replace(/\s*(?:%|percent)$/, ''));
  if (/^\d+$/.test(t)) return Number(t);
  if (/hundred$/.test(t)) return 100;
  const [tens, unit] = t.split(/[- ]/);
  return (TENS[tens ?? ''] ?? UNITS[tens ?? ''] ?? Number.NaN) + (unit === undefined ? 0 : (UNITS[unit] ?? 0));
}

/**
 * Ratings spoken in a client's answer ("Maybe a three. Some days a two." → [3, 2]), in order. A number
 * word right before another ("one seven") is a count, not a rating, and "out of seven" counts days.
 */
export function ratingsIn(normalisedText: string, max: number): { value: number; mostly: boolean }[] {
  const found: { value: number; mostly: boolean; end: number; start: number }[] = [];
  for (const m of normalisedText.matchAll(NUMBER_TOKEN)) {
    const start = m.index;
    const before = normalisedText.slice(Math.max(0, start - 12), start);
    if (/\bout of $/.test(before)) continue;
    const after = normalisedText.slice(start + m[0].length, start + m[0].length + 14);
    if (/^ (?:out of|days?|nights?|times?|weeks?|hours?|minutes?|people|of them)\b/.test(after)) continue;
    const value = numericValueOf(m[0]);
    if (Number.isNaN(value) || value > max) continue;
    found.push({ value, mostly: /\b(?:mostly|usually|mainly|around|about)\s+$/.test(before), start, end: start + m[0].length });
  }
  return found
    .filter((f, i) => {
      const next = found[i + 1];
      return !(next && /^[\s,]*$/.test(normalisedText.slice(f.end, next.start)));
    })
    .map(({ value, mostly }) => ({ value, mostly }));
}

// Words that may be capitalised without being a name.
const ORDINARY_CAPS = new Set(
  (
    "i i'm i'd i'll i've ok okay monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays " +
    'saturday saturdays sunday sundays january february march april may june july august september october november ' +
    'december christmas easter tv cbt dbt act mi gp er a&e uh um oh hi hey therapist client speaker dr mr mrs ms mx prof ' +
    // Words people capitalise for emphasis or after a dash, never names.
    'no yes not never nothing nobody none so and but or the a an it is was that this what why how when where who well right sure really just' +
    // Contractions as speech recognisers write them ("Im", "Ill"), and family words used as forms of address.
    ' im ill ive id youre youve youll theyre dont cant wont didnt doesnt isnt wasnt werent havent hasnt couldnt wouldnt shouldnt thats whats theres lets dad mum mom mam nan nana gran granny grandma grandad grandpa mummy daddy new year eve'
  ).split(' '),
);
const TITLES = /^(?:dr|mr|mrs|ms|mx|prof)\.?$/i;
const GENERIC_LABEL = /^(?:therapist|client|counsell?or|patient|speaker|spk|ch|t|c|p|s|interviewer|clinician)$/i;

function bare(word: string): string {
  return word
    .replace(/[’]/g, "'")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9']+$/g, '')
    .replace(/'s$/i, '');
}

/**
 * Words in the transcript that are probably names: capitalised where a sentence does not start, after a
 * title ("Dr. Rivera"), or part of a speaker label. A note must not carry them, even inside a quote.
 */
export function namesIn(transcript: Transcript): Set<string> {
  const names = new Set<string>();
  for (const speaker of new Set(transcript.turns.map((t) => t.speaker))) {
    for (const part of speaker.split(/[\s_.,-]+/)) {
      const w = bare(part);
      if (w.length > 1 && /^[A-Za-z]/.test(w) && !GENERIC_LABEL.test(w) && !TITLES.test(w) && !/\d/.test(w)) names.add(w.toLowerCase());
    }
  }
  for (const turn of transcript.turns) {
    if (!/[A-Z]/.test(turn.text)) continue;
    const words = turn.text.split(' ');
    for (const [i, raw] of words.entries()) {
      // Most words are lower-case: look for a capital before doing any string work.
      const first = raw.search(/[A-Za-z]/);
      if (first < 0) continue;
      const c = raw.charCodeAt(first);
      if (c < 65 || c > 90) continue;
      const w = bare(raw);
      if (!/^[A-Z][a-z]/.test(w) || ORDINARY_CAPS.has(w.toLowerCase())) continue;
      const previous = words[i - 1];
      const afterTitle = previous !== undefined && TITLES.test(previous);
      const startsSentence = previous === undefined || /[.?!:"“]$/.test(previous);
      if (afterTitle || !startsSentence) names.add(w.toLowerCase());
    }
  }
  // A word the transcript also writes in lower case is an ordinary word capitalised for emphasis or after a
  // dash ("Like", "Yeah"), not a name: names keep their capital.
  if (names.size > 0) {
    const lower = new Set<string>();
    for (const turn of transcript.turns) for (const m of turn.text.matchAll(/(?<![A-Za-z'’])[a-z][a-z'’]*/g)) lower.add(m[0].replace(/['’]s$/, ''));
    const speakers = new Set(transcript.turns.flatMap((t) => t.speaker.split(/[\s_.,-]+/).map((x) => bare(x).toLowerCase())));
    for (const n of [...names]) if (lower.has(n) && !speakers.has(n)) names.delete(n);
  }
  return names;
}

const DANGLING =
  /^(?:and|or|but|so|the|a|an|to|of|with|in|on|at|that|for|because|my|your|about|from|by|as|into|than|like|really|just|very|least|is|was|are|were|be)$/i;

/** Longest quote a note sentence carries: long enough to be clinically useful, too short to copy a turn. */
export const MAX_QUOTE_WORDS = 8;

/**
 * A short verbatim quote from `text` around the match of `pattern` (the clause it sits in, trimmed to
 * {@link MAX_QUOTE_WORDS} words), or null when there is no match or the clause carries a name or any
 * other capitalised word that is not ordinary. `fromMatch` starts the quote at the match, not at its clause.
 */
export function quoteAround(text: string, pattern: RegExp, names: ReadonlySet<string>, fromMatch = false): string | null {
  const clean = text
    .replace(/[’]/g, "'")
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const flags = pattern.flags.replace('g', '').includes('i') ? pattern.flags.replace('g', '') : `${pattern.flags.replace('g', '')}i`;
  const m = new RegExp(pattern.source, flags).exec(clean);
  if (!m) return null;
  let clause = '';
  let clauseStart = 0;
  for (const c of clean.matchAll(/[^,.;?!—–]+/g)) {
    if (c.index <= m.index && m.index < c.index + c[0].length) {
      clauseStart = fromMatch ? m.index : c.index;
      // A match that runs past its clause (over a comma) keeps the rest of its own words.
      clause = clean.slice(clauseStart, Math.max(c.index + c[0].length, m.index + m[0].length));
      break;
    }
  }
  // A clause that itself quotes someone ('my brain jumps to "you're getting fired"') would nest quotes.
  if (/["“”]/.test(clause)) return null;
  let words = clause.split(' ').filter((w) => w.length > 0);
  if (words.length > MAX_QUOTE_WORDS) {
    // Keep the matched words, then as much context after them as fits.
    const before = clean
      .slice(clauseStart, m.index)
      .split(' ')
      .filter((w) => w.length > 0).length;
    const from = Math.max(0, Math.min(before, words.length - MAX_QUOTE_WORDS));
    words = words.slice(from, from + MAX_QUOTE_WORDS);
  }
  // A quote cut short should not end on a word that needs the next one ("…one night and", "…at least").
  while (words.length > 1 && DANGLING.test(words.at(-1)!.replace(/[,;:]+$/, ''))) words.pop();
  if (words.length === 0) return null;
  for (const [i, w] of words.entries()) {
    const b = bare(w);
    if (names.has(b.toLowerCase())) return null;
    if (i > 0 && /^[A-Z][a-z]/.test(b) && !ORDINARY_CAPS.has(b.toLowerCase())) return null;
  }
  const first = words[0]!;
  if (!/^I(?:'|$)/.test(first)) words[0] = first.charAt(0).toLowerCase() + first.slice(1);
  return words.join(' ').replace(/[,;:]+$/, '');
}
