/**
 * Security finding M1 (issue 15) over real HTTP against the local runtime (dynalite): a note's signature
 * and edits race. Three clinicians' tabs signing one version at once get one signature, and the others
 * hear it is signed; a signature and an edit at once never both succeed, so a signed version is never
 * silently replaced by an edit of the unsigned one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { startServer } from '../../local/server.js';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
/** Rounds of a signature racing an edit: one round may happen to serialize, several do not all. */
const ROUNDS = 4;

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

async function completedSession(clientId: string): Promise<string> {
  const created = await call('POST', '/sessions', { clientId, sessionDate: '2026-10-01', consent: CONSENT, transcript: { format: 'text', content: GOOD } });
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

describe('signing and editing a note at once (M1)', () => {
  it('signs a version once when three signatures of it arrive together; the others answer 409 saying it is signed', async () => {
    // Prepare
    const sessionId = await completedSession('race-sign');
    const { version } = (await call('GET', `/sessions/${sessionId}/note`)).json;

    // Act
    const answers = await Promise.all(
      [1, 2, 3].map(() => call('POST', `/sessions/${sessionId}/note/sign`, { version, acknowledgeRisk: true, attestation: 'Reviewed' })),
    );

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const signed = answers.find((a) => a.status === 200)!;
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.contentType).toMatch(/application\/problem\+json/);
      expect(refused.json.detail).toMatch(/signed/);
      expect(refused.json.detail).toMatch(/GET the note/);
    }
    const stored = await call('GET', `/sessions/${sessionId}/note`);
    expect(stored.json.version).toBe(version);
    expect(stored.json.signature).toEqual(signed.json.signature);
  }, 90_000);

  it('lets only one of a signature and an edit of the same version succeed, and keeps what the winner wrote', async () => {
    // Prepare
    const sessionId = await completedSession('race-edit');
    let winners = { sign: 0, edit: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const current = (await call('GET', `/sessions/${sessionId}/note`)).json;
      expect(current.signature, 'each round starts from an unsigned version').toBeUndefined();

      // Act
      const [sign, edit] = await Promise.all([
        call('POST', `/sessions/${sessionId}/note/sign`, { version: current.version, acknowledgeRisk: true }),
        call('PUT', `/sessions/${sessionId}/note`, { baseVersion: current.version, sections: current.note.sections }),
      ]);

      // Assess
      expect([sign.status, edit.status].sort(), `round ${round}: sign ${sign.text.slice(0, 200)} / edit ${edit.text.slice(0, 200)}`).toEqual([200, 409]);
      const loser = sign.status === 409 ? sign : edit;
      expect(loser.contentType).toMatch(/application\/problem\+json/);
      expect(loser.json.detail).toMatch(/GET the note/);
      const stored = (await call('GET', `/sessions/${sessionId}/note`)).json;
      if (sign.status === 200) {
        winners = { ...winners, sign: winners.sign + 1 };
        expect(stored.version).toBe(current.version);
        expect(stored.signature).toEqual(sign.json.signature);
        // The next round needs an unsigned version: an edit of the signed one, which keeps it in the history.
        const next = await call('PUT', `/sessions/${sessionId}/note`, { baseVersion: current.version, sections: current.note.sections });
        expect(next.status, next.text).toBe(200);
        const kept = (await call('GET', `/sessions/${sessionId}/note?version=${current.version}`)).json;
        expect(kept.signature).toEqual(sign.json.signature);
      } else {
        winners = { ...winners, edit: winners.edit + 1 };
        expect(stored.version).toBe(current.version + 1);
        expect(stored.signature).toBeUndefined();
      }
    }
    expect(winners.sign + winners.edit).toBe(ROUNDS);
  }, 120_000);
});
