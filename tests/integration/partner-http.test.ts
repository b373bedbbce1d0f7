/**
 * Partner access locally, over real HTTP (issue 15): `attune token --partner` gives a partner's access
 * token (client_id, scope) bound to its tenant, and the local API enforces its scopes as the partner API
 * does in AWS. A token with only notes.read reads a note but may not sign it (403 naming the scope), and
 * sees nothing of another tenant.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../local/server.js';
import { issuePartnerToken, issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import type { Scope } from '../../schemas/scopes.js';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');

type Started = Awaited<ReturnType<typeof startServer>>;
let started: Started;
let base: string;
const home = tempHome();

const key = () => localSecret(tokenKeyFile(started.runtime.home));
const clinician = (tenant: string) => issueToken({ tenant, user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 }, key());
const partner = (tenant: string, scopes: Scope[]) => issuePartnerToken({ partner: 'ehr-vendor', tenant, scopes, expiresInSeconds: 3600 }, key());

async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

/** A session of `tenant`, created by its clinician and followed until it completes (no fixed wait: polled). */
async function completedSession(tenant: string, clientId: string): Promise<string> {
  const created = await call(clinician(tenant), 'POST', '/sessions', {
    clientId,
    sessionDate: '2026-10-01',
    consent: CONSENT,
    transcript: { format: 'text', content: GOOD },
  });
  expect(created.status, created.text).toBe(202);
  const sessionId = created.json.sessionId as string;
  for (;;) {
    const r = await call(clinician(tenant), 'GET', `/sessions/${sessionId}`);
    if (r.status === 200 && r.json.status === 'COMPLETED') return sessionId;
    if (r.status !== 200 || r.json.status === 'FAILED') throw new Error(`session ${sessionId} did not complete: ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe('a partner token on the local API', () => {
  it('with only notes.read: GET the note is 200, POST sign is 403 naming attune/notes.sign, and the audit trail names the partner', async () => {
    // Prepare
    const sessionId = await completedSession('clinic-a', 'p-client');
    const token = partner('clinic-a', ['notes.read']);

    // Act
    const note = await call(token, 'GET', `/sessions/${sessionId}/note`);
    const sign = await call(token, 'POST', `/sessions/${sessionId}/note/sign`, { attestation: 'Reviewed' });
    const audit = await call(issueToken({ tenant: 'clinic-a', user: 'boss', roles: ['admin'], expiresInSeconds: 3600 }, key()), 'GET', '/audit');

    // Assess
    expect(note.status, note.text).toBe(200);
    expect(sign.status).toBe(403);
    expect(sign.json.detail).toContain('attune/notes.sign');
    const read = (audit.json.items as { action: string; partner?: string; actor: string }[]).find((e) => e.action === 'note.read' && e.partner);
    expect(read).toMatchObject({ partner: 'ehr-vendor', actor: 'partner:ehr-vendor' });
  }, 120_000);

  it("cannot see another tenant's session: 404, as if it did not exist", async () => {
    // Prepare
    const sessionId = await completedSession('clinic-b', 'b-client');

    // Act
    const other = await call(partner('clinic-a', ['notes.read', 'sessions.read']), 'GET', `/sessions/${sessionId}`);
    const own = await call(partner('clinic-b', ['sessions.read']), 'GET', `/sessions/${sessionId}`);

    // Assess
    expect(other.status).toBe(404);
    expect(own.status).toBe(200);
  }, 120_000);
});
