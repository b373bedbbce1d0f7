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
 *
 * One erasure at a time: before erasing, a session is claimed with a conditional write on its item (the
 * claim names the receipt to come). Of concurrent erasures of one session exactly one wins and answers the
 * receipt; the others are refused with {@link ErasureInProgressError} naming that receipt, or, once the item
 * is gone, NotFoundError, as any later erasure is. A partner that wants the same answer for a retried DELETE
 * sends an Idempotency-Key, as for any other request.
 *
 * A session still being processed is refused, unless its last change is older than the workflow's time limit
 * (WORKFLOW_TIMEOUT_MS, the state machine's timeout): then no execution is left that could write to it (a
 * crash or stop mid-processing), and it is erased like any other.
 */
import type { SessionRecord } from '../../schemas/session-record.js';
import type { DeletionReceipt } from '../../schemas/api.js';
import { SESSION_TRACES, sessionKeyPrefix } from '../../schemas/storage-layout.js';
import { WORKFLOW_TIMEOUT_MS } from '../../schemas/workflow.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { deletionReceipt, emptyTally, IN_PROGRESS, type ErasureRequest, type Removed } from '../core/erasure/receipt.js';
import type { IdempotencyStore } from '../ports/idempotency.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { ErasureClaims } from '../ports/session-lifecycle.js';
import type { SessionRepository } from '../ports/session-repository.js';

/**
 * A claim older than this belongs to an erasure that died midway (the API function's timeout is well under
 * it): a new erasure of the session takes it over instead of waiting for nothing.
 */
export const ERASURE_ABANDONED_AFTER_MS = 60_000;

/** What erasing a session's traces needs: the stores they are in. */
export interface SessionEraserDeps {
  /**
   * The session items. A store that can claim a session for one erasure (ErasureClaims: DynamoDB, dynalite)
   * is asked to; without it (the in-memory test ports) sessions are erased unclaimed.
   */
  sessions: Pick<SessionRepository, 'delete'> & Partial<ErasureClaims>;
  idempotency: Pick<IdempotencyStore, 'removeForSession'>;
  objects: Pick<ObjectStore, 'deletePrefix'>;
  buckets: { uploads: string; artifacts: string };
}

export type SessionIds = Pick<SessionRecord, 'tenantId' | 'clientId' | 'sessionId'>;

/**
 * An erasure refused because a session is still being processed (its workflow would write results after
 * the erasure: ask again once processing has completed or failed), or because another request is erasing it.
 */
export class ErasureInProgressError extends ConflictError {
  constructor(
    detail: string,
    /** The sessions still being processed, or being erased. */
    readonly sessionIds: string[],
    advice = 'wait until processing completes or fails, then erase (erasing now would let the workflow write results after the erasure)',
  ) {
    super(`${detail}; ${advice}`, 'erasure_in_progress');
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
 * Whether a session's workflow may still write to it: it is being processed, and its last change is more
 * recent than the workflow's time limit. A session stuck in processing for longer (its execution crashed or
 * was stopped) may be erased.
 */
export function stillProcessing(record: Pick<SessionRecord, 'status' | 'updatedAt'>, now: Date): boolean {
  if (!IN_PROGRESS.includes(record.status)) return false;
  const changed = Date.parse(record.updatedAt);
  return !(Number.isFinite(changed) && now.getTime() - changed > WORKFLOW_TIMEOUT_MS);
}

/**
 * Erases one session and answers its receipt. A session still being processed ({@link stillProcessing}), or
 * being erased by another request, is refused with {@link ErasureInProgressError}, and nothing is erased;
 * one another request has just erased is NotFoundError.
 */
export async function eraseSession(
  deps: SessionEraserDeps,
  record: SessionIds & Pick<SessionRecord, 'status' | 'updatedAt'>,
  request: ErasureRequest,
): Promise<DeletionReceipt> {
  const now = new Date(request.deletedAt);
  if (stillProcessing(record, now)) {
    throw new ErasureInProgressError(`session ${record.sessionId} is still being processed (${record.status})`, [record.sessionId]);
  }
  const key = { tenantId: record.tenantId, sessionId: record.sessionId };
  const { claimErasure, releaseErasure } = deps.sessions;
  if (claimErasure) {
    const answer = await claimErasure.call(
      deps.sessions,
      key,
      { receiptId: request.receiptId, requestedBy: request.requestedBy, claimedAt: now.toISOString() },
      {
        abandonedBefore: new Date(now.getTime() - ERASURE_ABANDONED_AFTER_MS).toISOString(),
        stuckBefore: new Date(now.getTime() - WORKFLOW_TIMEOUT_MS).toISOString(),
      },
    );
    if (!answer.claimed) {
      if (answer.reason === 'gone') throw new NotFoundError(`session ${record.sessionId} was erased by another request`, 'session_not_found');
      if (answer.reason === 'claimed') {
        throw new ErasureInProgressError(
          `session ${record.sessionId} is being erased by another request, whose answer is the receipt ${answer.heldBy.receiptId}`,
          [record.sessionId],
          'nothing more to do: once that erasure is done the session answers 404 (send an Idempotency-Key to have a retried DELETE answer its first receipt)',
        );
      }
      throw new ErasureInProgressError(`session ${record.sessionId} is still being processed`, [record.sessionId]);
    }
  }
  const removed = emptyTally();
  try {
    await eraseSessionTraces(deps, record, removed);
  } catch (error) {
    // Let go at once, so the erasure can be asked for again without waiting for the claim to be abandoned.
    await releaseErasure?.call(deps.sessions, key, request.receiptId).catch(() => undefined);
    throw error;
  }
  return deletionReceipt({ ...request, tenantId: record.tenantId, scope: 'session', clientId: record.clientId, sessionIds: [record.sessionId] }, removed);
}
