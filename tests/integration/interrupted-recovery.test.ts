/**
 * M4 (issue 15) on one machine: a runtime killed mid-processing (SIGKILL: no shutdown, no failure path) left
 * its session ANALYZING for good, and `DELETE` answered 409 forever. Now, at start, every session an earlier
 * run left in processing is marked FAILED (`interrupted`), its recording is deleted, its failure published,
 * and it can be erased.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../local/server.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { BOOT_TIMEOUT_MS, localEnv, root, startRuntime, tempHome } from './local-stack.js';

const TRANSCRIPT = join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt');
const homes: { cleanup: () => void }[] = [];

afterAll(() => {
  for (const home of homes) home.cleanup();
});

function newHome() {
  const home = tempHome();
  homes.push(home);
  return home;
}

/** Runs the child runtime until it reports the status its session is held in, then kills it with SIGKILL. */
async function killedMidProcessing(home: string, key: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests', 'integration', 'children', 'killed-mid-analysis.ts'), TRANSCRIPT, key], {
    cwd: root,
    env: localEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const lines = createInterface({ input: child.stdout });
  const held = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (/^[A-Z_]+ /.test(line)) resolve(line.split(' ')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`the child runtime ended (${code}) before its session was held: ${stderr.slice(-500)}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return held;
}

async function call(base: string, bearer: string, method: string, path: string) {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${bearer}` } });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text), text };
}

describe('a session a killed runtime left in processing (M4)', () => {
  it(
    'is FAILED (interrupted) after a restart, its recording gone and its failure published, and DELETE answers 200',
    async () => {
      // Prepare
      const home = newHome();
      const key = 'uploads/local/crash-client/crash-1.txt';
      const held = await killedMidProcessing(home.dir, key);
      expect(held).toBe('ANALYZING');

      // Act
      const started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
      try {
        const base = `http://127.0.0.1:${started.port}`;
        const admin = issueToken(
          { tenant: 'local', user: 'admin-1', roles: ['admin'], expiresInSeconds: 3600 },
          localSecret(tokenKeyFile(started.runtime.home)),
        );
        const session = await call(base, admin, 'GET', '/sessions/crash-1');
        const upload = await started.runtime.store.head(started.runtime.plan.names.uploadsBucket, key);
        const erased = await call(base, admin, 'DELETE', '/sessions/crash-1');

        // Assess
        expect(session.status, session.text).toBe(200);
        expect(session.json.status).toBe('FAILED');
        expect(session.json.failure.code).toBe('interrupted');
        expect(upload).toBeNull();
        const events = readFileSync(started.runtime.home.events, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { 'detail-type': string; detail: { sessionId: string; failureCode?: string } });
        expect(events.filter((e) => e['detail-type'] === 'attune.session.failed' && e.detail.sessionId === 'crash-1').map((e) => e.detail.failureCode)).toEqual(
          ['interrupted'],
        );
        expect(erased.status, erased.text).toBe(200);
        expect(erased.json.sessionIds).toEqual(['crash-1']);
      } finally {
        await started.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'marks every session found in processing at start failed, and leaves finished ones alone',
    async () => {
      // Prepare: sessions as a crash leaves them, written straight to the table.
      const home = newHome();
      const first = await startRuntime(home.dir);
      const now = new Date().toISOString();
      const record = (sessionId: string, status: 'RECEIVED' | 'TRANSCRIBING' | 'ANALYZING' | 'COMPLETED') => ({
        tenantId: 'local',
        clientId: 'crash-client',
        sessionId,
        status,
        sessionDate: '2026-10-01',
        createdAt: now,
        updatedAt: now,
        timings: {},
        executionId: `exec-${sessionId}`,
        upload: { key: `uploads/local/crash-client/${sessionId}.wav`, kind: 'audio' as const, bytes: 4 },
      });
      for (const status of ['RECEIVED', 'TRANSCRIBING', 'ANALYZING', 'COMPLETED'] as const) {
        await first.sessions.createReceived(record(status.toLowerCase(), status));
      }
      await first.close();

      // Act
      const second = await startRuntime(home.dir);
      try {
        const statuses = await Promise.all(
          ['received', 'transcribing', 'analyzing', 'completed'].map(async (sessionId) => {
            const stored = await second.sessions.get({ tenantId: 'local', sessionId });
            return [sessionId, stored?.status, stored?.failure?.code];
          }),
        );

        // Assess
        expect(statuses).toEqual([
          ['received', 'FAILED', 'interrupted'],
          ['transcribing', 'FAILED', 'interrupted'],
          ['analyzing', 'FAILED', 'interrupted'],
          ['completed', 'COMPLETED', undefined],
        ]);
      } finally {
        await second.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
