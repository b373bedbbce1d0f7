/**
 * The API's three DynamoDB stores (client directory, idempotency keys, audit trail) against a real
 * dynalite, in the same single-table layout the runtime creates: DynamoDB itself evaluates the
 * conditions, key conditions, filters and pagination that the unit tests can only assert were sent.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lambdas/adapters/dynamodb/audit-log.js';
import { DynamoClientDirectory } from '../../lambdas/adapters/dynamodb/client-directory.js';
import { DynamoIdempotencyStore } from '../../lambdas/adapters/dynamodb/idempotency-store.js';
import { BY_CLIENT_INDEX } from '../../lambdas/adapters/dynamodb/session-repository.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/runtime/home.js';
import type { AuditEntry } from '../../schemas/api.js';

const TABLE = 'attune-api-stores';
const T0 = new Date('2026-03-02T10:00:00.000Z');

describe('the API stores on dynalite', () => {
  let server: Server;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let clock = T0;
  const now = () => clock;

  beforeAll(async () => {
    const { default: dynalite } = await import('dynalite');
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: BY_CLIENT_INDEX,
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    // The document-client options of the handlers' module scope.
    documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  });

  afterAll(async () => {
    client?.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("keeps the first clinician of a client and lists one clinician's clients in full pages", async () => {
    // Prepare
    const directory = new DynamoClientDirectory(documents, TABLE);
    const createdAt = T0.toISOString();
    for (const [clientId, clinicianId] of [
      ['c-01', 'dr-lee'],
      ['c-02', 'dr-kim'],
      ['c-03', 'dr-kim'],
      ['c-04', 'dr-lee'],
      ['c-05', 'dr-lee'],
    ] as const) {
      await directory.assign({ tenantId: 'acme', clientId, clinicianId, createdAt });
    }
    await directory.assign({ tenantId: 'globex', clientId: 'c-01', clinicianId: 'dr-lee', createdAt });

    // Act
    const second = await directory.assign({ tenantId: 'acme', clientId: 'c-01', clinicianId: 'dr-kim', createdAt });
    const pages: string[][] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await directory.list('acme', { limit: 2, clinicianId: 'dr-lee', ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((a) => a.clientId));
      cursor = page.cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor && pages.length < 10);
    const everyone = await directory.list('acme', { limit: 100 });
    const removed = await directory.remove('acme', 'c-05');
    const removedAgain = await directory.remove('acme', 'c-05');

    // Assess
    expect(second.clinicianId).toBe('dr-lee');
    expect(pages).toEqual([['c-01', 'c-04'], ['c-05']]);
    expect(everyone.items.map((a) => `${a.clientId}:${a.clinicianId}`)).toEqual(['c-01:dr-lee', 'c-02:dr-kim', 'c-03:dr-kim', 'c-04:dr-lee', 'c-05:dr-lee']);
    expect([removed, removedAgain]).toEqual([true, false]);
    expect(await directory.get('acme', 'c-05')).toBeNull();
    await expect(directory.list('globex', { limit: 2, cursor: cursors[0]! })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('replays a completed request, refuses a reused key, takes over an abandoned one and forgets an expired one', async () => {
    // Prepare
    clock = T0;
    const store = new DynamoIdempotencyStore(documents, TABLE, { now });
    const response = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"sessionId":"s-0042"}' };

    // Act
    const first = await store.begin('acme', 'key-1', 'request-a');
    const whileRunning = await store.begin('acme', 'key-1', 'request-a');
    const otherRequest = await store.begin('acme', 'key-1', 'request-b');
    const otherTenant = await store.begin('globex', 'key-1', 'request-b');
    await store.complete('acme', 'key-1', response, 's-0042');
    await store.release('acme', 'key-1');
    const retried = await store.begin('acme', 'key-1', 'request-a');

    clock = new Date(T0.getTime() + 30_000);
    await store.begin('acme', 'key-crashed', 'request-c');
    const tooSoon = await store.begin('acme', 'key-crashed', 'request-c');
    clock = new Date(T0.getTime() + 30_000 + 61_000);
    const stranger = await store.begin('acme', 'key-crashed', 'request-d');
    const takenOver = await store.begin('acme', 'key-crashed', 'request-c');
    const afterTakeover = await store.begin('acme', 'key-crashed', 'request-c');

    clock = new Date(T0.getTime() + 25 * 3600 * 1000);
    const expired = await store.begin('acme', 'key-1', 'request-b');

    // Assess
    expect([first, whileRunning, otherRequest, otherTenant]).toEqual([{ state: 'new' }, { state: 'in-progress' }, { state: 'mismatch' }, { state: 'new' }]);
    expect(retried).toEqual({ state: 'replay', response });
    expect([tooSoon, stranger, takenOver, afterTakeover]).toEqual([
      { state: 'in-progress' },
      { state: 'mismatch' },
      { state: 'new' },
      { state: 'in-progress' },
    ]);
    expect(expired).toEqual({ state: 'new' });
  });

  it("erases the records a session's creation left, and nothing else in the session's partition", async () => {
    // Prepare
    clock = T0;
    const store = new DynamoIdempotencyStore(documents, TABLE, { now });
    const response = { statusCode: 201, headers: {}, body: '{"sessionId":"s-0077","upload":{"url":"https://uploads.example/s-0077"}}' };
    const session = { pk: 'TENANT#acme#SESSION#s-0077', sk: 'SESSION', gsi1pk: 'TENANT#acme#CLIENT#c-01', gsi1sk: 'DATE#2026-03-02#SESSION#s-0077' };
    await documents.send(new PutCommand({ TableName: TABLE, Item: session }));
    for (const [key, fingerprint] of [
      ['create-1', 'fingerprint-a'],
      ['create-2', 'fingerprint-b'],
    ] as const) {
      await store.begin('acme', key, fingerprint);
      await store.complete('acme', key, response, 's-0077');
    }
    await store.begin('acme', 'other-session', 'fingerprint-other');
    await store.complete('acme', 'other-session', { ...response, body: '{}' }, 's-0078');

    // Act
    const removed = await store.removeForSession('acme', 's-0077');
    const removedAgain = await store.removeForSession('acme', 's-0077');

    // Assess
    expect([removed, removedAgain]).toEqual([2, 0]);
    expect(await store.begin('acme', 'create-1', 'fingerprint-a')).toEqual({ state: 'new' });
    expect(await store.begin('acme', 'other-session', 'fingerprint-other')).toMatchObject({ state: 'replay' });
    const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { pk: session.pk, sk: 'SESSION' } }));
    expect(Item).toEqual(session);
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: TABLE }));
    // Neither the raw keys nor the erased responses are anywhere in the table.
    expect(JSON.stringify(Items)).not.toMatch(/create-[12]|uploads\.example/);
    expect(Items.filter((item) => String(item.pk).startsWith('TENANT#acme#SESSION#s-0077'))).toEqual([session]);
  });

  it('lists the audit trail newest first across days, page by page, and records a retried entry once', async () => {
    // Prepare
    const audit = new DynamoAuditLog(documents, TABLE);
    const entry = (at: string, requestId: string): AuditEntry => ({
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
    });
    const written = [
      entry('2026-03-01T08:00:00.000Z', 'r1'),
      entry('2026-03-01T17:30:00.000Z', 'r2'),
      entry('2026-03-03T09:15:00.000Z', 'r3'),
      entry('2026-03-03T09:15:00.000Z', 'r4'),
      entry('2026-03-03T23:59:59.999Z', 'r5'),
    ];
    for (const e of written) await audit.record(e);
    await audit.record({ ...written[4]!, status: 500 });
    await audit.record({ ...written[0]!, tenantId: 'globex' });

    // Act
    const pages: AuditEntry[][] = [];
    let cursor: string | undefined;
    do {
      const page = await audit.list('acme', { from: '2026-02-28', to: '2026-03-03', limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor && pages.length < 10);
    const firstPage = await audit.list('acme', { from: '2026-02-28', to: '2026-03-03', limit: 2 });

    // Assess
    expect(pages.map((p) => p.map((e) => e.requestId))).toEqual([['r5', 'r4'], ['r3', 'r2'], ['r1']]);
    expect(pages[0]![0]).toEqual(written[4]);
    await expect(audit.list('globex', { from: '2026-02-28', to: '2026-03-03', limit: 2, cursor: firstPage.cursor! })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    expect((await audit.list('globex', { from: '2026-03-01', to: '2026-03-01', limit: 10 })).items.map((e) => e.requestId)).toEqual(['r1']);
  });

  it('keeps every item of these stores out of the byClient index', async () => {
    // Act
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: TABLE, IndexName: BY_CLIENT_INDEX }));

    // Assess: only the session item the erasure test wrote.
    expect(Items.map((item) => item.sk)).toEqual(['SESSION']);
  });
});
