/**
 * Treatment goals the session stated or revisited, for GIRP's Goals section and the Assessment's progress
 * toward goals: what, in the client's words where possible (the therapist's when the client agreed to them),
 * the time frame and measurable target as said, and where the goal stands.
 *
 * A goal is about the client's change through therapy. The client's wish counts as a goal when it is framed
 * as one ("my goal is…", "I want to be able to…", an answer to "what would you like to be different?", a
 * wish with a time frame, or one the therapist proposes to make a goal and the client takes up). Everyday
 * intentions ("I want to get a coffee"), other people's goals, sustain talk ("I don't want to stop") and a
 * goal the therapist offered and the client turned down are not goals. Precision first: when unsure, none.
 */
import { sentencesOf, type Sentence } from '../../language/index.js';
import { changeTalkIn, verbatimOf, quoteOf, type ChangeStatement } from './change-talk.js';
import { answerAfter, type ExtractInput, type ReadTurn } from './input.js';

export type GoalStatus = 'new' | 'revisited' | 'progress_reported' | 'achieved' | 'revised';

export interface Goal {
  /** The goal in words spoken in the session, verbatim: the client's, or the therapist's when the client agreed. */
  what: string;
  /** Whose words `what` quotes. */
  wordsOf: 'client' | 'therapist';
  /** As said ("in six weeks", "by the summer"). */
  timeFrame?: string;
  /** A measurable target as said ("sleep six hours a night", "go to the shop on my own"). */
  target?: string;
  status: GoalStatus;
  /**
   * Who put it forward as a goal: the client in their own words, or the therapist; `not_stated` for a goal
   * from an earlier session that the therapist names without saying whose it was ("your goal of…").
   */
  proposedBy: 'client' | 'therapist' | 'not_stated';
  /**
   * `own_words` when the client stated it; for a therapist's proposal, the client's answer: `agreed` ("yes,
   * that's it") or `tentative` ("okay", "I guess"). Proposals declined or left unanswered are not goals. A goal
   * looked back on was agreed before; it is `agreed` when the client's answer takes it up, else `not_stated`.
   */
  agreement: 'own_words' | 'agreed' | 'tentative' | 'not_stated';
  /** Every turn the goal was stated, proposed, agreed or reported on, in order. */
  turnIds: string[];
  /**
   * A goal from before, said again in the therapist's words: one of several read back in one breath ("the goals
   * from our first session: A, B and C") or changed ("so the goal becomes…"). Across sessions the plan matches
   * what the client says about it to the goal it was, rather than taking these words as a goal of their own.
   */
  restated?: true;
}

// ── What the therapist says about goals ─────────────────────────────────────────────────────────────────

/** A question that asks for goals: "what would you like to be different?", "what are your goals?". */
const GOAL_QUESTION =
  /\b(?:what (?:would|do|did) you (?:like|want|hope) (?:to (?:be different|change|get out of|achieve|work on|see change|focus on)|from (?:this|therapy|our|coming|these))|what (?:are|is|would be|might be) (?:your|some of your|the|our) (?:main )?(?:goals?|hopes?|aims?)|what do you (?:want|hope) (?:to|will) (?:change|be different)|by the end of (?:our|this|the|these) (?:work|sessions|therapy|time|treatment)|what would be different|where would you like to be|how would you (?:like|want) things to be|what would (?:you )?need to (?:change|happen) for|what would (?:tell you|let you know|show you) (?:that )?(?:this|therapy|things|coming here)|what would (?:success|good|better|recovery|(?:a )?(?:good|better|normal) \w+) (?:look(?: like)?|be like)(?=\s*\?|\s*$| for)|what would you notice|(?:picture|imagine) (?:a )?(?:better|good|easier)\b.*\bwhat|(?<!\bin |\bown |\bscored? (?:a|the|an|two|three) )goals?\b.*\?)/;
/** "Let's make that one of our goals", "shall we set that as a goal?": the goal is what the client just said. */
const MAKE_IT_A_GOAL =
  /\b(?:let(?:'s| us)|we (?:could|can|should|might)|shall we|should we|could we|can we|how about we|would you like to|do you want to) (?:make|set|put down|write down|add|have|take|keep|use) (?:that|this|it)(?: down)? (?:as )?(?:one of )?(?:(?:our|your|the|a) )?(?:first |main |next |new )?goals?\b|\b(?:that|this) (?:sounds like|could be|would be|might be|is) (?:a|one of (?:our|your)|your) (?:good |great |really good |useful |clear )?goals?\b/;
/** "One goal could be sleeping six hours", "let's aim for three nights a week": the therapist's words. */
const PROPOSED_GOAL =
  /\b(?:(?:your|the|our|one|a) (?:main |first |next |big |other |new |realistic |smaller )?goal (?:could|would|might|will|can) be|let(?:'s| us) (?:aim (?:for|to)|work towards?|set a goal (?:of|to)|make it (?:a|our|your) goal to|make (?:it|that) (?:our|your) goal to)|(?:how about|what about|what if) (?:we|you) (?:set (?:a|the) goal (?:of|to)|make it (?:a|your) goal to|aim (?:for|to)))\s+(?:to\s+)?(.+?)[.?!]?$/;
/** Changing a goal ("maybe the goal should be three nights instead", "let's make it smaller"). */
const REVISED =
  /\b(?:change|adjust|revise|make) (?:the|my|our|your|that) goal\b|\bgoal (?:should|could|might) be .+ instead\b|\binstead (?:of that )?(?:the goal|(?:i|we) (?:could|should|will) aim)\b|\b(?:too (?:much|big|ambitious|hard)|more realistic|smaller step)\b/;
/** A look back at a goal already set ("last time you said you wanted to…", "how is your goal going?"). */
const REVISIT =
  /\b(?:last (?:time|week|session)|when we (?:last )?(?:met|spoke)|(?:at|in) (?:our|the) (?:first|last) session)\b.*\byou (?:said|told me|mentioned)\b.*\byou (?:wanted|would like|hoped|wished)\b|\b(?:your|our|the) goals?\b.*\b(?:we (?:set|agreed|talked about|discussed|made|wrote)|you (?:set|chose|picked|mentioned))\b|\b(?:we|you) (?:set|agreed on|chose|picked|wrote down) (?:the|a|your|our) goals?\b|\b(?:how (?:is|are) (?:it|things|you) (?:going|getting on|doing) with|check in (?:on|about)|come back to|go back to|revisit|look at|review|progress (?:on|with|towards?)|how close)\b.*\b(?:your|our|the|that) goals?\b/;
/**
 * A goal set before, named by the therapist with what it is: "the goal we wrote down at the start: being able
 * to…", "the aim, as you said at the start, is to drive…", "the goal you set with me, six months without…",
 * "we said we'd aim for you being out of the house three times a week".
 */
const NAMED_GOAL =
  /\b(?:(?:the|your|our) (?:main |first |big |long[- ]term )?(?:goal|aim|target)s?\b[^.?!:]{0,60}?\b(?:at the start|at the beginning|when we started|we (?:set|wrote down|agreed)|you (?:set|chose))\b[^.?!:]{0,20}?(?:[,:]| (?:is|was) (?:to )?)|\b(?:the|your|our) (?:goal|aim)s?, as you said(?: at the start| at the beginning)?, (?:is|was) (?:to )?|\b(?:we|you) (?:said|agreed) (?:we would|you would|to) aim (?:for|to) )\s*(.{8,}?)(?:\.|\?|!|$| - | and how | how |, (?:you are|and you are|is that|does that))/;

/**
 * Goals set before, listed by the therapist to look back on: "the goals from our first session: sleeping
 * through most nights, not dreading Mondays, and getting back to climbing". The list follows a colon or dash.
 */
const GOAL_LIST = /\b(?:the|your|our|those|these|all) (?:\w+ )?(?:goals|aims)\b[^:?!]{0,60}?(?:[:]| - )\s*(.+?)[.?!]?$/;
/** "So the goal becomes…", "the new goal is…": a goal changed in the session, in the therapist's words. */
const GOAL_BECOMES =
  /\b(?:the|your|our|that) (?:goal|aim|target) (?:becomes|is now|will now be|would now be|then becomes)\s+(?:to\s+)?(.+?)[.?!]?$|\bthe new (?:goal|aim|target) (?:is|would be|will be)\s+(?:to\s+)?(.+?)[.?!]?$/;

/** The goal a look back names ("your goal of going to the shop alone", "you wanted to sleep better"). */
const REVISITED_WHAT =
  /\b(?:goal (?:of|to|was to|about)|you (?:said |told me |mentioned )?(?:that )?you (?:wanted|would like|hoped) to)\s+(.+?)(?:,|\.|\?|$| - | and how | how )/;

// ── What the client says about a goal ───────────────────────────────────────────────────────────────────

/** The client naming their own goal ("my goal is to…", "what I want to get out of this is…"). */
const OWN_GOAL =
  /^(?:.*\b)?(?:my (?:main |biggest |big |real |first |other |only |one )?(?:goal|aim)s? (?:is|are|would be|will be|for (?:this|therapy|now) (?:is|would be))|one of my goals (?:is|would be)|the goal for me (?:is|would be)|what i (?:want|would like|hope) to (?:get|achieve|gain) (?:out of|from) (?:this|therapy|coming here|these sessions|our sessions)(?: is)?)\s+(?:to\s+|that i\s+|for me to\s+)?(.+)$/;
const ACHIEVED =
  /\b(?:i|we) (?:have |finally |actually )*(?:did it|done it|achieved (?:it|that|my goal)|reached (?:it|that|my goal|the goal)|met (?:my|the) goal|hit (?:my|the) (?:goal|target)|made it)\b|\b(?:goal|target|aim) (?:is|has been) (?:now )?(?:met|reached|achieved|done)\b|\b(?:call|count|consider) (?:that|it|this)(?: one)? (?:done|met|reached|achieved)\b/;
const PROGRESS =
  /\b(?:getting there|getting closer|closer to|a bit better|much better|made progress|some progress|managed|more often|most days|twice|three times|every day|improving)\b|^(?:it is |it has been |things are |a lot |a little |somewhat )?better\b/;

/** When: as said. The plan's goal reader (lambdas/core/plans/words.ts) reads time frames with it too. */
export const TIME_FRAME =
  /\b(?:in (?:a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a couple of|\d+) (?:days?|weeks?|months?|years?)(?: time)?|within (?:a|the next|\w+) (?:\w+ )?(?:days?|weeks?|months?|years?)|over the next (?:few |couple of |\w+ )?(?:days|weeks|months|years)|by (?:the )?(?:end of (?:the |this |next )?(?:week|month|year|term|summer|spring|autumn|winter|january|february|march|april|may|june|july|august|september|october|november|december|therapy|our (?:work|sessions|time)(?: together)?|treatment|these sessions)|summer|spring|autumn|fall|winter|christmas|easter|next (?:week|month|year|session)|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|my birthday|the wedding|the time (?:we finish|the baby comes|school starts))|before (?:christmas|easter|my birthday|the (?:summer|wedding|holidays?|baby (?:comes|arrives|is born)|new year|end of the year|trip|exams?))|(?:this|next) (?:year|summer|spring|autumn|winter))\b/;
/** How much: numbers with units, frequencies, or doing it unaided. */
const MEASURE =
  /\b(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a couple of|a few) (?:hours?|nights?|days?|times?|drinks?|units?|minutes?|miles?|kilometres?|km|steps|cigarettes?|pints?|glasses|kilos?|pounds|stone|sessions?|shifts?)|(?:once|twice|three times|every|each) (?:a |per )?(?:day|week|night|morning|month|weekend)|on my own|by myself|alone|without (?:help|anyone|my \w+|panicking|a panic attack))\b/;

const AGREE =
  /^(?:yes|yeah|yea|ya|yep|yup|definitely|absolutely|exactly|sure|totally|for sure|that (?:sounds|would be|is|feels) (?:good|great|right|perfect|about right|spot on|it|fair|doable)|i (?:would|really would) like that|i like (?:that|the sound of that)|that is what i want|let(?:'s| us) do (?:it|that)|deal|right|correct|agreed)\b/;
const TENTATIVE = /^(?:okay|ok|fine|alright|all right|i guess|i suppose|maybe|probably|if you think so|i can try|we can try|whatever you think|i think so)\b/;
const DECLINE = /^(?:no|nah|not really|not yet|i do not (?:think|know)|i am not sure|that is (?:too|not)|i would rather not|i can not)\b/;

function agreementOf(answer: ReadTurn | undefined): Goal['agreement'] | undefined {
  const first = answer?.sentences[0]?.text.replace(/^(?:well|oh|um|hmm|so),?\s+/, '');
  if (!answer || first === undefined) return undefined;
  if (DECLINE.test(first)) return undefined;
  const whole = answer.sentences.map((s) => s.text).join(' ');
  if (AGREE.test(first)) return /\bbut\b/.test(whole) ? 'tentative' : 'agreed';
  if (TENTATIVE.test(first)) return 'tentative';
  return undefined;
}

/** A phrase cut from a sentence, without the sentence's closing punctuation. */
function bare(phrase: string): string {
  return phrase.replace(/[\s.,;:!?]+$/, '');
}

/** The verbatim words of a phrase said in one of the turn's sentences. */
function spoken(turn: ReadTurn, phrase: string): { sentence: Sentence; words: string } | undefined {
  for (const sentence of turn.sentences) {
    const words = verbatimOf(sentence, phrase);
    if (words) return { sentence, words: bare(words) };
  }
  return undefined;
}

/** Time frame and measurable target from the sentence a goal was said in. */
function detailsOf(sentence: Sentence, what: string): Pick<Goal, 'timeFrame' | 'target'> {
  const time = sentence.text.match(TIME_FRAME)?.[0];
  const measure = MEASURE.test(what)
    ? what
        .replace(/^(?:to |be able to )/, '')
        .replace(TIME_FRAME, '')
        .replace(/(?:\s+(?:by|in|before|within|the|by the))+\s*$/, '')
        .replace(/[\s,.]+$/, '')
        .trim()
    : undefined;
  return {
    ...(time ? { timeFrame: bare(verbatimOf(sentence, time) ?? time) } : {}),
    ...(measure ? { target: bare(verbatimOf(sentence, measure) ?? measure) } : {}),
  };
}

const GOAL_CATEGORIES = new Set<ChangeStatement['category']>(['desire', 'need', 'commitment']);

function sentenceOf(turn: ReadTurn, quote: string): Sentence | undefined {
  return turn.sentences.find((s) => s.original.includes(quote));
}

/** The goals a client turn states in its own words. */
function clientGoals(input: ExtractInput, turn: ReadTurn, asked: boolean, revisiting: boolean): Goal[] {
  const goals: Goal[] = [];
  const statements = changeTalkIn(turn, input.turns.slice(Math.max(0, turn.index - 6), turn.index));
  const status: GoalStatus =
    revisiting || turn.sentences.some((s) => /\b(?:still|again) (?:want|would like|hope|need)\b|\bmy goal is still\b/.test(s.text)) ? 'revisited' : 'new';
  for (const sentence of turn.sentences) {
    if (/\?\s*$/.test(sentence.original)) continue;
    const own = sentence.clauses.length > 0 ? sentence.text.match(OWN_GOAL) : null;
    if (own && !/\b(?:not|never|no)\b/.test(own[1]!) && !/\b(?:his|her|their|your) goal/.test(sentence.text)) {
      goals.push({
        what: quoteOf(sentence, sentence.text),
        wordsOf: 'client',
        ...detailsOf(sentence, own[1]!),
        status,
        proposedBy: 'client',
        agreement: 'own_words',
        turnIds: [turn.id],
      });
    }
  }
  for (const s of statements) {
    // A wish framed as a condition ("if I could go to the shop on my own, I'd be happy") answers a goal question too.
    if (s.direction !== 'change' || !(GOAL_CATEGORIES.has(s.category) || (asked && s.category === 'reasons' && s.target))) continue;
    const sentence = sentenceOf(turn, s.quote);
    if (!sentence || goals.some((g) => g.what.includes(s.quote) || s.quote.includes(g.what))) continue;
    const framed = asked || /\bbe able to\b/.test(sentence.text) || TIME_FRAME.test(sentence.text) || revisiting;
    if (!framed) continue;
    goals.push({
      what: s.quote,
      wordsOf: 'client',
      ...detailsOf(sentence, s.target ?? ''),
      status,
      proposedBy: 'client',
      agreement: 'own_words',
      turnIds: [turn.id],
    });
  }
  if (asked && goals.length === 0) {
    // "What would success look like?" "Driving on the motorway to my sister's, on my own.": an answer said as the
    // outcome itself, a fragment led by an activity (a gerund or a bare verb) with no subject of its own.
    for (const sentence of turn.sentences) {
      if (/\?\s*$/.test(sentence.original) || sentence.clauses.some((c) => c.negated || c.subject !== 'none' || c.tense === 'past')) continue;
      const words = sentence.clauses.flatMap((c) => c.tokens).filter((t) => t.pos !== 'PUNCT' && t.pos !== 'CCONJ' && t.pos !== 'ADV' && t.pos !== 'INTJ');
      const lead = words[0];
      if (!lead || words.length < 3 || lead.pos !== 'VERB' || !(lead.word.endsWith('ing') || lead.word === lead.lemma)) continue;
      const what = bare(sentence.original.trim());
      goals.push({ what, wordsOf: 'client', ...detailsOf(sentence, what), status, proposedBy: 'client', agreement: 'own_words', turnIds: [turn.id] });
    }
  }
  if (revisiting) {
    // An answer to "how is your goal going?" that reports steps or getting there.
    for (const s of statements)
      if (s.category === 'taking_steps' && !goals.some((g) => g.what === s.quote))
        goals.push({ what: s.quote, wordsOf: 'client', status: 'progress_reported', proposedBy: 'client', agreement: 'own_words', turnIds: [turn.id] });
  }
  return goals;
}

/** The therapist's previous turn, if the client is answering it. */
function questionBefore(input: ExtractInput, turn: ReadTurn): ReadTurn | undefined {
  for (let i = turn.index - 1; i >= Math.max(0, turn.index - 2); i--) {
    const t = input.turns[i]!;
    if (t.role === 'therapist') return t;
  }
  return undefined;
}

function statusOfAnswer(answer: ReadTurn | undefined): GoalStatus | undefined {
  const text = answer?.sentences.map((s) => s.text).join(' ') ?? '';
  if (!answer || /\b(?:not|never)\b.*\b(?:did it|managed|made it)\b|\bhave not\b/.test(text)) return undefined;
  if (ACHIEVED.test(text)) return 'achieved';
  if (REVISED.test(text)) return 'revised';
  if (PROGRESS.test(text) || changeTalkIn(answer).some((s) => s.category === 'taking_steps')) return 'progress_reported';
  return undefined;
}

const STATUS_ORDER: GoalStatus[] = ['new', 'revisited', 'revised', 'progress_reported', 'achieved'];

/** Words of a goal that say what it is, for telling a restatement from a new goal. */
function contentWords(text: string): Set<string> {
  const stop =
    /^(?:i|to|be|able|the|a|an|my|me|and|or|want|would|like|really|just|more|less|it|that|this|is|am|of|for|on|in|at|so|we|our|your|you|goal|get|go|do|have|can|could|feel|want|wanna|gonna|going|will|not)$/;
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z\s]/g, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2 && !stop.test(w)),
  );
}

function sameGoal(a: Goal, b: Goal): boolean {
  const x = contentWords(a.what);
  const y = contentWords(b.what);
  if (x.size === 0 || y.size === 0) return a.what === b.what;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.min(x.size, y.size) >= 0.6;
}

function merge(goals: Goal[]): Goal[] {
  const out: Goal[] = [];
  for (const g of goals) {
    const same = out.find((o) => sameGoal(o, g));
    if (!same) {
      out.push({ ...g, turnIds: [...g.turnIds] });
      continue;
    }
    for (const id of g.turnIds) if (!same.turnIds.includes(id)) same.turnIds.push(id);
    if (STATUS_ORDER.indexOf(g.status) > STATUS_ORDER.indexOf(same.status)) same.status = g.status;
    same.timeFrame ??= g.timeFrame;
    same.target ??= g.target;
  }
  return out;
}

/**
 * The treatment goals stated or revisited in the session, in order of first mention.
 *
 * @example
 * extractGoals(readSession(parseTranscript("Therapist: What would you like to be different?\nClient: I want to be able to go to the shop on my own by the summer.")));
 * // [{ what: 'I want to be able to go to the shop on my own by the summer.', timeFrame: 'by the summer', target: 'go to the shop on my own', status: 'new', proposedBy: 'client', agreement: 'own_words', turnIds: ['t0002'], … }]
 */
export function extractGoals(input: ExtractInput): Goal[] {
  const goals: Goal[] = [];
  for (const turn of input.turns) {
    if (turn.role === 'client') {
      const question = questionBefore(input, turn);
      const asked = question?.sentences.some((s) => GOAL_QUESTION.test(s.text)) ?? false;
      const revisiting = question?.sentences.some((s) => REVISIT.test(s.text) && !REVISITED_WHAT.test(s.text)) ?? false;
      goals.push(...clientGoals(input, turn, asked, revisiting));
      continue;
    }
    if (turn.role !== 'therapist') continue;
    const answer = answerAfter(input, turn.index);
    for (const sentence of turn.sentences) {
      const text = sentence.text;
      if (MAKE_IT_A_GOAL.test(text)) {
        // The client's recent wish becomes a goal when the therapist proposes it and the client takes it up.
        const agreement = agreementOf(answer);
        const referent = [...goals].reverse().find((g) => g.wordsOf === 'client' && turn.index - indexOf(input, g.turnIds.at(-1)!) <= 4);
        if (referent) {
          if (agreement) referent.turnIds.push(turn.id, answer!.id);
          continue;
        }
        const wish = recentWish(input, turn);
        if (wish && agreement) {
          const wishTurn = input.turns.find((t) => t.id === wish.turnId)!;
          goals.push({
            what: wish.quote,
            wordsOf: 'client',
            ...detailsOf(sentenceOf(wishTurn, wish.quote)!, wish.target ?? ''),
            status: 'new',
            proposedBy: 'therapist',
            agreement,
            turnIds: [wish.turnId, turn.id, answer!.id],
          });
        }
        continue;
      }
      const becomes = text.match(GOAL_BECOMES);
      const proposed = text.match(PROPOSED_GOAL) ?? (becomes ? [becomes[0], becomes[1] ?? becomes[2]] : null);
      const revisited = REVISIT.test(text) ? text.match(REVISITED_WHAT) : null;
      const listed = proposed || revisited ? null : text.match(GOAL_LIST);
      if (listed) {
        goals.push(...listedGoals(input, turn, sentence, listed[1]!));
        continue;
      }
      const named = proposed || revisited ? null : text.match(NAMED_GOAL);
      const content = (proposed?.[1] ?? revisited?.[1] ?? named?.[1])?.replace(/^(?:(?:is|was|being|would be) )?(?:to )?/, '');
      if (!content) continue;
      const words = spoken(turn, content);
      if (!words) continue;
      if (proposed) {
        const agreement = agreementOf(answer);
        if (!agreement) continue;
        const turnText = turn.sentences.map((s) => s.text).join(' ');
        const status: GoalStatus = becomes || REVISED.test(turnText) || (goals.length > 0 && /\binstead\b/.test(text)) ? 'revised' : 'new';
        goals.push({
          what: words.words,
          wordsOf: 'therapist',
          ...detailsOf(words.sentence, content),
          status,
          proposedBy: 'therapist',
          agreement,
          turnIds: [turn.id, answer!.id],
          ...(becomes ? { restated: true as const } : {}),
        });
      } else {
        // A goal looked back on: where it stands is the client's answer.
        const status = statusOfAnswer(answer) ?? 'revisited';
        const proposedBy = /\byou (?:said |told me |mentioned )?(?:that )?you (?:wanted|would like|hoped)\b/.test(text) ? 'client' : 'not_stated';
        const taken = answer && (status !== 'revisited' || agreementOf(answer) === 'agreed');
        goals.push({
          what: words.words,
          wordsOf: 'therapist',
          ...detailsOf(words.sentence, content),
          status,
          proposedBy,
          agreement: taken ? 'agreed' : 'not_stated',
          turnIds: taken ? [turn.id, answer.id] : [turn.id],
        });
      }
    }
  }
  return merge(goals);
}

/** Words of a phrase that say what it is about, as lemmas ("climbing" and "climb" alike). */
const LIGHT_LEMMAS = new Set([
  'get',
  'go',
  'be',
  'have',
  'do',
  'make',
  'back',
  'most',
  'more',
  'less',
  'week',
  'day',
  'time',
  'thing',
  'goal',
  'one',
  'lot',
  'bit',
  'way',
]);
function aboutLemmas(sentence: Sentence): Set<string> {
  const out = new Set<string>();
  for (const clause of sentence.clauses)
    for (const t of clause.tokens) {
      if (!/^(?:NOUN|PROPN|VERB|ADJ)$/.test(t.pos)) continue;
      const lemma = t.lemma.length > 5 && t.lemma.endsWith('ing') ? t.lemma.slice(0, -3) : t.lemma.replace(/(?<=[^su])s$/, '');
      if (lemma.length > 2 && !LIGHT_LEMMAS.has(lemma)) out.add(lemma);
    }
  return out;
}

/**
 * The goals of a list the therapist reads back ("the goals from our first session: A, B and C"), each where
 * the client's answer puts it when the therapist then asks about it by name ("And climbing?").
 */
function listedGoals(input: ExtractInput, turn: ReadTurn, sentence: Sentence, list: string): Goal[] {
  const items = list
    .split(/\s*(?:,\s*(?:and|or)?|;|\band\b)\s+/)
    .map((x) => bare(x.trim()))
    .filter((x) => x.length > 2);
  if (items.length < 2) return [];
  const goals: Goal[] = [];
  for (const item of items) {
    const words = spoken(turn, item);
    if (!words) continue;
    const phrase = sentencesOf(words.words)[0];
    const lemmas = phrase ? aboutLemmas(phrase) : new Set<string>();
    const goal: Goal = {
      what: words.words,
      wordsOf: 'therapist',
      status: 'revisited',
      proposedBy: 'not_stated',
      agreement: 'not_stated',
      turnIds: [turn.id],
      restated: true,
    };
    const after = turn.sentences.slice(turn.sentences.indexOf(sentence) + 1);
    for (let i = turn.index; i < Math.min(input.turns.length, turn.index + 12) && lemmas.size > 0; i++) {
      const t = input.turns[i]!;
      if (t.role !== 'therapist') continue;
      const asks = (i === turn.index ? after : t.sentences).some((x) => /\?\s*$/.test(x.original) && [...aboutLemmas(x)].some((l) => lemmas.has(l)));
      if (!asks) continue;
      const answer = answerAfter(input, i);
      const status = statusOfAnswer(answer);
      if (answer && status) {
        goal.status = status;
        goal.agreement = 'agreed';
        goal.turnIds = [...new Set([turn.id, t.id, answer.id])];
      }
      break;
    }
    goals.push(goal);
  }
  return goals;
}

function indexOf(input: ExtractInput, turnId: string): number {
  return input.turns.find((t) => t.id === turnId)?.index ?? -1;
}

/** The client's most recent wish for change in the last few turns, for "let's make that a goal". */
function recentWish(input: ExtractInput, turn: ReadTurn): ChangeStatement | undefined {
  for (let i = turn.index - 1; i >= Math.max(0, turn.index - 4); i--) {
    const t = input.turns[i]!;
    if (t.role !== 'client') continue;
    const wish = changeTalkIn(t, input.turns.slice(Math.max(0, i - 6), i))
      .filter((s) => s.direction === 'change' && (GOAL_CATEGORIES.has(s.category) || s.category === 'ability'))
      .at(-1);
    if (wish) return wish;
  }
  return undefined;
}
