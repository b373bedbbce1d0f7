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
import { readSessionTranscript } from '../../use-cases/session-note.js';
import type { z } from 'zod';
import type { CreateSessionRequest } from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import type { GetSessionQuerySchema } from '../../../schemas/routes.js';
import { transcriptPage } from '../../core/transcript/index.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { Problem } from '../problem.js';
import { withoutKeys, type Without } from '../projection.js';

type GetSessionQuery = z.infer<typeof GetSessionQuerySchema>;

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
 * The keys a supervisor never reads of a session, at any depth. Every verbatim stretch of a transcript the
 * engine keeps is a `quote` (alliance evidence, goal agreement evidence, rupture markers, risk findings and
 * denials), so a field added to any of them later is covered without a change here; `attestation` is what
 * the clinician wrote when signing the note (as a signed plan's is: operations/plans.ts).
 */
const SUPERVISOR_HIDDEN = ['quote', 'attestation'] as const;
export type WithoutQuotes<T> = Without<T, (typeof SUPERVISOR_HIDDEN)[number]>;
export const withoutQuotes: <T>(value: T) => WithoutQuotes<T> = withoutKeys(SUPERVISOR_HIDDEN);

/**
 * What the API shows of a session to those who may read its content (its clinician, admins): not storage
 * keys, the execution ARN (it names the account) or superseded notes. Never the supervision report: it has
 * its own route, for the session's clinician and supervisors only (operations/supervision.ts).
 */
export function contentView(record: SessionRecord) {
  const { transcriptKey: _t, executionId: _e, noteHistory: _h, expiresAt: _x, supervision: _s, upload, note, ...view } = record;
  return {
    ...view,
    ...(upload ? { upload: { kind: upload.kind, bytes: upload.bytes } } : {}),
    ...(note ? { note, noteVersion: record.noteVersion ?? 1 } : {}),
  };
}

export type ContentView = ReturnType<typeof contentView>;
/** A supervisor's view: scores, flags, turn ids, risk levels and statuses; no note, no quote and no signer's attestation. */
export type SupervisorView = WithoutQuotes<Omit<ContentView, 'note'>>;

/** The one projection from what a clinician reads of a session to what a supervisor reads of it. */
export function supervisorView(view: ContentView): SupervisorView {
  const { note: _n, ...rest } = view;
  return withoutQuotes(rest);
}

/** A session as `reader` may see it: whole for those who may read its content, else the supervisor's projection. */
export function sessionView(record: SessionRecord, reader: { content: boolean }): ContentView | SupervisorView {
  return reader.content ? contentView(record) : supervisorView(contentView(record));
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
      const { include, turnsFrom, turnsLimit } = ctx.query as GetSessionQuery;
      const { record, content } = await access.sessionAccess(ctx.principal, ctx.params.id!, { content: include === 'transcript' });
      ctx.touched.clientId = record.clientId;
      const view: Record<string, unknown> = sessionView(record, { content });
      if (include === 'transcript') {
        const transcript = await readSessionTranscript(deps.objects, deps.config.artifactsBucket, record);
        if (!transcript) throw new Problem('not-found', `this session has no transcript (status ${record.status})`);
        // A page at a time: a whole long transcript would be over API Gateway's and Lambda's 6 MB response limit.
        const next = (from: number) => `/sessions/${record.sessionId}?include=transcript&turnsFrom=${from}&turnsLimit=${turnsLimit}`;
        view.transcript = transcriptPage(transcript, turnsFrom, turnsLimit, next);
      }
      return json(200, view);
    },
  };
}
