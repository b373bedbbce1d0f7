/** Reading a transcript file from disk, and the session date its name may carry. */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { SessionDateSchema } from '../../schemas/series.js';
import { UsageError } from './args.js';
import { printablePath } from './failure.js';

/**
 * A session transcript is tens to hundreds of kilobytes; anything this large is almost certainly a
 * recording or an archive, and reading it whole would only exhaust memory.
 */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export async function readTranscriptFile(path: string): Promise<Uint8Array> {
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

export type NameDate = { date: string } | { date: null; why: string };

/**
 * The session date in a file's name (`2026-09-08.txt`, `jordan-2026-09-08-session.vtt`). Only the
 * name counts, not the folders: `2026-09/notes.txt` says nothing about which day the session was.
 */
export function sessionDateFromName(path: string): NameDate {
  const found = /(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)/.exec(basename(path))?.[1];
  if (found === undefined) return { date: null, why: 'the file name has no session date (YYYY-MM-DD)' };
  return SessionDateSchema.safeParse(found).success ? { date: found } : { date: null, why: `the date in the file name, ${found}, is not a real calendar date` };
}

/** A session's file with the date its name gives and the session name the series and the plan show. */
export interface DatedFile {
  path: string;
  date: string;
  /** The file name without extension (`2026-09-08`); the path as given when two names clash. */
  session: string;
}

/**
 * Every file's date, before any file is read (`attune trend`, `attune plan`): a series with an undated
 * session cannot be ordered. A file given twice, or with no date in its name, is a usage error.
 */
export function datedFiles(paths: readonly string[]): DatedFile[] {
  const seen = new Set<string>();
  const dated = paths.map((path) => {
    if (seen.has(path)) throw new UsageError(`${printablePath(path)} is given twice: give each session once`);
    seen.add(path);
    const found = sessionDateFromName(path);
    if (found.date === null) {
      throw new UsageError(`${printablePath(path)}: ${found.why}: name each session's transcript with its date, e.g. 2026-09-08.txt`);
    }
    return { path, date: found.date, session: basename(path, extname(path)) };
  });
  const names = new Set(dated.map((d) => d.session));
  return names.size === dated.length ? dated : dated.map((d) => ({ ...d, session: d.path }));
}
