/**
 * Editing a client's treatment plan (`PUT /clients/{clientId}/plan`): the clinician's plan becomes the next
 * stored version, a draft. As with a note (edit-note.ts): the edit names the version it was made on (0 for
 * the draft computed from the sessions, when no version is stored), a stale one is refused, the write is
 * conditional on the version read, a signed version is never changed (the edit is the next version), and a
 * version too large for one database item is refused. Every item still cites sessions and turns of the
 * client (checked against the stored transcripts), or is marked as the clinician's own.
 */
import { MAX_NOTE_RECORD_BYTES } from '../../schemas/note.js';
import type { FieldError } from '../../schemas/problems.js';
import type { EditPlanRequest, PlanCitation, PlanVersion, StoredTreatmentPlan } from '../../schemas/plan.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { ConflictError, InvalidInputError, TooLargeError } from '../core/errors.js';
import type { ClientKey, ClientPlanStore } from '../ports/client-plans.js';
import type { ObjectStore } from '../ports/object-store.js';
import { readSessionTranscript } from './session-note.js';
import { jsonBytes, kilobytes } from './stored-record.js';

/** A plan version's item stays as far below DynamoDB's 400 KB item limit (room for its keys) as a note's record does. */
export const MAX_PLAN_RECORD_BYTES = MAX_NOTE_RECORD_BYTES;

export interface EditPlanDeps {
  plans: Pick<ClientPlanStore, 'current' | 'writeVersion'>;
  /** The artifacts bucket's store, where the sessions' transcripts are. */
  objects: Pick<ObjectStore, 'head' | 'read'>;
  artifactsBucket: string;
  now: () => Date;
}

/** An edit whose citations do not point at the client's sessions and turns: `fields` are JSON pointers into the request. */
export class InvalidPlanEditError extends InvalidInputError {
  constructor(
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message, 'invalid_plan_citation');
  }
}

/** An edit that would make the plan version larger than one database item may be (HTTP 413). */
export class PlanTooLargeError extends TooLargeError {}

/** Every citation of the plan with its JSON pointer into the request. */
function citations(plan: StoredTreatmentPlan): { pointer: string; citation: PlanCitation }[] {
  const out: { pointer: string; citation: PlanCitation }[] = [];
  const add = (items: readonly PlanCitation[], at: string): void => {
    for (const [i, citation] of items.entries()) out.push({ pointer: `${at}/${i}`, citation });
  };
  for (const [i, item] of plan.problems.entries()) add(item.evidence, `/plan/problems/${i}/evidence`);
  for (const [i, item] of plan.gaps.entries()) add(item.evidence, `/plan/gaps/${i}/evidence`);
  for (const [g, goal] of plan.goals.entries()) {
    add(goal.evidence, `/plan/goals/${g}/evidence`);
    for (const [i, item] of goal.objectives.entries()) add(item.evidence, `/plan/goals/${g}/objectives/${i}/evidence`);
  }
  for (const [i, item] of plan.interventions.entries()) add(item.evidence, `/plan/interventions/${i}/evidence`);
  return out;
}

/**
 * Each citation must name a completed session of this client and, when it gives a turn, a turn of that
 * session's transcript. Errors name the citation by its place, never by what it says (the caller's text).
 */
async function checkCitations(deps: EditPlanDeps, plan: StoredTreatmentPlan, records: readonly SessionRecord[]): Promise<void> {
  const completed = new Map(records.filter((r) => r.status === 'COMPLETED').map((r) => [r.sessionId, r]));
  const turnsOf = new Map<string, Set<string> | null>();
  const fields: FieldError[] = [];
  for (const { pointer, citation } of citations(plan)) {
    const record = completed.get(citation.session);
    if (!record) {
      fields.push({ pointer: `${pointer}/session`, detail: "not one of this client's completed sessions" });
      continue;
    }
    if (citation.turnId === undefined) continue;
    if (!turnsOf.has(record.sessionId)) {
      const transcript = await readSessionTranscript(deps.objects, deps.artifactsBucket, record);
      turnsOf.set(record.sessionId, transcript ? new Set(transcript.turns.map((t) => t.id)) : null);
    }
    // A transcript no longer stored cannot be checked against: the turn is taken as cited.
    const turns = turnsOf.get(record.sessionId);
    if (turns && !turns.has(citation.turnId)) fields.push({ pointer: `${pointer}/turnId`, detail: "not a turn of that session's transcript" });
  }
  if (fields.length === 0) return;
  const listed = fields.slice(0, 5).map((f) => f.pointer);
  throw new InvalidPlanEditError(
    `${fields.length} citation${fields.length === 1 ? '' : 's'} of the plan point at no session or turn of this client: ${listed.join(', ')}${fields.length > 5 ? ', …' : ''}; ` +
      "cite the client's completed sessions (GET /clients/{clientId}/sessions) and their turn ids, or mark your own items kind: clinician_entered (goals and interventions: enteredBy: clinician)",
    fields,
  );
}

/**
 * Stores the edit as the client's next plan version, by `editedBy`; answers it. Refused, with nothing
 * written: an edit of a version that is not the current one, or that another write overtook
 * ({@link ConflictError}); citations that name no session or turn of the client ({@link InvalidPlanEditError});
 * a version too large to store ({@link PlanTooLargeError}).
 */
export async function editPlan(
  deps: EditPlanDeps,
  key: ClientKey,
  records: readonly SessionRecord[],
  request: EditPlanRequest,
  editedBy: string,
): Promise<PlanVersion> {
  const current = await deps.plans.current(key);
  const at = current?.version ?? 0;
  if (request.baseVersion !== at) {
    throw new ConflictError(
      `you edited version ${request.baseVersion}, but the plan is at version ${at}: GET the plan, apply your changes to version ${at} and send baseVersion ${at}`,
      'stale_plan_version',
    );
  }
  await checkCitations(deps, request.plan, records);
  const next: PlanVersion = {
    clientId: key.clientId,
    version: at + 1,
    plan: { ...request.plan, status: 'draft' },
    editedBy,
    editedAt: deps.now().toISOString(),
  };
  const bytes = jsonBytes(next);
  if (bytes > MAX_PLAN_RECORD_BYTES) {
    throw new PlanTooLargeError(
      `the edited plan would take ${kilobytes(bytes)} KB, over the ${MAX_PLAN_RECORD_BYTES / 1024} KB a plan version may hold ` +
        "(DynamoDB's 400 KB item limit, less room for its keys); shorten the plan (fewer or shorter items) and send it again",
      'plan_too_large',
    );
  }
  const written = await deps.plans.writeVersion(key, next, { version: at, signed: current?.signature !== undefined });
  if (!written) {
    throw new ConflictError(
      `the plan changed while your edit was written (another edit or a signature came first): GET the plan and apply your changes to its current version`,
      'stale_plan_version',
    );
  }
  return next;
}
