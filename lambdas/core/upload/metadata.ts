/** The metadata an uploader sets (`x-amz-meta-<name>` on the PUT), read and checked: consent, session date, channels. */
import type { Upload } from '../../../schemas/workflow.js';
import { FAILURES, ok, refuse, type Checked } from './failures.js';

/** The metadata names an uploader sets (`x-amz-meta-<name>` on the PUT). */
export const METADATA = {
  consentObtained: 'consent-obtained',
  consentMethod: 'consent-method',
  consentObtainedAt: 'consent-obtained-at',
  sessionDate: 'session-date',
  channels: 'channels',
  /**
   * The exact size the uploader declared when the API issued the upload URL, signed into the URL with the
   * content length. Its presence binds the object to the session the API created: ValidateUpload takes it
   * only for a session still awaiting its upload, and only at exactly this size.
   */
  declaredBytes: 'declared-bytes',
} as const;

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

/**
 * The size declared for a presigned upload ({@link METADATA.declaredBytes}): null for an upload made
 * without one (a direct upload to the bucket); a refusal when the value is not a whole number of bytes.
 */
export function readDeclaredBytes(metadata: Record<string, string>): Checked<number | null> {
  const value = metadata[METADATA.declaredBytes]?.trim();
  if (value === undefined) return ok(null);
  const bytes = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(bytes) && bytes > 0 ? ok(bytes) : refuse(FAILURES.declaredBytes);
}
