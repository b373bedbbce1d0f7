/**
 * Erasure over real HTTP against the local runtime (dynalite), issue 15: three DELETEs of one session at
 * once answered 200 each, with three different receipts (Low finding); a session stuck in processing could
 * never be erased (M4). Now one erasure claims the session: exactly one DELETE answers the receipt, the others
 * a 409 naming it (or 404 once it is done); and a session stuck past the workflow's time limit is erased.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { startServer } from '../../local/server.js';
import { WORKFLOW_TIMEOUT_HOURS } from '../../schemas/workflow.js';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
/** Rounds of three DELETEs: one round may happen to serialize, several do not all. */
const ROUNDS = 3;

let started: Awaited<ReturnType<typeof startServer>>;
let base: string;
let bearer: string;
const home = tempHome();

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json: JSON.parse(text), text };
}

async function completedSession(clientId: string, sessionDate: string): Promise<string> {
  const created = await call('POST', '/sessions', { clientId, sessionDate, consent: CONSENT, transcript: { format: 'text', content: GOOD } });
  expect(created.status, created.text).toBe(202);
  const sessionId = created.json.sessionId as string;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await call('GET', `/sessions/${sessionId}`);
    if (r.json.status === 'COMPLETED') return sessionId;
    if (r.json.status === 'FAILED' || Date.now() > deadline) throw new Error(`session ${sessionId} did not complete: ${r.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
  bearer = issueToken({ tenant: 'local', user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe('three DELETEs of one session at once', () => {
  it('erase it once: one 200 with the receipt; the others 409 naming that receipt, or 404 once it is gone', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Prepare
      const sessionId = await completedSession('erase-race', `2026-10-0${round + 1}`);

      // Act
      const answers = await Promise.all([1, 2, 3].map(() => call('DELETE', `/sessions/${sessionId}`)));

      // Assess
      const receipts = answers.filter((a) => a.status === 200);
      expect(receipts.length, answers.map((a) => `${a.status} ${a.json.receiptId ?? a.json.detail}`).join('; ')).toBe(1);
      const { receiptId } = receipts[0]!.json;
      for (const refused of answers.filter((a) => a.status !== 200)) {
        expect([404, 409]).toContain(refused.status);
        expect(refused.contentType).toMatch(/application\/problem\+json/);
        if (refused.status === 409) expect(refused.json.detail).toContain(`receipt ${receiptId}`);
      }
      expect((await call('GET', `/sessions/${sessionId}`)).status).toBe(404);
      expect((await call('DELETE', `/sessions/${sessionId}`)).status).toBe(404);
    }
  }, 180_000);
});

describe('a session stuck in processing (M4)', () => {
  it(`is erased once its last change is older than the workflow's ${WORKFLOW_TIMEOUT_HOURS}-hour limit`, async () => {
    // Prepare: a session left ANALYZING by a workflow that is long gone.
    const changed = new Date(Date.now() - (WORKFLOW_TIMEOUT_HOURS + 1) * 3600 * 1000).toISOString();
    await started.runtime.clients.assign({ tenantId: 'local', clientId: 'stuck-client', clinicianId: 'dr-lee', createdAt: changed });
    await started.runtime.sessions.createReceived({
      tenantId: 'local',
      clientId: 'stuck-client',
      sessionId: 'stuck-1',
      status: 'ANALYZING',
      sessionDate: '2026-10-01',
      createdAt: changed,
      updatedAt: changed,
      timings: {},
    });

    // Act
    const erased = await call('DELETE', '/sessions/stuck-1');

    // Assess
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json.sessionIds).toEqual(['stuck-1']);
    expect((await call('GET', '/sessions/stuck-1')).status).toBe(404);
  }, 60_000);
});
