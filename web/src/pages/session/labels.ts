/**
 * Words for the codes the API answers with: statuses, failure codes, dimensions, flags, risk categories. Codes
 * a newer API adds still read sensibly (underscores become spaces), so the page never shows a blank.
 */
import type { SessionStatus } from '../../../../schemas/session-record.js';

/** `some_code_name` → "Some code name". */
export function humanize(code: string): string {
  const words = code
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

export const DIMENSION_LABELS: Record<string, string> = {
  therapeuticFramework: 'Therapeutic framework',
  sessionManagement: 'Session management',
  therapeuticRelationship: 'Therapeutic relationship',
  therapeuticProcess: 'Therapeutic process',
  collaborativeProgress: 'Collaborative progress',
  goalAgreement: 'Goal agreement',
};

export function dimensionLabel(name: string): string {
  return DIMENSION_LABELS[name] ?? humanize(name);
}

const MODALITY_LABELS: Record<string, string> = {
  mi: 'motivational interviewing',
  cbt: 'CBT',
  supportive: 'supportive counselling',
  psychiatric: 'psychiatric follow-up',
  crisis: 'crisis work',
  peer_support: 'peer support',
};

/** The kind of session, as a phrase ("CBT", "motivational interviewing"). */
export function modalityLabel(kind: string): string {
  return MODALITY_LABELS[kind] ?? humanize(kind).toLowerCase();
}

/** The processing steps in order, with what each means; COMPLETED and FAILED end it. */
export const PROCESSING_STEPS: readonly { status: SessionStatus; label: string }[] = [
  { status: 'AWAITING_UPLOAD', label: 'Waiting for the recording to be uploaded' },
  { status: 'RECEIVED', label: 'Received, waiting to start' },
  { status: 'TRANSCRIBING', label: 'Transcribing the recording' },
  { status: 'ANALYZING', label: 'Analysing the session and writing the note' },
];

export function isProcessing(status: string): boolean {
  return status !== 'COMPLETED' && status !== 'FAILED';
}

/** How far along processing is, 0-100, for a progress bar. */
export function processingProgress(status: string): number {
  const index = PROCESSING_STEPS.findIndex((step) => step.status === status);
  if (status === 'COMPLETED') return 100;
  if (index < 0) return 0;
  return Math.round(((index + 1) / (PROCESSING_STEPS.length + 1)) * 100);
}

export function statusLabel(status: string): string {
  if (status === 'COMPLETED') return 'Completed';
  if (status === 'FAILED') return 'Failed';
  return PROCESSING_STEPS.find((step) => step.status === status)?.label ?? humanize(status);
}

/**
 * What a failure code means and what to do: the codes of lambdas/core/upload/failures.ts, the workflow's
 * (lambdas/mark-failed) and local recovery's. The API's own message is shown beside it.
 */
const FAILURE_MEANINGS: Record<string, string> = {
  invalid_key: 'The file was uploaded to the wrong place. Create the session again and upload to the address it gives.',
  unsupported_format: 'The file type is not supported. Upload a WAV, FLAC, MP3, M4A, OGG or WebM recording, or a text, VTT, SRT or Transcribe transcript.',
  empty_upload: 'The uploaded file was empty. Upload the recording or transcript again.',
  upload_missing: 'The uploaded file was gone before it could be processed. Upload it again.',
  consent_missing: "The client's consent was not recorded with the upload. Record consent and create the session again.",
  consent_invalid: "The client's consent record was not valid. Record consent and create the session again.",
  invalid_metadata: 'The upload did not carry the details it needs. Create the session again and upload with the headers given.',
  corrupt_audio: 'The recording could not be read. Export it again (WAV or FLAC) and upload it.',
  session_not_found: 'The upload did not match a session. Create the session again.',
  upload_not_expected: 'The session was not waiting for an upload. Create a new session for this recording.',
  upload_size_mismatch: 'The uploaded file was not the size declared. Create the session again with the file’s exact size.',
  unsupported_channels: 'The recording has a channel layout that is not supported. Upload a mono or two-channel recording.',
  upload_too_large: 'The upload is larger than this installation accepts.',
  transcript_too_large: 'The transcript is longer than one session may be (10,000 turns or 2,000,000 characters).',
  transcription_failed: 'Transcription failed. Try the upload again; if it fails again, check the recording plays.',
  transcription_timeout: 'Transcription took too long. Try again later, or upload a shorter recording.',
  transcription_busy: 'The transcription service was busy. Try again later.',
  invalid_transcript: 'The transcript could not be read. Give a .txt, .vtt, .srt or Amazon Transcribe .json file.',
  interrupted: 'Processing was interrupted (the server stopped). Create the session again.',
};

export function failureMeaning(code: string): string | null {
  return FAILURE_MEANINGS[code] ?? null;
}
