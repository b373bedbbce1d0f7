import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptClientAssignmentError, DynamoClientDirectory } from '../../../lambdas/adapters/dynamodb/client-directory.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import type { ClientAssignment } from '../../../lambdas/ports/client-directory.js';

const TABLE = 'attune-sessions';
const CREATED = '2026-03-02T10:00:00.000Z';

const dynamo = mockClient(DynamoDBDocumentClient);
let directory: DynamoClientDirectory;

beforeEach(() => {
  dynamo.reset();
  directory = new DynamoClientDirectory(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);
});
afterEach(() => dynamo.reset());

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });

const assignment = (clientId: string, clinicianId = 'dr-lee', tenantId = 'acme'): ClientAssignment => ({ tenantId, clientId, clinicianId, createdAt: CREATED });
const itemOf = (a: ClientAssignment) => ({ pk: `TENANT#${a.tenantId}#CLIENTS`, sk: `CLIENT#${a.clientId}`, ...a });

/**
 * Serves Query from one sorted partition as DynamoDB does: Limit counts items read before the filter,
 * and LastEvaluatedKey is the last item read whenever the Limit stopped the read.
 */
function servePartition(assignments: ClientAssignment[]): void {
  const items = assignments.map(itemOf).sort((a, b) => a.sk.localeCompare(b.sk));
  dynamo.on(QueryCommand).callsFake((input: { ExclusiveStartKey?: { sk: string }; Limit: number; ExpressionAttributeValues: Record<string, string> }) => {
    const start = input.ExclusiveStartKey ? items.findIndex((i) => i.sk > input.ExclusiveStartKey!.sk) : 0;
    const read = start < 0 ? [] : items.slice(start, start + input.Limit);
    const wanted = input.ExpressionAttributeValues[':clinicianId'];
    const last = read.at(-1);
    const stoppedByLimit = start >= 0 && start + input.Limit < items.length;
    return {
      Items: read.filter((i) => wanted === undefined || i.clinicianId === wanted),
      ...(stoppedByLimit && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}),
    };
  });
}

/** Every page's client ids, following the cursors to the end. */
async function listAll(options: { limit: number; clinicianId?: string }): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await directory.list('acme', { ...options, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((a) => a.clientId));
    cursor = page.cursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe('DynamoClientDirectory.assign', () => {
  it("puts the assignment under the tenant's directory partition, only when the client has no clinician yet", async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    const result = await directory.assign(assignment('c-17'));

    // Assess
    expect(result).toEqual(assignment('c-17'));
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.TableName).toBe(TABLE);
    expect(input.Item).toEqual({ pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-17', tenantId: 'acme', clientId: 'c-17', clinicianId: 'dr-lee', createdAt: CREATED });
    expect(input.Item).not.toHaveProperty('gsi1pk');
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers the clinician who assigned the client first when another clinician tries', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: itemOf(assignment('c-17', 'dr-first')) });

    // Act
    const result = await directory.assign(assignment('c-17', 'dr-second'));

    // Assess
    expect(result.clinicianId).toBe('dr-first');
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: { pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-17' }, ConsistentRead: true });
  });

  it('assigns on a second try when the first holder was removed between the refused write and the read', async () => {
    // Prepare
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(GetCommand).resolves({});

    // Act
    const result = await directory.assign(assignment('c-17', 'dr-second'));

    // Assess
    expect(result.clinicianId).toBe('dr-second');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('refuses a client id that could reach into another key, before writing anything', async () => {
    // Act
    const attempt = directory.assign(assignment('c-17#SESSION'));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(/clientId/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('DynamoClientDirectory.get and remove', () => {
  it('reads the assignment without its keys, and null for an unknown client', async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: { pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-17' } }).resolves({ Item: itemOf(assignment('c-17')) });
    dynamo.on(GetCommand, { Key: { pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-99' } }).resolves({});

    // Act
    const found = await directory.get('acme', 'c-17');
    const missing = await directory.get('acme', 'c-99');

    // Assess
    expect(found).toEqual(assignment('c-17'));
    expect(missing).toBeNull();
  });

  it('refuses a stored item that no longer matches the schema, naming the field', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...itemOf(assignment('c-17')), clinicianId: 42 } });

    // Act
    const attempt = directory.get('acme', 'c-17');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CorruptClientAssignmentError);
    await expect(attempt).rejects.toThrow(/clinicianId/);
  });

  it('answers whether there was an assignment to remove', async () => {
    // Prepare
    dynamo.on(DeleteCommand, { Key: { pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-17' } }).resolves({ Attributes: itemOf(assignment('c-17')) });
    dynamo.on(DeleteCommand, { Key: { pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-99' } }).resolves({});

    // Act
    const removed = await directory.remove('acme', 'c-17');
    const absent = await directory.remove('acme', 'c-99');

    // Assess
    expect([removed, absent]).toEqual([true, false]);
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input.ReturnValues).toBe('ALL_OLD');
  });
});

describe('DynamoClientDirectory.list', () => {
  it("pages through the tenant's clients in client-id order with a Query, never a Scan", async () => {
    // Prepare
    servePartition(['c-05', 'c-01', 'c-04', 'c-02', 'c-03'].map((id) => assignment(id)));

    // Act
    const pages = await listAll({ limit: 2 });

    // Assess
    expect(pages).toEqual([['c-01', 'c-02'], ['c-03', 'c-04'], ['c-05']]);
    const first = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(first).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#CLIENTS' },
      ScanIndexForward: true,
      Limit: 2,
    });
    expect(first.FilterExpression).toBeUndefined();
  });

  it("fills a clinician's page across reads, so a filter that matches few clients does not give short pages", async () => {
    // Prepare: dr-lee's clients are scattered among 1200 others, past the first read's batch.
    const others = Array.from({ length: 1200 }, (_, i) => assignment(`c-${String(i).padStart(4, '0')}`, 'dr-kim'));
    servePartition([...others, assignment('c-0010b'), assignment('c-0700b'), assignment('c-1100b')]);

    // Act
    const pages = await listAll({ limit: 2, clinicianId: 'dr-lee' });

    // Assess
    expect(pages).toEqual([['c-0010b', 'c-0700b'], ['c-1100b']]);
    const first = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(first).toMatchObject({ FilterExpression: '#clinicianId = :clinicianId', ExpressionAttributeNames: { '#clinicianId': 'clinicianId' } });
    expect(first.ExpressionAttributeValues).toEqual({ ':pk': 'TENANT#acme#CLIENTS', ':clinicianId': 'dr-lee' });
  });

  it('starts the next page after the last client answered when one read finds more matches than the page holds', async () => {
    // Prepare
    servePartition(['c-01', 'c-02', 'c-03', 'c-04'].map((id) => assignment(id)));

    // Act
    const pages = await listAll({ limit: 3, clinicianId: 'dr-lee' });

    // Assess
    expect(pages).toEqual([['c-01', 'c-02', 'c-03'], ['c-04']]);
  });

  it("refuses a cursor that was edited, or that points into another tenant's directory", async () => {
    // Prepare
    const foreign = Buffer.from(JSON.stringify({ pk: 'TENANT#globex#CLIENTS', sk: 'CLIENT#c-01' })).toString('base64url');
    const sessionItem = Buffer.from(JSON.stringify({ pk: 'TENANT#acme#CLIENTS', sk: 'SESSION' })).toString('base64url');
    const extraKey = Buffer.from(JSON.stringify({ pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-01', gsi1pk: 'x' })).toString('base64url');

    // Act
    const attempts = ['not a cursor!', Buffer.from('{"pk":').toString('base64url'), foreign, sessionItem, extraKey].map((cursor) =>
      directory.list('acme', { limit: 10, cursor }),
    );

    // Assess
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: 'invalid_cursor' });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('refuses a page size outside 1-100', async () => {
    // Act & Assess
    await expect(directory.list('acme', { limit: 0 })).rejects.toMatchObject({ code: 'invalid_limit' });
    await expect(directory.list('acme', { limit: 101 })).rejects.toMatchObject({ code: 'invalid_limit' });
  });
});

describe("an admin's assignment (setClinician)", () => {
  it('moves the client to the clinician whoever held it, keeping the first assignment date', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({ Attributes: itemOf(assignment('c-17', 'dr-first')) });

    // Act
    const result = await directory.setClinician({ ...assignment('c-17', 'dr-second'), createdAt: '2026-10-01T00:00:00.000Z' });

    // Assess
    expect(result).toEqual({ assignment: assignment('c-17', 'dr-second'), previousClinicianId: 'dr-first' });
    const input = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Key: { pk: 'TENANT#acme#CLIENTS', sk: 'CLIENT#c-17' }, ReturnValues: 'ALL_OLD' });
    expect(input).not.toHaveProperty('ConditionExpression');
    expect(input.UpdateExpression).toContain('if_not_exists(#createdAt, :createdAt)');
  });

  it('answers no previous clinician for a client that had none, and refuses an id that is not one', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const result = await directory.setClinician(assignment('c-18'));
    const refused = directory.setClinician(assignment('not an id'));

    // Assess
    expect(result).toEqual({ assignment: assignment('c-18'), previousClinicianId: null });
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
  });
});
