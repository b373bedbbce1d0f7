import { z } from 'zod';
import { AllianceSchema } from './alliance.js';
import { SessionMetricsSchema } from './metrics.js';
import { NoteSignatureSchema, NoteVersionSchema, ProgressNoteSchema } from './note.js';
import { ProvenanceSchema } from './provenance.js';
import { RiskReportSchema } from './risk.js';
import { SupervisionReportSchema } from './supervision.js';

/** Tenant, client and session ids: safe in S3 keys, DynamoDB keys and URLs (no `/`, `..`, `#`). */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit');

export const SessionStatusSchema = z.enum(['AWAITING_UPLOAD', 'RECEIVED', 'TRANSCRIBING', 'ANALYZING', 'COMPLETED', 'FAILED']);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/** A failure a user can act on: a stable code and a message with no transcript text. */
export const FailureSchema = z.object({ code: z.string(), message: z.string() });
export type Failure = z.infer<typeof FailureSchema>;

/**
 * One session as stored (DynamoDB) and served (API). Content (note, alliance, metrics) is present only
 * when COMPLETED; the transcript itself lives encrypted in the artifacts bucket under `transcriptKey`.
 */
export const SessionRecordSchema = z.object({
  tenantId: IdSchema,
  clientId: IdSchema,
  sessionId: IdSchema,
  status: SessionStatusSchema,
  sessionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The upload as it arrived (its key, kind and size), never its content. */
  upload: z
    .object({ key: z.string(), kind: z.enum(['audio', 'transcript']), bytes: z.number().int().nonnegative(), versionId: z.string().optional() })
    .optional(),
  consent: z.object({ obtained: z.literal(true), method: z.string(), obtainedAt: z.string() }).optional(),
  failure: FailureSchema.optional(),
  /** Time spent per workflow state, in milliseconds. */
  timings: z.record(z.string(), z.number().nonnegative()).default({}),
  transcriptKey: z.string().optional(),
  metrics: SessionMetricsSchema.optional(),
  alliance: AllianceSchema.optional(),
  note: ProgressNoteSchema.optional(),
  /** Risk found in the session by the detector (and a model, merged): independent of the note, so a note defect never hides it. */
  risk: RiskReportSchema.optional(),
  /**
   * The supervision report: the therapist's work, never part of the note or its exports. Served only by
   * `GET /sessions/{id}/supervision`; absent for sessions processed before it existed. Erased with the item.
   */
  supervision: SupervisionReportSchema.optional(),
  /** The current note's version: 1 as the workflow wrote it, +1 per edit. */
  noteVersion: z.number().int().positive().optional(),
  /** Present when the current version is signed (the note is then final). */
  noteSignature: NoteSignatureSchema.optional(),
  /** Who last edited the current version, and when; absent for the version the workflow wrote. */
  noteEditedBy: z.string().optional(),
  noteEditedAt: z.iso.datetime({ offset: true }).optional(),
  /** Signed versions that a later edit superseded, oldest first: a signed note is never changed. */
  noteHistory: z.array(NoteVersionSchema).optional(),
  provenance: ProvenanceSchema.optional(),
  /** The execution that produced this record: a redelivered event with the same id is a duplicate. */
  executionId: z.string().optional(),
  /** Epoch seconds after which the content is erased (DynamoDB TTL). */
  expiresAt: z.number().int().optional(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;
