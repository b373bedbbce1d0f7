/**
 * Every refusal of an upload, as a {@link Failure} whose message says what was wrong and what to do, and
 * never repeats the key or a metadata value (either could carry a name).
 */
import type { Failure } from '../../../schemas/session-record.js';
import { EXTENSIONS, KEY_LAYOUT } from './layout.js';
import type { UploadKey } from './key.js';

const CONSENT_HOW_TO =
  'set x-amz-meta-consent-obtained: true, x-amz-meta-consent-method (e.g. written, verbal, electronic) and ' +
  'x-amz-meta-consent-obtained-at (an ISO 8601 date such as 2025-03-14) on the upload, then upload it again';

export const FAILURES = {
  notUnderUploads: { code: 'invalid_key', message: `the file must be uploaded to ${KEY_LAYOUT}; upload it there` },
  segments: { code: 'invalid_key', message: `the key must have exactly three folders and a file name: ${KEY_LAYOUT}` },
  traversal: { code: 'invalid_key', message: `the key contains a "." or ".." path segment; upload to ${KEY_LAYOUT} with plain ids` },
  encoded: {
    code: 'invalid_key',
    message: `the key contains "%", "+" or a space: ids may use only letters, digits, "-" and "_"; upload to ${KEY_LAYOUT}`,
  },
  noExtension: { code: 'unsupported_format', message: `the file name has no extension: name it <session>.<ext> with one of ${EXTENSIONS}` },
  extension: { code: 'unsupported_format', message: `the file type is not supported: use one of ${EXTENSIONS}` },
  empty: { code: 'empty_upload', message: 'the uploaded file is empty (0 bytes): upload the recording or transcript again' },
  missing: { code: 'upload_missing', message: 'the uploaded file no longer exists (deleted before it was processed): upload it again' },
  consentMissing: { code: 'consent_missing', message: `the upload has no consent attestation: ${CONSENT_HOW_TO}` },
  consentRefused: {
    code: 'consent_missing',
    message: `the upload says consent was not obtained (x-amz-meta-consent-obtained is not "true"): record consent first, then ${CONSENT_HOW_TO}`,
  },
  consentMethod: {
    code: 'consent_invalid',
    message: 'x-amz-meta-consent-method must be one short word such as written, verbal or electronic (letters, digits, "-", "_"); fix it and upload again',
  },
  consentDate: {
    code: 'consent_invalid',
    message: 'x-amz-meta-consent-obtained-at must be a past ISO 8601 date or date-time (e.g. 2025-03-14 or 2025-03-14T09:30:00Z); fix it and upload again',
  },
  sessionDate: {
    code: 'invalid_metadata',
    message: 'x-amz-meta-session-date must be the date of the session as YYYY-MM-DD, not in the future; fix it or leave it out, and upload again',
  },
  channels: {
    code: 'invalid_metadata',
    message: 'x-amz-meta-channels must be 1 (speakers told apart by voice) or 2 (stereo, one speaker per channel); fix it or leave it out, and upload again',
  },
  channelsMismatch: {
    code: 'invalid_metadata',
    message: 'x-amz-meta-channels says 2 but the recording has one channel: remove the metadata or upload the two-channel recording',
  },
  corruptAudio: { code: 'corrupt_audio', message: 'the file is not a valid WAV/FLAC recording: export the recording again as WAV or FLAC and upload it' },
  declaredBytes: {
    code: 'invalid_metadata',
    message: 'x-amz-meta-declared-bytes must be the whole number of bytes the upload URL was issued for; upload with the URL and headers POST /sessions gave',
  },
  /** A presigned upload whose session is gone (erased, or expired before the recording arrived). */
  sessionGone: {
    code: 'session_not_found',
    message: 'the session this upload URL was issued for no longer exists (erased or expired); create a new session and upload with its URL',
  },
  /** A presigned upload for a session that is no longer awaiting its upload: an upload URL takes one upload. */
  notAwaitingUpload: {
    code: 'upload_not_expected',
    message: 'the session already received its upload (an upload URL takes one upload); create a new session to upload another recording',
  },
  /** A presigned upload whose size is not the size declared when the URL was issued. */
  sizeMismatch: {
    code: 'upload_size_mismatch',
    message: "the upload is not the size declared when the upload URL was issued; create a new session with the recording's exact size in media.bytes",
  },
  tooManyChannels: {
    code: 'unsupported_channels',
    message: 'the recording has more than two channels: mix it down to mono, or to stereo with one speaker per channel, and upload it again',
  },
} satisfies Record<string, Failure>;

export type Checked<T> = { ok: true; value: T } | { ok: false; failure: Failure; ids?: Partial<UploadKey> };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = (failure: Failure, ids?: Partial<UploadKey>): Checked<never> => ({ ok: false, failure, ...(ids ? { ids } : {}) });
