/**
 * ValidateUpload: the first state of the workflow. Decides from the key, the object's size and metadata,
 * and (for WAV/FLAC) its first bytes whether an upload can be processed, and records the session. An
 * invalid upload is an answer (`valid: false` with a reason), not an error: the workflow's Choice sends it
 * to MarkFailed, which keeps the reason, and the file is deleted. The rules themselves (key, size,
 * metadata) are the core's (lambdas/core/upload); this handler reads the object and records the session.
 *
 * An upload through a URL the API issued carries its declared size (`x-amz-meta-declared-bytes`, signed
 * into the URL) and belongs to the session the API created: it is taken only at exactly that size and only
 * by that session's AWAITING_UPLOAD record, with a conditional write (AwaitedUploads), never by creating a
 * record. An erased or expired session's upload is refused with no ids, so nothing is recorded or
 * published and the failure path deletes it; a second upload to a session that has its upload is a
 * duplicate, whose own version is deleted. No path here creates the record of a session whose upload is
 * gone, so a late or redelivered event cannot bring an erased session back.
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { DynamoAwaitedUploads } from '../adapters/dynamodb/awaited-uploads.js';
import { DynamoSessionRepository } from '../adapters/dynamodb/session-repository.js';
import type { AwaitedUploads } from '../ports/awaited-uploads.js';
import type { ObjectStore, StoredObjectInfo } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { Failure, SessionRecord } from '../../schemas/session-record.js';
import type { Upload, ValidationResult } from '../../schemas/workflow.js';
import { objectStore, documentClient, type HandlerClients } from '../shared/aws-clients.js';
import { ConfigurationError, functionConfig, type FunctionConfig, type HandlerConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logInfo } from '../shared/observability.js';
import {
  FAILURES,
  checkSize,
  classify,
  decodeEventKey,
  METADATA,
  parseUploadKey,
  readChannels,
  readConsent,
  readDeclaredBytes,
  readSessionDate,
  type UploadKey,
} from '../core/upload/index.js';
import { readAudioHeader } from './audio-header.js';

/** What the state machine delivers to ValidateUpload: the S3 "Object Created" event and the execution id. */
export const ValidateUploadInputSchema = z.object({
  event: z.object({
    detail: z.object({
      bucket: z.object({ name: z.string().min(1) }),
      object: z.object({
        key: z.string().min(1),
        size: z.number().int().nonnegative().optional(),
        'version-id': z.string().optional(),
      }),
    }),
  }),
  executionId: z.string().optional(),
});
export type ValidateUploadInput = z.infer<typeof ValidateUploadInputSchema>;

export interface ValidateUploadDeps {
  store: ObjectStore;
  sessions: SessionRepository;
  /**
   * Where an upload through an API-issued URL lands (its session's AWAITING_UPLOAD record). wire() always
   * gives it; without it such an upload fails the state rather than being recorded unguarded.
   */
  awaited?: AwaitedUploads;
  config: Pick<HandlerConfig, 'MAX_UPLOAD_BYTES' | 'RETENTION_DAYS'>;
  now: () => Date;
}

/** What is known of the upload so far, for the session record. */
interface RecordBase {
  now: Date;
  executionId: string | undefined;
  sessionDate: string | null;
  upload?: SessionRecord['upload'];
  consent?: Upload['consent'];
}

/** A plain WAV/FLAC header fits in 64 bytes; a Broadcast WAV or an ID3-tagged FLAC can need more, up to 1 MiB. */
const HEADER_PROBE_BYTES = 64;
const MAX_HEADER_BYTES = 1024 * 1024;
/** Statuses of a session some execution is working on or has finished: a second upload is a duplicate. */
const LIVE = new Set(['RECEIVED', 'TRANSCRIBING', 'ANALYZING', 'COMPLETED']);

/**
 * The session belongs to another execution: one working on it or done with it (LIVE), or one that failed
 * this very upload version, whose event is being delivered again (createReceived refuses to reopen it).
 */
function ownedByAnother(created: boolean, existing: SessionRecord | undefined, executionId: string | undefined): existing is SessionRecord {
  return !created && existing !== undefined && existing.executionId !== executionId && (LIVE.has(existing.status) || existing.status === 'FAILED');
}

export function createValidateUploadHandler(deps: ValidateUploadDeps) {
  const { store, sessions, config, now } = deps;

  function awaitedUploads(): AwaitedUploads {
    // A wiring fault, not the uploader's: it must not read as invalid input (a 400, or the session's failure reason).
    if (!deps.awaited) throw new ConfigurationError('ValidateUpload was wired without AwaitedUploads, so it cannot record an API-issued upload');
    return deps.awaited;
  }

  /**
   * An upload through an API-issued URL lands on its session's AWAITING_UPLOAD record or nowhere: answers
   * whether it did, or whether the record belongs to this very execution (a retried state).
   */
  async function receiveAwaited(record: SessionRecord, executionId: string | undefined): Promise<{ received: boolean; existing: SessionRecord | null }> {
    if (await awaitedUploads().receive(record)) return { received: true, existing: null };
    const existing = await sessions.get(record);
    return { received: existing !== null && executionId !== undefined && existing.executionId === executionId, existing };
  }

  /** A refusal that records nothing and names no session: nothing is marked or published, and the failure path deletes the upload. */
  function refuseUnrecorded(bucket: string, key: string, failure: Failure, ids: Partial<UploadKey>, base: RecordBase): ValidationResult {
    logInfo('upload refused', {
      tenantId: ids.tenantId,
      clientId: ids.clientId,
      sessionId: ids.sessionId,
      failureCode: failure.code,
      executionId: base.executionId,
    });
    return { valid: false, failure, bucket, key };
  }

  /**
   * A failure with the session recorded as FAILED when the key named one, so the uploader can see why. An
   * upload through an API-issued URL (`bound`) is recorded only on its session's awaiting record.
   */
  async function reject(
    bucket: string,
    key: string,
    failure: Failure,
    ids: Partial<UploadKey> | undefined,
    base: RecordBase,
    bound = false,
  ): Promise<ValidationResult> {
    logInfo('upload rejected', { ...ids, failureCode: failure.code, executionId: base.executionId });
    const known = ids?.tenantId && ids.clientId && ids.sessionId ? { tenantId: ids.tenantId, clientId: ids.clientId, sessionId: ids.sessionId } : null;
    if (!known) return { valid: false, failure, bucket, key };
    if (bound) {
      const { received } = await receiveAwaited({ ...recordBase(known, base), status: 'FAILED', failure }, base.executionId);
      return received ? { valid: false, failure, bucket, key, ...known } : { valid: false, failure, bucket, key };
    }
    const { created, existing } = await sessions.createReceived({ ...recordBase(known, base), status: 'FAILED', failure });
    // A bad re-upload over another execution's session must not mark that session failed, and the event
    // of an upload that failed, delivered again after its recording was deleted, must not change its reason.
    if (ownedByAnother(created, existing, base.executionId)) return { valid: false, failure, bucket, key };
    return { valid: false, failure, bucket, key, ...known };
  }

  function recordBase(ids: Pick<UploadKey, 'tenantId' | 'clientId' | 'sessionId'>, base: RecordBase): Omit<SessionRecord, 'status'> {
    const at = base.now.toISOString();
    return {
      ...ids,
      sessionDate: base.sessionDate,
      createdAt: at,
      updatedAt: at,
      timings: {},
      expiresAt: Math.floor(base.now.getTime() / 1000) + config.RETENTION_DAYS * 24 * 60 * 60,
      ...(base.upload ? { upload: base.upload } : {}),
      ...(base.consent ? { consent: base.consent } : {}),
      ...(base.executionId ? { executionId: base.executionId } : {}),
    };
  }

  /** The channel count for Transcribe, sniffed from a WAV/FLAC header when the uploader did not say. */
  async function channelsOf(bucket: string, key: string, upload: Pick<Upload, 'extension' | 'bytes'>, declared: 1 | 2 | null): Promise<number | Failure> {
    if (upload.extension !== 'wav' && upload.extension !== 'flac') return declared ?? 1;
    let length = Math.min(HEADER_PROBE_BYTES, upload.bytes);
    for (;;) {
      const header = await store.read(bucket, key, length);
      const reading = readAudioHeader(upload.extension, header);
      if (reading.kind === 'channels') {
        if (reading.channels > 2) return FAILURES.tooManyChannels;
        // Declaring 1 for a stereo file is deliberate (dual-mono recorders): speakers are then told apart by voice.
        if (declared === 2 && reading.channels === 1) return FAILURES.channelsMismatch;
        return declared ?? reading.channels;
      }
      const more = reading.kind === 'need-more' ? Math.min(reading.bytes, upload.bytes) : 0;
      if (reading.kind === 'corrupt' || more <= header.length || more > MAX_HEADER_BYTES) return FAILURES.corruptAudio;
      length = more;
    }
  }

  return async function validateUpload(input: unknown): Promise<ValidationResult> {
    const parsed = ValidateUploadInputSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError('ValidateUpload needs {event: <S3 "Object Created" event>, executionId}', 'invalid_state_input');
    const { detail } = parsed.data.event;
    const bucket = detail.bucket.name;
    const eventKey = detail.object.key;
    const base: RecordBase = { now: now(), executionId: parsed.data.executionId, sessionDate: null };

    const layout = parseUploadKey(eventKey);
    if (!layout.ok) return reject(bucket, await existingKey(store, bucket, eventKey), layout.failure, layout.ids, base);
    const key = eventKey;
    const ids = layout.value;

    const info = await store.head(bucket, key);
    const sessionKey = { tenantId: ids.tenantId, sessionId: ids.sessionId };
    if (!info) {
      // Gone before it was read: erased with its session, or a late redelivery after the workflow deleted
      // it. Only a record that exists and is no other execution's is told why (MarkFailed marks it; it never
      // creates one): a record made here would bring an erased session back.
      const existing = await sessions.get(sessionKey);
      if (!existing || existing.clientId !== ids.clientId || ownedByAnother(false, existing, base.executionId)) {
        return refuseUnrecorded(bucket, key, FAILURES.missing, ids, base);
      }
      logInfo('upload rejected', { ...ids, failureCode: FAILURES.missing.code, executionId: base.executionId });
      return { valid: false, failure: FAILURES.missing, bucket, key, tenantId: ids.tenantId, clientId: ids.clientId, sessionId: ids.sessionId };
    }
    const sessionDate = readSessionDate(info.metadata, base.now);
    if (sessionDate.ok) base.sessionDate = sessionDate.value;
    const { kind, mediaFormat } = classify(ids.extension);
    base.upload = { key, kind, bytes: info.bytes, ...versionOf(detail.object['version-id'], info) };

    // Through a URL the API issued: bound to its session's awaiting record, at exactly the declared size.
    const bound = info.metadata[METADATA.declaredBytes] !== undefined;
    const declaredBytes = readDeclaredBytes(info.metadata);
    if (!declaredBytes.ok) return reject(bucket, key, declaredBytes.failure, ids, base, bound);
    if (bound) {
      const session = await sessions.get(sessionKey);
      if (!session || session.clientId !== ids.clientId) return refuseUnrecorded(bucket, key, FAILURES.sessionGone, ids, base);
      if (declaredBytes.value !== info.bytes) return reject(bucket, key, FAILURES.sizeMismatch, ids, base, bound);
    }
    const tooBig = checkSize(info.bytes, kind, config.MAX_UPLOAD_BYTES);
    if (tooBig) return reject(bucket, key, tooBig, ids, base, bound);
    const consent = readConsent(info.metadata, base.now);
    if (!consent.ok) return reject(bucket, key, consent.failure, ids, base, bound);
    if (!sessionDate.ok) return reject(bucket, key, sessionDate.failure, ids, base, bound);
    const declared = readChannels(info.metadata);
    if (!declared.ok) return reject(bucket, key, declared.failure, ids, base, bound);
    const channels = kind === 'audio' ? await channelsOf(bucket, key, { extension: ids.extension, bytes: info.bytes }, declared.value) : 1;
    if (typeof channels !== 'number') return reject(bucket, key, channels, ids, base, bound);

    const upload: Upload = {
      bucket,
      key,
      ...versionOf(detail.object['version-id'], info),
      bytes: info.bytes,
      ...ids,
      kind,
      ...(mediaFormat ? { mediaFormat } : {}),
      channels,
      sessionDate: base.sessionDate,
      consent: consent.value,
    };
    base.consent = consent.value;

    const record: SessionRecord = { ...recordBase(ids, base), status: 'RECEIVED' };
    let duplicate: boolean;
    let existing: SessionRecord | undefined;
    let created: boolean;
    if (bound) {
      // Only the awaiting record takes it; erased meanwhile: refused, nothing recorded; any other state
      // (its upload came already, or failed): a duplicate, whose own version the workflow deletes.
      const received = await receiveAwaited(record, base.executionId);
      if (!received.received && !received.existing) return refuseUnrecorded(bucket, key, FAILURES.sessionGone, ids, base);
      created = received.received;
      existing = received.existing ?? undefined;
      duplicate = !received.received;
    } else {
      ({ created, existing } = await sessions.createReceived(record));
      // The same execution retrying this state finds its own record: carry on. An AWAITING_UPLOAD record
      // (made when the upload URL was issued) is this upload arriving. Anything else live, or the failed
      // record of this very version, is a redelivery.
      duplicate = ownedByAnother(created, existing, base.executionId);
    }
    if (!duplicate) {
      if (!created) await sessions.updateStatus(sessionKey, 'RECEIVED');
      if (kind === 'audio') await sessions.updateStatus(sessionKey, 'TRANSCRIBING');
    }
    // Without a version id to tell them apart, a duplicate is treated as a redelivery: deleting would risk
    // the version the first execution is transcribing, and the lifecycle rule removes it within a day.
    const redelivery =
      duplicate && (upload.versionId === undefined || existing?.upload?.versionId === undefined || existing.upload.versionId === upload.versionId);
    logInfo('upload validated', { ...ids, kind, extension: ids.extension, bytes: info.bytes, duplicate, executionId: base.executionId });
    return { valid: true, duplicate, redelivery, upload };
  };
}

function versionOf(eventVersion: string | undefined, info: StoredObjectInfo): { versionId?: string } {
  const versionId = eventVersion ?? info.versionId;
  return versionId ? { versionId } : {};
}

/**
 * The key to delete for a refused upload. Object keys in the event are the key as written, but S3's
 * other notification formats URL-encode them; when the key as given does not exist and its decoded form
 * does, the decoded form is the object.
 */
async function existingKey(store: ObjectStore, bucket: string, eventKey: string): Promise<string> {
  const decoded = decodeEventKey(eventKey);
  if (decoded === null || decoded === eventKey) return eventKey;
  if (await store.head(bucket, eventKey)) return eventKey;
  return (await store.head(bucket, decoded)) ? decoded : eventKey;
}

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(config: FunctionConfig<'ValidateUpload'>, clients: Pick<HandlerClients, 'objects' | 'documents'>): ValidateUploadDeps {
  return {
    store: clients.objects,
    sessions: new DynamoSessionRepository(clients.documents, config.TABLE_NAME),
    awaited: new DynamoAwaitedUploads(clients.documents, config.TABLE_NAME),
    config,
    now: () => new Date(),
  };
}

const config = functionConfig('ValidateUpload');

export const handler = withObservability(
  createValidateUploadHandler(wire(config, { objects: objectStore(config), documents: documentClient(config.AWS_REGION) })),
);
