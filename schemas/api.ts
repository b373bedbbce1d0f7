/**
 * The partner API's request and response bodies. The route table (schemas/routes.ts) names these for
 * each operation, the handler validates with them, and the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { AllianceSchema, ChallengeFlagSchema, DimensionScoreSchema, EvidenceSchema, RuptureMarkerSchema } from './alliance.js';
import { SessionMetricsSchema } from './metrics.js';
import { NoteFormatSchema, NoteSectionSchema, NoteSentenceSchema, NoteSignatureSchema, NoteVersionSchema, ProgressNoteSchema } from './note.js';
import { ProvenanceSchema } from './provenance.js';
import { RiskDenialSchema, RiskFindingSchema, RiskReportSchema, RiskSummarySchema } from './risk.js';
import { AllianceSeriesSchema, SessionDateSchema } from './series.js';
import { ScopeSchema } from './scopes.js';
import { FailureSchema, IdSchema, SessionStatusSchema } from './session-record.js';
import { TranscriptFormatSchema, TranscriptPageSchema } from './transcript.js';

export const RoleSchema = z.enum(['clinician', 'supervisor', 'admin']).meta({
  description: 'clinician: their own clients; supervisor: scores and trends of every client of the tenant, no note text; admin: everything in the tenant',
});
export type Role = z.infer<typeof RoleSchema>;

/** RFC 9457 problem details, with the fields that failed validation. */
export const ProblemSchema = z
  .object({
    type: z.url().meta({ description: 'A stable URI per kind of problem: branch on it, not on the text' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'What was wrong and what to do. Never holds session content.' }),
    instance: z.string().optional().meta({ description: 'The request id, for support' }),
    errors: z
      .array(z.object({ pointer: z.string().meta({ description: 'JSON pointer into the request, e.g. /consent/obtainedAt' }), detail: z.string() }))
      .optional(),
  })
  .meta({ id: 'Problem' });

const IsoDateTime = z.iso.datetime({ offset: true });
const PastDateOrDateTime = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(value) && !Number.isNaN(Date.parse(value)), 'give a date (2026-03-14) or an ISO 8601 date-time')
  .refine((value) => Date.parse(value) <= Date.now() + 24 * 3600 * 1000, 'consent cannot be obtained in the future');

export const ConsentSchema = z
  .object({
    obtained: z.literal(true, "consent.obtained must be true: record the client's consent before the session is processed"),
    method: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'one short word such as written, verbal or electronic'),
    obtainedAt: PastDateOrDateTime,
  })
  .meta({ id: 'Consent', description: "The client's consent to recording and processing, attested by the caller" });

/** The audio types an upload may declare, and the file extension each is stored under. */
export const MEDIA_TYPES = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
} as const;
export type MediaType = keyof typeof MEDIA_TYPES;

export const TRANSCRIPT_FORMATS = { text: 'txt', vtt: 'vtt', srt: 'srt', 'transcribe-json': 'json' } as const;

/** Lambda's synchronous payload limit is 6 MB; a request body is most of it. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** What a caller is told when the body is over MAX_REQUEST_BYTES (by the handler, or before it by the gateway). */
export const REQUEST_TOO_LARGE = `the request body is over ${MAX_REQUEST_BYTES / 1024 / 1024} MB; send a recording with media (an upload URL) instead of inline`;

/** Inline transcripts travel in the request body: API Gateway and Lambda cap it near 6 MB. */
export const MAX_INLINE_TRANSCRIPT_BYTES = 5 * 1024 * 1024;

export const CreateSessionRequestSchema = z
  .object({
    clientId: IdSchema.meta({ description: 'Your id for the client (no names): 1-64 letters, digits, "-" or "_"' }),
    sessionDate: SessionDateSchema,
    consent: ConsentSchema,
    media: z
      .object({
        contentType: z
          .string()
          .min(1)
          .meta({ description: `One of ${Object.keys(MEDIA_TYPES).join(', ')}` }),
        bytes: z.number().int().positive().meta({ description: 'The size of the recording you will PUT' }),
        channels: z
          .union([z.literal(1), z.literal(2)])
          .optional()
          .meta({ description: '2 for a stereo recording with one speaker per channel' }),
      })
      .optional()
      .meta({ description: 'A recording you will upload to the returned URL' }),
    transcript: z
      .object({
        format: TranscriptFormatSchema,
        content: z.string().min(1, 'the transcript is empty'),
      })
      .optional()
      .meta({ description: 'A transcript, for a session that was not recorded' }),
  })
  .superRefine((body, ctx) => {
    if ((body.media === undefined) === (body.transcript === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['media'], message: 'give exactly one of media (a recording to upload) or transcript (the text)' });
    }
  })
  .meta({ id: 'CreateSessionRequest' });
export type CreateSessionRequest = z.infer<typeof CreateSessionRequestSchema>;

export const UploadInstructionsSchema = z
  .object({
    url: z.url(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).meta({ description: 'Send exactly these headers with the PUT' }),
    expiresAt: IsoDateTime,
    maxBytes: z.number().int(),
  })
  .meta({ id: 'UploadInstructions' });

export const CreateSessionResponseSchema = z
  .object({
    sessionId: IdSchema,
    clientId: IdSchema,
    status: SessionStatusSchema,
    upload: UploadInstructionsSchema.optional(),
  })
  .meta({ id: 'CreateSessionResponse' });

/**
 * A session's risk as a supervisor sees it: the summary, the episodes (categories, levels, turn ids,
 * assessment) and each finding and denial without its quote. Parsing a RiskReport with it drops the text.
 */
export const RiskWithoutQuotesSchema = RiskReportSchema.extend({
  findings: z.array(RiskFindingSchema.omit({ quote: true })),
  denials: z.array(RiskDenialSchema.omit({ quote: true })),
}).meta({ id: 'RiskWithoutQuotes', description: "The risk report without the client's words: what a supervisor sees" });

const EvidenceWithoutQuoteSchema = EvidenceSchema.omit({ quote: true });
const DimensionWithoutQuotesSchema = DimensionScoreSchema.extend({ evidence: z.array(EvidenceWithoutQuoteSchema) });

/** The alliance with every quote dropped (evidence and rupture markers keep their turn ids): what a supervisor sees. */
export const AllianceWithoutQuotesSchema = AllianceSchema.extend({
  goalAgreement: DimensionWithoutQuotesSchema.optional(),
  dimensions: z.object({
    therapeuticFramework: DimensionWithoutQuotesSchema,
    sessionManagement: DimensionWithoutQuotesSchema,
    therapeuticRelationship: DimensionWithoutQuotesSchema,
    therapeuticProcess: DimensionWithoutQuotesSchema,
    collaborativeProgress: DimensionWithoutQuotesSchema,
  }),
  flags: z.array(ChallengeFlagSchema.extend({ evidence: z.array(EvidenceWithoutQuoteSchema) })),
  ruptureMarkers: z.array(RuptureMarkerSchema.omit({ quote: true })),
}).meta({ id: 'AllianceWithoutQuotes', description: "The alliance without the transcript's words: what a supervisor sees" });

export const SessionViewSchema = z
  .object({
    tenantId: IdSchema,
    clientId: IdSchema,
    sessionId: IdSchema,
    status: SessionStatusSchema,
    sessionDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    failure: FailureSchema.optional(),
    timings: z.record(z.string(), z.number()),
    metrics: SessionMetricsSchema.optional(),
    alliance: z.union([AllianceSchema, AllianceWithoutQuotesSchema]).optional().meta({ description: 'Without quotes for supervisors' }),
    risk: z
      .union([RiskReportSchema, RiskWithoutQuotesSchema])
      .optional()
      .meta({ description: "Risk the detector found: in full, with the client's words, for clinicians and admins; without any quote for supervisors" }),
    note: ProgressNoteSchema.optional().meta({ description: 'The current version; absent for supervisors' }),
    noteVersion: z.number().int().optional(),
    noteSignature: NoteSignatureSchema.optional(),
    provenance: ProvenanceSchema.optional(),
    transcript: TranscriptPageSchema.meta({ id: 'TranscriptPage', description: 'A page of the transcript’s turns; follow `page.next` for the rest' })
      .optional()
      .meta({ description: 'With ?include=transcript (its clinician and admins): a page of turns' }),
  })
  .meta({ id: 'Session' });

export const SessionSummarySchema = z
  .object({
    sessionId: IdSchema,
    clientId: IdSchema,
    status: SessionStatusSchema,
    sessionDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    overall: z.number().nullable(),
    dimensions: z.record(z.string(), z.number().nullable()).nullable(),
    noteSigned: z.boolean(),
    risk: RiskSummarySchema.nullable().meta({ description: 'Levels and categories only; null until the session was checked for risk' }),
    awaitingReview: z.boolean().meta({ description: 'In the review queue: completed, its risk or note requires review, and its note is not signed' }),
    failure: FailureSchema.optional(),
  })
  .meta({ id: 'SessionSummary' });

export const SessionPageSchema = z
  .object({
    items: z.array(SessionSummarySchema),
    cursor: z.string().optional().meta({ description: 'Pass as ?cursor= for the next page; absent on the last page' }),
  })
  .meta({ id: 'SessionPage' });

/** A client's risk at a glance: text-free, for every role that may list the client. */
export const ClientRiskSchema = z
  .object({
    awaitingReview: z.number().int().nonnegative().meta({ description: 'Sessions of the client in the review queue' }),
    latest: z
      .object({ sessionId: IdSchema, sessionDate: z.string().nullable(), summary: RiskSummarySchema })
      .nullable()
      .meta({ description: 'The newest completed session checked for risk, and its summary; null when there is none' }),
  })
  .meta({ id: 'ClientRisk' });

export const ClientSchema = z.object({ clientId: IdSchema, clinicianId: z.string(), createdAt: IsoDateTime, risk: ClientRiskSchema }).meta({ id: 'Client' });
export const AssignClinicianRequestSchema = z
  .object({
    clinicianId: z
      .string()
      .min(1)
      .max(256)
      .meta({ description: "The clinician's user id (their token's `sub`), as `clinicianId` shows it in the client listing" }),
  })
  .meta({ id: 'AssignClinicianRequest' });
export type AssignClinicianRequest = z.infer<typeof AssignClinicianRequestSchema>;
export const ClientAssignmentSchema = z
  .object({
    clientId: IdSchema,
    clinicianId: z.string(),
    createdAt: IsoDateTime,
    previousClinicianId: z.string().nullable().meta({ description: 'Who held the client before this assignment (null: nobody)' }),
  })
  .meta({ id: 'ClientAssignment' });
export const ClientPageSchema = z.object({ items: z.array(ClientSchema), cursor: z.string().optional() }).meta({ id: 'ClientPage' });

export const ClientAllianceSchema = z
  .object({
    clientId: IdSchema,
    scoredSessions: z.number().int(),
    series: AllianceSeriesSchema.nullable().meta({ description: 'Null until a session has been scored' }),
  })
  .meta({ id: 'ClientAlliance' });

export const ReviewQueueItemSchema = z
  .object({
    sessionId: IdSchema,
    clientId: IdSchema,
    status: SessionStatusSchema,
    sessionDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    risk: RiskSummarySchema.nullable().meta({ description: 'Null when only the note asks for review' }),
    note: z
      .object({ status: ProgressNoteSchema.shape.status, version: z.number().int().positive(), reviewRequired: z.boolean() })
      .nullable()
      .meta({ description: 'The current, unsigned note; null when the session has none' }),
  })
  .meta({ id: 'ReviewQueueItem' });

export const ReviewQueuePageSchema = z
  .object({
    items: z
      .array(ReviewQueueItemSchema)
      .meta({ description: 'Highest risk level first (high, moderate, low, then note-only), newest session first within a level' }),
    cursor: z.string().optional().meta({ description: 'Pass as ?cursor= for the next page; absent on the last page. A page may be short while more follow' }),
  })
  .meta({ id: 'ReviewQueuePage' });

export const NoteQuerySchema = z.object({
  format: z
    .enum([...NoteFormatSchema.options, 'fhir'])
    .optional()
    .meta({ description: 'Default: the stored format' }),
  version: z.coerce.number().int().positive().optional().meta({ description: 'An earlier signed version' }),
});

export const NoteResponseSchema = NoteVersionSchema.extend({
  sessionId: IdSchema,
  regenerated: z
    .boolean()
    .meta({ description: 'True when the note was rewritten in another format by the local engine from the stored transcript; it is unsigned' }),
}).meta({ id: 'Note' });

export const EditNoteRequestSchema = z
  .object({
    baseVersion: z.number().int().positive().meta({ description: 'The version you edited: a stale one is 409' }),
    sections: z.array(NoteSectionSchema).min(1),
    homework: z.array(NoteSentenceSchema).optional(),
    planForNextSession: z.array(NoteSentenceSchema).optional(),
  })
  .meta({ id: 'EditNoteRequest' });

export const SignNoteRequestSchema = z
  .object({
    version: z.number().int().positive().meta({ description: 'The version you reviewed and sign: a stale one is 409' }),
    attestation: z.string().max(500).optional(),
    acknowledgeRisk: z.boolean().optional().meta({ description: 'Required (true) when the note has risk statements: you reviewed them' }),
  })
  .meta({ id: 'SignNoteRequest' });

export const DeletionReceiptSchema = z
  .object({
    receiptId: z.string(),
    tenantId: IdSchema,
    scope: z.enum(['session', 'client']),
    clientId: IdSchema,
    sessionIds: z.array(IdSchema),
    requestedBy: z.string(),
    deletedAt: IsoDateTime,
    removed: z.object({
      sessionRecords: z.number().int(),
      clientRecords: z.number().int(),
      artifacts: z.array(z.object({ kind: z.string(), key: z.string(), versions: z.number().int() })),
      uploadVersions: z.number().int(),
      idempotencyRecords: z.number().int(),
      planRecords: z
        .number()
        .int()
        .optional()
        .meta({ description: "A client's erasure: the treatment plan's current version and every stored version removed" }),
      measureRecords: z.number().int().optional().meta({ description: "A client's erasure: the measures entered for the client removed" }),
    }),
    sha256: z.string().meta({ description: 'SHA-256 of the receipt without this field, for your records' }),
  })
  .meta({ id: 'DeletionReceipt' });
export type DeletionReceipt = z.infer<typeof DeletionReceiptSchema>;

export const WebhookEventTypeSchema = z.enum(['session.completed', 'session.failed']);

export const CreateWebhookRequestSchema = z
  .object({
    url: z.url().meta({ description: 'https:// (http:// only to localhost in the local runtime)' }),
    secret: z.string().min(32, 'the secret must be at least 32 characters').max(256),
    events: z.array(WebhookEventTypeSchema).min(1).optional(),
  })
  .meta({ id: 'CreateWebhookRequest' });

export const WebhookSchema = z
  .object({ webhookId: z.string(), url: z.url(), events: z.array(WebhookEventTypeSchema), createdAt: IsoDateTime, createdBy: z.string() })
  .meta({ id: 'Webhook' });
export const WebhookListSchema = z.object({ items: z.array(WebhookSchema) }).meta({ id: 'WebhookList' });

export const AuditEntrySchema = z
  .object({
    tenantId: IdSchema,
    at: IsoDateTime,
    actor: z.string().meta({ description: 'The user (their sub), `partner:<name>` for a partner, or the retention process' }),
    roles: z.array(RoleSchema).meta({ description: "The user's roles; empty for a partner" }),
    /** The partner that called (client credentials), by its configured name. */
    partner: z.string().optional().meta({ description: 'The partner that called, by its configured name (docs/partners.md)' }),
    scopes: z.array(ScopeSchema).optional().meta({ description: "The partner's scopes on the call" }),
    action: z.string(),
    method: z.string(),
    route: z.string(),
    status: z.number().int(),
    clientId: IdSchema.optional(),
    sessionId: IdSchema.optional(),
    webhookId: z.string().optional(),
    /** The deletion receipt an erasure answered. */
    receiptId: z.string().optional(),
    /** Path parameters whose value was not an id: named in place of the value, which is the caller's text. */
    invalidPathParameters: z.array(z.enum(['id', 'clientId', 'webhookId'])).optional(),
    requestId: z.string(),
    sourceIp: z.string().optional(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = z.object({ items: z.array(AuditEntrySchema), cursor: z.string().optional() }).meta({ id: 'AuditPage' });

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(1024).optional(),
});

export const ReviewQueueQuerySchema = PageQuerySchema.extend({
  reviewRequired: z
    .literal('true', 'GET /sessions lists the review queue: pass reviewRequired=true')
    .meta({ description: 'Required: the sessions whose risk or note requires review and whose note is not signed' }),
});

export { NoteFormatSchema, NoteSignatureSchema, NoteVersionSchema };
