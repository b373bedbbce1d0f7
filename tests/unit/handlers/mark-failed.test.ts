import './handler-env.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_MESSAGES, createMarkFailedHandler } from '../../../lambdas/mark-failed/handler.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { SessionEventDetailSchema, type Upload, type ValidationResult } from '../../../schemas/workflow.js';
import { captureLogs } from './fake-s3.js';
import { FakeSessionRepository } from './fake-session-repository.js';

const NOW = new Date('2025-03-14T12:00:00Z');
const BUCKET = 'attune-uploads';
const KEY = 'uploads/acme/c1/s1.wav';
const CANARY = 'Zanzibarquokka';

let sessions: FakeSessionRepository;

beforeEach(() => {
  sessions = new FakeSessionRepository(() => NOW);
  sessions.seed(record('TRANSCRIBING'));
});

function record(status: SessionRecord['status']): SessionRecord {
  return {
    tenantId: 'acme',
    clientId: 'c1',
    sessionId: 's1',
    status,
    sessionDate: null,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    timings: {},
  };
}

/** The execution's input: the S3 event. States add `validation`, `error` … beside its fields. */
const event = (key = KEY) => ({ 'detail-type': 'Object Created', source: 'aws.s3', detail: { bucket: { name: BUCKET }, object: { key, size: 10 } } });

const upload: Upload = {
  bucket: BUCKET,
  key: KEY,
  bytes: 10,
  tenantId: 'acme',
  clientId: 'c1',
  sessionId: 's1',
  extension: 'wav',
  kind: 'audio',
  mediaFormat: 'wav',
  channels: 1,
  sessionDate: null,
  consent: { obtained: true, method: 'written', obtainedAt: '2025-03-01' },
};
const validated: ValidationResult = { valid: true, duplicate: false, redelivery: false, upload };

async function markFailed(input: unknown) {
  const result = await createMarkFailedHandler({ sessions })(input);
  if (result.event) SessionEventDetailSchema.parse(result.event);
  return result;
}

const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at normalizeTranscript (/var/task/index.mjs:1:2)'] });

const failureOf = async () => (await sessions.get({ tenantId: 'acme', sessionId: 's1' }))?.failure;

describe('MarkFailed', () => {
  it('keeps the reason ValidateUpload gave for an invalid upload', async () => {
    // Prepare
    const failure = { code: 'consent_missing', message: 'the upload has no consent attestation: …' };
    const validation: ValidationResult = { valid: false, failure, bucket: BUCKET, key: KEY, tenantId: 'acme', clientId: 'c1', sessionId: 's1' };

    // Act
    const result = await markFailed({ state: { ...event(), validation }, executionId: 'exec-1' });

    // Assess
    expect(result).toEqual({
      bucket: BUCKET,
      key: KEY,
      // A refused upload deletes only its own version: the S3 event's (none in this event: every version).
      onlyVersionId: '',
      event: { tenantId: 'acme', clientId: 'c1', sessionId: 's1', status: 'FAILED', failureCode: 'consent_missing' },
    });
    expect(await sessions.get({ tenantId: 'acme', sessionId: 's1' })).toMatchObject({ status: 'FAILED', failure });
  });

  it('leaves the session alone when ValidateUpload named none (another execution’s session)', async () => {
    // Prepare
    const validation: ValidationResult = { valid: false, failure: { code: 'consent_missing', message: 'm' }, bucket: BUCKET, key: KEY };

    // Act
    const result = await markFailed({ state: { ...event(), validation }, executionId: 'exec-2' });

    // Assess
    expect(result).toEqual({ bucket: BUCKET, key: KEY, onlyVersionId: '' });
    expect((await sessions.get({ tenantId: 'acme', sessionId: 's1' }))?.status).toBe('TRANSCRIBING');
  });

  it('deletes only the refused version of a key another execution may still be transcribing', async () => {
    // Prepare: a second upload of s1 (version v2) without consent, while the first (v1) is being transcribed
    const validation: ValidationResult = { valid: false, failure: { code: 'consent_missing', message: 'm' }, bucket: BUCKET, key: KEY };
    const second = { ...event(), detail: { bucket: { name: BUCKET }, object: { key: KEY, size: 10, 'version-id': 'v2' } } };

    // Act
    const result = await markFailed({ state: { ...second, validation }, executionId: 'exec-2' });

    // Assess
    expect(result).toEqual({ bucket: BUCKET, key: KEY, onlyVersionId: 'v2' });
  });

  it('deletes every version after a failure of the execution that owns the session', async () => {
    // Act
    const withVersion = { ...event(), detail: { bucket: { name: BUCKET }, object: { key: KEY, size: 10, 'version-id': 'v1' } } };
    const result = await markFailed({ state: { ...withVersion, validation: validated, error: { Error: 'TranscriptionFailed' } }, executionId: 'exec-1' });

    // Assess
    expect(result.onlyVersionId).toBe('');
  });

  it('publishes no failed event for a session already COMPLETED (a step crashed after PersistResults)', async () => {
    // Prepare
    sessions.seed(record('COMPLETED'));

    // Act
    const result = await markFailed({ state: { ...event(), validation: validated, error: { Error: 'Sandbox.Timedout' } }, executionId: 'exec-1' });

    // Assess
    expect(result.event).toBeUndefined();
    expect((await sessions.get({ tenantId: 'acme', sessionId: 's1' }))?.status).toBe('COMPLETED');
  });

  it.each([
    ['TranscriptionFailed', FAILURE_MESSAGES.transcriptionFailed],
    ['TranscriptionTimedOut', FAILURE_MESSAGES.transcriptionTimedOut],
    ['Transcribe.LimitExceededException', FAILURE_MESSAGES.transcriptionBusy],
  ])('explains %s to the uploader', async (errorName, expected) => {
    // Act
    const result = await markFailed({
      state: { ...event(), validation: validated, error: { Error: errorName, Cause: 'job status FAILED' } },
      executionId: 'e',
    });

    // Assess
    expect(result.event?.failureCode).toBe(expected.code);
    expect(await failureOf()).toEqual(expected);
  });

  it('says that Transcribe could not read the recording and what to check', async () => {
    // Act
    await markFailed({ state: { ...event(), validation: validated, error: { Error: 'TranscriptionFailed' } } });

    // Assess
    expect(await failureOf()).toEqual({
      code: 'transcription_failed',
      message: 'Amazon Transcribe could not transcribe the recording: check that it is a playable audio file',
    });
  });

  it('passes on the parser’s message for an invalid transcript, without the stack', async () => {
    // Prepare
    const message = 'no speaker names found in the captions: export the Zoom/Teams transcript with speaker names';

    // Act
    const result = await markFailed({
      state: { ...event(), validation: validated, error: { Error: 'InvalidTranscript', Cause: lambdaCause('InvalidTranscript', message) } },
      executionId: 'exec-1',
    });

    // Assess
    expect(result.event?.failureCode).toBe('invalid_transcript');
    expect(await failureOf()).toEqual({ code: 'invalid_transcript', message });
  });

  it('falls back to a general invalid-transcript message when the cause is unreadable', async () => {
    // Act
    await markFailed({ state: { ...event(), validation: validated, error: { Error: 'InvalidTranscript', Cause: '{"trace": []}' } } });

    // Assess
    expect(await failureOf()).toEqual(FAILURE_MESSAGES.invalidTranscript);
  });

  it.each([
    ['a Lambda crash', { Error: 'Error', Cause: lambdaCause('TypeError', `cannot read ${CANARY}`) }],
    ['a Step Functions timeout', { Error: 'States.Timeout', Cause: CANARY }],
    ['a throttled table', { Error: 'ProvisionedThroughputExceededException', Cause: CANARY }],
    ['an error with no name', { Cause: CANARY }],
    ['no error at all', undefined],
  ])('reports %s as an internal error without echoing its cause', async (_case, error) => {
    // Prepare
    const logs = captureLogs();

    // Act
    let result: Awaited<ReturnType<typeof markFailed>>;
    try {
      result = await markFailed({ state: { ...event(), validation: validated, error }, executionId: 'exec-1' });
    } finally {
      logs.restore();
    }

    // Assess
    expect(result.event?.failureCode).toBe('internal_error');
    expect(await failureOf()).toEqual({
      code: 'internal_error',
      message: 'processing failed; the recording was deleted — upload it again or contact support',
    });
    expect(logs.text()).toContain('session failed');
    expect(logs.text()).not.toContain(CANARY);
  });

  it('reads the S3 event from an `event` wrapper too', async () => {
    // Act
    const result = await markFailed({ state: { event: event(), error: { Error: 'TranscriptionTimedOut' } }, executionId: 'exec-1' });

    // Assess
    expect(result).toMatchObject({ bucket: BUCKET, key: KEY, event: { sessionId: 's1', failureCode: 'transcription_timeout' } });
  });

  it('finds the session from the S3 event when ValidateUpload itself failed', async () => {
    // Act
    const result = await markFailed({ state: { ...event(), error: { Error: 'Lambda.Unknown', Cause: 'timeout' } }, executionId: 'exec-1' });

    // Assess
    expect(result).toMatchObject({ bucket: BUCKET, key: KEY, event: { tenantId: 'acme', clientId: 'c1', sessionId: 's1', failureCode: 'internal_error' } });
    expect((await sessions.get({ tenantId: 'acme', sessionId: 's1' }))?.status).toBe('FAILED');
  });

  it('never marks a COMPLETED session failed', async () => {
    // Prepare
    sessions.seed(record('COMPLETED'));

    // Act
    await markFailed({ state: { ...event(), validation: validated, error: { Error: 'States.TaskFailed' } } });

    // Assess
    expect((await sessions.get({ tenantId: 'acme', sessionId: 's1' }))?.status).toBe('COMPLETED');
  });

  it('still answers with the bucket and key when the table is unavailable', async () => {
    // Prepare
    sessions.unavailable = Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });

    // Act
    const result = await markFailed({ state: { ...event(), validation: validated, error: { Error: 'TranscriptionFailed' } } });

    // Assess
    expect(result).toMatchObject({ bucket: BUCKET, key: KEY, event: { status: 'FAILED', failureCode: 'transcription_failed' } });
  });

  it.each([
    ['null', null],
    ['a string', 'oops'],
    ['a state that is a number', { state: 42 }],
    ['an empty state', { state: {} }],
    ['an event without detail', { state: { detail: 'x', event: { detail: null } } }],
  ])('answers even for garbage input (%s), without throwing', async (_case, input) => {
    // Act
    const result = await markFailed(input);

    // Assess
    // No session to tell subscribers about: no event with empty ids.
    expect(result).toEqual({ bucket: '', key: '', onlyVersionId: '' });
  });

  it('falls back to the S3 event when the validation result is garbage, so the audio is still deleted', async () => {
    // Act
    const result = await markFailed({ state: { ...event(), validation: { valid: 'maybe' }, error: 'not an error object' }, executionId: 7 });

    // Assess
    expect(result).toMatchObject({ bucket: BUCKET, key: KEY, event: { sessionId: 's1', failureCode: 'internal_error' } });
  });

  it('answers with the key of a refused upload even when the key names no session', async () => {
    // Act
    const result = await markFailed({ state: event('uploads/../x.wav') });

    // Assess
    expect(result).toEqual({ bucket: BUCKET, key: 'uploads/../x.wav', onlyVersionId: '' });
  });
});
