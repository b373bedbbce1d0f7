/**
 * A session file through the local runtime, as `attune run` and `npm start`'s samples do it: the file is
 * uploaded to `uploads/<tenant>/<client>/<session>.<ext>` with the metadata an uploader sets in AWS, the
 * upload rule starts the workflow, and the outcome is read back from where AWS keeps it (the session
 * record, and the transcript in the artifacts bucket).
 */
import { extname } from 'node:path';
import type { Failure, SessionRecord } from '../../schemas/session-record.js';
import { uploadKey as layoutUploadKey } from '../../schemas/storage-layout.js';
import { TranscriptSchema, type Transcript } from '../../schemas/transcript.js';
import { ValidationResultSchema } from '../../schemas/workflow.js';
import type { LocalRuntime, SessionOutcome, SessionRun } from './runtime.js';

export interface SessionFile {
  file: string;
  tenantId: string;
  clientId: string;
  sessionId: string;
  /** Null: no consent attested (the session then fails with consent_missing, as in AWS). */
  consent: { method: string; obtainedAt: string } | null;
  sessionDate: string | null;
}

/** The key an uploader writes, with the file's own extension. */
export function uploadKey(session: Pick<SessionFile, 'file' | 'tenantId' | 'clientId' | 'sessionId'>): string {
  const extension = extname(session.file).slice(1).toLowerCase();
  return layoutUploadKey(session, extension);
}

/** `x-amz-meta-*` as the README's upload section asks for them (names without the prefix). */
export function uploadMetadata(session: Pick<SessionFile, 'consent' | 'sessionDate'>): Record<string, string> {
  return {
    ...(session.consent ? { 'consent-obtained': 'true', 'consent-method': session.consent.method, 'consent-obtained-at': session.consent.obtainedAt } : {}),
    ...(session.sessionDate ? { 'session-date': session.sessionDate } : {}),
  };
}

/** Uploads the file; the execution the upload started. */
export async function uploadSessionFile(runtime: LocalRuntime, session: SessionFile): Promise<SessionRun> {
  const run = await runtime.upload(uploadKey(session), { file: session.file }, uploadMetadata(session));
  if (!run) throw new Error('the upload started no execution: the upload rule did not match the key');
  return run;
}

/** What `attune run --json` prints: the session as stored, its transcript, and the time per state. */
export interface SessionReport {
  status: 'COMPLETED' | 'FAILED';
  failure?: Failure & { detail?: string };
  tenantId: string;
  clientId: string;
  sessionId: string;
  sessionDate: string | null;
  /** True when the session had already been processed and this upload was only deleted. */
  alreadyProcessed: boolean;
  transcript: Transcript | null;
  note: SessionRecord['note'] | null;
  /** The supervision report (the therapist's work), beside the note and never inside it. */
  supervision: SessionRecord['supervision'] | null;
  alliance: SessionRecord['alliance'] | null;
  /** The risk the detector found, with its quotes: this is the clinician's own terminal. */
  risk: SessionRecord['risk'] | null;
  metrics: SessionRecord['metrics'] | null;
  provenance: SessionRecord['provenance'] | null;
  /** Milliseconds per workflow state, and `total`. */
  timings: Record<string, number>;
}

const UNRECORDED: Failure = {
  code: 'internal_error',
  message: 'the workflow failed before it could record the session; the recording was deleted — run it again',
};

async function readTranscript(runtime: LocalRuntime, key: string | undefined): Promise<Transcript | null> {
  if (!key || !(await runtime.store.head(runtime.plan.names.artifactsBucket, key))) return null;
  const bytes = await runtime.store.read(runtime.plan.names.artifactsBucket, key);
  return TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/** Why this execution's upload failed: ValidateUpload's refusal, else what the session record says. */
function failureOf(outcome: SessionOutcome, record: SessionRecord | null): Failure {
  const validation = ValidationResultSchema.safeParse(outcome.taskResults.ValidateUpload);
  if (validation.success && !validation.data.valid) return validation.data.failure;
  return record?.status === 'FAILED' && record.failure ? record.failure : UNRECORDED;
}

export async function sessionReport(runtime: LocalRuntime, session: SessionFile, outcome: SessionOutcome): Promise<SessionReport> {
  const record = await runtime.sessions.get({ tenantId: session.tenantId, sessionId: session.sessionId });
  // A refused re-upload of a session processed before fails, though the stored session stays COMPLETED.
  const completed = outcome.status === 'SUCCEEDED' && record?.status === 'COMPLETED';
  const failure = completed ? undefined : failureOf(outcome, record);
  const timings = Object.fromEntries(Object.entries(outcome.timings).map(([state, ms]) => [state, Math.round(ms)]));
  return {
    status: completed ? 'COMPLETED' : 'FAILED',
    ...(failure ? { failure: { ...failure, ...(outcome.transcriptionFailure ? { detail: outcome.transcriptionFailure } : {}) } } : {}),
    tenantId: session.tenantId,
    clientId: session.clientId,
    sessionId: session.sessionId,
    sessionDate: record?.sessionDate ?? session.sessionDate,
    alreadyProcessed: outcome.path.includes('AlreadyProcessed'),
    transcript: completed ? await readTranscript(runtime, record.transcriptKey) : null,
    note: (completed && record.note) || null,
    supervision: (completed && record.supervision) || null,
    alliance: (completed && record.alliance) || null,
    risk: (completed && record.risk) || null,
    metrics: (completed && record.metrics) || null,
    provenance: (completed && record.provenance) || null,
    timings: { ...timings, total: Math.round(outcome.totalMs) },
  };
}
