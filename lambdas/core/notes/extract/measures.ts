/**
 * Measures said aloud: standard instruments read out or reported (PHQ-9, GAD-7, PCL-5, AUDIT, AUDIT-C, ORS,
 * SRS, SUDS, ISI, PGSI, CORE-10, EPDS, WSAS) and 0–10 ratings asked and answered (mood, confidence, urge…),
 * each with its value, when, the previous value when one was said, and the words. Precision first: a number is a measure only where it is
 * said as one (after a scale question, or with an instrument's name, or "out of 10"); a number with a unit
 * after it, a threshold, a hypothetical or a value outside the scale is left out. Pure.
 */
import type { Role } from '../../../../schemas/transcript.js';
// One source for the bands, with their citations: the measures core (Kroenke 2001, Spitzer 2006, Duncan and Miller, Babor 2001,
// Bastien 2001, Ferris and Wynne 2001, Barkham 2013, Cox 1987, Mundt 2002).
import { bandOf } from '../../measures/instruments.js';
import { answerAfter, type ExtractInput, type ReadTurn } from './input.js';
import { quoteAround } from './quote.js';
import { CURRENT_TIME, PAST_TIME, kindOfNumber, spokenNumbersIn, timeSaidWith, type NumberKind, type SpokenNumber } from './numbers.js';

export type Instrument = 'PHQ-9' | 'GAD-7' | 'PCL-5' | 'AUDIT' | 'AUDIT-C' | 'ORS' | 'SRS' | 'SUDS' | 'ISI' | 'PGSI' | 'CORE-10' | 'EPDS' | 'WSAS' | 'rating';

export interface MeasureValue {
  value: number;
  /** The upper end when a range was said ("between 3 and 4"); null for one value. */
  upTo: number | null;
  /** When, as said ("last week", "at intake", "three weeks ago"); "today" for a score of this session; null when not said. */
  when: string | null;
  band: string | null;
}

export interface MeasureMention extends MeasureValue {
  instrument: Instrument;
  /** What a rating is of ("confidence", "mood", "urge"), from the question or the sentence; null for instruments or when not said. */
  ratingOf: string | null;
  outOf: number;
  /** The value said before it, when the same turn or session said one ("down from 16", "it was 8 last time"). */
  previous: MeasureValue | null;
  /** The question (when there was one) and the turn with the value. */
  turnIds: string[];
  /** Who said the value: the client reporting it, or the therapist reading a score aloud. */
  saidBy: Role;
  /** The sentence with the value, verbatim (trimmed around the value when long). */
  quote: string;
}

interface Scale {
  instrument: Instrument;
  min: number;
  max: number;
}

const SCALES: Record<Exclude<Instrument, 'rating'>, Scale> = {
  'PHQ-9': { instrument: 'PHQ-9', min: 0, max: 27 },
  'GAD-7': { instrument: 'GAD-7', min: 0, max: 21 },
  'PCL-5': { instrument: 'PCL-5', min: 0, max: 80 },
  AUDIT: { instrument: 'AUDIT', min: 0, max: 40 },
  'AUDIT-C': { instrument: 'AUDIT-C', min: 0, max: 12 },
  ORS: { instrument: 'ORS', min: 0, max: 40 },
  SRS: { instrument: 'SRS', min: 0, max: 40 },
  SUDS: { instrument: 'SUDS', min: 0, max: 100 },
  ISI: { instrument: 'ISI', min: 0, max: 28 },
  PGSI: { instrument: 'PGSI', min: 0, max: 27 },
  'CORE-10': { instrument: 'CORE-10', min: 0, max: 40 },
  EPDS: { instrument: 'EPDS', min: 0, max: 30 },
  WSAS: { instrument: 'WSAS', min: 0, max: 40 },
};

function bandOfRange(instrument: Instrument, value: number, upTo: number | null): string | null {
  const low = bandOf(instrument, value);
  if (upTo === null) return low;
  const high = bandOf(instrument, upTo);
  return low === high ? low : low && high ? `${low} to ${high}` : null;
}

// Instruments as said, typed or recognised ("PHQ-9", "phq nine", "p h q 9", "gad seven"), replaced by a
// marker without digits so the instrument's own number is never read as its score. Short forms and
// relatives of other instruments (PHQ-2, GAD-2, CORE-OM, YP-CORE, CORE-5) are marked as other so their
// numbers are not read either. An acronym is read run together, spelled out or with dots, and, as
// recognisers split them, with some letters spaced ("PGS I", "w sas"); the ISI only whole or fully spelled
// out ("i s i"), since "is i" is two ordinary words.
const OTHER_FORMS =
  /\b(?:p ?h ?q|g ?a ?d)[- ]?(?:2|two|15|fifteen|a)\b|\b(?:yp|gp|ld)[- ]?core\b(?:[- ]?(?:10|ten)\b)?|\bcore[- ]?(?:om|5|five|6d|lm)\b|\bcore outcome measure\b/g;
const INSTRUMENT_FORMS: [Exclude<Instrument, 'rating'>, RegExp][] = [
  ['PHQ-9', /\b(?:p\.? ?h\.? ?q\.?|patient health questionnaire)(?:[- ]?(?:9|nine))?\b/g],
  [
    'GAD-7',
    /\b(?:g\.? ?a\.? ?d\.?[- ]?(?:7|seven)|g\.? ?a\.? ?d(?= (?:score|questionnaire|scale|screen))|generali[sz]ed anxiety disorder (?:7|seven|scale|questionnaire))\b/g,
  ],
  ['PCL-5', /\b(?:p\.? ?c\.? ?l\.?(?:[- ]?(?:5|five))?|ptsd checklist)\b/g],
  // Before AUDIT, so "AUDIT-C" is its own instrument and the AUDIT never takes its number.
  ['AUDIT-C', /\b(?:audit[- ]?c|audit consumption(?: questions| items| score)?|alcohol use disorders? identification test[- ]consumption)\b/g],
  ['AUDIT', /\b(?:audit(?= (?:score|questionnaire|screen|screening|tool|results?)\b)|alcohol use disorders? identification test)\b/g],
  ['ORS', /\b(?:o ?r ?s|outcome rating scale)\b/g],
  ['SRS', /\b(?:s ?r ?s|session rating scale)\b/g],
  ['SUDS', /\b(?:s ?u ?d ?s|sud (?=score|level|rating)|subjective units? of (?:distress|disturbance)(?: scale)?)\b/g],
  ['ISI', /\b(?:isi|i\. ?s\. ?i|i s i|insomnia severity (?:index|scale|questionnaire))\b/g],
  ['PGSI', /\b(?:p\.? ?g\.? ?s\.? ?i|problem gambling severity (?:index|scale|score))\b/g],
  // "Core" alone is an ordinary word ("core belief", "my core values"): CORE-10 needs its number or name.
  ['CORE-10', /\b(?:core[- ]?(?:10|ten)|clinical outcomes in routine evaluation[- ](?:10|ten))\b/g],
  [
    'EPDS',
    /\b(?:e\.? ?p\.? ?d\.? ?s|edinburgh (?:postnatal |post-natal |postpartum |perinatal |antenatal )?(?:depression )?(?:scale|questionnaire)|edinburgh postnatal depression score)\b/g,
  ],
  ['WSAS', /\b(?:w\.? ?s\.? ?a\.? ?s|work and social adjustment(?: scale| questionnaire)?)\b/g],
];
const MARK = (i: Exclude<Instrument, 'rating'>) => `@${i.toLowerCase().replace(/[^a-z]/g, '')}@`;
const MARKS = new Map(INSTRUMENT_FORMS.map(([i]) => [MARK(i), i]));

/** A scale named in a question: "on a scale of 0 to 10", "from one to ten", "1-10", "out of 100". */
const SCALE_FORMS =
  /\b(?:(?:on |using )?(?:a |the )?scale (?:of |from )?|from |between )?(?:0|zero|nought|naught|1|one) ?(?:to|-|through|and) ?(10|ten|5|five|100|a hundred|one hundred)(?: point)?(?: scale)?\b|\b(?:a |on a )?(10|ten)[- ]point scale\b|\b(?:0|zero|nought|naught) being [^?.]*?(?:,? and|,) (10|ten|100|a hundred)\b/g;

export interface Canonical {
  /** Normalised text with instruments as markers and scale phrases as `@scaleN@`. */
  text: string;
  instruments: { instrument: Exclude<Instrument, 'rating'>; at: number }[];
  /** The top of a scale named in the text, if any. */
  scaleTop: number | null;
}

function topValue(word: string): number {
  return /^(?:10|ten)$/.test(word) ? 10 : /^(?:5|five)$/.test(word) ? 5 : 100;
}

/**
 * The two questionnaires as clients name them by topic when the forms are what is being talked about: "the mood
 * one" (PHQ-9) and "the worry one", "the anxiety one" (GAD-7), the pair given together in most services.
 */
const BY_TOPIC: [Exclude<Instrument, 'rating'>, RegExp][] = [
  ['PHQ-9', /\b(?:the )?(?:mood|depression) (?:one|form|questionnaire|sheet)\b/g],
  ['GAD-7', /\b(?:the )?(?:worry|worries|anxiety) (?:one|form|questionnaire|sheet)\b/g],
];

export function canonical(normalised: string, original: string, formsTalkedAbout = false): Canonical {
  let text = normalised.replace(OTHER_FORMS, '@other@');
  // "AUDIT" in capitals is the instrument; in lower case it is usually the ordinary word.
  if (/\bAUDIT\b/.test(original)) text = text.replace(/\baudit\b(?![- ]?c\b)/g, '@audit@');
  // So is "CORE": in capitals and said as a score ("your CORE score", "the CORE total") it is the CORE-10.
  if (/\bCORE\b/.test(original)) text = text.replace(/\bcore\b(?= (?:score|total|questionnaire)\b)/g, MARK('CORE-10'));
  // "Isi" written as a name is a person; the instrument is written "ISI" (or "isi" by a recogniser).
  const isiIsAName = /\bIsi\b/.test(original) && !/\b(?:ISI|isi)\b/.test(original);
  for (const [instrument, form] of INSTRUMENT_FORMS) if (instrument !== 'ISI' || !isiIsAName) text = text.replace(form, MARK(instrument));
  // Only in a sentence naming no instrument: "the PHQ-9, that's the mood questionnaire" glosses the name.
  if (formsTalkedAbout && !/@[a-z]+@/.test(text)) for (const [instrument, form] of BY_TOPIC) text = text.replace(form, MARK(instrument));
  let scaleTop: number | null = null;
  text = text.replace(SCALE_FORMS, (_m, top?: string, points?: string, ends?: string) => {
    scaleTop ??= topValue(top ?? points ?? ends ?? '10');
    return `@scale${topValue(top ?? points ?? ends ?? '10')}@`;
  });
  const instruments = [...text.matchAll(/@[a-z]+@/g)].flatMap((m) => {
    const instrument = MARKS.get(m[0]);
    return instrument ? [{ instrument, at: m.index! }] : [];
  });
  return { text, instruments, scaleTop };
}

// What a rating is of, from how it is asked ("how confident…", "rate your mood", "the urge").
const ADJECTIVE_TOPIC: Record<string, string> = {
  confident: 'confidence',
  important: 'importance',
  ready: 'readiness',
  motivated: 'motivation',
  committed: 'commitment',
  willing: 'willingness',
  anxious: 'anxiety',
  nervous: 'anxiety',
  worried: 'worry',
  stressed: 'stress',
  distressed: 'distress',
  depressed: 'depression',
  low: 'low mood',
  down: 'low mood',
  sad: 'sadness',
  hopeful: 'hope',
  hopeless: 'hopelessness',
  angry: 'anger',
  irritable: 'irritability',
  lonely: 'loneliness',
  overwhelmed: 'overwhelm',
  tired: 'tiredness',
  likely: 'likelihood',
  sure: 'certainty',
  upset: 'distress',
  safe: 'safety',
  scared: 'fear',
  afraid: 'fear',
  happy: 'happiness',
  calm: 'calm',
  satisfied: 'satisfaction',
};
const TOPICS =
  /\b(?:(?:low |overall )?mood|anxiety|depression|stress|distress|pain(?: level)?|sleep(?: quality)?|urges?|cravings?|confidence|motivation|readiness|importance|energy|appetite|anger|worry|hope(?:lessness)?|loneliness|self[- ]esteem|well-?being|focus|concentration|panic|fear|guilt|shame|irritability|happiness|satisfaction|week|day)\b/;

/** Words after "how" that ask no state: "how much", "how often", "how are you", "how did it go". */
const NOT_A_STATE = new Set([
  'much',
  'many',
  'long',
  'often',
  'far',
  'well',
  'come',
  'about',
  'is',
  'are',
  'was',
  'were',
  'did',
  'do',
  'does',
  'have',
  'has',
  'can',
  'could',
  'would',
  'will',
  'should',
  'things',
  'it',
  'you',
  'that',
  'the',
  'strong',
  'bad',
  'good',
  'big',
  'high',
  'low',
  'likely',
  'sure',
]);

export function ratingTopic(text: string): string | null {
  const adjective = /\bhow (\w+)\b/g;
  for (const m of text.matchAll(adjective)) {
    const word = m[1]!;
    if (ADJECTIVE_TOPIC[word]) return ADJECTIVE_TOPIC[word]!;
    if (word === 'well' && /\bhow well (?:did|do|have|are) you (?:been )?sleep/.test(text)) return 'sleep quality';
  }
  // "How frazzled are you, out of 10?", "How wiped out after, one to ten?": the state asked about, in the asker's word.
  const state = /\bhow (\w+(?: out)?) (?:are|r|were|was|do|did|have|after|today|now|this|on)\b/.exec(text)?.[1];
  if (state && !NOT_A_STATE.has(state.split(' ')[0]!)) return state;
  // "How much do you believe that, nought to a hundred?": the strength of a belief (a thought record's, CPT's).
  if (/\bhow (?:much|strongly) (?:do|did|would) you (?:still |now |really )?believe\b|\bbelief\b/.test(text)) return 'belief';
  const named = text.slice(0).match(/\b(?:rate|put|place|score|give) (?:your |the |how )?((?:\w+ ){0,1}\w+)/);
  const fromNamed = named?.[1]?.match(TOPICS)?.[0];
  if (fromNamed) return fromNamed === 'week' || fromNamed === 'day' ? `the ${fromNamed}` : fromNamed.replace(/^(urge|craving)s$/, '$1');
  const topic = text.match(TOPICS)?.[0];
  if (topic && topic !== 'week' && topic !== 'day') return topic.replace(/^(urge|craving)s$/, '$1');
  if (/\b(?:your|the|this|my) (?:week|day)\b/.test(text)) return /\bweek\b/.test(text) ? 'the week' : 'the day';
  return null;
}

interface Found {
  number: SpokenNumber;
  kind: NumberKind;
  when: string | null;
}

/** The scale's own range said with its name ("the ISI runs from 0 to 28", "the maximum is 28"): not a score. */
const RANGE_BEFORE = /(?:\b(?:0|zero|nought|naught) ?(?:to|-|through|and) ?|\b(?:maximum|max|top|highest)(?: possible)?(?: score)? (?:is|of|would be) )$/;
const UNITS_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
/**
 * An item of a questionnaire named before a number ("item 10 was a zero", "the self-harm question, a one"):
 * the number is that item's answer, not the total, unless a total is said between them.
 */
const ITEM_NAMED = new RegExp(
  String.raw`\b(?:(?:item|question) (?:number )?(?:\d+|${UNITS_WORDS})|(?:the )?(?:self[- ]harm|suicide|last|final|first|tenth|ninth) (?:item|question))\b(?!.*\b(?:total|overall|altogether|in all|comes? to|came to|adds? up|@[a-z]+@))`,
);

/**
 * An item read back with its answer ("Feeling nervous, anxious or on edge, nearly every day, so that's a
 * three"): the PHQ and GAD answer options (Spitzer et al. 1999, 2006) score one item, 0 to 3, never the total.
 */
const ITEM_ANSWERED =
  /\b(?:not at all|several days|more than half (?:of )?the days|nearly every day)\b(?!.*\b(?:total|overall|altogether|in all|comes? to|came to|adds? up)\b)/;

/** Numbers of one sentence that are said as a score or rating, in order. */
function ratingNumbers(canon: string, range: { min: number; max: number; instrument?: Instrument }): Found[] {
  const numbers = spokenNumbersIn(canon);
  const isRange = (n: SpokenNumber) => n.value === range.max && n.upper === null && RANGE_BEFORE.test(canon.slice(0, n.start));
  const questionnaire = range.instrument !== undefined && range.instrument !== 'rating';
  return numbers.flatMap((number, i) => {
    if (isRange(number) || (numbers[i + 1] && number.value === range.min && isRange(numbers[i + 1]!))) return [];
    // An item's answer is not the questionnaire's total (the EPDS's item 10 least of all).
    if (questionnaire && (ITEM_NAMED.test(canon.slice(0, number.start)) || ITEM_ANSWERED.test(canon.slice(0, number.start)))) return [];
    const kind = kindOfNumber(canon, number);
    if (kind === 'not a rating') return [];
    const within = (v: number | null) => v === null || (v >= range.min && v <= range.max);
    // Out of range for the scale: not this measure (or misheard); left out rather than guessed.
    if (!within(number.value) || !within(number.upper)) return [];
    if (number.outOf !== null && number.outOf !== range.max) return [];
    return [{ number, kind, when: timeSaidWith(canon, number) }];
  });
}

/** A turn's sentences, each made canonical once. */
function canonicalSentences(turn: ReadTurn, formsTalkedAbout = false): { original: string; canon: Canonical }[] {
  return turn.sentences.map((s) => ({ original: s.original, canon: canonical(s.text, s.original, formsTalkedAbout) }));
}

const CURRENT_TIMES = /^(?:today|tonight|right now|now|at the moment|currently|this (?:morning|afternoon|evening|session|time))$/;

function measureValueOf(instrument: Instrument, found: Found, tense: 'current' | 'previous', fallbackWhen: string | null): MeasureValue {
  const said = found.when ?? fallbackWhen;
  const when = tense === 'current' ? (said === null || CURRENT_TIMES.test(said) ? 'today' : said) : said;
  return { value: found.number.value, upTo: found.number.upper, when, band: bandOfRange(instrument, found.number.value, found.number.upper) };
}

/** A verbatim quote: the sentence, or the words around the value when the sentence is long. */
function quoteOf(original: string, found: Found | undefined): string {
  if (original.split(/\s+/).length <= 24 || !found) return original;
  const anchor = found.number.surface.split(/\s+/)[0]!.replace(/[^a-z0-9]/g, '');
  return quoteAround(original, [anchor], new Set(), 20) ?? original;
}

/** The current value and the previous one among a run of found numbers (first of each). */
function currentAndPrevious(found: Found[]): { current?: Found; previous?: Found } {
  // "Monday was a three, but today I'm a six": the value said with a time of now is the current one.
  const current = found.find((f) => f.kind === 'current' && f.when !== null && CURRENT_TIMES.test(f.when)) ?? found.find((f) => f.kind === 'current');
  const previous = found.find((f) => f.kind === 'previous');
  return { current, previous };
}

function mention(
  instrument: Instrument,
  scale: { max: number },
  ratingOf: string | null,
  pair: { current?: Found; previous?: Found },
  turnIds: string[],
  saidBy: Role,
  quote: string,
  fallbackWhen: string | null,
): MeasureMention | null {
  const { current, previous } = pair;
  const main = current ?? previous;
  if (!main) return null;
  return {
    instrument,
    ratingOf,
    outOf: scale.max,
    ...measureValueOf(instrument, main, current ? 'current' : 'previous', fallbackWhen),
    previous: current && previous ? measureValueOf(instrument, previous, 'previous', null) : null,
    turnIds,
    saidBy,
    quote,
  };
}

/** The questionnaires being talked about as such: "my forms", "the portal questionnaires". */
const FORMS = /\b(?:forms?|questionnaires?|portal)\b/;

/** Scores read aloud or reported with the instrument's name: "your PHQ-9 came out at 12, down from 16". */
function instrumentStatements(turn: ReadTurn, before?: ReadTurn): MeasureMention[] {
  if (turn.role === 'unknown') return [];
  const out: MeasureMention[] = [];
  // "Let me find my forms. Mood one's ten. Worry one, thirteen.": the forms named in the turn or the question before it.
  const forms = FORMS.test(turn.text.toLowerCase()) || (before !== undefined && FORMS.test(before.text.toLowerCase()));
  const sentences = canonicalSentences(turn, forms);
  let last: { mention: MeasureMention; sentence: number } | null = null;
  // An instrument named without a score ("you filled in the PHQ-9") whose score one of the next two sentences gives
  // ("Let me add them up. It came out at 12").
  let named: { instrument: Exclude<Instrument, 'rating'>; sentence: number } | null = null;
  sentences.forEach(({ original, canon }, si) => {
    const marks = canon.instruments;
    if (marks.length === 0 && named && si - named.sentence <= 2 && SCORE_SAID.test(canon.text) && !/\?\s*$/.test(canon.text)) {
      const scale = SCALES[named.instrument];
      const found = ratingNumbers(asScore(canon.text), scale);
      const m = mention(
        named.instrument,
        scale,
        null,
        currentAndPrevious(found),
        [turn.id],
        turn.role,
        quoteOf(original, found[0]),
        turn.role === 'therapist' ? 'today' : null,
      );
      named = null;
      if (m) {
        out.push(m);
        last = { mention: m, sentence: si };
        return;
      }
    }
    if (marks.length === 0) {
      // "That's down from 16." / "It was 16 at intake." right after a score in the same turn.
      if (last && last.sentence === si - 1 && last.mention.previous === null) {
        const scale = SCALES[last.mention.instrument as Exclude<Instrument, 'rating'>];
        const { previous } = currentAndPrevious(ratingNumbers(canon.text, scale));
        if (previous && !/\?\s*$/.test(canon.text)) last.mention.previous = measureValueOf(scale.instrument, previous, 'previous', null);
      }
      return;
    }
    marks.forEach((mark, mi) => {
      const scale = SCALES[mark.instrument];
      // The instrument's numbers run from its name to the next instrument's ("12 on the PHQ" reaches back).
      const previousMark = mi === 0 ? 0 : marks[mi - 1]!.at;
      const before = canon.text.slice(previousMark, mark.at);
      const reachBack = /(?:^|\s)((?:a |an )?[\w.]+(?: (?:and|to|or) [\w.]+)?) (?:on|for|in) (?:the |your |my |his |her |their )?$/.exec(before);
      const from = reachBack ? previousMark + reachBack.index : mark.at;
      const end = mi + 1 < marks.length ? marks[mi + 1]!.at : canon.text.length;
      // Judged in the whole sentence, so a time or an "if" before the instrument's name still counts.
      const found = ratingNumbers(canon.text, scale).filter((f) => f.number.start >= from && f.number.start < end);
      // Distress through an exposure is a run of readings ("SUDS started at sixty and was about thirty by the end"): each one.
      if (mark.instrument === 'SUDS') {
        const run = found.filter((f, i) => f.kind === 'current' && f.number.upper === null && found.findIndex((g) => g.number.value === f.number.value) === i);
        if (run.length > 1) {
          for (const f of run) {
            const one = mention('SUDS', scale, null, { current: f }, [turn.id], turn.role, quoteOf(original, f), turn.role === 'therapist' ? 'today' : null);
            if (one) out.push(one);
          }
          last = null;
          return;
        }
      }
      const m = mention(
        mark.instrument,
        scale,
        null,
        currentAndPrevious(found),
        [turn.id],
        turn.role,
        quoteOf(original, found[0]),
        turn.role === 'therapist' ? 'today' : null,
      );
      if (m) {
        out.push(m);
        last = { mention: m, sentence: si };
      } else named = { instrument: mark.instrument, sentence: si };
    });
  });
  return out;
}

/**
 * "Adds up to 24" gives a score, not an upper bound: read as "scored 24" ("is" would make "you came out at
 * sixteen" read as an age, "you is sixteen").
 */
function asScore(text: string): string {
  return text.replace(
    /\b(?:(?:adds?|added) up to|comes? to|came to|(?:came|comes?) (?:out|back|in) (?:at|as)|totall?ed|(?:you have |you |i have |i )?(?:made|make) it)\b/,
    'scored',
  );
}

/** A sentence giving a score: "it came out at 12", "you scored 14", "the total was 9". */
const SCORE_SAID =
  /\b(?:comes? to|came to|(?:adds?|added) up to|that is \d+|so that is|(?:you have|you|i have|i) (?:made|make) it|(?:came|comes?) (?:out|back|in) (?:at|as)|scored?|score (?:is|was|of)|it (?:is|was)|(?:you|it) (?:got|are at|were at|is at|was at)|i (?:got|was at|am at|came out at)|total(?:led)?|adds? up to|the total (?:is|was))\b/;

/** "What would the ring road be?", "How would it feel to…": asks for a prediction for a step not taken, not a reading now. */
function predicts(question: string): boolean {
  return (
    /\bwould (?:it|that|this|the (?:\w+ ){0,3}?\w+) (?:be|feel)\b|\bhow would you feel\b/.test(question) &&
    // "If you had to put a number on how safe you feel, what would it be?" asks for a rating now.
    // So does "If you rated your sleep this week, what would it be?": the client is the one rating.
    !/\bwould you (?:rate|say|give|put|score)\b|\bif you (?:had|have) to (?:rate|put a number|score|give|pick)\b|\bif you (?:were to )?(?:rated?|scored?|gave|put a number)\b/.test(
      question,
    )
  );
}

/** A question that asks for a rating or a score: names a scale or an instrument and asks. */
function askedScale(turn: ReadTurn): { instrument: Instrument; max: number; min: number; ratingOf: string | null; when: string | null } | null {
  if (turn.role !== 'therapist') return null;
  const sentences = canonicalSentences(turn);
  const text = sentences.map((s) => s.canon.text).join(' ');
  const asks =
    /\?|\b(?:how|what|where|which|rate|would you (?:say|put|give)|give (?:it|me|yourself)|pick a number)\b/.test(text) ||
    // Speech recognition and chat drop the question mark ("and zero to ten today the urge to bet"): a scale named
    // by its ends, with no score of its own in the turn, is put to the client.
    sentences.some((s) => s.canon.scaleTop !== null && ratingNumbers(s.canon.text, { min: 0, max: s.canon.scaleTop }).length === 0);
  if (!asks) return null;
  if (predicts(text)) return null;
  const named = sentences.flatMap((s) => s.canon.instruments)[0];
  const topic = ratingTopic(text);
  const when = CURRENT_TIME.exec(text)?.[0] ?? PAST_TIME.exec(text)?.[0] ?? null;
  if (named && /\?|\b(?:what|how)\b/.test(text)) {
    // Only a question that does not already carry the score ("your PHQ was 12, how does that sound?").
    if (sentences.some((s) => s.canon.instruments.length > 0 && ratingNumbers(s.canon.text, SCALES[named.instrument]).length > 0)) return null;
    return { ...SCALES[named.instrument], ratingOf: null, when };
  }
  const top =
    sentences.map((s) => s.canon.scaleTop).find((t) => t !== null) ??
    (/\bout of (?:10|ten)\b/.test(text) ? 10 : /\bout of (?:a |one )?(?:100|hundred)\b/.test(text) ? 100 : null);
  if (top === null) return null;
  if (top === 100 && /\b(?:distress|distressed|anxious|upset|disturb|disturbed|suds)\b/.test(text)) return { ...SCALES.SUDS, ratingOf: null, when };
  return { instrument: 'rating', min: 0, max: top, ratingOf: topic, when };
}

/** A number said as a rating, alone: "a six", "an eight", not "a six-week course" or "a five minute walk". */
const SAID_AS_RATING = new RegExp(
  String.raw`^(?:[a-z]+,? ){0,3}(?:a|an) (?:zero|nought|${UNITS_WORDS}|\d{1,2})(?:\s*(?:[.,;!?]|$)| (?:today|now|this week|at the moment|maybe|probably|i think|or so|tops)\b)`,
);

/** A number from nought to ten said alone as the answer's first sentence: "Five.", "5?", "Seven, maybe." */
const BARE_RATING =
  /^(?:zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})(?:[.?!,]|\s+(?:maybe|probably|i guess|i think|tbh|today|now)\b|$)/;

/**
 * A rating asked without its scale, answered as one: "And the pain today?" "Today, a six.", "How safe are you
 * feeling, same scale as last time?" "In the day it's an eight now." A question about a rated topic (a mood,
 * pain, an urge, safety: ratingTopic), answered in its first sentence with a number said as a rating, is read on
 * the 0–10 scale; a scale said later in the session is read by askedScale instead.
 */
function ratedWithoutScale(question: ReadTurn, answer: ReadTurn | undefined): ReturnType<typeof askedScale> {
  if (!answer || answer.role === 'therapist') return null;
  const text = question.sentences.map((x) => x.text).join(' ');
  if (!/\?\s*$/.test(question.sentences.at(-1)?.original ?? '') || predicts(text)) return null;
  const ratingOf = ratingTopic(question.sentences.at(-1)!.text);
  if (ratingOf === null || ratingOf === 'the week' || ratingOf === 'the day') return null;
  const first = answer.sentences[0]?.text ?? '';
  // "Mood number?", "frazzled score today?": a question asking for the number takes a bare one ("Five. I guess.").
  const bare = /\b(?:number|score|rating)\b/.test(question.sentences.at(-1)!.text) && BARE_RATING.test(first);
  const said = bare || SAID_AS_RATING.exec(first) || SAID_AS_RATING.exec(first.replace(/^[^,]*\bit(?: is|'s) /, ''));
  if (!said) return null;
  return { instrument: 'rating', min: 0, max: 10, ratingOf, when: CURRENT_TIME.exec(text)?.[0] ?? null };
}

/** The client's answer to a scale question: "about a 4", "maybe between 3 and 4", "a six, it was an 8 last week". */
function answeredRatings(input: ExtractInput): MeasureMention[] {
  const out: MeasureMention[] = [];
  let lastScale: { max: number; index: number } | null = null;
  for (const question of input.therapist) {
    let asked = askedScale(question);
    // "And how confident are you, same scale?": a follow-up ruler on the scale just used.
    if (!asked && lastScale && question.index - lastScale.index <= 8) {
      const text = question.sentences.map((s) => s.text).join(' ');
      if (/\bsame (?:scale|question|thing)\b|^(?:and |so |okay |ok )*how (?:confident|ready|important|motivated|likely|sure)\b/.test(text))
        asked = { instrument: 'rating', min: 0, max: lastScale.max, ratingOf: ratingTopic(text), when: null };
    }
    if (!asked) asked = ratedWithoutScale(question, answerAfter(input, question.index));
    if (!asked) continue;
    if (asked.instrument === 'rating') lastScale = { max: asked.max, index: question.index };
    const answer = answerAfter(input, question.index);
    if (!answer) continue;
    const sentences = canonicalSentences(answer).slice(0, 3);
    for (const { original, canon } of sentences) {
      // An answer that names an instrument is read by instrumentStatements.
      if (canon.instruments.length > 0) break;
      const found = ratingNumbers(canon.text, asked);
      const pair = currentAndPrevious(found);
      const m = mention(
        asked.instrument,
        asked,
        asked.ratingOf,
        pair,
        [question.id, answer.id],
        answer.role,
        quoteOf(original, pair.current ?? pair.previous),
        asked.when,
      );
      if (!m) continue;
      // "Fifteen. It used to be 19 when I started.": the next sentence may carry the earlier value.
      const next = sentences[sentences.findIndex((s) => s.canon === canon) + 1];
      if (m.previous === null && m.when === 'today' && next && next.canon.instruments.length === 0) {
        const earlier = ratingNumbers(next.canon.text, asked).find((f) => f.kind === 'previous');
        if (earlier) m.previous = measureValueOf(asked.instrument, earlier, 'previous', null);
      }
      out.push(m);
      break;
    }
  }
  return out;
}

/** Ratings said with their scale and no question: "my anxiety is like a 7 out of 10 today". */
function statedRatings(turn: ReadTurn): MeasureMention[] {
  if (turn.role === 'unknown') return [];
  const out: MeasureMention[] = [];
  for (const { original, canon } of canonicalSentences(turn)) {
    if (canon.instruments.length > 0 || /\?\s*$/.test(canon.text)) continue;
    const found = ratingNumbers(canon.text, { min: 0, max: 10 }).filter((f) => f.number.outOf === 10 || (canon.scaleTop === 10 && turn.role === 'client'));
    const pair = currentAndPrevious(found);
    const main = pair.current ?? pair.previous;
    if (!main) continue;
    // With no question before it, "9 out of 10" is a rating only when the sentence says of what ("my anxiety").
    const ratingOf = ratingTopic(canon.text.slice(0, main.number.start));
    if (ratingOf === null) continue;
    const m = mention('rating', { max: 10 }, ratingOf, pair, [turn.id], turn.role, quoteOf(original, main), null);
    if (m) out.push(m);
  }
  return out;
}

const sameMeasure = (a: MeasureMention, b: MeasureMention) =>
  a.instrument === b.instrument && (a.ratingOf === b.ratingOf || a.ratingOf === null || b.ratingOf === null);
const turnIndex = (input: ExtractInput, id: string) => input.turns.findIndex((t) => t.id === id);

/**
 * The measures said aloud in a session, in the order they were said.
 *
 * @example
 * extractMeasures(readSession(parseTranscript('T: Your PHQ-9 is 12 today, down from 16 three weeks ago.\nC: Oh good.')));
 * // [{ instrument: 'PHQ-9', value: 12, band: 'moderate', when: 'today', previous: { value: 16, when: 'three weeks ago', band: 'moderately severe', … }, saidBy: 'therapist', … }]
 */
/**
 * An instrument handed over in one turn ("could you fill in the GAD-7?") and scored by the therapist a few
 * turns on ("So that comes to 11 today. At intake you were at 15.").
 */
function laterScores(input: ExtractInput, already: readonly MeasureMention[]): MeasureMention[] {
  const out: MeasureMention[] = [];
  for (const turn of input.therapist) {
    const marks = canonicalSentences(turn).flatMap((x) => x.canon.instruments);
    if (marks.length !== 1 || already.some((m) => m.turnIds.includes(turn.id))) continue;
    const instrument = marks[0]!.instrument;
    const scale = SCALES[instrument];
    // The client may score it in the answer ("And the Session Rating Scale for today." "There. I made it thirty-eight.").
    const scores = (t: ReadTurn) =>
      canonicalSentences(t).findIndex(({ canon }) => canon.instruments.length === 0 && SCORE_SAID.test(canon.text) && !/\?\s*$/.test(canon.text));
    const answer = input.turns[turn.index + 1];
    const later =
      answer?.role === 'client' && scores(answer) >= 0 ? answer : input.turns.slice(turn.index + 1, turn.index + 5).find((t) => t.role === 'therapist');
    if (!later || already.some((m) => m.turnIds.includes(later.id))) continue;
    const sentences = canonicalSentences(later);
    const at = scores(later);
    if (at < 0) continue;
    const { original, canon } = sentences[at]!;
    const found = ratingNumbers(asScore(canon.text), scale);
    const m = mention(instrument, scale, null, currentAndPrevious(found), [turn.id, later.id], later.role, quoteOf(original, found[0]), 'today');
    if (!m) continue;
    const next = sentences[at + 1];
    if (m.previous === null && next && next.canon.instruments.length === 0) {
      const earlier = ratingNumbers(next.canon.text, scale).find((f) => f.kind === 'previous');
      if (earlier) m.previous = measureValueOf(instrument, earlier, 'previous', null);
    }
    out.push(m);
  }
  return out;
}

/** Words that put a 0–100 number as a level of distress: "I was at about thirty", "up at seventy", "down to forty". */
const LEVEL_BEFORE =
  /(?:\b(?:at|to|around|about|maybe|like|probably|roughly|is|was|went|got|hit|peaked|reached|dropped|fell|came)\s+(?:a |an |about |around |maybe |probably |like |roughly )?|(?:^|[,;:.])\s*(?:(?:about|around|maybe|probably|like|roughly|a|an|oh|um|er|still) )*)$/;
/** A day or a place apart from this session: a level from an exposure done at home on Tuesday is not this session's. */
const ELSEWHERE =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last (?:week|time|night)|at home|on my own|by myself|the other day|at the (?:shop|shops|supermarket|station|gym|office|park))\b/;
/**
 * The session's 0–100 distress scale, set up by the therapist: "SUDS", a hundred-point scale of distress or
 * anxiety, or an exposure begun with distress to notice (the scale known from earlier sessions).
 */
function setsDistressScale(turn: ReadTurn): boolean {
  if (turn.role !== 'therapist') return false;
  const whole = turn.sentences.map((x) => x.text).join(' ');
  if (/\bexposure\b/.test(whole) && /\b(?:distress|distressed|anxious|anxiety|upset|fear|scared|disturb\w*|uncomfortable|discomfort)\b/.test(whole))
    return true;
  return canonicalSentences(turn).some(
    ({ canon }) =>
      canon.instruments.some((i) => i.instrument === 'SUDS') ||
      (canon.scaleTop === 100 && /\b(?:distress|distressed|anxious|anxiety|upset|fear|scared|disturb\w*|uncomfortable|discomfort)\b/.test(canon.text)),
  );
}

/**
 * Distress levels said during an exposure, once the therapist has set up a 0–100 scale: the client's levels
 * in the turns that follow ("I'd say it was up at seventy, then after ten minutes maybe forty", "Fifty. It's
 * coming down"), each a SUDS reading of this session. A level needs a word that puts it as one (at, up at,
 * down to, about, maybe) or to open its sentence; a level from elsewhere (at home on Tuesday), a hypothetical
 * ("the motorway would be a hundred") and a count ("forty-one checks") are not readings.
 */
function exposureLevels(input: ExtractInput): MeasureMention[] {
  const out: MeasureMention[] = [];
  let open: number | null = null;
  for (const turn of input.turns) {
    if (setsDistressScale(turn)) open = turn.index;
    else if (turn.role === 'therapist' && open !== null && (askedScale(turn)?.instrument ?? 'SUDS') !== 'SUDS') open = null;
    if (open === null || turn.role !== 'client' || turn.index - open > 14) continue;
    const asked = input.turns[turn.index - 1];
    if (asked?.role === 'therapist' && predicts(asked.sentences.map((x) => x.text).join(' '))) continue;
    const seen = new Set<number>();
    for (const { original, canon } of canonicalSentences(turn)) {
      if (canon.instruments.length > 0 || /\?\s*$/.test(canon.text) || ELSEWHERE.test(canon.text)) continue;
      for (const number of spokenNumbersIn(canon.text)) {
        const v = number.value;
        if (v < 0 || v > 100 || v % 5 !== 0 || number.upper !== null || (number.outOf !== null && number.outOf !== 100) || seen.has(v)) continue;
        if (!LEVEL_BEFORE.test(canon.text.slice(Math.max(0, number.start - 40), number.start))) continue;
        // "At the start I was about forty" is the start of this exposure; any other earlier time is not now.
        const kind = kindOfNumber(canon.text, number);
        if (kind === 'not a rating' || (kind === 'previous' && PAST_TIME.test(canon.text.replace(/\bat the (?:start|beginning)\b/g, '')))) continue;
        // "The motorway would be a hundred" predicts; "I'd say it was seventy" states, hedged.
        const segment = canon.text.slice(Math.max(0, number.start - 30), number.start).replace(/\bi would (?:say|put it|guess|rate it|call it)\b/g, '');
        if (/\b(?:would|could|might|will|if)\b/.test(segment)) continue;
        seen.add(v);
        out.push({
          instrument: 'SUDS',
          ratingOf: null,
          outOf: 100,
          value: v,
          upTo: null,
          when: 'today',
          band: bandOf('SUDS', v),
          previous: null,
          turnIds: [turn.id],
          saidBy: 'client',
          quote: quoteOf(original, { number, kind: 'current', when: null }),
        });
      }
    }
  }
  return out;
}

export function extractMeasures(input: ExtractInput): MeasureMention[] {
  const answered = [...answeredRatings(input), ...exposureLevels(input)];
  const answerTurns = new Set(answered.map((m) => m.turnIds.at(-1)!));
  const stated = input.turns.flatMap((turn) => [
    ...instrumentStatements(turn, input.turns[turn.index - 1]),
    ...(answerTurns.has(turn.id) ? [] : statedRatings(turn)),
  ]);
  const all = [...answered, ...stated, ...laterScores(input, [...answered, ...stated])].sort(
    (a, b) => turnIndex(input, a.turnIds.at(-1)!) - turnIndex(input, b.turnIds.at(-1)!),
  );
  const kept: MeasureMention[] = [];
  for (const m of all) {
    const at = turnIndex(input, m.turnIds.at(-1)!);
    // The same value said again a few turns on (the therapist echoing "a 4, okay") is one mention.
    const echo = kept.find((k) => sameMeasure(k, m) && k.value === m.value && k.upTo === m.upTo && at - turnIndex(input, k.turnIds.at(-1)!) <= 4);
    if (echo) continue;
    kept.push(m);
  }
  // A past value said on its own ("last time your PHQ was 16") is the previous of this session's score.
  for (const past of [...kept]) {
    if (past.when === 'today' || past.when === null || past.instrument === 'rating') continue;
    const current = kept.find((k) => k !== past && k.instrument === past.instrument && k.when === 'today' && k.previous === null);
    if (!current) continue;
    current.previous = { value: past.value, upTo: past.upTo, when: past.when, band: past.band };
    current.turnIds = [...new Set([...current.turnIds, ...past.turnIds])];
    kept.splice(kept.indexOf(past), 1);
  }
  return kept;
}
