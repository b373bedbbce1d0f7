/**
 * Runs the real, bundled `attune` CLI as a child process (tests/global-setup.ts builds the bundle),
 * and turns the fixture sessions into every input format the parser accepts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AllianceReportSchema, type AllianceReport } from '../../../schemas/alliance.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SESSIONS = join(ROOT, 'tests', 'fixtures', 'sessions');
export const TRANSCRIPTS = join(ROOT, 'tests', 'fixtures', 'transcripts');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const once = () =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'attune.mjs'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      // A model id in the developer's shell would send the fixtures to Bedrock: process tests run the local path only.
      env: { ...process.env, NO_COLOR: undefined, ATTUNE_BEDROCK_MODEL_ID: undefined, ...env },
      // A hang guard, not a speed check: a run takes about 2 s, several times that on a loaded machine.
      timeout: 120_000,
    });
  let result = once();
  if (result.status === null) {
    // No exit code: the process never ran to an exit (a spawn failure, or a signal from outside it). Twice in
    // many full runs on a loaded 2-core machine a run ended so within 300 ms, never reproduced alone; it is
    // reported here and run once more, so what the test checks is the CLI's answer, not the machine.
    console.warn(`attune ${args.join(' ')}: no exit code (${result.error?.message ?? `signal ${result.signal}`}); running it once more`);
    result = once();
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every stdout line of a `--json` run, each validated against the AllianceReport contract. */
export function reportsOf(run: CliRun): AllianceReport[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => AllianceReportSchema.parse(JSON.parse(line)));
}

/** A scratch directory under the OS temp dir, removed by `cleanup`. */
export function scratchDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'attune-cli-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

interface FixtureTurn {
  speaker: string;
  text: string;
}

export function fixtureTurns(name: string): FixtureTurn[] {
  return readFileSync(join(SESSIONS, name), 'utf8')
    .split('\n')
    .map((line) => /^(\w+):\s*(.+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ speaker: m[1]!, text: m[2]! }));
}

/** Three seconds of speech per ten words, turns back to back: enough for timed metrics. */
function timings(turns: FixtureTurn[]): { start: number; end: number }[] {
  let at = 0;
  return turns.map((turn) => {
    const span = Math.max(1, turn.text.split(/\s+/).length * 0.3);
    const slot = { start: at, end: at + span };
    at += span + 0.5;
    return slot;
  });
}

function stamp(seconds: number, separator: '.' | ','): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

export function toVtt(turns: FixtureTurn[]): string {
  const times = timings(turns);
  const cues = turns.map((t, i) => `${stamp(times[i]!.start, '.')} --> ${stamp(times[i]!.end, '.')}\n<v ${t.speaker}>${t.text}`);
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export function toSrt(turns: FixtureTurn[]): string {
  const times = timings(turns);
  const cues = turns.map((t, i) => `${i + 1}\n${stamp(times[i]!.start, ',')} --> ${stamp(times[i]!.end, ',')}\n${t.speaker}: ${t.text}`);
  return `${cues.join('\n\n')}\n`;
}

/** Amazon Transcribe batch output with speaker partitioning: `spk_0`/`spk_1`, so roles must be inferred. */
export function toTranscribeJson(turns: FixtureTurn[]): string {
  const speakers = new Map<string, string>();
  const times = timings(turns);
  const items = turns.flatMap((turn, i) => {
    const speaker = speakers.get(turn.speaker) ?? `spk_${speakers.size}`;
    speakers.set(turn.speaker, speaker);
    const tokens = turn.text.match(/[^\s.,?!;:]+|[.,?!;:]/g) ?? [];
    const step = (times[i]!.end - times[i]!.start) / Math.max(1, tokens.length);
    return tokens.map((token, k) =>
      /^[.,?!;:]$/.test(token)
        ? { type: 'punctuation', alternatives: [{ confidence: '0.0', content: token }] }
        : {
            type: 'pronunciation',
            start_time: (times[i]!.start + k * step).toFixed(2),
            end_time: (times[i]!.start + (k + 1) * step).toFixed(2),
            speaker_label: speaker,
            alternatives: [{ confidence: '0.97', content: token }],
          },
    );
  });
  const transcript = turns.map((t) => t.text).join(' ');
  return JSON.stringify({ jobName: 'fixture', status: 'COMPLETED', results: { transcripts: [{ transcript }], items } });
}

/** Writes `content` to `dir/name` and returns the path. */
export function writeInput(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
