/** Reading a transcript file from disk, and the session date its name may carry. */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { SessionDateSchema } from '../../schemas/series.js';

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
