/**
 * `npm start` as a user runs it (`node --import tsx local/server.ts`): the first start processes the sample sessions
 * and serves them over the API to a caller signed in with `attune token`, as the banner says; Ctrl-C
 * stops it cleanly; a second start keeps the data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, localEnv, root, runAttune, tempHome } from './local-stack.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  base: string;
  exited: Promise<number | null>;
}

/** Starts the server in its own process group (as a terminal does), on a free port, and waits for its banner. */
async function startServer(home: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/server.ts'], {
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

/** What the banner's sign-in line runs: `attune token`, whose last line of stdout is the token. */
function signIn(home: string, ...args: string[]): { authorization: string } {
  const run = runAttune(['token', '--tenant', 'local', ...args], localEnv(home));
  if (run.status !== 0) throw new Error(`attune token failed: ${run.stderr}`);
  return { authorization: `Bearer ${run.stdout.trimEnd().split('\n').at(-1)}` };
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
      const listing = await fetch(`${server.base}/clients/jordan/sessions`, { headers: signIn(home.dir, '--user', 'demo') });
      const anonymous = await fetch(`${server.base}/clients/jordan/sessions`);
      const index = await fetch(`${server.base}/`);

      // Assess
      expect(server.output()).toMatch(/First start: processing the 5 sample sessions/);
      expect(server.output()).toMatch(new RegExp(`Web app\\s+${server.base}/\\s`));
      expect(server.output()).toContain(`TOKEN=$(ATTUNE_HOME=${home.dir} npx attune token --tenant local --user demo)`);
      expect(server.output()).toContain(`curl -H "Authorization: Bearer $TOKEN" ${server.base}/clients/jordan/sessions`);
      expect(anonymous.status).toBe(401);
      expect(listing.status).toBe(200);
      const body = (await listing.json()) as { items: { sessionId: string; status: string; overall: number | null }[] };
      expect(body.items.map((s) => s.sessionId)).toEqual(['2026-09-29', '2026-09-22', '2026-09-15', '2026-09-08', '2026-09-01']);
      expect(body.items.every((s) => s.status === 'COMPLETED' && typeof s.overall === 'number')).toBe(true);
      const text = await index.text();
      expect(text).toMatch(/GET\s+\/sessions\/\{id\}\s/);
      expect(text).toContain(`TOKEN=$(ATTUNE_HOME=${home.dir} npx attune token --tenant local --user demo)`);
    },
    BOOT_TIMEOUT_MS,
  );

  it('serves one session with its note, and its transcript on request, to the clinician of its client only', async () => {
    // Act
    const response = await fetch(`${server!.base}/sessions/2026-09-15?include=transcript`, { headers: signIn(home.dir, '--user', 'demo') });
    const otherClinician = await fetch(`${server!.base}/sessions/2026-09-15`, { headers: signIn(home.dir, '--user', 'dr-other') });

    // Assess
    expect(response.status).toBe(200);
    const session = (await response.json()) as { status: string; note: { format: string }; transcript: { turns: unknown[] } };
    expect(session.status).toBe('COMPLETED');
    expect(session.note.format).toBe('soap');
    expect(session.transcript.turns.length).toBeGreaterThan(10);
    expect(otherClinician.status).toBe(404);
  });

  it(
    'stops cleanly on Ctrl-C and keeps its data for the next start',
    async () => {
      // Act
      const code = await interrupt(server!);
      server = await startServer(home.dir);
      const listing = (await (await fetch(`${server.base}/clients/jordan/sessions`, { headers: signIn(home.dir, '--user', 'demo') })).json()) as {
        items: unknown[];
      };

      // Assess
      expect(code).toBe(0);
      expect(server.output()).not.toMatch(/First start/);
      expect(listing.items).toHaveLength(5);
    },
    BOOT_TIMEOUT_MS,
  );
});
