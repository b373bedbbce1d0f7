import { z } from 'zod';
import { ProvenanceSchema } from './provenance.js';
import { RiskCategorySchema } from './risk.js';
import { FailureSchema, IdSchema } from './session-record.js';

/**
 * The payloads that travel between the workflow's states. They carry ids, keys and scores only: the
 * execution history of a state machine is readable by operators, so no transcript or note text may
 * ever pass through it. Content moves through the encrypted artifacts bucket instead.
 */

/** What ValidateUpload learns about an upload at `uploads/<tenant>/<client>/<session>.<ext>`. */
export const UploadSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  versionId: z.string().optional(),
  bytes: z.number().int().nonnegative(),
  tenantId: IdSchema,
  clientId: IdSchema,
  sessionId: IdSchema,
  extension: z.enum(['wav', 'flac', 'mp3', 'mp4', 'm4a', 'ogg', 'webm', 'vtt', 'srt', 'txt', 'json']),
  kind: z.enum(['audio', 'transcript']),
  /** Transcribe's MediaFormat for audio uploads. */
  mediaFormat: z.enum(['wav', 'flac', 'mp3', 'mp4', 'ogg', 'webm']).optional(),
  /** 2 for a stereo recording with one speaker per channel (transcribed with channel identification). */
  channels: z.number().int().min(1).max(2),
  sessionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  consent: z.object({ obtained: z.literal(true), method: z.string(), obtainedAt: z.string() }),
});
export type Upload = z.infer<typeof UploadSchema>;

/** ValidateUpload's answer: the Choice "IsUploadValid?" reads `valid`, "IsDuplicate?" reads `duplicate`. */
export const ValidationResultSchema = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    duplicate: z.boolean(),
    /**
     * A duplicate that is the same object version redelivered (EventBridge delivers at least once): the
     * first execution owns that version, so nothing may be deleted. A duplicate that is a new version
     * (the same session uploaded again) deletes only its own version.
     */
    redelivery: z.boolean().default(false),
    upload: UploadSchema,
  }),
  z.object({
    valid: z.literal(false),
    failure: FailureSchema,
    /** What could be read of the upload, so MarkFailed and DeleteRawAudio can act on it. */
    bucket: z.string(),
    key: z.string(),
    tenantId: z.string().optional(),
    clientId: z.string().optional(),
    sessionId: z.string().optional(),
  }),
]);
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

/** NormalizeTranscript's answer: where the canonical Transcript and its analysis were written, and facts about them. */
export const NormalizedSchema = z.object({
  transcriptKey: z.string(),
  /**
   * Where the session's analysis was stored (schemas/analysis.ts). Absent only in an execution that
   * NormalizeTranscript ran before the analysis was stored: the analysis steps then compute it themselves.
   */
  analysisKey: z.string().optional(),
  turns: z.number().int(),
  words: z.number().int(),
  roleMethod: z.enum(['explicit', 'inferred']),
  roleConfidence: z.number(),
});
export type Normalized = z.infer<typeof NormalizedSchema>;

/** GenerateNote / ScoreAlliance answers: where the result was written, and its provenance status. */
export const AnalysisStepSchema = z.object({
  resultKey: z.string(),
  engine: ProvenanceSchema.shape.engine,
  status: ProvenanceSchema.shape.status.unwrap(),
  /** ScoreAlliance only: scores for the completed event (numbers, no text). */
  overall: z.number().nullable().optional(),
  dimensions: z.record(z.string(), z.number().nullable()).optional(),
  /** ScoreAlliance only: whether the detector found risk a clinician must review, and its categories (never a quote). */
  reviewRequired: z.boolean().optional(),
  riskCategories: z.array(RiskCategorySchema).optional(),
});
export type AnalysisStep = z.infer<typeof AnalysisStepSchema>;

/** Where the session events come from: the workflow, the local bus and DeliverWebhooks all read this one value. */
export const EVENT_SOURCE = 'attune';
/** The session events' detail-types, the one list the workflow, both buses and the webhooks are built from. */
export const SessionEventTypeSchema = z.enum(['attune.session.completed', 'attune.session.failed']);
export type SessionEventType = z.infer<typeof SessionEventTypeSchema>;
export const COMPLETED_DETAIL_TYPE: SessionEventType = 'attune.session.completed';
export const FAILED_DETAIL_TYPE: SessionEventType = 'attune.session.failed';

/**
 * The `attune.session.completed` / `attune.session.failed` EventBridge detail (and a webhook's `data`):
 * ids, scores and, on completion, whether risk needs a clinician's review and its categories. Never a
 * quote or any other text of the session: every subscriber of the bus reads it.
 */
export const SessionEventDetailSchema = z.object({
  tenantId: z.string(),
  clientId: z.string(),
  sessionId: z.string(),
  status: z.enum(['COMPLETED', 'FAILED']),
  overall: z.number().nullable().optional(),
  dimensions: z.record(z.string(), z.number().nullable()).optional(),
  reviewRequired: z.boolean().optional(),
  riskCategories: z.array(RiskCategorySchema).optional(),
  failureCode: z.string().optional(),
});
export type SessionEventDetail = z.infer<typeof SessionEventDetailSchema>;

/**
 * The longest one execution of the session workflow may run: the state machine's timeout
 * (lib/constructs/workflow.ts), after which Step Functions stops it (TIMED_OUT). A legitimate run stays well
 * inside it: about 2 h at most waiting for a free Transcribe slot (the StartTranscription retry), at most
 * {@link MAX_TRANSCRIPTION_WAIT_MINUTES} waiting for the job, and minutes of Lambda steps with their retries.
 *
 * Erasure reads it too (lambdas/use-cases/erase-session.ts): a session still RECEIVED, TRANSCRIBING or
 * ANALYZING this long after its last change has no execution left that could write to it, so it may be erased.
 */
export const WORKFLOW_TIMEOUT_HOURS = 8;
export const WORKFLOW_TIMEOUT_MS = WORKFLOW_TIMEOUT_HOURS * 60 * 60 * 1000;
/** The longest transcription wait the workflow's timeout leaves room for (`maxTranscriptionWaitMinutes`). */
export const MAX_TRANSCRIPTION_WAIT_MINUTES = 240;

/** Execution statuses after which an execution ran no failure path of its own, or may not have. */
export const STOPPED_EXECUTION_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
/** The detail-type of Step Functions' execution status events on the account's default bus (source `aws.states`). */
export const EXECUTION_STATUS_DETAIL_TYPE = 'Step Functions Execution Status Change';
