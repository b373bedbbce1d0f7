/**
 * Goals across one client's sessions: each goal stated or revisited (goal-statements.ts), matched across
 * sessions by the content words it is said in (words.ts, SAME_GOAL_OVERLAP), with where it stands after
 * every session that showed it and the turns that show it. Nothing is inferred from silence: a goal not
 * mentioned in a session has no event there, and "dropped" is only what someone said.
 *
 * Also the Goal Agreement sub-score (the alliance's, WAI-SR goal and task) per session as a trend. Pure.
 */
import { type Sentence, tentative } from '../language/index.js';
import type { GoalAgreementSeries, GoalStatus, PlanCitation, PlanGoal } from '../../../schemas/plan.js';
import { analyzeSeries } from '../alliance/series.js';
import { answerAfter, type ReadTurn } from '../notes/extract/input.js';
import { isQuestion } from '../notes/extract/uptake.js';
import { goalStatementsIn, type GoalStatement } from './goal-statements.js';
import type { PlanSession } from './session.js';
import {
  SAME_GOAL_OVERLAP,
  overlap,
  pointsBack,
  pointsBackToOne,
  rootOf,
  proposesTarget,
  reportsCount,
  saysImproved,
  saysReached,
  saysSetAside,
  sentenceLemmas,
  shareOf,
  type Topic,
  timeFrameIn,
  topicOf,
  verbless,
} from './words.js';

/** Which status a session's event keeps when it shows several: the one furthest along, a setting aside first. */
const WEIGHT: Record<GoalStatus, number> = { introduced: 0, worked_on: 1, progress: 2, revised: 3, met: 4, dropped: 5 };

interface Event {
  session: string;
  date: string;
  status: GoalStatus;
  turnIds: string[];
  quote: string;
  /** The turns showing each status in the session: the event cites only those of the status it keeps. */
  support: Partial<Record<GoalStatus, string[]>>;
  quoteByClient: boolean;
}

interface Tracked {
  text: string;
  wordsOf: 'client' | 'therapist';
  /** The content words of each statement of the goal: a new statement or a mention is matched against any of them. */
  forms: ReadonlySet<string>[];
  measurable: string | null;
  /** The session that last set `measurable`: a new form said in a later session is a revision. */
  measurableFrom: string | null;
  measurableTurns: string[];
  targetDate: string | null;
  /** The session the target date was said in. */
  targetFrom?: string;
  events: Event[];
  /** What the goal's statements are about as noun phrases (and the question each answered): a later mention naming one of its heads is about it. */
  topic: Topic;
}

function joinTopic(into: Topic, from: Topic): void {
  for (const k of ['heads', 'things', 'modifiers', 'occasions'] as const) for (const w of from[k]) into[k].add(w);
}

/** A statement's topic: its own noun phrases and activity, and what the goal question it answers pictured ("What would good sleep look like?"). */
function statementTopic(statement: GoalStatement): Topic {
  const topic = topicOf(statement.sentence);
  // The activity: a content verb of the statement is a head of its own ("see my brother", "walk to work").
  for (const w of statement.lemmas) if (!topic.modifiers.has(w)) topic.heads.add(w);
  for (const qualifier of statement.qualifiers ?? []) joinTopic(topic, topicOf(qualifier));
  if (statement.asked) joinTopic(topic, topicOf(statement.asked));
  return topic;
}

/** Share of a goal's words a sentence holds: a sentence is about the goal when it holds at least half of one of its forms. */
function coverage(goal: Tracked, lemmas: ReadonlySet<string>): number {
  return Math.max(0, ...goal.forms.map((form) => shareOf(form, lemmas)));
}

function record(goal: Tracked, s: PlanSession, status: GoalStatus, turnIds: readonly string[], quote: string, byClient = false): void {
  let event = goal.events.find((e) => e.session === s.session);
  if (!event) {
    event = { session: s.session, date: s.date, status, turnIds: [], quote, support: {}, quoteByClient: byClient };
    goal.events.push(event);
  } else if (event.status !== 'introduced' && (WEIGHT[status] > WEIGHT[event.status] || (status === event.status && byClient && !event.quoteByClient))) {
    // The furthest status wins; at the same status the client's own words are the quote rather than the question.
    event.status = status;
    event.quote = quote;
    event.quoteByClient = byClient;
  }
  event.support[status] ??= [];
  const support = event.support[status];
  for (const id of turnIds) if (!support.includes(id)) support.push(id);
  event.turnIds = event.support[event.status] ?? [];
}

/** Where a client's sentence about a goal puts it; a deed counts as a step only when it is the goal's activity (words.ts, saysImproved). */
function statusOfClient(sentence: Sentence, goal?: Tracked): GoalStatus {
  if (saysSetAside(sentence)) return 'dropped';
  if (saysReached(sentence)) return 'met';
  return saysImproved(sentence, goal?.topic, goal === undefined || REDUCTION.test(goal.text.toLowerCase())) ? 'progress' : 'worked_on';
}

/** A change said as one: "…now, not Easter", "instead", "pushed back". */
const CHANGE_SAID = /\b(?:now|instead|rather than|pushed (?:back|out)|moved|changed)\b|, not\b/;

/** A therapist saying a goal is reached: "you've done it", "that's the goal done", "you've hit it". */
const THERAPIST_VERDICT =
  /\b(?:you have (?:done|hit|reached|met|achieved|nailed) (?:it|that|the goal|your goal|that goal)|(?:that|the goal|that goal|that one|it) is (?:done|met|reached|achieved|ticked off)|(?:that|this) is the goal (?:done|met|reached))\b/;
/** A question tag: "didn't I", "haven't we", "isn't it". */
const TAG = /^(?:,\s*)?(?:did|do|does|have|has|is|was|were|are|had) not (?:i|you|we|it|they|he|she)\b[?.!\s]*$/;
/** Taking a verdict: "Yeah.", "Did it, didn't I.", "I suppose I have." */
const AGREES = /^(?:yes|yeah|yep|yup|definitely|absolutely|it is|i did|did it|i have|we did|it has)\b/;

/** Saying nothing has changed: "Same as before really.", "No different.", "About the same." */
const NO_CHANGE =
  /^(?:(?:and|but|so|honestly|really|it is|it was|it is been|that is)[, ]+)*(?:same as (?:before|ever|usual|last (?:time|week))|(?:much |pretty much |about |roughly )?the same(?: as (?:before|ever|usual))?|no (?:different|change|better)|not (?:any )?(?:different|better))(?: really| honestly| i suppose| i think)?[.!]*$/;
/** An answer opening on a mixed verdict: "Mixed, honestly.", "Hit and miss.", "Up and down." */
const MIXED = /^(?:(?:um|well|honestly|it was|it is|a),? )*(?:mixed|hit and miss|up and down|so-so|patchy)\b/;

/** A count of none as the answer: "Not once.", "Not one time.", "Zero.", "None at all this week." */
const NONE_AT_ALL = /^(?:(?:honestly|actually|nope|no),? )?(?:not once|not one(?: single)? time|zero|none(?: at all)?|not a single (?:one|time))\b/;

/** A goal of doing less: where "less" and "fewer" are a step. */
const REDUCTION = /\b(?:cut|cutting|reduce|reducing|less|fewer|stop|stopping|quit|down|limit|no(?! matter\b)|without|not|never|under|at most|max|only)\b/;

const normalised = (measure: string) =>
  measure
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function restated(goal: Tracked, statement: GoalStatement, s: PlanSession): void {
  let status = statusOfClient(statement.sentence);
  joinTopic(goal.topic, statementTopic(statement));
  // A new measurable form for a goal that had one is a revision ("three days a week" becomes "two").
  if (statement.measurable !== null && (goal.measurable === null || normalised(statement.measurable) !== normalised(goal.measurable))) {
    if (goal.measurable !== null && goal.measurableFrom !== s.session && WEIGHT[status] < WEIGHT.revised) status = 'revised';
    goal.measurable = statement.measurable;
    goal.measurableFrom = s.session;
    goal.measurableTurns = [...statement.turnIds];
  }
  // A new date to reach it by, said in a later session ("So off them by the end of April now, not Easter"): a revision.
  if (statement.timeFrame !== null && goal.targetDate !== null && normalised(statement.timeFrame) !== normalised(goal.targetDate)) {
    if (goal.targetFrom !== s.session && WEIGHT[status] < WEIGHT.revised) status = 'revised';
    goal.targetDate = statement.timeFrame;
    goal.targetFrom = s.session;
  }
  goal.targetDate ??= statement.timeFrame;
  goal.forms.push(statement.lemmas);
  record(goal, s, status, statement.turnIds, statement.quote, statement.wordsOf === 'client');
}

/**
 * The goal a new statement restates: half of the shorter statement's content words shared, or (in a later
 * session) a noun phrase head that is a thing shared ("see my brother" / "the walks with my brother": both are
 * about the brother), at that same threshold; the best of several.
 */
function bestMatch(goals: readonly Tracked[], statement: GoalStatement): Tracked | undefined {
  const lemmas = statement.lemmas;
  const things = topicOf(statement.sentence).things;
  let best: { goal: Tracked; score: number } | undefined;
  for (const goal of goals) {
    // Across sessions a shared thing is the same goal said again; within the session that set it, a second goal
    // may name the same thing ("get through a shift without panicking" / "stop replaying every shift in the car").
    const sharesHead = goal.events[0]!.session !== statement.session && [...things].some((h) => goal.topic.things.has(h));
    const score = Math.max(...goal.forms.map((f) => overlap(f, lemmas)), sharesHead ? SAME_GOAL_OVERLAP : 0);
    if (score >= SAME_GOAL_OVERLAP && (!best || score > best.score)) best = { goal, score };
  }
  return best?.goal;
}

/**
 * What a sentence is about: its own content words, and for the first sentences of a client's answer also
 * what the therapist asked ("Better, but not gone." after "And Mondays?" is about Mondays).
 */
function lemmasWithQuestion(s: PlanSession, turn: ReadTurn, sentence: Sentence): ReadonlySet<string> {
  const own = sentenceLemmas(sentence);
  const before = s.input.turns[turn.index - 1];
  if (turn.role !== 'client' || before?.role !== 'therapist' || before.sentences.length === 0) return own;
  return new Set([...own, ...sentenceLemmas(before.sentences.at(-1)!)]);
}

/** What a whole client turn is about: all its sentences' words and the last sentence of the question before it. */
function turnTopic(s: PlanSession, turn: ReadTurn): ReadonlySet<string> {
  const before = s.input.turns[turn.index - 1];
  const asked = before?.role === 'therapist' && before.sentences.length > 0 ? [before.sentences.at(-1)!] : [];
  return new Set([...turn.sentences, ...asked].flatMap((x) => [...sentenceLemmas(x)]));
}

const verbsOf = (lemmas: ReadonlySet<string>) => [...lemmas].map(rootOf);

const normalisedIn = (measure: string, text: string) => ` ${normalised(text)} `.includes(` ${normalised(measure)} `);

/**
 * The goals a sentence is about. By content words: at least half of one of a goal's statements
 * (SAME_GOAL_OVERLAP). By noun phrases: the sentence names one of a goal's heads ("How did the drives go?"
 * after "Driving to work on the ring road"; "the calendar lunches" after "a proper lunch break"), or asks about
 * the occasions the goal is measured in ("How have the mornings been?" after "most mornings") when only one
 * goal is. By the goal's measure said again ("How does three days a week sound now?"). When several goals
 * qualify, those whose head and modifiers the sentence names win; a tie is no one's.
 */
function goalsAbout(goals: readonly Tracked[], lemmas: ReadonlySet<string>, topic: Topic, text: string, last?: Tracked): Tracked[] {
  const byWords = goals.filter((g) => coverage(g, lemmas) >= SAME_GOAL_OVERLAP);
  // The activity named by its verb ("I drove to work" after "Driving to work on the ring road") counts as naming it.
  const named = (g: Tracked) => [...new Set([...topic.heads, ...verbsOf(lemmas)])].filter((h) => g.topic.heads.has(h)).length;
  const modified = (g: Tracked) => [...topic.modifiers, ...topic.heads].filter((m) => g.topic.modifiers.has(m) || g.topic.heads.has(m)).length;
  const byHeads = goals.filter((g) => named(g) > 0);
  const byOccasion = goals.filter((g) => [...topic.occasions].some((o) => g.topic.occasions.has(o)));
  const byMeasure = goals.filter((g) => g.measurable !== null && normalisedIn(g.measurable, text));
  let found = [...new Set([...byWords, ...byHeads])];
  if (found.length === 0 && byMeasure.length === 1) found = byMeasure;
  if (found.length === 0 && byOccasion.length === 1) found = byOccasion;
  if (found.length <= 1) return found;
  // Several: the ones the sentence names most specifically.
  const best = Math.max(...found.map((g) => named(g) * 2 + modified(g)));
  const top = found.filter((g) => named(g) * 2 + modified(g) === best);
  if (best > 0 && top.length === 1) return top;
  // Still a tie: the goal the conversation was just about, if it is one of them.
  if (last && top.includes(last)) return [last];
  return byWords.length === 1 ? byWords : [];
}

/** The topic of a sentence and, for the first sentences of a client's answer, of the question it answers. */
function topicWithQuestion(s: PlanSession, turn: ReadTurn, sentence: Sentence, answersQuestion: boolean): { topic: Topic; text: string } {
  const own = topicOf(sentence);
  const before = s.input.turns[turn.index - 1];
  if (!answersQuestion || turn.role !== 'client' || before?.role !== 'therapist' || before.sentences.length === 0) return { topic: own, text: sentence.text };
  const asked = before.sentences.at(-1)!;
  const theirs = topicOf(asked);
  // "Let's start with the walk. How did Saturday go?": a question naming nothing asks about what its turn named.
  const preface = before.sentences.at(-2);
  // Only a preface about one thing: an agenda naming several is no one topic.
  const prefaced = preface && !isQuestion(preface) ? topicOf(preface) : undefined;
  if (theirs.heads.size === 0 && prefaced && prefaced.heads.size === 1) joinTopic(theirs, prefaced);
  joinTopic(theirs, own);
  return { topic: theirs, text: `${asked.text} ${sentence.text}` };
}

/** A therapist question about several things at once: "those two", "both", "the walking group and the repair café". */
function asksAboutSeveral(turn: ReadTurn | undefined): boolean {
  if (turn?.role !== 'therapist') return false;
  const asked =
    turn.sentences
      .filter((x) => isQuestion(x))
      .map((x) => x.text)
      .join(' ') ||
    (turn.sentences.at(-1)?.text ?? '');
  return /\b(?:those|these|the) (?:two|three)\b|\bboth\b|\ball of them\b|\beach of them\b|\bthe [a-z]+(?: [a-z]+)? and the [a-z]+/.test(asked);
}

/** A therapist turn asking for a number on a scale ("zero to ten", "out of ten", "on a scale"). */
function asksRating(turn: ReadTurn | undefined): boolean {
  if (turn?.role !== 'therapist') return false;
  return turn.sentences.some((x) => /\b(?:(?:zero|nought|0|one|1) to (?:ten|10|five|5|a hundred|100)|out of (?:ten|10)|on a scale|scale of)\b/.test(x.text));
}
/** The speaker correcting what they just said: "Sorry, not the meeting", "I mean the other one", "No wait". */
const CORRECTS = /^(?:sorry|no,? wait|wait|oh,? no|actually,? no|i mean|not the)\b|\bi mean\b/;

/** Every sentence of the session about a goal that already stood: worked on, progress, met, revised or set aside. */
function mentions(s: PlanSession, goals: readonly Tracked[]): void {
  // The goal the conversation was last about, and at which turn: "I'd call that one met" points back to it.
  let last: { goal: Tracked; index: number } | undefined;
  // Answers to a question reviewing homework ("How did the prediction log go?"): "I did it Monday to Wednesday" is
  // about the task. Whether that was a step toward a goal is the homework rule's to say (below), by the task's verb.
  const reviewAnswers = new Set(s.homework.reviewed.flatMap((r) => r.turnIds.slice(1)));
  for (const turn of s.input.turns) {
    if (s.riskTurns.has(turn.id) || (turn.role !== 'client' && turn.role !== 'therapist')) continue;
    turn.sentences.forEach((sentence, i) => {
      // An answer's topic carries only to its first sentences; later ones say their own.
      const lemmas = i < 2 ? lemmasWithQuestion(s, turn, sentence) : sentenceLemmas(sentence);
      const { topic, text } = topicWithQuestion(s, turn, sentence, i < 2);
      const recentGoal = last && turn.index - last.index <= RECENT_TURNS ? last.goal : undefined;
      const about = goalsAbout(goals, lemmas, topic, text, recentGoal);
      const ownWords = sentenceLemmas(sentence);
      const byOwnWords = i < 2 && turn.role === 'client' ? goalsAbout(goals, ownWords, topicOf(sentence), sentence.text, recentGoal) : about;
      for (const goal of about) {
        let status = turn.role === 'client' ? statusOfClient(sentence, goal) : 'worked_on';
        // "Mixed, honestly. I did it about the insurance. But … I went quiet again.", "Used the card once. Same as
        // before really.": a turn that calls it mixed or unchanged reports no step, whatever one sentence of it tells.
        if (status === 'progress' && turn.role === 'client' && turn.sentences.some((x, k) => NO_CHANGE.test(x.text) || (k === 0 && MIXED.test(x.text))))
          status = 'worked_on';
        // "Emails?" "Not once. Not one time.": none at all of what a goal of doing without counts is a step toward it.
        if (status === 'worked_on' && turn.role === 'client' && i < 2 && NONE_AT_ALL.test(sentence.text) && REDUCTION.test(goal.text.toLowerCase()))
          status = 'progress';
        // "Seven." to "how confident are you, zero to ten?" is a rating, not seven occasions.
        if (status === 'progress' && i === 0 && reportsCount(sentence) && asksRating(s.input.turns[turn.index - 1])) status = 'worked_on';
        // "I managed it, actually! Sorry, not the meeting, I mean the reconciliation.": a report taken back at once is not about the goal.
        if (status === 'progress' && CORRECTS.test(turn.sentences[i + 1]?.text ?? '')) status = 'worked_on';
        // …and what follows the correction in the turn is about the other thing ("I mean the reconciliation. … I finally got it off").
        if (status === 'progress' && turn.sentences.slice(0, i).some((x) => CORRECTS.test(x.text) && /\bnot the\b/.test(x.text))) status = 'worked_on';
        if (status === 'progress' && i < 2 && reviewAnswers.has(turn.id) && refersToTask(sentence)) status = 'worked_on';
        // A verdict on several goals at once ("with two of them done") is no single goal's verdict.
        // So is a verdict answering a question about several ("And the walking group and the repair café, how are those two going?").
        if (
          (status === 'met' || status === 'dropped') &&
          about.length === 1 &&
          !pointsBackToOne(sentence) &&
          (manyNamed(sentence) || (i < 2 && turn.role === 'client' && asksAboutSeveral(s.input.turns[turn.index - 1])))
        )
          status = 'worked_on';
        // "Sort of better, I suppose. Less impossible.": a fragment after a hedged sentence goes on in its hedge.
        if (status === 'progress' && i > 0 && verbless(sentence) && tentative(turn.sentences[i - 1]!.text)) status = 'worked_on';
        // A new target for the same activity, proposed by the client ("Could we make it once a week?"): a revision.
        const target = turn.role === 'client' ? proposesTarget(sentence) : null;
        if (target !== null && goal.measurable !== null && normalised(target) !== normalised(goal.measurable) && WEIGHT[status] < WEIGHT.revised) {
          status = 'revised';
          goal.measurable = target;
          goal.measurableFrom = s.session;
          goal.measurableTurns = [turn.id];
        }
        // A new date said as a change ("So off them by the end of April now, not Easter"): a revision.
        const frame = turn.role === 'client' && !isQuestion(sentence) && CHANGE_SAID.test(sentence.text) ? timeFrameIn(sentence) : null;
        if (
          frame !== null &&
          goal.targetDate !== null &&
          normalised(frame) !== normalised(goal.targetDate) &&
          goal.targetFrom !== s.session &&
          WEIGHT[status] < WEIGHT.revised
        ) {
          status = 'revised';
          goal.targetDate = frame;
          goal.targetFrom = s.session;
        }
        // An answer about the goal only through the question it answers ("Yeah.") shows nothing the question does not: cited only when it says where the goal stands.
        const ownMention = byOwnWords.includes(goal);
        if (turn.role === 'client' && !ownMention && status === 'worked_on') continue;
        record(goal, s, status, [turn.id], sentence.original.trim(), turn.role === 'client' && ownMention);
      }
      if (about.length === 1) last = { goal: about[0]!, index: turn.index };
      // "I'd rather drop that one.", "That one's done.": a verdict pointing back to what the turn (or the
      // question it answers) is about, or else to the goal the last few turns were about; taken only when that
      // is exactly one goal.
      if (about.length > 0 || turn.role !== 'client' || !pointsBack(sentence)) return;
      const status = statusOfClient(sentence);
      if (status !== 'met' && status !== 'dropped') return;
      const topical = goals.filter((g) => coverage(g, turnTopic(s, turn)) >= SAME_GOAL_OVERLAP);
      const recent = topical.length === 0 && last !== undefined && turn.index - last.index <= RECENT_TURNS && pointsBackToOne(sentence);
      const referent = topical.length === 1 ? topical[0] : recent ? last!.goal : undefined;
      if (referent) record(referent, s, status, [turn.id], sentence.original.trim(), true);
    });
  }
  // The therapist's verdict that a goal is reached, taken by the client ("Four days a week was what you said you
  // wanted, and you've done it two weeks running." "Yeah. Did it, didn't I."): the client's own verdict. A hedge or
  // a correction ("I wouldn't go that far") keeps it where it was.
  for (const turn of s.input.therapist) {
    if (s.riskTurns.has(turn.id)) continue;
    const verdict = turn.sentences.find((x) => THERAPIST_VERDICT.test(x.text));
    const answer = answerAfter(s.input, turn.index);
    if (!verdict || answer?.role !== 'client') continue;
    const opening = answer.sentences.slice(0, 2);
    // "…didn't I?" is a tag asking for agreement, not a negation.
    const negated = (x: Sentence) => x.clauses.some((c) => c.negated && !TAG.test(c.text));
    if (!opening.some((x) => AGREES.test(x.text)) || opening.some((x) => negated(x) || tentative(x.text) || /\bbut\b/.test(x.text))) continue;
    const lemmas = new Set(turn.sentences.flatMap((x) => [...sentenceLemmas(x)]));
    const topic = turn.sentences.map(topicOf).reduce((into, t) => {
      joinTopic(into, t);
      return into;
    });
    const about = goalsAbout(goals, lemmas, topic, turn.sentences.map((x) => x.text).join(' '));
    if (about.length === 1) record(about[0]!, s, 'met', [turn.id, answer.id], answer.sentences[0]!.original.trim(), true);
  }
  // Homework toward a goal reviewed as done or partly done is a step toward it.
  for (const review of s.homework.reviewed) {
    if (review.completion !== 'done' && review.completion !== 'partly') continue;
    const turn = s.input.turns.find((t) => t.id === review.turnIds[0]);
    const sentence = turn?.sentences.find((x) => x.original.includes(review.quote) || review.quote.includes(x.original.trim()));
    if (!sentence) continue;
    // A step only when the task is the goal's own activity: phoning the club about a lift prepares going to the club.
    const specific = sentence.clauses.flatMap((c) => c.tokens).filter((t) => t.pos === 'VERB' && !GENERAL_VERBS.has(t.lemma));
    // "And the project list?" names the task without its verb: the deed is the one the answer tells ("I brought
    // it"), or else the task's own verb ("bring the project list").
    const answer = s.input.turns.find((t) => t.id === review.turnIds[1]);
    const told = (answer?.sentences[0]?.clauses ?? []).flatMap((c) => c.tokens).filter((t) => t.pos === 'VERB' && !GENERAL_VERBS.has(t.lemma));
    const taskVerb = /^([a-z]+)\b/.exec(review.task)?.[1];
    const verbs =
      specific.length > 0 ? specific.map((t) => t.lemma) : told.length > 0 ? told.map((t) => t.lemma) : taskVerb && TASK_VERBS.has(taskVerb) ? [taskVerb] : [];
    for (const goal of goalsAbout(goals, sentenceLemmas(sentence), topicOf(sentence), sentence.text)) {
      const ownActivity = verbs.length === 0 || verbs.some((v) => goal.topic.heads.has(rootOf(v)));
      record(goal, s, ownActivity ? 'progress' : 'worked_on', review.turnIds, review.clientQuote ?? review.quote);
    }
  }
}

/** Verbs a task's name opens with that are not its goal's activity unless the goal says so ("bring the list", "write the plan"). */
const TASK_VERBS = new Set([
  'bring',
  'write',
  'read',
  'fill',
  'list',
  'jot',
  'log',
  'track',
  'record',
  'phone',
  'ring',
  'call',
  'text',
  'email',
  'send',
  'book',
  'ask',
  'look',
  'buy',
  'print',
  'set',
  'put',
  'plan',
  'note',
]);

/** Verbs that say only that something was done, tried or managed: the task's own verb is elsewhere. */
const GENERAL_VERBS = new Set([
  'manage',
  'try',
  'get',
  'do',
  'go',
  'have',
  'make',
  'start',
  'keep',
  'finish',
  'be',
  'remember',
  'want',
  'agree',
  'say',
  'plan',
]);

/** "I did it", "I managed that most days": the deed named by a general verb and a pronoun, so it is the task asked about. */
const refersToTask = (sentence: Sentence) =>
  /\b(?:i|we) (?:did|have done|had done|managed|tried|kept up with|kept up|kept|got through|finished|completed|stuck (?:to|with)) (?:it|that|them|those)\b/.test(
    sentence.text,
  );

const manyNamed = (sentence: Sentence) => /\b(?:them|they|those|these|both|all of|goals)\b/.test(sentence.text);

/** How far back a pointing verdict looks for the goal being talked about: the question and the answer before it. */
const RECENT_TURNS = 3;

/** A met goal stays met after a later session only mentions it; a revision or a setting aside still counts. */
function currentStatus(events: readonly { status: GoalStatus }[]): GoalStatus {
  let status: GoalStatus = events[0]!.status;
  for (const e of events.slice(1)) {
    if (status === 'met' && (e.status === 'worked_on' || e.status === 'progress')) continue;
    status = e.status;
  }
  return status;
}

/**
 * The client's goals across their sessions, in order of first statement.
 *
 * @example
 * trackGoals(sessions.map(readPlanSession))[0];
 * // { id: 'goal-1', text: 'Sleep through most nights', measurable: 'most nights', status: 'met',
 * //   history: [{ session: '2026-09-01', status: 'introduced', turnIds: ['t0035', …] }, …], evidence: [{ session: '2026-09-01', turnId: 't0035' }, …] }
 */
export function trackGoals(sessions: readonly PlanSession[]): PlanGoal[] {
  const goals: Tracked[] = [];
  for (const s of sessions) {
    const before = [...goals];
    for (const statement of goalStatementsIn(s)) {
      const match = bestMatch(goals, statement);
      if (match) {
        restated(match, statement, s);
        continue;
      }
      if (!statement.introduces || (statement.continues && before.length > 0)) continue;
      goals.push({
        text: statement.quote,
        wordsOf: statement.wordsOf,
        forms: [statement.lemmas],
        measurable: statement.measurable,
        measurableFrom: statement.measurable === null ? null : s.session,
        measurableTurns: statement.measurable === null ? [] : [...statement.turnIds],
        targetDate: statement.timeFrame,
        targetFrom: s.session,
        events: [
          {
            session: s.session,
            date: s.date,
            status: 'introduced',
            turnIds: [...statement.turnIds],
            quote: statement.quote,
            support: { introduced: [...statement.turnIds] },
            quoteByClient: statement.wordsOf === 'client',
          },
        ],
        topic: statementTopic(statement),
      });
    }
    mentions(s, before);
  }
  return goals.map((g, i) => {
    const history = g.events.map(({ support: _support, quoteByClient: _byClient, ...e }) => ({ ...e, turnIds: sortTurns(e.turnIds) }));
    const evidence: PlanCitation[] = history.flatMap((e) => e.turnIds.map((turnId) => ({ session: e.session, turnId })));
    return {
      id: `goal-${i + 1}`,
      text: g.text,
      wordsOf: g.wordsOf,
      measurable: g.measurable,
      measurableEvidence: g.measurableFrom === null ? [] : g.measurableTurns.map((turnId) => ({ session: g.measurableFrom!, turnId })),
      targetDate: g.targetDate,
      status: currentStatus(history),
      history,
      evidence,
    };
  });
}

const sortTurns = (ids: readonly string[]) => [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

/**
 * Goal Agreement per session, with the alliance dimensions' own trend rule (lambdas/core/alliance/series.ts:
 * the latest score against the median of the earlier ones, beyond max(5 points, their robust spread)): the
 * series is read by `analyzeSeries` with Goal Agreement in the overall score's place, so the rule has one source.
 */
export function goalAgreementSeries(sessions: readonly PlanSession[]): GoalAgreementSeries {
  const scoreOf = (s: PlanSession) => (s.alliance.goalAgreement && !s.alliance.goalAgreement.abstained ? s.alliance.goalAgreement.score : null);
  const trend = analyzeSeries(
    sessions.map((s) => ({
      sessionId: s.session,
      date: s.date,
      metrics: s.metrics,
      alliance: { ...s.alliance, overall: { score: scoreOf(s), abstained: scoreOf(s) === null } },
    })),
  ).overall;
  return {
    points: sessions.map((s) => ({ session: s.session, date: s.date, score: scoreOf(s) })),
    direction: trend.direction,
    baseline: trend.baseline,
    latest: trend.latest,
  };
}
