/**
 * A client's plan as the API reads it (`GET /clients/{clientId}/plan`, `…/measures`, `…/brief`): the
 * client's completed sessions, each with its transcript and the analysis the workflow stored (never analysed
 * again when it can be read: session-analysis.ts), read together by the deterministic core
 * (lambdas/core/plans) with the scores entered through the API; and the latest stored plan version, which,
 * once there is one, is the plan (edited or signed) in place of the computed draft.
 */
import { sessionAnalysisKey } from '../../schemas/analysis.js';
import type { ClientPlan, EnteredMeasure, MeasureRecord, MeasureSeries, PlanVersion } from '../../schemas/plan.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { buildMeasureSeries } from '../core/measures/index.js';
import { buildClientPlan, type PlanSessionInput } from '../core/plans/index.js';
import type { ClientKey, ClientPlanStore } from '../ports/client-plans.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { readSessionAnalysis } from './session-analysis.js';
import { readSessionTranscript } from './session-note.js';

/** A plan reads at most this many of a client's sessions (newest first), as the alliance view does: years of weekly sessions. */
export const MAX_PLAN_SESSIONS = 1000;
const PAGE = 100;

export interface PlanReadDeps {
  sessions: Pick<SessionRepository, 'listByClient'>;
  plans: Pick<ClientPlanStore, 'current' | 'listMeasures'>;
  /** The artifacts bucket's store: transcripts and stored analyses. */
  objects: ObjectStore;
  artifactsBucket: string;
  now: () => Date;
}

/** The client's sessions (every page, newest first, at most MAX_PLAN_SESSIONS) and whether older ones were left out. */
export async function clientSessionRecords(deps: Pick<PlanReadDeps, 'sessions'>, key: ClientKey): Promise<{ records: SessionRecord[]; truncated: boolean }> {
  const records: SessionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.sessions.listByClient(key.tenantId, key.clientId, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    records.push(...page.items);
    cursor = page.cursor;
  } while (cursor && records.length < MAX_PLAN_SESSIONS);
  return { records, truncated: cursor !== undefined };
}

/** The completed sessions as the plan reads them; a session whose transcript is no longer stored is left out. */
export async function planSessions(deps: PlanReadDeps, records: readonly SessionRecord[]): Promise<PlanSessionInput[]> {
  const inputs: PlanSessionInput[] = [];
  for (const record of records) {
    if (record.status !== 'COMPLETED') continue;
    const transcript = await readSessionTranscript(deps.objects, deps.artifactsBucket, record);
    if (!transcript) continue;
    const { analysis } = await readSessionAnalysis(deps.objects, deps.artifactsBucket, sessionAnalysisKey(record), transcript, deps.now);
    inputs.push({
      session: record.sessionId,
      date: record.sessionDate ?? record.createdAt.slice(0, 10),
      transcript,
      alliance: analysis.alliance,
      metrics: analysis.metrics,
      risk: analysis.risk,
    });
  }
  return inputs;
}

/** An entered score as the core takes it: what was entered, without who entered it and when. */
export function enteredMeasure(record: MeasureRecord): EnteredMeasure {
  const { measureId: _id, enteredBy: _by, enteredAt: _at, ...entered } = record;
  return entered;
}

export interface ClientPlanRead {
  /** The plan computed from the completed sessions and entered scores; null when no session can be read. */
  computed: ClientPlan | null;
  /** The latest stored version; null when none was ever stored. */
  stored: PlanVersion | null;
  entered: MeasureRecord[];
  /** The measure series (said in session and entered), also when no session can be read. */
  measureSeries: MeasureSeries[];
  /** Older sessions were left out (over MAX_PLAN_SESSIONS). */
  truncated: boolean;
}

/** Everything the plan, measures and brief routes answer from, read once. */
export async function readClientPlan(deps: PlanReadDeps, key: ClientKey): Promise<ClientPlanRead> {
  const { records, truncated } = await clientSessionRecords(deps, key);
  const [inputs, stored, entered] = await Promise.all([planSessions(deps, records), deps.plans.current(key), deps.plans.listMeasures(key)]);
  const measures = entered.map(enteredMeasure);
  const computed = inputs.length > 0 ? buildClientPlan(inputs, measures) : null;
  return { computed, stored, entered, measureSeries: computed ? computed.measureSeries : buildMeasureSeries([], measures), truncated };
}
