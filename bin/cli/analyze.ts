/**
 * `attune analyze <file...> [--json]`: each file is read, parsed, scored and validated against the
 * AllianceReport contract on its own, so one bad file never hides the reports of the others.
 */
import { readFile, stat } from 'node:fs/promises';
import { AllianceReportSchema, type AllianceReport } from '../../schemas/alliance.js';
import { buildAllianceReport } from '../../lambdas/core/alliance/engine.js';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { parseTranscript } from '../../lambdas/core/transcript/index.js';
import { ANALYZE_USAGE, parseAnalyzeArgs } from './args.js';
import { EXIT_INTERNAL, EXIT_OK, fileFailure, type Failure } from './failure.js';
import type { CliIo } from './io.js';
import { renderTextReport } from './report-text.js';
import { createPaint, shouldColor } from './terminal.js';

/**
 * A session transcript is tens to hundreds of kilobytes; anything this large is almost certainly a
 * recording or an archive, and reading it whole would only exhaust memory.
 */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Width of the text report when stdout is not a terminal (files, pipes, CI logs). */
const DEFAULT_WIDTH = 88;

async function readTranscriptFile(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  if (info.isDirectory()) throw new InvalidInputError('is a directory: give a transcript file', 'not_a_file');
  if (!info.isFile()) {
    throw new InvalidInputError('not a regular file: give a transcript file', 'not_a_file');
  }
  if (info.size > MAX_FILE_BYTES) {
    throw new InvalidInputError(
      `the file is ${Math.round(info.size / 1024 / 1024)} MB, far larger than any transcript: give a .txt, .vtt, .srt or Amazon Transcribe .json file`,
      'too_large',
    );
  }
  return readFile(path);
}

type Outcome = { report: AllianceReport } | { failure: Failure };

async function analyzeFile(path: string, now: Date): Promise<Outcome> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readTranscriptFile(path);
    const transcript = parseTranscript(bytes, { filename: path });
    // The contract is checked here, at the edge, so nothing that breaks it is ever printed.
    const report = AllianceReportSchema.parse(buildAllianceReport(path, transcript, now));
    return { report };
  } catch (error) {
    const text = bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    return { failure: fileFailure(path, error, text) };
  }
}

export async function runAnalyze(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseAnalyzeArgs(argv);
  if (args.help) {
    io.stdout.write(ANALYZE_USAGE);
    return EXIT_OK;
  }
  const paint = createPaint(!args.json && shouldColor(io.stdout.isTTY, io.env));
  const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : DEFAULT_WIDTH;
  let exitCode = EXIT_OK;
  let printed = 0;
  for (const path of args.files) {
    const outcome = await analyzeFile(path, io.now());
    if ('failure' in outcome) {
      io.stderr.write(`${outcome.failure.line}\n`);
      // A bug outranks bad input: the caller should report it rather than fix the file.
      if (outcome.failure.exitCode === EXIT_INTERNAL || exitCode === EXIT_OK) exitCode = outcome.failure.exitCode;
      continue;
    }
    if (args.json) {
      io.stdout.write(`${JSON.stringify(outcome.report)}\n`);
    } else {
      io.stdout.write(`${printed > 0 ? '\n' : ''}${renderTextReport(outcome.report, { paint, width })}`);
    }
    printed++;
  }
  return exitCode;
}
