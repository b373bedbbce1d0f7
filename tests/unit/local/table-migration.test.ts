import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient, CreateTableCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../local/stand-ins/stores.js';
import type { LocalTable } from '../../../local/runtime/template.js';

/** A home made before the review queue's index existed is migrated at start, its items kept. */
describe('the local table when the template gains an index', () => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  let client: DynamoDBClient;
  const table: LocalTable = {
    name: 'attune-test',
    keySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    attributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'reviewQueue', AttributeType: 'S' },
    ],
    globalSecondaryIndexes: [
      {
        IndexName: 'reviewQueue',
        KeySchema: [
          { AttributeName: 'reviewQueue', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('makes the table again with the index and writes every item back', async () => {
    // Prepare: the table as an earlier version made it, without the index, holding 60 items
    await client.send(
      new CreateTableCommand({
        TableName: table.name,
        KeySchema: table.keySchema,
        AttributeDefinitions: table.attributeDefinitions.slice(0, 2),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (let i = 0; i < 60; i++)
      await client.send(
        new PutItemCommand({ TableName: table.name, Item: { pk: { S: `TENANT#t#${i % 3}` }, sk: { S: `SESSION#${i}` }, note: { S: `note ${i}` } } }),
      );

    // Act
    await ensureTable(client, table);
    await ensureTable(client, table); // a second start changes nothing

    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['reviewQueue']);
    const { Items } = await client.send(new ScanCommand({ TableName: table.name }));
    expect(Items).toHaveLength(60);
    expect(Items!.map((item) => item.note!.S).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `note ${i}`).sort());
  });
});
