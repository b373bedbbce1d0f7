import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueToken, localSecret, verifyToken } from '../../../local/stand-ins/auth.js';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);
const NOW = new Date('2026-09-15T10:00:00Z');
const REQUEST = { tenant: 'clinic-a', user: 'dr-lee', roles: ['clinician' as const], expiresInSeconds: 3600 };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];

/** A token signed with KEY whatever its header says, as an attacker holding the key could not do. */
function forged(header: unknown, payload: unknown, key: Uint8Array = KEY): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

describe('local tokens (the Cognito stand-in)', () => {
  it('verifies a token it issued and answers the claims Cognito would carry', () => {
    // Act
    const token = issueToken(REQUEST, KEY, NOW);
    const verified = verifyToken(token, KEY, new Date(NOW.getTime() + 60_000));

    // Assess
    expect(verified).toEqual({
      ok: true,
      claims: {
        iss: 'attune-local',
        sub: 'dr-lee',
        'custom:tenant': 'clinic-a',
        'cognito:groups': ['clinician'],
        token_use: 'id',
        iat: NOW.getTime() / 1000,
        exp: NOW.getTime() / 1000 + 3600,
      },
    });
  });

  it('refuses a token whose payload was changed (another tenant)', () => {
    // Prepare
    const [header, payload, signature] = parts(issueToken(REQUEST, KEY, NOW));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64({ ...claims, 'custom:tenant': 'clinic-b' })}.${signature}`;

    // Act
    const verified = verifyToken(tampered, KEY, NOW);

    // Assess
    expect(verified).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses alg "none" and any algorithm but HS256, before looking at the signature', () => {
    // Prepare
    const claims = JSON.parse(Buffer.from(parts(issueToken(REQUEST, KEY, NOW))[1], 'base64url').toString()) as unknown;
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const unsignedWithPart = `${b64({ alg: 'none' })}.${b64(claims)}.${'A'.repeat(43)}`;

    // Act
    const results = [unsigned, unsignedWithPart, forged({ alg: 'HS512' }, claims), forged({ alg: 'RS256' }, claims)].map((t) => verifyToken(t, KEY, NOW));

    // Assess
    expect(results[0]).toMatchObject({ ok: false, reason: 'malformed' });
    expect(results.slice(1).map((r) => !r.ok && r.reason)).toEqual(['unsupported-algorithm', 'unsupported-algorithm', 'unsupported-algorithm']);
    expect(results[1]).toMatchObject({ detail: expect.stringContaining('HS256 only') });
  });

  it('refuses an expired token and says when it expired', () => {
    // Prepare
    const token = issueToken({ ...REQUEST, expiresInSeconds: 60 }, KEY, NOW);

    // Act
    const justBefore = verifyToken(token, KEY, new Date(NOW.getTime() + 59_000));
    const atExpiry = verifyToken(token, KEY, new Date(NOW.getTime() + 60_000));

    // Assess
    expect(justBefore.ok).toBe(true);
    expect(atExpiry).toEqual({ ok: false, reason: 'expired', detail: expect.stringContaining('expired at 2026-09-15T10:01:00.000Z') });
  });

  it('refuses a token signed with another key (another ATTUNE_HOME)', () => {
    // Act
    const verified = verifyToken(issueToken(REQUEST, OTHER_KEY, NOW), KEY, NOW);

    // Assess
    expect(verified).toMatchObject({ ok: false, reason: 'bad-signature', detail: expect.stringContaining('ATTUNE_HOME') });
  });

  it('refuses a correctly signed token of another issuer, or without a tenant', () => {
    // Prepare
    const claims = { iss: 'attune-local', sub: 'u', 'cognito:groups': ['admin'], token_use: 'id', iat: 1, exp: NOW.getTime() / 1000 + 60 };

    // Act
    const otherIssuer = verifyToken(forged({ alg: 'HS256' }, { ...claims, iss: 'https://evil.example', 'custom:tenant': 't' }), KEY, NOW);
    const noTenant = verifyToken(forged({ alg: 'HS256' }, claims), KEY, NOW);

    // Assess
    expect(otherIssuer).toMatchObject({ ok: false, reason: 'wrong-issuer' });
    expect(noTenant).toMatchObject({ ok: false, reason: 'missing-tenant' });
  });

  it('refuses what is not a JWT', () => {
    // Act
    const results = ['', 'abc', 'a.b', 'a.b.c.d', 'a!.b.c', `${'a'.repeat(9000)}.b.c`].map((t) => verifyToken(t, KEY, NOW));

    // Assess
    expect(results.every((r) => !r.ok && r.reason === 'malformed')).toBe(true);
  });
});

describe('the local signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attune-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made on first use, readable by this user only, and the same afterwards', () => {
    // Act
    const file = join(dir, 'keys', 'token.key');
    const first = localSecret(file);
    const second = localSecret(file);

    // Assess
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect(readFileSync(file).equals(first)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('refuses a damaged key instead of failing every token', () => {
    // Prepare
    const file = join(dir, 'keys', 'token.key');
    localSecret(file);
    writeFileSync(file, 'short');

    // Act / Assess
    expect(() => localSecret(file)).toThrow(/damaged/);
  });
});
