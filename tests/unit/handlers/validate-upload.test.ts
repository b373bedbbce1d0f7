import './handler-env.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createValidateUploadHandler } from '../../../lambdas/validate-upload/handler.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { ValidationResultSchema, type ValidationResult } from '../../../schemas/workflow.js';
import { flac, wav } from './audio-fixtures.js';
import { FakeS3, captureLogs } from './fake-s3.js';
import { FakeSessionRepository } from './fake-session-repository.js';

const BUCKET = 'attune-uploads';
const NOW = new Date('2025-03-14T12:00:00Z');
const CONSENT = { 'consent-obtained': 'true', 'consent-method': 'written', 'consent-obtained-at': '2025-03-01' };

let s3: FakeS3;
let sessions: FakeSessionRepository;
let maxUploadBytes: number;

beforeEach(() => {
  s3 = new FakeS3();
  sessions = new FakeSessionRepository(() => NOW);
  maxUploadBytes = 2 * 1024 ** 3;
});
afterEach(() => s3.restore());

function objectCreated(key: string, size?: number) {
  return {
    version: '0',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    detail: { version: '0', bucket: { name: BUCKET }, object: { key, ...(size === undefined ? {} : { size }) }, reason: 'PutObject' },
  };
}

async function validate(key: string, executionId = 'exec-1'): Promise<ValidationResult> {
  const handler = createValidateUploadHandler({
    store: s3.store,
    sessions,
    config: { MAX_UPLOAD_BYTES: maxUploadBytes, RETENTION_DAYS: 365 },
    now: () => NOW,
  });
  const result = await handler({ event: objectCreated(key), executionId });
  // Every answer must be one the state machine's Choice states can read.
  return ValidationResultSchema.parse(result);
}

function expectFailure(result: ValidationResult, code: string): Extract<ValidationResult, { valid: false }> {
  expect(result.valid).toBe(false);
  if (result.valid) throw new Error('unreachable');
  expect(result.failure.code).toBe(code);
  return result;
}

function expectUpload(result: ValidationResult) {
  if (!result.valid) throw new Error(`expected a valid upload, got ${result.failure.code}: ${result.failure.message}`);
  return result.upload;
}

const session = (sessionId = 's1') => sessions.get({ tenantId: 'acme', sessionId });

describe('ValidateUpload: key layout', () => {
  it.each([
    ['not under uploads/', 'recordings/acme/c1/s1.wav', 'invalid_key', 'uploads/<tenant>/<client>/<session>.<ext>'],
    ['a missing folder', 'uploads/acme/s1.wav', 'invalid_key', 'exactly three folders'],
    ['an extra folder', 'uploads/acme/c1/extra/s1.wav', 'invalid_key', 'exactly three folders'],
    ['an empty client folder', 'uploads/acme//s1.wav', 'invalid_key', 'client id'],
    ['a tenant id with punctuation', 'uploads/acme!/c1/s1.wav', 'invalid_key', 'tenant id'],
    ['a session id with a dot', 'uploads/acme/c1/s1.old.wav', 'invalid_key', 'session id'],
    ['a hidden file', 'uploads/acme/c1/.wav', 'invalid_key', 'session id'],
    ['a name with a space (form-encoded as +)', 'uploads/acme/c1/Jane+Doe.wav', 'invalid_key', '"%", "+" or a space'],
    ['a percent-encoded name', 'uploads/acme/c1/Jane%20Doe.wav', 'invalid_key', '"%", "+" or a space'],
    ['a malformed escape', 'uploads/acme/c1/s1%ZZ.wav', 'invalid_key', '"%", "+" or a space'],
    ['no extension', 'uploads/acme/c1/s1', 'unsupported_format', 'no extension'],
    ['an unsupported extension', 'uploads/acme/c1/s1.docx', 'unsupported_format', 'wav, flac, mp3, mp4, m4a, ogg, webm, vtt, srt, txt, json'],
  ])('refuses %s', async (_case, key, code, hint) => {
    // Prepare
    s3.put(BUCKET, key, 'anything', CONSENT);

    // Act
    const result = await validate(key);

    // Assess
    const failure = expectFailure(result, code);
    expect(failure.failure.message).toContain(hint);
    expect(failure.bucket).toBe(BUCKET);
    expect(failure.key).toBe(key);
    expect(failure.failure.message).not.toContain('Jane');
  });

  it.each([
    ['a parent segment after uploads/', 'uploads/../secrets/x.wav'],
    ['parent segments inside the layout', 'uploads/acme/c1/../../s1.wav'],
    ['a current-directory segment', 'uploads/./acme/c1/s1.wav'],
    ['percent-encoded dots (lower case)', 'uploads/%2e%2e/acme/c1/s1.wav'],
    ['percent-encoded dots (upper case)', 'uploads/acme/c1/%2E%2E/s1.wav'],
  ])('refuses path traversal: %s', async (_case, key) => {
    // Act
    const result = await validate(key);

    // Assess
    const failure = expectFailure(result, 'invalid_key');
    expect(failure.failure.message).toContain('".."');
    expect(failure.tenantId).toBeUndefined();
    expect(sessions.records.size).toBe(0);
  });

  it('points the failure path at the decoded key when that is the object S3 holds', async () => {
    // Prepare: S3's notifications form-encode keys, so "Jane Doe.wav" can arrive as "Jane+Doe.wav".
    s3.put(BUCKET, 'uploads/acme/c1/Jane Doe.wav', wav({ channels: 1 }), CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/Jane+Doe.wav');

    // Assess
    expect(expectFailure(result, 'invalid_key').key).toBe('uploads/acme/c1/Jane Doe.wav');
  });

  it('keeps the key as given when the object exists under it literally', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/Jane+Doe.wav', wav({ channels: 1 }), CONSENT);
    s3.put(BUCKET, 'uploads/acme/c1/Jane Doe.wav', wav({ channels: 1 }), CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/Jane+Doe.wav');

    // Assess
    expect(expectFailure(result, 'invalid_key').key).toBe('uploads/acme/c1/Jane+Doe.wav');
  });

  it('records the refused session with its reason when the key names one', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.docx', 'a document', CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/s1.docx');

    // Assess
    const failure = expectFailure(result, 'unsupported_format');
    expect(failure).toMatchObject({ tenantId: 'acme', clientId: 'c1', sessionId: 's1' });
    expect(await session()).toMatchObject({ status: 'FAILED', clientId: 'c1', failure: { code: 'unsupported_format' } });
  });

  it('refuses an event that is not an S3 "Object Created" event', async () => {
    // Prepare
    const handler = createValidateUploadHandler({ store: s3.store, sessions, config: { MAX_UPLOAD_BYTES: 10, RETENTION_DAYS: 1 }, now: () => NOW });

    // Act
    const attempt = handler({ event: { detail: { bucket: {} } }, executionId: 'exec-1' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('ValidateUpload: file types', () => {
  it.each([
    ['wav', wav({ channels: 1 }), 'wav'],
    ['flac', flac({ channels: 1 }), 'flac'],
    ['mp3', 'ID3 mp3 frames', 'mp3'],
    ['mp4', 'ftyp mp4 boxes', 'mp4'],
    ['m4a', 'ftyp M4A boxes', 'mp4'],
    ['ogg', 'OggS pages', 'ogg'],
    ['webm', 'webm ebml', 'webm'],
  ] as const)('accepts a .%s recording for Transcribe as %s', async (extension, bytes, mediaFormat) => {
    // Prepare
    const key = `uploads/acme/c1/s1.${extension}`;
    s3.put(BUCKET, key, bytes, CONSENT);

    // Act
    const upload = expectUpload(await validate(key));

    // Assess
    expect(upload).toMatchObject({ kind: 'audio', extension, mediaFormat, channels: 1, tenantId: 'acme', clientId: 'c1', sessionId: 's1' });
    expect((await session())?.status).toBe('TRANSCRIBING');
  });

  it.each(['vtt', 'srt', 'txt', 'json'] as const)('accepts a .%s transcript, which skips transcription', async (extension) => {
    // Prepare
    const key = `uploads/acme/c1/s1.${extension}`;
    s3.put(BUCKET, key, 'Therapist: Hello.\nClient: Hi.', CONSENT);

    // Act
    const upload = expectUpload(await validate(key));

    // Assess
    expect(upload.kind).toBe('transcript');
    expect(upload.mediaFormat).toBeUndefined();
    expect((await session())?.status).toBe('RECEIVED');
  });

  it('reads an upper-case extension as the lower-case one', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.M4A', 'ftyp', CONSENT);

    // Act
    const upload = expectUpload(await validate('uploads/acme/c1/s1.M4A'));

    // Assess
    expect(upload).toMatchObject({ extension: 'm4a', mediaFormat: 'mp4', key: 'uploads/acme/c1/s1.M4A' });
  });

  it('records the session with its upload, consent, execution and expiry', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.mp3', 'ID3', { ...CONSENT, 'session-date': '2025-03-13' });

    // Act
    await validate('uploads/acme/c1/s1.mp3', 'exec-42');

    // Assess
    expect(await session()).toMatchObject<Partial<SessionRecord>>({
      clientId: 'c1',
      sessionDate: '2025-03-13',
      upload: { key: 'uploads/acme/c1/s1.mp3', kind: 'audio', bytes: 3 },
      consent: { obtained: true, method: 'written', obtainedAt: '2025-03-01' },
      executionId: 'exec-42',
      expiresAt: NOW.getTime() / 1000 + 365 * 86_400,
    });
  });
});

describe('ValidateUpload: size', () => {
  it('refuses an empty file', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.mp3', new Uint8Array(), CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/s1.mp3');

    // Assess
    expect(expectFailure(result, 'empty_upload').failure.message).toContain('0 bytes');
    expect((await session())?.status).toBe('FAILED');
  });

  it('refuses a recording over MAX_UPLOAD_BYTES and says how to fix it', async () => {
    // Prepare
    maxUploadBytes = 1024 ** 2;
    s3.put(BUCKET, 'uploads/acme/c1/s1.mp3', new Uint8Array(1024 ** 2 + 1), CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/s1.mp3');

    // Assess
    expect(expectFailure(result, 'upload_too_large').failure.message).toMatch(/1 MiB limit: compress it/);
  });

  it('accepts a recording of exactly MAX_UPLOAD_BYTES', async () => {
    // Prepare
    maxUploadBytes = 4096;
    s3.put(BUCKET, 'uploads/acme/c1/s1.mp3', new Uint8Array(4096), CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/s1.mp3');

    // Assess
    expect(result.valid).toBe(true);
  });
});

describe('ValidateUpload: consent and metadata', () => {
  const key = 'uploads/acme/c1/s1.mp3';

  it.each([
    ['no consent metadata at all', {}, 'consent_missing', 'has no consent attestation'],
    ['consent-obtained false', { ...CONSENT, 'consent-obtained': 'false' }, 'consent_missing', 'consent was not obtained'],
    ['consent-obtained yes', { ...CONSENT, 'consent-obtained': 'yes' }, 'consent_missing', 'consent was not obtained'],
    ['no consent method', { 'consent-obtained': 'true', 'consent-obtained-at': '2025-03-01' }, 'consent_missing', 'x-amz-meta-consent-method'],
    ['no consent date', { 'consent-obtained': 'true', 'consent-method': 'verbal' }, 'consent_missing', 'x-amz-meta-consent-obtained-at'],
    ['a consent date that is not ISO 8601', { ...CONSENT, 'consent-obtained-at': '01/03/2025' }, 'consent_invalid', 'ISO 8601'],
    ['a consent date that does not exist', { ...CONSENT, 'consent-obtained-at': '2025-02-30' }, 'consent_invalid', 'ISO 8601'],
    ['a consent date in the future', { ...CONSENT, 'consent-obtained-at': '2025-04-01' }, 'consent_invalid', 'past'],
    ['a consent method in free text', { ...CONSENT, 'consent-method': 'signed by Jane Doe' }, 'consent_invalid', 'one short word'],
    ['a session date that is not YYYY-MM-DD', { ...CONSENT, 'session-date': '13 March' }, 'invalid_metadata', 'YYYY-MM-DD'],
    ['a channel count of 3', { ...CONSENT, channels: '3' }, 'invalid_metadata', '1 (speakers told apart by voice) or 2'],
  ])('refuses %s', async (_case, metadata, code, hint) => {
    // Prepare
    s3.put(BUCKET, key, 'ID3 frames', metadata);

    // Act
    const result = await validate(key);

    // Assess
    const failure = expectFailure(result, code);
    expect(failure.failure.message).toContain(hint);
    expect(failure.failure.message).not.toContain('Jane');
    expect(await session()).toMatchObject({ status: 'FAILED', failure: { code } });
  });

  it('accepts a consent date-time with a zone, and any case of "true"', async () => {
    // Prepare
    s3.put(BUCKET, key, 'ID3', { 'consent-obtained': 'TRUE', 'consent-method': 'Electronic', 'consent-obtained-at': '2025-03-14T09:30:00+01:00' });

    // Act
    const upload = expectUpload(await validate(key));

    // Assess
    expect(upload.consent).toEqual({ obtained: true, method: 'electronic', obtainedAt: '2025-03-14T09:30:00+01:00' });
    expect(upload.sessionDate).toBeNull();
  });

  it('takes a declared stereo recording at its word when the format is not sniffed', async () => {
    // Prepare
    s3.put(BUCKET, key, 'ID3', { ...CONSENT, channels: '2' });

    // Act
    const upload = expectUpload(await validate(key));

    // Assess
    expect(upload.channels).toBe(2);
  });

  it('refuses an upload that no longer exists', async () => {
    // Act
    const result = await validate('uploads/acme/c1/gone.mp3');

    // Assess
    expectFailure(result, 'upload_missing');
  });
});

describe('ValidateUpload: WAV and FLAC headers', () => {
  it('detects a stereo WAV from its header', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.wav', wav({ channels: 2 }), CONSENT);

    // Act
    const upload = expectUpload(await validate('uploads/acme/c1/s1.wav'));

    // Assess
    expect(upload.channels).toBe(2);
  });

  it('reads only the header of a long recording', async () => {
    // Prepare: about a minute of 16 kHz stereo.
    s3.put(BUCKET, 'uploads/acme/c1/s1.wav', wav({ channels: 2, frames: 1_000_000 }), CONSENT);

    // Act
    const upload = expectUpload(await validate('uploads/acme/c1/s1.wav'));

    // Assess
    expect(upload.bytes).toBeGreaterThan(4_000_000);
    expect(s3.bytesRead).toBeLessThanOrEqual(64);
  });

  it('finds the format of a Broadcast WAV past its 602-byte bext chunk', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.wav', wav({ channels: 2, leadingChunk: { id: 'bext', bytes: 602 } }), CONSENT);

    // Act
    const upload = expectUpload(await validate('uploads/acme/c1/s1.wav'));

    // Assess
    expect(upload.channels).toBe(2);
  });

  it('detects a mono and a stereo FLAC, with or without an ID3 tag', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/mono.flac', flac({ channels: 1 }), CONSENT);
    s3.put(BUCKET, 'uploads/acme/c1/tagged.flac', flac({ channels: 2, id3TagBytes: 3000 }), CONSENT);

    // Act
    const mono = expectUpload(await validate('uploads/acme/c1/mono.flac'));
    const tagged = expectUpload(await validate('uploads/acme/c1/tagged.flac'));

    // Assess
    expect([mono.channels, tagged.channels]).toEqual([1, 2]);
  });

  it('lets the uploader ask for voice-based speakers on a dual-mono stereo file', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.wav', wav({ channels: 2 }), { ...CONSENT, channels: '1' });

    // Act
    const upload = expectUpload(await validate('uploads/acme/c1/s1.wav'));

    // Assess
    expect(upload.channels).toBe(1);
  });

  it('refuses a declared stereo recording whose header says mono', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.wav', wav({ channels: 1 }), { ...CONSENT, channels: '2' });

    // Act
    const result = await validate('uploads/acme/c1/s1.wav');

    // Assess
    expect(expectFailure(result, 'invalid_metadata').failure.message).toContain('has one channel');
  });

  it.each([
    [
      'an MP3 renamed to .wav',
      'uploads/acme/c1/s1.wav',
      new TextEncoder().encode('ID3\u0004\u0000 an mp3 file with enough bytes to pass the probe...........'),
    ],
    ['a WAV renamed to .flac', 'uploads/acme/c1/s1.flac', wav({ channels: 1 })],
    ['a WAV cut off inside its header', 'uploads/acme/c1/s1.wav', wav({ channels: 1 }).subarray(0, 20)],
    [
      'a WAV whose data comes before its format',
      'uploads/acme/c1/s1.wav',
      Uint8Array.from(
        [...'RIFF']
          .map((c) => c.charCodeAt(0))
          .concat(
            [100, 0, 0, 0],
            [...'WAVEdata'].map((c) => c.charCodeAt(0)),
            [8, 0, 0, 0],
            new Array<number>(60).fill(0),
          ),
      ),
    ],
  ])('refuses %s as corrupt audio', async (_case, key, bytes) => {
    // Prepare
    s3.put(BUCKET, key, bytes, CONSENT);

    // Act
    const result = await validate(key);

    // Assess
    expect(expectFailure(result, 'corrupt_audio').failure.message).toContain('not a valid WAV/FLAC recording');
  });

  it('refuses a recording with more than two channels', async () => {
    // Prepare
    s3.put(BUCKET, 'uploads/acme/c1/s1.wav', wav({ channels: 6 }), CONSENT);

    // Act
    const result = await validate('uploads/acme/c1/s1.wav');

    // Assess
    expect(expectFailure(result, 'unsupported_channels').failure.message).toContain('mix it down');
  });
});

describe('ValidateUpload: duplicates and retries', () => {
  const key = 'uploads/acme/c1/s1.wav';
  beforeEach(() => s3.put(BUCKET, key, wav({ channels: 1 }), CONSENT));

  it('answers duplicate: true for a redelivered event and leaves the session as it was', async () => {
    // Prepare
    await validate(key, 'exec-1');
    await sessions.updateStatus({ tenantId: 'acme', sessionId: 's1' }, 'ANALYZING');

    // Act
    const result = await validate(key, 'exec-2');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: true, redelivery: true });
    expect(await session()).toMatchObject({ status: 'ANALYZING', executionId: 'exec-1' });
  });

  it('tells a new upload of a session in progress (a new version) from a redelivered event', async () => {
    // Prepare: the first upload is being processed when the same session is uploaded again.
    const first = await validate(key, 'exec-1');
    s3.put(BUCKET, key, wav({ channels: 1 }), CONSENT);

    // Act
    const second = await validate(key, 'exec-2');

    // Assess: only the new version is the duplicate's to delete.
    expect(second).toMatchObject({ valid: true, duplicate: true, redelivery: false });
    const versionOf = (r: ValidationResult) => (r.valid ? r.upload.versionId : undefined);
    expect(versionOf(second)).toBeDefined();
    expect(versionOf(second)).not.toBe(versionOf(first));
  });

  it('treats a retry of the same execution as the original, not a duplicate', async () => {
    // Prepare
    await validate(key, 'exec-1');

    // Act
    const result = await validate(key, 'exec-1');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: false });
    expect((await session())?.status).toBe('TRANSCRIBING');
  });

  it('processes the upload a session was waiting for', async () => {
    // Prepare
    sessions.seed({
      tenantId: 'acme',
      clientId: 'c1',
      sessionId: 's1',
      status: 'AWAITING_UPLOAD',
      sessionDate: null,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      timings: {},
    });

    // Act
    const result = await validate(key, 'exec-1');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: false });
    expect((await session())?.status).toBe('TRANSCRIBING');
  });

  it('processes a new upload for a session that failed before', async () => {
    // Prepare
    sessions.seed({
      tenantId: 'acme',
      clientId: 'c1',
      sessionId: 's1',
      status: 'FAILED',
      sessionDate: null,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      timings: {},
      failure: { code: 'corrupt_audio', message: 'm' },
    });

    // Act
    const result = await validate(key, 'exec-2');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: false });
    expect(await session()).toMatchObject({ status: 'TRANSCRIBING', executionId: 'exec-2' });
    expect((await session())?.failure).toBeUndefined();
  });

  it('answers a redelivered event of the version that failed as a redelivery, keeping the failure', async () => {
    // Prepare: the first execution failed this version; its event arrives again.
    await validate(key, 'exec-1');
    await sessions.fail({ tenantId: 'acme', sessionId: 's1' }, { code: 'transcription_failed', message: 'm' });

    // Act
    const result = await validate(key, 'exec-2');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: true, redelivery: true });
    expect(await session()).toMatchObject({ status: 'FAILED', executionId: 'exec-1', failure: { code: 'transcription_failed' } });
  });

  it('does not let a bad re-upload mark another execution’s session failed', async () => {
    // Prepare
    await validate(key, 'exec-1');
    s3.put(BUCKET, key, wav({ channels: 1 }), {});

    // Act
    const result = await validate(key, 'exec-2');

    // Assess
    const failure = expectFailure(result, 'consent_missing');
    expect(failure.sessionId).toBeUndefined();
    expect((await session())?.status).toBe('TRANSCRIBING');
  });
});

describe('ValidateUpload: logs', () => {
  it('logs ids and codes, never metadata values or names from the key', async () => {
    // Prepare
    const canary = 'CANARY7f3a';
    const namedKey = `uploads/acme/c1/${canary} Jane Doe.wav`;
    s3.put(BUCKET, 'uploads/acme/c1/s1.mp3', 'ID3', { ...CONSENT, 'consent-method': `${canary} verbal` });
    s3.put(BUCKET, namedKey, 'RIFF', CONSENT);
    const logs = captureLogs();

    // Act
    let results: ValidationResult[];
    try {
      results = [await validate('uploads/acme/c1/s1.mp3'), await validate(namedKey)];
    } finally {
      logs.restore();
    }

    // Assess
    expect(logs.text()).toContain('upload rejected');
    expect(logs.text()).not.toContain(canary);
    expect(results.map((r) => (r.valid ? '' : r.failure.message)).join(' ')).not.toContain(canary);
    expect(JSON.stringify([...sessions.records.values()])).not.toContain(canary);
  });
});
