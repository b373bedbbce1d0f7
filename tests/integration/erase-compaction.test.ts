/**
 * Locally, erased text must not stay readable in the files under ATTUNE_HOME. dynalite keeps its data in
 * LevelDB, where a deleted item's bytes stay in log and table files until they are rewritten: these
 * tests look at the raw files, before and after `compact()`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attuneHome, type AttuneHome } from '../../local/runtime/home.js';
import { startDynamo, type LocalDynamo } from '../../local/stand-ins/stores.js';
import type { LocalTable } from '../../local/runtime/template.js';
import { tempHome } from './local-stack.js';

const CANARY = 'CANARY-Quetzal-7731';
const TABLE: LocalTable = {
  name: 'attune-sessions',
  keySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  attributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
  ],
  // The index copies every attribute, as the real table's byClient index does: a second copy to erase.
  globalSecondaryIndexes: [
    {
      IndexName: 'byClient',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
};

/** Every file under `dir` whose bytes contain `text`, relative to `dir`. */
function filesContaining(dir: string, text: string): string[] {
  if (!existsSync(dir)) return [];
  const needle = Buffer.from(text, 'utf8');
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file).includes(needle))
    .map((file) => file.slice(dir.length + 1));
}

const FILLER = 'x'.repeat(4000);

/** `batches` × 25 items of 4 KB (each item is stored twice: in the table and in the index). */
async function fill(dynamo: LocalDynamo, batches: number): Promise<void> {
  for (let batch = 0; batch < batches; batch++) {
    const items = Array.from({ length: 25 }, (_, i) => sessionItem(`f${batch}-${i}`, FILLER));
    await dynamo.documents.send(new BatchWriteCommand({ RequestItems: { [TABLE.name]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

function sessionItem(sessionId: string, note: string) {
  return { pk: 'TENANT#t1', sk: `SESSION#${sessionId}`, gsi1pk: 'TENANT#t1#CLIENT#c1', gsi1sk: `2026-09-01#${sessionId}`, sessionId, note };
}

describe('LocalDynamo.compact', () => {
  let home: AttuneHome;
  let cleanup: () => void;
  let dynamo: LocalDynamo | undefined;

  beforeEach(() => {
    const temp = tempHome();
    home = attuneHome({ ATTUNE_HOME: temp.dir });
    cleanup = temp.cleanup;
  });
  afterEach(async () => {
    await dynamo?.close();
    dynamo = undefined;
    cleanup();
  });

  it('leaves no deleted text in any file under ATTUNE_HOME, and keeps every live item', async () => {
    // Prepare
    dynamo = await startDynamo(home, { table: TABLE });
    await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem('s1', `the client said ${CANARY}`) }));
    await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem('s2', 'kept-Ocelot-2204') }));
    await dynamo.documents.send(new DeleteCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s1' } }));
    // The test can see the bytes: without a compaction the erased text is still on disk.
    expect(filesContaining(home.root, CANARY)).not.toEqual([]);

    // Act
    await dynamo.compact();

    // Assess
    expect(filesContaining(home.root, CANARY)).toEqual([]);
    expect(filesContaining(home.root, 'kept-Ocelot-2204')).not.toEqual([]);
    const kept = await dynamo.documents.send(new GetCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s2' } }));
    expect(kept.Item?.note).toBe('kept-Ocelot-2204');
    const erased = await dynamo.documents.send(new GetCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s1' } }));
    expect(erased.Item).toBeUndefined();
  });

  it('also erases text that LevelDB had already flushed into table files at several levels', async () => {
    // Prepare: a few MB of writes push the canary out of the log into .ldb files before it is deleted.
    dynamo = await startDynamo(home, { table: TABLE });
    await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem('s0', CANARY) }));
    await fill(dynamo, 60);
    await dynamo.documents.send(new DeleteCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s0' } }));
    expect(filesContaining(home.root, CANARY).some((file) => file.endsWith('.ldb'))).toBe(true);

    // Act
    await dynamo.compact();

    // Assess
    expect(filesContaining(home.root, CANARY)).toEqual([]);
    const sample = await dynamo.documents.send(new GetCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#f59-24' } }));
    expect(sample.Item?.note).toBe(FILLER);
  }, 60_000);

  it('serves the requests that arrive during a compaction, losing none of their writes', async () => {
    // Prepare
    dynamo = await startDynamo(home, { table: TABLE });
    await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem('s1', CANARY) }));
    await dynamo.documents.send(new DeleteCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s1' } }));
    // Enough data that the rewrite takes a while: the writes below arrive while it runs.
    await fill(dynamo, 40);
    const { documents } = dynamo;

    // Act
    const compaction = dynamo.compact();
    const writes = Array.from({ length: 40 }, (_, i) => documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem(`w${i}`, `written ${i}`) })));
    await Promise.all([compaction, ...writes]);

    // Assess
    for (let i = 0; i < 40; i++) {
      const read = await documents.send(new GetCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: `SESSION#w${i}` } }));
      expect(read.Item?.note).toBe(`written ${i}`);
    }
    expect(filesContaining(home.root, CANARY)).toEqual([]);
  });

  it('keeps the compacted database across a restart', async () => {
    // Prepare
    dynamo = await startDynamo(home, { table: TABLE });
    await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem('s1', CANARY) }));
    await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: sessionItem('s2', 'kept') }));
    await dynamo.documents.send(new DeleteCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s1' } }));
    await dynamo.compact();
    await dynamo.close();

    // Act
    dynamo = await startDynamo(home, { table: TABLE });

    // Assess
    const kept = await dynamo.documents.send(new GetCommand({ TableName: TABLE.name, Key: { pk: 'TENANT#t1', sk: 'SESSION#s2' } }));
    expect(kept.Item?.note).toBe('kept');
    expect(filesContaining(home.root, CANARY)).toEqual([]);
  });

  it('removes what an interrupted compaction left behind when it starts', async () => {
    // Prepare: the original database, renamed aside just before a crash, still holds the erased text.
    mkdirSync(`${home.dynamodb}.old`, { recursive: true });
    writeFileSync(join(`${home.dynamodb}.old`, '000005.ldb'), CANARY);
    mkdirSync(`${home.dynamodb}.next`, { recursive: true });

    // Act
    dynamo = await startDynamo(home, { table: TABLE });

    // Assess
    expect(filesContaining(home.root, CANARY)).toEqual([]);
    expect(existsSync(`${home.dynamodb}.next`)).toBe(false);
  });
});
