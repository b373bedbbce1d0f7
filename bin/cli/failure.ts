/**
 * Every error the CLI can meet becomes one line on stderr and an exit code, in this one place:
 * 2 for input or usage the user can fix, 1 for our own bug. No stack trace and no transcript text
 * ever reaches the terminal: messages are flattened to one line and withheld if they quote the input.
 */
import { ZodError } from 'zod';
import { AttuneError, InvalidInputError } from '../../lambdas/core/errors.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

export interface Failure {
  exitCode: typeof EXIT_INTERNAL | typeof EXIT_BAD_INPUT;
  /** One line, without the trailing newline. */
  line: string;
}

/** What a file-system error means for the person who typed the path. */
const FS_MESSAGES: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (part of the path is not a directory)',
  EISDIR: 'is a directory: give a transcript file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENAMETOOLONG: 'the file name is too long',
  ELOOP: 'too many symbolic links in the path',
};

/** Shown instead of an internal error's message when that message repeats part of the transcript. */
const WITHHELD = 'details withheld because they quoted the transcript';
/** A run this long shared with the input counts as quoting it. */
const QUOTE_RUN = 16;
const MAX_MESSAGE = 300;

/** Paths are printed as given, minus control characters that could break the one-line contract. */
export function printablePath(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

function quotes(message: string, input: string | undefined): boolean {
  if (input === undefined || message.length < QUOTE_RUN) return false;
  for (let i = 0; i + QUOTE_RUN <= message.length; i++) {
    if (input.includes(message.slice(i, i + QUOTE_RUN))) return true;
  }
  return false;
}

function internalMessage(error: unknown, input: string | undefined): string {
  let message: string;
  if (error instanceof ZodError) {
    const where = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    message = `the report failed its schema check (${where.join('; ')})`;
  } else if (error instanceof Error) {
    message = error.message === '' ? error.name : error.message;
  } else {
    message = String(error);
  }
  const line = oneLine(message);
  return quotes(line, input) ? WITHHELD : line;
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * The failure for one input file. `input` is the decoded file text when it got that far, so an
 * unexpected error message that echoes it can be withheld.
 */
export function fileFailure(file: string, error: unknown, input?: string): Failure {
  const path = printablePath(file);
  if (error instanceof InvalidInputError) {
    return { exitCode: EXIT_BAD_INPUT, line: `attune: ${path}: ${oneLine(error.message)}` };
  }
  const code = errnoCode(error);
  if (code !== undefined && !(error instanceof AttuneError)) {
    const message = FS_MESSAGES[code] ?? `cannot read the file (${code})`;
    return { exitCode: EXIT_BAD_INPUT, line: `attune: ${path}: ${message}` };
  }
  return { exitCode: EXIT_INTERNAL, line: `attune: internal error: ${path}: ${internalMessage(error, input)}` };
}

/** The failure for anything that escaped a command: bad usage (2) or a bug (1). */
export function topLevelFailure(error: unknown): Failure {
  if (error instanceof InvalidInputError) return { exitCode: EXIT_BAD_INPUT, line: `attune: ${oneLine(error.message)}` };
  return { exitCode: EXIT_INTERNAL, line: `attune: internal error: ${internalMessage(error, undefined)}` };
}
