import type { LanguageModel } from '../../lambdas/ports/language-model.js';

/** What a command may touch of the outside world, so tests and the real process share one code path. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
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

/**
 * What a command may be given instead of the real thing: the language model behind `--model` (the
 * AWS SDK stays unloaded) and the pause between its retries, so tests run the model path offline.
 */
export interface CliDeps {
  /** @default a BedrockLanguageModel for `modelId` in `region` */
  languageModel?: (modelId: string, region: string) => LanguageModel | Promise<LanguageModel>;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}
