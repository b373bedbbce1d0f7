/**
 * Erasure: `DELETE /sessions/{id}` and `DELETE /clients/{clientId}` remove every trace of a session (its
 * upload with every version, transcripts, Transcribe's output, note, alliance scores, the Idempotency-Key
 * records of its creation, and its item) and answer a deletion receipt listing what went. The receipt
 * names ids and keys only, never content.
 *
 * The session item goes last: an erasure that fails midway leaves the item pointing at what is left, so
 * the same DELETE can be sent again. The local runtime's retention sweep (local/retention.ts) erases an
 * expired session with the same functions, so an expiry removes exactly what a DELETE removes.
 */
import { createHash } from 'node:crypto';
import type { DeletionReceipt } from '../../../schemas/api.js';
import type { SessionRecord, SessionStatus } from '../../../schemas/session-record.js';
import type { IdempotencyStore } from '../../ports/idempotency.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { SessionRepository } from '../../ports/session-repository.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import type { Principal } from '../principal.js';
import { Problem } from '../problem.js';
import { canonicalJson } from '../../core/canonical-json.js';

/** A session in these states still has a workflow that will write artifacts: erasing now would not stick. */
export const IN_PROGRESS: readonly SessionStatus[] = ['RECEIVED', 'TRANSCRIBING', 'ANALYZING'];
const RETRY_AFTER_SECONDS = '30';
const PAGE = 100;

/**
 * Where a session's traces are kept: `<prefix>/<tenant>/<client>/<session>.<ext>`, as ValidateUpload,
 * NormalizeTranscript (and Transcribe's OutputKey), GenerateNote and ScoreAlliance write them.
 */
const TRACES = [
  { kind: 'upload', bucket: 'uploads', prefix: 'uploads' },
  { kind: 'transcript', bucket: 'artifacts', prefix: 'transcripts' },
  { kind: 'transcription', bucket: 'artifacts', prefix: 'transcribe' },
  { kind: 'note', bucket: 'artifacts', prefix: 'notes' },
  { kind: 'alliance', bucket: 'artifacts', prefix: 'alliance' },
] as const;

export type Removed = DeletionReceipt['removed'];

/**
 * What erasing a session's traces needs: the stores they are in. The API's DELETE and the local
 * runtime's retention sweep (local/retention.ts) both erase through these, so both remove the same things.
 */
export interface SessionEraserDeps {
  sessions: Pick<SessionRepository, 'delete'>;
  idempotency: Pick<IdempotencyStore, 'removeForSession'>;
  objects: Pick<ObjectStore, 'deletePrefix'>;
  buckets: { uploads: string; artifacts: string };
}

export function emptyTally(): Removed {
  return { sessionRecords: 0, clientRecords: 0, artifacts: [], uploadVersions: 0, idempotencyRecords: 0 };
}

/** Deletes every object under `<prefix>/<rest>` for each trace, tallying what went. */
export async function eraseObjects(deps: Pick<SessionEraserDeps, 'objects' | 'buckets'>, rest: string, tally: Removed): Promise<void> {
  const bucketOf = (trace: (typeof TRACES)[number]) => (trace.bucket === 'uploads' ? deps.buckets.uploads : deps.buckets.artifacts);
  const removed = await Promise.all(TRACES.map(async (trace) => ({ trace, objects: await deps.objects.deletePrefix(bucketOf(trace), `${trace.prefix}/${rest}`) })));
  for (const { trace, objects } of removed) {
    for (const { key, versions } of objects) {
      tally.artifacts.push({ kind: trace.kind, key, versions });
      if (trace.kind === 'upload') tally.uploadVersions += versions;
    }
  }
}

/**
 * Every trace of one session but its item: its objects and its Idempotency-Key records. Used alone where
 * the item is already gone (DynamoDB's TTL deleted it: lambdas/expire-sessions/handler.ts).
 */
export async function eraseSessionContent(
  deps: Omit<SessionEraserDeps, 'sessions'>,
  record: Pick<SessionRecord, 'tenantId' | 'clientId' | 'sessionId'>,
  tally: Removed,
): Promise<void> {
  // The `.` ends the session id: session s1 never takes s10's objects with it.
  await eraseObjects(deps, `${record.tenantId}/${record.clientId}/${record.sessionId}.`, tally);
  tally.idempotencyRecords += await deps.idempotency.removeForSession(record.tenantId, record.sessionId);
}

/** Every trace of one session, its item last (an erasure that fails midway can be sent again). */
export async function eraseSessionTraces(deps: SessionEraserDeps, record: Pick<SessionRecord, 'tenantId' | 'clientId' | 'sessionId'>, tally: Removed): Promise<void> {
  await eraseSessionContent(deps, record, tally);
  if (await deps.sessions.delete({ tenantId: record.tenantId, sessionId: record.sessionId })) tally.sessionRecords += 1;
}

/** Who the receipts and audit entries of an expiry name: no person asked, the retention period did. */
export const RETENTION_ACTOR = 'retention';
/** The audit action of an expiry, in AWS (the TTL's stream consumer) and locally (the sweep). */
export const EXPIRE_ACTION = 'session.expire';

/** The receipt of an erasure: ids, keys and counts, sealed with the SHA-256 of its canonical JSON. */
export function deletionReceipt(
  fields: Pick<DeletionReceipt, 'receiptId' | 'tenantId' | 'scope' | 'clientId' | 'sessionIds' | 'requestedBy' | 'deletedAt'>,
  removed: Removed,
): DeletionReceipt {
  const body: Omit<DeletionReceipt, 'sha256'> = {
    receiptId: fields.receiptId,
    tenantId: fields.tenantId,
    scope: fields.scope,
    clientId: fields.clientId,
    sessionIds: fields.sessionIds,
    requestedBy: fields.requestedBy,
    deletedAt: fields.deletedAt,
    removed: { ...removed, artifacts: [...removed.artifacts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) },
  };
  return { ...body, sha256: createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex') };
}

function inProgressProblem(detail: string): Problem {
  return new Problem('conflict', `${detail}; wait until processing completes or fails, then erase (erasing now would let the workflow write results after the erasure)`, {
    headers: { 'retry-after': RETRY_AFTER_SECONDS },
  });
}

export function createEraseOperations(deps: ApiDeps, access: Access): OperationSet {
  const eraser: SessionEraserDeps = {
    sessions: deps.sessions,
    idempotency: deps.idempotency,
    objects: deps.objects,
    buckets: { uploads: deps.config.uploadsBucket, artifacts: deps.config.artifactsBucket },
  };

  function receipt(principal: Principal, scope: DeletionReceipt['scope'], clientId: string, sessionIds: string[], removed: Removed): DeletionReceipt {
    return deletionReceipt(
      { receiptId: deps.newId(), tenantId: principal.tenantId, scope, clientId, sessionIds, requestedBy: principal.userId, deletedAt: deps.now().toISOString() },
      removed,
    );
  }

  /** Answers the receipt once the local runtime (if any) has made the deleted bytes unreadable. */
  async function answer(ctx: RequestContext, erased: DeletionReceipt) {
    await deps.afterErase?.();
    ctx.touched.receiptId = erased.receiptId;
    return json(200, erased);
  }

  /** Every session of the client, through every page. */
  async function sessionsOf(tenantId: string, clientId: string): Promise<SessionRecord[]> {
    const all: SessionRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.sessions.listByClient(tenantId, clientId, { limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return all;
  }

  return {
    async deleteSession(ctx: RequestContext) {
      const { principal } = ctx;
      const id = ctx.params.id!;
      const record = await access.session(principal, id, { content: true });
      ctx.touched.sessionId = record.sessionId;
      ctx.touched.clientId = record.clientId;
      if (IN_PROGRESS.includes(record.status)) throw inProgressProblem(`session ${id} is still being processed (${record.status})`);

      const removed = emptyTally();
      await eraseSessionTraces(eraser, record, removed);
      return answer(ctx, receipt(principal, 'session', record.clientId, [record.sessionId], removed));
    },

    async deleteClient(ctx: RequestContext) {
      const { principal } = ctx;
      const clientId = ctx.params.clientId!;
      const assignment = await access.client(principal, clientId);
      ctx.touched.clientId = clientId;
      const sessions = await sessionsOf(principal.tenantId, clientId);
      if (!assignment && sessions.length === 0) throw new Problem('not-found', `no client ${clientId} exists, or it is not one of yours`);
      const busy = sessions.filter((s) => IN_PROGRESS.includes(s.status)).map((s) => s.sessionId);
      if (busy.length > 0) throw inProgressProblem(`client ${clientId} has sessions still being processed (${busy.join(', ')}); nothing was erased`);

      const removed = emptyTally();
      for (const session of sessions) await eraseSessionTraces(eraser, session, removed);
      // Objects no item points at any more (an erasure interrupted earlier, a rejected upload).
      await eraseObjects(eraser, `${principal.tenantId}/${clientId}/`, removed);
      if (await deps.clients.remove(principal.tenantId, clientId)) removed.clientRecords += 1;
      return answer(ctx, receipt(principal, 'client', clientId, sessions.map((s) => s.sessionId), removed));
    },
  };
}
