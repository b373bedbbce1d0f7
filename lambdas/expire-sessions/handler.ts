/**
 * ExpireSessions: the consumer of the sessions table's stream that gives an expiry in AWS what the local
 * sweep (local/runtime/retention.ts) and the API's DELETE give an erasure: a deletion receipt and an audit entry.
 *
 * DynamoDB's TTL deletes a session's item once `expiresAt` has passed; the stream carries that deletion
 * as a REMOVE record made by the service principal `dynamodb.amazonaws.com`, with the item as it was
 * (OldImage). For each such session item the handler expires the session (lambdas/use-cases/expire-session.ts:
 * what the item pointed at is erased as a DELETE erases it, the receipt kept, the expiry audited). A user's
 * DELETE also removes items, but as a REMOVE made by a role: it has its own receipt already, and is ignored
 * here, as are the other items (audit entries, idempotency records) the TTL removes.
 *
 * Retried batches are expected (ReportBatchItemFailures, bisection): the receipt's id, its time and the
 * audit entry's request id all derive from the stream record, so a retry writes the same receipt key
 * and the audit log keeps its first entry. Logs hold ids and counts only.
 */
import { createHash } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log.js';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { sessionPk } from '../adapters/dynamodb/session-repository.js';
import { expireSession, type ExpireSessionDeps } from '../use-cases/expire-session.js';
import type { DeletionReceipt } from '../../schemas/api.js';
import { IdSchema } from '../../schemas/session-record.js';
import { objectStore, documentClient, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError, logInfo } from '../shared/observability.js';

/** The principal DynamoDB's TTL deletes items as, in a stream record's userIdentity. */
export const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';

export interface ExpireSessionsDeps extends ExpireSessionDeps {
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

export function createExpireSessionsHandler(deps: ExpireSessionsDeps) {
  const now = deps.now ?? (() => new Date());

  async function expire(record: DynamoDBRecord, session: ExpiredSession, eventId: string): Promise<DeletionReceipt> {
    // When the TTL deleted the item, as the stream says: the same on every retry of the record.
    const seconds = record.dynamodb?.ApproximateCreationDateTime;
    const deletedAt = (typeof seconds === 'number' ? new Date(seconds * 1000) : now()).toISOString();
    return expireSession(deps, session, { receiptId: receiptIdOf(eventId), deletedAt, requestId: eventId });
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

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(config: FunctionConfig<'ExpireSessions'>, clients: Pick<HandlerClients, 'objects' | 'documents'>): ExpireSessionsDeps {
  return {
    objects: clients.objects,
    idempotency: new DynamoIdempotencyStore(clients.documents, config.TABLE_NAME),
    audit: new DynamoAuditLog(clients.documents, config.TABLE_NAME),
    buckets: { uploads: config.UPLOADS_BUCKET, artifacts: config.ARTIFACTS_BUCKET },
  };
}

const config = functionConfig('ExpireSessions');

export const handler = withObservability(
  createExpireSessionsHandler(wire(config, { objects: objectStore(config, 'WHEN_REQUIRED'), documents: documentClient(config.AWS_REGION) })),
);
