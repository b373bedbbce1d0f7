/**
 * Speed of the local engine and of the `attune` CLI on a 60-minute session (~9,000 words, ~600 turns).
 * Goals: ≤ 20 ms in-process (parse + report), ≤ 0.5 s for the whole `attune analyze --json` process,
 * ≤ 5 s for a first `attune run` of a sample transcript on a new ATTUNE_HOME (the whole local workflow,
 * with the plan `npm run build` generated: no CDK synth).
 * Machines are noisy, so the CLI is always measured beside `node -e 0` in the same run and reported
 * as a ratio too. Prints figures only; it never fails on timing.
 *
 * Run with `npm run bench` (builds the CLI bundle first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { analyzeTranscript, buildAllianceReport } from '../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../lambdas/core/notes/index.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import { AllianceReportSchema } from '../schemas/alliance.js';
import { syntheticSession, syntheticTimedVtt } from './synthetic-session.js';
import { summarise, type Summary } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAUNCHER = join(ROOT, 'bin', 'attune.mjs');
const BUNDLE = join(ROOT, 'dist', 'attune-cli.mjs');
const IN_PROCESS_WARMUP = 10;
const IN_PROCESS_RUNS = 40;
const PROCESS_RUNS = 12;
const GOAL_IN_PROCESS_MS = 20;
const GOAL_PROCESS_MS = 500;
const FIRST_RUNS = 3;
const GOAL_FIRST_RUN_MS = 5_000;
const FIRST_RUN_SESSION = join(ROOT, 'samples', 'sessions', 'jordan', '2026-09-08.txt');

function timeInProcess(fn: () => void): Summary {
  for (let i = 0; i < IN_PROCESS_WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < IN_PROCESS_RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

function wallTime(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
  return elapsed;
}

/** Peak RSS (MB) of the CLI: GNU time when installed, else the process's own resourceUsage(). */
function peakRssMb(file: string): { mb: number; how: string } {
  if (existsSync('/usr/bin/time')) {
    const result = spawnSync('/usr/bin/time', ['-v', process.execPath, LAUNCHER, 'analyze', file, '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr.toString())?.[1];
    if (result.status === 0 && kb !== undefined) return { mb: Number(kb) / 1024, how: '/usr/bin/time -v' };
  }
  const script =
    `const { main } = await import(${JSON.stringify(BUNDLE)});` +
    `const code = await main(['analyze', ${JSON.stringify(file)}, '--json']);` +
    `process.stderr.write(String(process.resourceUsage().maxRSS)); process.exitCode = code;`;
  const stderr = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return { mb: Number(stderr.toString().trim()) / 1024, how: 'process.resourceUsage() in the child' };
}

/**
 * Where a CLI run's time goes after Node has booted: importing the bundle (compiling it, building the
 * zod schemas) and the first, cold analysis (regex compilation, JIT warm-up), measured inside a child.
 */
function coldStart(file: string): { importMs: number; analyzeMs: number } {
  const script =
    `const t0 = performance.now(); const { main } = await import(${JSON.stringify(BUNDLE)});` +
    `const t1 = performance.now(); const io = { stdout: { write() {} }, stderr: process.stderr, env: {}, now: () => new Date() };` +
    `const code = await main(['analyze', ${JSON.stringify(file)}, '--json'], io);` +
    `process.stdout.write(JSON.stringify({ importMs: t1 - t0, analyzeMs: performance.now() - t1 })); process.exitCode = code;`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.toString()) as { importMs: number; analyzeMs: number };
}

/**
 * `attune run` on a new ATTUNE_HOME each time, as someone trying Attune for the first time: the runtime
 * starts (dynalite, the local store, the state machine) and the session goes through the whole workflow.
 * Also reports how many of the runs had to synthesize the CDK app (dist/local-workflow.json missing or stale).
 */
function firstRuns(): { time: Summary; synthesized: number } {
  const samples: number[] = [];
  let synthesized = 0;
  for (let i = 0; i < FIRST_RUNS; i++) {
    const home = mkdtempSync(join(tmpdir(), 'attune-bench-home-'));
    try {
      const env = { ...process.env, ATTUNE_HOME: home, ATTUNE_CACHE_DIR: undefined, ATTUNE_BEDROCK_MODEL_ID: undefined, ATTUNE_WEBHOOK_URL: undefined };
      const start = performance.now();
      const result = spawnSync(process.execPath, [LAUNCHER, 'run', FIRST_RUN_SESSION, '--client', 'bench', '--consent', '--json'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      samples.push(performance.now() - start);
      const stderr = result.stderr.toString();
      if (result.status !== 0) throw new Error(`attune run exited ${result.status}: ${stderr.trim()}`);
      if (/preparing the local workflow/.test(stderr)) synthesized += 1;
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  return { time: summarise(samples), synthesized };
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const verdict = (value: number, goal: number) => (value <= goal ? 'met' : 'NOT met');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function main(): void {
  const text = syntheticSession({ minutes: 60 });
  const vtt = syntheticTimedVtt({ minutes: 60 });
  const now = new Date();

  const probe = buildAllianceReport('bench.txt', parseTranscript(text, { filename: 'bench.txt' }), now);
  const size = `${probe.metrics.turns} turns, ${probe.metrics.words} words, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`;

  // (a) in-process: the whole text → report path, then its parts, so a miss points at the slow stage.
  const textTotal = timeInProcess(() => buildAllianceReport('bench.txt', parseTranscript(text, { filename: 'bench.txt' }), now));
  const vttTotal = timeInProcess(() => buildAllianceReport('bench.vtt', parseTranscript(vtt, { filename: 'bench.vtt' }), now));
  const textParse = timeInProcess(() => parseTranscript(text, { filename: 'bench.txt' }));
  const transcript = parseTranscript(text, { filename: 'bench.txt' });
  const textReport = timeInProcess(() => buildAllianceReport('bench.txt', transcript, now));
  const validate = timeInProcess(() => AllianceReportSchema.parse(probe));
  // The SOAP note from the same analysis (the local note engine).
  const analysis = analyzeTranscript(transcript);
  const note = timeInProcess(() => writeProgressNote({ transcript, analysis, format: 'soap', sessionDate: null, createdAt: now }));

  // (b) whole process, interleaved with the bare Node start-up so both see the same machine load.
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-'));
  try {
    const file = join(dir, 'session-60min.txt');
    writeFileSync(file, text);
    wallTime([LAUNCHER, 'analyze', file, '--json']); // warm the file-system cache
    wallTime(['-e', '0']);
    const cli: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < PROCESS_RUNS; i++) {
      cli.push(wallTime([LAUNCHER, 'analyze', file, '--json']));
      node.push(wallTime(['-e', '0']));
    }
    const cliTime = summarise(cli);
    const nodeTime = summarise(node);
    const cold = Array.from({ length: 5 }, () => coldStart(file));
    const importTime = summarise(cold.map((c) => c.importMs));
    const firstAnalysis = summarise(cold.map((c) => c.analyzeMs));
    // (c) memory
    const rss = peakRssMb(file);
    // (d) the first `attune run` on a new ATTUNE_HOME
    const first = firstRuns();

    const rows = [
      ['measure (60-min session)', 'min', 'median', 'p95', 'goal', ''],
      [
        'in-process text: parse + report',
        ms(textTotal.min),
        ms(textTotal.median),
        ms(textTotal.p95),
        `≤ ${GOAL_IN_PROCESS_MS} ms`,
        verdict(textTotal.median, GOAL_IN_PROCESS_MS),
      ],
      ['  of which parseTranscript', ms(textParse.min), ms(textParse.median), ms(textParse.p95), '', ''],
      ['  of which buildAllianceReport', ms(textReport.min), ms(textReport.median), ms(textReport.p95), '', ''],
      [
        'in-process VTT: parse + report',
        ms(vttTotal.min),
        ms(vttTotal.median),
        ms(vttTotal.p95),
        `≤ ${GOAL_IN_PROCESS_MS} ms`,
        verdict(vttTotal.median, GOAL_IN_PROCESS_MS),
      ],
      ['in-process SOAP note (local engine)', ms(note.min), ms(note.median), ms(note.p95), '', ''],
      ['AllianceReportSchema.parse (CLI edge)', ms(validate.min), ms(validate.median), ms(validate.p95), '', ''],
      [
        `CLI: attune analyze --json (${PROCESS_RUNS} runs)`,
        ms(cliTime.min),
        ms(cliTime.median),
        ms(cliTime.p95),
        `≤ ${GOAL_PROCESS_MS} ms`,
        verdict(cliTime.median, GOAL_PROCESS_MS),
      ],
      ['node -e 0 (same run)', ms(nodeTime.min), ms(nodeTime.median), ms(nodeTime.p95), '', ''],
      ['CLI / node start-up (medians)', '', `${(cliTime.median / nodeTime.median).toFixed(2)}x`, '', '', ''],
      ['CLI minus node start-up (medians)', '', ms(cliTime.median - nodeTime.median), '', '', ''],
      ['  of which import the bundle', ms(importTime.min), ms(importTime.median), '', '', '5 cold runs'],
      ['  of which first (cold) analysis', ms(firstAnalysis.min), ms(firstAnalysis.median), '', '', '5 cold runs'],
      ['CLI peak RSS', '', `${rss.mb.toFixed(0)} MB`, '', '', rss.how],
      [
        `first attune run, new ATTUNE_HOME (${FIRST_RUNS} runs)`,
        ms(first.time.min),
        ms(first.time.median),
        ms(first.time.p95),
        `≤ ${GOAL_FIRST_RUN_MS / 1000} s`,
        `${verdict(first.time.median, GOAL_FIRST_RUN_MS)}${first.synthesized > 0 ? `; ${first.synthesized} synthesized the CDK app` : ''}`,
      ],
    ];
    console.log(`attune speed: ${size}; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`);
    console.log(`in-process: ${IN_PROCESS_WARMUP} warm-up + ${IN_PROCESS_RUNS} timed runs each\n`);
    console.log(table(rows));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
