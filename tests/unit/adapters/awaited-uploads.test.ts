/** M6: the DynamoDB adapter of AwaitedUploads writes only over an awaiting record of the same client, and never creates one. */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAwaitedUploads } from '../../../lambdas/adapters/dynamodb/awaited-uploads.js';
import type { SessionRecord } from '../../../schemas/session-record.js';

const TABLE = 'attune-sessions';
const dynamo = mockClient(DynamoDBDocumentClient);
let awaited: DynamoAwaitedUploads;

const received: SessionRecord = {
  tenantId: 'acme',
  clientId: 'c1',
  sessionId: 's1',
  status: 'RECEIVED',
  sessionDate: '2026-03-02',
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  timings: {},
  upload: { key: 'uploads/acme/c1/s1.wav', kind: 'audio', bytes: 1000, versionId: 'v1' },
  executionId: 'exec-1',
};

beforeEach(() => {
  dynamo.reset();
  awaited = new DynamoAwaitedUploads(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);
});
afterEach(() => dynamo.reset());

describe('DynamoAwaitedUploads.receive', () => {
  it('puts the record over the awaiting one, on condition that it still awaits its upload for this client', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    const written = await awaited.receive(received);

    // Assess
    expect(written).toBe(true);
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.Item).toMatchObject({
      pk: 'TENANT#acme#SESSION#s1',
      sk: 'SESSION',
      gsi1pk: 'TENANT#acme#CLIENT#c1',
      gsi1sk: 'DATE#2026-03-02#SESSION#s1',
      status: 'RECEIVED',
    });
    // No attribute_not_exists: a missing item has no status, so the condition fails and nothing is created.
    expect(input.ConditionExpression).toBe('#status = :awaiting AND #clientId = :clientId');
    expect(input.ExpressionAttributeValues).toEqual({ ':awaiting': 'AWAITING_UPLOAD', ':clientId': 'c1' });
  });

  it('answers false when the session is gone or took its upload already', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } }));

    // Act
    const written = await awaited.receive(received);

    // Assess
    expect(written).toBe(false);
  });

  it('takes only a received or refused record', async () => {
    // Act / Assess
    await expect(awaited.receive({ ...received, status: 'COMPLETED' })).rejects.toThrow(/RECEIVED.*FAILED/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});
