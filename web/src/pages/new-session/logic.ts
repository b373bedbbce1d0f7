/**
 * The new-session form's logic, apart from React: what a recording may be, the checks made before the
 * request (the API makes them again), the API's 400 field errors mapped onto the form's fields, the
 * request body, and the polling of a session until processing ends.
 */
import type { CreateSessionRequest } from '../../../../schemas/api.js';

/** Every control of the form that an error can be shown next to. */
export type FieldKey = 'clientId' | 'sessionDate' | 'consentObtained' | 'consentMethod' | 'consentObtainedAt' | 'recording' | 'transcriptFormat' | 'transcript';

export type FieldErrors = Partial<Record<FieldKey, string>>;

/** The API's JSON pointers (schemas/api.ts CreateSessionRequestSchema) and the field each belongs to. */
const POINTER_FIELDS: Record<string, FieldKey> = {
  '/clientId': 'clientId',
  '/sessionDate': 'sessionDate',
  '/consent': 'consentObtained',
  '/consent/obtained': 'consentObtained',
  '/consent/method': 'consentMethod',
  '/consent/obtainedAt': 'consentObtainedAt',
  '/media': 'recording',
  '/media/contentType': 'recording',
  '/media/bytes': 'recording',
  '/media/channels': 'recording',
  '/transcript': 'transcript',
  '/transcript/format': 'transcriptFormat',
  '/transcript/content': 'transcript',
};

interface PointerError {
  pointer: string;
  detail?: string;
}

/** A pointer's detail is sometimes a bare code (`no_speakers`, `unsupported`): the problem's detail then says it in words. */
function isCode(detail: string | undefined): boolean {
  return detail === undefined || /^[a-z][a-z0-9_]*$/.test(detail.trim());
}

/**
 * The errors of a 400/413/415 problem placed next to the fields they name. A pointer no field shows (or
 * none at all) stays in `unplaced`, which the page shows above the form with the problem's detail.
 */
export function placeFieldErrors(problem: { detail?: string; errors?: PointerError[] }): { fields: FieldErrors; unplaced: PointerError[] } {
  const fields: FieldErrors = {};
  const unplaced: PointerError[] = [];
  const errors = problem.errors ?? [];
  for (const error of errors) {
    const field = POINTER_FIELDS[error.pointer];
    if (field === undefined) {
      unplaced.push(error);
      continue;
    }
    const words = isCode(error.detail) ? (errors.length === 1 && problem.detail ? problem.detail : (error.detail ?? 'not valid')) : (error.detail ?? '');
    fields[field] = fields[field] ? `${fields[field]}; ${words}` : words;
  }
  return { fields, unplaced };
}

/** Recording file extensions and the content type each is declared as (schemas/api.ts MEDIA_TYPES). */
export const RECORDING_TYPES: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  webm: 'audio/webm',
};

/** The file picker's `accept`: the extensions and their audio types. */
export const RECORDING_ACCEPT = [...Object.keys(RECORDING_TYPES).map((ext) => `.${ext}`), ...new Set(Object.values(RECORDING_TYPES))].join(',');

/** The deployment's default `attune:maxUploadBytes` (2 GiB); a larger limit set by the deployer is still refused here. */
export const MAX_RECORDING_BYTES = 2 * 1024 * 1024 * 1024;

/** Inline transcripts travel in the request body (schemas/api.ts MAX_INLINE_TRANSCRIPT_BYTES). */
export const MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1).replace(/\.0$/, '')} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The content type to declare for a recording, from its extension; undefined for a file that is not one. */
export function recordingContentType(file: { name: string }): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : RECORDING_TYPES[ext];
}

/** Why a chosen file cannot be uploaded, or undefined when it can. */
export function recordingProblem(file: { name: string; size: number }, maxBytes = MAX_RECORDING_BYTES): string | undefined {
  if (recordingContentType(file) === undefined) return 'Choose a WAV, FLAC, MP3, M4A/MP4, OGG or WebM recording.';
  if (file.size === 0) return 'The file is empty (0 bytes). Choose the recording again.';
  if (file.size > maxBytes)
    return `The recording is ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} limit. Compress it (FLAC, or 16 kHz mono) or split the session.`;
  return undefined;
}

export const TRANSCRIPT_FORMATS = [
  { value: 'text', label: 'Plain text (Therapist: … / Client: …)' },
  { value: 'vtt', label: 'WebVTT (.vtt)' },
  { value: 'srt', label: 'SubRip (.srt)' },
  { value: 'transcribe-json', label: 'Amazon Transcribe JSON' },
] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number]['value'];

export const CONSENT_METHODS = [
  { value: 'written', label: 'Written' },
  { value: 'verbal', label: 'Verbal' },
  { value: 'electronic', label: 'Electronic' },
] as const;

export interface SessionForm {
  clientId: string;
  sessionDate: string;
  consentObtained: boolean;
  consentMethod: string;
  consentObtainedAt: string;
  source: 'recording' | 'transcript';
  recording?: { name: string; size: number } | undefined;
  transcriptFormat: TranscriptFormat;
  transcript: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Today's date where the clinician is, as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/** The checks made before sending (the API checks again and its answer is shown the same way). */
export function validateForm(form: SessionForm, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!ID.test(form.clientId)) errors.clientId = 'Give the client id: 1–64 letters, digits, "-" or "_", starting with a letter or digit (no names).';
  if (!realDate(form.sessionDate)) errors.sessionDate = 'Give the session date as YYYY-MM-DD.';
  else if (form.sessionDate > today) errors.sessionDate = 'The session date cannot be in the future.';
  if (!form.consentObtained) errors.consentObtained = "Record the client's consent to recording and processing before the session is processed.";
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(form.consentMethod)) errors.consentMethod = 'Choose how consent was obtained.';
  if (!realDate(form.consentObtainedAt)) errors.consentObtainedAt = 'Give the date consent was obtained as YYYY-MM-DD.';
  else if (form.consentObtainedAt > today) errors.consentObtainedAt = 'Consent cannot be obtained in the future.';
  if (form.source === 'recording') {
    if (form.recording === undefined) errors.recording = 'Choose the recording to upload.';
    else {
      const problem = recordingProblem(form.recording);
      if (problem) errors.recording = problem;
    }
  } else if (form.transcript.trim() === '') errors.transcript = 'Paste the transcript.';
  else if (new TextEncoder().encode(form.transcript).length > MAX_TRANSCRIPT_BYTES)
    errors.transcript = `The transcript is over ${formatBytes(MAX_TRANSCRIPT_BYTES)}; a pasted transcript may be at most that.`;
  return errors;
}

/** POST /sessions's body for the form. */
export function sessionRequest(form: SessionForm): CreateSessionRequest {
  const base = {
    clientId: form.clientId,
    sessionDate: form.sessionDate,
    consent: { obtained: true as const, method: form.consentMethod, obtainedAt: form.consentObtainedAt },
  };
  if (form.source === 'recording') {
    const recording = form.recording;
    if (!recording) throw new Error('no recording chosen');
    return { ...base, media: { contentType: recordingContentType(recording) ?? 'application/octet-stream', bytes: recording.size } };
  }
  return { ...base, transcript: { format: form.transcriptFormat, content: form.transcript } };
}

/**
 * A key that stays the same while the request it guards stays the same: a double click (or a retry after
 * a dropped connection) sends the same Idempotency-Key and the API creates one session; any change to the
 * form is another request and gets another key.
 */
export class SubmissionKey {
  #body: string | undefined;
  #key = '';
  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}
  for(body: unknown): string {
    const text = JSON.stringify(body);
    if (text !== this.#body) {
      this.#body = text;
      this.#key = this.newKey();
    }
    return this.#key;
  }
}

/** Statuses after which a session changes no more. */
export function isFinished(status: string): boolean {
  return status === 'COMPLETED' || status === 'FAILED';
}

/** The wait before the n-th poll (0-based): 1 s, growing by half each time, never over 10 s. */
export function pollDelayMs(attempt: number): number {
  return Math.min(10_000, Math.round(1000 * 1.5 ** Math.max(0, attempt)));
}

export interface PollOptions<T> {
  sleep?: (ms: number) => Promise<void>;
  onUpdate?: (value: T) => void;
  /** Polling stops (and the promise rejects with an AbortError) when this aborts: the page was left. */
  signal?: AbortSignal;
}

function aborted(): Error {
  const error = new Error('polling stopped');
  error.name = 'AbortError';
  return error;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads the session until it is completed or failed, waiting longer between reads each time. */
export async function pollUntilFinished<T extends { status: string }>(read: () => Promise<T>, options: PollOptions<T> = {}): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw aborted();
    const value = await read();
    if (options.signal?.aborted) throw aborted();
    options.onUpdate?.(value);
    if (isFinished(value.status)) return value;
    await sleep(pollDelayMs(attempt));
  }
}

/** The processing steps a session goes through, in order, with what each means. */
export const PROCESSING_STEPS = [
  { status: 'AWAITING_UPLOAD', label: 'Waiting for the recording' },
  { status: 'RECEIVED', label: 'Received' },
  { status: 'TRANSCRIBING', label: 'Transcribing' },
  { status: 'ANALYZING', label: 'Analysing' },
  { status: 'COMPLETED', label: 'Completed' },
] as const;

/** How far along a status is, 0–100, for the processing progress bar. */
export function processingPercent(status: string, source: 'recording' | 'transcript'): number {
  const order = source === 'recording' ? ['AWAITING_UPLOAD', 'RECEIVED', 'TRANSCRIBING', 'ANALYZING', 'COMPLETED'] : ['RECEIVED', 'ANALYZING', 'COMPLETED'];
  if (status === 'FAILED') return 100;
  const at = order.indexOf(status);
  if (at < 0) return 0;
  return Math.round((at / (order.length - 1)) * 100);
}

export function statusLabel(status: string): string {
  if (status === 'FAILED') return 'Failed';
  return PROCESSING_STEPS.find((step) => step.status === status)?.label ?? status;
}

/** What each failure code means (schemas/session-record.ts FailureSchema; the message says what to do). */
export const FAILURE_MEANINGS: Readonly<Record<string, string>> = {
  consent_missing: 'The upload carried no consent attestation.',
  consent_invalid: 'The consent method or date on the upload was not valid.',
  invalid_key: 'The recording was uploaded to the wrong place.',
  invalid_metadata: 'The upload did not carry the details the upload address was issued for.',
  unsupported_format: 'The file type is not one Attune can process.',
  unsupported_channels: 'The recording has more than two channels.',
  empty_upload: 'The uploaded file was empty.',
  upload_missing: 'The uploaded file was gone before it could be processed.',
  upload_too_large: 'The file is over the size limit.',
  upload_size_mismatch: 'The uploaded file was not the size declared when the session was created.',
  upload_not_expected: 'An upload arrived for a session that was not waiting for one.',
  corrupt_audio: 'The recording could not be read as audio.',
  invalid_transcript: 'The transcript could not be read.',
  transcript_too_large: 'The transcript is longer than one session may be.',
  transcription_failed: 'Transcription of the recording failed.',
  transcription_timeout: 'Transcription took too long and was stopped.',
  transcription_busy: 'The transcription service was busy.',
  model_timeout: 'The analysis model did not answer in time.',
  model_service_unavailable: 'The analysis model was unavailable.',
  model_service_error: 'The analysis model answered with an error.',
  model_error: 'The analysis model answered with an error.',
  model_request_invalid: 'The analysis model refused the request.',
  model_not_found: 'The configured analysis model does not exist.',
  model_access_denied: 'Attune may not use the configured analysis model.',
  note_unavailable: 'No note could be written for the session.',
  workflow_timeout: 'Processing did not finish within the time limit.',
  workflow_stopped: 'Processing was stopped before it finished.',
  interrupted: 'Processing was interrupted because the server stopped.',
  internal_error: 'Processing failed inside Attune.',
};

export function failureMeaning(code: string): string {
  return FAILURE_MEANINGS[code] ?? 'Processing failed.';
}
