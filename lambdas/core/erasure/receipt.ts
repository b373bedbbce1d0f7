/**
 * What an erasure is, whoever asks for it (a user's DELETE, the retention period): which sessions may be
 * erased now, and the receipt that lists what went. A receipt names ids and keys only, never content.
 */
import { createHash } from 'node:crypto';
import type { DeletionReceipt } from '../../../schemas/api.js';
import type { SessionStatus } from '../../../schemas/session-record.js';
import { canonicalJson } from '../canonical-json.js';

/** A session in these states still has a workflow that will write artifacts: erasing now would not stick. */
export const IN_PROGRESS: readonly SessionStatus[] = ['RECEIVED', 'TRANSCRIBING', 'ANALYZING'];

/** Who the receipts and audit entries of an expiry name: no person asked, the retention period did. */
export const RETENTION_ACTOR = 'retention';
/** The audit action of an expiry, in AWS (the TTL's stream consumer) and locally (the sweep). */
export const EXPIRE_ACTION = 'session.expire';

export type Removed = DeletionReceipt['removed'];

/** Who asked for an erasure, when, and the receipt's id. */
export type ErasureRequest = Pick<DeletionReceipt, 'receiptId' | 'requestedBy' | 'deletedAt'>;

export function emptyTally(): Removed {
  return { sessionRecords: 0, clientRecords: 0, artifacts: [], uploadVersions: 0, idempotencyRecords: 0 };
}

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
