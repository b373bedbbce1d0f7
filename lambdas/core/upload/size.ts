/** How large an upload may be: the deployment's limit, and a lower one for a transcript. */
import type { Failure } from '../../../schemas/session-record.js';
import type { Upload } from '../../../schemas/workflow.js';
import { FAILURES } from './failures.js';

/**
 * Transcript files are read whole into memory by NormalizeTranscript. An hour of Amazon Transcribe JSON
 * (word items with timings) is about 10 MB; anything far above that is not a session transcript.
 */
export const MAX_TRANSCRIPT_BYTES = 50 * 1024 ** 2;

export function checkSize(bytes: number, kind: Upload['kind'], maxUploadBytes: number): Failure | null {
  if (bytes <= 0) return FAILURES.empty;
  const limit = kind === 'transcript' ? Math.min(maxUploadBytes, MAX_TRANSCRIPT_BYTES) : maxUploadBytes;
  if (bytes > limit) {
    return {
      code: 'upload_too_large',
      message: `the ${kind === 'audio' ? 'recording' : 'transcript'} is larger than the ${formatBytes(limit)} limit: ${
        kind === 'audio' ? 'compress it (e.g. to FLAC or MP3) or split the session' : 'check that it is a single session transcript'
      }, then upload it again`,
    };
  }
  return null;
}

/** A size as a person reads it in a message: `2 GiB`, `1.5 MiB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}
