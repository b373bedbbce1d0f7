/**
 * Presigned upload URLs for the local object store, the local counterpart of S3's query-string signing.
 * A URL points at the local API server (`<base>/local-s3/<bucket>/<url-encoded key>`) and carries
 * `X-Attune-Expires` (Unix seconds) and `X-Attune-Signature`: the hex HMAC-SHA256, with a per-home key
 * (`<ATTUNE_HOME>/keys/presign.key`), of the method, bucket, key, expiry, content type and every
 * `x-amz-meta-*` header. Whoever holds the URL can change none of them, as with S3.
 *
 * A URL bound to a size (`contentLength`, as every URL the API issues for a session is) carries it as the
 * signed `x-amz-meta-declared-bytes` header, and the PUT's Content-Length must equal it, as S3 refuses a
 * PUT whose length differs from a signed content-length; the upload endpoint then reads no more and no
 * fewer bytes than that, and takes the upload only for a session still awaiting it.
 */
import { createHmac } from 'node:crypto';
import { METADATA } from '../../lambdas/core/upload/index.js';
import { MAX_BOUND_UPLOAD_SECONDS, type PresignedPut, type PresignPutOptions } from '../../lambdas/ports/object-store.js';
import { localSecret, sameSignature } from './auth.js';

/** What a presigned URL's signature covers. */
export interface PresignedPutRequest {
  bucket: string;
  key: string;
  /** Unix seconds. */
  expires: number;
  contentType: string;
  /** Names lower-cased, without `x-amz-meta-`. */
  metadata: Record<string, string>;
}

/** What a PUT to a presigned URL carried. */
export interface PresignedPutAttempt {
  bucket: string;
  key: string;
  /** The URL's `X-Attune-Expires` and `X-Attune-Signature`, as given (null when absent). */
  expires: string | null;
  signature: string | null;
  /** The request's headers, names lower-cased (as node:http gives them). */
  headers: Record<string, string | string[] | undefined>;
}

export type PresignCheck =
  | {
      ok: true;
      contentType: string;
      metadata: Record<string, string>;
      /** The exact size the URL is bound to (its signed `x-amz-meta-declared-bytes`); absent for a URL bound to none. */
      declaredBytes?: number;
    }
  | { ok: false; reason: 'malformed' | 'expired' | 'signature-mismatch' | 'header-mismatch'; detail: string }
  /** The Content-Length is not the signed size: `longer` when it says more bytes (413), else fewer or none (400). */
  | { ok: false; reason: 'length-mismatch'; detail: string; longer: boolean };

/** S3's limit for a presigned URL: 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
export const META_PREFIX = 'x-amz-meta-';
const HEADER_VALUE = /^[\x20-\x7e]*$/;
const META_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const AS_GIVEN = 'use the URL and headers exactly as POST /sessions gave them, or ask for a new upload URL';

/** Serialized as JSON, so no value can pass for a boundary between two others. */
export function presignSignature(request: PresignedPutRequest, key: Uint8Array): string {
  const metadata = Object.entries(request.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify(['attune-presign-v1', 'PUT', request.bucket, request.key, request.expires, request.contentType, metadata]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export interface PresignerOptions {
  /** The file holding the signing secret, made on first use. */
  keyFile: string;
  /** @default () => new Date() */
  now?: () => Date;
}

export class LocalPresigner {
  private base: string | null = null;
  private key: Buffer | null = null;
  /** The URLs handed out, by signature: only to say which header a refused PUT changed. */
  private readonly issued = new Map<string, PresignedPutRequest>();
  private readonly now: () => Date;

  constructor(private readonly options: PresignerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The local API server's address, known once it listens. */
  setBase(url: string): void {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`the presign base must be an http(s) URL, not ${url}`);
    this.base = url.replace(/\/+$/, '');
  }

  sign(bucket: string, key: string, options: PresignPutOptions): PresignedPut {
    if (this.base === null) {
      throw new Error('the local store cannot presign an upload before the API server listens (setPresignBase was not called): start the API with `npm start`');
    }
    const { contentType, expiresInSeconds, contentLength } = options;
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
      throw new Error(`a presigned URL lives 1 s to 7 days, not ${expiresInSeconds} s`);
    }
    if (contentLength !== undefined) {
      if (!Number.isSafeInteger(contentLength) || contentLength < 1)
        throw new Error(`an upload URL is bound to a whole number of bytes, at least 1, not ${contentLength}`);
      if (expiresInSeconds > MAX_BOUND_UPLOAD_SECONDS)
        throw new Error(`a size-bound upload URL lives at most ${MAX_BOUND_UPLOAD_SECONDS} s, not ${expiresInSeconds} s`);
    }
    if (contentType.length === 0 || !HEADER_VALUE.test(contentType)) throw new Error('a presigned upload needs a content type of printable ASCII');
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.metadata)) {
      const lower = name.toLowerCase();
      if (!META_NAME.test(lower) || !HEADER_VALUE.test(value))
        throw new Error(`metadata ${name} cannot be sent as an HTTP header: use letters, digits, "-" and printable ASCII values`);
      metadata[lower] = value;
    }
    if (contentLength !== undefined) metadata[METADATA.declaredBytes] = String(contentLength);
    const expires = this.seconds() + expiresInSeconds;
    const request: PresignedPutRequest = { bucket, key, expires, contentType, metadata };
    const signature = presignSignature(request, this.signingKey());
    this.remember(signature, request);
    return {
      url: `${this.base}/local-s3/${encodeURIComponent(bucket)}/${encodeURIComponent(key)}?X-Attune-Expires=${expires}&X-Attune-Signature=${signature}`,
      headers: {
        'content-type': contentType,
        ...Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`${META_PREFIX}${name}`, value])),
      },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /**
   * Whether a PUT may store its body: the signature must cover exactly this bucket, key, expiry, content
   * type and `x-amz-meta-*` headers, and the expiry must not have passed. Answers the metadata to store.
   */
  verify(attempt: PresignedPutAttempt): PresignCheck {
    if (attempt.expires === null || attempt.signature === null || !/^\d{1,12}$/.test(attempt.expires) || !/^[0-9a-f]{64}$/.test(attempt.signature)) {
      return { ok: false, reason: 'malformed', detail: `the URL carries no valid X-Attune-Expires and X-Attune-Signature: ${AS_GIVEN}` };
    }
    const header = (name: string): string | undefined => {
      const value = attempt.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const contentType = header('content-type') ?? '';
    const metadata = Object.fromEntries(
      Object.keys(attempt.headers)
        .filter((name) => name.startsWith(META_PREFIX))
        .map((name) => [name.slice(META_PREFIX.length), header(name) ?? '']),
    );
    const request: PresignedPutRequest = { bucket: attempt.bucket, key: attempt.key, expires: Number(attempt.expires), contentType, metadata };
    if (!sameSignature(attempt.signature, presignSignature(request, this.signingKey()))) {
      const changed = this.changedHeader(attempt.signature, request);
      return changed
        ? { ok: false, reason: 'header-mismatch', detail: `${changed}: the headers are part of the signature; ${AS_GIVEN}` }
        : {
            ok: false,
            reason: 'signature-mismatch',
            detail: `the signature does not match this URL and its content-type and x-amz-meta-* headers: ${AS_GIVEN}`,
          };
    }
    if (this.seconds() > request.expires) {
      return { ok: false, reason: 'expired', detail: `the upload URL expired at ${new Date(request.expires * 1000).toISOString()}: ask for a new one` };
    }
    const bound = metadata[METADATA.declaredBytes];
    if (bound === undefined) return { ok: true, contentType, metadata };
    // Signed, so as issued: the signature above covers it.
    const declaredBytes = Number(bound);
    const length = header('content-length');
    if (length === undefined || !/^\d{1,16}$/.test(length) || Number(length) !== declaredBytes) {
      const sent = length === undefined ? 'no Content-Length' : /^\d{1,16}$/.test(length) ? `Content-Length ${length}` : 'an unreadable Content-Length';
      return {
        ok: false,
        reason: 'length-mismatch',
        longer: length !== undefined && /^\d{1,16}$/.test(length) && Number(length) > declaredBytes,
        detail: `the upload URL was issued for exactly ${declaredBytes} bytes (media.bytes) and the PUT says ${sent}: send the recording of that size in one PUT, or create a new session with its exact size`,
      };
    }
    return { ok: true, contentType, metadata, declaredBytes };
  }

  /** Which header differs from the one signed, when the URL is one this process issued; null otherwise. */
  private changedHeader(signature: string, sent: PresignedPutRequest): string | null {
    const signed = this.issued.get(signature);
    if (!signed || signed.bucket !== sent.bucket || signed.key !== sent.key || signed.expires !== sent.expires) return null;
    if (signed.contentType !== sent.contentType) return `the content-type header must be ${JSON.stringify(signed.contentType)} as signed`;
    for (const name of Object.keys(signed.metadata).sort()) {
      if (!(name in sent.metadata)) return `the ${META_PREFIX}${name} header is missing`;
      if (sent.metadata[name] !== signed.metadata[name]) return `the ${META_PREFIX}${name} header differs from the signed value`;
    }
    const extra = Object.keys(sent.metadata).find((name) => !(name in signed.metadata));
    return extra === undefined ? null : `the ${META_PREFIX}${extra} header was not signed`;
  }

  private remember(signature: string, request: PresignedPutRequest): void {
    const now = this.seconds();
    for (const [known, issued] of this.issued) if (issued.expires < now) this.issued.delete(known);
    this.issued.set(signature, request);
  }

  private seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  private signingKey(): Buffer {
    this.key ??= localSecret(this.options.keyFile);
    return this.key;
  }
}
