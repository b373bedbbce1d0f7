/** M6: a local upload URL bound to the declared size signs it, and a PUT must say exactly that Content-Length. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalPresigner } from '../../../local/stand-ins/presign.js';

const KEY = 'uploads/clinic-a/jordan/s1.wav';
const METADATA = { 'consent-obtained': 'true', 'consent-method': 'written' };

describe('a size-bound local upload URL', () => {
  let dir: string;
  let presigner: LocalPresigner;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attune-presign-bound-'));
    presigner = new LocalPresigner({ keyFile: join(dir, 'presign.key'), now: () => new Date('2026-09-15T10:00:00Z') });
    presigner.setBase('http://localhost:3000');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function attempt(contentLength: string | undefined) {
    const signed = presigner.sign('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 900, contentLength: 1000 });
    const url = new URL(signed.url);
    const headers = { ...signed.headers, ...(contentLength === undefined ? {} : { 'content-length': contentLength }) };
    return {
      signed,
      check: presigner.verify({
        bucket: 'uploads',
        key: KEY,
        expires: url.searchParams.get('X-Attune-Expires'),
        signature: url.searchParams.get('X-Attune-Signature'),
        headers,
      }),
    };
  }

  it('signs the declared size as x-amz-meta-declared-bytes and takes a PUT of exactly that length', () => {
    // Act
    const { signed, check } = attempt('1000');

    // Assess
    expect(signed.headers['x-amz-meta-declared-bytes']).toBe('1000');
    expect(check).toMatchObject({ ok: true, declaredBytes: 1000 });
  });

  it.each([
    ['a longer Content-Length', '1001', true],
    ['a shorter Content-Length', '999', false],
    ['no Content-Length (a chunked body)', undefined, false],
  ])('refuses %s', (_case, length, longer) => {
    // Act
    const { check } = attempt(length);

    // Assess
    expect(check).toMatchObject({ ok: false, reason: 'length-mismatch', longer });
    expect(check.ok ? '' : check.detail).toMatch(/issued for exactly 1000 bytes/);
  });

  it('refuses to bind a URL that would live over an hour', () => {
    // Act / Assess
    expect(() => presigner.sign('uploads', KEY, { contentType: 'audio/wav', metadata: METADATA, expiresInSeconds: 7200, contentLength: 1000 })).toThrow(
      /at most 3600 s/,
    );
  });
});
