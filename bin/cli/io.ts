/** What a command may touch of the outside world, so tests and the real process share one code path. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  now(): Date;
}

export function processIo(): CliIo {
  // `attune analyze … | head` closes the pipe early; that is the reader's choice, not an error to report.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`attune: internal error: cannot write the report (${error.code ?? error.message})\n`);
    process.exitCode = 1;
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() };
}
