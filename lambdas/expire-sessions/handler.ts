/**
 * ExpireSessions: the consumer of the sessions table's stream that gives an expiry in AWS what the local
 * sweep (local/retention.ts) and the API's DELETE give an erasure: a deletion receipt and an audit entry.
 *
 * DynamoDB's TTL deletes a session's item once `expiresAt` has passed; the stream carries that deletion
 * as a REMOVE record made by the service principal `dynamodb.amazonaws.com`, with the item as it was
 * (OldImage). For each such session item the handler erases what the item pointed at, exactly as the
 * erase operation does (lambdas/api/operations/erase.ts: the upload with every version, transcripts,
 * Transcribe's output, note, alliance scores, the Idempotency-Key records), writes the receipt to the
 * artifacts bucket under `receipts/<tenant>/<yyyy-mm-dd>/<receiptId>.json` (encrypted with the
 * deployment's key) and records `session.expire` in the audit trail. A user's DELETE also removes items,
 * but as a REMOVE made by a role: it has its own receipt already, and is ignored here, as are the other
 * items (audit entries, idempotency records) the TTL removes.
 *
 * Retried batches are expected (ReportBatchItemFailures, bisection): the receipt's id, its time and the
 * audit entry's request id all derive from the stream record, so a retry writes the same receipt key
 * and the audit log keeps its first entry. Logs hold ids and counts only.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log.js';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { sessionPk } from '../adapters/dynamodb/session-repository.js';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import { deletionReceipt, emptyTally, eraseSessionContent, EXPIRE_ACTION, RETENTION_ACTOR, type SessionEraserDeps } from '../api/operations/erase.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { ObjectStore } from '../ports/object-store.js';
import { DeletionReceiptSchema, type DeletionReceipt } from '../../schemas/api.js';
import { IdSchema } from '../../schemas/session-record.js';
import { pickConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError, logInfo } from '../shared/observability.js';

/** The principal DynamoDB's TTL deletes items as, in a stream record's userIdentity. */
export const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';
/** Where the receipts of expiries are kept in the artifacts bucket. */
export const RECEIPTS_PREFIX = 'receipts/';
/** The audit entry's route: the deletion came from the table's TTL, not an API route. */
export const TTL_ROUTE = 'ttl';

export interface ExpireSessionsDeps extends Omit<SessionEraserDeps, 'sessions' | 'objects'> {
  objects: Pick<ObjectStore, 'deletePrefix' | 'write'>;
  audit: Pick<AuditLog, 'record'>;
  /** When a record carries no ApproximateCreationDateTime. @default () => new Date() */
  now?: () => Date;
}

/** The fields of a session item an expiry needs: its key and its ids, nothing of its content. */
const ExpiredSessionSchema = z.object({
  pk: z.string(),
  sk: z.literal('SESSION'),
  tenantId: IdSchema,
  clientId: IdSchema,
  sessionId: IdSchema,
});
type ExpiredSession = z.infer<typeof ExpiredSessionSchema>;

/** The session a TTL deletion removed, or null for any other record (a user's DELETE, another item kind). */
export function expiredSessionOf(record: DynamoDBRecord): ExpiredSession | null {
  if (record.eventName !== 'REMOVE') return null;
  if (record.userIdentity?.type !== 'Service' || record.userIdentity.principalId !== TTL_PRINCIPAL) return null;
  const image = record.dynamodb?.OldImage;
  if (!image) return null;
  const parsed = ExpiredSessionSchema.safeParse(unmarshall(image as Record<string, AttributeValue>));
  if (!parsed.success) return null;
  const session = parsed.data;
  // The key must be the session's own: ids and key that disagree are not a session item.
  return session.pk === sessionPk(session.tenantId, session.sessionId) ? session : null;
}

/** A receipt id that is the same on every delivery of the record: a retry overwrites, never adds, a receipt. */
export function receiptIdOf(eventId: string): string {
  const hex = createHash('sha256').update(`ttl:${eventId}`, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function receiptKey(receipt: Pick<DeletionReceipt, 'tenantId' | 'deletedAt' | 'receiptId'>): string {
  return `${RECEIPTS_PREFIX}${receipt.tenantId}/${receipt.deletedAt.slice(0, 10)}/${receipt.receiptId}.json`;
}

export function createExpireSessionsHandler(deps: ExpireSessionsDeps) {
  const now = deps.now ?? (() => new Date());

  async function expire(record: DynamoDBRecord, session: ExpiredSession, eventId: string): Promise<DeletionReceipt> {
    // When the TTL deleted the item, as the stream says: the same on every retry of the record.
    const seconds = record.dynamodb?.ApproximateCreationDateTime;
    const deletedAt = (typeof seconds === 'number' ? new Date(seconds * 1000) : now()).toISOString();
    const removed = emptyTally();
    await eraseSessionContent(deps, session, removed);
    // The TTL removed the item itself; the receipt counts it all the same.
    removed.sessionRecords = 1;
    const receipt = deletionReceipt(
      { receiptId: receiptIdOf(eventId), tenantId: session.tenantId, scope: 'session', clientId: session.clientId, sessionIds: [session.sessionId], requestedBy: RETENTION_ACTOR, deletedAt },
      removed,
    );
    // The schema keeps a receipt to its fields: ids, keys and counts, never content.
    await deps.objects.write(deps.buckets.artifacts, receiptKey(receipt), JSON.stringify(DeletionReceiptSchema.parse(receipt)), 'application/json');
    await deps.audit.record({
      tenantId: session.tenantId,
      at: deletedAt,
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
      requestId: eventId,
    });
    return receipt;
  }

  return async function expireSessions(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records ?? []) {
      const session = expiredSessionOf(record);
      if (!session) continue;
      const fields = { tenantId: session.tenantId, clientId: session.clientId, sessionId: session.sessionId };
      const sequence = record.dynamodb?.SequenceNumber;
      try {
        if (!record.eventID) throw new Error('the stream record has no eventID');
        const receipt = await expire(record, session, record.eventID);
        const versionsDeleted = receipt.removed.artifacts.reduce((sum, artifact) => sum + artifact.versions, 0);
        logInfo('expired session erased', { ...fields, receiptId: receipt.receiptId, versionsDeleted });
      } catch (error) {
        // Retried from this record on (Lambda's ReportBatchItemFailures); every step above can be repeated.
        logError('expired session not erased', error, fields);
        if (sequence) batchItemFailures.push({ itemIdentifier: sequence });
        else throw error;
      }
    }
    return { batchItemFailures };
  };
}

const config = pickConfig(['TABLE_NAME', 'UPLOADS_BUCKET', 'ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'AWS_REGION']);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }), { marshallOptions: { removeUndefinedValues: true } });

export const handler = withObservability(
  createExpireSessionsHandler({
    objects: new S3ObjectStore({ client: new S3Client({ region: config.AWS_REGION, requestChecksumCalculation: 'WHEN_REQUIRED' }), kmsKeyId: config.KMS_KEY_ID }),
    idempotency: new DynamoIdempotencyStore(documents, config.TABLE_NAME),
    audit: new DynamoAuditLog(documents, config.TABLE_NAME),
    buckets: { uploads: config.UPLOADS_BUCKET, artifacts: config.ARTIFACTS_BUCKET },
  }),
);
