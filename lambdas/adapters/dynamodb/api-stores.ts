/** Every table-backed port the API uses, on one table: the same in AWS and in the local runtime. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from './audit-log.js';
import { DynamoClientDirectory } from './client-directory.js';
import { DynamoIdempotencyStore } from './idempotency-store.js';
import { DynamoSessionRepository } from './session-repository.js';
import { DynamoWebhookRegistry } from './webhook-registry.js';

export function dynamoApiStores(documents: DynamoDBDocumentClient, tableName: string) {
  return {
    sessions: new DynamoSessionRepository(documents, tableName),
    clients: new DynamoClientDirectory(documents, tableName),
    idempotency: new DynamoIdempotencyStore(documents, tableName),
    audit: new DynamoAuditLog(documents, tableName),
    webhooks: new DynamoWebhookRegistry(documents, tableName),
  };
}
