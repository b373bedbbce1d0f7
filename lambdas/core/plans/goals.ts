/**
 * Goals across one client's sessions: each goal stated or revisited (goal-statements.ts), matched across
 * sessions by the content words it is said in (words.ts, SAME_GOAL_OVERLAP), with where it stands after
 * every session that showed it and the turns that show it. Nothing is inferred from silence: a goal not
 * mentioned in a session has no event there, and "dropped" is only what someone said.
 *
 * Also the Goal Agreement sub-score (the alliance's, WAI-SR goal and task) per session as a trend. Pure.
 */
import type { Sentence } from '../language/index.js';
import type { GoalAgreementSeries, GoalStatus, PlanCitation, PlanGoal } from '../../../schemas/plan.js';
import { analyzeSeries } from '../alliance/series.js';
import type { ReadTurn } from '../notes/extract/input.js';
import { goalStatementsIn, type GoalStatement } from './goal-statements.js';
import type { PlanSession } from './session.js';
import { SAME_GOAL_OVERLAP, overlap, pointsBack, saysImproved, saysReached, saysSetAside, sentenceLemmas, shareOf } from './words.js';

/** Which status a session's event keeps when it shows several: the one furthest along, a setting aside first. */
const WEIGHT: Record<GoalStatus, number> = { introduced: 0, worked_on: 1, progress: 2, revised: 3, met: 4, dropped: 5 };

interface Event {
  session: string;
  date: string;
  status: GoalStatus;
  turnIds: string[];
  quote: string;
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
  events: Event[];
}

/** Share of a goal's words a sentence holds: a sentence is about the goal when it holds at least half of one of its forms. */
function coverage(goal: Tracked, lemmas: ReadonlySet<string>): number {
  return Math.max(0, ...goal.forms.map((form) => shareOf(form, lemmas)));
}

function record(goal: Tracked, s: PlanSession, status: GoalStatus, turnIds: readonly string[], quote: string): void {
  let event = goal.events.find((e) => e.session === s.session);
  if (!event) {
    event = { session: s.session, date: s.date, status, turnIds: [], quote };
    goal.events.push(event);
  } else if (WEIGHT[status] > WEIGHT[event.status] && event.status !== 'introduced') {
    event.status = status;
    event.quote = quote;
  }
  for (const id of turnIds) if (!event.turnIds.includes(id)) event.turnIds.push(id);
}

/** Where a client's sentence about a goal puts it. */
function statusOfClient(sentence: Sentence): GoalStatus {
  if (saysSetAside(sentence)) return 'dropped';
  if (saysReached(sentence)) return 'met';
  return saysImproved(sentence) ? 'progress' : 'worked_on';
}

const normalised = (measure: string) =>
  measure
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function restated(goal: Tracked, statement: GoalStatement, s: PlanSession): void {
  let status = statusOfClient(statement.sentence);
  // A new measurable form for a goal that had one is a revision ("three days a week" becomes "two").
  if (statement.measurable !== null && (goal.measurable === null || normalised(statement.measurable) !== normalised(goal.measurable))) {
    if (goal.measurable !== null && goal.measurableFrom !== s.session && WEIGHT[status] < WEIGHT.revised) status = 'revised';
    goal.measurable = statement.measurable;
    goal.measurableFrom = s.session;
    goal.measurableTurns = [...statement.turnIds];
  }
  goal.targetDate ??= statement.timeFrame;
  goal.forms.push(statement.lemmas);
  record(goal, s, status, statement.turnIds, statement.quote);
}

function bestMatch(goals: readonly Tracked[], lemmas: ReadonlySet<string>): Tracked | undefined {
  let best: { goal: Tracked; score: number } | undefined;
  for (const goal of goals) {
    const score = Math.max(...goal.forms.map((f) => overlap(f, lemmas)));
    if (score >= SAME_GOAL_OVERLAP && (!best || score > best.score)) best = { goal, score };
  }
  return best?.goal;
}

/**
 * What a sentence is about: its own content words, and for the first sentences of a client's answer also
 * what the therapist asked ("Better, but not gone." after "And Mondays?" is about Mondays).
 */
function topicOf(s: PlanSession, turn: ReadTurn, sentence: Sentence): ReadonlySet<string> {
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

/** Every sentence of the session about a goal that already stood: worked on, progress, met or set aside. */
function mentions(s: PlanSession, goals: readonly Tracked[]): void {
  for (const turn of s.input.turns) {
    if (s.riskTurns.has(turn.id) || (turn.role !== 'client' && turn.role !== 'therapist')) continue;
    turn.sentences.forEach((sentence, i) => {
      // An answer's topic carries only to its first sentences; later ones say their own.
      const lemmas = i < 2 ? topicOf(s, turn, sentence) : sentenceLemmas(sentence);
      let matched = false;
      for (const goal of goals) {
        if (coverage(goal, lemmas) < SAME_GOAL_OVERLAP) continue;
        matched = true;
        const status = turn.role === 'client' ? statusOfClient(sentence) : 'worked_on';
        record(goal, s, status, [turn.id], sentence.original.trim());
      }
      // "I'd rather drop that one.", "That one's done.": a verdict pointing back to what the turn (or the
      // question it answers) is about, taken only when that is exactly one goal.
      if (matched || turn.role !== 'client' || !pointsBack(sentence)) return;
      const status = statusOfClient(sentence);
      if (status !== 'met' && status !== 'dropped') return;
      const about = goals.filter((g) => coverage(g, turnTopic(s, turn)) >= SAME_GOAL_OVERLAP);
      if (about.length === 1) record(about[0]!, s, status, [turn.id], sentence.original.trim());
    });
  }
  // Homework toward a goal reviewed as done or partly done is a step toward it.
  for (const review of s.homework.reviewed) {
    if (review.completion !== 'done' && review.completion !== 'partly') continue;
    const turn = s.input.turns.find((t) => t.id === review.turnIds[0]);
    const sentence = turn?.sentences.find((x) => x.original.includes(review.quote) || review.quote.includes(x.original.trim()));
    if (!sentence) continue;
    const lemmas = sentenceLemmas(sentence);
    for (const goal of goals) if (coverage(goal, lemmas) >= SAME_GOAL_OVERLAP) record(goal, s, 'progress', review.turnIds, review.clientQuote ?? review.quote);
  }
}

/** A met goal stays met after a later session only mentions it; a revision or a setting aside still counts. */
function currentStatus(events: readonly Event[]): GoalStatus {
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
      const match = bestMatch(goals, statement.lemmas);
      if (match) {
        restated(match, statement, s);
        continue;
      }
      if (!statement.introduces) continue;
      goals.push({
        text: statement.quote,
        wordsOf: statement.wordsOf,
        forms: [statement.lemmas],
        measurable: statement.measurable,
        measurableFrom: statement.measurable === null ? null : s.session,
        measurableTurns: statement.measurable === null ? [] : [...statement.turnIds],
        targetDate: statement.timeFrame,
        events: [{ session: s.session, date: s.date, status: 'introduced', turnIds: [...statement.turnIds], quote: statement.quote }],
      });
    }
    mentions(s, before);
  }
  return goals.map((g, i) => {
    const history = g.events.map((e) => ({ ...e, turnIds: sortTurns(e.turnIds) }));
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
