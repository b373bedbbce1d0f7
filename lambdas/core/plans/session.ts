/**
 * One client's session as the plan reads it: what the per-session engines already produced (the alliance
 * scores, rupture markers, the risk report) and what the note engine's extractors find in it (homework,
 * interventions, presenting concerns, measures said aloud), read once. Pure.
 */
import type { Alliance } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { RiskReport } from '../../../schemas/risk.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { extractConcerns, type Concern } from '../notes/extract/concerns.js';
import { extractHomework, type HomeworkReview, type HomeworkTask } from '../notes/extract/homework.js';
import { readSession, type ExtractInput } from '../notes/extract/input.js';
import { extractInterventions, type Intervention } from '../notes/extract/interventions.js';
import { extractMeasures, type MeasureMention } from '../notes/extract/measures.js';
import { clientsMeasures } from '../measures/said.js';
import { reviewsOfLastTasks, tasksSetBefore } from './homework.js';

/** A session as the plan takes it: an analysed transcript (what `attune analyze` and the stored analysis hold) with its id and date. */
export interface PlanSessionInput {
  session: string;
  /** YYYY-MM-DD. */
  date: string;
  transcript: Transcript;
  alliance: Alliance;
  metrics: SessionMetrics;
  risk: RiskReport;
}

export interface PlanSession extends PlanSessionInput {
  input: ExtractInput;
  homework: { assigned: HomeworkTask[]; reviewed: HomeworkReview[] };
  interventions: Intervention[];
  concerns: Concern[];
  /** The scores said in the session that are the client's (lambdas/core/measures/said.ts). */
  measures: MeasureMention[];
  /**
   * Client turns inside a risk disclosure and its assessment: they describe the risk and the safety plan
   * ("not sleeping two nights in a row" as a warning sign), not the client's goals or concerns.
   */
  riskTurns: ReadonlySet<string>;
}

function riskTurnsOf(input: ExtractInput, risk: RiskReport): Set<string> {
  const out = new Set<string>();
  const index = new Map(input.turns.map((t) => [t.id, t.index]));
  for (const episode of risk.episodes) {
    const ids = [...episode.turnIds, ...episode.assessment.asked.flatMap((q) => [q.turnId, q.answerTurnId ?? q.turnId])];
    const at = ids.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    if (at.length === 0) continue;
    for (let i = Math.min(...at); i <= Math.max(...at) + 1 && i < input.turns.length; i++) {
      const turn = input.turns[i]!;
      if (turn.role === 'client') out.add(turn.id);
    }
  }
  return out;
}

export function readPlanSession(session: PlanSessionInput): PlanSession {
  const input = readSession(session.transcript);
  const riskTurns = riskTurnsOf(input, session.risk);
  const found = extractHomework(input);
  // A task the client turned down was proposed, not set: the note records the proposal, the plan does not carry it.
  const homework = { ...found, assigned: found.assigned.filter((t) => t.uptake !== 'declined') };
  return {
    ...session,
    input,
    homework,
    interventions: extractInterventions(input),
    concerns: extractConcerns(input, { skipTurns: riskTurns }),
    measures: clientsMeasures(input, extractMeasures(input)),
    riskTurns,
  };
}

/**
 * One client's sessions, already in date order, each read as above; then each session's questions about the
 * tasks set in the session before are read as reviews of them (plans/homework.ts).
 */
export function readPlanSessions(sessions: readonly PlanSessionInput[]): PlanSession[] {
  const read = sessions.map(readPlanSession);
  read.forEach((s, i) => {
    s.homework.reviewed.push(...reviewsOfLastTasks(s, read[i - 1], s.homework.reviewed));
    s.homework.reviewed.push(...tasksSetBefore(s, read[i - 1]));
  });
  return read;
}
