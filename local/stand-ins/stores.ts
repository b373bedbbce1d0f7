/**
 * The local data stores: dynalite (DynamoDB) on disk under ATTUNE_HOME/dynamodb, listening on a UNIX
 * socket inside ATTUNE_HOME (no TCP port), with the sessions table created from the template's own key
 * schema; and the filesystem object store (S3) under ATTUNE_HOME/s3.
 *
 * Who can reach the database: dynalite accepts any request signed with any SigV4-shaped credentials, so on
 * a loopback port every local process (any user's) could scan every tenant's notes. On a socket file in
 * the 0700 home (the socket itself 0600), only this user's processes can connect, as only they can open
 * the LevelDB files beside it. The runtime's client reaches it through an HTTP agent that connects to the
 * socket (`socketAgent`).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type dynaliteServer from 'dynalite';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { FileObjectStore } from './file-object-store.js';
import { closeHome, LOCAL_CREDENTIALS, LOCAL_REGION, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, type AttuneHome } from '../runtime/home.js';
import type { LocalPlan } from '../runtime/template.js';

/** Another process (an `npm start`, another `attune run`) has this ATTUNE_HOME's database open: the user can fix it. */
export class HomeInUseError extends InvalidInputError {
  constructor(message: string) {
    super(message, 'home_in_use');
  }
}

export interface LocalDynamo {
  /** The UNIX socket dynalite listens on (no TCP port): inside ATTUNE_HOME, or a private folder in the OS temp folder when that path is too long for a socket. */
  socketPath: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  /**
   * Makes deleted items unreadable in the files under ATTUNE_HOME: rewrites the database with only its
   * live entries and swaps the copy in. Requests that arrive meanwhile wait and are then served.
   */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/** The part of a LevelDB handle (classic-level, through dynalite's `level`) that the rewrite uses. */
interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
  iterator(options: { keyEncoding: 'buffer'; valueEncoding: 'buffer' }): AsyncIterable<[Uint8Array, Uint8Array]>;
  batch(operations: { type: 'put'; key: Uint8Array; value: Uint8Array }[], options: { keyEncoding: 'buffer'; valueEncoding: 'buffer' }): Promise<void>;
}

/** dynalite's store (dynalite/db `create`): `recreate` reopens the database at the same path, in place. */
interface DynaliteStore {
  db: LevelDatabase;
  recreate(): void;
}

/**
 * A UNIX socket's path must fit in `sun_path`: 108 bytes on Linux, 104 on macOS, with the final NUL. A
 * home deep enough to exceed it gets its socket in a folder of its own in the OS temp folder (made 0700
 * by mkdtemp), removed when the database closes.
 */
const MAX_SOCKET_PATH_BYTES = 100;

function socketPlace(home: AttuneHome): { socketPath: string; cleanup: () => void } {
  const inHome = join(home.root, 'dynamodb.sock');
  if (Buffer.byteLength(inHome) <= MAX_SOCKET_PATH_BYTES) return { socketPath: inHome, cleanup: () => rmSync(inHome, { force: true }) };
  const dir = mkdtempSync(join(tmpdir(), 'attune-'));
  const socketPath = join(dir, 'dynamodb.sock');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error('the local database needs a UNIX socket path of at most 100 bytes: use a shorter ATTUNE_HOME or TMPDIR');
  }
  return { socketPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function listenOnSocket(server: Server, socketPath: string): Promise<void> {
  // The home is claimed (claimHome): a socket file left here is a dead process's.
  rmSync(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  // Already 0600 under the runtime's umask (home.ts restrictUmask); set for any other caller too.
  chmodSync(socketPath, PRIVATE_FILE_MODE);
}

/**
 * An HTTP agent whose every connection goes to the socket: the SDK's NodeHttpHandler uses the agent it is
 * given (`requestHandler: { httpAgent }`) for the endpoint `http://localhost`. Keep-alive and at most 50
 * sockets, as the SDK's own agent.
 */
export class SocketAgent extends Agent {
  constructor(private readonly socketPath: string) {
    super({ keepAlive: true, maxSockets: 50 });
  }

  override createConnection(): Socket {
    return createConnection(this.socketPath);
  }
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
  mkdirSync(home.root, { recursive: true, mode: PRIVATE_DIR_MODE });
  const pidFile = join(home.root, 'runtime.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(pidFile, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new HomeInUseError(
          `${home.root} is in use by another Attune process (pid ${pid}; is \`npm start\` running?): stop it, or set ATTUNE_HOME to another folder`,
        );
      }
      rmSync(pidFile, { force: true });
      continue;
    }
    const release = () => rmSync(pidFile, { force: true });
    try {
      // Once claimed, so no other process is writing under it: a home made open to others is closed.
      closeHome(home.root);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }
  throw new HomeInUseError(`${home.root} could not be claimed: remove ${pidFile} if no Attune process is running`);
}

/** Starts dynalite on disk and makes sure the sessions table exists (claim the home first: claimHome). */
export async function startDynamo(home: AttuneHome, plan: Pick<LocalPlan, 'table'>): Promise<LocalDynamo> {
  recoverRewrite(home.dynamodb);
  // Made here, not by LevelDB, so its mode does not depend on the umask.
  mkdirSync(home.dynamodb, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { server, store } = openDynalite(home.dynamodb);
  const gate = gateRequests(server);
  const { socketPath, cleanup } = socketPlace(home);
  try {
    await listenOnSocket(server, socketPath);
  } catch (error) {
    cleanup();
    throw error;
  }
  const client = new DynamoDBClient({
    // The host is only what requests are signed for: every connection goes to the socket.
    endpoint: 'http://localhost',
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
    requestHandler: { httpAgent: new SocketAgent(socketPath) },
  });
  // One rewrite at a time; close waits for the last one, so the database is never closed mid-swap.
  let rewrites: Promise<void> = Promise.resolve();
  const compact = () => {
    const run = rewrites.then(() => rewriteLiveEntries(home.dynamodb, store, gate));
    rewrites = run.catch(() => undefined);
    return run;
  };
  const close = async () => {
    await rewrites;
    // Requests being served finish first (new ones wait at the gate until the client is destroyed below):
    // closing the database under a Query or Scan that is still reading made dynalite's stream read after
    // close(), an uncaught error. Bounded, so a request that never ends cannot hold the close forever.
    await Promise.race([gate.pause(), new Promise<void>((resolve) => setTimeout(resolve, CLOSE_DRAIN_MS).unref())]);
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    cleanup();
  };
  try {
    await ensureTable(client, plan.table);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  // The same document-client options as the handlers' module scope.
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { socketPath, client, documents, compact, close };
}

const requireHere = createRequire(import.meta.url);

/**
 * dynalite keeps its store (and the LevelDB handle in it) to itself. Its `db/create` is called once,
 * synchronously, while the server is built: wrapping it for that call is the one way to get the handle
 * (dynalite 4.0.0). Loaded with `require`, so dynalite and this wrapper share one module instance.
 */
function openDynalite(path: string): { server: Server; store: DynaliteStore } {
  const dynalite = requireHere('dynalite') as typeof dynaliteServer;
  const databases = requireHere('dynalite/db') as { create: (options: object) => DynaliteStore };
  const create = databases.create;
  let store: DynaliteStore | undefined;
  databases.create = (options) => (store = create(options));
  let server: Server;
  try {
    server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  } finally {
    databases.create = create;
  }
  if (!store) throw new Error('dynalite did not create its store through dynalite/db: the local database cannot be compacted with this dynalite version');
  return { server, store };
}

interface RequestGate {
  /** Resolves once no request is being served; new ones wait until `resume`. */
  pause(): Promise<void>;
  resume(): void;
}

/** Puts a gate in front of dynalite's request handler, so the database can be swapped between requests. */
function gateRequests(server: Server): RequestGate {
  const [serve] = server.listeners('request') as RequestListener[];
  if (!serve) throw new Error('dynalite registered no request handler');
  server.removeAllListeners('request');
  let serving = 0;
  let paused = false;
  let idle: (() => void) | undefined;
  const waiting: (() => void)[] = [];
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // A caller that hangs up while its request waits is not served, nor counted as being served.
    let state: 'waiting' | 'serving' | 'closed' = 'waiting';
    response.once('close', () => {
      if (state === 'serving' && --serving === 0) idle?.();
      state = 'closed';
    });
    const start = () => {
      if (state === 'closed') return;
      state = 'serving';
      serving += 1;
      serve(request, response);
    };
    if (paused) waiting.push(start);
    else start();
  });
  return {
    async pause() {
      paused = true;
      if (serving > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
    },
    resume() {
      paused = false;
      for (const start of waiting.splice(0)) start();
    },
  };
}

/** How long close waits for requests being served before it closes the database anyway. */
const CLOSE_DRAIN_MS = 5000;
const RAW = { keyEncoding: 'buffer', valueEncoding: 'buffer' } as const;
const COPY_BATCH = 1000;

/**
 * LevelDB keeps a deleted item's bytes in its log and table files until a compaction merges them with
 * the deletion, and its own compactRange never rewrites the bottommost level that holds files (a memtable
 * flushed straight to level 2 keeps the item beside its tombstone: seen with classic-level 3). So the
 * live entries are copied into a fresh database (`<path>.next`) that never held the deleted ones, and the
 * copy replaces the original, whose files are then removed. Nothing is served meanwhile (the gate holds
 * requests), so no write is lost. Cost: one pass over the database (0.2-0.3 s for 10 MB on 2 cores).
 */
async function rewriteLiveEntries(path: string, store: DynaliteStore, gate: RequestGate): Promise<void> {
  const next = `${path}.next`;
  const old = `${path}.old`;
  await gate.pause();
  try {
    rmSync(next, { recursive: true, force: true });
    // The copy becomes the database folder: made here with its mode, not by LevelDB with the umask's.
    mkdirSync(next, { mode: PRIVATE_DIR_MODE });
    const { Level } = createRequire(requireHere.resolve('dynalite'))('level') as { Level: new (location: string) => LevelDatabase };
    const copy = new Level(next);
    await copy.open();
    try {
      let operations: { type: 'put'; key: Uint8Array; value: Uint8Array }[] = [];
      for await (const [key, value] of store.db.iterator(RAW)) {
        operations.push({ type: 'put', key, value });
        if (operations.length >= COPY_BATCH) {
          await copy.batch(operations, RAW);
          operations = [];
        }
      }
      if (operations.length > 0) await copy.batch(operations, RAW);
    } finally {
      await copy.close();
    }
    await store.db.close();
    try {
      renameSync(path, old);
      renameSync(next, path);
    } finally {
      // Reopens whichever database is at the path now: the copy, or the original if a rename failed.
      if (!existsSync(path) && existsSync(old)) renameSync(old, path);
      store.recreate();
      await store.db.open();
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    gate.resume();
  }
}

/**
 * Finishes a rewrite a crash interrupted: a complete copy (`.next`, closed before any rename) replaces a
 * missing database; whatever else is left over holds deleted items and goes.
 */
function recoverRewrite(path: string): void {
  const next = `${path}.next`;
  const old = `${path}.old`;
  if (!existsSync(path)) {
    if (existsSync(next)) renameSync(next, path);
    else if (existsSync(old)) renameSync(old, path);
  }
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}

/**
 * The table as the synthesized template declares it. A home made by an earlier version whose table lacks an
 * index the template now has (dynalite cannot add one to an existing table) is migrated: every item is read,
 * the table is made again with its indexes, and the items are written back.
 */
export async function ensureTable(client: DynamoDBClient, table: LocalPlan['table']): Promise<void> {
  let existing: string[] | null = null;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
    existing = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  if (existing !== null && table.globalSecondaryIndexes.every((index) => existing!.includes(index.IndexName))) return;
  const items = existing === null ? [] : await scanAll(client, table.name);
  if (existing !== null) await client.send(new DeleteTableCommand({ TableName: table.name }));
  await createTable(client, table);
  for (let i = 0; i < items.length; i += 25) {
    let batch: Record<string, AttributeValue>[] = items.slice(i, i + 25);
    for (let attempt = 0; batch.length > 0 && attempt < 10; attempt++) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table.name]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
      );
      batch = (UnprocessedItems?.[table.name] ?? []).map((r) => r.PutRequest!.Item!);
    }
    if (batch.length > 0) throw new Error(`the local table ${table.name} could not be migrated: ${batch.length} items were not written back`);
  }
}

async function scanAll(client: DynamoDBClient, name: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: name, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function createTable(client: DynamoDBClient, table: LocalPlan['table']): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table.name,
      KeySchema: table.keySchema,
      AttributeDefinitions: table.attributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      // DynamoDB refuses an empty list of indexes: a table without any leaves the field out.
      ...(table.globalSecondaryIndexes.length > 0
        ? {
            GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: { ProjectionType: index.Projection.ProjectionType as 'ALL' | 'KEYS_ONLY' | 'INCLUDE' },
            })),
          }
        : {}),
    }),
  );
  // dynalite answers CreateTable with CREATING and turns the table ACTIVE on a timer, even at 0 ms: a
  // write in between is refused with ResourceNotFoundException.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the local table ${table.name} did not become ACTIVE within 2 s`);
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
