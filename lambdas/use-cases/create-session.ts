/**
 * Creating a session (`POST /sessions`): the session is recorded (AWAITING_UPLOAD) and either a presigned,
 * KMS-encrypted PUT for the recording is answered, or the inline transcript is written to the uploads
 * bucket here. Both paths end as an object at `uploads/<tenant>/<client>/<session>.<ext>` carrying the same
 * `x-amz-meta-*` consent and date metadata a direct uploader sets, so the same upload rule starts the same
 * workflow, and ValidateUpload checks the same things. The metadata is checked first with ValidateUpload's
 * own readers, so a caller hears about a bad consent date now, not from a FAILED session later.
 *
 * A refusal names the request field it is about ({@link SessionRequestError}); nothing is stored before
 * every check has passed, and the session record goes again when an inline transcript cannot be written.
 */
import { MAX_INLINE_TRANSCRIPT_BYTES, MEDIA_TYPES, TRANSCRIPT_FORMATS, type CreateSessionRequest, type MediaType, type Role } from '../../schemas/api.js';
import type { FieldError } from '../../schemas/problems.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { UPLOAD_KEY_LAYOUT, uploadKey } from '../../schemas/storage-layout.js';
import { AttuneError, ConflictError, InvalidInputError, TooLargeError as CoreTooLargeError } from '../core/errors.js';
import { checkTranscriptSize, parseTranscript } from '../core/transcript/index.js';
import { formatBytes, METADATA, readConsent, readSessionDate } from '../core/upload/index.js';
import type { ClientDirectory } from '../ports/client-directory.js';
import type { ObjectStore, PresignedPut } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';

/** An AWAITING_UPLOAD session whose recording never arrives is removed by DynamoDB's TTL after this. */
export const AWAITING_UPLOAD_TTL_SECONDS = 24 * 3600;

const TRANSCRIPT_CONTENT_TYPES: Record<keyof typeof TRANSCRIPT_FORMATS, string> = {
  text: 'text/plain; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  'transcribe-json': 'application/json',
};

export interface CreateSessionDeps {
  sessions: Pick<SessionRepository, 'createAwaitingUpload' | 'delete' | 'listByClient'>;
  clients: Pick<ClientDirectory, 'get' | 'assign'>;
  objects: Pick<ObjectStore, 'presignPut' | 'write'>;
  uploads: {
    bucket: string;
    /** The largest recording a caller may declare (bytes). */
    maxBytes: number;
    /** How long a presigned upload URL stays valid. */
    urlSeconds: number;
  };
  now: () => Date;
  newId: () => string;
}

/** Who asks for the session: a clinician may create a new client; an admin may add sessions to any client. */
export interface SessionCreator {
  tenantId: string;
  userId: string;
  roles: readonly Role[];
}

export interface CreateSessionOptions {
  /**
   * Told as soon as the session is recorded, before its upload URL is signed or its transcript written:
   * an audit record then names the session even when that last step fails.
   */
  onRecorded?: (session: Pick<SessionRecord, 'sessionId' | 'clientId'>) => void;
}

export type CreatedSession =
  /** With `media`: the recording is still to come, by a PUT to `upload`. */
  | { status: 'AWAITING_UPLOAD'; sessionId: string; clientId: string; upload: PresignedPut & { maxBytes: number } }
  /** With `transcript`: the transcript is stored and the workflow starts from it. */
  | { status: 'RECEIVED'; sessionId: string; clientId: string };

/** A request refused for one of its fields (a 400): `field.pointer` names it, `field.detail` says what is wrong there. */
export class SessionRequestError extends InvalidInputError {
  constructor(
    message: string,
    code: string,
    readonly field: FieldError,
  ) {
    super(message, code);
  }
}

/** The recording's media type is not one Transcribe takes. */
export class UnsupportedMediaError extends SessionRequestError {}

/** The recording or the inline transcript is over its limit. */
export class TooLargeError extends SessionRequestError {}

/**
 * The client exists and the clinician does not hold it: another clinician's, or one with no clinician yet
 * (its sessions came from an admin or a direct upload). One answer for both, so a clinician cannot tell them
 * apart; an admin assigns the client (PUT /clients/{clientId}/clinician).
 */
export class ClientOfAnotherClinicianError extends AttuneError {
  constructor(clientId: string) {
    super(`client ${clientId} exists in your organisation and is not assigned to you; ask an administrator to assign it to you`, 'client_not_assigned_to_you');
  }
}

const hasRole = (creator: SessionCreator, role: Role) => creator.roles.includes(role);

/** The upload metadata a direct uploader would set, checked with ValidateUpload's rules. */
function uploadMetadata(request: CreateSessionRequest, now: Date): Record<string, string> {
  const metadata: Record<string, string> = {
    [METADATA.consentObtained]: 'true',
    [METADATA.consentMethod]: request.consent.method,
    [METADATA.consentObtainedAt]: request.consent.obtainedAt,
    [METADATA.sessionDate]: request.sessionDate,
    ...(request.media?.channels ? { [METADATA.channels]: String(request.media.channels) } : {}),
  };
  const consent = readConsent(metadata, now);
  if (!consent.ok) {
    const { code, message } = consent.failure;
    throw new SessionRequestError(`consent is not valid: ${message.replace(/x-amz-meta-/g, '')}`, code, { pointer: '/consent', detail: code });
  }
  const date = readSessionDate(metadata, now);
  if (!date.ok) {
    const { code } = date.failure;
    throw new SessionRequestError('sessionDate must be the date of the session as YYYY-MM-DD, not in the future', code, {
      pointer: '/sessionDate',
      detail: code,
    });
  }
  return metadata;
}

/** The recording's file extension, or a refusal of its type or size. */
function checkMedia(media: NonNullable<CreateSessionRequest['media']>, maxBytes: number): { type: string; extension: string } {
  const type = media.contentType.split(';')[0]!.trim().toLowerCase();
  const extension = MEDIA_TYPES[type as MediaType];
  if (!extension) {
    // The value is not echoed: the message reaches the caller's logs, and a field can hold anything.
    throw new UnsupportedMediaError(
      `media.contentType is not a supported audio type: use one of ${Object.keys(MEDIA_TYPES).join(', ')}`,
      'unsupported_media_type',
      {
        pointer: '/media/contentType',
        detail: 'unsupported',
      },
    );
  }
  if (media.bytes > maxBytes) {
    throw new TooLargeError(
      `the recording would be ${formatBytes(media.bytes)}, over this deployment's ${formatBytes(maxBytes)} limit: split the session or compress it (FLAC, or 16 kHz mono)`,
      'upload_too_large',
      { pointer: '/media/bytes', detail: `at most ${maxBytes}` },
    );
  }
  return { type, extension };
}

/**
 * Refuses an inline transcript over its limits (its bytes; its turns and characters of speech, the limits
 * NormalizeTranscript applies to an uploaded file: schemas/transcript.ts), or one that cannot be read as its format.
 */
function checkTranscript(transcript: NonNullable<CreateSessionRequest['transcript']>): void {
  const bytes = Buffer.byteLength(transcript.content, 'utf8');
  if (bytes > MAX_INLINE_TRANSCRIPT_BYTES) {
    throw new TooLargeError(
      `the transcript is ${formatBytes(bytes)}, over the ${formatBytes(MAX_INLINE_TRANSCRIPT_BYTES)} an inline transcript may be: upload it as a file to ${UPLOAD_KEY_LAYOUT} instead`,
      'transcript_too_large',
      { pointer: '/transcript/content', detail: `at most ${MAX_INLINE_TRANSCRIPT_BYTES} bytes` },
    );
  }
  // Read it now: a caller hears at once that the text is not a transcript, or too long for one session, and nothing is stored.
  try {
    checkTranscriptSize(parseTranscript(transcript.content, { format: transcript.format }));
  } catch (error) {
    if (error instanceof CoreTooLargeError) {
      throw new TooLargeError(error.message, error.code, { pointer: '/transcript/content', detail: error.code });
    }
    if (!(error instanceof AttuneError)) throw error;
    throw new SessionRequestError(`transcript.content cannot be read as ${transcript.format}: ${error.message}`, error.code, {
      pointer: '/transcript/content',
      detail: error.code,
    });
  }
}

/**
 * Checks the creator may add a session to the client. An admin may add one to any client. A clinician may add one to a client assigned to them, or create a client that does not exist
 * yet: it is then assigned to them. A client with sessions but no clinician (an admin's, or a direct
 * upload's) is not there for the taking: its earlier notes would become the first poster's to read and erase.
 */
async function claimClient(deps: CreateSessionDeps, creator: SessionCreator, clientId: string): Promise<void> {
  const admin = hasRole(creator, 'admin');
  const assignment = await deps.clients.get(creator.tenantId, clientId);
  if (assignment) {
    if (assignment.clinicianId !== creator.userId && !admin) throw new ClientOfAnotherClinicianError(clientId);
    return;
  }
  // An admin's session leaves a new client unassigned: an admin assigns explicitly (PUT /clients/{clientId}/clinician).
  if (!hasRole(creator, 'clinician')) return;
  // Not atomic with the assignment below: a direct upload landing in between still finds the client
  // assigned to the clinician who created it, which is what "created by" means.
  const earlier = await deps.sessions.listByClient(creator.tenantId, clientId, { limit: 1 });
  if (earlier.items.length > 0) {
    if (admin) return;
    throw new ClientOfAnotherClinicianError(clientId);
  }
  const held = await deps.clients.assign({ tenantId: creator.tenantId, clientId, clinicianId: creator.userId, createdAt: deps.now().toISOString() });
  if (held.clinicianId !== creator.userId && !admin) throw new ClientOfAnotherClinicianError(clientId);
}

function awaitingUpload(tenantId: string, request: CreateSessionRequest, sessionId: string, now: Date): SessionRecord {
  return {
    tenantId,
    clientId: request.clientId,
    sessionId,
    status: 'AWAITING_UPLOAD',
    sessionDate: request.sessionDate,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    consent: { obtained: true, method: request.consent.method.toLowerCase(), obtainedAt: request.consent.obtainedAt },
    timings: {},
    expiresAt: Math.floor(now.getTime() / 1000) + AWAITING_UPLOAD_TTL_SECONDS,
  };
}

/** Claims the client, then records a new AWAITING_UPLOAD session; answers its id and upload key. */
async function recordSession(
  deps: CreateSessionDeps,
  creator: SessionCreator,
  request: CreateSessionRequest,
  extension: string,
  options: CreateSessionOptions,
) {
  await claimClient(deps, creator, request.clientId);
  const sessionId = deps.newId();
  const key = uploadKey({ tenantId: creator.tenantId, clientId: request.clientId, sessionId }, extension);
  if (!(await deps.sessions.createAwaitingUpload(awaitingUpload(creator.tenantId, request, sessionId, deps.now())))) {
    throw new ConflictError(`session ${sessionId} exists already; retry the request`, 'session_exists');
  }
  options.onRecorded?.({ sessionId, clientId: request.clientId });
  return { sessionId, key };
}

/**
 * Creates the session the request describes: with `media`, recorded and answered with its upload URL; with
 * `transcript`, recorded and its transcript stored (the upload rule takes it from there). A refused request
 * ({@link SessionRequestError}, {@link ClientOfAnotherClinicianError}) stores nothing.
 */
export async function createSession(
  deps: CreateSessionDeps,
  creator: SessionCreator,
  request: CreateSessionRequest,
  options: CreateSessionOptions = {},
): Promise<CreatedSession> {
  const metadata = uploadMetadata(request, deps.now());
  const { clientId } = request;

  if (request.media) {
    const { type, extension } = checkMedia(request.media, deps.uploads.maxBytes);
    const { sessionId, key } = await recordSession(deps, creator, request, extension, options);
    const presigned = await deps.objects.presignPut(deps.uploads.bucket, key, {
      contentType: type,
      metadata,
      expiresInSeconds: deps.uploads.urlSeconds,
      contentLength: request.media.bytes,
    });
    return { status: 'AWAITING_UPLOAD', sessionId, clientId, upload: { ...presigned, maxBytes: request.media.bytes } };
  }

  const transcript = request.transcript!;
  checkTranscript(transcript);
  const { sessionId, key } = await recordSession(deps, creator, request, TRANSCRIPT_FORMATS[transcript.format], options);
  try {
    await deps.objects.write(deps.uploads.bucket, key, transcript.content, TRANSCRIPT_CONTENT_TYPES[transcript.format], metadata);
  } catch (error) {
    // A session whose transcript never arrived would wait for an upload that is not coming.
    await deps.sessions.delete({ tenantId: creator.tenantId, sessionId }).catch(() => undefined);
    throw error;
  }
  return { status: 'RECEIVED', sessionId, clientId };
}
