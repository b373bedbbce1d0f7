/**
 * The partner API's routes: one table that the handler dispatches on (lambdas/api/handler.ts), API
 * Gateway's resources are built from (lib/constructs/api.ts), the local server matches paths with
 * (local/http/http-api.ts), and the OpenAPI document is generated from (lambdas/api/openapi.ts). A route
 * missing here exists nowhere; a route here without an operation does not compile.
 */
import { z } from 'zod';
import {
  AssignClinicianRequestSchema,
  AuditPageSchema,
  ClientAllianceSchema,
  ClientAssignmentSchema,
  ClientPageSchema,
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  CreateWebhookRequestSchema,
  DeletionReceiptSchema,
  EditNoteRequestSchema,
  NoteQuerySchema,
  NoteResponseSchema,
  NoteVersionSchema,
  PageQuerySchema,
  ReviewQueuePageSchema,
  ReviewQueueQuerySchema,
  SessionPageSchema,
  SessionViewSchema,
  SignNoteRequestSchema,
  WebhookListSchema,
  WebhookSchema,
  RoleSchema,
  type Role,
} from './api.js';
import {
  ClientBriefSchema,
  ClientMeasuresSchema,
  ClientPlanViewSchema,
  EditPlanRequestSchema,
  EnteredMeasureReceiptSchema,
  EnterMeasureRequestSchema,
  PlanQuerySchema,
  PlanVersionSchema,
  SignedPlanSchema,
  SignPlanRequestSchema,
  SupervisorBriefSchema,
  SupervisorMeasuresSchema,
  SupervisorPlanViewSchema,
} from './plan.js';
import { SupervisionReportSchema } from './supervision.js';
import { TRANSCRIPT_PAGE_CHARACTERS, TRANSCRIPT_PAGE_MAX_TURNS, TRANSCRIPT_PAGE_TURNS } from './transcript.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteResponse {
  description: string;
  /** JSON body schema; absent for an empty body. */
  schema?: z.ZodType;
  /** @default 'application/json' */
  contentType?: string;
}

export interface RouteSpec<Id extends string = string> {
  operationId: Id;
  method: HttpMethod;
  /** API Gateway's resource template, e.g. `/sessions/{id}`: every `{param}` is an IdSchema id. */
  path: string;
  summary: string;
  description?: string;
  tag: 'Sessions' | 'Notes' | 'Supervision' | 'Clients' | 'Plans' | 'Erasure' | 'Webhooks' | 'Audit' | 'Meta';
  /** 'public' needs no token; otherwise the roles that may call it (others get 403). */
  auth: 'public' | readonly Role[];
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success responses by status (errors are the shared problem responses). */
  responses: Record<number, RouteResponse>;
  /** An `Idempotency-Key` header makes a retried request answer what the first one did. */
  idempotent?: boolean;
  /** The audit action recorded for every call (reads and writes of session data); absent: not audited. */
  audit?: string;
}

/** GET /sessions/{id}'s query: the transcript comes a page of turns at a time (schemas/transcript.ts says why). */
export const GetSessionQuerySchema = z.object({
  include: z.literal('transcript').optional(),
  turnsFrom: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .meta({ description: 'With include=transcript: the index of the page’s first turn (0 is the first turn, t0001)' }),
  turnsLimit: z.coerce
    .number()
    .int()
    .min(1)
    .max(TRANSCRIPT_PAGE_MAX_TURNS)
    .default(TRANSCRIPT_PAGE_TURNS)
    .meta({ description: `With include=transcript: at most this many turns; a page ends sooner once its turns hold ${TRANSCRIPT_PAGE_CHARACTERS} characters` }),
});

const ALL: readonly Role[] = RoleSchema.options;
const CARE: readonly Role[] = ['clinician', 'admin'];

export const ROUTES = [
  {
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tag: 'Meta',
    auth: 'public',
    responses: { 200: { description: 'The OpenAPI document' } },
  },
  {
    operationId: 'createSession',
    method: 'POST',
    path: '/sessions',
    summary: 'Create a session: get an upload URL for a recording, or send a transcript',
    description:
      'With `media`, answers 201 with a presigned, KMS-encrypted PUT: upload the recording there with exactly the headers given, and processing starts. ' +
      'With `transcript`, answers 202 and processing starts at once. A clinician may add sessions to their own clients, and creates a client by sending the first session of a new client id: ' +
      'they become its clinician. A client that exists (it has sessions or a clinician) and is not theirs is 403, whoever holds it: an admin assigns it (PUT /clients/{clientId}/clinician).',
    tag: 'Sessions',
    auth: CARE,
    body: CreateSessionRequestSchema,
    responses: {
      201: { description: 'Created: upload the recording to `upload.url`', schema: CreateSessionResponseSchema },
      202: { description: 'Accepted: the transcript is being processed', schema: CreateSessionResponseSchema },
    },
    idempotent: true,
    audit: 'session.create',
  },
  {
    operationId: 'listReviewQueue',
    method: 'GET',
    path: '/sessions',
    summary: 'The review queue: completed sessions whose risk or note requires review and whose note is not signed',
    description:
      'Highest risk level first (high, moderate, low, then sessions only their note flags), newest session first within a level. ' +
      "A clinician sees their own clients' sessions, a supervisor and an admin the whole tenant's. Every item is text-free: ids, date, status, the risk summary and the note's status.",
    tag: 'Sessions',
    auth: ALL,
    query: ReviewQueueQuerySchema,
    responses: { 200: { description: 'A page of the review queue', schema: ReviewQueuePageSchema } },
    audit: 'session.review-queue.read',
  },
  {
    operationId: 'getSession',
    method: 'GET',
    path: '/sessions/{id}',
    summary: 'One session: status, timings, note, alliance, provenance',
    tag: 'Sessions',
    auth: ALL,
    description:
      "With `?include=transcript` the session's clinician and admins also get the transcript, a page of turns at a time (`turnsFrom`, `turnsLimit`); " +
      '`transcript.page.next` is the path of the next page, absent on the last. A supervisor gets scores, flags, turn ids and risk levels, never quotes, the note or the transcript (403).',
    query: GetSessionQuerySchema,
    responses: { 200: { description: 'The session', schema: SessionViewSchema } },
    audit: 'session.read',
  },
  {
    operationId: 'deleteSession',
    method: 'DELETE',
    path: '/sessions/{id}',
    summary: 'Erase a session and every trace of it; answers a deletion receipt',
    tag: 'Erasure',
    auth: CARE,
    responses: { 200: { description: 'Erased: what was removed', schema: DeletionReceiptSchema } },
    audit: 'session.erase',
  },
  {
    operationId: 'getNote',
    method: 'GET',
    path: '/sessions/{id}/note',
    summary: "The session's progress note, in a format or as FHIR R4",
    tag: 'Notes',
    auth: CARE,
    query: NoteQuerySchema,
    responses: {
      200: { description: 'The note (format=fhir: a FHIR R4 DocumentReference, application/fhir+json)', schema: NoteResponseSchema },
    },
    audit: 'note.read',
  },
  {
    operationId: 'editNote',
    method: 'PUT',
    path: '/sessions/{id}/note',
    summary: 'Edit the note: a new version; a signed version is kept unchanged',
    tag: 'Notes',
    auth: ['clinician'],
    body: EditNoteRequestSchema,
    responses: { 200: { description: 'The new current version', schema: NoteVersionSchema } },
    audit: 'note.edit',
  },
  {
    operationId: 'signNote',
    method: 'POST',
    path: '/sessions/{id}/note/sign',
    summary: 'Sign the note: it becomes final; later edits are new versions',
    tag: 'Notes',
    auth: ['clinician'],
    body: SignNoteRequestSchema,
    responses: { 200: { description: 'The signed version', schema: NoteVersionSchema } },
    idempotent: true,
    audit: 'note.sign',
  },
  {
    operationId: 'getSupervision',
    method: 'GET',
    path: '/sessions/{id}/supervision',
    summary: "The session's supervision report: the therapist's work, moment by moment (never part of the note or its exports)",
    description:
      'Safety first (disclosures whose assessment left items unasked), then the relationship (ruptures, whether repaired, the next response), then technique (MITI counts against their thresholds), with strengths; ' +
      "each moment cites turn ids and offers one alternative response. No text of the session. For the session's clinician and supervisors only. " +
      'A session processed before supervision reports existed answers 404.',
    tag: 'Supervision',
    auth: ['clinician', 'supervisor'],
    responses: { 200: { description: 'The supervision report', schema: SupervisionReportSchema } },
    audit: 'supervision.read',
  },
  {
    operationId: 'listClients',
    method: 'GET',
    path: '/clients',
    summary: 'The clients the caller may see (a clinician: their own)',
    tag: 'Clients',
    auth: ALL,
    query: PageQuerySchema,
    responses: { 200: { description: 'A page of clients', schema: ClientPageSchema } },
    audit: 'client.list',
  },
  {
    operationId: 'listClientSessions',
    method: 'GET',
    path: '/clients/{clientId}/sessions',
    summary: "A client's sessions, newest first, paginated",
    tag: 'Clients',
    auth: ALL,
    query: PageQuerySchema,
    responses: { 200: { description: 'A page of session summaries', schema: SessionPageSchema } },
    audit: 'client.sessions.read',
  },
  {
    operationId: 'getClientAlliance',
    method: 'GET',
    path: '/clients/{clientId}/alliance',
    summary: "The alliance across a client's sessions: trends, rupture alerts, cross-session flags",
    tag: 'Clients',
    auth: ALL,
    responses: { 200: { description: "The client's alliance series", schema: ClientAllianceSchema } },
    audit: 'client.alliance.read',
  },
  {
    operationId: 'assignClinician',
    method: 'PUT',
    path: '/clients/{clientId}/clinician',
    summary: "Assign a client to a clinician: they alone of the clinicians see the client's sessions and add new ones",
    description:
      'The way a client with no clinician (its sessions came from an admin or a direct upload) gets one, and a client moves to another clinician. ' +
      'The client must exist (404 otherwise): a new client is created by its clinician with its first session. Calling it again with the same clinician changes nothing.',
    tag: 'Clients',
    auth: ['admin'],
    body: AssignClinicianRequestSchema,
    responses: { 200: { description: 'The assignment that now holds', schema: ClientAssignmentSchema } },
    audit: 'client.assign',
  },
  {
    operationId: 'getClientPlan',
    method: 'GET',
    path: '/clients/{clientId}/plan',
    summary: "The client's treatment plan: goals with statuses, the plan, measures and Goal Agreement, every item cited",
    description:
      "The latest stored version (edited or signed) when there is one, else the draft computed from the client's completed sessions and entered measures (`version.source: computed`, version 0). " +
      'Goals, measures and Goal Agreement are always read from the sessions. A supervisor gets statuses, scores and citations, never text. A client with neither a completed session nor a stored plan is 404.',
    tag: 'Plans',
    auth: ALL,
    query: PlanQuerySchema,
    responses: {
      200: {
        description:
          'The plan (without text for supervisors); format=fhir: a FHIR R4 Bundle of a CarePlan, its Goals and the measures as Observations (PHQ-9 LOINC 44261-6, GAD-7 70274-6), application/fhir+json',
        schema: z.union([ClientPlanViewSchema, SupervisorPlanViewSchema]),
      },
    },
    audit: 'plan.read',
  },
  {
    operationId: 'editClientPlan',
    method: 'PUT',
    path: '/clients/{clientId}/plan',
    summary: 'Edit the plan: a new version; a signed version is kept unchanged',
    description:
      'Send the whole plan and the version you edited as `baseVersion` (0 for the computed draft): a stale one is 409. Every item cites completed sessions and turns of the client ' +
      '(a finding), cites nothing (a gap), or is your own (`kind: clinician_entered`; goals and interventions `enteredBy: clinician`). Over 350 KB is 413.',
    tag: 'Plans',
    auth: ['clinician'],
    body: EditPlanRequestSchema,
    responses: { 200: { description: 'The new current version', schema: PlanVersionSchema } },
    audit: 'plan.edit',
  },
  {
    operationId: 'signClientPlan',
    method: 'POST',
    path: '/clients/{clientId}/plan/sign',
    summary: 'Sign the plan: the version becomes final; later edits are new versions',
    description:
      'Signs a stored version (store the computed draft first with PUT, baseVersion 0). Records the signer, the time and the SHA-256 of the plan’s canonical JSON.',
    tag: 'Plans',
    auth: ['clinician'],
    body: SignPlanRequestSchema,
    responses: { 200: { description: 'The signature', schema: SignedPlanSchema } },
    idempotent: true,
    audit: 'plan.sign',
  },
  {
    operationId: 'listClientMeasures',
    method: 'GET',
    path: '/clients/{clientId}/measures',
    summary: "The client's measures: one series per instrument (said in session and entered), with severity bands and clinically meaningful change",
    tag: 'Plans',
    auth: ALL,
    responses: { 200: { description: 'The series and the entered scores', schema: z.union([ClientMeasuresSchema, SupervisorMeasuresSchema]) } },
    audit: 'measures.read',
  },
  {
    operationId: 'enterClientMeasure',
    method: 'POST',
    path: '/clients/{clientId}/measures',
    summary: 'Enter a score taken outside a session (PHQ-9, GAD-7, ORS, SRS, SUDS, a rating…)',
    description:
      'An unknown instrument, a value outside the instrument’s range, a date after today or an unknown source is 400 naming the field (`/instrument`, `/value`, `/date`, `/source`).',
    tag: 'Plans',
    auth: CARE,
    body: EnterMeasureRequestSchema,
    responses: { 201: { description: 'Stored', schema: EnteredMeasureReceiptSchema } },
    idempotent: true,
    audit: 'measures.enter',
  },
  {
    operationId: 'getClientBrief',
    method: 'GET',
    path: '/clients/{clientId}/brief',
    summary: 'The pre-session brief: risk follow-ups, homework, goals, measures, alliance and ruptures, each line cited',
    tag: 'Plans',
    auth: ALL,
    responses: { 200: { description: 'The brief (topics and citations only for supervisors)', schema: z.union([ClientBriefSchema, SupervisorBriefSchema]) } },
    audit: 'brief.read',
  },
  {
    operationId: 'deleteClient',
    method: 'DELETE',
    path: '/clients/{clientId}',
    summary: 'Erase a client: every session and every trace; answers a deletion receipt',
    tag: 'Erasure',
    auth: CARE,
    responses: { 200: { description: 'Erased: what was removed', schema: DeletionReceiptSchema } },
    audit: 'client.erase',
  },
  {
    operationId: 'createWebhook',
    method: 'POST',
    path: '/webhooks',
    summary: 'Receive completed and failed events at a URL, signed with HMAC-SHA256',
    tag: 'Webhooks',
    auth: ['admin'],
    body: CreateWebhookRequestSchema,
    responses: { 201: { description: 'Registered (the secret is never shown again)', schema: WebhookSchema } },
    idempotent: true,
    audit: 'webhook.create',
  },
  {
    operationId: 'listWebhooks',
    method: 'GET',
    path: '/webhooks',
    summary: "The tenant's webhooks",
    tag: 'Webhooks',
    auth: ['admin'],
    responses: { 200: { description: 'The webhooks (without secrets)', schema: WebhookListSchema } },
  },
  {
    operationId: 'deleteWebhook',
    method: 'DELETE',
    path: '/webhooks/{webhookId}',
    summary: 'Stop sending events to a webhook',
    tag: 'Webhooks',
    auth: ['admin'],
    responses: { 204: { description: 'Removed' } },
    audit: 'webhook.delete',
  },
  {
    operationId: 'listAudit',
    method: 'GET',
    path: '/audit',
    summary: "The tenant's audit trail: who read or wrote which session data, when (never content)",
    tag: 'Audit',
    auth: ['admin'],
    query: PageQuerySchema.extend({
      from: z.iso.date().optional().meta({ description: 'First day (UTC), default 30 days ago' }),
      to: z.iso.date().optional().meta({ description: 'Last day (UTC), default today' }),
    }),
    responses: { 200: { description: 'Audit entries, newest first', schema: AuditPageSchema } },
  },
] as const satisfies readonly RouteSpec[];

/** Every operation the API has: the keys the handler's operation map must cover. */
export type OperationId = (typeof ROUTES)[number]['operationId'];
/** A route of the table: its operation id is one of OperationId. */
export type Route = RouteSpec<OperationId>;

/** The path parameters of a template, in order: `/sessions/{id}/note` → ['id']. */
export function pathParams(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}
