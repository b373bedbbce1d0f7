import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore, MAX_STORED_RESPONSE_BYTES } from '../../../lambdas/adapters/dynamodb/idempotency-store.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import type { StoredResponse } from '../../../lambdas/ports/idempotency.js';

const TABLE = 'attune-sessions';
const NOW = new Date('2026-03-02T10:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const KEY = '7f0c2a8e-1b1d-4c1e-9a55-0d6f5b1f3a10';
const HASH = createHash('sha256').update(KEY).digest('hex');
const RECORD_KEY = { pk: `TENANT#acme#IDEMPOTENCY#${HASH}`, sk: 'IDEMPOTENCY' };
const FINGERPRINT = 'f'.repeat(64);
const RESPONSE: StoredResponse = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"sessionId":"s-0042"}' };

const dynamo = mockClient(DynamoDBDocumentClient);
let clock: Date;
let store: DynamoIdempotencyStore;

beforeEach(() => {
  dynamo.reset();
  clock = NOW;
  store = new DynamoIdempotencyStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE, { now: () => clock });
});
afterEach(() => dynamo.reset());

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });

function stored(fields: Record<string, unknown> = {}) {
  return { ...RECORD_KEY, state: 'in-progress', fingerprint: FINGERPRINT, createdAt: NOW.toISOString(), expiresAt: NOW_SECONDS + 86_400, ...fields };
}

describe('DynamoIdempotencyStore.begin', () => {
  it("claims a new key with a conditional put keyed by the key's hash, never the key itself", async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    const begun = await store.begin('acme', KEY, FINGERPRINT);

    // Assess
    expect(begun).toEqual({ state: 'new' });
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.Item).toEqual({
      ...RECORD_KEY,
      state: 'in-progress',
      fingerprint: FINGERPRINT,
      createdAt: NOW.toISOString(),
      expiresAt: NOW_SECONDS + 86_400,
    });
    expect(input.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR #expiresAt < :now OR (#state = :inProgress AND #fingerprint = :fingerprint AND #createdAt < :abandonedBefore)',
    );
    expect(input.ExpressionAttributeValues).toMatchObject({ ':now': NOW_SECONDS, ':abandonedBefore': '2026-03-02T09:59:00.000Z', ':fingerprint': FINGERPRINT });
    expect(JSON.stringify(dynamo.calls().map((call) => call.args[0].input))).not.toContain(KEY);
  });

  it('replays the stored answer when the same request comes again', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: stored({ state: 'done', response: RESPONSE, sessionId: 's-0042' }) });

    // Act
    const begun = await store.begin('acme', KEY, FINGERPRINT);

    // Assess
    expect(begun).toEqual({ state: 'replay', response: RESPONSE });
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: RECORD_KEY, ConsistentRead: true });
  });

  it('refuses a key reused for another request, finished or not', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: stored({ state: 'done', response: RESPONSE }) })
      .resolves({ Item: stored() });

    // Act
    const afterDone = await store.begin('acme', KEY, 'another-request');
    const whileRunning = await store.begin('acme', KEY, 'another-request');

    // Assess
    expect(afterDone).toEqual({ state: 'mismatch' });
    expect(whileRunning).toEqual({ state: 'mismatch' });
  });

  it('answers in-progress while the first request is still running', async () => {
    // Prepare
    clock = new Date(NOW.getTime() + 5_000);
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: stored() });

    // Act
    const begun = await store.begin('acme', KEY, FINGERPRINT);

    // Assess
    expect(begun).toEqual({ state: 'in-progress' });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('takes over a record whose first request died, once it has been in progress over a minute', async () => {
    // Prepare: the record turns stale between the refused put and the read; the next put takes it over.
    clock = new Date(NOW.getTime() + 61_000);
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(GetCommand).resolves({ Item: stored() });

    // Act
    const begun = await store.begin('acme', KEY, FINGERPRINT);

    // Assess
    expect(begun).toEqual({ state: 'new' });
    const takeover = dynamo.commandCalls(PutCommand)[1]!.args[0].input;
    expect(takeover.Item).toMatchObject({ createdAt: clock.toISOString(), state: 'in-progress' });
    expect(takeover.ExpressionAttributeValues).toMatchObject({ ':abandonedBefore': '2026-03-02T10:00:01.000Z' });
  });

  it('treats a record past its expiry as absent, although DynamoDB has not deleted it yet', async () => {
    // Prepare
    clock = new Date(NOW.getTime() + 25 * 3600 * 1000);
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(GetCommand).resolves({ Item: stored({ state: 'done', response: RESPONSE }) });

    // Act
    const begun = await store.begin('acme', KEY, 'another-request');

    // Assess
    expect(begun).toEqual({ state: 'new' });
  });

  it("refuses a tenant id that could reach another tenant's keys", async () => {
    // Act & Assess
    await expect(store.begin('acme#IDEMPOTENCY', KEY, FINGERPRINT)).rejects.toBeInstanceOf(InvalidInputError);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('DynamoIdempotencyStore.complete', () => {
  it('writes the session pointer first, then marks the record done with the same expiry', async () => {
    // Prepare
    clock = new Date(NOW.getTime() + 2_000);
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store.complete('acme', KEY, RESPONSE, 's-0042');

    // Assess
    const [first, second] = dynamo.calls().map((call) => call.args[0]);
    expect(first).toBeInstanceOf(PutCommand);
    expect(second).toBeInstanceOf(UpdateCommand);
    const expiresAt = NOW_SECONDS + 2 + 86_400;
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toEqual({ pk: 'TENANT#acme#SESSION#s-0042', sk: `IDEMPOTENCY#${HASH}`, expiresAt });
    const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.Key).toEqual(RECORD_KEY);
    expect(update.ConditionExpression).toBe('attribute_exists(pk) AND #state = :inProgress');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':done': 'done', ':response': RESPONSE, ':expiresAt': expiresAt, ':sessionId': 's-0042' });
  });

  it('writes no pointer for a request that touched no session', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store.complete('acme', KEY, RESPONSE);

    // Assess
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.UpdateExpression).toBe('SET #state = :done, #response = :response, #expiresAt = :expiresAt');
  });

  it('keeps quiet when the record was released meanwhile, and removes the pointer it no longer needs', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(DeleteCommand).resolves({});

    // Act
    await store.complete('acme', KEY, RESPONSE, 's-0042');

    // Assess
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ pk: 'TENANT#acme#SESSION#s-0042', sk: `IDEMPOTENCY#${HASH}` });
  });

  it('forgets the key instead of storing a response too large for one item, so a retry runs again', async () => {
    // Prepare
    dynamo.on(DeleteCommand).resolves({});
    const large = { ...RESPONSE, body: 'x'.repeat(MAX_STORED_RESPONSE_BYTES + 1) };

    // Act
    await store.complete('acme', KEY, large, 's-0042');

    // Assess
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input).toMatchObject({ Key: RECORD_KEY, ConditionExpression: '#state = :inProgress' });
  });
});

describe('DynamoIdempotencyStore.release', () => {
  it('deletes an unfinished record, and leaves a stored answer alone', async () => {
    // Prepare
    dynamo.on(DeleteCommand).rejects(conditionFailed());

    // Act
    const released = store.release('acme', KEY);

    // Assess
    await expect(released).resolves.toBeUndefined();
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input).toMatchObject({
      Key: RECORD_KEY,
      ConditionExpression: '#state = :inProgress',
      ExpressionAttributeValues: { ':inProgress': 'in-progress' },
    });
  });
});

describe('DynamoIdempotencyStore.removeForSession', () => {
  it("finds a session's records through its pointers, across pages, and deletes records and pointers", async () => {
    // Prepare: two pointers on the first page, one on the second; one record has already expired away.
    const hashes = ['a', 'b', 'c'].map((c) => c.repeat(64));
    const pointer = (hash: string) => ({ pk: 'TENANT#acme#SESSION#s-0042', sk: `IDEMPOTENCY#${hash}`, expiresAt: NOW_SECONDS + 86_400 });
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [pointer(hashes[0]!), pointer(hashes[1]!)],
        LastEvaluatedKey: { pk: 'TENANT#acme#SESSION#s-0042', sk: `IDEMPOTENCY#${hashes[1]}` },
      })
      .resolves({ Items: [pointer(hashes[2]!)] });
    dynamo.on(DeleteCommand, { Key: { pk: `TENANT#acme#IDEMPOTENCY#${hashes[0]}`, sk: 'IDEMPOTENCY' } }).resolves({ Attributes: stored() });
    dynamo.on(DeleteCommand, { Key: { pk: `TENANT#acme#IDEMPOTENCY#${hashes[1]}`, sk: 'IDEMPOTENCY' } }).rejects(conditionFailed());
    dynamo.on(DeleteCommand, { Key: { pk: `TENANT#acme#IDEMPOTENCY#${hashes[2]}`, sk: 'IDEMPOTENCY' } }).resolves({ Attributes: stored() });
    dynamo.on(DeleteCommand, { Key: { pk: 'TENANT#acme#SESSION#s-0042' } }).resolves({});

    // Act
    const removed = await store.removeForSession('acme', 's-0042');

    // Assess
    expect(removed).toBe(2);
    const query = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#SESSION#s-0042', ':prefix': 'IDEMPOTENCY#' },
    });
    expect(dynamo.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ pk: 'TENANT#acme#SESSION#s-0042', sk: `IDEMPOTENCY#${hashes[1]}` });
    const deletes = dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input);
    expect(deletes.filter((d) => d.Key?.sk === 'IDEMPOTENCY').every((d) => d.ConditionExpression === '#sessionId = :sessionId')).toBe(true);
    expect(deletes.filter((d) => String(d.Key?.sk).startsWith('IDEMPOTENCY#')).map((d) => d.Key?.sk)).toEqual(hashes.map((h) => `IDEMPOTENCY#${h}`));
  });
});
