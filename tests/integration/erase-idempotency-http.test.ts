/**
 * Security finding H1 (issue 15) over real HTTP against the local runtime: a note signed with an
 * Idempotency-Key, then its session erased. The kept answer (the whole signed note) must go with the
 * session: resending the signature (after the runtime restarts, so nothing is held in memory) answers 404
 * as a new request, and the note's text is in no file under ATTUNE_HOME.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../local/server.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { BOOT_TIMEOUT_MS, filesUnder, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
/** Caller text the signed note keeps (its attestation): it must not outlive the erasure anywhere on disk. */
const ATTESTATION = 'Reviewed with the client, Heliotrope-Juniper-5519';

type Started = Awaited<ReturnType<typeof startServer>>;
let started: Started;
let base: string;
const home = tempHome();

async function boot(): Promise<void> {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const token = issueToken({ tenant: 'local', user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

async function completedSession(clientId: string, sessionDate: string): Promise<string> {
  const created = await call('POST', '/sessions', { clientId, sessionDate, consent: CONSENT, transcript: { format: 'text', content: GOOD } });
  expect(created.status, created.text).toBe(202);
  const sessionId = created.json.sessionId as string;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await call('GET', `/sessions/${sessionId}`);
    if (r.status === 200 && r.json.status === 'COMPLETED') return sessionId;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} did not complete: ${r.status} ${r.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function filesContaining(needle: string): string[] {
  return filesUnder(home.dir).filter((file) => {
    try {
      return readFileSync(join(home.dir, file)).includes(needle);
    } catch {
      return false;
    }
  });
}

beforeAll(boot, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe('erasure reaches the answers kept for Idempotency-Key replays (H1)', () => {
  it('a signature resent after its session was erased answers 404 as a new request after a restart, not the note; the note is on no disk', async () => {
    // Prepare
    const sessionId = await completedSession('h1-erase', '2026-10-01');
    const note = await call('GET', `/sessions/${sessionId}/note`);
    const sign = { version: note.json.version, attestation: ATTESTATION };
    const signed = await call('POST', `/sessions/${sessionId}/note/sign`, sign, { 'idempotency-key': 'h1-sign-1' });
    expect(signed.status, signed.text).toBe(200);
    expect(filesContaining(ATTESTATION).length).toBeGreaterThan(0);

    // Act
    const receipt = await call('DELETE', `/sessions/${sessionId}`);
    await started.close();
    await boot();
    const replay = await call('POST', `/sessions/${sessionId}/note/sign`, sign, { 'idempotency-key': 'h1-sign-1' });

    // Assess
    expect(receipt.status, receipt.text).toBe(200);
    expect(replay.status, replay.text).toBe(404);
    expect(replay.headers.get('idempotent-replayed')).toBeNull();
    expect(replay.text).not.toContain(ATTESTATION);
    expect(receipt.json.removed.idempotencyRecords).toBeGreaterThanOrEqual(1);
    expect(filesContaining(ATTESTATION)).toEqual([]);
  }, 180_000);

  it('erasing a client takes the signed-note answers of each of its sessions: resent signatures answer 404', async () => {
    // Prepare
    const a = await completedSession('h1-leaving', '2026-10-01');
    const b = await completedSession('h1-leaving', '2026-10-08');
    for (const sessionId of [a, b]) {
      const signed = await call('POST', `/sessions/${sessionId}/note/sign`, { version: 1, attestation: ATTESTATION }, { 'idempotency-key': `h1-${sessionId}` });
      expect(signed.status, signed.text).toBe(200);
    }

    // Act
    const receipt = await call('DELETE', '/clients/h1-leaving');
    const replays = await Promise.all(
      [a, b].map((sessionId) =>
        call('POST', `/sessions/${sessionId}/note/sign`, { version: 1, attestation: ATTESTATION }, { 'idempotency-key': `h1-${sessionId}` }),
      ),
    );

    // Assess
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.json.removed.idempotencyRecords).toBeGreaterThanOrEqual(2);
    expect(replays.map((r) => [r.status, r.headers.get('idempotent-replayed')])).toEqual([
      [404, null],
      [404, null],
    ]);
    expect(filesContaining(ATTESTATION)).toEqual([]);
  }, 180_000);
});
