/**
 * Creating and reading sessions.
 *
 * POST /sessions records the session (AWAITING_UPLOAD) and either answers a presigned, KMS-encrypted
 * PUT for the recording (201), or writes the inline transcript to the uploads bucket itself (202). Both
 * paths end as an object at `uploads/<tenant>/<client>/<session>.<ext>` carrying the same
 * `x-amz-meta-*` consent and date metadata a direct uploader sets, so the same upload rule starts the
 * same workflow, and ValidateUpload checks the same things. The metadata is checked here first with
 * ValidateUpload's own functions, so a caller hears about a bad consent date now, not from a FAILED
 * session later.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { parseTranscript } from '../../core/transcript/index.js';
import { AttuneError } from '../../core/errors.js';
import { METADATA, readConsent, readSessionDate } from '../../core/upload/index.js';
import {
  MAX_INLINE_TRANSCRIPT_BYTES,
  MEDIA_TYPES,
  TRANSCRIPT_FORMATS,
  type CreateSessionRequest,
  type MediaType,
} from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { UPLOAD_KEY_LAYOUT, uploadKey } from '../../../schemas/storage-layout.js';
import { TranscriptSchema } from '../../../schemas/transcript.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { hasRole } from '../principal.js';
import { Problem } from '../problem.js';
import { allianceWithoutQuotes, riskWithoutQuotes } from './risk.js';

/** An AWAITING_UPLOAD session whose recording never arrives is removed by DynamoDB's TTL after this. */
const AWAITING_UPLOAD_TTL_SECONDS = 24 * 3600;

const TRANSCRIPT_CONTENT_TYPES: Record<keyof typeof TRANSCRIPT_FORMATS, string> = {
  text: 'text/plain; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  'transcribe-json': 'application/json',
};

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/**
 * What the API shows of a session: not storage keys, the execution ARN (it names the account) or superseded
 * notes. Without `content` (a supervisor) no text of the session at all: no note, and the alliance and the
 * risk without their quotes. Never the supervision report: it has its own route, for the session's
 * clinician and supervisors only (operations/supervision.ts).
 */
export function sessionView(record: SessionRecord, options: { content: boolean }) {
  const { transcriptKey: _t, executionId: _e, noteHistory: _h, expiresAt: _x, supervision: _s, upload, note, alliance, risk, ...view } = record;
  return {
    ...view,
    ...(upload ? { upload: { kind: upload.kind, bytes: upload.bytes } } : {}),
    ...(alliance ? { alliance: options.content ? alliance : allianceWithoutQuotes(alliance) } : {}),
    ...(risk ? { risk: options.content ? risk : riskWithoutQuotes(risk) } : {}),
    ...(options.content && note ? { note, noteVersion: record.noteVersion ?? 1 } : {}),
  };
}

export function createSessionOperations(deps: ApiDeps, access: Access): OperationSet<'createSession' | 'getSession'> {
  /** The client's clinician: the caller when the client is new and the caller is a clinician. */
  async function claimClient(ctx: RequestContext, clientId: string): Promise<void> {
    const { principal } = ctx;
    let assignment = await deps.clients.get(principal.tenantId, clientId);
    if (!assignment && hasRole(principal, 'clinician')) {
      assignment = await deps.clients.assign({ tenantId: principal.tenantId, clientId, clinicianId: principal.userId, createdAt: deps.now().toISOString() });
    }
    if (assignment && assignment.clinicianId !== principal.userId && !hasRole(principal, 'admin')) {
      throw new Problem('forbidden', `client ${clientId} is assigned to another clinician of your organisation; ask an administrator`);
    }
  }

  /** The upload metadata, checked with ValidateUpload's rules (pointer names the request field). */
  function uploadMetadata(body: CreateSessionRequest): Record<string, string> {
    const metadata: Record<string, string> = {
      [METADATA.consentObtained]: 'true',
      [METADATA.consentMethod]: body.consent.method,
      [METADATA.consentObtainedAt]: body.consent.obtainedAt,
      [METADATA.sessionDate]: body.sessionDate,
      ...(body.media?.channels ? { [METADATA.channels]: String(body.media.channels) } : {}),
    };
    const now = deps.now();
    const consent = readConsent(metadata, now);
    if (!consent.ok) throw new Problem('invalid-request', `consent is not valid: ${consent.failure.message.replace(/x-amz-meta-/g, '')}`, { errors: [{ pointer: '/consent', detail: consent.failure.code }] });
    const date = readSessionDate(metadata, now);
    if (!date.ok) throw new Problem('invalid-request', 'sessionDate must be the date of the session as YYYY-MM-DD, not in the future', { errors: [{ pointer: '/sessionDate', detail: date.failure.code }] });
    return metadata;
  }

  function newRecord(ctx: RequestContext, body: CreateSessionRequest, sessionId: string): SessionRecord {
    const now = deps.now();
    return {
      tenantId: ctx.principal.tenantId,
      clientId: body.clientId,
      sessionId,
      status: 'AWAITING_UPLOAD',
      sessionDate: body.sessionDate,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      consent: { obtained: true, method: body.consent.method.toLowerCase(), obtainedAt: body.consent.obtainedAt },
      timings: {},
      expiresAt: Math.floor(now.getTime() / 1000) + AWAITING_UPLOAD_TTL_SECONDS,
    };
  }

  async function record(ctx: RequestContext, body: CreateSessionRequest, sessionId: string): Promise<void> {
    if (!(await deps.sessions.createAwaitingUpload(newRecord(ctx, body, sessionId)))) {
      throw new Problem('conflict', `session ${sessionId} exists already; retry the request`);
    }
    ctx.touched.sessionId = sessionId;
    ctx.touched.clientId = body.clientId;
  }

  async function createWithMedia(ctx: RequestContext, body: CreateSessionRequest, metadata: Record<string, string>): Promise<APIGatewayProxyResult> {
    const media = body.media!;
    const type = media.contentType.split(';')[0]!.trim().toLowerCase();
    const extension = MEDIA_TYPES[type as MediaType];
    if (!extension) {
      // The value is not echoed: a problem's detail reaches the caller's logs, and a field can hold anything.
      throw new Problem('unsupported-media-type', `media.contentType is not a supported audio type: use one of ${Object.keys(MEDIA_TYPES).join(', ')}`, {
        errors: [{ pointer: '/media/contentType', detail: 'unsupported' }],
      });
    }
    if (media.bytes > deps.config.maxUploadBytes) {
      throw new Problem('payload-too-large', `the recording would be ${formatBytes(media.bytes)}, over this deployment's ${formatBytes(deps.config.maxUploadBytes)} limit: split the session or compress it (FLAC, or 16 kHz mono)`, {
        errors: [{ pointer: '/media/bytes', detail: `at most ${deps.config.maxUploadBytes}` }],
      });
    }
    await claimClient(ctx, body.clientId);
    const sessionId = deps.newId();
    const key = uploadKey({ tenantId: ctx.principal.tenantId, clientId: body.clientId, sessionId }, extension);
    await record(ctx, body, sessionId);
    const presigned = await deps.objects.presignPut(deps.config.uploadsBucket, key, { contentType: type, metadata, expiresInSeconds: deps.config.uploadUrlSeconds });
    return json(
      201,
      { sessionId, clientId: body.clientId, status: 'AWAITING_UPLOAD', upload: { url: presigned.url, method: 'PUT', headers: presigned.headers, expiresAt: presigned.expiresAt, maxBytes: media.bytes } },
      { location: `/sessions/${sessionId}` },
    );
  }

  async function createWithTranscript(ctx: RequestContext, body: CreateSessionRequest, metadata: Record<string, string>): Promise<APIGatewayProxyResult> {
    const transcript = body.transcript!;
    const bytes = Buffer.byteLength(transcript.content, 'utf8');
    if (bytes > MAX_INLINE_TRANSCRIPT_BYTES) {
      throw new Problem('payload-too-large', `the transcript is ${formatBytes(bytes)}, over the ${formatBytes(MAX_INLINE_TRANSCRIPT_BYTES)} an inline transcript may be: upload it as a file to ${UPLOAD_KEY_LAYOUT} instead`, {
        errors: [{ pointer: '/transcript/content', detail: `at most ${MAX_INLINE_TRANSCRIPT_BYTES} bytes` }],
      });
    }
    // Read it now: a caller hears at once that the text is not a transcript, and nothing is stored.
    try {
      parseTranscript(transcript.content, { format: transcript.format });
    } catch (error) {
      if (!(error instanceof AttuneError)) throw error;
      throw new Problem('invalid-request', `transcript.content cannot be read as ${transcript.format}: ${error.message}`, { errors: [{ pointer: '/transcript/content', detail: error.code }] });
    }
    await claimClient(ctx, body.clientId);
    const sessionId = deps.newId();
    const key = uploadKey({ tenantId: ctx.principal.tenantId, clientId: body.clientId, sessionId }, TRANSCRIPT_FORMATS[transcript.format]);
    await record(ctx, body, sessionId);
    try {
      await deps.objects.write(deps.config.uploadsBucket, key, transcript.content, TRANSCRIPT_CONTENT_TYPES[transcript.format], metadata);
    } catch (error) {
      await deps.sessions.delete({ tenantId: ctx.principal.tenantId, sessionId }).catch(() => undefined);
      throw error;
    }
    return json(202, { sessionId, clientId: body.clientId, status: 'RECEIVED' }, { location: `/sessions/${sessionId}` });
  }

  return {
    async createSession(ctx) {
      const body = ctx.body as CreateSessionRequest;
      const metadata = uploadMetadata(body);
      return body.media ? createWithMedia(ctx, body, metadata) : createWithTranscript(ctx, body, metadata);
    },

    async getSession(ctx) {
      const include = (ctx.query as { include?: 'transcript' }).include;
      const { record, content } = await access.sessionAccess(ctx.principal, ctx.params.id!, { content: include === 'transcript' });
      ctx.touched.clientId = record.clientId;
      const view: Record<string, unknown> = sessionView(record, { content });
      if (include === 'transcript') {
        if (!record.transcriptKey || !(await deps.objects.head(deps.config.artifactsBucket, record.transcriptKey))) {
          throw new Problem('not-found', `session ${record.sessionId} has no transcript (status ${record.status})`);
        }
        const bytes = await deps.objects.read(deps.config.artifactsBucket, record.transcriptKey);
        view.transcript = TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
      }
      return json(200, view);
    },
  };
}
