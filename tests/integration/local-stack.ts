/**
 * Helpers for the integration tests: each test file gets its own ATTUNE_HOME in the OS temp folder and
 * the real local stack on random loopback ports. The resolved workflow is cached in one folder shared
 * by every file and run (keyed by a hash of the CDK code), so the CDK app is synthesized at most once.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../helpers.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime/runtime.js';

export { root };
export const SAMPLES = join(root, 'samples', 'sessions', 'jordan');
export const CACHE_DIR = join(tmpdir(), 'attune-test-workflow-cache');
/**
 * A limit that catches a hang, never a slow machine: a boot that must synthesize takes 10-20 s, and the
 * largest bad input (a 10 MiB one-line transcript) about 50 s while the whole suite runs in parallel on a
 * 2-core machine that is also busy with other work. Speed is measured in bench/, not asserted here.
 */
export const BOOT_TIMEOUT_MS = 300_000;

export function tempHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'attune-home-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function localEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // A model id in the developer's shell would send the samples to Bedrock: the tests run the local engines.
  return { ...process.env, ATTUNE_HOME: home, ATTUNE_CACHE_DIR: CACHE_DIR, ATTUNE_BEDROCK_MODEL_ID: undefined, ATTUNE_WEBHOOK_URL: undefined, ...extra };
}

export async function startRuntime(home: string, warnings: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<LocalRuntime> {
  return startLocalRuntime({ env: localEnv(home, extraEnv), onWarning: (message) => warnings.push(message) });
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

/** Consent as an uploader attests it. */
export const CONSENT = { 'consent-obtained': 'true', 'consent-method': 'written', 'consent-obtained-at': '2026-09-01' };

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
}

/**
 * A short two-channel recording: the therapist (left) asks, the client (right) answers, one voice each
 * with silence on the other channel, as two microphones record it. Made with espeak-ng and sox.
 */
export function renderStereoSession(dir: string): string {
  const therapist = join(dir, 'therapist.wav');
  const client = join(dir, 'client.wav');
  run('espeak-ng', [
    '-v',
    'en-us+m3',
    '-s',
    '150',
    '-w',
    join(dir, 't22.wav'),
    'Hello. How have you been since our last session? What would you like to talk about today?',
  ]);
  run('espeak-ng', ['-v', 'en-us+f3', '-s', '150', '-w', join(dir, 'c22.wav'), 'I have been sleeping badly, and work has been really stressful this week.']);
  run('sox', [join(dir, 't22.wav'), '-r', '16000', '-b', '16', therapist]);
  run('sox', [join(dir, 'c22.wav'), '-r', '16000', '-b', '16', client]);
  const seconds = (file: string) => spawnSync('soxi', ['-D', file], { encoding: 'utf8' }).stdout.trim();
  run('sox', [therapist, join(dir, 'left.wav'), 'pad', '0', seconds(client)]);
  run('sox', [client, join(dir, 'right.wav'), 'pad', seconds(therapist), '0']);
  const stereo = join(dir, 'session.wav');
  run('sox', ['-M', join(dir, 'left.wav'), join(dir, 'right.wav'), '-b', '16', stereo]);
  return stereo;
}

/** The real `attune` CLI (the bundle tests/global-setup.ts builds), as a user runs it. */
export function runAttune(args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(root, 'bin', 'attune.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env,
    timeout: BOOT_TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The lines of ATTUNE_HOME/events.ndjson, parsed. */
export function recordedEvents(home: string): { 'detail-type': string; source: string; detail: Record<string, unknown> }[] {
  const file = join(home, 'events.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { 'detail-type': string; source: string; detail: Record<string, unknown> });
}
