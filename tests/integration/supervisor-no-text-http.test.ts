/**
 * A supervisor sees scores, flags, turn ids and risk indicators, never the session's words (issue 15, M2).
 * Over real HTTP on the local stack: one client's four sample sessions and fixture sessions with a rupture
 * and a risk disclosure complete; then every route a supervisor may call is asked, and no answer holds a
 * piece of any transcript (a turn's sentence, or any string value that is a long stretch of a turn).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { startServer } from '../../local/server.js';
import type { Role } from '../../schemas/api.js';
import { BOOT_TIMEOUT_MS, localEnv, root, SAMPLES, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const FIXTURES = join(root, 'tests', 'fixtures', 'sessions');
/** A string value this long that is a stretch of a turn is the transcript's words, not the engine's. */
const MIN_QUOTE = 16;

let started: Awaited<ReturnType<typeof startServer>>;
let base: string;
const home = tempHome();
const tokens: Record<string, string> = {};

async function call(who: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${tokens[who]}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, json: text.length > 0 ? JSON.parse(text) : null };
}

/** Every string value in a JSON document. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
  return out;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

const inputs = [
  ...['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'].map((date) => ({
    clientId: 'client-j',
    sessionDate: date,
    content: readFileSync(join(SAMPLES, `${date}.txt`), 'utf8'),
  })),
  { clientId: 'client-r', sessionDate: '2026-10-01', content: readFileSync(join(FIXTURES, 'rupture-unrepaired.txt'), 'utf8') },
  { clientId: 'client-r', sessionDate: '2026-10-08', content: readFileSync(join(FIXTURES, 'passive-ideation.txt'), 'utf8') },
  { clientId: 'client-r', sessionDate: '2026-10-15', content: readFileSync(join(FIXTURES, 'client-resistance.txt'), 'utf8') },
];

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
  const token = (user: string, roles: Role[]) =>
    issueToken({ tenant: 'local', user, roles, expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
  tokens.clinician = token('dr-ames', ['clinician']);
  tokens.supervisor = token('sup', ['supervisor']);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe('what a supervisor sees over HTTP', () => {
  it('no answer to a supervisor holds any of the transcripts’ words', async () => {
    // Prepare: every session completes; the clinician reads each transcript, to know what must not appear.
    const ids: string[] = [];
    for (const input of inputs) {
      const created = await call('clinician', '/sessions', {
        method: 'POST',
        body: { clientId: input.clientId, sessionDate: input.sessionDate, consent: CONSENT, transcript: { format: 'text', content: input.content } },
      });
      expect(created.status, created.text).toBe(202);
      ids.push(created.json.sessionId);
      await Promise.all(started.runtime.active().map((run) => run.outcome));
    }
    const turns: string[] = [];
    for (const id of ids) {
      const view = await call('clinician', `/sessions/${id}?include=transcript`);
      expect(view.json.status, id).toBe('COMPLETED');
      turns.push(...view.json.transcript.turns.map((t: { text: string }) => squash(t.text)));
      // The clinician sees the quotes, so the fixture does exercise them.
      expect(view.text).toContain('"quote"');
    }
    // A sentence the supervision report's own scripts suggest a therapist say ("What do you make of that?") is the engine's words.
    const scripts = squash(readFileSync(join(root, 'lambdas', 'core', 'supervision', 'alternatives.ts'), 'utf8'));
    const sentences = turns.flatMap((t) => t.split(/(?<=[.!?])\s+/)).filter((s) => s.split(' ').length >= 5 && !scripts.includes(s));
    expect(sentences.length).toBeGreaterThan(50);

    // Act: every route a supervisor may call that answers about these sessions and clients.
    const paths = [
      ...ids.map((id) => `/sessions/${id}`),
      ...ids.map((id) => `/sessions/${id}/supervision`),
      ...ids.map((id) => `/sessions/${id}?include=transcript`),
      ...ids.map((id) => `/sessions/${id}/note`),
      '/sessions?reviewRequired=true',
      '/clients',
      '/clients/client-j/sessions',
      '/clients/client-r/sessions',
      '/clients/client-j/alliance',
      '/clients/client-r/alliance',
    ];
    const answers = await Promise.all(paths.map(async (path) => ({ path, ...(await call('supervisor', path)) })));

    // Assess: the scores are there; no words are.
    const first = answers.find((a) => a.path === `/sessions/${ids[0]}`)!;
    expect(first.status).toBe(200);
    expect(first.json.alliance.overall.score).toEqual(expect.any(Number));
    expect(first.json.alliance.dimensions.therapeuticRelationship.evidence.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(ids.length * 2 + 5);
    const leaks: string[] = [];
    for (const answer of answers) {
      const body = squash(answer.text);
      for (const sentence of sentences) if (body.includes(sentence)) leaks.push(`${answer.path}: a transcript sentence`);
      for (const value of strings(answer.json)) {
        const s = squash(value);
        if (s.length >= MIN_QUOTE && turns.some((t) => t.includes(s))) leaks.push(`${answer.path}: a value of ${s.length} characters from a turn`);
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
  }, 300_000);
});
