/**
 * Who can reach the local data (issue 15, M3). The local database holds every tenant's notes and there is
 * no KMS on one machine, so nothing but the user who runs Attune may reach it: no TCP port any local
 * process can send a DynamoDB request to (dynalite accepts any SigV4-shaped credentials), and nothing under
 * ATTUNE_HOME that another user may open.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../local/server.js';
import { BOOT_TIMEOUT_MS, localEnv, runAttune, SAMPLES, tempHome } from './local-stack.js';

/** The loopback and wildcard TCP ports a process listens on (Linux: /proc/net/tcp{,6} joined with its open sockets). */
function listeningPorts(pid: number | 'self'): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // Closed meanwhile.
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      // 0A: LISTEN.
      if (state === '0A' && inode && inodes.has(inode)) ports.add(Number.parseInt(local!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Everything under `dir` (and `dir` itself) whose mode lets the group or others in, as `path mode`. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const stats = lstatSync(path);
    if (!stats.isSymbolicLink() && (stats.mode & 0o077) !== 0) found.push(`${path.slice(dir.length) || '/'} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  visit(dir);
  return found;
}

/** Everything under `dir` of one kind. */
function entriesUnder(dir: string, kind: 'socket' | 'file'): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => (kind === 'socket' ? entry.isSocket() : entry.isFile()))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What another local user's process sees: a script run as `nobody` (possible only when the tests run as root). */
function asNobody(script: string, arg: string): string {
  const run = spawnSync(process.execPath, ['-e', script, arg], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60_000 });
  return `${run.stdout}${run.stderr}`.trim();
}

const isLinux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;

describe.runIf(isLinux)('the local data, as another local process sees it', () => {
  const temp = tempHome();
  // A folder others may pass through, as a user's home often is: what keeps them out must be ATTUNE_HOME's own modes.
  const home = join(temp.dir, 'attune');
  let started: Awaited<ReturnType<typeof startServer>> | undefined;

  beforeAll(async () => {
    chmodSync(temp.dir, 0o755);
    started = await startServer(localEnv(home, { PORT: '0' }), () => undefined);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
    temp.cleanup();
  });

  it('answers no DynamoDB request sent to any TCP port the runtime listens on, whatever the credentials', async () => {
    // Prepare: the usual attack: a DynamoDB client with made-up credentials, pointed at each local port.
    const ports = listeningPorts('self');
    const table = started!.runtime.plan.table.name;

    // Act
    const answers = await Promise.all(
      ports.map(async (port) => {
        const client = new DynamoDBClient({
          endpoint: `http://127.0.0.1:${port}`,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'anything' },
          maxAttempts: 1,
        });
        try {
          const tables = await client.send(new ListTablesCommand({}));
          const scan = await client.send(new ScanCommand({ TableName: table, Limit: 1 })).then(
            (page) => `${page.Count ?? 0} items`,
            (error: Error) => error.name,
          );
          return `port ${port}: tables ${JSON.stringify(tables.TableNames)}, scan ${scan}`;
        } catch {
          return null;
        } finally {
          client.destroy();
        }
      }),
    );

    // Assess: the API's own port is among them and answers no DynamoDB request; no port serves the database.
    expect(ports).toContain(started!.port);
    expect(answers.filter((answer) => answer !== null)).toEqual([]);
  });

  it('leaves nothing under ATTUNE_HOME that the group or others may open', () => {
    // Act
    const open = openToOthers(home);

    // Assess: the sample sessions were processed, so the database, the objects, the events and the keys exist.
    expect(entriesUnder(join(home, 'dynamodb'), 'file').length).toBeGreaterThan(0);
    expect(entriesUnder(join(home, 's3'), 'file').length).toBeGreaterThan(0);
    expect(open).toEqual([]);
  });

  it.runIf(isRoot)('refuses another user the database socket and the files', () => {
    // Prepare
    const [socket] = entriesUnder(home, 'socket');
    const [file] = entriesUnder(join(home, 's3'), 'file');

    // Act
    const connect = asNobody(
      "require('net').connect(process.argv[1]).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => console.log(e.code));",
      socket!,
    );
    const read = asNobody("try { require('fs').readFileSync(process.argv[1]); console.log('read'); } catch (e) { console.log(e.code); }", file!);

    // Assess
    expect(socket).toBeDefined();
    expect(connect).toBe('EACCES');
    expect(read).toBe('EACCES');
  });
});

describe.runIf(isLinux)('an ATTUNE_HOME made open to others (an earlier version, or by hand)', () => {
  const temp = tempHome();
  const home = join(temp.dir, 'attune');
  afterAll(() => temp.cleanup());

  it(
    'is closed to others when the runtime starts, with what it already held',
    async () => {
      // Prepare
      mkdirSync(join(home, 's3'), { recursive: true, mode: 0o755 });
      chmodSync(home, 0o755);
      chmodSync(join(home, 's3'), 0o755);
      writeFileSync(join(home, 'events.ndjson'), '', { mode: 0o644 });
      chmodSync(join(home, 'events.ndjson'), 0o644);

      // Act
      const started = await startServer(localEnv(home, { PORT: '0' }), () => undefined);
      await started.close();

      // Assess
      expect(openToOthers(home)).toEqual([]);
    },
    BOOT_TIMEOUT_MS,
  );
});

describe.runIf(isLinux)('attune run (the CLI, a process of its own)', () => {
  const temp = tempHome();
  const home = join(temp.dir, 'attune');
  afterAll(() => temp.cleanup());

  it(
    'leaves nothing under ATTUNE_HOME that the group or others may open',
    () => {
      // Act
      const run = runAttune(['run', join(SAMPLES, '2026-09-08.txt'), '--client', 'jordan', '--consent'], localEnv(home));

      // Assess
      expect(run.status).toBe(0);
      expect(entriesUnder(join(home, 'dynamodb'), 'file').length).toBeGreaterThan(0);
      expect(openToOthers(home)).toEqual([]);
    },
    BOOT_TIMEOUT_MS,
  );
});
