/**
 * A treatment plan draft from one client's sessions: problems (the presenting concerns the client raised),
 * goals with their objectives (the measurable form said for each and the homework set toward it),
 * interventions used and planned (the note engine's intervention reader), target dates as said. Every item
 * cites sessions and turns; what no session held is a gap. A draft for the clinician to edit and sign. Pure.
 */
import type { PlanCitation, PlanGoal, PlanIntervention, PlanItem, TreatmentPlan } from '../../../schemas/plan.js';
import { SESSION_PLAN } from '../notes/extract/homework.js';
import type { Concern } from '../notes/extract/concerns.js';
import type { PlanSession } from './session.js';
import { SAME_GOAL_OVERLAP, sentenceLemmas, shareOf } from './words.js';

const gap = (text: string): PlanItem => ({ text, kind: 'gap', evidence: [] });

/**
 * A concern said as the client's own and ongoing: its sentence has a clause about the client (or with no
 * subject, as in "exhausted the next day") that is not past. "I was terrible, my arms were shaking" tells of
 * one afternoon; "she told me last month I was doing a good job under difficult circumstances" is someone
 * else's past words. Either is a mention, not evidence of a problem to treat.
 */
function saysOngoing(s: PlanSession, mention: Concern['mentions'][number]): boolean {
  const turn = s.input.turns.find((t) => t.id === mention.turnId);
  const quote = mention.quote ?? '';
  const sentence = turn?.sentences.find((x) => quote.length > 0 && (x.original.includes(quote) || quote.includes(x.original.trim())));
  if (!sentence) return false;
  // The clauses the concern's quote is made of, not the rest of its sentence ("Against: …").
  const quoted = quote.toLowerCase();
  const inQuote = sentence.clauses.filter((c) => c.tokens.some((t) => t.pos !== 'PUNCT' && t.word.length > 2 && quoted.includes(t.word)));
  return inQuote.some((c) => c.tense !== 'past' && (c.subject === 'speaker' || c.subject === 'none'));
}

/**
 * Presenting concerns across the sessions, in the order first raised, with the sessions that raised them. A
 * concern is a problem of the plan when the client raised it more than once, or once as their own and
 * ongoing (saysOngoing); a single passing mention stays in that session's note and is not a problem here.
 */
function problems(sessions: readonly PlanSession[]): PlanItem[] {
  const byKey = new Map<string, { label: string; sessions: string[]; improving: string | null; evidence: PlanCitation[] }>();
  const mentions = new Map<string, number>();
  const ongoing = new Set<string>();
  for (const s of sessions) {
    for (const concern of s.concerns) {
      mentions.set(concern.key, (mentions.get(concern.key) ?? 0) + concern.mentions.length);
      if (concern.mentions.some((m) => saysOngoing(s, m))) ongoing.add(concern.key);
    }
  }
  for (const s of sessions) {
    for (const concern of s.concerns) {
      if ((mentions.get(concern.key) ?? 0) < 2 && !ongoing.has(concern.key)) continue;
      const entry = byKey.get(concern.key) ?? { label: concern.label, sessions: [], improving: null, evidence: [] };
      byKey.set(concern.key, entry);
      if (!entry.sessions.includes(s.session)) entry.sessions.push(s.session);
      if (concern.mentions.some((m) => m.status === 'improving')) entry.improving = s.session;
      const first = concern.mentions[0];
      if (first) entry.evidence.push({ session: s.session, turnId: first.turnId });
    }
  }
  const items = [...byKey.values()].map((p): PlanItem => {
    const raised = p.sessions.length === 1 ? `raised ${p.sessions[0]}` : `raised in ${p.sessions.length} sessions, first ${p.sessions[0]}`;
    const improving = p.improving === null ? '' : `; reported improving ${p.improving}`;
    return { text: `${capitalise(p.label)}: ${raised}${improving}.`, kind: 'finding', evidence: p.evidence };
  });
  return items.length > 0 ? items : [gap('Problems: no presenting concern found in the sessions.')];
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The homework set across the sessions that is about this goal (at least half of one of its statements' content words). */
function objectivesOf(goal: PlanGoal, sessions: readonly PlanSession[]): PlanItem[] {
  const items: PlanItem[] = [];
  if (goal.measurable !== null) items.push({ text: `Measurable form, as said: "${goal.measurable}".`, kind: 'finding', evidence: goal.measurableEvidence });
  const statements = goalWords(goal, sessions);
  for (const s of sessions) {
    for (const task of s.homework.assigned) {
      // What was set, and the client's answer to it ("…and maybe go to the climbing gym one night").
      const said = [task.quote, task.responseQuote ?? ''].filter((q) => q.length > 0);
      const sentences = s.input.turns.filter((t) => task.turnIds.includes(t.id)).flatMap((t) => t.sentences);
      const words = new Set(
        sentences.filter((x) => said.some((q) => q.includes(x.original.trim()) || x.original.includes(q))).flatMap((x) => [...sentenceLemmas(x)]),
      );
      const about = statements.some((form) => shareOf(form, words) >= SAME_GOAL_OVERLAP);
      if (!about) continue;
      items.push({
        text: `Homework set ${s.session}: "${task.quote}" (${task.uptake}).`,
        kind: 'finding',
        evidence: task.turnIds.map((turnId) => ({ session: s.session, turnId })),
      });
    }
  }
  return items.length > 0 ? items : [gap('Objectives: no measurable step said in the sessions.')];
}

/** The content words of the sentences that stated the goal, one set per statement. */
function goalWords(goal: PlanGoal, sessions: readonly PlanSession[]): ReadonlySet<string>[] {
  return goal.history
    .filter((e) => e.status === 'introduced' || e.status === 'revised')
    .flatMap((e) => {
      const s = sessions.find((x) => x.session === e.session);
      const turn = s?.input.turns.find((t) => e.turnIds.includes(t.id) && t.sentences.some((x) => x.original.includes(e.quote)));
      return (turn?.sentences ?? []).filter((x) => x.original.includes(e.quote)).map(sentenceLemmas);
    });
}

/** Interventions across the sessions, by technique: `planned` when every sentence showing it is about a later session. */
function interventions(sessions: readonly PlanSession[]): PlanIntervention[] {
  const byId = new Map<string, PlanIntervention & { onlyPlanned: boolean }>();
  for (const s of sessions) {
    for (const i of s.interventions) {
      const entry = byId.get(i.id) ?? { label: i.label, modality: i.modality, state: 'used', sessions: [], evidence: [], onlyPlanned: true };
      byId.set(i.id, entry);
      if (!entry.sessions.includes(s.session)) entry.sessions.push(s.session);
      entry.evidence.push({ session: s.session, turnId: i.turnIds[0]! });
      const turn = s.input.turns.find((t) => t.id === i.turnIds[0]);
      const planned = turn?.sentences.some((x) => x.original.includes(i.quote.slice(0, 20)) && SESSION_PLAN.test(x.text)) ?? false;
      if (!planned) entry.onlyPlanned = false;
    }
  }
  return [...byId.values()].map(({ onlyPlanned, ...i }) => ({ ...i, state: onlyPlanned ? 'planned' : 'used' }));
}

/**
 * The treatment plan draft.
 *
 * @example
 * draftTreatmentPlan(sessions.map(readPlanSession), trackGoals(sessions)).goals[0];
 * // { goalId: 'goal-1', text: 'Sleep through most nights', targetDate: 'in, say, two months', objectives: [{ text: 'Measurable form, as said: "most nights".', … }], … }
 */
export function draftTreatmentPlan(sessions: readonly PlanSession[], goals: readonly PlanGoal[]): TreatmentPlan {
  const planGoals = goals.map((g) => ({
    goalId: g.id,
    text: g.text,
    targetDate: g.targetDate,
    objectives: objectivesOf(g, sessions),
    evidence: g.history[0]!.turnIds.map((turnId) => ({ session: g.history[0]!.session, turnId })),
  }));
  const used = interventions(sessions);
  const gaps: PlanItem[] = [];
  if (planGoals.length === 0) gaps.push(gap('Goals: none found in the sessions.'));
  if (used.length === 0) gaps.push(gap('Interventions: none identified in the sessions.'));
  if (planGoals.length > 0 && planGoals.every((g) => g.targetDate === null)) gaps.push(gap('Target dates: none said in the sessions.'));
  return { status: 'draft', problems: problems(sessions), goals: planGoals, interventions: used, gaps };
}
