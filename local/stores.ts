/**
 * The local data stores: dynalite (DynamoDB) on disk under ATTUNE_HOME/dynamodb on a random loopback
 * port, with the sessions table created from the template's own key schema; and the filesystem object
 * store (S3) under ATTUNE_HOME/s3.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../lambdas/core/errors.js';
import { FileObjectStore } from './file-object-store.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type AttuneHome } from './home.js';
import type { LocalPlan } from './template.js';

/** Another process (an `npm start`, another `attune run`) has this ATTUNE_HOME's database open: the user can fix it. */
export class HomeInUseError extends InvalidInputError {
  constructor(message: string) {
    super(message, 'home_in_use');
  }
}

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims ATTUNE_HOME for this process. LevelDB allows one process per database, and dynalite reports a
 * second one only by crashing on its first request, so the claim is checked before dynalite starts.
 * A claim left by a process that has died is taken over.
 */
export function claimHome(home: AttuneHome): () => void {
  // Sessions are kept in plain files here (no KMS locally): only this user may read them.
  mkdirSync(home.root, { recursive: true, mode: 0o700 });
  const pidFile = join(home.root, 'runtime.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(pidFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new HomeInUseError(
          `${home.root} is in use by another Attune process (pid ${pid}; is \`npm start\` running?): stop it, or set ATTUNE_HOME to another folder`,
        );
      }
      rmSync(pidFile, { force: true });
    }
  }
  throw new HomeInUseError(`${home.root} could not be claimed: remove ${pidFile} if no Attune process is running`);
}

/** Starts dynalite on disk and makes sure the sessions table exists (claim the home first: claimHome). */
export async function startDynamo(home: AttuneHome, plan: LocalPlan): Promise<LocalDynamo> {
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ path: home.dynamodb, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    await ensureTable(client, plan.table);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  // The same document-client options as the handlers' module scope.
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { endpoint, client, documents, close };
}

async function ensureTable(client: DynamoDBClient, table: LocalPlan['table']): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table.name }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: table.name,
      KeySchema: table.keySchema,
      AttributeDefinitions: table.attributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: { ProjectionType: index.Projection.ProjectionType as 'ALL' | 'KEYS_ONLY' | 'INCLUDE' },
      })),
    }),
  );
}

/** The object store, with the uploads bucket versioned and notifying as in AWS, the artifacts bucket not. */
export async function startObjectStore(home: AttuneHome, plan: LocalPlan): Promise<FileObjectStore> {
  const store = new FileObjectStore(home.s3, {
    [plan.names.uploadsBucket]: { versioned: true, notify: true },
    [plan.names.artifactsBucket]: { versioned: false },
  });
  await store.init();
  return store;
}
