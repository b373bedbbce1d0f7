/**
 * Creating and reading sessions.
 *
 * POST /sessions: what is checked, recorded and stored is the use case's (lambdas/use-cases/create-session.ts):
 * a presigned PUT for a recording (201), or an inline transcript written to the uploads bucket (202). Here
 * are the caller, the HTTP answer and the problem each refusal is.
 */
import {
  ClientOfAnotherClinicianError,
  createSession,
  SessionRequestError,
  TooLargeError,
  UnsupportedMediaError,
  type CreatedSession,
  type CreateSessionDeps,
} from '../../use-cases/create-session.js';
import type { CreateSessionRequest } from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { TranscriptSchema } from '../../../schemas/transcript.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { Problem } from '../problem.js';
import { allianceWithoutQuotes, riskWithoutQuotes } from './risk.js';

/** Runs the use case; its refusals become the problems the caller is answered (any other error is the handler's to map). */
async function refusingAsProblems<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof ClientOfAnotherClinicianError) throw new Problem('forbidden', error.message);
    if (!(error instanceof SessionRequestError)) throw error;
    const type = error instanceof UnsupportedMediaError ? 'unsupported-media-type' : error instanceof TooLargeError ? 'payload-too-large' : 'invalid-request';
    throw new Problem(type, error.message, { errors: [error.field] });
  }
}

function created(session: CreatedSession) {
  const { sessionId, clientId, status } = session;
  const location = { location: `/sessions/${sessionId}` };
  if (status === 'RECEIVED') return json(202, { sessionId, clientId, status }, location);
  const { url, headers, expiresAt, maxBytes } = session.upload;
  return json(201, { sessionId, clientId, status, upload: { url, method: 'PUT', headers, expiresAt, maxBytes } }, location);
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
  const creator: CreateSessionDeps = {
    sessions: deps.sessions,
    clients: deps.clients,
    objects: deps.objects,
    uploads: { bucket: deps.config.uploadsBucket, maxBytes: deps.config.maxUploadBytes, urlSeconds: deps.config.uploadUrlSeconds },
    now: deps.now,
    newId: deps.newId,
  };

  return {
    async createSession(ctx: RequestContext<unknown, CreateSessionRequest>) {
      // The audit names the session from the moment it exists, even when its upload step then fails.
      const onRecorded = ({ sessionId, clientId }: Pick<SessionRecord, 'sessionId' | 'clientId'>) => Object.assign(ctx.touched, { sessionId, clientId });
      return created(await refusingAsProblems(() => createSession(creator, ctx.principal, ctx.body, { onRecorded })));
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
