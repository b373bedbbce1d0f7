/**
 * Scores one client's plan (buildClientPlan) and the homework the plan reads against the client's annotation
 * (bench/plans-data.ts). What is counted, and why:
 *
 * - goals: a plan goal is matched to the annotated goal whose turns hold its first statement (several goals
 *   said in one turn are told apart by their words); precision over plan goals (a second goal matched to one
 *   annotated goal is a split, not a match), recall over annotated goals;
 * - status per session: for every annotated (goal, session), the plan's event for that goal in that session
 *   (a missed goal or a missing event is wrong);
 * - measures: instrument + value + session exactly; an annotated optional measure is neither missed nor
 *   counted against precision;
 * - homework: set and reviewed, matched by turn (the annotated turn or the one beside it: a question and its
 *   answer);
 * - false facts: a plan goal no annotation holds (an invented goal), a status the annotation forbids or a
 *   goal called met where the client did not say so, a score not said as the client's (someone else's, a
 *   day's peak, a misread), homework nobody set or reviewed;
 * - unsupported citations: a cited turn without the words that support the item (a goal's or its event's
 *   content words, a score's value, the homework's words).
 */
import type { PlanSession } from '../lambdas/core/plans/session.js';
import type { ClientPlan, PlanGoal } from '../schemas/plan.js';
import type { Transcript } from '../schemas/transcript.js';
import type { PlanAnnotation } from './plans-data.js';

export interface PlanScore {
  goals: { predicted: number; matchedPredicted: number; expected: number; found: number };
  status: { total: number; correct: number };
  /** Status per session for the annotated goals the plan found: how well statuses are read, apart from goals missed. */
  statusFound: { total: number; correct: number };
  /** Per status the plan gave to a matched goal in an annotated session: how often, and how often the annotation agrees. */
  byStatus: Record<string, { predicted: number; correct: number }>;
  measures: { predicted: number; correct: number; expected: number; found: number };
  homework: { predicted: number; correct: number; expected: number; found: number };
  falseFacts: number;
  citations: { total: number; unsupported: number };
  /** One line each: what went wrong, where. */
  notes: string[];
}

const STOP = new Set(
  'that this with what from have were been they them their there about would could should your into just like really maybe also then than when which will want some more most less much very even back again still goal goals week weeks'.split(
    ' ',
  ),
);

/** Content words, cut to five letters so "climbing" and "climb" meet (a bench's check, not the engine's). */
function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length >= 4 && !STOP.has(w)).map((w) => w.slice(0, 5)));
}
const shares = (a: Set<string>, b: Set<string>) => [...a].some((w) => b.has(w));

const ONES = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
/** The ways a whole number up to a hundred is written: "44", "forty-four", "forty four". */
function spellings(n: number): string[] {
  const out = [String(n)];
  if (n < 20) out.push(ONES[n]!);
  else if (n < 100) {
    const tens = TENS[Math.floor(n / 10) - 2]!;
    out.push(n % 10 === 0 ? tens : `${tens}-${ONES[n % 10]}`, n % 10 === 0 ? tens : `${tens} ${ONES[n % 10]}`);
  } else if (n === 100) out.push('hundred');
  return out;
}
const holdsNumber = (text: string, n: number) => spellings(n).some((s) => new RegExp(`(?:^|[^a-z0-9])${s}(?:s)?(?:[^a-z0-9]|$)`, 'i').test(text));

const turnText = (t: Transcript | undefined, id: string) => t?.turns.find((x) => x.id === id)?.text ?? '';
const near = (t: Transcript | undefined, id: string) => {
  const i = t?.turns.findIndex((x) => x.id === id) ?? -1;
  return new Set([id, t?.turns[i - 1]?.id, t?.turns[i + 1]?.id].filter((x): x is string => x !== undefined));
};

export function scorePlan(
  annotation: PlanAnnotation,
  plan: ClientPlan,
  sessions: readonly PlanSession[],
  transcripts: ReadonlyMap<string, Transcript>,
): PlanScore {
  const notes: string[] = [];
  const score: PlanScore = {
    goals: { predicted: plan.goals.length, matchedPredicted: 0, expected: annotation.goals.length, found: 0 },
    status: { total: 0, correct: 0 },
    statusFound: { total: 0, correct: 0 },
    byStatus: {},
    measures: { predicted: 0, correct: 0, expected: 0, found: 0 },
    homework: { predicted: 0, correct: 0, expected: annotation.homework.length, found: 0 },
    falseFacts: 0,
    citations: { total: 0, unsupported: 0 },
    notes,
  };
  const falseFact = (what: string) => {
    score.falseFacts++;
    notes.push(`false fact: ${what}`);
  };

  // ── Goals ──
  const matchOf = new Map<PlanGoal, PlanAnnotation['goals'][number]>();
  const taken = new Set<string>();
  for (const goal of plan.goals) {
    const first = goal.history[0]!;
    const candidates = annotation.goals.filter((a) => a.events.some((e) => e.session === first.session && first.turnIds.includes(e.turnId!)));
    const mine = words(`${goal.text} ${first.quote}`);
    const best =
      candidates.find((a) => shares(mine, words(`${a.text} ${a.events.map((e) => e.words).join(' ')}`))) ??
      (candidates.length === 1 ? candidates[0] : undefined);
    if (!best) {
      const declined = annotation.mustNot.goals.find((n) => n.session === first.session && first.turnIds.includes(n.turnId!));
      falseFact(`goal "${goal.text}" (${first.session} ${first.turnIds.join(' ')})${declined ? `: ${declined.why}` : ': no annotated goal'}`);
      continue;
    }
    if (taken.has(best.id)) {
      notes.push(`split: goal "${goal.text}" is a second goal for "${best.id}"`);
      continue;
    }
    taken.add(best.id);
    matchOf.set(goal, best);
    score.goals.matchedPredicted++;
  }
  score.goals.found = taken.size;
  for (const a of annotation.goals) if (!taken.has(a.id)) notes.push(`missed goal: "${a.id}" (${a.events[0]!.session} ${a.events[0]!.turnId})`);
  const planGoalOf = new Map([...matchOf].map(([g, a]) => [a.id, g]));
  for (const a of annotation.goals) {
    const goal = planGoalOf.get(a.id);
    for (const e of a.events) {
      score.status.total++;
      const got = goal?.history.find((h) => h.session === e.session)?.status ?? 'none';
      if (goal) score.statusFound.total++;
      if (goal && got === e.status) score.statusFound.correct++;
      if (got === e.status) score.status.correct++;
      else if (goal) notes.push(`status: "${a.id}" ${e.session}: ${got}, annotated ${e.status}`);
    }
    if (!goal) continue;
    for (const h of goal.history) {
      // Precision per status: every status the plan gave in a session the annotation speaks of (none there is a miss, counted above).
      const annotated = a.events.find((e) => e.session === h.session);
      const tally = score.byStatus[h.status] ?? { predicted: 0, correct: 0 };
      score.byStatus[h.status] = tally;
      tally.predicted++;
      if (annotated?.status === h.status) tally.correct++;
      if (a.neverStatus?.includes(h.status)) falseFact(`goal "${a.id}" ${h.session}: ${h.status}, never ${a.neverStatus.join('/')} in this client's sessions`);
      else if (h.status === 'met' && a.events.find((e) => e.session === h.session)?.status !== 'met')
        falseFact(`goal "${a.id}" ${h.session}: met, not said to be reached there`);
    }
  }
  // Citations of goals: each cited turn holds the goal's or the event's content words.
  for (const goal of plan.goals) {
    const goalWords = words(goal.text);
    for (const h of goal.history) {
      const eventWords = new Set([...goalWords, ...words(h.quote)]);
      for (const id of h.turnIds) {
        score.citations.total++;
        const text = turnText(transcripts.get(h.session), id);
        if (text.includes(h.quote) || shares(eventWords, words(text))) continue;
        score.citations.unsupported++;
        notes.push(`unsupported citation: goal "${goal.text}" ${h.session} ${id}`);
      }
    }
  }

  // ── Measures (said in session) ──
  const said = plan.measures.filter((m) => m.session !== undefined);
  const wanted = annotation.measures.filter((m) => !m.optional);
  score.measures.expected = wanted.length;
  const same = (m: (typeof said)[number], a: { instrument: string; value: number; session: string }) =>
    m.instrument === a.instrument && m.value === a.value && m.session === a.session;
  for (const m of said) {
    if (annotation.measures.some((a) => a.optional && same(m, a))) continue;
    score.measures.predicted++;
    if (wanted.some((a) => same(m, a))) score.measures.correct++;
    else {
      const trap = annotation.mustNot.measures.find((a) => same(m, a));
      falseFact(`measure ${m.instrument} ${m.value} (${m.session} ${m.turnId ?? ''})${trap ? `: ${trap.why}` : ': not said as the client’s score'}`);
    }
    if (m.turnId) {
      score.citations.total++;
      if (!holdsNumber(turnText(transcripts.get(m.session!), m.turnId), m.value)) {
        score.citations.unsupported++;
        notes.push(`unsupported citation: ${m.instrument} ${m.value} ${m.session} ${m.turnId}`);
      }
    }
  }
  for (const a of wanted) {
    if (said.some((m) => same(m, a))) score.measures.found++;
    else notes.push(`missed measure: ${a.instrument} ${a.value} ${a.session} ${a.turnId}`);
  }

  // ── Homework (what the plan reads from each session) ──
  for (const s of sessions) {
    const t = transcripts.get(s.session);
    const items = [
      ...s.homework.assigned.map((h) => ({ kind: 'assigned' as const, turnIds: h.turnIds, quote: h.quote })),
      ...s.homework.reviewed.map((h) => ({ kind: 'reviewed' as const, turnIds: h.turnIds, quote: h.quote })),
    ];
    const expected = annotation.homework.filter((h) => h.session === s.session);
    for (const item of items) {
      score.homework.predicted++;
      const hit = expected.some((e) => e.kind === item.kind && item.turnIds.some((id) => near(t, e.turnId!).has(id)));
      if (hit) score.homework.correct++;
      else falseFact(`homework ${item.kind} "${item.quote.slice(0, 60)}" (${s.session} ${item.turnIds.join(' ')})`);
      score.citations.total++;
      if (!item.turnIds.some((id) => turnText(t, id).includes(item.quote) || shares(words(item.quote), words(turnText(t, id))))) {
        score.citations.unsupported++;
        notes.push(`unsupported citation: homework "${item.quote.slice(0, 40)}" ${s.session}`);
      }
    }
    for (const e of expected) {
      if (items.some((item) => item.kind === e.kind && item.turnIds.some((id) => near(t, e.turnId!).has(id)))) score.homework.found++;
      else notes.push(`missed homework: ${e.kind} ${s.session} ${e.turnId} "${e.words}"`);
    }
  }
  return score;
}
