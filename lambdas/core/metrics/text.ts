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
const WORD = /[a-z0-9]+(?:'[a-z]+)?/gi;

/** Lower-cased, annotations removed, stutters collapsed, curly quotes straightened. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(CURLY, "'")
    .replace(CURLY_DOUBLE, '"')
    .replace(ANNOTATION, ' ')
    .replace(DASHES, ' - ')
    .replace(STUTTER, '$1')
    .replace(SPACES, ' ')
    .trim();
}

export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
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

/** Content words (no stop words, at least three letters), for overlap with the client's previous turn. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of wordsOf(text)) if (w.length >= 3 && !STOP.has(w)) out.add(w.replace(/(?:ing|ed|s)$/, ''));
  return out;
}
