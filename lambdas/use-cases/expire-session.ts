/**
 * Expiring a session in AWS, once DynamoDB's TTL has deleted its item: what the item pointed at is erased
 * exactly as a DELETE erases it (erase-session.ts), the receipt is written to the artifacts bucket under
 * `receipts/<tenant>/<yyyy-mm-dd>/<receiptId>.json`, and `session.expire` is recorded in the audit trail.
 * ExpireSessions calls this for each TTL deletion its stream delivers.
 *
 * Every step can be repeated: the caller derives the receipt's id, its time and the audit entry's request
 * id from the deletion, so a retry writes the same receipt key and the audit log keeps its first entry.
 */
import { DeletionReceiptSchema, type DeletionReceipt } from '../../schemas/api.js';
import { receiptKey } from '../../schemas/storage-layout.js';
import { deletionReceipt, emptyTally, EXPIRE_ACTION, RETENTION_ACTOR } from '../core/erasure/receipt.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { ObjectStore } from '../ports/object-store.js';
import { eraseSessionContent, type SessionEraserDeps, type SessionIds } from './erase-session.js';

/** The audit entry's route: the deletion came from the table's TTL, not an API route. */
export const TTL_ROUTE = 'ttl';

export interface ExpireSessionDeps extends Omit<SessionEraserDeps, 'sessions' | 'objects'> {
  objects: Pick<ObjectStore, 'deletePrefix' | 'write'>;
  audit: Pick<AuditLog, 'record'>;
}

export interface Expiry {
  receiptId: string;
  /** When the TTL deleted the item (ISO 8601). */
  deletedAt: string;
  /** The audit entry's request id: the same on every retry, so the entry is recorded once. */
  requestId: string;
}

/** Where an expiry's receipt is kept (schemas/storage-layout.ts). */
export { receiptKey };

/** Erases what the expired session's item pointed at, keeps the receipt and audits the expiry; answers the receipt. */
export async function expireSession(deps: ExpireSessionDeps, session: SessionIds, expiry: Expiry): Promise<DeletionReceipt> {
  const removed = emptyTally();
  await eraseSessionContent(deps, session, removed);
  // The TTL removed the item itself; the receipt counts it all the same.
  removed.sessionRecords = 1;
  const receipt = deletionReceipt(
    {
      receiptId: expiry.receiptId,
      tenantId: session.tenantId,
      scope: 'session',
      clientId: session.clientId,
      sessionIds: [session.sessionId],
      requestedBy: RETENTION_ACTOR,
      deletedAt: expiry.deletedAt,
    },
    removed,
  );
  // The schema keeps a receipt to its fields: ids, keys and counts, never content.
  await deps.objects.write(deps.buckets.artifacts, receiptKey(receipt), JSON.stringify(DeletionReceiptSchema.parse(receipt)), 'application/json');
  await deps.audit.record({
    tenantId: session.tenantId,
    at: expiry.deletedAt,
    actor: RETENTION_ACTOR,
    roles: [],
    action: EXPIRE_ACTION,
    method: 'DELETE',
    route: TTL_ROUTE,
    status: 200,
    clientId: session.clientId,
    sessionId: session.sessionId,
    receiptId: receipt.receiptId,
    // The audit log keeps the first entry of a request id: a retried record is recorded once.
    requestId: expiry.requestId,
  });
  return receipt;
}
