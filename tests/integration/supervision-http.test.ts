/**
 * The supervision report through the local server over real HTTP (`npm start`'s server in-process, the
 * real workflow on the local state machine runner, dynalite): a session created from a transcript
 * completes with its report; the clinician and a supervisor read it, an admin and another clinician do not;
 * the session view and the note's FHIR export never carry it; erasing the session removes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { startServer } from '../../local/server.js';
import type { Role } from '../../schemas/api.js';
import { SupervisionReportSchema } from '../../schemas/supervision.js';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const SESSION = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'rupture-unrepaired.txt'), 'utf8');

let started: Awaited<ReturnType<typeof startServer>>;
let base: string;
const home = tempHome();
const tokens: Record<string, string> = {};

async function call(who: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, json: text.length > 0 ? JSON.parse(text) : null };
}

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
  const token = (user: string, roles: Role[]) =>
    issueToken({ tenant: 'local', user, roles, expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
  tokens.clinician = token('dr-ames', ['clinician']);
  tokens.other = token('dr-lee', ['clinician']);
  tokens.supervisor = token('sup', ['supervisor']);
  tokens.admin = token('boss', ['admin']);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe('GET /sessions/{id}/supervision on the local server', () => {
  let sessionId: string;

  it('a session completes with its supervision report, which its clinician and a supervisor read', async () => {
    // Prepare
    const created = await call('clinician', 'POST', '/sessions', {
      clientId: 'client-s',
      sessionDate: '2026-10-02',
      consent: CONSENT,
      transcript: { format: 'text', content: SESSION },
    });
    expect(created.status, created.text).toBe(202);
    sessionId = created.json.sessionId;
    // The upload started an execution: wait for its outcome, not on a clock.
    await Promise.all(started.runtime.active().map((run) => run.outcome));
    expect((await call('clinician', 'GET', `/sessions/${sessionId}`)).json.status).toBe('COMPLETED');

    // Act
    const byClinician = await call('clinician', 'GET', `/sessions/${sessionId}/supervision`);
    const bySupervisor = await call('supervisor', 'GET', `/sessions/${sessionId}/supervision`);

    // Assess
    expect(byClinician.status, byClinician.text).toBe(200);
    const report = SupervisionReportSchema.parse(byClinician.json);
    expect(report.moments.some((m) => m.kind === 'rupture' && m.rupture?.repaired === false)).toBe(true);
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.json).toEqual(byClinician.json);
  }, 120_000);

  it('is refused to an admin (403) and hidden from another clinician (404)', async () => {
    expect((await call('admin', 'GET', `/sessions/${sessionId}/supervision`)).status).toBe(403);
    expect((await call('other', 'GET', `/sessions/${sessionId}/supervision`)).status).toBe(404);
  });

  it('is in neither the session view nor the FHIR export of the note', async () => {
    const view = await call('clinician', 'GET', `/sessions/${sessionId}`);
    expect(view.status).toBe(200);
    expect(view.json).not.toHaveProperty('supervision');
    const fhir = await call('clinician', 'GET', `/sessions/${sessionId}/note?format=fhir`);
    expect(fhir.status, fhir.text).toBe(200);
    const attachment = Buffer.from(fhir.json.content[0].attachment.data, 'base64').toString('utf8');
    const report = SupervisionReportSchema.parse((await call('supervisor', 'GET', `/sessions/${sessionId}/supervision`)).json);
    for (const m of report.moments) {
      expect(attachment).not.toContain(m.what);
      expect(fhir.text).not.toContain(m.what);
    }
  });

  it('is audited for every read', async () => {
    const audit = await call('admin', 'GET', '/audit');
    const reads = audit.json.items.filter((e: { action: string }) => e.action === 'supervision.read');
    expect(reads.map((e: { status: number }) => e.status).sort()).toEqual([200, 200, 200, 403, 404]);
    expect(JSON.stringify(reads)).not.toMatch(/moments|rupture/);
  });

  it('goes with the session when it is erased', async () => {
    expect((await call('clinician', 'DELETE', `/sessions/${sessionId}`)).status).toBe(200);
    expect((await call('supervisor', 'GET', `/sessions/${sessionId}/supervision`)).status).toBe(404);
  });
});
