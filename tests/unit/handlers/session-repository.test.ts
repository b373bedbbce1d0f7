import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptSessionRecordError, DynamoSessionRepository, SessionRecordTooLargeError } from '../../../lambdas/adapters/dynamodb/session-repository.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { InvalidInputError, NotFoundError } from '../../../lambdas/core/errors.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { SessionRecordSchema, type SessionRecord } from '../../../schemas/session-record.js';
import { itemOf, receivedRecord, transcript } from './session-fixtures.js';

const TABLE = 'attune-sessions';
const NOW = new Date('2026-03-02T10:00:00.000Z');
const key = { tenantId: 'acme', sessionId: 's-0042' };

const dynamo = mockClient(DynamoDBDocumentClient);
let repository: DynamoSessionRepository;

beforeEach(() => {
  dynamo.reset();
  repository = new DynamoSessionRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE, { now: () => NOW });
});
afterEach(() => dynamo.reset());

/** DynamoDB's answer to a failed condition; with ReturnValuesOnConditionCheckFailure it carries the item. */
function conditionFailed(status?: string): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    ...(status ? { Item: { status: { S: status } } } : {}),
  });
}

function completedResults() {
  const analysis = analyzeTranscript(transcript);
  const note = writeProgressNote({ transcript, analysis, format: 'soap', sessionDate: '2026-03-02', createdAt: NOW });
  return {
    note,
    alliance: analysis.alliance,
    metrics: analysis.metrics,
    provenance: { engine: 'local' as const, engineVersion: '0.1.0', modelId: null, rubricVersion: 'abc', createdAt: NOW.toISOString(), status: 'ok' as const },
    transcriptKey: 'transcripts/acme/c-17/s-0042.json',
    timings: { total: 93_000 },
    executionId: 'arn:aws:states:eu-west-1:111122223333:execution:attune:abc',
  };
}

describe('DynamoSessionRepository.createReceived', () => {
  it('puts the record with the table and GSI keys, conditional on no live session existing', async () => {
    dynamo.on(PutCommand).resolves({});

    const result = await repository.createReceived(receivedRecord());

    expect(result).toEqual({ created: true });
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.TableName).toBe(TABLE);
    expect(input.Item).toMatchObject({
      pk: 'TENANT#acme#SESSION#s-0042',
      sk: 'SESSION',
      gsi1pk: 'TENANT#acme#CLIENT#c-17',
      gsi1sk: 'DATE#2026-03-02#SESSION#s-0042',
      status: 'RECEIVED',
    });
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk) OR #status IN (:failed, :awaiting)');
    expect(input.ExpressionAttributeValues).toEqual({ ':failed': 'FAILED', ':awaiting': 'AWAITING_UPLOAD' });
  });

  it('files an undated session under 0000-00-00, so it lists after every dated one', async () => {
    dynamo.on(PutCommand).resolves({});

    await repository.createReceived(receivedRecord({ sessionDate: null }));

    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ gsi1sk: 'DATE#0000-00-00#SESSION#s-0042' });
  });

  it('returns created: false and the existing session when the upload event is redelivered', async () => {
    const existing = receivedRecord({ status: 'TRANSCRIBING' });
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: itemOf(existing) });

    const result = await repository.createReceived(receivedRecord());

    expect(result.created).toBe(false);
    expect(result.existing).toEqual(existing);
    expect(result.existing).not.toHaveProperty('pk');
  });

  it('refuses ids that could break out of the key layout, before calling DynamoDB', async () => {
    await expect(repository.createReceived({ ...receivedRecord(), sessionId: 'x#SESSION' })).rejects.toThrow();
    await expect(repository.get({ tenantId: 'acme#CLIENT', sessionId: 's-0042' })).rejects.toBeInstanceOf(InvalidInputError);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('DynamoSessionRepository.updateStatus', () => {
  it('moves the status forward only from an earlier (or the same) status, adding the step time', async () => {
    dynamo.on(UpdateCommand).resolves({});

    await repository.updateStatus(key, 'TRANSCRIBING', { ValidateUpload: 420 });

    const input = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.Key).toEqual({ pk: 'TENANT#acme#SESSION#s-0042', sk: 'SESSION' });
    expect(input.ConditionExpression).toMatch(/^attribute_exists\(pk\) AND #status IN \(/);
    const allowedFrom = Object.entries(input.ExpressionAttributeValues ?? {})
      .filter(([name]) => name.startsWith(':from'))
      .map(([, value]) => value);
    expect(allowedFrom).toEqual(['AWAITING_UPLOAD', 'RECEIVED', 'TRANSCRIBING']);
    expect(input.UpdateExpression).toContain('#timings.#t0 = :t0');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#t0': 'ValidateUpload' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':status': 'TRANSCRIBING', ':t0': 420, ':updatedAt': NOW.toISOString() });
  });

  it('never lets ANALYZING be moved back to TRANSCRIBING, nor COMPLETED or FAILED be left', async () => {
    dynamo.on(UpdateCommand).resolves({});

    await repository.updateStatus(key, 'ANALYZING');

    const allowedFrom = Object.values(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues ?? {});
    expect(allowedFrom).not.toContain('COMPLETED');
    expect(allowedFrom).not.toContain('FAILED');
  });

  it('leaves a session that is already further along as it is (a late, redelivered step)', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed('COMPLETED'));

    await expect(repository.updateStatus(key, 'TRANSCRIBING')).resolves.toBeUndefined();
  });

  it('reports a session that does not exist, rather than creating half a record', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    await expect(repository.updateStatus(key, 'TRANSCRIBING')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses terminal statuses: those have complete() and fail()', async () => {
    await expect(repository.updateStatus(key, 'COMPLETED')).rejects.toBeInstanceOf(InvalidInputError);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('DynamoSessionRepository.complete and fail', () => {
  it('writes the results and COMPLETED unless the session is COMPLETED already', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const results = completedResults();

    const outcome = await repository.complete(key, results);

    expect(outcome).toEqual({ written: true });
    const input = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_exists(pk) AND (#status <> :completed OR #executionId = :executionId)');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':executionId': results.executionId });
    const written = Object.fromEntries(
      Object.entries(input.ExpressionAttributeNames ?? {})
        .filter(([alias]) => alias.startsWith('#r'))
        .map(([alias, field]) => [field, input.ExpressionAttributeValues?.[`:${alias.slice(1)}`]]),
    );
    expect(written).toEqual({
      note: results.note,
      alliance: results.alliance,
      metrics: results.metrics,
      provenance: results.provenance,
      transcriptKey: results.transcriptKey,
      executionId: results.executionId,
    });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':completed': 'COMPLETED', ':t0': 93_000 });
  });

  it('returns written: false for a duplicate execution', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed('COMPLETED'));

    await expect(repository.complete(key, completedResults())).resolves.toEqual({ written: false });
  });

  it('refuses a record that would not fit in one item, with a message saying what to do, and writes nothing', async () => {
    const results = completedResults();
    const long = { text: 'x'.repeat(1000), kind: 'finding' as const, evidence: ['t0001'] };
    const note = { ...results.note, homework: Array.from({ length: 400 }, () => long) };

    const attempt = repository.complete(key, { ...results, note });

    await expect(attempt).rejects.toBeInstanceOf(SessionRecordTooLargeError);
    await expect(attempt).rejects.toThrow(/over the 350 KB limit/);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('marks FAILED with the reason, and ignores the refusal when the session is COMPLETED', async () => {
    dynamo.on(UpdateCommand).rejectsOnce(conditionFailed('COMPLETED'));

    await expect(repository.fail(key, { code: 'transcription_failed', message: 'Transcribe could not read the audio' })).resolves.toBeUndefined();

    const input = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_exists(pk) AND #status <> :completed');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':failed': 'FAILED', ':failure': { code: 'transcription_failed' } });
  });
});

describe('DynamoSessionRepository.get', () => {
  it('returns the record without its key attributes, or null', async () => {
    dynamo.on(GetCommand, { Key: { pk: 'TENANT#acme#SESSION#s-0042', sk: 'SESSION' } }).resolves({ Item: itemOf(receivedRecord()) });
    dynamo.on(GetCommand, { Key: { pk: 'TENANT#acme#SESSION#s-9999', sk: 'SESSION' } }).resolves({});

    const found = await repository.get(key);
    const missing = await repository.get({ tenantId: 'acme', sessionId: 's-9999' });

    expect(found).toEqual(receivedRecord());
    expect(Object.keys(found ?? {})).not.toContain('gsi1pk');
    expect(missing).toBeNull();
  });

  it('names the bad fields of a corrupt item without repeating its values', async () => {
    dynamo.on(GetCommand).resolves({ Item: { ...itemOf(receivedRecord()), status: 'Client said something private' } });

    const attempt = repository.get(key);

    await expect(attempt).rejects.toBeInstanceOf(CorruptSessionRecordError);
    await expect(attempt).rejects.not.toThrow(/private/);
  });
});

describe('DynamoSessionRepository.listByClient', () => {
  const older = receivedRecord({ sessionId: 's-0041', sessionDate: '2026-02-23', status: 'COMPLETED' });
  const newer = receivedRecord({ sessionId: 's-0042', sessionDate: '2026-03-02' });
  const lastKey = { pk: 'TENANT#acme#SESSION#s-0041', sk: 'SESSION', gsi1pk: 'TENANT#acme#CLIENT#c-17', gsi1sk: 'DATE#2026-02-23#SESSION#s-0041' };

  async function firstPage(): Promise<{ items: SessionRecord[]; cursor?: string }> {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [itemOf(newer), itemOf(older)], LastEvaluatedKey: lastKey })
      .resolves({ Items: [] });
    return repository.listByClient('acme', 'c-17', { limit: 2 });
  }

  it('queries the byClient index newest first and returns schema-valid records', async () => {
    const page = await firstPage();

    const input = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toEqual({
      TableName: TABLE,
      IndexName: 'byClient',
      KeyConditionExpression: 'gsi1pk = :gsi1pk',
      ExpressionAttributeValues: { ':gsi1pk': 'TENANT#acme#CLIENT#c-17' },
      ScanIndexForward: false,
      Limit: 2,
    });
    expect(page.items.map((r) => r.sessionId)).toEqual(['s-0042', 's-0041']);
    for (const item of page.items) expect(SessionRecordSchema.strict().parse(item)).toEqual(item);
    expect(page.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('continues from the cursor it handed out, and hands out none on the last page', async () => {
    const { cursor } = await firstPage();

    const next = await repository.listByClient('acme', 'c-17', { limit: 2, cursor: cursor! });

    expect(dynamo.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    expect(next).toEqual({ items: [] });
  });

  it('refuses a tampered cursor, and a cursor from another client or tenant', async () => {
    const { cursor } = await firstPage();
    const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

    const attempts = [
      repository.listByClient('acme', 'c-18', { limit: 2, cursor: cursor! }),
      repository.listByClient('globex', 'c-17', { limit: 2, cursor: cursor! }),
      repository.listByClient('acme', 'c-17', { limit: 2, cursor: `${cursor!.slice(0, -3)}xyz` }),
      repository.listByClient('acme', 'c-17', { limit: 2, cursor: 'not a cursor' }),
      repository.listByClient('acme', 'c-17', { limit: 2, cursor: forged({ ...lastKey, pk: 'TENANT#globex#SESSION#s-0001' }) }),
      repository.listByClient('acme', 'c-17', { limit: 2, cursor: forged({ ...lastKey, extra: 'x' }) }),
      repository.listByClient('acme', 'c-17', { limit: 2, cursor: forged({ ...lastKey, gsi1sk: 'DATE#2026-02-23#SESSION#s-0001' }) }),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('refuses a page size outside 1-100', async () => {
    await expect(repository.listByClient('acme', 'c-17', { limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(repository.listByClient('acme', 'c-17', { limit: 101 })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
