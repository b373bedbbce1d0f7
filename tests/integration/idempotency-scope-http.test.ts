/**
 * Security finding of issue 15 (Low) over real HTTP against the local runtime (dynalite): Idempotency-Key
 * answers were kept per tenant, so two clinicians of one tenant sending the same key collided (422). Each
 * caller's key is their own: both requests run, and each retry replays its own caller's answer only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../local/server.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
const KEY = '6f0c2d4e-1b7a-4c39-9e21-5a8d3f7b0c11';

let started: Awaited<ReturnType<typeof startServer>>;
let base: string;
const home = tempHome();

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

async function createAs(user: string, clientId: string) {
  const token = issueToken({ tenant: 'local', user, roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
  const response = await fetch(`${base}/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': KEY },
    body: JSON.stringify({ clientId, sessionDate: '2026-10-01', consent: CONSENT, transcript: { format: 'text', content: GOOD } }),
  });
  const text = await response.text();
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    text,
    sessionId: (JSON.parse(text) as { sessionId?: string }).sessionId,
  };
}

describe('Idempotency-Key per caller (two clinicians of one tenant)', () => {
  it("the second clinician's request under the same key runs as their own: no conflict, not the first clinician's answer", async () => {
    // Act
    const lee = await createAs('dr-lee', 'idem-lee');
    const okafor = await createAs('dr-okafor', 'idem-okafor');
    const leeRetry = await createAs('dr-lee', 'idem-lee');
    const okaforRetry = await createAs('dr-okafor', 'idem-okafor');

    // Assess
    expect(lee.status, lee.text).toBe(202);
    expect(okafor.status, okafor.text).toBe(202);
    expect(okafor.replayed).toBeNull();
    expect(okafor.sessionId).not.toBe(lee.sessionId);
    expect([leeRetry.replayed, leeRetry.sessionId]).toEqual(['true', lee.sessionId]);
    expect([okaforRetry.replayed, okaforRetry.sessionId]).toEqual(['true', okafor.sessionId]);
  }, 60_000);
});
