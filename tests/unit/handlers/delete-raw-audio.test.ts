import './handler-env.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import { DeletionRefusedError, createDeleteRawAudioHandler, handler } from '../../../lambdas/delete-raw-audio/handler.js';
import { ObjectDeletionError } from '../../../lambdas/adapters/s3/object-store.js';
import { ARTIFACTS, FakeS3, UPLOADS } from './fake-s3.js';

const KEY = 'uploads/acme/c1/s1.wav';

let s3: FakeS3;

beforeEach(() => {
  s3 = new FakeS3();
});
afterEach(() => s3.restore());

function deleteRawAudio(input: unknown) {
  return createDeleteRawAudioHandler({ store: s3.store, config: { UPLOADS_BUCKET: UPLOADS } })(input);
}

describe('DeleteRawAudio', () => {
  it('deletes every version and delete marker of the upload, across pages', async () => {
    // Prepare: three uploads of the same session, a delete in between, and S3 listing two entries a page.
    s3.put(UPLOADS, KEY, 'take 1');
    s3.put(UPLOADS, KEY, 'take 2');
    s3.deleteMarker(UPLOADS, KEY);
    s3.put(UPLOADS, KEY, 'take 3');
    s3.deleteMarker(UPLOADS, KEY);
    s3.pageSize = 2;

    // Act
    const result = await deleteRawAudio({ bucket: UPLOADS, key: KEY });

    // Assess
    expect(result).toEqual({ versionsDeleted: 5 });
    expect(s3.versionCount(UPLOADS, KEY)).toBe(0);
  });

  it('deletes only its own version for a duplicate upload, leaving the first upload to its execution', async () => {
    // Prepare: the first upload (v1) is still being transcribed when the same file arrives again (v2).
    s3.put(UPLOADS, KEY, 'first upload');
    s3.put(UPLOADS, KEY, 'duplicate upload');

    // Act
    const result = await deleteRawAudio({ bucket: UPLOADS, key: KEY, onlyVersionId: 'v2' });

    // Assess
    expect(result).toEqual({ versionsDeleted: 1 });
    expect(s3.versionCount(UPLOADS, KEY)).toBe(1);
  });

  it('leaves other objects that share the key as a prefix', async () => {
    // Prepare
    s3.put(UPLOADS, KEY, 'recording');
    s3.put(UPLOADS, `${KEY}.bak`, 'someone else’s backup');
    s3.put(UPLOADS, 'uploads/acme/c1/s1.wav2', 'another upload');
    s3.pageSize = 1;

    // Act
    const result = await deleteRawAudio({ bucket: UPLOADS, key: KEY });

    // Assess
    expect(result).toEqual({ versionsDeleted: 1 });
    expect(s3.versionCount(UPLOADS, KEY)).toBe(0);
    expect(s3.versionCount(UPLOADS, `${KEY}.bak`)).toBe(1);
    expect(s3.versionCount(UPLOADS, 'uploads/acme/c1/s1.wav2')).toBe(1);
  });

  it('deletes more versions than one DeleteObjects request can take', async () => {
    // Prepare
    for (let i = 0; i < 2_345; i++) s3.put(UPLOADS, KEY, `take ${i}`);
    s3.pageSize = 5_000;

    // Act
    const result = await deleteRawAudio({ bucket: UPLOADS, key: KEY });

    // Assess
    expect(result.versionsDeleted).toBe(2_345);
    expect(s3.versionCount(UPLOADS, KEY)).toBe(0);
  });

  it('answers 0 when there is nothing left, so a retried or repeated deletion succeeds', async () => {
    // Prepare
    s3.put(UPLOADS, KEY, 'recording');
    await deleteRawAudio({ bucket: UPLOADS, key: KEY });

    // Act
    const again = await deleteRawAudio({ bucket: UPLOADS, key: KEY });

    // Assess
    expect(again).toEqual({ versionsDeleted: 0 });
  });

  it('fails, naming S3’s error code, when a version cannot be deleted', async () => {
    // Prepare
    s3.put(UPLOADS, KEY, 'take 1');
    s3.put(UPLOADS, KEY, 'take 2');
    s3.undeletable.add(s3.versionIds(UPLOADS, KEY)[0]!);

    // Act
    const attempt = deleteRawAudio({ bucket: UPLOADS, key: KEY });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ObjectDeletionError);
    await expect(attempt).rejects.toThrow(/1 of 2 versions .* \(AccessDenied\)/);
  });

  it.each([
    ['another bucket', ARTIFACTS, 'transcripts/acme/c1/s1.json'],
    ['a key outside uploads/', UPLOADS, 'transcripts/acme/c1/s1.json'],
    ['a prefix that only starts like uploads', UPLOADS, 'uploadsX/acme/c1/s1.wav'],
    ['the uploads folder itself', UPLOADS, 'uploads/'],
    ['an empty key', UPLOADS, ''],
    ['a key that climbs out of uploads/', UPLOADS, 'uploads/../transcripts/acme/c1/s1.json'],
  ])('refuses %s and deletes nothing', async (_case, bucket, key) => {
    // Prepare
    s3.put(bucket, key, 'must survive');

    // Act
    const attempt = deleteRawAudio({ bucket, key });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DeletionRefusedError);
    expect(s3.versionCount(bucket, key)).toBe(1);
  });

  it('refuses an input without a bucket and key', async () => {
    // Act
    const attempt = deleteRawAudio({ key: KEY });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_state_input' });
  });

  it('runs the same way as the deployed handler, wrapped in the observability middleware', async () => {
    // Prepare: the module's own S3 client is mocked too (aws-sdk-client-mock patches every S3Client).
    s3.put(UPLOADS, KEY, 'recording');
    const context = { functionName: 'DeleteRawAudio', functionVersion: '$LATEST', awsRequestId: 'req-1', memoryLimitInMB: '256' } as unknown as Context;

    // Act
    const result = await handler({ bucket: UPLOADS, key: KEY }, context);

    // Assess
    expect(result).toEqual({ versionsDeleted: 1 });
    expect(s3.versionCount(UPLOADS, KEY)).toBe(0);
  });
});
