/**
 * Speed of the partner API on this machine, over real HTTP with keep-alive (Node's fetch), against the
 * local runtime (`npm start`'s server in-process, in a temporary ATTUNE_HOME): reads, listings, notes,
 * a transcript from POST to COMPLETED, erasure, and 8 clients at once. Machines are noisy, so every
 * figure is also given as a ratio to `GET /` (answered by the server itself: no handler, no database)
 * measured in the same run. Prints figures only; it never fails on timing.
 *
 * Run with `npm run bench:api`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { issueToken, localSecret, tokenKeyFile } from '../local/stand-ins/auth.js';
import { startServer } from '../local/server.js';
import { filesUnder, localEnv, tempHome } from '../tests/integration/local-stack.js';
import { summarise, type Summary } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'samples', 'sessions', 'jordan');
const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
/** A sample session's id is its date (local/server.ts loads them so). */
const SAMPLE_SESSION = '2026-09-15';
const WARMUP = 30;
/** How often a waiting caller asks for the status: the resolution of every "time to result". */
const POLL_MS = 25;
const IN_FLIGHT = 8;
const CONCURRENT_SECONDS = 5;

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Total size of the files under `dir`, in MB. */
function sizeMb(dir: string): number {
  return filesUnder(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0) / 1024 / 1024;
}

/** The fields of the API's answers this bench reads. */
interface Answer {
  sessionId?: string;
  status?: string;
  failure?: unknown;
  items?: unknown[];
  removed?: { sessionRecords?: number };
}

function client(base: string, token: string) {
  /** One request, its body read whole; an unexpected status is a broken bench, not a slow one. */
  async function call(method: string, path: string, expected: number, body?: unknown): Promise<{ json: Answer | null; elapsed: number }> {
    const start = performance.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const elapsed = performance.now() - start;
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}, expected ${expected}: ${text.slice(0, 200)}`);
    return { json: text.startsWith('{') ? (JSON.parse(text) as Answer) : null, elapsed };
  }

  /** `n` sequential requests after a warm-up, each timed to its last body byte. */
  async function repeat(n: number, path: string, expected = 200): Promise<Summary> {
    for (let i = 0; i < Math.min(WARMUP, n); i++) await call('GET', path, expected);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) samples.push((await call('GET', path, expected)).elapsed);
    return summarise(samples);
  }

  /** POST a transcript, then poll until the session is COMPLETED: the time a partner waits for the note and scores. */
  async function processed(
    clientId: string,
    sessionDate: string,
    content: string,
    pollMs: number,
  ): Promise<{ sessionId: string; postMs: number; resultMs: number }> {
    const start = performance.now();
    const created = await call('POST', '/sessions', 202, { clientId, sessionDate, consent: CONSENT, transcript: { format: 'text', content } });
    const sessionId = created.json!.sessionId as string;
    for (;;) {
      const json = (await call('GET', `/sessions/${sessionId}`, 200)).json!;
      if (json.status === 'COMPLETED') return { sessionId, postMs: created.elapsed, resultMs: performance.now() - start };
      if (json.status === 'FAILED') throw new Error(`session ${sessionId} failed: ${JSON.stringify(json.failure)}`);
      if (performance.now() - start > 120_000) throw new Error(`session ${sessionId} did not finish in 2 minutes (${json.status})`);
      await sleep(pollMs);
    }
  }

  return { call, repeat, processed };
}

/** `jobs` run by `width` workers at once; each job's result, in order. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** The date `weeks` weeks before the first sample session, as YYYY-MM-DD: in the past whenever the bench runs. */
const weeksBeforeSamples = (weeks: number) => new Date(Date.parse('2026-09-01T00:00:00Z') - weeks * 7 * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<void> {
  const home = tempHome();
  process.stderr.write(`attune api bench: starting the local runtime in ${home.dir}…\n`);
  let started: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const env = localEnv(home.dir, { PORT: '0', ATTUNE_RATE_LIMIT: '100000,100000' });
    started = await startServer(env, () => undefined);
    const base = `http://127.0.0.1:${started.port}`;
    const token = issueToken({ tenant: 'local', user: 'demo', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
    const api = client(base, token);
    // A well-formed token with a wrong signature: refused only after the HMAC is checked.
    const forged = client(base, `${token.slice(0, -4)}AAAA`);
    const transcripts = readdirSync(SAMPLES)
      .filter((name) => /^\d{4}-\d{2}-\d{2}\.txt$/.test(name))
      .sort()
      .map((name) => readFileSync(join(SAMPLES, name), 'utf8'));
    const transcriptKb = transcripts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / transcripts.length / 1024;
    const rows: string[][] = [['measure', 'n', 'min', 'median', 'p95', 'note']];
    const row = (name: string, s: Summary, note = '') => rows.push([name, String(s.n), ms(s.min), ms(s.median), ms(s.p95), note]);

    // 1-2. The server alone, then routing + a token check that refuses, then a whole read (token, access, DynamoDB, audit write).
    const index = await api.repeat(300, '/');
    row('GET / (server only: no handler, no DB)', index, 'baseline');
    const refused = await forged.repeat(300, `/sessions/${SAMPLE_SESSION}`, 401);
    row('GET /sessions/{id}, forged token → 401', refused, 'token check, no handler');
    const session = await api.repeat(300, `/sessions/${SAMPLE_SESSION}`);
    row('GET /sessions/{id}', session, 'token, access, reads, audit');

    // 3. Jordan's series grown to 24 sessions, weekly before the samples, the sample texts in turn (untimed).
    process.stderr.write('adding 20 sessions to jordan…\n');
    await pool(
      Array.from({ length: 20 }, (_, i) => () => api.processed('jordan', weeksBeforeSamples(i + 1), transcripts[i % transcripts.length]!, POLL_MS)),
      4,
    );
    const listed = await api.call('GET', '/clients/jordan/sessions?limit=100', 200);
    const seriesSize = (listed.json!.items as unknown[]).length;
    const listing = await api.repeat(200, '/clients/jordan/sessions?limit=20');
    row('GET /clients/jordan/sessions?limit=20', listing, `${seriesSize} sessions`);
    const alliance = await api.repeat(100, '/clients/jordan/alliance');
    row('GET /clients/jordan/alliance', alliance, `${seriesSize} sessions`);

    // 4. The note as stored (FHIR wraps it) and rewritten in another format by the local engine.
    const fhir = await api.repeat(100, `/sessions/${SAMPLE_SESSION}/note?format=fhir`);
    row('GET /sessions/{id}/note?format=fhir', fhir);
    const dap = await api.repeat(50, `/sessions/${SAMPLE_SESSION}/note?format=dap`);
    row('GET /sessions/{id}/note?format=dap', dap, 'regenerated');

    // 5. POST → COMPLETED, one at a time, then IN_FLIGHT at once.
    process.stderr.write('processing 20 sessions one at a time, then 20 with 8 in flight…\n');
    const sequential: Awaited<ReturnType<typeof api.processed>>[] = [];
    for (let i = 0; i < 20; i++)
      sequential.push(await api.processed('bench-sequential', weeksBeforeSamples(i + 1), transcripts[i % transcripts.length]!, POLL_MS));
    row('POST /sessions (transcript) → 202', summarise(sequential.map((s) => s.postMs)), `${transcriptKb.toFixed(1)} KB each`);
    const oneAtATime = summarise(sequential.map((s) => s.resultMs));
    row('POST → COMPLETED, one at a time', oneAtATime, `polled every ${POLL_MS} ms`);
    const burstStart = performance.now();
    const parallel = await pool(
      Array.from({ length: 20 }, (_, i) => () => api.processed('bench-parallel', weeksBeforeSamples(i + 1), transcripts[i % transcripts.length]!, POLL_MS)),
      IN_FLIGHT,
    );
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const inFlight = summarise(parallel.map((s) => s.resultMs));
    const sessionsPerSecond = parallel.length / burstSeconds;
    row(`POST → COMPLETED, ${IN_FLIGHT} in flight`, inFlight, `${sessionsPerSecond.toFixed(2)} sessions/s`);

    // 6. Erasure: each DELETE rewrites the local database, so its time grows with what the database holds.
    const dynamodbDir = started.runtime.home.dynamodb;
    const dbBefore = sizeMb(dynamodbDir);
    const erasures: number[] = [];
    for (const { sessionId } of sequential.slice(0, 10)) {
      const { json, elapsed } = await api.call('DELETE', `/sessions/${sessionId}`, 200);
      if (json!.removed?.sessionRecords !== 1) throw new Error(`DELETE /sessions/${sessionId} removed ${JSON.stringify(json!.removed)}`);
      erasures.push(elapsed);
    }
    const erase = summarise(erasures);
    row('DELETE /sessions/{id} (with DB rewrite)', erase, `dynamodb ${dbBefore.toFixed(1)} → ${sizeMb(dynamodbDir).toFixed(1)} MB`);

    // 7. IN_FLIGHT clients reading the same session as fast as they can.
    const latencies: number[] = [];
    const until = performance.now() + CONCURRENT_SECONDS * 1000;
    const reader = async () => {
      while (performance.now() < until) latencies.push((await api.call('GET', `/sessions/${SAMPLE_SESSION}`, 200)).elapsed);
    };
    const concurrentStart = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, reader));
    const requestsPerSecond = latencies.length / ((performance.now() - concurrentStart) / 1000);
    const concurrent = summarise(latencies);
    row(`GET /sessions/{id}, ${IN_FLIGHT} clients × ${CONCURRENT_SECONDS} s`, concurrent, `${requestsPerSecond.toFixed(0)} req/s`);

    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
    console.log(`attune api bench: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}; keep-alive fetch to 127.0.0.1`);
    console.log(`sequential reads after ${WARMUP} warm-up requests each; sample transcripts ${transcriptKb.toFixed(1)} KB on average\n`);
    console.log(table(rows));
    console.log('');
    console.log(
      `GET /sessions/{id} / GET / (medians): ${ratio(session.median, index.median)}; of which token check + routing (401 / GET /): ${ratio(refused.median, index.median)}`,
    );
    console.log(`GET /clients/jordan/sessions?limit=20 / GET / (medians): ${ratio(listing.median, index.median)}`);
    console.log(`GET /clients/jordan/alliance (${seriesSize} sessions) / GET / (medians): ${ratio(alliance.median, index.median)}`);
    console.log(
      `note ?format=fhir / GET /sessions/{id} (medians): ${ratio(fhir.median, session.median)}; ?format=dap / ?format=fhir: ${ratio(dap.median, fhir.median)}`,
    );
    console.log(`POST → COMPLETED / GET /sessions/{id} (medians): ${ratio(oneAtATime.median, session.median)}`);
    console.log(
      `${IN_FLIGHT} in flight: ${sessionsPerSecond.toFixed(2)} sessions/s vs ${(1000 / oneAtATime.median).toFixed(2)} one at a time (${ratio(sessionsPerSecond, 1000 / oneAtATime.median)}); time to result ${ratio(inFlight.median, oneAtATime.median)} the sequential median`,
    );
    console.log(`DELETE /sessions/{id} / GET /sessions/{id} (medians): ${ratio(erase.median, session.median)}`);
    console.log(
      `${IN_FLIGHT} clients: ${requestsPerSecond.toFixed(0)} req/s vs ${(1000 / session.median).toFixed(0)} sequential (${ratio(requestsPerSecond, 1000 / session.median)}); p95 ${ratio(concurrent.p95, session.p95)} the sequential p95`,
    );
  } finally {
    await started?.close();
    home.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`attune api bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
