import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileObjectStore } from '../../../local/stand-ins/file-object-store.js';
import type { PresignedPutAttempt } from '../../../local/stand-ins/presign.js';

const KEY = 'uploads/clinic-a/jordan/s1.wav';
const METADATA = { 'consent-obtained': 'true', 'consent-method': 'written', 'session-date': '2026-09-15' };

describe('presigned uploads of the local store', () => {
  let dir: string;
  let clock: Date;
  let store: FileObjectStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attune-presign-'));
    clock = new Date('2026-09-15T10:00:00Z');
    store = new FileObjectStore(
      join(dir, 's3'),
      { uploads: { versioned: true, notify: true } },
      { presignKeyFile: join(dir, 'keys', 'presign.key'), now: () => clock },
    );
    await store.init();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The PUT a client makes with the URL and headers as given, with `change` applied. */
  function attempt(url: string, headers: Record<string, string>, change: Partial<PresignedPutAttempt> = {}): PresignedPutAttempt {
    const parsed = new URL(url);
    const [, , bucket, key] = parsed.pathname.split('/');
    return {
      bucket: decodeURIComponent(bucket!),
      key: decodeURIComponent(key!),
      expires: parsed.searchParams.get('X-Attune-Expires'),
      signature: parsed.searchParams.get('X-Attune-Signature'),
      headers,
      ...change,
    };
  }

  it('refuses to presign before the server has an address', async () => {
    await expect(store.presignPut('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 900 })).rejects.toThrow(
      /before the API server listens/,
    );
  });

  it('answers a URL on the server, the headers to send, and the expiry; the URL and headers pass the check', async () => {
    // Prepare
    store.setPresignBase('http://localhost:3000/');

    // Act
    const presigned = await store.presignPut('uploads', KEY, { contentType: 'audio/wav', metadata: { 'Consent-Obtained': 'true' }, expiresInSeconds: 900 });

    // Assess
    expect(presigned.url).toMatch(
      /^http:\/\/localhost:3000\/local-s3\/uploads\/uploads%2Fclinic-a%2Fjordan%2Fs1\.wav\?X-Attune-Expires=\d+&X-Attune-Signature=[0-9a-f]{64}$/,
    );
    expect(presigned.headers).toEqual({ 'content-type': 'audio/wav', 'x-amz-meta-consent-obtained': 'true' });
    expect(presigned.expiresAt).toBe('2026-09-15T10:15:00.000Z');
    expect(store.verifyPresignedPut(attempt(presigned.url, presigned.headers))).toEqual({
      ok: true,
      contentType: 'audio/wav',
      metadata: { 'consent-obtained': 'true' },
    });
    expect(statSync(join(dir, 'keys', 'presign.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a URL whose key, expiry or signature was changed', async () => {
    // Prepare
    store.setPresignBase('http://localhost:3000');
    const { url, headers } = await store.presignPut('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 900 });
    const good = attempt(url, headers);

    // Act
    const results = [
      store.verifyPresignedPut({ ...good, key: 'uploads/clinic-b/jordan/s1.wav' }),
      store.verifyPresignedPut({ ...good, expires: String(Number(good.expires) + 3600) }),
      store.verifyPresignedPut({ ...good, signature: `${good.signature!.slice(0, -1)}${good.signature!.endsWith('0') ? '1' : '0'}` }),
      store.verifyPresignedPut({ ...good, signature: null }),
    ];

    // Assess
    expect(results.map((r) => !r.ok && r.reason)).toEqual(['signature-mismatch', 'signature-mismatch', 'signature-mismatch', 'malformed']);
  });

  it('names the header that differs from the signed one', async () => {
    // Prepare
    store.setPresignBase('http://localhost:3000');
    const { url, headers } = await store.presignPut('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 900 });
    const without = (name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

    // Act
    const details = [
      { ...headers, 'content-type': 'audio/mpeg' },
      { ...headers, 'x-amz-meta-consent-method': 'verbal' },
      without('x-amz-meta-session-date'),
      { ...headers, 'x-amz-meta-client-name': 'someone' },
    ].map((sent) => store.verifyPresignedPut(attempt(url, sent)));

    // Assess
    expect(details.map((r) => !r.ok && r.reason)).toEqual(['header-mismatch', 'header-mismatch', 'header-mismatch', 'header-mismatch']);
    expect(details.map((r) => (r.ok ? '' : r.detail.split(':')[0]))).toEqual([
      'the content-type header must be "audio/wav" as signed',
      'the x-amz-meta-consent-method header differs from the signed value',
      'the x-amz-meta-session-date header is missing',
      'the x-amz-meta-client-name header was not signed',
    ]);
  });

  it('refuses a URL after its expiry, and accepts it until then', async () => {
    // Prepare
    store.setPresignBase('http://localhost:3000');
    const { url, headers } = await store.presignPut('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 60 });

    // Act
    clock = new Date('2026-09-15T10:01:00Z');
    const atExpiry = store.verifyPresignedPut(attempt(url, headers));
    clock = new Date('2026-09-15T10:01:01Z');
    const after = store.verifyPresignedPut(attempt(url, headers));

    // Assess
    expect(atExpiry.ok).toBe(true);
    expect(after).toMatchObject({ ok: false, reason: 'expired', detail: expect.stringContaining('expired at 2026-09-15T10:01:00.000Z') });
  });

  it('keeps URLs valid across a restart of the store (the key is kept in the home)', async () => {
    // Prepare
    store.setPresignBase('http://localhost:3000');
    const { url, headers } = await store.presignPut('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 900 });

    // Act
    const restarted = new FileObjectStore(
      join(dir, 's3'),
      { uploads: { versioned: true } },
      { presignKeyFile: join(dir, 'keys', 'presign.key'), now: () => clock },
    );

    // Assess
    expect(restarted.verifyPresignedPut(attempt(url, headers)).ok).toBe(true);
  });
});
