/**
 * Numbers as people say them and recognisers write them ("12", "twelve", "twenty-one", "four and a half",
 * "4/10", "3-4", "between 3 and 4", "a 4 or a 5"), found in a sentence's normalised text with their
 * positions, so a caller can judge what stands either side (a unit, an "out of", an "if"). Pure.
 */

const UNITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const WORD_VALUE = new Map<string, number>([...UNITS.map((w, i) => [w, i] as const), ...TENS.flatMap((w, i) => (w ? [[w, i * 10] as const] : []))]);

const UNIT_WORD = UNITS.join('|');
const TENS_WORD = TENS.filter(Boolean).join('|');
/** One number: digits, or words up to a hundred, with an optional half. */
const ATOM = new RegExp(
  String.raw`(?<![\w.:$£€])(?:(?<digits>\d+(?:\.\d+)?)|(?<words>(?:${TENS_WORD})(?:[- ](?:${UNIT_WORD}))?|(?:a |one )?hundred|${UNIT_WORD}))(?<half> and a half| point (?:zero|one|two|three|four|five|six|seven|eight|nine|\d))?(?![\w:]|\.\d|%)`,
  'g',
);

export interface SpokenNumber {
  /** The number, or the lower end of a range. */
  value: number;
  /** The upper end when a range was said ("between 3 and 4", "3-4", "a 4 or a 5"). */
  upper: number | null;
  /** The scale said with it ("4/10", "4 out of 10"). */
  outOf: number | null;
  /** Offsets in the text searched, covering the whole expression. */
  start: number;
  end: number;
  /** The expression as it stands in the text. */
  surface: string;
  /** Said in words ("six"), not digits. */
  inWords: boolean;
}

interface Atom {
  value: number;
  start: number;
  end: number;
  inWords: boolean;
}

function wordValue(words: string): number | null {
  if (/hundred$/.test(words)) return 100;
  const [tens, unit] = words.split(/[- ]/);
  const a = WORD_VALUE.get(tens!);
  if (a === undefined) return null;
  if (unit === undefined) return a;
  const b = WORD_VALUE.get(unit);
  return b === undefined || b > 9 ? null : a + b;
}

function tenthOf(digit: string): number {
  const n = /^\d$/.test(digit) ? Number(digit) : (WORD_VALUE.get(digit) ?? 0);
  return n / 10;
}

function atomsIn(text: string): Atom[] {
  const out: Atom[] = [];
  for (const m of text.matchAll(ATOM)) {
    const g = m.groups!;
    const base = g.digits !== undefined ? Number(g.digits) : wordValue(g.words!);
    if (base === null || !Number.isFinite(base)) continue;
    // "and a half"; "point four" (an ORS read off its lines in centimetres, "eighteen point four").
    const tenth = g.half === undefined ? 0 : g.half === ' and a half' ? 0.5 : tenthOf(g.half.replace(' point ', ''));
    out.push({ value: base + tenth, start: m.index!, end: m.index! + m[0].length, inWords: g.digits === undefined });
  }
  return out;
}

/** What joins two numbers into a range, or a value to its scale. */
const RANGE_JOIN = /^\s*,?\s*(?:-|to|or|and|maybe|or maybe|possibly|probably)\s*(?:(?:a|an|maybe|probably|like)\s+)?$/;
const OUT_OF_JOIN = /^\s*(?:\/|out of|outta|over)\s*$/;

/**
 * Every number in a piece of normalised text, with ranges and "out of" joined.
 *
 * @example
 * spokenNumbersIn('maybe between a three and a four out of ten');
 * // [{ value: 3, upper: 4, outOf: 10, surface: 'three and a four out of ten', … }]
 */
export function spokenNumbersIn(text: string): SpokenNumber[] {
  const atoms = atomsIn(text);
  const out: SpokenNumber[] = [];
  for (let i = 0; i < atoms.length; i++) {
    const first = atoms[i]!;
    let last = first;
    let upper: number | null = null;
    let outOf: number | null = null;
    const next = atoms[i + 1];
    const gap = (a: Atom, b: Atom) => text.slice(a.end, b.start);
    if (next && OUT_OF_JOIN.test(gap(first, next))) {
      outOf = next.value;
      last = next;
      i += 1;
    } else if (next && RANGE_JOIN.test(gap(first, next)) && next.value > first.value && next.value - first.value <= Math.max(3, first.value * 0.3)) {
      // "and" joins a range only after "between" ("3 and 4" alone is two things).
      const joinedByAnd = /\band\b/.test(gap(first, next));
      if (!joinedByAnd || /\bbetween\s+(?:a |an )?$/.test(text.slice(0, first.start))) {
        upper = next.value;
        last = next;
        i += 1;
        const after = atoms[i + 1];
        if (after && OUT_OF_JOIN.test(gap(next, after))) {
          outOf = after.value;
          last = after;
          i += 1;
        }
      }
    }
    out.push({ value: first.value, upper, outOf, start: first.start, end: last.end, surface: text.slice(first.start, last.end), inWords: first.inWords });
  }
  return out;
}

/** How a number stands in a sentence said about a score: this value, an earlier one, or not a rating at all. */
export type NumberKind = 'current' | 'previous' | 'not a rating';

// What may follow a score or rating: the end, a hedge, a time, a scale, a joining word. Anything else
// ("20 mg", "30 a day", "3 days", "two of them", "4 30") makes the number something other than a rating.
const MAY_FOLLOW =
  /^(?:\s*(?:[,.;:!?)"]|$)|\s+(?:@\w+@|and|or|to|out|i|you|it|that|which|maybe|probably|perhaps|possibly|ish|today|tonight|now|right|currently|this|last|at|on|in|for|so|but|because|though|although|then|too|also|already|again|compared|down|up|from|since|when|before|after|previously|yesterday|lately|recently|most|mostly|points?|is|was|am|are|were|would|will|do|did|honestly|really|tops|max|at|overall|these|actually|now|lol|yeah|yes|no|ok|okay|right|if|where|with|as)\b|\s+by the (?:time|end)\b|\s+(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|\d+) (?:days?|weeks?|months?|years?|sessions?) ago\b)/;
const THRESHOLD_AFTER = /^\s*(?:or (?:more|above|higher|over|less|below|lower|under|so)|and (?:above|over|up|higher|below|under)|plus\b|\+)/;
const THRESHOLD_BEFORE =
  /\b(?:above|over|under|below|more than|less than|fewer than|at least|at most|up to|maximum|max|minimum|min|highest|lowest|cut-?off|threshold|beyond|exceeds?|anything|everything)\s+(?:of\s+)?(?:a |an )?$/;
const NOT_A_SCORE_BEFORE =
  /(?:[$£€#]|\b(?:out of|outta|age|aged|number|no\.|page|room|chapter|bus|route|flat|apartment|unit|class|year|grade|since|in|by|until|every|each|the|those|these|only|first|top|about the|like the|of the|size|line|step|item|question|level of|times|x)\s+)$/;
const AGE_BEFORE = /\b(?:i|you|he|she|they|we) (?:am|was|were|are|is|turned|turn|turning|be)\s+$/;
const HYPOTHETICAL =
  /\b(?:if(?! i (?:had|have) to (?:say|guess|pick|put|rate))|unless|suppose|supposing|imagine|pretend|what would|would it take|would need|need(?:s)? to|want(?:s)? (?:it )?to|hope|hoping|wish|ideally|goal|aim|target|(?:get|go|move|bring|come|push)(?: it| you| me| that)? (?:up |down |back )?to|could be|might be|should be|would like|would love|would rather)\b/;
const NEGATED = /\b(?:not|never|no|nothing|nowhere)\b(?! (?:know|sure|certain|that bad))/;
const ONE_NEEDS = /(?:\b(?:a|an|at|about|around|say|said|probably|maybe|like|is|was|scored|score|got|from|to|it|rate it|give it|put it|is a|solid)\s+|^\s*)$/;
const SEGMENT_BREAK_LEFT = /[,;:.!?]|\b(?:but|and|whereas|although|though|because|so|whereas)\b/g;
const SEGMENT_BREAK_RIGHT =
  /[,;:.!?]|\b(?:but|and|whereas|although|though|because|so|compared|down from|up from|from|(?:it|i|you|that|which|she|he|they) (?:was|is|were|am|are|has|had|have|used|felt|feel))\b/;
const PREVIOUS_BEFORE =
  /(?:\bfrom (?:a |an |about |around |like |roughly )?|\bused to be (?:a |an |about |around |like )?|\bcompared (?:to|with) (?:a |an )?|\bthan (?:a |an )?)$/;
export const PAST_TIME =
  /\b(?:last (?:week|time|session|month|visit|appointment|year|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|\d+) (?:days?|weeks?|months?|years?|sessions?) ago|at (?:the )?(?:intake|baseline|assessment|start|beginning)|(?:at|in|during) (?:our|your|the|my) (?:first|initial|last|previous|intake) (?:session|appointment|visit|assessment)|when (?:we|you|i) (?:first )?(?:started|met|began|came in|came here|first came)|yesterday|the other day|previously|back then|back in \w+|in (?:january|february|march|april|may|june|july|august|september|october|november|december)|used to)\b/;
export const CURRENT_TIME =
  /\b(?:today|tonight|right now|at the moment|currently|these days|this (?:morning|afternoon|evening|session|week|past week|time)|over the (?:past|last) (?:week|two weeks|fortnight|few days|month)|now)\b/;

function leftSegment(text: string, at: number): string {
  const before = text.slice(0, at);
  let start = 0;
  for (const m of before.matchAll(SEGMENT_BREAK_LEFT)) start = m.index! + m[0].length;
  return before.slice(start);
}

function rightSegment(text: string, end: number): string {
  const after = text.slice(end);
  const m = SEGMENT_BREAK_RIGHT.exec(after);
  return m ? after.slice(0, m.index) : after;
}

/** A time said in the same stretch as the number ("it was 8 last time", "three weeks ago, 16"). */
export function timeSaidWith(text: string, n: SpokenNumber): string | null {
  const right = rightSegment(text, n.end);
  const left = leftSegment(text, n.start);
  for (const part of [right, left]) {
    const current = CURRENT_TIME.exec(part)?.[0];
    if (current) return current;
    const past = PAST_TIME.exec(part)?.[0];
    if (past) return past === 'used to' ? 'before' : past;
  }
  return null;
}

/**
 * Whether a number in normalised text is said as a score or rating, and if so whether it is the value now
 * or one from before ("down from 16", "it was 8 last time", "used to be a 9").
 */
export function kindOfNumber(text: string, n: SpokenNumber): NumberKind {
  const after = text.slice(n.end);
  const before = text.slice(0, n.start);
  const left = leftSegment(text, n.start);
  const bare = !/\b(?:a|an)\s+$/.test(before);
  if (!MAY_FOLLOW.test(after) || THRESHOLD_AFTER.test(after)) return 'not a rating';
  if (THRESHOLD_BEFORE.test(before) || NOT_A_SCORE_BEFORE.test(before)) return 'not a rating';
  if (bare && AGE_BEFORE.test(before)) return 'not a rating';
  if (HYPOTHETICAL.test(left) || NEGATED.test(left)) return 'not a rating';
  if (/\bwould\b(?! (?:say|guess|put|give|rate|call|go with|think|probably|have to say|be))/.test(left)) return 'not a rating';
  if (n.inWords && n.value === 1 && n.outOf === null && !ONE_NEEDS.test(before)) return 'not a rating';
  if (PREVIOUS_BEFORE.test(before)) return 'previous';
  const right = rightSegment(text, n.end);
  if (/\bused to\b/.test(left)) return 'previous';
  if (CURRENT_TIME.test(right)) return 'current';
  if (PAST_TIME.test(right) || (PAST_TIME.test(left) && !CURRENT_TIME.test(left))) return 'previous';
  return 'current';
}
