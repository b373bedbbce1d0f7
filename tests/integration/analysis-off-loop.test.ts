/**
 * One large transcript does not stall everyone (issue 15, M5): on the local stack, NormalizeTranscript's
 * analysis of a long session runs off the server's event loop, so another tenant's request is answered
 * while it is still being analysed. Ordering, not time: the other requests are answered before the
 * session's analysis exists in the artifacts store, and the session then completes as usual.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../local/http/http-api.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime/runtime.js';
import { issueToken, localSecret, tokenKeyFile, type TokenRequest } from '../../local/stand-ins/auth.js';
import { sessionAnalysisKey } from '../../schemas/analysis.js';
import { BOOT_TIMEOUT_MS, localEnv, SAMPLES, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const CLINIC_A: TokenRequest = { tenant: 'clinic-a', user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 };
const CLINIC_B: TokenRequest = { tenant: 'clinic-b', user: 'dr-kim', roles: ['clinician'], expiresInSeconds: 3600 };
/** A long session: one sample session's dialogue a hundred times over (about 5,800 turns, under the 10,000-turn limit). */
const LONG = Array.from({ length: 100 }, () => readFileSync(join(SAMPLES, '2026-09-08.txt'), 'utf8')).join('\n');

const home = tempHome();
let runtime: LocalRuntime;
let server: Server;
let base: string;
let key: Buffer;
/** Settles when NormalizeTranscript is called. */
let normalizeEntered: () => void;
const entered = new Promise<void>((resolve) => {
  normalizeEntered = resolve;
});

beforeAll(async () => {
  runtime = await startLocalRuntime({
    env: localEnv(home.dir),
    onWarning: () => undefined,
    interceptTask: async ({ state }, proceed) => {
      if (state === 'NormalizeTranscript') normalizeEntered();
      return proceed();
    },
  });
  server = createApiServer(runtime, { env: {} });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  key = localSecret(tokenKeyFile(runtime.home));
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await runtime?.close();
  home.cleanup();
});

const bearer = (who: TokenRequest) => ({ authorization: `Bearer ${issueToken(who, key)}` });

describe('a long session on the local stack', () => {
  it("is analysed while another tenant's requests are answered", async () => {
    // Prepare: the other tenant has a session of its own to list.
    const other = await fetch(`${base}/sessions`, {
      method: 'POST',
      headers: { ...bearer(CLINIC_B), 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'b1',
        sessionDate: '2026-09-02',
        consent: CONSENT,
        transcript: { format: 'text', content: readFileSync(join(SAMPLES, '2026-09-01.txt'), 'utf8') },
      }),
    });
    expect(other.status).toBe(202);
    await Promise.all(runtime.active().map((run) => run.outcome));

    // Act: the long session starts; once its NormalizeTranscript runs, the other tenant asks for its client's sessions.
    const created = await fetch(`${base}/sessions`, {
      method: 'POST',
      headers: { ...bearer(CLINIC_A), 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'a1', sessionDate: '2026-09-03', consent: CONSENT, transcript: { format: 'text', content: LONG } }),
    });
    expect(created.status).toBe(202);
    const { sessionId } = (await created.json()) as { sessionId: string };
    const analysisKey = sessionAnalysisKey({ tenantId: 'clinic-a', clientId: 'a1', sessionId });
    const analysed = () => runtime.store.head(runtime.plan.names.artifactsBucket, analysisKey);
    const runs = runtime.active();
    await entered;
    const answers: { status: number; analysedBefore: boolean }[] = [];
    for (const path of ['/clients/b1/sessions', '/sessions?reviewRequired=true', '/clients']) {
      const response = await fetch(`${base}${path}`, { headers: bearer(CLINIC_B) });
      await response.arrayBuffer();
      answers.push({ status: response.status, analysedBefore: (await analysed()) !== null });
    }
    const outcomes = await Promise.all(runs.map((run) => run.outcome));

    // Assess: every answer came while the analysis was still being computed; the session then completed.
    expect(answers).toEqual([
      { status: 200, analysedBefore: false },
      { status: 200, analysedBefore: false },
      { status: 200, analysedBefore: false },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['SUCCEEDED']);
    expect(await analysed()).not.toBeNull();
    const session = await fetch(`${base}/sessions/${sessionId}`, { headers: bearer(CLINIC_A) });
    expect(((await session.json()) as { status: string }).status).toBe('COMPLETED');
  }, 300_000);
});
