/**
 * Text helpers shared by the behaviour coders. Transcripts of speech are messy ("my-my wife",
 * "[unintelligible 00:01:33]", "--"), so everything is normalised once before any cue is matched.
 */

const ANNOTATION = /\[[^\]]*\]/g;
const STUTTER = /\b([a-z']+)(?:-\1\b)+/g;
const DASHES = /\s*(?:--+|—|–)\s*/g;
const CURLY = /[\u2018\u2019\u201B]/g;
const CURLY_DOUBLE = /[\u201C\u201D]/g;
const SPACES = /\s+/g;

// Each rewrite below runs only when its trigger character is present: most turns have no brackets,
// dashes or curly quotes, and the engine normalises every turn several times (bench/speed.ts).
const HAS_CURLY = /[\u2018\u2019\u201B\u201C\u201D]/;
const HAS_DASH = /--|[—–]/;
/** `\s+` → ' ' changes something only for a non-space blank or two blanks in a row. */
const HAS_LOOSE_SPACE = /[^\S ]|\s\s/;

/** Lower-cased, annotations removed, stutters collapsed, curly quotes straightened. */
export function normalise(text: string): string {
  let s = text.toLowerCase();
  if (HAS_CURLY.test(s)) s = s.replace(CURLY, "'").replace(CURLY_DOUBLE, '"');
  if (s.includes('[')) s = s.replace(ANNOTATION, ' ');
  if (HAS_DASH.test(s)) s = s.replace(DASHES, ' - ');
  if (s.includes('-')) s = s.replace(STUTTER, '$1');
  if (HAS_LOOSE_SPACE.test(s)) s = s.replace(SPACES, ' ');
  return s.trim();
}

// A word is what /[a-z0-9]+(?:'[a-z]+)?/gi matches (ASCII letters and digits, then an optional `'t`,
// `'s` tail). It is scanned by hand because the coders split every turn into words several times and
// the scan is about twice as fast as the regex; a property test against the regex kept it exact.
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57);
}

/** End of the word starting at `start` (a word character). */
function wordEnd(text: string, start: number): number {
  const n = text.length;
  let i = start + 1;
  while (i < n && isWordChar(text.charCodeAt(i))) i++;
  if (i + 1 < n && text.charCodeAt(i) === 39 && isLetter(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < n && isLetter(text.charCodeAt(i))) i++;
  }
  return i;
}

export function countWords(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; ) {
    if (isWordChar(text.charCodeAt(i))) {
      i = wordEnd(text, i);
      count++;
    } else i++;
  }
  return count;
}

export function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  for (let i = 0; i < lower.length; ) {
    if (isWordChar(lower.charCodeAt(i))) {
      const end = wordEnd(lower, i);
      words.push(lower.slice(i, end));
      i = end;
    } else i++;
  }
  return words;
}

const SENTENCE_END = /(?<=[.?!])\s+(?=\S)/;

/** Sentences of a normalised turn. */
export function sentencesOf(normalised: string): string[] {
  return normalised
    .split(SENTENCE_END)
    .map((s) => s.replace(/^[\s,.-]+/, '').trim())
    .filter((s) => s.length > 0);
}

/** Leading fillers that carry no behaviour ("okay, um, so ..." keeps the "so"). */
const LEADING_FILLER =
  /^(?:(?:okay|ok|um+|uh+|hmm+|mm+-?hmm+|mhm|uh-huh|yeah|yes|well|alright|all right|right|sure|oh|ah|i see|got it|gotcha|and|but|now)\b[\s,.!-]*)+/;

export function stripFillers(sentence: string): string {
  return sentence.replace(LEADING_FILLER, '').trim();
}

const STOP = new Set(
  (
    "a an the and or but so if then that this these those it its it's is are was were be been being am i i'm i've " +
    "i'd i'll me my mine you you're you've you'd your yours he she they them their we us our to of in on at for " +
    'with about as by from up down out just really very like kind sort um uh yeah okay well know mean think do does ' +
    "did don't not no yes have has had get got go going gonna wanna can could would should will what how why when " +
    'where who which there here some any all more much too also because lot things thing'
  ).split(' '),
);

/** Strips one of `ing`, `ed`, `s`, as `/(?:ing|ed|s)$/` would, without a regex per word. */
function stem(word: string): string {
  if (word.endsWith('ing')) return word.slice(0, -3);
  if (word.endsWith('ed')) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Content words (no stop words, at least three letters), for overlap with the client's previous turn. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of wordsOf(text)) if (w.length >= 3 && !STOP.has(w)) out.add(stem(w));
  return out;
}
