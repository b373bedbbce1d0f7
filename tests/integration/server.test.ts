/**
 * `npm start` as a user runs it (`tsx local/server.ts`): the first start processes the sample sessions
 * and serves them over the API; Ctrl-C stops it cleanly; a second start keeps the data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  base: string;
  exited: Promise<number | null>;
}

/** Starts the server in its own process group (as a terminal does), on a free port, and waits for its banner. */
async function startServer(home: string): Promise<Started> {
  const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local/server.ts'], {
    cwd: root,
    env: localEnv(home, { PORT: '0' }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), BOOT_TIMEOUT_MS - 5000);
    const check = () => {
      const url = /API\s+(http:\/\/localhost:\d+)/.exec(output)?.[1];
      if (url && output.includes('Ctrl-C stops')) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { child, output: () => output, base, exited };
}

/** Ctrl-C in a terminal: SIGINT to the whole process group. */
function interrupt(started: Started): Promise<number | null> {
  process.kill(-started.child.pid!, 'SIGINT');
  return started.exited;
}

describe('npm start', () => {
  const home = tempHome();
  let server: Started | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) await interrupt(server);
    home.cleanup();
  });

  it(
    'processes the sample sessions on first start and serves them',
    async () => {
      // Act
      server = await startServer(home.dir);
      const listing = await fetch(`${server.base}/clients/jordan/sessions`);
      const index = await fetch(`${server.base}/`);

      // Assess
      expect(server.output()).toMatch(/First start: processing the 4 sample sessions/);
      expect(server.output()).toMatch(new RegExp(`curl ${server.base}/clients/jordan/sessions`));
      expect(listing.status).toBe(200);
      const body = (await listing.json()) as { items: { sessionId: string; status: string; overall: number | null }[] };
      expect(body.items.map((s) => s.sessionId)).toEqual(['2026-09-22', '2026-09-15', '2026-09-08', '2026-09-01']);
      expect(body.items.every((s) => s.status === 'COMPLETED' && typeof s.overall === 'number')).toBe(true);
      expect(await index.text()).toMatch(/GET \/sessions\/\{id\}/);
    },
    BOOT_TIMEOUT_MS,
  );

  it('serves one session with its note, and its transcript on request', async () => {
    // Act
    const response = await fetch(`${server!.base}/sessions/2026-09-15?include=transcript`);

    // Assess
    expect(response.status).toBe(200);
    const session = (await response.json()) as { status: string; note: { format: string }; transcript: { turns: unknown[] } };
    expect(session.status).toBe('COMPLETED');
    expect(session.note.format).toBe('soap');
    expect(session.transcript.turns.length).toBeGreaterThan(10);
  });

  it(
    'stops cleanly on Ctrl-C and keeps its data for the next start',
    async () => {
      // Act
      const code = await interrupt(server!);
      server = await startServer(home.dir);
      const listing = (await (await fetch(`${server.base}/clients/jordan/sessions`)).json()) as { items: unknown[] };

      // Assess
      expect(code).toBe(0);
      expect(server.output()).not.toMatch(/First start/);
      expect(listing.items).toHaveLength(4);
    },
    BOOT_TIMEOUT_MS,
  );
});
