/**
 * Load on the local runtime: transcript sessions uploaded as an uploader puts them (key, consent metadata),
 * each started by the upload rule and run through the whole workflow, with a bounded number in flight.
 * Reports throughput and the time from upload to outcome (p50/p95/max), beside the same sessions one at a
 * time measured in the same run. Prints figures only and never fails on timing; it exits 1 when a session
 * is lost or duplicated: every uploaded session must have exactly one record, written by its own
 * execution, COMPLETED, listed once, announced by exactly one `attune.session.completed` event, and leave
 * nothing in the uploads bucket.
 *
 * Run with `npm run bench:load` (200 sessions, 8 in flight; `-- --sessions N --concurrency N`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalRuntime, type LocalRuntime, type SessionOutcome } from '../local/runtime/runtime.js';
import type { SessionRecord } from '../schemas/session-record.js';
import { COMPLETED_DETAIL_TYPE, FAILED_DETAIL_TYPE } from '../lib/constructs/workflow.js';
import { CONSENT, filesUnder, localEnv, recordedEvents, tempHome } from '../tests/integration/local-stack.js';
import { quantile } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TENANT = 'load';
const CLIENTS = 20;
/** Sessions run one at a time, for the ratio. */
const SEQUENTIAL = 20;
/** Untimed, before anything is measured: the first sessions pay for module loading and JIT. */
const WARMUP = 5;
/** A session with no outcome by then is reported lost instead of hanging the bench. */
const OUTCOME_TIMEOUT_MS = 120_000;
/** The bad-input fixtures (too short, one speaker) abstain by design: not sessions a clinic would upload. */
const NOT_A_SESSION = new Set(['too-short.txt', 'one-speaker.txt']);

interface Planned {
  clientId: string;
  sessionId: string;
  sessionDate: string;
  transcript: string;
}

interface Ran extends Planned {
  executionId?: string;
  outcome?: SessionOutcome;
  /** Upload to outcome, in ms. */
  resultMs: number;
  problem?: string;
}

class UsageError extends Error {}

function options(): { sessions: number; concurrency: number } {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' } } });
  const whole = (name: string, text: string, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got '${text}')`);
    return n;
  };
  return { sessions: whole('sessions', values.sessions, 10_000), concurrency: whole('concurrency', values.concurrency, 256) };
}

/** The sample sessions and the pattern fixtures: varied lengths and alliance patterns. */
function transcripts(): string[] {
  const read = (dir: string, names: string[]) => names.sort().map((name) => readFileSync(join(dir, name), 'utf8'));
  const samples = join(ROOT, 'samples', 'sessions', 'jordan');
  const fixtures = join(ROOT, 'tests', 'fixtures', 'sessions');
  return [
    ...read(
      samples,
      readdirSync(samples).filter((name) => name.endsWith('.txt')),
    ),
    ...read(
      fixtures,
      readdirSync(fixtures).filter((name) => name.endsWith('.txt') && !NOT_A_SESSION.has(name)),
    ),
  ];
}

/** Distinct session ids, spread over the clients, each with a past session date and a transcript in turn. */
function plan(prefix: string, count: number, texts: string[]): Planned[] {
  return Array.from({ length: count }, (_, i) => ({
    clientId: `client-${String((i % CLIENTS) + 1).padStart(2, '0')}`,
    sessionId: `${prefix}-${String(i + 1).padStart(4, '0')}`,
    sessionDate: new Date(Date.now() - (i + 1) * 86_400_000).toISOString().slice(0, 10),
    transcript: texts[i % texts.length]!,
  }));
}

async function runOne(runtime: LocalRuntime, session: Planned): Promise<Ran> {
  const key = `uploads/${TENANT}/${session.clientId}/${session.sessionId}.txt`;
  const start = performance.now();
  const run = await runtime.upload(key, { body: session.transcript }, { ...CONSENT, 'session-date': session.sessionDate });
  if (!run) return { ...session, resultMs: performance.now() - start, problem: 'the upload rule started no execution' };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), OUTCOME_TIMEOUT_MS)));
  const outcome = await Promise.race([run.outcome, timedOut]);
  clearTimeout(timer);
  const resultMs = performance.now() - start;
  const executionId = run.execution.executionId;
  if (!outcome) return { ...session, executionId, resultMs, problem: `no outcome within ${OUTCOME_TIMEOUT_MS / 1000} s` };
  return { ...session, executionId, outcome, resultMs };
}

/** Runs the sessions with at most `width` in flight; answers them and the wall time. */
async function runAll(
  runtime: LocalRuntime,
  sessions: Planned[],
  width: number,
): Promise<{ ran: Ran[]; seconds: number; peakInFlight: number; peakExecutions: number }> {
  const ran: Ran[] = new Array(sessions.length);
  let next = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let peakExecutions = 0;
  const sampler = setInterval(() => (peakExecutions = Math.max(peakExecutions, runtime.active().length)), 5);
  const start = performance.now();
  const worker = async () => {
    while (next < sessions.length) {
      const i = next++;
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      ran[i] = await runOne(runtime, sessions[i]!);
      inFlight -= 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, sessions.length) }, worker));
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  return { ran, seconds, peakInFlight, peakExecutions };
}

/** Every session of a client, through every page of the listing. */
async function listAll(runtime: LocalRuntime, clientId: string): Promise<SessionRecord[]> {
  const items: SessionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await runtime.sessions.listByClient(TENANT, clientId, { limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

interface Check {
  name: string;
  problems: string[];
}

/** What a clinic would notice after the load: each session once, completed, announced once, no upload left. */
async function check(runtime: LocalRuntime, ran: Ran[]): Promise<Check[]> {
  await runtime.bus.flush();
  const uploaded = new Map(ran.map((s) => [s.sessionId, s]));
  const list = (ids: string[], limit = 10) => (ids.length > limit ? `${ids.slice(0, limit).join(', ')} … (${ids.length})` : ids.join(', '));

  const executions: string[] = [];
  for (const s of ran) {
    if (s.problem) executions.push(`${s.sessionId}: ${s.problem}`);
    else if (s.outcome!.status !== 'SUCCEEDED') executions.push(`${s.sessionId}: ${s.outcome!.status} (${s.outcome!.error?.Error ?? 'no error'})`);
    else if (s.outcome!.path.includes('AlreadyProcessed')) executions.push(`${s.sessionId}: taken for a duplicate (AlreadyProcessed)`);
  }

  const records: string[] = [];
  for (const s of ran) {
    const record = await runtime.sessions.get({ tenantId: TENANT, sessionId: s.sessionId });
    if (!record) records.push(`${s.sessionId}: no record (lost)`);
    else if (record.status !== 'COMPLETED') records.push(`${s.sessionId}: ${record.status}${record.failure ? ` ${record.failure.code}` : ''}`);
    else if (record.executionId !== s.executionId) records.push(`${s.sessionId}: written by another execution`);
  }

  const seen = new Map<string, number>();
  const clients = [...new Set(ran.map((s) => s.clientId))];
  for (const clientId of clients) for (const record of await listAll(runtime, clientId)) seen.set(record.sessionId, (seen.get(record.sessionId) ?? 0) + 1);
  const listing = [
    ...[...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id}: listed ${n} times (duplicate)`),
    ...[...seen.keys()].filter((id) => !uploaded.has(id)).map((id) => `${id}: listed but never uploaded`),
    ...[...uploaded.keys()].filter((id) => !seen.has(id)).map((id) => `${id}: not listed (lost)`),
  ];

  const completed = new Map<string, number>();
  const failed: string[] = [];
  for (const event of recordedEvents(runtime.home.root)) {
    const id = String(event.detail.sessionId);
    if (event['detail-type'] === COMPLETED_DETAIL_TYPE) completed.set(id, (completed.get(id) ?? 0) + 1);
    if (event['detail-type'] === FAILED_DETAIL_TYPE) failed.push(`${id}: attune.session.failed (${String(event.detail.failureCode)})`);
  }
  const events = [
    ...[...uploaded.keys()].filter((id) => (completed.get(id) ?? 0) !== 1).map((id) => `${id}: ${completed.get(id) ?? 0} completed events`),
    ...[...completed.keys()].filter((id) => !uploaded.has(id)).map((id) => `${id}: completed event for a session never uploaded`),
    ...failed,
  ];

  const left = filesUnder(runtime.store.bucketDir(runtime.plan.names.uploadsBucket));
  const cleanedUp = ran.filter((s) => (s.outcome?.leftoverVersionsDeleted ?? 0) > 0).map((s) => `${s.sessionId}: left behind, deleted by the runtime's check`);
  const bucket = [...left.map((file) => `${file}: still in the uploads bucket`), ...cleanedUp];

  return [
    { name: `one execution per upload, each SUCCEEDED on its own path`, problems: executions },
    { name: `one record per session, COMPLETED by its own execution`, problems: records },
    {
      name: `each session listed exactly once across the ${clients.length} clients (${[...seen.values()].reduce((a, b) => a + b, 0)} listed)`,
      problems: listing,
    },
    { name: `exactly one ${COMPLETED_DETAIL_TYPE} event per session, no ${FAILED_DETAIL_TYPE}`, problems: events },
    { name: `no object left in the uploads bucket`, problems: bucket },
  ].map((c) => ({ ...c, problems: c.problems.length > 0 ? [list(c.problems, 20)] : [] }));
}

const ms = (n: number) => (n < 1000 ? `${n.toFixed(0)} ms` : `${(n / 1000).toFixed(2)} s`);

function timingRow(name: string, ran: Ran[], seconds: number): string[] {
  const sorted = ran.map((s) => s.resultMs).sort((a, b) => a - b);
  const throughput = `${(ran.length / seconds).toFixed(2)}/s`;
  return [
    name,
    String(ran.length),
    throughput,
    ms(quantile(sorted, 0.5)),
    ms(quantile(sorted, 0.95)),
    ms(sorted.at(-1) ?? Number.NaN),
    `${seconds.toFixed(1)} s`,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const { sessions, concurrency } = options();
  const texts = transcripts();
  const home = tempHome();
  const warnings: string[] = [];
  process.stderr.write(`attune load bench: starting the local runtime in ${home.dir}…\n`);
  let runtime: LocalRuntime | undefined;
  try {
    runtime = await startLocalRuntime({ env: localEnv(home.dir), onWarning: (message) => warnings.push(message) });
    // Other work on the machine moves every figure here: the load average says how busy it was.
    const loadBefore = loadavg()[0]!;
    const warm = await runAll(runtime, plan('warm', WARMUP, texts), 1);
    process.stderr.write(`${SEQUENTIAL} sessions one at a time…\n`);
    const sequential = await runAll(runtime, plan('seq', SEQUENTIAL, texts), 1);
    process.stderr.write(`${sessions} sessions, ${concurrency} in flight…\n`);
    const loaded = await runAll(runtime, plan('load', sessions, texts), concurrency);

    const all = [...warm.ran, ...sequential.ran, ...loaded.ran];
    const checks = await check(runtime, all);
    const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / texts.length;

    const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
    console.log(`attune load bench: ${machine}; local runtime (dynalite, filesystem S3, aws-local-stepfunctions)`);
    console.log(`machine load average (1 min): ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
    console.log(`${texts.length} transcripts in turn (${(bytes / 1024).toFixed(1)} KB on average), ${CLIENTS} clients, distinct session ids`);
    console.log("time to result = from the upload to the execution's outcome\n");
    console.log(
      table([
        ['run', 'sessions', 'throughput', 'p50', 'p95', 'max', 'wall'],
        timingRow('one at a time', sequential.ran, sequential.seconds),
        timingRow(`${concurrency} in flight`, loaded.ran, loaded.seconds),
      ]),
    );
    const p50 = (ran: Ran[]) =>
      quantile(
        ran.map((s) => s.resultMs).sort((a, b) => a - b),
        0.5,
      );
    console.log('');
    console.log(
      `in flight: at most ${loaded.peakInFlight} uploads (bound ${concurrency}), at most ${loaded.peakExecutions} executions running at once (sampled every 5 ms)`,
    );
    console.log(
      `${concurrency} in flight / one at a time: throughput ${(loaded.ran.length / loaded.seconds / (sequential.ran.length / sequential.seconds)).toFixed(1)}x, ` +
        `p50 time to result ${(p50(loaded.ran) / p50(sequential.ran)).toFixed(1)}x`,
    );
    console.log(`\ncorrectness over all ${all.length} uploaded sessions (${WARMUP} untimed warm-up, ${SEQUENTIAL} one at a time, ${sessions} in flight):`);
    for (const { name, problems } of checks) {
      console.log(`  ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`);
      for (const problem of problems) console.log(`         ${problem}`);
    }
    if (warnings.length > 0) console.log(`\nruntime warnings (${warnings.length}):\n  ${warnings.slice(0, 10).join('\n  ')}`);
    const failing = checks.filter((c) => c.problems.length > 0).length;
    console.log(failing === 0 ? `\nno session lost or duplicated` : `\n${failing} check(s) failed: sessions lost, duplicated or not completed`);
    if (failing > 0) process.exitCode = 1;
  } finally {
    await runtime?.close();
    home.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`attune load bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
