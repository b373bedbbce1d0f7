import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptWebhookError, DynamoWebhookRegistry } from '../../../lambdas/adapters/dynamodb/webhook-registry.js';
import { ConflictError, InvalidInputError } from '../../../lambdas/core/errors.js';
import type { WebhookSubscription } from '../../../lambdas/ports/webhook-registry.js';

const TABLE = 'attune-sessions';
const SECRET = 'whsec_0123456789abcdef0123456789abcdef';

const dynamo = mockClient(DynamoDBDocumentClient);
let registry: DynamoWebhookRegistry;

beforeEach(() => {
  dynamo.reset();
  registry = new DynamoWebhookRegistry(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);
});
afterEach(() => dynamo.reset());

function webhook(overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
  return {
    tenantId: 'acme',
    webhookId: 'wh-1',
    url: 'https://ehr.example.com/attune?token=abc',
    secret: SECRET,
    events: ['session.completed', 'session.failed'],
    createdAt: '2026-10-01T12:00:00.000Z',
    createdBy: 'admin-1',
    ...overrides,
  };
}

const stored = (w: WebhookSubscription) => ({ pk: `TENANT#${w.tenantId}#WEBHOOKS`, sk: `WEBHOOK#${w.webhookId}`, ...w });

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
}

describe('DynamoWebhookRegistry.add', () => {
  it("puts one item in the tenant's webhook partition, secret as given, no index attributes, never overwriting", async () => {
    dynamo.on(PutCommand).resolves({});

    await registry.add(webhook());

    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.TableName).toBe(TABLE);
    expect(input.Item).toEqual({ pk: 'TENANT#acme#WEBHOOKS', sk: 'WEBHOOK#wh-1', ...webhook() });
    expect(Object.keys(input.Item ?? {}).filter((k) => k.startsWith('gsi'))).toEqual([]);
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers a conflict when the id is taken, and does not say what the existing webhook holds', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());

    const attempt = registry.add(webhook());

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.not.toThrow(SECRET);
  });

  it('refuses ids that could reach into another partition, before calling DynamoDB', async () => {
    await expect(registry.add(webhook({ tenantId: 'acme#WEBHOOKS' }))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(registry.add(webhook({ webhookId: 'x#y' }))).rejects.toBeInstanceOf(InvalidInputError);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('DynamoWebhookRegistry.list', () => {
  it("queries only the tenant's partition, consistently, and answers the webhooks oldest first without key attributes", async () => {
    const older = webhook({ webhookId: 'wh-a', createdAt: '2026-09-01T00:00:00.000Z' });
    const newer = webhook({ webhookId: 'wh-b', events: ['session.failed'] });
    dynamo.on(QueryCommand).resolves({ Items: [stored(newer), stored(older)] });

    const list = await registry.list('acme');

    expect(list).toEqual([older, newer]);
    const input = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#WEBHOOKS', ':prefix': 'WEBHOOK#' },
      ConsistentRead: true,
    });
    expect(input.IndexName).toBeUndefined();
  });

  it('follows LastEvaluatedKey to the end', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored(webhook({ webhookId: 'wh-1' }))], LastEvaluatedKey: { pk: 'TENANT#acme#WEBHOOKS', sk: 'WEBHOOK#wh-1' } })
      .resolvesOnce({ Items: [stored(webhook({ webhookId: 'wh-2' }))] });

    const list = await registry.list('acme');

    expect(list.map((w) => w.webhookId)).toEqual(['wh-1', 'wh-2']);
    expect(dynamo.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ pk: 'TENANT#acme#WEBHOOKS', sk: 'WEBHOOK#wh-1' });
  });

  it('answers an empty list for a tenant with no webhooks', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    expect(await registry.list('acme')).toEqual([]);
  });

  it('names the broken fields of a corrupt item, never the secret', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...stored(webhook()), events: ['session.erased'] }] });

    const attempt = registry.list('acme');

    await expect(attempt).rejects.toBeInstanceOf(CorruptWebhookError);
    await expect(attempt).rejects.toThrow(/events/);
    await expect(attempt).rejects.not.toThrow(SECRET);
  });

  it('refuses an invalid tenant id before calling DynamoDB', async () => {
    await expect(registry.list('')).rejects.toBeInstanceOf(InvalidInputError);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('DynamoWebhookRegistry.remove', () => {
  it("deletes the tenant's item, conditional on it existing, and answers true", async () => {
    dynamo.on(DeleteCommand).resolves({});

    expect(await registry.remove('acme', 'wh-1')).toBe(true);

    const input = dynamo.commandCalls(DeleteCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ TableName: TABLE, Key: { pk: 'TENANT#acme#WEBHOOKS', sk: 'WEBHOOK#wh-1' }, ConditionExpression: 'attribute_exists(pk)' });
  });

  it("answers false when there was no such webhook (another tenant's id lands in the caller's own, empty, partition)", async () => {
    dynamo.on(DeleteCommand).rejects(conditionFailed());

    expect(await registry.remove('other', 'wh-1')).toBe(false);
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ pk: 'TENANT#other#WEBHOOKS', sk: 'WEBHOOK#wh-1' });
  });

  it('lets any other DynamoDB error through', async () => {
    dynamo.on(DeleteCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    await expect(registry.remove('acme', 'wh-1')).rejects.toThrow('Rate exceeded');
  });
});
