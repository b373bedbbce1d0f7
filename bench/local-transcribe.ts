/**
 * Speed and accuracy of the local transcriber. Renders a ~4-minute two-channel session with espeak-ng
 * (scripts/render-samples.sh), then times, on that same FLAC: (a) pocketsphinx alone, both channels in
 * parallel as a job runs them; (b) a local transcription job end to end (start → COMPLETED, JSON
 * written), the transcriber's own overhead; and (c) the whole local pipeline, from putting the upload
 * to the COMPLETED session record (ValidateUpload → Transcribe → NormalizeTranscript → DeleteRawAudio →
 * note + alliance → PersistResults), the README's "upload to results" figure and its ratio to (a) (goal
 * ≤ 1.3). The runtime for (c) is booted once beforehand in a temporary ATTUNE_HOME (its boot, with the
 * workflow's synth when the cache is cold, is reported apart and not timed in (c)), and closed and
 * removed at the end. Then the word error rate of pocketsphinx on the LibriVox read-speech samples in
 * ../shared/data/asr-samples, when they are there. Figures only.
 *
 * Run with `npm run bench:local` (`-- --rounds N` repeats the three, rotating which goes first, and
 * keeps the fastest of each; `-- --wait-ms N` sets the runtime's transcript poll for (c), 200 ms by default). Needs pocketsphinx, espeak-ng and sox.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLocalTranscribe, type JobTimings, type LocalTranscribe } from '../local/stand-ins/transcriber/index.js';
import { pocketsphinxArgs } from '../local/stand-ins/transcriber/pocketsphinx.js';
import { RecognitionReader } from '../local/stand-ins/transcriber/recognition.js';
import { startLocalRuntime, type LocalRuntime, type SessionOutcome } from '../local/runtime/runtime.js';
import { uploadSessionFile } from '../local/runtime/sessions.js';
import { MemoryObjectStore } from '../tests/unit/local-transcriber/memory-store.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SESSION = join(ROOT, 'samples', 'sessions', 'jordan', '2026-09-15.txt');
const DURATION_SECONDS = 240;
const LIBRIVOX = join(ROOT, '..', 'shared', 'data', 'asr-samples', 'librivox');
const POCKETSPHINX = 'pocketsphinx_continuous';
/** `npm run bench:local -- --rounds 3` for steadier figures on a busy machine (each round is ~6 minutes on 2 cores). */
const ROUNDS = Math.max(1, Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 1);
/**
 * The runtime's transcript poll for (c) (`--wait-ms N`), as `attune run` uses it. Each local status call
 * holds until the job finishes (up to 30 s, one AWS poll), so the wait limit is the same as in AWS.
 */
const WAIT_MS = process.argv.includes('--wait-ms') ? Math.max(1, Number(process.argv[process.argv.indexOf('--wait-ms') + 1]) || 200) : 200;

function installed(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** pocketsphinx on one WAV; resolves with its stdout. */
function pocketsphinx(wav: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(POCKETSPHINX, pocketsphinxArgs(wav), { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`pocketsphinx exited ${code}`))));
  });
}

function words(stdout: string): string[] {
  const reader = new RecognitionReader();
  reader.push(stdout);
  return reader.finish().flatMap((utterance) => utterance.words.map((word) => word.word));
}

/** Word-level Levenshtein distance: substitutions + deletions + insertions. */
function editDistance(reference: readonly string[], hypothesis: readonly string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1);
    }
    previous = current;
  }
  return previous[hypothesis.length] ?? 0;
}

/**
 * CPU seconds used so far by this process and by its finished children (sox, pocketsphinx), from
 * /proc/self/stat: on a busy machine wall time says little about overhead, CPU time does. Linux only.
 */
function cpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString());
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
    const total = ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) / ticks;
    return Number.isFinite(total) ? total : undefined;
  } catch {
    return undefined;
  }
}

/** Wall and CPU time of `act`. */
async function measure(act: () => Promise<unknown>): Promise<Measured> {
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  await act();
  const wallMs = performance.now() - started;
  const cpuAfter = cpuSeconds();
  return { wallMs, cpuS: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

const normalise = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function speed(work: string): Promise<void> {
  execFileSync(join(ROOT, 'scripts', 'render-samples.sh'), ['-o', work, '-d', String(DURATION_SECONDS), SESSION], { stdio: 'ignore' });
  const recording = join(work, '2026-09-15.flac');
  const audioSeconds = Number(execFileSync('soxi', ['-D', recording]).toString());

  // (a) pocketsphinx alone: the channels already split, as the job splits them, both decoded at once.
  // (b) the job, from the object store to the JSON written back; see transcriptionJob.
  const left = join(work, 'left.wav');
  const right = join(work, 'right.wav');
  execFileSync('sox', [recording, '-r', '16000', '-c', '1', '-b', '16', left, 'remix', '1']);
  execFileSync('sox', [recording, '-r', '16000', '-c', '1', '-b', '16', right, 'remix', '2']);
  const store = new MemoryObjectStore();
  await store.write('uploads', 'session.flac', readFileSync(recording), 'audio/flac');
  const transcribe = createLocalTranscribe({ store, uploadsBucket: 'uploads', workDir: join(work, 'jobs') });

  // (c) needs the runtime up first: its boot (and a synth on a cold cache) is not part of upload → results.
  const boot = await bootRuntime(join(work, 'home'));
  const runtime = boot.runtime;
  try {
    const maxPolls = pollLimit(runtime);
    const aloneRuns: Measured[] = [];
    const jobRuns: (Measured & { timings: JobTimings })[] = [];
    const pipelineRuns: PipelineRun[] = [];
    const rows: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const figures: Partial<Record<'a' | 'b' | 'c', number>> = {};
      const steps = {
        a: async () => aloneRuns.push(await measure(() => Promise.all([pocketsphinx(left), pocketsphinx(right)]))),
        b: async () => jobRuns.push(await transcriptionJob(transcribe, store, `bench-${round}`)),
        c: async () => pipelineRuns.push(await pipeline(runtime, recording, `bench-${round}`)),
      } as const;
      const last = { a: aloneRuns, b: jobRuns, c: pipelineRuns } as const;
      // Rotating which goes first, so a machine slowing down (or warming up) does not favour one.
      const order = (['a', 'b', 'c'] as const).map((_, index, all) => all[(index + round - 1) % all.length] as 'a' | 'b' | 'c');
      for (const step of order) {
        process.stderr.write(`round ${round}/${ROUNDS}: (${step})…\n`);
        await steps[step]();
        figures[step] = last[step].at(-1)?.wallMs;
      }
      const ratio = figures.a && figures.c ? (figures.c / figures.a).toFixed(2) : '–';
      rows.push(
        `    ${String(round).padEnd(5)} ${order.join(' ').padEnd(7)} ${secondsCell(figures.a)} ${secondsCell(figures.b)} ${secondsCell(figures.c)} ${ratio.padStart(6)}`,
      );
    }
    const alone = fastest(aloneRuns);
    const job = fastest(jobRuns);
    const whole = fastest(pipelineRuns);
    const overheadMs = job.wallMs - job.timings.recognizingMs;

    console.log(
      `Recording: ${audioSeconds.toFixed(0)} s, two channels (espeak-ng voices, one per channel), ${availableParallelism()} cores, fastest of ${ROUNDS} round(s)`,
    );
    const cpu = (figure: Measured): string => (figure.cpuS === undefined ? '' : `, CPU ${figure.cpuS.toFixed(1)} s`);
    const realTime = (figure: Measured): string => `${(figure.wallMs / 1000 / audioSeconds).toFixed(2)}× real time`;
    const cpuRatio = (over: Measured): string => (alone.cpuS && over.cpuS ? `, ${(over.cpuS / alone.cpuS).toFixed(2)} CPU` : '');
    console.log(
      `Local runtime booted beforehand in a temporary ATTUNE_HOME: ${seconds(boot.ms)}` +
        (boot.synthesized ? ' (workflow synthesized from the CDK app: cold cache)' : ' (workflow from the cache)') +
        '; not counted in (c)',
    );
    console.log(
      `Transcript poll in (c): every ${WAIT_MS} ms` +
        (maxPolls === undefined
          ? ''
          : `, ${maxPolls} polls at most, each status call holding up to 30 s for the job (≈ ${seconds(maxPolls * 30_000)} before transcription_timeout, as in AWS)`) +
        `; adds up to one poll to (c)`,
    );
    console.log(`(a) pocketsphinx alone, both channels in parallel:   ${seconds(alone.wallMs)} (${realTime(alone)}${cpu(alone)})`);
    console.log(`(b) local transcription job, start → COMPLETED:      ${seconds(job.wallMs)} (${realTime(job)}${cpu(job)})`);
    console.log(`(c) whole local pipeline, upload → COMPLETED record: ${seconds(whole.wallMs)} (${realTime(whole)}${cpu(whole)})`);
    console.log(`    job ÷ pocketsphinx alone (b/a): ${(job.wallMs / alone.wallMs).toFixed(2)} wall${cpuRatio(job)}`);
    console.log(`    upload to results ÷ pocketsphinx alone (c/a): ${(whole.wallMs / alone.wallMs).toFixed(2)} wall${cpuRatio(whole)} (README goal ≤ 1.3)`);
    console.log(
      `    inside the job: preparing ${seconds(job.timings.preparingMs)}, pocketsphinx ${seconds(job.timings.recognizingMs)}, writing ${seconds(job.timings.writingMs)}; ` +
        `transcriber overhead ${seconds(overheadMs)} (${((overheadMs / job.wallMs) * 100).toFixed(1)} % of the job)`,
    );
    console.log(`    per round (wall s; order run):\n    round order   (a)      (b)      (c)      c/a\n${rows.join('\n')}`);
    console.log(`    (c) per state, fastest run (ms; a state entered more than once is summed):`);
    const states = [...new Set(whole.outcome.path)];
    const width = Math.max(...states.map((state) => state.length), 30);
    for (const state of states) console.log(`      ${state.padEnd(width)} ${String(Math.round(whole.outcome.timings[state] ?? 0)).padStart(8)}`);
    console.log(`      ${'execution total'.padEnd(width)} ${String(Math.round(whole.outcome.totalMs)).padStart(8)}`);
    console.log(
      `      ${'outside the execution'.padEnd(width)} ${String(Math.round(whole.wallMs - whole.outcome.totalMs)).padStart(8)}` +
        '  (put into the store, upload rule, leftover check, record read)',
    );
  } finally {
    await runtime.close();
  }
}

const secondsCell = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(1)).padStart(8);

interface PipelineRun extends Measured {
  outcome: SessionOutcome;
}

/** The local runtime in its own ATTUNE_HOME, as the integration tests boot it; how long that took. */
async function bootRuntime(home: string): Promise<{ runtime: LocalRuntime; ms: number; synthesized: boolean }> {
  let synthesized = false;
  const started = performance.now();
  const runtime = await startLocalRuntime({
    // A model id or a webhook in the shell would send the session elsewhere: the bench runs the local engines.
    env: { ...process.env, ATTUNE_HOME: home, ATTUNE_BEDROCK_MODEL_ID: undefined, ATTUNE_WEBHOOK_URL: undefined },
    waitMs: WAIT_MS,
    onSynth: () => {
      synthesized = true;
      process.stderr.write('preparing the local workflow from the CDK app (cold cache)…\n');
    },
    onWarning: (message) => process.stderr.write(`attune: ${message}\n`),
  });
  return { runtime, ms: performance.now() - started, synthesized };
}

/** How many transcript polls the workflow allows (the `WaitedTooLong?` choice on `$.wait.attempts`), when the plan says. */
function pollLimit(runtime: LocalRuntime): number | undefined {
  const states = runtime.plan.definition.States as Record<string, { Type: string; Choices?: { Variable?: string; NumericGreaterThanEquals?: number }[] }>;
  const limit = Object.values(states)
    .flatMap((state) => (state.Type === 'Choice' ? (state.Choices ?? []) : []))
    .filter((choice) => choice.Variable === '$.wait.attempts')
    .map((choice) => choice.NumericGreaterThanEquals)
    .find((value): value is number => typeof value === 'number');
  return limit;
}

/** (c) the whole workflow: the upload put into the store → … → the session record COMPLETED. */
async function pipeline(runtime: LocalRuntime, recording: string, sessionId: string): Promise<PipelineRun> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const session = {
    file: recording,
    tenantId: 'bench',
    clientId: 'jordan',
    sessionId,
    consent: { method: 'written', obtainedAt: yesterday },
    sessionDate: yesterday,
  };
  let outcome: SessionOutcome | undefined;
  const measured = await measure(async () => {
    const run = await uploadSessionFile(runtime, session);
    outcome = await run.outcome;
    const record = await runtime.sessions.get({ tenantId: session.tenantId, sessionId });
    if (outcome.status !== 'SUCCEEDED' || record?.status !== 'COMPLETED') {
      const failure = record?.failure ? `${record.failure.code}: ${record.failure.message}` : undefined;
      const why = [failure, outcome.transcriptionFailure, outcome.error ? `${outcome.error.Error}: ${outcome.error.Cause}` : undefined]
        .filter(Boolean)
        .join('; ');
      throw new Error(`the session did not complete (${record?.status ?? 'no record'}): ${why}`);
    }
  });
  if (!outcome) throw new Error('the execution reported no outcome');
  return { ...measured, outcome };
}

interface Measured {
  wallMs: number;
  cpuS: number | undefined;
}

function fastest<T extends Measured>(runs: T[]): T {
  return runs.reduce((best, run) => (run.wallMs < best.wallMs ? run : best));
}

/** (b) the job: object store → work dir → sox → pocketsphinx ×2 → Transcribe JSON in the store. */
async function transcriptionJob(transcribe: LocalTranscribe, store: MemoryObjectStore, name: string): Promise<Measured & { timings: JobTimings }> {
  let timings: JobTimings | undefined;
  const measured = await measure(async () => {
    await transcribe.startTranscriptionJob({
      TranscriptionJobName: name,
      Media: { MediaFileUri: 's3://uploads/session.flac' },
      MediaFormat: 'flac',
      OutputBucketName: 'artifacts',
      OutputKey: `${name}.json`,
      Settings: { ChannelIdentification: true },
    });
    const finished = await transcribe.whenFinished(name);
    if (finished.status !== 'COMPLETED' || !finished.timings || store.text('artifacts', `${name}.json`) === undefined) {
      throw new Error(`the job did not complete: ${finished.failureReason ?? 'no output'}`);
    }
    timings = finished.timings;
  });
  if (!timings) throw new Error('the job reported no timings');
  return { ...measured, timings };
}

async function wordErrorRate(): Promise<void> {
  let files: string[];
  try {
    files = readdirSync(LIBRIVOX).filter((name) => name.endsWith('.wav'));
  } catch {
    console.log(`Word error rate: skipped (${LIBRIVOX} is not readable)`);
    return;
  }
  let errors = 0;
  let referenceWords = 0;
  for (const file of files) {
    const transcript = join(LIBRIVOX, file.replace(/\.wav$/, '.txt'));
    if (!existsSync(transcript)) continue;
    const reference = normalise(readFileSync(transcript, 'utf8'));
    const hypothesis = words(await pocketsphinx(join(LIBRIVOX, file)));
    const fileErrors = editDistance(reference, hypothesis);
    console.log(`    ${file}: ${fileErrors}/${reference.length} words wrong`);
    errors += fileErrors;
    referenceWords += reference.length;
  }
  if (referenceWords === 0) {
    console.log('Word error rate: skipped (no recording with a reference transcript)');
    return;
  }
  console.log(`Word error rate of pocketsphinx on LibriVox read speech: ${((errors / referenceWords) * 100).toFixed(1)} % (${errors}/${referenceWords} words)`);
}

const missing = [POCKETSPHINX, 'espeak-ng', 'sox', 'soxi'].filter((command) => !installed(command));
if (missing.length > 0) {
  console.log(`skipped: ${missing.join(', ')} not installed (apt-get install pocketsphinx pocketsphinx-en-us espeak-ng sox)`);
} else {
  const work = mkdtempSync(join(tmpdir(), 'attune-bench-'));
  try {
    await speed(work);
    await wordErrorRate();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
