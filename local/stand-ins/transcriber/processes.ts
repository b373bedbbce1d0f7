/** Finding and running the speech tools (sox, ffmpeg, pocketsphinx) as child processes. */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The path of an executable: `command` itself when it names a path, else the first match on PATH. */
export async function findExecutable(command: string): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [command]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

export interface RunResult {
  code: number | null;
  /** stdout, when no `onStdout` took it (short answers: `sox --i -c`, `sox -h`). */
  stdoutText: string;
  /** The end of stderr, for a failure reason. */
  stderr: string;
}

export interface RunOptions {
  /** Called with each chunk of stdout as it arrives. */
  onStdout?: (chunk: string) => void;
  /** Kills the process (SIGTERM) when aborted. */
  signal?: AbortSignal;
}

/** Keeps a failure's last words without holding a chatty tool's whole log. */
const STDERR_TAIL = 4096;
const STDOUT_KEPT = 65_536;

/** Runs a command to its end; stdout goes to `onStdout` (or nowhere), stderr is kept for the reason. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    let stderr = '';
    let stdoutText = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (options.onStdout) options.onStdout(chunk);
      else stdoutText = (stdoutText + chunk).slice(-STDOUT_KEPT);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    let failure: Error | undefined;
    child.on('error', (error) => {
      // Never started (not found, not executable): no 'close' will follow.
      if (child.pid === undefined) reject(error);
      else failure = error;
    });
    // An aborted process is waited for, so its work files are closed before anyone deletes them.
    child.on('close', (code) => (failure ? reject(failure) : resolve({ code, stdoutText, stderr })));
  });
}
