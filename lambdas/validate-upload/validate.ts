/**
 * What makes an upload acceptable, as pure functions: the key layout, the file types, the size and the
 * metadata the uploader must set. Every refusal is a {@link Failure} whose message says what was wrong
 * and what to do, and never repeats the key or a metadata value (either could carry a name).
 */
import { z } from 'zod';
import { IdSchema, type Failure } from '../../schemas/session-record.js';
import type { Upload } from '../../schemas/workflow.js';

export const UPLOAD_PREFIX = 'uploads/';
export const KEY_LAYOUT = 'uploads/<tenant>/<client>/<session>.<ext>';

/** Transcribe's MediaFormat per audio extension: an `.m4a` is an MPEG-4 audio container. */
const AUDIO_FORMATS = { wav: 'wav', flac: 'flac', mp3: 'mp3', mp4: 'mp4', m4a: 'mp4', ogg: 'ogg', webm: 'webm' } as const;
const TRANSCRIPT_EXTENSIONS = ['vtt', 'srt', 'txt', 'json'] as const;
const EXTENSIONS = [...Object.keys(AUDIO_FORMATS), ...TRANSCRIPT_EXTENSIONS].join(', ');

/**
 * Transcript files are read whole into memory by NormalizeTranscript. An hour of Amazon Transcribe JSON
 * (word items with timings) is about 10 MB; anything far above that is not a session transcript.
 */
export const MAX_TRANSCRIPT_BYTES = 50 * 1024 ** 2;

/** The metadata names an uploader sets (`x-amz-meta-<name>` on the PUT). */
export const METADATA = {
  consentObtained: 'consent-obtained',
  consentMethod: 'consent-method',
  consentObtainedAt: 'consent-obtained-at',
  sessionDate: 'session-date',
  channels: 'channels',
} as const;

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
  tooManyChannels: {
    code: 'unsupported_channels',
    message: 'the recording has more than two channels: mix it down to mono, or to stereo with one speaker per channel, and upload it again',
  },
} satisfies Record<string, Failure>;

export interface UploadKey {
  tenantId: string;
  clientId: string;
  sessionId: string;
  extension: Upload['extension'];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; failure: Failure; ids?: Partial<UploadKey> };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const refuse = (failure: Failure, ids?: Partial<UploadKey>): Checked<never> => ({ ok: false, failure, ...(ids ? { ids } : {}) });

/**
 * Reads `uploads/<tenant>/<client>/<session>.<ext>`. Valid ids use only characters that URL-encoding
 * leaves alone, so a valid key reads the same whether or not the event encoded it; any `%`, `+` or space
 * means the key is not one of ours, and `%2e%2e` is caught as the traversal it decodes to.
 */
export function parseUploadKey(key: string): Checked<UploadKey> {
  if (/[%+ ]/.test(key)) {
    const decoded = decodeEventKey(key);
    return refuse(decoded !== null && hasDotSegment(decoded) ? FAILURES.traversal : FAILURES.encoded);
  }
  if (hasDotSegment(key)) return refuse(FAILURES.traversal);
  if (!key.startsWith(UPLOAD_PREFIX)) return refuse(FAILURES.notUnderUploads);
  const segments = key.slice(UPLOAD_PREFIX.length).split('/');
  if (segments.length !== 3) return refuse(FAILURES.segments);
  const [tenantId, clientId, fileName] = segments as [string, string, string];
  const dot = fileName.lastIndexOf('.');
  const sessionId = dot > 0 ? fileName.slice(0, dot) : fileName;
  for (const [what, value] of [['tenant', tenantId], ['client', clientId], ['session', sessionId]] as const) {
    if (!IdSchema.safeParse(value).success) {
      return refuse({
        code: 'invalid_key',
        message: `the ${what} id in the key is not valid: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit (${KEY_LAYOUT})`,
      });
    }
  }
  const ids = { tenantId, clientId, sessionId };
  if (dot <= 0) return refuse(FAILURES.noExtension, ids);
  const extension = fileName.slice(dot + 1).toLowerCase();
  if (!isExtension(extension)) return refuse(FAILURES.extension, ids);
  return ok({ ...ids, extension });
}

/** `+` is a space and `%xx` a byte in a form-encoded key; null when the escapes are malformed. */
export function decodeEventKey(key: string): string | null {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}

function isExtension(value: string): value is Upload['extension'] {
  return value in AUDIO_FORMATS || (TRANSCRIPT_EXTENSIONS as readonly string[]).includes(value);
}

export function classify(extension: Upload['extension']): Pick<Upload, 'kind' | 'mediaFormat'> {
  const mediaFormat = AUDIO_FORMATS[extension as keyof typeof AUDIO_FORMATS];
  return mediaFormat ? { kind: 'audio', mediaFormat } : { kind: 'transcript' };
}

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

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Allows for a clinic a day ahead of UTC (UTC+14 at most). */
const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** A real calendar date (no 2025-02-30), as epoch milliseconds at its start in UTC; null otherwise. */
function calendarDate(year: string, month: string, day: string): number | null {
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const date = new Date(time);
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) ? time : null;
}

function pastDate(value: string, now: Date): boolean {
  const match = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return false;
  const day = calendarDate(match[1]!, match[2]!, match[3]!);
  if (day === null) return false;
  const time = match[0].includes('T') ? Date.parse(value) : day;
  return Number.isFinite(time) && time <= now.getTime() + CLOCK_SKEW_MS;
}

/** The consent attestation the uploader must set; an upload without it is never processed. */
export function readConsent(metadata: Record<string, string>, now: Date): Checked<Upload['consent']> {
  const obtained = metadata[METADATA.consentObtained]?.trim().toLowerCase();
  if (obtained === undefined || obtained === '') return refuse(FAILURES.consentMissing);
  if (obtained !== 'true') return refuse(FAILURES.consentRefused);
  const method = metadata[METADATA.consentMethod]?.trim();
  const obtainedAt = metadata[METADATA.consentObtainedAt]?.trim();
  if (!method || !obtainedAt) return refuse(FAILURES.consentMissing);
  // A short token, not free text: the method is stored with the session and must not carry a name.
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(method)) return refuse(FAILURES.consentMethod);
  if (!pastDate(obtainedAt, now)) return refuse(FAILURES.consentDate);
  return ok({ obtained: true, method: method.toLowerCase(), obtainedAt });
}

export function readSessionDate(metadata: Record<string, string>, now: Date): Checked<string | null> {
  const value = metadata[METADATA.sessionDate]?.trim();
  if (value === undefined || value === '') return ok(null);
  return DATE.test(value) && pastDate(value, now) ? ok(value) : refuse(FAILURES.sessionDate);
}

/** The uploader's channel count, or null when the metadata does not say. */
export function readChannels(metadata: Record<string, string>): Checked<1 | 2 | null> {
  const value = metadata[METADATA.channels]?.trim();
  if (value === undefined || value === '') return ok(null);
  if (value === '1' || value === '2') return ok(Number(value) as 1 | 2);
  return refuse(FAILURES.channels);
}

/** What the state machine delivers to ValidateUpload: the S3 "Object Created" event and the execution id. */
export const ValidateUploadInputSchema = z.object({
  event: z.object({
    detail: z.object({
      bucket: z.object({ name: z.string().min(1) }),
      object: z.object({
        key: z.string().min(1),
        size: z.number().int().nonnegative().optional(),
        'version-id': z.string().optional(),
      }),
    }),
  }),
  executionId: z.string().optional(),
});
export type ValidateUploadInput = z.infer<typeof ValidateUploadInputSchema>;
