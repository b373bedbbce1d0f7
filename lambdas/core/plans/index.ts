/**
 * The work of therapy across one client's sessions (docs/plans.md): goals and where they stand, the
 * Goal Agreement trend, measures as series with clinically meaningful change, a treatment plan draft and the
 * pre-session brief, every item cited. Deterministic and pure: the same sessions always give the same plan.
 */
import { ClientPlanSchema, type ClientPlan, type EnteredMeasure, type MeasurePoint } from '../../../schemas/plan.js';
import { SessionDateSchema } from '../../../schemas/series.js';
import { InvalidInputError } from '../errors.js';
import { buildMeasureSeries } from '../measures/series.js';
import { writeBrief } from './brief.js';
import { goalAgreementSeries, trackGoals } from './goals.js';
import { draftTreatmentPlan } from './plan.js';
import { readPlanSessions, type PlanSessionInput } from './session.js';

export type { PlanSessionInput } from './session.js';

/**
 * One client's plan from their analysed sessions (any order; read in date order) and any scores entered
 * outside the sessions (already validated: lambdas/core/measures/entered.ts).
 *
 * @example
 * const plan = buildClientPlan(files.map((f) => ({ session: f.id, date: f.date, transcript, ...analyzeTranscript(transcript) })));
 * plan.goals.map((g) => [g.text, g.status]); // [['Sleep through most nights', 'met'], …]
 */
export function buildClientPlan(input: readonly PlanSessionInput[], entered: readonly EnteredMeasure[] = []): ClientPlan {
  if (input.length === 0) throw new InvalidInputError('a plan needs at least one session', 'no_sessions');
  const ids = new Set<string>();
  for (const s of input) {
    if (!SessionDateSchema.safeParse(s.date).success)
      throw new InvalidInputError('a session date is not a date: give it as YYYY-MM-DD', 'invalid_session_date');
    if (ids.has(s.session)) throw new InvalidInputError('a session is given twice: give each session once', 'duplicate_session');
    ids.add(s.session);
  }
  const ordered = input
    .map((s, order) => ({ s, order }))
    .sort((a, b) => (a.s.date === b.s.date ? a.order - b.order : a.s.date < b.s.date ? -1 : 1))
    .map(({ s }) => s);
  const sessions = readPlanSessions(ordered);
  const goals = trackGoals(sessions);
  const measureSeries = buildMeasureSeries(
    sessions.map((s) => ({ session: s.session, date: s.date, mentions: s.measures })),
    entered,
  );
  const measures: MeasurePoint[] = measureSeries
    .flatMap((m) => m.points)
    .sort((a, b) => (a.date === b.date ? (a.turnId ?? '').localeCompare(b.turnId ?? '') : a.date < b.date ? -1 : 1));
  const goalAgreement = goalAgreementSeries(sessions);
  return ClientPlanSchema.parse({
    sessions: sessions.map((s) => ({ session: s.session, date: s.date })),
    goals,
    plan: draftTreatmentPlan(sessions, goals),
    measures,
    measureSeries,
    goalAgreement,
    brief: writeBrief(sessions, goals, measureSeries, goalAgreement),
  });
}
