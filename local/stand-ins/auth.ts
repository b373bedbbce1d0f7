/**
 * The local stand-in for Cognito: ID tokens as JWTs signed with HS256 and a key that never leaves this
 * machine (`<ATTUNE_HOME>/keys/token.key`, made on first use). `npx attune token` issues them and the
 * local API server (http-api.ts) verifies them, then hands their claims to the API as API Gateway's
 * Cognito authorizer does. They carry the claims a Cognito ID token carries for the API: `sub`,
 * `custom:tenant`, `cognito:groups`, `token_use: "id"`; a partner's (`attune token --partner`) those of a
 * client-credentials access token: `client_id`, `scope`, `token_use: "access"`, and its tenant.
 *
 * Only HS256 is accepted: a token naming any other algorithm (`none` above all) is refused before its
 * signature is looked at, so a token cannot choose how it is checked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { RoleSchema } from '../../schemas/api.js';
import { LOCAL_TOKEN_ISSUER, PARTNER_NAME, ScopeSchema, scopeClaim } from '../../schemas/scopes.js';
import { IdSchema } from '../../schemas/session-record.js';
import type { AttuneHome } from '../runtime/home.js';

export const TOKEN_ISSUER = LOCAL_TOKEN_ISSUER;
/** The longest a local token may live: long enough for a demo week, short enough to expire. */
export const MAX_TOKEN_SECONDS = 30 * 24 * 3600;
const KEY_BYTES = 32;
/** Far above any token we issue; a longer header is refused before it is decoded. */
const MAX_TOKEN_CHARS = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The key local tokens are signed with. */
export const tokenKeyFile = (home: AttuneHome): string => join(home.root, 'keys', 'token.key');
/** The key presigned upload URLs are signed with (file-object-store.ts): a separate key for a separate purpose. */
export const presignKeyFile = (home: AttuneHome): string => join(home.root, 'keys', 'presign.key');

/**
 * A 32-byte secret kept in `file`, made on first use (folder 0700, file 0600: only this user may read
 * it). Two processes making it at once agree: the second reads what the first wrote.
 */
export function localSecret(file: string): Buffer {
  const existing = readSecret(file);
  if (existing) return existing;
  // Written whole under another name, then linked into place: a reader never sees half a key, and of
  // two processes making it at once the first link wins.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(partial, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
    linkSync(partial, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST')
      throw new InvalidInputError(
        `cannot create the local signing key ${file} (${code ?? (error as Error).message}): check that ATTUNE_HOME is writable`,
        'key_unwritable',
      );
  } finally {
    rmSync(partial, { force: true });
  }
  const created = readSecret(file);
  if (!created) throw new InvalidInputError(`the local signing key ${file} vanished while it was being made; try again`, 'key_unreadable');
  return created;
}

function readSecret(file: string): Buffer | null {
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new InvalidInputError(`cannot read the local signing key ${file} (${code ?? (error as Error).message})`, 'key_unreadable');
  }
  if (key.length !== KEY_BYTES) {
    // A half-written or edited key would make every token fail with "bad signature", which says nothing useful.
    throw new InvalidInputError(
      `the local signing key ${file} is damaged (${key.length} bytes, not ${KEY_BYTES}): delete it; tokens issued with it stop working`,
      'key_damaged',
    );
  }
  return key;
}

/**
 * A user's ID token (`token_use: "id"`, groups), or a partner's access token (`token_use: "access"`,
 * `client_id` and `scope` as Cognito's client-credentials grant gives them, no groups). A partner's token
 * carries its tenant too: locally the token is the binding Cognito's app client and the partner API's
 * stage make in AWS (lambdas/api/principal.ts).
 */
export const TokenClaimsSchema = z.object({
  iss: z.literal(TOKEN_ISSUER),
  sub: IdSchema,
  'custom:tenant': IdSchema,
  'cognito:groups': z.array(z.string()),
  token_use: z.enum(['id', 'access']),
  client_id: z.string().regex(PARTNER_NAME).optional(),
  scope: z.string().max(1024).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

export const TokenRequestSchema = z.object({
  tenant: IdSchema,
  user: IdSchema,
  roles: z.array(RoleSchema).min(1),
  expiresInSeconds: z.number().int().min(1).max(MAX_TOKEN_SECONDS),
});
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

export const PartnerTokenRequestSchema = z.object({
  partner: z.string().regex(PARTNER_NAME),
  tenant: IdSchema,
  scopes: z.array(ScopeSchema).min(1),
  expiresInSeconds: z.number().int().min(1).max(MAX_TOKEN_SECONDS),
});
export type PartnerTokenRequest = z.infer<typeof PartnerTokenRequestSchema>;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const sign = (signingInput: string, key: Uint8Array): string => createHmac('sha256', key).update(signingInput).digest('base64url');

/** A signed local ID token for the user, as Cognito would issue it after sign-in. */
export function issueToken(request: TokenRequest, key: Uint8Array, now: Date = new Date()): string {
  const { tenant, user, roles, expiresInSeconds } = TokenRequestSchema.parse(request);
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = {
    iss: TOKEN_ISSUER,
    sub: user,
    'custom:tenant': tenant,
    'cognito:groups': [...new Set(roles)],
    token_use: 'id',
    iat,
    exp: iat + expiresInSeconds,
  };
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signingInput}.${sign(signingInput, key)}`;
}

/**
 * A signed local access token for a partner, as Cognito's client-credentials grant would issue it to the
 * partner's app client (`client_id`, `scope` of `attune/<scope>` entries), bound to its tenant.
 */
export function issuePartnerToken(request: PartnerTokenRequest, key: Uint8Array, now: Date = new Date()): string {
  const { partner, tenant, scopes, expiresInSeconds } = PartnerTokenRequestSchema.parse(request);
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = {
    iss: TOKEN_ISSUER,
    sub: partner,
    'custom:tenant': tenant,
    'cognito:groups': [],
    token_use: 'access',
    client_id: partner,
    scope: [...new Set(scopes)].map(scopeClaim).join(' '),
    iat,
    exp: iat + expiresInSeconds,
  };
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signingInput}.${sign(signingInput, key)}`;
}

export type TokenFailureReason = 'malformed' | 'unsupported-algorithm' | 'bad-signature' | 'expired' | 'wrong-issuer' | 'missing-tenant';

export type TokenVerification = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailureReason; detail: string };

const NEW_TOKEN = 'get a new one with `npx attune token --tenant <tenant> --user <user>`';

function fail(reason: TokenFailureReason, detail: string): TokenVerification {
  return { ok: false, reason, detail };
}

function decodeJson(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The token's claims, or why it is refused. The signature is checked before anything in the payload is
 * believed, and compared in constant time.
 */
export function verifyToken(token: string, key: Uint8Array, now: Date = new Date()): TokenVerification {
  const parts = token.split('.');
  if (token.length > MAX_TOKEN_CHARS || parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
    return fail('malformed', `the token is not a JWT (three base64url parts separated by dots); ${NEW_TOKEN}`);
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!header) return fail('malformed', `the token's header is not JSON; ${NEW_TOKEN}`);
  if (header.alg !== 'HS256') {
    // The header is the caller's text: the answer names what is accepted, never what was sent.
    return fail('unsupported-algorithm', `the token is not signed with HS256: local tokens are HS256 only; ${NEW_TOKEN}`);
  }
  // Compared as the canonical encoding, so no second spelling of the same bytes passes either.
  if (!sameSignature(signaturePart, sign(`${headerPart}.${payloadPart}`, key))) {
    return fail('bad-signature', `the token's signature does not match: it was changed, or issued with another ATTUNE_HOME's key; ${NEW_TOKEN}`);
  }
  const claims = decodeJson(payloadPart);
  if (!claims) return fail('malformed', `the token's payload is not JSON; ${NEW_TOKEN}`);
  if (claims.iss !== TOKEN_ISSUER) return fail('wrong-issuer', `the token was not issued by ${TOKEN_ISSUER}; ${NEW_TOKEN}`);
  if (typeof claims.exp !== 'number' || !Number.isInteger(claims.exp)) return fail('malformed', `the token has no expiry (exp); ${NEW_TOKEN}`);
  if (Math.floor(now.getTime() / 1000) >= claims.exp) {
    return fail('expired', `the token expired at ${new Date(claims.exp * 1000).toISOString()}; ${NEW_TOKEN}`);
  }
  if (!IdSchema.safeParse(claims['custom:tenant']).success) return fail('missing-tenant', `the token names no tenant (custom:tenant); ${NEW_TOKEN}`);
  const parsed = TokenClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    const claim = parsed.error.issues[0]?.path.join('.') ?? 'a claim';
    return fail('malformed', `the token's ${claim} claim is not valid; ${NEW_TOKEN}`);
  }
  return { ok: true, claims: parsed.data };
}

/** Constant-time comparison of two signatures in the same encoding. */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
