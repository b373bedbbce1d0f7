/**
 * Erasing a session: its upload with every version, transcripts, Transcribe's output, note, alliance
 * scores, the Idempotency-Key records of every request about it (its creation, its note's signature, whose
 * kept answer holds the note), and its item, answered by a deletion receipt that
 * lists what went (ids and keys only, never content). `DELETE /sessions/{id}`, the local runtime's
 * retention sweep (local/runtime/retention.ts) and, for a session whose item DynamoDB's TTL already removed,
 * ExpireSessions (expire-session.ts) all erase through here, so each removes exactly the same things.
 *
 * The session item goes last: an erasure that fails midway leaves the item pointing at what is left, so
 * the same erasure can be asked for again.
 */
import type { SessionRecord } from '../../schemas/session-record.js';
import type { DeletionReceipt } from '../../schemas/api.js';
import { SESSION_TRACES, sessionKeyPrefix } from '../../schemas/storage-layout.js';
import { ConflictError } from '../core/errors.js';
import { deletionReceipt, emptyTally, IN_PROGRESS, type ErasureRequest, type Removed } from '../core/erasure/receipt.js';
import type { IdempotencyStore } from '../ports/idempotency.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';

/** What erasing a session's traces needs: the stores they are in. */
export interface SessionEraserDeps {
  sessions: Pick<SessionRepository, 'delete'>;
  idempotency: Pick<IdempotencyStore, 'removeForSession'>;
  objects: Pick<ObjectStore, 'deletePrefix'>;
  buckets: { uploads: string; artifacts: string };
}

export type SessionIds = Pick<SessionRecord, 'tenantId' | 'clientId' | 'sessionId'>;

/**
 * An erasure refused because a session is still being processed: its workflow would write results after
 * the erasure. Ask again once processing has completed or failed.
 */
export class ErasureInProgressError extends ConflictError {
  constructor(
    detail: string,
    /** The sessions still being processed. */
    readonly sessionIds: string[],
  ) {
    super(
      `${detail}; wait until processing completes or fails, then erase (erasing now would let the workflow write results after the erasure)`,
      'erasure_in_progress',
    );
  }
}

/**
 * Deletes every object under `keyPrefixOf(prefix)` for each of a session's trace prefixes
 * (schemas/storage-layout.ts), tallying what went.
 */
export async function eraseObjects(
  deps: Pick<SessionEraserDeps, 'objects' | 'buckets'>,
  keyPrefixOf: (prefix: string) => string,
  tally: Removed,
): Promise<void> {
  const bucketOf = (trace: (typeof SESSION_TRACES)[number]) => (trace.bucket === 'uploads' ? deps.buckets.uploads : deps.buckets.artifacts);
  const removed = await Promise.all(
    SESSION_TRACES.map(async (trace) => ({ trace, objects: await deps.objects.deletePrefix(bucketOf(trace), keyPrefixOf(trace.prefix)) })),
  );
  for (const { trace, objects } of removed) {
    for (const { key, versions } of objects) {
      tally.artifacts.push({ kind: trace.kind, key, versions });
      if (trace.kind === 'upload') tally.uploadVersions += versions;
    }
  }
}

/** Every trace of one session but its item: its objects and its Idempotency-Key records. */
export async function eraseSessionContent(deps: Omit<SessionEraserDeps, 'sessions'>, session: SessionIds, tally: Removed): Promise<void> {
  // The session's prefix ends its id with a `.`: session s1 never takes s10's objects with it.
  await eraseObjects(deps, (prefix) => sessionKeyPrefix(prefix, session), tally);
  tally.idempotencyRecords += await deps.idempotency.removeForSession(session.tenantId, session.sessionId);
}

/** Every trace of one session, its item last (an erasure that fails midway can be asked for again). */
export async function eraseSessionTraces(deps: SessionEraserDeps, session: SessionIds, tally: Removed): Promise<void> {
  await eraseSessionContent(deps, session, tally);
  if (await deps.sessions.delete({ tenantId: session.tenantId, sessionId: session.sessionId })) tally.sessionRecords += 1;
}

/**
 * Erases one session and answers its receipt. A session still being processed is refused with
 * {@link ErasureInProgressError}, and nothing is erased.
 */
export async function eraseSession(
  deps: SessionEraserDeps,
  record: SessionIds & Pick<SessionRecord, 'status'>,
  request: ErasureRequest,
): Promise<DeletionReceipt> {
  if (IN_PROGRESS.includes(record.status)) {
    throw new ErasureInProgressError(`session ${record.sessionId} is still being processed (${record.status})`, [record.sessionId]);
  }
  const removed = emptyTally();
  await eraseSessionTraces(deps, record, removed);
  return deletionReceipt({ ...request, tenantId: record.tenantId, scope: 'session', clientId: record.clientId, sessionIds: [record.sessionId] }, removed);
}
