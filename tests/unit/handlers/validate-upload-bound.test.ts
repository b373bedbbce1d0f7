/**
 * M6: an upload through a URL the API issued (it carries its declared size, signed into the URL) belongs
 * to the session the API created. ValidateUpload takes it only for that session while it is AWAITING_UPLOAD,
 * only at the declared size, and never creates or reopens a session record for it: an erased session's URL
 * used late, a second PUT, or a size other than declared is refused, and the failure path deletes it.
 */
import './handler-env.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createValidateUploadHandler } from '../../../lambdas/validate-upload/handler.js';
import type { AwaitedUploads } from '../../../lambdas/ports/awaited-uploads.js';
import type { SessionRecord, SessionStatus } from '../../../schemas/session-record.js';
import { ValidationResultSchema, type ValidationResult } from '../../../schemas/workflow.js';
import { FakeS3, captureLogs } from './fake-s3.js';
import { FakeSessionRepository } from './fake-session-repository.js';

const BUCKET = 'attune-uploads';
const NOW = new Date('2025-03-14T12:00:00Z');
const KEY = 'uploads/acme/c1/s1.mp3';
const BODY = 'ID3 a recording of twenty-eight bytes';
const CONSENT = { 'consent-obtained': 'true', 'consent-method': 'written', 'consent-obtained-at': '2025-03-01' };
/** The metadata a PUT through an API-issued URL stores: the consent and the signed declared size. */
const BOUND = { ...CONSENT, 'declared-bytes': String(Buffer.byteLength(BODY)) };

/** The conditional write of the DynamoDB adapter, over the fake's records: only an awaiting record of the same client takes it. */
class FakeAwaitedUploads implements AwaitedUploads {
  /** Runs before each write: to erase the session between ValidateUpload's read and its write. */
  before: () => void = () => undefined;

  constructor(private readonly sessions: FakeSessionRepository) {}

  async receive(record: SessionRecord): Promise<boolean> {
    this.before();
    const id = `${record.tenantId}#${record.sessionId}`;
    const current = this.sessions.records.get(id);
    if (current?.status !== 'AWAITING_UPLOAD' || current.clientId !== record.clientId) return false;
    this.sessions.records.set(id, structuredClone(record));
    return true;
  }
}

let s3: FakeS3;
let sessions: FakeSessionRepository;
let awaited: FakeAwaitedUploads;

beforeEach(() => {
  s3 = new FakeS3();
  sessions = new FakeSessionRepository(() => NOW);
  awaited = new FakeAwaitedUploads(sessions);
});
afterEach(() => s3.restore());

function seed(status: SessionStatus, extra: Partial<SessionRecord> = {}): void {
  sessions.seed({
    tenantId: 'acme',
    clientId: 'c1',
    sessionId: 's1',
    status,
    sessionDate: null,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    timings: {},
    ...extra,
  });
}

/** The "Object Created" event of the latest version of KEY (or of a version already deleted). */
function event(versionId = s3.versionIds(BUCKET, KEY).at(-1)) {
  return { detail: { bucket: { name: BUCKET }, object: { key: KEY, size: Buffer.byteLength(BODY), ...(versionId ? { 'version-id': versionId } : {}) } } };
}

async function validate(executionId = 'exec-1', versionId?: string): Promise<ValidationResult> {
  const handler = createValidateUploadHandler({
    store: s3.store,
    sessions,
    awaited,
    config: { MAX_UPLOAD_BYTES: 2 * 1024 ** 3, RETENTION_DAYS: 365 },
    now: () => NOW,
  });
  return ValidationResultSchema.parse(await handler({ event: event(versionId), executionId }));
}

const record = () => sessions.get({ tenantId: 'acme', sessionId: 's1' });

describe('ValidateUpload: an upload through an API-issued URL (M6)', () => {
  it('takes the upload its session is awaiting, at the declared size', async () => {
    // Prepare
    seed('AWAITING_UPLOAD');
    s3.put(BUCKET, KEY, BODY, BOUND);

    // Act
    const result = await validate();

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: false });
    expect(await record()).toMatchObject({ status: 'TRANSCRIBING', executionId: 'exec-1', upload: { bytes: Buffer.byteLength(BODY) } });
  });

  it('refuses an erased session’s upload without bringing the session back, and names no session to mark or publish', async () => {
    // Prepare: the session was erased; its URL was used afterwards.
    s3.put(BUCKET, KEY, BODY, BOUND);
    const logs = captureLogs();

    // Act
    let result: ValidationResult;
    try {
      result = await validate();
    } finally {
      logs.restore();
    }

    // Assess
    expect(result).toMatchObject({ valid: false, failure: { code: 'session_not_found' }, bucket: BUCKET, key: KEY });
    expect(result.valid === false && result.sessionId).toBeFalsy();
    expect(sessions.records.size).toBe(0);
    expect(logs.text()).toContain('session_not_found');
    expect(logs.text()).not.toContain('twenty-eight');
  });

  it('refuses when the session is erased between the read and the write (the write is conditional)', async () => {
    // Prepare
    seed('AWAITING_UPLOAD');
    s3.put(BUCKET, KEY, BODY, BOUND);
    awaited.before = () => sessions.records.clear();

    // Act
    const result = await validate();

    // Assess
    expect(result).toMatchObject({ valid: false, failure: { code: 'session_not_found' } });
    expect(sessions.records.size).toBe(0);
  });

  it('refuses an upload of another size than declared, marking the awaiting session failed', async () => {
    // Prepare
    seed('AWAITING_UPLOAD');
    s3.put(BUCKET, KEY, `${BODY} and more`, BOUND);

    // Act
    const result = await validate();

    // Assess
    expect(result).toMatchObject({ valid: false, failure: { code: 'upload_size_mismatch' }, sessionId: 's1' });
    expect(await record()).toMatchObject({ status: 'FAILED', failure: { code: 'upload_size_mismatch' } });
  });

  it('does not reopen a failed session for a second PUT to its URL: a duplicate whose own version is deleted', async () => {
    // Prepare: the first upload failed (its version v1 was deleted); a second PUT to the same URL arrives.
    seed('FAILED', {
      failure: { code: 'corrupt_audio', message: 'm' },
      executionId: 'exec-1',
      upload: { key: KEY, kind: 'audio', bytes: 28, versionId: 'v0' },
    });
    s3.put(BUCKET, KEY, BODY, BOUND);

    // Act
    const result = await validate('exec-2');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: true, redelivery: false });
    expect(await record()).toMatchObject({ status: 'FAILED', executionId: 'exec-1', failure: { code: 'corrupt_audio' } });
  });

  it('answers a second PUT to a session already processed as a duplicate, leaving the session as it is', async () => {
    // Prepare
    seed('COMPLETED', { executionId: 'exec-1', upload: { key: KEY, kind: 'audio', bytes: 28, versionId: 'v0' } });
    s3.put(BUCKET, KEY, BODY, BOUND);

    // Act
    const result = await validate('exec-2');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: true, redelivery: false });
    expect((await record())?.status).toBe('COMPLETED');
  });

  it('carries on when its own execution retries the state after the write', async () => {
    // Prepare
    seed('AWAITING_UPLOAD');
    s3.put(BUCKET, KEY, BODY, BOUND);
    await validate('exec-1');

    // Act
    const result = await validate('exec-1');

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: false });
    expect((await record())?.status).toBe('TRANSCRIBING');
  });
});

describe('ValidateUpload: an upload gone before it was read', () => {
  it('records nothing for a session that no longer exists (erased with its upload, then the event arrived)', async () => {
    // Act: the event of a version erasure deleted, with the session's record.
    const result = await validate('exec-1', 'v9');

    // Assess
    expect(result).toMatchObject({ valid: false, failure: { code: 'upload_missing' } });
    expect(result.valid === false && result.sessionId).toBeFalsy();
    expect(sessions.records.size).toBe(0);
  });

  it('names the session that awaited it, so MarkFailed marks it (MarkFailed never creates a record)', async () => {
    // Prepare
    seed('AWAITING_UPLOAD');

    // Act
    const result = await validate('exec-1', 'v9');

    // Assess
    expect(result).toMatchObject({ valid: false, failure: { code: 'upload_missing' }, sessionId: 's1' });
    expect((await record())?.status).toBe('AWAITING_UPLOAD');
  });
});

describe('ValidateUpload: a direct upload to the bucket (no declared size)', () => {
  it('still records a new session, as before', async () => {
    // Prepare
    s3.put(BUCKET, KEY, BODY, CONSENT);

    // Act
    const result = await validate();

    // Assess
    expect(result).toMatchObject({ valid: true, duplicate: false });
    expect((await record())?.status).toBe('TRANSCRIBING');
  });
});
