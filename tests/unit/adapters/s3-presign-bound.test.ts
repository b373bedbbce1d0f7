/**
 * M6: an upload URL bound to the declared size. S3 refuses a PUT whose Content-Length differs from a signed
 * content-length (SignatureDoesNotMatch), so the size is signed; the declared size travels with the object
 * (a signed x-amz-meta-declared-bytes) so ValidateUpload can bind it to its session; the URL lives briefly.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../lambdas/adapters/s3/object-store.js';
import { KMS_KEY, UPLOADS } from '../handlers/fake-s3.js';

const CONSENT = { 'consent-obtained': 'true', 'consent-method': 'written', 'consent-obtained-at': '2026-09-01' };

function store(): S3ObjectStore {
  const client = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return new S3ObjectStore({ client, kmsKeyId: KMS_KEY, now: () => new Date('2026-10-01T12:00:00Z') });
}

describe('presignPut with the declared size', () => {
  it('signs the content length and the declared size; the declared size is a header to send, the length the body’s own', async () => {
    // Act
    const upload = await store().presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', {
      contentType: 'audio/wav',
      metadata: CONSENT,
      expiresInSeconds: 900,
      contentLength: 48_000,
    });

    // Assess
    const url = new URL(upload.url);
    const signed = (url.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-length', 'x-amz-meta-declared-bytes']));
    expect(upload.headers).toMatchObject({ 'x-amz-meta-declared-bytes': '48000' });
    // Every header handed out is signed; content-length is signed too and comes from the body.
    expect([...Object.keys(upload.headers), 'content-length', 'host'].sort()).toEqual([...signed].sort());
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
  });

  it('refuses a size-bound URL that would live over an hour, or a size that is not a whole number of bytes', async () => {
    // Act / Assess
    const options = { contentType: 'audio/wav', metadata: CONSENT };
    await expect(store().presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', { ...options, expiresInSeconds: 7200, contentLength: 10 })).rejects.toThrow(
      /at most 3600 s/,
    );
    await expect(store().presignPut(UPLOADS, 'uploads/t1/c1/s1.wav', { ...options, expiresInSeconds: 900, contentLength: 1.5 })).rejects.toThrow(
      /whole number of bytes/,
    );
  });
});
