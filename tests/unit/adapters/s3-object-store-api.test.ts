/**
 * The S3 adapter's part in the partner API: writes with user metadata, presigned KMS-encrypted uploads
 * whose headers are signed (an uploader cannot drop the consent metadata or the key), and erasure of
 * every version under a prefix.
 */
import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObjectDeletionError, S3ObjectStore } from '../../../lambdas/adapters/s3/object-store.js';
import { AttuneError } from '../../../lambdas/core/errors.js';
import { ARTIFACTS, FakeS3, KMS_KEY, UPLOADS } from '../handlers/fake-s3.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-10-01T12:00:00Z');
const CONSENT = { 'consent-obtained': 'true', 'consent-method': 'written', 'consent-obtained-at': '2026-09-01' };

function presigningStore(options: { checksums?: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED'; kmsKeyId?: string | null } = {}): S3ObjectStore {
  const client = new S3Client({ region: 'eu-west-1', credentials: CREDENTIALS, requestChecksumCalculation: options.checksums ?? 'WHEN_REQUIRED' });
  const kmsKeyId = options.kmsKeyId === undefined ? KMS_KEY : options.kmsKeyId;
  return new S3ObjectStore({ client, ...(kmsKeyId !== null ? { kmsKeyId } : {}), now: () => NOW });
}

describe('presignPut', () => {
  it('signs the content type, the metadata and the KMS encryption as headers the uploader must send', async () => {
    // Prepare
    const store = presigningStore();

    // Act
    const upload = await store.presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', { contentType: 'audio/wav', metadata: CONSENT, expiresInSeconds: 600 });

    // Assess
    const url = new URL(upload.url);
    const signed = (url.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
    expect(signed).toEqual(
      expect.arrayContaining([
        'content-type',
        'host',
        'x-amz-meta-consent-obtained',
        'x-amz-meta-consent-method',
        'x-amz-meta-consent-obtained-at',
        'x-amz-server-side-encryption',
        'x-amz-server-side-encryption-aws-kms-key-id',
      ]),
    );
    // Every header handed to the caller is signed, and none of them was hoisted into the query instead.
    expect([...Object.keys(upload.headers), 'host'].sort()).toEqual([...signed].sort());
    const query = [...url.searchParams.keys()].map((name) => name.toLowerCase());
    expect(query.filter((name) => name.startsWith('x-amz-meta-') || name.startsWith('x-amz-server-side-encryption'))).toEqual([]);
    expect(upload.headers).toEqual({
      'content-type': 'audio/wav',
      'x-amz-meta-consent-obtained': 'true',
      'x-amz-meta-consent-method': 'written',
      'x-amz-meta-consent-obtained-at': '2026-09-01',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY,
    });
  });

  it('expires after the given seconds, dated by the adapter clock', async () => {
    // Prepare
    const store = presigningStore();

    // Act
    const upload = await store.presignPut(UPLOADS, 'uploads/t1/c1/s1.flac', { contentType: 'audio/flac', metadata: {}, expiresInSeconds: 900 });

    // Assess
    const url = new URL(upload.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261001T120000Z');
    expect(upload.expiresAt).toBe('2026-10-01T12:15:00.000Z');
    expect(url.pathname).toBe('/uploads/t1/c1/s1.flac');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/20261001\/eu-west-1\/s3\/aws4_request$/);
  });

  it('puts no checksum of the empty body in the URL, so a real recording is not refused', async () => {
    // Prepare
    const store = presigningStore();

    // Act
    const upload = await store.presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', { contentType: 'audio/wav', metadata: CONSENT, expiresInSeconds: 60 });

    // Assess
    const names = [...new URL(upload.url).searchParams.keys()].map((name) => name.toLowerCase());
    expect(names.filter((name) => name.includes('checksum'))).toEqual([]);
  });

  it('lower-cases metadata names, as S3 stores them, in the headers it signs and hands out', async () => {
    // Prepare
    const store = presigningStore();

    // Act
    const upload = await store.presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', {
      contentType: 'audio/wav',
      metadata: { 'Consent-Method': 'verbal' },
      expiresInSeconds: 60,
    });

    // Assess
    expect(upload.headers['x-amz-meta-consent-method']).toBe('verbal');
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toContain('x-amz-meta-consent-method');
  });

  it('refuses a client that would sign the checksum of an empty body, and says how to create one', async () => {
    // Prepare
    const store = presigningStore({ checksums: 'WHEN_SUPPORTED' });

    // Act
    const attempt = store.presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', { contentType: 'audio/wav', metadata: {}, expiresInSeconds: 60 });

    // Assess
    await expect(attempt).rejects.toThrow(/requestChecksumCalculation: 'WHEN_REQUIRED'/);
  });

  it('refuses without a KMS key: an upload URL never leaves the encryption to the bucket', async () => {
    // Prepare
    const store = presigningStore({ kmsKeyId: null });

    // Act
    const attempt = store.presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', { contentType: 'audio/wav', metadata: {}, expiresInSeconds: 60 });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'kms_key_missing' });
  });
});

describe('write and deletePrefix against a versioned bucket', () => {
  let s3: FakeS3;
  beforeEach(() => {
    s3 = new FakeS3();
  });
  afterEach(() => s3.restore());

  it('writes user metadata with the object, encrypted with the deployment key', async () => {
    // Act
    await s3.store.write(UPLOADS, 'uploads/t1/c1/s1.txt', 'therapist: hello', 'text/plain', CONSENT);
    await s3.store.write(ARTIFACTS, 'notes/t1/c1/s1.json', '{}', 'application/json');

    // Assess
    expect(s3.puts[0]).toMatchObject({ Metadata: CONSENT, ContentType: 'text/plain', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY });
    expect(s3.puts[1]).not.toHaveProperty('Metadata');
    expect(s3.puts[1]).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY });
  });

  it('erases every version and delete marker under the prefix across pages, and only there', async () => {
    // Prepare
    s3.pageSize = 2;
    s3.put(UPLOADS, 'uploads/t1/c1/s1.wav', 'take one');
    s3.put(UPLOADS, 'uploads/t1/c1/s1.wav', 'take two');
    s3.deleteMarker(UPLOADS, 'uploads/t1/c1/s1.wav');
    s3.put(UPLOADS, 'uploads/t1/c1/s1.txt', 'transcript');
    s3.put(UPLOADS, 'uploads/t1/c1/s10.wav', 'another session');
    s3.put(UPLOADS, 'uploads/t1/c10/s1.wav', 'another client');

    // Act
    const removed = await s3.store.deletePrefix(UPLOADS, 'uploads/t1/c1/s1.');

    // Assess
    expect(removed.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'uploads/t1/c1/s1.txt', versions: 1 },
      { key: 'uploads/t1/c1/s1.wav', versions: 3 },
    ]);
    expect(s3.versionCount(UPLOADS, 'uploads/t1/c1/s1.wav')).toBe(0);
    expect(s3.versionCount(UPLOADS, 'uploads/t1/c1/s1.txt')).toBe(0);
    expect(s3.text(UPLOADS, 'uploads/t1/c1/s10.wav')).toBe('another session');
    expect(s3.text(UPLOADS, 'uploads/t1/c10/s1.wav')).toBe('another client');
  });

  it('deletes more than 1000 versions in batches S3 accepts', async () => {
    // Prepare
    for (let i = 0; i < 2300; i++) s3.put(ARTIFACTS, `transcripts/t1/c1/s${i % 7}.json`, `v${i}`);

    // Act
    const removed = await s3.store.deletePrefix(ARTIFACTS, 'transcripts/t1/c1/');

    // Assess
    expect(removed.reduce((sum, r) => sum + r.versions, 0)).toBe(2300);
    expect(removed).toHaveLength(7);
    const batches = s3.stub.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects?.length ?? 0);
    expect(batches).toEqual([1000, 1000, 300]);
    expect(await s3.store.deletePrefix(ARTIFACTS, 'transcripts/t1/c1/')).toEqual([]);
  });

  it('answers nothing, and deletes nothing, when nothing is under the prefix', async () => {
    // Act
    const removed = await s3.store.deletePrefix(ARTIFACTS, 'alliance/t1/c1/s1.');

    // Assess
    expect(removed).toEqual([]);
    expect(s3.stub.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('names the keys and S3 error codes of versions it could not delete, after deleting the rest', async () => {
    // Prepare
    s3.put(UPLOADS, 'uploads/t1/c1/s1.wav', 'locked');
    s3.put(UPLOADS, 'uploads/t1/c1/s1.txt', 'free');
    s3.undeletable.add(s3.versionIds(UPLOADS, 'uploads/t1/c1/s1.wav')[0]!);

    // Act
    const attempt = s3.store.deletePrefix(UPLOADS, 'uploads/t1/c1/s1.');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ObjectDeletionError);
    await expect(s3.store.deletePrefix(UPLOADS, 'uploads/t1/c1/s1.')).rejects.toThrow(
      /1 of 1 versions under uploads\/t1\/c1\/s1\. could not be deleted \(AccessDenied\); still there: uploads\/t1\/c1\/s1\.wav;/,
    );
    expect(s3.versionCount(UPLOADS, 'uploads/t1/c1/s1.txt')).toBe(0);
  });

  it('refuses an empty prefix: it would erase the whole bucket', async () => {
    // Prepare
    s3.put(UPLOADS, 'uploads/t1/c1/s1.wav', 'kept');

    // Act
    const attempt = s3.store.deletePrefix(UPLOADS, '');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AttuneError);
    expect(s3.versionCount(UPLOADS, 'uploads/t1/c1/s1.wav')).toBe(1);
  });
});
