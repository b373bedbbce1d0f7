/**
 * A client's treatment plan, measures and pre-session brief (issue 16, docs/plans.md "Over the API"): the
 * plan read (the latest stored version, else the draft computed from the client's completed sessions),
 * edited as a new version and signed like a note; scores entered outside sessions; the brief. What is read,
 * checked and written is the use cases' (lambdas/use-cases/plan-*.ts, measures-enter.ts); here are the
 * caller's access, the supervisor's projection (statuses, scores and citations, never text) and the problem
 * each refusal is.
 */
import type { z } from 'zod';
import { planToFhirBundle, validateR4 } from '../../core/fhir/index.js';
import { InvalidMeasureError } from '../../core/measures/index.js';
import { enterMeasure } from '../../use-cases/measures-enter.js';
import { editPlan, InvalidPlanEditError } from '../../use-cases/plan-edit.js';
import { clientSessionRecords, MAX_PLAN_SESSIONS, readClientPlan, type ClientPlanRead, type PlanReadDeps } from '../../use-cases/plan-read.js';
import { signPlan } from '../../use-cases/plan-sign.js';
import type { ClientKey } from '../../ports/client-plans.js';
import type {
  ClientPlanView,
  EditPlanRequest,
  PlanVersion,
  SignPlanRequest,
  SupervisorBriefSchema,
  SupervisorMeasuresSchema,
  SupervisorPlanViewSchema,
} from '../../../schemas/plan.js';
import { json, type Access, type ApiDeps, type Operation, type OperationSet, type RequestContext } from '../context.js';
import { hasRole } from '../principal.js';
import { Problem } from '../problem.js';
import { withoutKeys, type Without } from '../projection.js';
import { CLIENT_IDENTIFIER_SYSTEM, FHIR_CONTENT_TYPE, USER_IDENTIFIER_SYSTEM } from './notes.js';

/**
 * The fields that hold words (the client's, the therapist's or the clinician's): goal text, quotes,
 * measurable forms and target dates as said, plan item text, intervention labels, what a rating was of, a
 * signature's attestation, brief lines. A supervisor's view has none of them, at any depth.
 */
const TEXT_KEYS = ['text', 'quote', 'measurable', 'targetDate', 'label', 'modality', 'ratingOf', 'attestation'] as const;
export type WithoutText<T> = Without<T, (typeof TEXT_KEYS)[number]>;

/** The one projection from what a clinician reads of a plan, its measures or its brief to what a supervisor reads. */
export const withoutText: <T>(value: T) => WithoutText<T> = withoutKeys(TEXT_KEYS);

// The projection's type is what the OpenAPI document promises supervisors: a drift fails the build.
export type SupervisorPlanView = WithoutText<ClientPlanView>;
const _planViewMatches: (view: SupervisorPlanView) => z.input<typeof SupervisorPlanViewSchema> = (view) => view;
void _planViewMatches;

const notFound = (detail: string) => new Problem('not-found', detail);
const truncatedWarning = (read: Pick<ClientPlanRead, 'truncated'>) =>
  read.truncated ? { warning: `199 - "only the newest ${MAX_PLAN_SESSIONS} sessions are included"` } : ({} as Record<string, string>);

/** The view of the plan for those who may read its content. */
function planView(clientId: string, read: ClientPlanRead): ClientPlanView {
  const { computed, stored } = read;
  if (!computed && !stored) {
    throw notFound('the client has no plan yet: no completed session and no stored version; a plan is drafted from completed sessions');
  }
  return {
    clientId,
    sessions: computed?.sessions ?? [],
    version: stored
      ? {
          source: 'stored',
          version: stored.version,
          signed: stored.signature !== undefined,
          editedBy: stored.editedBy,
          editedAt: stored.editedAt,
          ...(stored.signature ? { signature: stored.signature } : {}),
        }
      : { source: 'computed', version: 0, signed: false },
    goals: computed?.goals ?? [],
    plan: stored?.plan ?? computed!.plan,
    measures: computed?.measures ?? read.measureSeries.flatMap((series) => series.points).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    measureSeries: read.measureSeries,
    goalAgreement: computed?.goalAgreement ?? null,
  };
}

/** The plan as a FHIR R4 Bundle (CarePlan, Goals, Observations): `active` once its version is signed, else `draft`. */
function planBundle(clientId: string, view: ClientPlanView) {
  const signature = view.version.signed ? view.version.signature : undefined;
  const bundle = planToFhirBundle(view, {
    clientId,
    clientIdSystem: CLIENT_IDENTIFIER_SYSTEM,
    ...(signature
      ? {
          status: 'active' as const,
          signedBy: { type: 'Practitioner', display: `${USER_IDENTIFIER_SYSTEM}:${signature.signedBy}` },
          signedAt: signature.signedAt,
        }
      : {}),
  });
  const problems = validateR4(bundle);
  // Our export is wrong, not the caller's request: a 500 whose message names no plan content.
  if (problems.length > 0) throw new Error(`the FHIR bundle of a client's plan failed R4 validation (${problems.length} problems)`);
  return bundle;
}

/** The use cases' refusals that carry fields become problems that point at them; others the handler maps as they are. */
function refusingAsProblems(operation: Operation): Operation {
  return async (ctx) => {
    try {
      return await operation(ctx);
    } catch (error) {
      if (error instanceof InvalidPlanEditError) throw new Problem('invalid-request', error.message, { errors: error.fields });
      if (error instanceof InvalidMeasureError) {
        const pointer = error.field === 'body' ? '/' : `/${error.field}`;
        throw new Problem('invalid-request', `the measure is not valid: ${error.message}`, { errors: [{ pointer, detail: error.message }] });
      }
      throw error;
    }
  };
}

export function createPlanOperations(
  deps: ApiDeps,
  access: Access,
): OperationSet<'getClientPlan' | 'editClientPlan' | 'signClientPlan' | 'listClientMeasures' | 'enterClientMeasure' | 'getClientBrief'> {
  const reading: PlanReadDeps = {
    sessions: deps.sessions,
    plans: deps.plans,
    objects: deps.objects,
    artifactsBucket: deps.config.artifactsBucket,
    now: deps.now,
  };

  /**
   * The client, when the caller may see it, and whether they may read its text: admins and the client's
   * clinician; a supervisor reads the projection. A client with no clinician and no session does not exist.
   */
  async function reach(
    ctx: Pick<RequestContext, 'principal' | 'params' | 'touched'>,
    options: { write?: boolean } = {},
  ): Promise<{ key: ClientKey; content: boolean }> {
    const { principal } = ctx;
    const clientId = ctx.params.clientId!;
    const assignment = await access.client(principal, clientId);
    ctx.touched.clientId = clientId;
    const missing = notFound('no client with this id exists, or it is not one of yours');
    if (!assignment) {
      const any = await deps.sessions.listByClient(principal.tenantId, clientId, { limit: 1 });
      if (any.items.length === 0) throw missing;
    }
    const content = hasRole(principal, 'admin') || (hasRole(principal, 'clinician') && assignment?.clinicianId === principal.userId);
    // A supervisor who is not the client's clinician reads the projection, and writes nothing.
    if (!content && options.write) throw missing;
    return { key: { tenantId: principal.tenantId, clientId }, content };
  }

  return {
    async getClientPlan(ctx: RequestContext) {
      const { key, content } = await reach(ctx);
      const read = await readClientPlan(reading, key);
      const view = planView(key.clientId, read);
      if ((ctx.query as { format?: 'fhir' }).format === 'fhir') {
        // A FHIR bundle is the chart's copy for the EHR: goal and plan text, so never a supervisor's projection.
        if (!content) throw new Problem('forbidden', "a FHIR bundle carries the plan's text; supervisors read the plan without text (leave out format)");
        return json(200, planBundle(key.clientId, view), { 'content-type': FHIR_CONTENT_TYPE, ...truncatedWarning(read) });
      }
      return json(200, content ? view : withoutText(view), truncatedWarning(read));
    },

    editClientPlan: refusingAsProblems(async (ctx: RequestContext<unknown, EditPlanRequest>) => {
      const { key } = await reach(ctx, { write: true });
      const { records } = await clientSessionRecords(reading, key);
      const edited: PlanVersion = await editPlan(
        { plans: deps.plans, objects: deps.objects, artifactsBucket: deps.config.artifactsBucket, now: deps.now },
        key,
        records,
        ctx.body,
        ctx.principal.userId,
      );
      return json(200, edited, { etag: `"v${edited.version}"` });
    }),

    async signClientPlan(ctx: RequestContext<unknown, SignPlanRequest>) {
      const { key } = await reach(ctx, { write: true });
      const signed = await signPlan({ plans: deps.plans, now: deps.now }, key, ctx.body, ctx.principal.userId);
      // Ids, the version and the seal only: the answer is kept for the Idempotency-Key (schemas/plan.ts SignedPlanSchema).
      const { attestation: _attestation, ...seal } = signed.signature;
      return json(200, { clientId: key.clientId, version: signed.version, signature: seal }, { etag: `"v${signed.version}"` });
    },

    async listClientMeasures(ctx: RequestContext) {
      const { key, content } = await reach(ctx);
      const read = await readClientPlan(reading, key);
      const view = { clientId: key.clientId, series: read.measureSeries, entered: read.entered };
      const supervisor: z.input<typeof SupervisorMeasuresSchema> | null = content ? null : withoutText(view);
      return json(200, supervisor ?? view, truncatedWarning(read));
    },

    enterClientMeasure: refusingAsProblems(async (ctx: RequestContext) => {
      const { key } = await reach(ctx, { write: true });
      const stored = await enterMeasure({ plans: deps.plans, now: deps.now, newId: deps.newId }, key, ctx.body, ctx.principal.userId);
      return json(201, { clientId: key.clientId, measureId: stored.measureId, enteredAt: stored.enteredAt });
    }),

    async getClientBrief(ctx: RequestContext) {
      const { key, content } = await reach(ctx);
      const read = await readClientPlan(reading, key);
      if (!read.computed) throw notFound('the client has no brief yet: a brief is written from completed sessions');
      const view = { clientId: key.clientId, brief: read.computed.brief };
      const supervisor: z.input<typeof SupervisorBriefSchema> | null = content ? null : withoutText(view);
      return json(200, supervisor ?? view, truncatedWarning(read));
    },
  };
}
