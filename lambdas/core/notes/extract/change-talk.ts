/**
 * The client's own statements about change, coded as motivational interviewing codes them (DARN-CAT: desire,
 * ability, reasons, need; commitment, activation, taking steps), each either change talk (toward change) or
 * sustain talk (the same categories for the status quo). Miller and Rollnick, "Motivational Interviewing"
 * (3rd ed.), ch. 13; MISC 2.5 for the categories and for strength.
 *
 * Direction is decided by what the statement is about, not by the verb alone: a change target ("stop
 * drinking", "cut down", "go out more", "be able to…") is toward change, a status-quo target ("keep
 * drinking", "have a drink", "go on like this") away from it, and a negation or a doubting frame ("I don't
 * think…") turns either round. A statement whose target is neither ("I want to get a coffee") is not coded:
 * precision first. Only the client's clauses about themselves count ("my wife wants me to stop" does not).
 *
 * Pure, and per turn (`changeTalkIn`) so that behaviour coding can reuse it.
 */
import type { Clause, Sentence } from '../../language/index.js';
import { HEDGE, normaliseSpeech } from '../../language/index.js';
import type { ExtractInput, ReadTurn } from './input.js';

export type ChangeCategory = 'desire' | 'ability' | 'reasons' | 'need' | 'commitment' | 'activation' | 'taking_steps';
export type ChangeDirection = 'change' | 'sustain';

export interface ChangeStatement {
  direction: ChangeDirection;
  category: ChangeCategory;
  /** "I will", "I need to" are strong; "I might", "I guess I could", "I'd like to" are weak. */
  strength: 'strong' | 'weak';
  /**
   * The behaviour the statement is about, in the client's normalised words and without its negation ("stop
   * drinking" for both "I want to stop drinking" and "I don't want to stop drinking"), when the clause names it.
   */
  target?: string;
  /** The client's words, verbatim. */
  quote: string;
  turnId: string;
  turnIndex: number;
}

export interface ChangeTalkSummary {
  change: number;
  sustain: number;
  /** Counts in the first and second half of the session, by turn position. */
  firstHalf: { change: number; sustain: number };
  secondHalf: { change: number; sustain: number };
  /**
   * Whether the share of change talk rose from the first half to the second. `unclear` when either half has
   * fewer than two statements: a share of one statement is not a trend.
   */
  balance: 'toward_change' | 'toward_sustain' | 'steady' | 'unclear';
}

// ── The target of a statement: toward change (+1), toward the status quo (-1), or neither (0) ──────────

/** Behaviours people come to change; named bare they are the status quo ("I want a drink", "keep using"). */
const PROBLEM =
  /^(?:(?:(?:have|had|having) )?(?:a |another |one more )(?:drink|smoke|cigarette|fag|joint|line|bet|binge|hit)s?|(?:have|had|having) (?:drinks|a smoke|some)\b|(?:drink|drinking|drank|booze|boozing|smoke|smoking|vape|vaping|use|using|gamble|gambling|bet|betting|binge|bingeing|binging|purge|purging|get (?:drunk|high|wasted|stoned|smashed)|self harm|self-harm|harm myself|hurt myself|cut myself|cutting myself|cutting)\b(?! (?:water|tea|coffee|juice|less|fewer)))/;
/** The same behaviours anywhere in a target, for "stop" or "cut down" said bare after naming them. */
const PROBLEM_WORD =
  /\b(?:drink|drinks|drinking|alcohol|booze|smoke|smoking|cigarettes?|fags|vape|vaping|weed|cannabis|coke|cocaine|drugs|using|gambl\w+|betting|bingeing|binging|purging|self harm|self-harm|cutting)\b/;
/** A target that is giving up on life or care, never change talk ("stop living", "quit therapy", "give up"). */
const NOT_A_CHANGE =
  /^(?:stop|quit|give up|end)(?: (?:on )?(?:living|existing|breathing|being here|eating|trying|caring|fighting|everything|it all|life|taking (?:my|the) (?:meds|medication|tablets|pills)|coming|therapy|treatment|seeing (?:you|my)|the (?:meds|medication|tablets|pills)|my (?:meds|medication|tablets|pills)))?\s*[.!?]?$|^(?:kill|hurt|harm|end) (?:myself|it all|my life)/;
const STATUS_QUO =
  /^(?:keep|carry on|continue|go on|stay)\b.*\b(?:like this|this way|the way (?:it is|things are|i am)|the same)\b|^(?:stay|remain) the same\b|^(?:keep|carry on|continue|go on) doing this\b/;
/** Things people work on in therapy: managing them is change ("manage my anxiety"). */
const STRUGGLE =
  /\b(?:anxiety|anger|panic|mood|moods|depression|worry|worrying|worries|stress|temper|cravings?|urges?|feelings|emotions|thoughts|fears?|nightmares|flashbacks|grief|weight|eating|drinking|smoking|gambling|spending|sleep|pain|ocd|compulsions|habits?)\b/;
const CHANGE_VERB = new RegExp(
  '^(?:' +
    [
      'stop',
      'quit',
      'give up (?!on\\b)\\w+',
      'cut (?:down|back|out)',
      'reduce',
      'limit',
      'stay (?:off|away from|sober|clean|dry|well)',
      'get (?:sober|clean|off|help|better|well|healthier|fit|fitter|back|my life back|on top of|out more|out of the house more|a job|some help|support|treatment)',
      'come off',
      'wean myself',
      'change',
      'make (?:a |some )?changes?',
      'do something (?:about|different)',
      'sort (?:myself|myself out|things out|my life out|out my)',
      'work on',
      'start (?:to |again|over)?',
      'begin',
      'practise',
      'practice',
      'learn (?:to|how)',
      '(?:go|get) back (?:to|into)',
      'return to',
      'be (?:more|less|better|healthier|sober|clean|calmer|happier|kinder|a better|able|free|myself again|well)',
      'feel (?:better|less|more|calmer|happier|normal|like myself|okay|ok|good|safe|confident|in control)',
      'sleep (?:better|more|through|properly)',
      'enjoy (?:things|life|my life|myself|being with)',
      'look after myself',
      'take (?:better )?care of myself',
      'ask for help',
      'reach out',
      'talk to (?:someone|somebody|a (?:doctor|counsellor|professional)|my (?:gp|doctor))',
      'open up',
      'say no',
      'set boundaries',
      'eat (?:better|properly|healthier|regularly|more regularly)',
      'see (?:a|my) (?:doctor|gp|counsellor)',
      'join (?:a|the) (?:group|gym|programme|program)',
      'go to (?:a |the |my )?(?:meeting|meetings|aa|na|group|the gym|the doctor|my gp)',
    ].join('|') +
    ')\\b',
);
/** Done more, less, better or unaided: a change. Not "again": "see her again", "go on holiday again" are plans, not change. */
const BETTER = /\b(?:more|less|fewer|better|on my own|by myself|alone|without (?:help|anyone|my \w+|panicking|drinking))\b/;
/** Words that may stand before the target without changing it ("really", "try to", "be able to"). */
const LEAD =
  /^(?:(?:really|just|actually|definitely|finally|properly|seriously|honestly|also|still|probably|maybe|at least|try to|try and|at some point|eventually|one day|soon|slowly) )+/;

/**
 * +1 when a target is a change (stop drinking, go out more, be able to drive), -1 when it is the status quo
 * (keep drinking, have a drink, go on like this), 0 when it is neither or unclear. Exported for the goals.
 */
export function targetDirection(target: string): -1 | 0 | 1 {
  let t = target.replace(/[.!?,]+$/, '').trim();
  if (t === '' || NOT_A_CHANGE.test(t)) return 0;
  const leading = t;
  t = t.replace(LEAD, '');
  if (/^be able to\b/.test(t)) return targetDirection(t.slice('be able to '.length)) === -1 ? -1 : 1;
  if (STATUS_QUO.test(t)) return -1;
  if (/^(?:keep|carry on|continue|go back to|start|start to|begin)(?: on)? /.test(t)) {
    const rest = t.replace(/^(?:keep|carry on|continue|go back to|start|start to|begin)(?: on)? /, '');
    if (PROBLEM.test(rest)) return -1;
    if (/^(?:keep|carry on|continue)\b/.test(t)) return BETTER.test(rest) ? 1 : 0;
  }
  if (PROBLEM.test(t)) return /\b(?:less|fewer|only|no more than|under|at most)\b/.test(t) ? 1 : -1;
  if (/^(?:stop|quit|cut (?:down|back)|reduce)\s*$/.test(t)) return 0; // bare: resolved by the caller from context
  if (CHANGE_VERB.test(t)) return 1;
  if (/^(?:manage|handle|control|cope with|deal with|face|tackle|beat|overcome|fight|get over|get through|get control of|get a handle on)\b/.test(t))
    return STRUGGLE.test(t) ? 1 : 0;
  if (leading !== t && /^try\b/.test(leading) && /^(?:the|that|this|it|some|a)\b/.test(t)) return 0;
  // Any other action done more, less, again or alone ("go out more", "drive again", "go to the shop alone").
  if (/^\w+/.test(t) && BETTER.test(t) && !/^(?:be|have|get|go|do|see)$/.test(t)) return 1;
  return 0;
}

// ── Cues: what kind of statement a clause is ────────────────────────────────────────────────────────────

interface Cue {
  category: ChangeCategory;
  pattern: RegExp;
  /** Whether the cue itself is weak ("might", "would like", "should"). */
  weak?: boolean;
}

/** In order: the first that matches decides ("want to be able to" is desire, not ability). */
const CUES: Cue[] = [
  {
    category: 'commitment',
    pattern:
      /^(?:will|shall|am going to|are going to|promise (?:to|that i will|i will|i am going to)|swear i will|am determined to|have decided to|decided to|intend to|plan to|am planning to|am committed to|have committed to|commit to|guarantee i will)\b/,
  },
  { category: 'activation', pattern: /^(?:am|are) (?:ready|willing|prepared|open) to\b/ },
  { category: 'activation', pattern: /^(?:am|are) (?:thinking (?:about|of)|considering|looking into)\b/, weak: true },
  { category: 'activation', pattern: /^(?:would|could|might) be (?:willing|ready|prepared|open) to\b/, weak: true },
  {
    category: 'desire',
    pattern: /^(?:want|wanted|would love|am desperate) to\b|^(?:am|are) hoping to\b|^(?:want|need|could do with|would kill for)(?= (?:a|another|one more) )/,
  },
  { category: 'desire', pattern: /^(?:would like|would rather|hope|wish i could|wish to|prefer) to\b|^(?:wish i could|would rather)\b/, weak: true },
  { category: 'need', pattern: /^(?:need to|have to|have got to|got to|must|really need to)\b/ },
  { category: 'need', pattern: /^(?:should|ought to|had better)\b/, weak: true },
  { category: 'ability', pattern: /^(?:can|am able to|know how to|know i can|know i could)\b/ },
  { category: 'ability', pattern: /^(?:could|might|might be able to|may be able to|would be able to)\b/, weak: true },
];

/** A frame before the clause that doubts or denies it ("I don't think | I can stop"). */
const DOUBTING_FRAME =
  /^(?:and |but |so )?(?:i|we) (?:do not|really do not|honestly do not) (?:think|believe|know if|know whether|see how|reckon)$|^(?:and |but |so )?(?:i|we) (?:doubt|am not sure|am not convinced|can not see how|can not imagine)(?: if| whether| that)?$/;
const HEDGING_FRAME = /^(?:and |but |so )?(?:i|we) (?:think|guess|suppose|reckon|feel like|believe|hope|feel)(?: that)?$/;
/** Another person's view before the clause ("my wife thinks | I should stop"): not the client's own. */
const REPORTED_FRAME = /\b(?:thinks?|says?|said|wants?|told me|tells me|reckons?|believes?|feels?|keeps saying|keeps telling me)$/;
/** Long past, not the client now ("when I was 19", "years ago", "I used to"). */
export const LONG_AGO =
  /\b(?:used to|when i was|years ago|as a (?:kid|child|teenager|teen)|back (?:then|in|when)|in my (?:twenties|thirties|teens|youth)|at school|at uni|growing up|once upon)\b/;
/** Recent enough to be the client now ("last week", "since Tuesday"). */
export const RECENT =
  /\b(?:yesterday|last (?:night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|session|time)|this (?:week|morning|weekend|month)|since (?:we (?:last )?(?:met|spoke)|last|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|then)|the other day|so far|already|recently|lately|a few days ago|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|over the weekend|at the weekend|every day this week|for (?:a|two|three|four|five|six|\d+) (?:days|weeks))\b/;

/** The subject "i"/"we" before the cue, with nothing of anyone else's before it ("last week i", not "he said i"). */
const OWN_SUBJECT = /^((?:[a-z']+ ){0,4}?)(?:i|we) (.*)$/;
/** Adverbs and negators between the subject and the cue: read for strength and direction, then set aside. */
const ASIDE = /\b(?:not|never|really|just|definitely|honestly|actually|seriously|absolutely|totally|genuinely|also|still|truly|now)\s/g;
const OTHERS =
  /\b(?:he|she|they|you|it|someone|somebody|everyone|everybody|people|nobody|my \w+|his|her|their|what|when|whenever|if|unless|until|before|after|while|how|why|who)\b/;

/** Clauses of a sentence, with a clause that ends on its cue ("i want to," + "stop drinking") joined to the next. */
function unitsOf(sentence: Sentence): { text: string; clauses: Clause[] }[] {
  const units: { text: string; clauses: Clause[] }[] = [];
  for (const clause of sentence.clauses) {
    const last = units.at(-1);
    const text = clause.text.replace(/\s*[,;:]\s*$/, '');
    if (last && /\b(?:to|will|can|could|should|must|would|might|going to|need to|want to|trying to)$/.test(last.text) && clause.subject === 'none') {
      last.text = `${last.text} ${text}`;
      last.clauses.push(clause);
    } else units.push({ text, clauses: [clause] });
  }
  return units;
}

/** The verbatim words of `sentence.original` that a run of its normalised words came from, if they can be found. */
export function verbatimOf(sentence: Sentence, words: string): string | undefined {
  const alnum = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const wanted = alnum(words);
  if (wanted === '') return undefined;
  const spans = [...sentence.original.matchAll(/\S+/g)];
  let source = '';
  const owner: number[] = [];
  spans.forEach((m, i) => {
    const piece = alnum(normaliseSpeech(m[0]));
    source += piece;
    for (let k = 0; k < piece.length; k++) owner.push(i);
  });
  let from = source.indexOf(wanted);
  let to = from + wanted.length - 1;
  if (from < 0) {
    // Fillers and repeats make whole-sentence and word-by-word normalisation differ: anchor both ends.
    const head = wanted.slice(0, 12);
    const tail = wanted.slice(-12);
    from = source.indexOf(head);
    const end = from < 0 ? -1 : source.indexOf(tail, from);
    if (from < 0 || end < 0 || end - from > wanted.length * 2) return undefined;
    to = end + tail.length - 1;
  }
  const first = spans[owner[from]!]!;
  const last = spans[owner[to]!]!;
  // A clause cut at "because" or "but" can leave a dangling word ("I'm not going to stop drinking just").
  return sentence.original
    .slice(first.index!, last.index! + last[0].length)
    .replace(/^[,;:\s"'(]+|[,;:\s"(]+$/g, '')
    .replace(/(?:[\s,]+(?:just|and|but|so|because|cause|like|or|then))+$/i, '')
    .replace(/^(?:(?:and|but|so|because|cause|then)[\s,]+)+(?=\S)/i, '');
}

/** A verbatim quote for a unit, or the whole sentence as spoken when the words cannot be lined up. */
export function quoteOf(sentence: Sentence, words: string): string {
  return verbatimOf(sentence, words) ?? sentence.original;
}

function isQuestion(sentence: Sentence): boolean {
  return /\?\s*$/.test(sentence.original);
}

/** Odd number of negators before or inside the target: "do not want to stop", "will never drink again". */
function negations(text: string): number {
  return (text.match(/\b(?:not|never|no longer|nobody|nothing|neither|nor)\b/g) ?? []).length;
}

/** What the client last named as the problem in this turn or the therapist's turn before it ("drinking"). */
function namedProblem(turn: ReadTurn, before: readonly ReadTurn[]): string | undefined {
  for (const t of [turn, ...[...before].reverse()]) {
    const m = t?.sentences
      .map((s) => s.text)
      .join(' ')
      .match(PROBLEM_WORD);
    if (m) return m[0];
  }
  return undefined;
}

/** When and how much, said after the behaviour: not part of it ("quit smoking | on monday"). */
const TRAILING =
  /(?:\s+(?:just|really|so|though|anyway|anymore|right now|now|today|tonight|tomorrow|again|at all|this (?:week|weekend|month|year|time)|next (?:week|month|year|time)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|since \w+|yesterday|last (?:night|week)|i swear|i guess|i suppose|i think))+\s*$/;

/** The target in a few words: the predicate up to the clause's end, without trailing time words and fillers. */
function targetWords(predicate: string): string | undefined {
  const words = predicate
    .replace(/[.!?,]+$/, '')
    .replace(/\s+(?:if|when|whenever|because|so that|unless|until|as long as|once)\s.*$/, '')
    .replace(LEAD, '')
    .replace(TRAILING, '')
    .split(' ')
    .filter(Boolean);
  if (words.length === 0 || /^(?:it|that|this|so|them|too)$/.test(words.join(' '))) return undefined;
  const cut = words.slice(0, 12).join(' ');
  return /^(?:do|try|stop|quit) (?:it|that|this)$/.test(cut) ? undefined : cut;
}

function statement(
  turn: ReadTurn,
  sentence: Sentence,
  words: string,
  direction: ChangeDirection,
  category: ChangeCategory,
  weak: boolean,
  target?: string,
): ChangeStatement {
  return {
    direction,
    category,
    strength: weak ? 'weak' : 'strong',
    ...(target ? { target } : {}),
    quote: quoteOf(sentence, words),
    turnId: turn.id,
    turnIndex: turn.index,
  };
}

/** "If I stopped | I would have more money": a change imagined with a good consequence is a reason for it. */
const CONSEQUENCE = /^(?:then )?(?:i|we|it|things|my \w+|life) (?:would|will|could|might)\b/;
/** The status quo's cost: "it is ruining my health", "drinking is costing me my marriage". */
const COST =
  /^(?:it|this|that|the (?:drinking|smoking|drink|gambling|drugs|weed)|my (?:drinking|smoking|gambling|using|habit|temper|anger|anxiety|spending|use)|drinking|smoking|gambling|using|vaping) (?:is|has been|are|have been|keeps) (?:really )?(?:ruining|killing|hurting|damaging|costing|wrecking|destroying|affecting|messing up|taking over|getting in the way of)\b/;
const FED_UP = /^(?:i|we) (?:am|are) (?:so |really |just )?(?:sick|tired|fed up|sick and tired) of\b/;
/** The status quo's benefits: "it helps me relax", "I enjoy a drink", "I do not have a problem". */
const STATUS_QUO_REASON =
  /^(?:it|drinking|smoking|a drink|weed|a joint|vaping|gambling|the drink|alcohol|using) (?:really )?(?:helps|calms|relaxes|gets) me\b|^(?:i|we) (?:really )?(?:enjoy|like|love|need) (?:my |a )?(?:drink|drinks|drinking|smoking|a smoke|my wine|my beer|a pint|weed|a joint|vaping|a bet|gambling)\b|^(?:i|we) do not (?:have|think i have) (?:a|any|much of a) problem\b|^(?:it|that|my drinking|drinking|smoking) is not (?:a|really a|that much of a|that big of a|much of a) (?:problem|big deal|issue)\b/;

/**
 * The change and sustain statements of one client turn. `before` are the turns spoken just before it, read
 * only to resolve a bare "stop" or "it is ruining my life" to what was being talked about.
 */
export function changeTalkIn(turn: ReadTurn, before: readonly ReadTurn[] = []): ChangeStatement[] {
  if (turn.role !== 'client') return [];
  const out: ChangeStatement[] = [];
  for (const sentence of turn.sentences) {
    if (isQuestion(sentence)) continue;
    const units = unitsOf(sentence);
    const sentenceHedged = HEDGE.test(sentence.text);
    const problem = namedProblem(turn, before);
    units.forEach((unit, i) => {
      const frame = i > 0 ? units[i - 1]!.text : '';
      if (i > 0 && REPORTED_FRAME.test(frame) && !/^(?:and |but |so )?(?:i|we)\b/.test(frame)) return;
      // "When I was younger | I wanted to…": the time the sentence opens with holds for the clause.
      if (LONG_AGO.test(frame)) return;
      const doubted = DOUBTING_FRAME.test(frame);
      const found = codeUnit(unit.text, i === 0, doubted || HEDGING_FRAME.test(frame) || sentenceHedged, problem !== undefined, units[i + 1]?.text);
      if (!found) return;
      let { target } = found;
      const { direction } = found;
      if (found.bare) {
        if (!problem) return;
        target = `${target} (${problem})`;
      }
      if (direction === 0) return;
      // The frame belongs in the quote when it changes what the clause says ("I don't think | I can stop").
      const framed =
        doubted || HEDGING_FRAME.test(frame) || /^(?:and |but |so )?(?:i|we) (?:really )?(?:know|swear|am sure)(?: that)?$/.test(frame) ? `${frame} ` : '';
      const words = framed + (found.withNext ? `${unit.text} ${units[i + 1]!.text}` : unit.text);
      const sign: ChangeDirection = (doubted ? -direction : direction) > 0 ? 'change' : 'sustain';
      out.push(statement(turn, sentence, words, sign, found.category, found.weak, target));
    });
  }
  return out;
}

interface Coded {
  category: ChangeCategory;
  direction: -1 | 0 | 1;
  weak: boolean;
  target?: string;
  withNext?: boolean;
  /** A bare "stop" or "cut down": change talk only when the session has named what is stopped. */
  bare?: boolean;
}

function codeUnit(text: string, first: boolean, hedged: boolean, problemNamed: boolean, next?: string): Coded | undefined {
  if (LONG_AGO.test(text) && !/\bused to\b.*\bnow\b/.test(text)) return undefined;
  // Reasons: a consequence of changing, the cost of the status quo, being fed up with it, or its benefits.
  const ifChange = text.match(/^(?:and |but |so )?if (?:i|we) (.+)$/);
  if (ifChange && next && CONSEQUENCE.test(next) && !/\b(?:worse|lose|miss|not cope|can not cope|fall apart|go mad|die)\b/.test(next)) {
    const action = ifChange[1]!
      .replace(/^(?:could|can|were to|managed to|did|actually|just|ever) /, '')
      .replace(
        /^(?:stopped|quit|gave up|cut down|cut back)/,
        (v) => ({ stopped: 'stop', quit: 'quit', 'gave up': 'give up', 'cut down': 'cut down', 'cut back': 'cut back' })[v]!,
      );
    const bare = /^(?:stop|quit|cut (?:down|back)|reduce)$/.test(action.replace(TRAILING, '').trim());
    const direction = negations(action) % 2 === 1 ? 0 : bare && problemNamed ? 1 : targetDirection(action);
    if (direction === 1) return { category: 'reasons', direction: 1, weak: hedged, target: targetWords(action), withNext: true };
    return undefined;
  }
  if (/^(?:and |but |so )?(?:if|when|whenever|unless|what if|in case)\b/.test(text)) return undefined;
  if (COST.test(text) && negations(text) === 0 && (!/^(?:it|this|that) /.test(text) || problemNamed))
    return { category: 'reasons', direction: 1, weak: hedged };
  if (FED_UP.test(text) && negations(text) === 0) {
    const rest = text.replace(FED_UP, '').trim();
    if (/\b(?:like this|this way|feeling|being|the way|it all|drinking|smoking|hangovers?|waking up|hiding|lying|worrying|panicking|avoiding)\b/.test(rest))
      return { category: 'reasons', direction: 1, weak: hedged, target: targetWords(rest) };
    return undefined;
  }
  if (STATUS_QUO_REASON.test(text.replace(/^(?:and |but |so |honestly |i mean )/, ''))) return { category: 'reasons', direction: -1, weak: hedged };

  const own = text.match(OWN_SUBJECT);
  let between = '';
  let rest: string;
  if (own) {
    if (OTHERS.test(own[1]!) || /\b(?:said|says|thinks|told|wants)\b/.test(own[1]!)) return undefined;
    // Negators and adverbs are set aside ("i am not ready to quit" reads "am ready to quit", negated once).
    // Only near the subject: a "not" further on belongs to a later clause ("want to feel better and not be so anxious").
    const words = own[2]!.split(' ');
    const head = `${words.slice(0, 4).join(' ')} `;
    between = (head.match(ASIDE) ?? []).join('');
    rest = `${head.replace(ASIDE, '')}${words.slice(4).join(' ')}`.trim().replace(/^(?:do|does) (?=(?:want|need|wish|think|hope|plan|intend|know)\b)/, '');
  } else if (first) {
    // A fragment answer with no subject ("want to stop drinking, mostly"): the client's own.
    rest = text.replace(/^(?:well |honestly |yes |yeah |just |mostly |probably )+/, '');
  } else return undefined;

  const goal = rest.match(/^(?:what i (?:really )?want is|all i want is|my (?:goal|aim|hope) is|the goal is) (?:to |for me to )?(.+)$/);
  if (goal) return coded('desire', goal[1]!, between + rest, hedged, false);
  if (!own && !first) return undefined;
  for (const cue of CUES) {
    const m = rest.match(cue.pattern);
    if (!m) continue;
    const predicate = baseForm(rest.slice(m[0].length).trim());
    const negatedWhole = `${between} ${m[0]} ${predicate.replace(/\s(?:and|or|but)\s.*$/, '')}`;
    return coded(
      cue.category,
      predicate,
      negatedWhole,
      hedged || cue.weak === true || /\btry\b/.test(predicate.split(' ')[0] ?? ''),
      cue.category === 'ability' && /\bnot\b/.test(between + m[0]) && STATUS_QUO.test(predicate.replace(LEAD, '')),
    );
  }
  if (own) return steps(rest, between, text, hedged);
  return undefined;
}

/** The first word of a target in its plain form ("quitting drinking" → "quit drinking"), problem gerunds aside. */
function baseForm(predicate: string): string {
  return predicate.replace(/^(\w+?)ing\b/, (word, stem: string) => {
    if (PROBLEM.test(word) || /^(?:th|br|ev|k|s|w|bl|br|cl|d|f|r)$/.test(stem)) return word;
    if (/([bdgmnpt])\1$/.test(stem)) return stem.slice(0, -1);
    if (
      /^(?:chang|mak|reduc|practis|exercis|tak|giv|hav|us|com|leav|los|mov|sav|receiv|continu|manag|handl|cop|fac|tackl|overcom|becom|writ|striv)$/.test(stem)
    )
      return `${stem}e`;
    return stem;
  });
}

function coded(category: ChangeCategory, predicate: string, whole: string, weak: boolean, cannotGoOn: boolean): Coded | undefined {
  predicate = predicate.replace(/^(?:(?:not|never|no longer|to) )+/, '');
  const raw = targetDirection(predicate);
  const bare = /^(?:(?:really|just|actually|definitely|finally) )*(?:stop|quit|cut (?:down|back)|reduce)\s*[.!]?$/.test(predicate);
  if (raw === 0 && !bare) return undefined;
  const flipped = (negations(whole) % 2 === 1 ? -1 : 1) * (bare ? 1 : raw);
  const target = bare ? predicate.replace(/[.!]$/, '').replace(LEAD, '').trim() : targetWords(predicate);
  // "I can't go on like this" is the need for change, not an inability.
  return { category: cannotGoOn ? 'need' : category, direction: flipped as -1 | 0 | 1, weak, bare, ...(target ? { target } : {}) };
}

/** Done toward change: the verbs of a step, in the past ("cut down", "threw out the bottles", "went to a meeting"). */
const STEP =
  /^(?:stopped|quit|gave up|cut (?:down|back|out)|reduced|started|began|practised|practiced|went (?:to (?:a |an |the |my )?(?:\w+ )?(?:meeting|meetings|group|gym|doctor|gp|appointment|class|classes))|joined|booked|made (?:an|the) appointment|threw (?:away|out)|poured (?:it |them |the \w+ )?(?:away|out|down)|got rid of|deleted|asked for help|reached out|went back to|got back to|did (?:the|my) (?:homework|exercise|exercises|breathing|diary|thought record|worksheet|practice)|(?:called|rang|told|spoke to|talked to) (?:my |the |a )?(?:gp|doctor|sponsor|counsellor|helpline|service|nurse)|managed to|tried)\b/;
/** A therapy practice tried ("I tried the breathing"). */
const PRACTICE = /^(?:the|my|some|a) (?:breathing|exercise|exercises|homework|technique|thought record|diary|worksheet|grounding|mindfulness|relaxation)\b/;
/** The client's own use, done ("had a drink", "drank", "did drink"), for "I have not had a drink since…". */
const USE = /^(?:had|drank|drunk|smoked|used|gambled|binged|purged|vaped|drink|smoke|use|gamble|binge|purge|vape)\b/;

/** Taking steps: something done toward change, recently ("I cut down last week", "I have not had a drink since Tuesday"). */
function steps(rest: string, between: string, text: string, hedged: boolean): Coded | undefined {
  const perfect = /^(?:have|has) /.test(rest);
  const clause = rest.replace(/^(?:have|has|did) /, '').replace(/^been /, '');
  if (!(RECENT.test(text) || perfect || /\bnow\b/.test(text))) return undefined;
  const negated = negations(between + rest) % 2 === 1;
  if (USE.test(clause) && !/^used to\b/.test(clause)) {
    // "I have not had a drink since Tuesday" is a step; "I had a drink" is not coded here (a lapse is not sustain talk).
    const what = clause.replace(USE, '').trim();
    if (
      !negated ||
      !(what === '' || /^(?:a |any |anything|at all|for|since|this|all|one|another|\w+ (?:days|weeks)|drink|drinks|alcohol|smoke|cigarette)/.test(what))
    )
      return undefined;
    return { category: 'taking_steps', direction: 1, weak: hedged, ...(targetWords(clause) ? { target: targetWords(clause)! } : {}) };
  }
  if (negated) return undefined;
  const progressive = baseForm(clause);
  if (
    perfect &&
    progressive !== clause &&
    (targetDirection(progressive) === 1 || /^(?:walk|run|exercise|practise|practice|do the|use the|go to (?:the gym|meetings|group|class))\b/.test(progressive))
  ) {
    return { category: 'taking_steps', direction: 1, weak: hedged, ...(targetWords(clause) ? { target: targetWords(clause)! } : {}) };
  }
  const step = clause.match(STEP);
  if (!step) return undefined;
  const after = clause.slice(step[0].length).trim();
  if (/^(?:started|began|went back to|got back to)$/.test(step[0]) && (PROBLEM.test(baseForm(after)) || PROBLEM.test(after))) return undefined;
  if (/^(?:managed to|tried)$/.test(step[0]) && targetDirection(baseForm(after)) !== 1 && !PRACTICE.test(after)) return undefined;
  if (/^(?:stopped|quit|gave up|cut (?:down|back|out)|reduced)$/.test(step[0]) && after !== '' && targetDirection(`stop ${after}`) !== 1) return undefined;
  return { category: 'taking_steps', direction: 1, weak: hedged, ...(targetWords(clause) ? { target: targetWords(clause)! } : {}) };
}

/** How far back a bare "stop" or "cut down" looks for what is being stopped. */
const CONTEXT_TURNS = 6;

/** Every change and sustain statement the client made, in order. */
export function extractChangeTalk(input: ExtractInput): ChangeStatement[] {
  return input.client.flatMap((turn) => changeTalkIn(turn, input.turns.slice(Math.max(0, turn.index - CONTEXT_TURNS), turn.index)));
}

/** Counts for the note's Response section, and whether the balance moved toward change over the session. */
export function summariseChangeTalk(statements: readonly ChangeStatement[], input: ExtractInput): ChangeTalkSummary {
  const middle = input.turns.length / 2;
  const count = (list: readonly ChangeStatement[]) => ({
    change: list.filter((s) => s.direction === 'change').length,
    sustain: list.filter((s) => s.direction === 'sustain').length,
  });
  const firstHalf = count(statements.filter((s) => s.turnIndex < middle));
  const secondHalf = count(statements.filter((s) => s.turnIndex >= middle));
  const total = count(statements);
  const share = (h: { change: number; sustain: number }) => h.change / (h.change + h.sustain);
  let balance: ChangeTalkSummary['balance'] = 'unclear';
  if (firstHalf.change + firstHalf.sustain >= 2 && secondHalf.change + secondHalf.sustain >= 2) {
    const moved = share(secondHalf) - share(firstHalf);
    balance = moved > 0.1 ? 'toward_change' : moved < -0.1 ? 'toward_sustain' : 'steady';
  }
  return { ...total, firstHalf, secondHalf, balance };
}
