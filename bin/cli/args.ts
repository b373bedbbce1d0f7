import { InvalidInputError } from '../../lambdas/core/errors.js';

/** A command line the CLI cannot act on (exit 2). The message names the problem and the fix. */
export class UsageError extends InvalidInputError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

export interface AnalyzeArgs {
  /** Transcript paths exactly as given; reports use them as `source`. */
  files: string[];
  json: boolean;
  help: boolean;
}

export const ANALYZE_USAGE = `usage: attune analyze <file...> [--json]

Scores the therapeutic alliance of one or more session transcripts.

Reads plain text (Therapist: / Client: lines), WebVTT (.vtt), SRT (.srt) or Amazon Transcribe
JSON (.json). Each file is analysed on its own; bad files are reported on stderr and the rest
are still printed.

options:
  --json       one AllianceReport JSON object per file, one per line (NDJSON)
  -h, --help   show this help

exit codes: 0 all files analysed, 2 bad usage or at least one unusable file, 1 internal error
`;

/**
 * Parses the arguments after `analyze`. Options may appear anywhere; `--` ends them, so a file
 * called `--json` can still be given.
 */
export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const parsed: AnalyzeArgs = { files: [], json: false, help: false };
  let optionsEnded = false;
  for (const arg of argv) {
    if (optionsEnded) parsed.files.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--json') parsed.json = true;
    else if (arg === '-h' || arg === '--help') parsed.help = true;
    else if (arg === '-') throw new UsageError("reading from stdin is not supported: give a file path (see 'attune analyze --help')");
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}' (see 'attune analyze --help')`);
    else parsed.files.push(arg);
  }
  if (!parsed.help && parsed.files.length === 0) {
    throw new UsageError("no files given: usage: attune analyze <file...> [--json]");
  }
  return parsed;
}
