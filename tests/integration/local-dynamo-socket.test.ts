/**
 * The local database listens on a UNIX socket, never on a TCP port (issue 15, M3): where the socket goes
 * when ATTUNE_HOME's path is too long for one, a socket file left by a process that died, and the modes of
 * the database folder after an erasure's rewrite.
 */
import { existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attuneHome, type AttuneHome } from '../../local/runtime/home.js';
import type { LocalTable } from '../../local/runtime/template.js';
import { startDynamo, type LocalDynamo } from '../../local/stand-ins/stores.js';
import { tempHome } from './local-stack.js';

const TABLE: LocalTable = {
  name: 'attune-sessions',
  keySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  attributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  globalSecondaryIndexes: [],
};

const ITEM = { pk: 'TENANT#t1', sk: 'SESSION#s1', status: 'COMPLETED' };

async function roundTrip(dynamo: LocalDynamo): Promise<unknown> {
  await dynamo.documents.send(new PutCommand({ TableName: TABLE.name, Item: ITEM }));
  return (await dynamo.documents.send(new GetCommand({ TableName: TABLE.name, Key: { pk: ITEM.pk, sk: ITEM.sk } }))).Item;
}

describe('the local database socket', () => {
  let temp: ReturnType<typeof tempHome>;
  let dynamo: LocalDynamo | undefined;
  let umask: number;

  beforeEach(() => {
    temp = tempHome();
    // The usual umask of a desktop session, as a caller other than the runtime (which tightens it) has it.
    umask = process.umask(0o022);
  });
  afterEach(async () => {
    await dynamo?.close();
    dynamo = undefined;
    process.umask(umask);
    temp.cleanup();
  });

  it('listens inside ATTUNE_HOME, owner only, and serves the runtime through it', async () => {
    // Prepare
    const home: AttuneHome = attuneHome({ ATTUNE_HOME: temp.dir });

    // Act
    dynamo = await startDynamo(home, { table: TABLE });
    const item = await roundTrip(dynamo);

    // Assess
    expect(item).toEqual(ITEM);
    expect(dynamo.socketPath).toBe(join(home.root, 'dynamodb.sock'));
    expect(lstatSync(dynamo.socketPath).isSocket()).toBe(true);
    expect(lstatSync(dynamo.socketPath).mode & 0o777).toBe(0o600);
  });

  it('puts the socket in a private folder of its own when ATTUNE_HOME is too deep for a socket path, and removes it at close', async () => {
    // Prepare
    const deep = join(temp.dir, 'a-folder-name-long-enough'.repeat(4), 'attune');
    mkdirSync(deep, { recursive: true });
    const home = attuneHome({ ATTUNE_HOME: deep });

    // Act
    dynamo = await startDynamo(home, { table: TABLE });
    const item = await roundTrip(dynamo);
    const { socketPath } = dynamo;
    const folderMode = lstatSync(dirname(socketPath)).mode & 0o777;
    await dynamo.close();
    dynamo = undefined;

    // Assess
    expect(item).toEqual(ITEM);
    expect(socketPath.startsWith(deep)).toBe(false);
    expect(folderMode).toBe(0o700);
    expect(existsSync(dirname(socketPath))).toBe(false);
  });

  it('starts over a socket file left by a process that died', async () => {
    // Prepare
    const home = attuneHome({ ATTUNE_HOME: temp.dir });
    writeFileSync(join(home.root, 'dynamodb.sock'), '');

    // Act
    dynamo = await startDynamo(home, { table: TABLE });

    // Assess
    expect(await roundTrip(dynamo)).toEqual(ITEM);
  });

  it('keeps the database folder owner only after an erasure rewrites it', async () => {
    // Prepare
    const home = attuneHome({ ATTUNE_HOME: temp.dir });
    dynamo = await startDynamo(home, { table: TABLE });
    await roundTrip(dynamo);

    // Act
    await dynamo.compact();

    // Assess
    expect(lstatSync(home.dynamodb).mode & 0o777).toBe(0o700);
    expect(await roundTrip(dynamo)).toEqual(ITEM);
  });
});
