import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog, InvalidAuditEntryError } from '../../../lambdas/adapters/dynamodb/audit-log.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import type { AuditEntry } from '../../../schemas/api.js';

const TABLE = 'attune-sessions';
const dynamo = mockClient(DynamoDBDocumentClient);
const documents = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
let audit: DynamoAuditLog;

beforeEach(() => {
  dynamo.reset();
  audit = new DynamoAuditLog(documents(), TABLE);
});
afterEach(() => dynamo.reset());

function entry(at: string, requestId: string, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    tenantId: 'acme',
    at,
    actor: 'dr-lee',
    roles: ['clinician'],
    action: 'session.read',
    method: 'GET',
    route: '/v1/sessions/{id}',
    status: 200,
    sessionId: 's-0042',
    requestId,
    ...fields,
  };
}

/** What record() would have stored, keyed as the adapter keys it (entries here are all in UTC). */
const itemOf = (e: AuditEntry) => ({ ...e, pk: `TENANT#${e.tenantId}#AUDIT#${e.at.slice(0, 10)}`, sk: `${e.at}#${e.requestId}`, expiresAt: 1 });

/** Serves Query by partition as DynamoDB does: newest sort key first, Limit, ExclusiveStartKey and LastEvaluatedKey. */
function serveEntries(entries: AuditEntry[]): void {
  const items = entries.map(itemOf);
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: { ':pk': string }; Limit: number; ExclusiveStartKey?: { sk: string } }) => {
    const partition = items.filter((i) => i.pk === input.ExpressionAttributeValues[':pk']).sort((a, b) => b.sk.localeCompare(a.sk));
    const after = input.ExclusiveStartKey ? partition.filter((i) => i.sk < input.ExclusiveStartKey!.sk) : partition;
    const page = after.slice(0, input.Limit);
    const last = page.at(-1);
    return { Items: page, ...(after.length > input.Limit && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}) };
  });
}

describe('DynamoAuditLog.record', () => {
  it("files the entry under the tenant's partition for its UTC day, sorted by time and request, kept six years", async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act: 01:30 in UTC+02:00 is still the previous day in UTC.
    await audit.record(entry('2026-03-02T01:30:00+02:00', 'req-1'));

    // Assess
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.Item).toMatchObject({
      pk: 'TENANT#acme#AUDIT#2026-03-01',
      sk: '2026-03-01T23:30:00.000Z#req-1',
      at: '2026-03-02T01:30:00+02:00',
      expiresAt: Date.parse('2026-03-01T23:30:00Z') / 1000 + 2192 * 86_400,
      sessionId: 's-0042',
    });
    expect(input.Item).not.toHaveProperty('gsi1pk');
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it("stores only the schema's fields, so content passed by mistake never reaches the trail", async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    const withContent = { ...entry('2026-03-02T10:00:00.000Z', 'req-1'), transcript: 'I have been feeling low since March' } as AuditEntry;

    // Act
    await audit.record(withContent);

    // Assess
    expect(JSON.stringify(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item)).not.toContain('feeling low');
  });

  it('refuses an entry that does not match the schema, naming the field and writing nothing', async () => {
    // Act
    const attempt = audit.record(entry('2026-03-02T10:00:00.000Z', 'req-1', { sessionId: 'not an id' }));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidAuditEntryError);
    await expect(attempt).rejects.toThrow(/sessionId/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('leaves the first record standing when the same request is recorded again', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const again = audit.record(entry('2026-03-02T10:00:00.000Z', 'req-1'));

    // Assess
    await expect(again).resolves.toBeUndefined();
  });

  it('keeps entries as long as the retention option says', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    const shortLived = new DynamoAuditLog(documents(), TABLE, { retentionDays: 30 });

    // Act
    await shortLived.record(entry('2026-03-02T10:00:00.000Z', 'req-1'));

    // Assess
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item?.expiresAt).toBe(Date.parse('2026-03-02T10:00:00Z') / 1000 + 30 * 86_400);
    expect(() => new DynamoAuditLog(documents(), TABLE, { retentionDays: 0 })).toThrow(/retentionDays/);
  });
});

describe('DynamoAuditLog.list', () => {
  const entries = [
    entry('2026-03-01T09:00:00.000Z', 'r1'),
    entry('2026-03-01T11:00:00.000Z', 'r2'),
    entry('2026-03-03T08:00:00.000Z', 'r3'),
    entry('2026-03-03T12:00:00.000Z', 'r4'),
    entry('2026-03-03T16:00:00.000Z', 'r5'),
  ];

  it('answers newest first across day partitions, one page after another', async () => {
    // Prepare
    serveEntries(entries);
    const pages: string[][] = [];
    let cursor: string | undefined;

    // Act
    do {
      const page = await audit.list('acme', { from: '2026-03-01', to: '2026-03-04', limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((e) => e.requestId));
      cursor = page.cursor;
    } while (cursor && pages.length < 10);

    // Assess
    expect(pages).toEqual([['r5', 'r4'], ['r3', 'r2'], ['r1']]);
    const queried = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queried[0]).toMatchObject({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#AUDIT#2026-03-04' },
      ScanIndexForward: false,
      Limit: 2,
    });
    expect(queried.map((q) => q.ExpressionAttributeValues?.[':pk'])).not.toContain('TENANT#acme#AUDIT#2026-02-28');
  });

  it('answers the stored entries without their keys or expiry', async () => {
    // Prepare
    serveEntries(entries);

    // Act
    const page = await audit.list('acme', { from: '2026-03-01', to: '2026-03-01', limit: 10 });

    // Assess
    expect(page).toEqual({ items: [entries[1], entries[0]] });
  });

  it('refuses a range that is reversed, longer than 92 days or not made of dates, naming the field', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({});

    // Act & Assess
    await expect(audit.list('acme', { from: '2026-03-05', to: '2026-03-01', limit: 10 })).rejects.toMatchObject({
      code: 'invalid_range',
      message: expect.stringMatching(/from .* to/),
    });
    await expect(audit.list('acme', { from: '2026-01-01', to: '2026-04-03', limit: 10 })).rejects.toMatchObject({ code: 'range_too_long' });
    await expect(audit.list('acme', { from: '2026-02-30', to: '2026-03-01', limit: 10 })).rejects.toMatchObject({ code: 'invalid_from' });
    await expect(audit.list('acme', { from: '2026-03-01', to: 'today', limit: 10 })).rejects.toMatchObject({ code: 'invalid_to' });
    await expect(audit.list('acme', { from: '2026-01-01', to: '2026-04-02', limit: 10 })).resolves.toEqual({ items: [] });
  });

  it('refuses a cursor that was edited, names another tenant, or points outside the range asked for', async () => {
    // Prepare
    serveEntries(entries);
    const first = await audit.list('acme', { from: '2026-03-01', to: '2026-03-04', limit: 2 });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const foreign = encode({ day: '2026-03-03', lastKey: { pk: 'TENANT#globex#AUDIT#2026-03-03', sk: '2026-03-03T12:00:00.000Z#r4' } });
    const otherDay = encode({ day: '2026-03-03', lastKey: { pk: 'TENANT#acme#AUDIT#2026-03-03', sk: '2026-03-02T12:00:00.000Z#r4' } });
    dynamo.resetHistory();

    // Act
    const attempts = [
      audit.list('acme', { from: '2026-03-01', to: '2026-03-04', limit: 2, cursor: 'not a cursor!' }),
      audit.list('acme', { from: '2026-03-01', to: '2026-03-04', limit: 2, cursor: foreign }),
      audit.list('acme', { from: '2026-03-01', to: '2026-03-04', limit: 2, cursor: otherDay }),
      audit.list('acme', { from: '2026-03-01', to: '2026-03-02', limit: 2, cursor: first.cursor! }),
      audit.list('globex', { from: '2026-03-01', to: '2026-03-04', limit: 2, cursor: first.cursor! }),
    ];

    // Assess
    for (const attempt of attempts) {
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_cursor' });
    }
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
