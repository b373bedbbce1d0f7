/**
 * The DynamoDB adapter of the WebhookRegistry port: one item per webhook, in one partition per tenant.
 *
 * Key design (the table the session repository uses): `pk` = `TENANT#<tenant>#WEBHOOKS`,
 * `sk` = `WEBHOOK#<webhookId>`, and no `gsi1*` attributes, so webhooks never show in the byClient index.
 * The tenant is in the partition key and ids are IdSchema-valid (no `#`), so no read or write can reach
 * another tenant's webhooks, and a tenant's list is one Query.
 *
 * The secret is stored as the admin gave it, not hashed: an HMAC is computed with the secret itself, so
 * the delivery function must be able to read it back (a hash could only check a secret, not sign with
 * it). It is protected by the table's encryption at rest with the customer-managed KMS key, by IAM (only
 * the API and delivery functions can read the table) and by never leaving the service again: the API
 * answers a webhook without it, and nothing logs it.
 */
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AttuneError, ConflictError, InvalidInputError } from '../../core/errors.js';
import type { WebhookRegistry, WebhookSubscription } from '../../ports/webhook-registry.js';
import { WebhookEventTypeSchema } from '../../../schemas/api.js';
import { IdSchema } from '../../../schemas/session-record.js';
import { badFields, isConditionalFailure, validId } from './keys.js';

const KEY_ATTRIBUTES = ['pk', 'sk'] as const;

const StoredWebhookSchema = z.object({
  tenantId: IdSchema,
  webhookId: IdSchema,
  url: z.string().min(1),
  secret: z.string().min(1),
  events: z.array(WebhookEventTypeSchema).min(1),
  createdAt: z.string(),
  createdBy: z.string(),
});

/** An item that no longer matches the schema (names the fields, never their values: one is the secret). */
export class CorruptWebhookError extends AttuneError {
  constructor(fields: string) {
    super(`a stored webhook does not match the schema (${fields}); check for a manual edit, or delete the webhook and register it again`, 'corrupt_webhook');
  }
}

export function webhooksPk(tenantId: string): string {
  return `TENANT#${validId(tenantId, 'tenant')}#WEBHOOKS`;
}

export function webhookSk(webhookId: string): string {
  return `WEBHOOK#${validId(webhookId, 'webhook')}`;
}

function toSubscription(item: Record<string, unknown>): WebhookSubscription {
  const content = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete content[attribute];
  const parsed = StoredWebhookSchema.safeParse(content);
  if (!parsed.success) throw new CorruptWebhookError(badFields(parsed.error.issues));
  return parsed.data;
}

export class DynamoWebhookRegistry implements WebhookRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Conditional on the id being new: an id collision is a conflict, never an overwrite of someone's secret. */
  async add(subscription: WebhookSubscription): Promise<void> {
    const parsed = StoredWebhookSchema.safeParse(subscription);
    if (!parsed.success) {
      throw new InvalidInputError(`the webhook is not valid (${badFields(parsed.error.issues)})`, 'invalid_webhook');
    }
    const valid = parsed.data;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: webhooksPk(valid.tenantId), sk: webhookSk(valid.webhookId), ...valid },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      throw new ConflictError(`a webhook ${valid.webhookId} already exists for this tenant; register it again for a new id`, 'webhook_exists');
    }
  }

  /** Every webhook of the tenant, oldest first; consistent, so a limit checked on it sees the last add. */
  async list(tenantId: string): Promise<WebhookSubscription[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': webhooksPk(tenantId), ':prefix': 'WEBHOOK#' },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items
      .map(toSubscription)
      .filter((webhook) => webhook.tenantId === tenantId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.webhookId.localeCompare(b.webhookId));
  }

  async remove(tenantId: string, webhookId: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: webhooksPk(tenantId), sk: webhookSk(webhookId) },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
