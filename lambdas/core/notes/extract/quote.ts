/**
 * Short verbatim quotes for a note: contiguous words of a turn as spoken, around the word that carries the
 * finding, never carrying a name. A quote is always a substring of the turn up to spacing, so a reader (and
 * the citation check) finds it in the cited turn.
 */

/** A quote is at most this many words: a note quotes a phrase, not a paragraph. */
export const MAX_QUOTE_WORDS = 14;

const EDGE_PUNCT = /^[\s"'“”‘’([,;:-]+|[\s"'“”‘’)\],;:-]+$/g;
const LEADING_FILLER = /^(?:(?:um+|uh+|er+|erm+|ah+|oh|well|so|and|but|like|yeah|you know|i mean)[,.]?\s+)+/i;
const DANGLING_END =
  /\s+(?:and|or|but|so|the|a|an|to|of|with|in|on|at|that|for|because|my|your|about|from|by|as|into|than|like|really|just|very|is|was|are|were|be|i|you|it)$/i;

function bareWord(w: string): string {
  return w
    .toLowerCase()
    .replace(/[^a-z0-9']/g, '')
    .replace(/'/g, '');
}

/**
 * A quote of `original` around the first word that starts with one of `anchors` (lower case, no apostrophes),
 * at most MAX_QUOTE_WORDS words; null when it would carry a name or holds nothing.
 */
export function quoteAround(original: string, anchors: readonly string[], names: ReadonlySet<string>, max = MAX_QUOTE_WORDS): string | null {
  const words = original
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return null;
  let at = anchors.length === 0 ? 0 : words.findIndex((w) => anchors.some((a) => bareWord(w).startsWith(a.replace(/'/g, ''))));
  if (at < 0) at = 0;
  let start = Math.max(0, at - Math.floor(max / 2));
  const end = Math.min(words.length, start + max);
  start = Math.max(0, end - max);
  // Stay within the clause the anchor sits in: cut at the nearest break (comma, semicolon, full stop) before
  // it, and at the first sentence break after it, as long as a few words remain.
  let from = start;
  for (let i = at - 1; i >= start; i--)
    if (/[.!?;,:]$/.test(words[i]!) && at - i >= 2) {
      from = i + 1;
      break;
    }
  let to = end;
  for (let i = at; i < end; i++)
    if (/[.!?;]$/.test(words[i]!) || (/,$/.test(words[i]!) && i - from >= 5)) {
      to = i + 1;
      break;
    }
  let quote = words.slice(from, to).join(' ').replace(EDGE_PUNCT, '').replace(LEADING_FILLER, '').replace(EDGE_PUNCT, '');
  while (DANGLING_END.test(quote)) quote = quote.replace(DANGLING_END, '');
  if (quote.split(/\s+/).length < 2 && words.length > 1 && quote.length < 4) return null;
  if (quote.length === 0) return null;
  // The note wraps every quote in double quotes: the client's own ones become single, as noteQuote does, so a
  // quote of a quote ("I just wrote 'Dad called'") still reads, and is still checked, as one quote.
  return withoutNames(innerQuotes(quote), anchors, names);
}

/** Double quotes inside a quote as single ones; one left unpaired by the cut (its partner fell outside) is dropped. */
function innerQuotes(quote: string): string {
  const marks = quote.match(/["“”]/g)?.length ?? 0;
  const paired = marks % 2 === 1 ? quote.replace(/^(.*)["“”]/s, '$1') : quote;
  return paired.replace(/["“”]/g, "'");
}

function nameIn(word: string, names: ReadonlySet<string>): boolean {
  const w = bareWord(word);
  return w.length > 0 && (names.has(w) || names.has(w.replace(/s$/, '')));
}

/**
 * The quote, or the stretch of it on the anchor's side of any name (at least three words), or null: a note
 * never carries a name, and a quote is never edited to hide one.
 */
function withoutNames(quote: string, anchors: readonly string[], names: ReadonlySet<string>): string | null {
  const words = quote.split(/\s+/);
  const at = words.findIndex((w) => nameIn(w, names));
  if (at < 0) return quote;
  const anchor = anchors.length === 0 ? -1 : words.findIndex((w) => anchors.some((a) => bareWord(w).startsWith(a.replace(/'/g, ''))));
  const side = anchor > at ? words.slice(at + 1) : words.slice(0, at);
  const rest = side.join(' ').replace(EDGE_PUNCT, '').replace(LEADING_FILLER, '').replace(DANGLING_END, '');
  if (rest.split(/\s+/).length < 3 || side.some((w) => nameIn(w, names))) return null;
  return rest;
}

/** Whether any word of a text is one of the transcript's names (notes/phrasing.ts namesIn). */
export function carriesName(text: string, names: ReadonlySet<string>): boolean {
  return text.split(/\s+/).some((w) => nameIn(w, names));
}

/**
 * A note quote (noteQuote) that carries no name: the words before the first name, marked as cut ("Would you be
 * willing to ring …"), or null when fewer than three words are left. A quote is cut, never edited, to leave a
 * name out.
 */
export function quoteWithoutNames(text: string, names: ReadonlySet<string>, maxWords = 18): string | null {
  const q = noteQuote(text, maxWords);
  if (!carriesName(q, names)) return q;
  const words = q.split(/\s+/);
  const before = words
    .slice(
      0,
      words.findIndex((w) => nameIn(w, names)),
    )
    .join(' ')
    .replace(DANGLING_END, '')
    .replace(EDGE_PUNCT, '');
  return before.split(/\s+/).filter(Boolean).length >= 3 ? `${before} …` : null;
}

/** `"quote"` for a note sentence. */
export function quoted(q: string): string {
  return `"${q}"`;
}

/**
 * A quote ready to sit inside a note's double quotes: inner double quotes become single, and a long one is
 * cut at a clause break (or marked with an ellipsis), so it stays verbatim piece by piece.
 */
export function noteQuote(text: string, maxWords = 18): string {
  let q = text
    .trim()
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .replace(/["“”]/g, "'");
  const words = q.split(/\s+/);
  if (words.length > maxWords) {
    let cut = -1;
    for (let i = maxWords - 1; i >= 5; i--)
      if (/[,.;:!?]$/.test(words[i]!)) {
        cut = i;
        break;
      }
    q =
      cut >= 0
        ? words
            .slice(0, cut + 1)
            .join(' ')
            .replace(/[,;:]$/, '')
        : `${words.slice(0, maxWords).join(' ')}…`;
  }
  return q;
}
