/**
 * `PUT /local-s3/<bucket>/<url-encoded key>`: where the local store's presigned upload URLs point, the
 * local counterpart of S3 answering a presigned PUT. The signature, expiry, content type and
 * `x-amz-meta-*` headers are checked first (403, as S3 answers, naming what is wrong); the body is then
 * streamed to a scratch file under the runtime's work folder (no 6 MB limit here; at most
 * ATTUNE_MAX_UPLOAD_BYTES, default 2 GiB) and stored as an uploader's PUT would: an upload to the uploads
 * bucket goes through `runtime.upload`, so the upload rule starts the workflow, as S3 → EventBridge does.
 *
 * A URL bound to a size (every URL POST /sessions issues) is bound to its session too: the PUT must say
 * exactly the signed Content-Length (else 413 when longer, 400 when shorter or absent) and send exactly
 * that many bytes, and it is taken only while the session is AWAITING_UPLOAD and nothing is stored for
 * it yet (an erased or expired session: 404; one that has its upload, or has one arriving: 409). Nothing
 * of a refused PUT is stored. ValidateUpload checks the same binding again for what does get stored.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { formatBytes, parseUploadKey } from '../../lambdas/core/upload/index.js';
import { problemResponse } from '../../lambdas/api/problem.js';
import { readBody, send, sendResult } from './http-body.js';
import { UPLOAD_SCRATCH_PREFIX } from '../runtime/home.js';
import type { LocalRuntime } from '../runtime/runtime.js';

export const UPLOAD_PATH = '/local-s3/';
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** `ATTUNE_MAX_UPLOAD_BYTES`: the largest body a presigned PUT may carry. */
export function maxUploadBytes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_UPLOAD_BYTES;
  const bytes = Number(value.trim());
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new InvalidInputError(`ATTUNE_MAX_UPLOAD_BYTES must be a whole number of bytes, e.g. 2147483648, not '${value}'`, 'bad_config');
  return bytes;
}

export interface UploadEndpoint {
  /**
   * `sessions` is how a session-bound URL's session is checked: the server always passes its whole
   * runtime; a PUT to a bound URL is answered 500 without it rather than taken unchecked.
   */
  runtime: Pick<LocalRuntime, 'home' | 'plan' | 'store' | 'upload' | 'sessions'>;
  maxBytes: number;
}

/** Uploads being received, by runtime and `bucket/key`: a second PUT while the first streams in is a 409. */
const receiving = new WeakMap<object, Set<string>>();

const ONE_UPLOAD = 'an upload URL takes one upload; create a new session to upload another recording';

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export async function serveUpload(request: IncomingMessage, response: ServerResponse, { runtime, maxBytes }: UploadEndpoint): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'PUT') {
    const refused = problemResponse('method-not-allowed', `upload URLs take PUT, not ${request.method ?? 'this method'}`, { headers: { allow: 'PUT' } });
    return sendResult(response, refused, { refusedBody: true });
  }
  const rest = url.pathname.slice(UPLOAD_PATH.length);
  const slash = rest.indexOf('/');
  const bucket = slash > 0 ? decode(rest.slice(0, slash)) : null;
  const key = slash > 0 ? decode(rest.slice(slash + 1)) : null;
  if (!bucket || !key || !Object.values(runtime.plan.names).includes(bucket)) {
    return sendResult(response, problemResponse('not-found', 'no such bucket or key: use the upload URL exactly as POST /sessions gave it'), {
      refusedBody: true,
    });
  }
  const check = runtime.store.verifyPresignedPut({
    bucket,
    key,
    expires: url.searchParams.get('X-Attune-Expires'),
    signature: url.searchParams.get('X-Attune-Signature'),
    headers: request.headers,
  });
  if (!check.ok) {
    // Over this server's limit is said first, whatever size the URL was issued for.
    if (check.reason === 'length-mismatch' && check.longer && Number(request.headers['content-length']) > maxBytes) {
      return sendResult(response, problemResponse('payload-too-large', overServerLimit(maxBytes)), { refusedBody: true });
    }
    const type = check.reason !== 'length-mismatch' ? 'forbidden' : check.longer ? 'payload-too-large' : 'invalid-request';
    return sendResult(response, problemResponse(type, check.detail), { refusedBody: true });
  }
  const declaredBytes = check.declaredBytes ?? null;
  const bound = declaredBytes !== null && bucket === runtime.plan.names.uploadsBucket;
  const refusal = bound ? await sessionRefusal(runtime, bucket, key) : null;
  if (refusal) return sendResult(response, refusal, { refusedBody: true });

  const claims = receiving.get(runtime) ?? new Set<string>();
  receiving.set(runtime, claims);
  const claim = `${bucket}/${key}`;
  if (bound) {
    if (claims.has(claim))
      return sendResult(response, problemResponse('conflict', `an upload to this URL is already arriving: ${ONE_UPLOAD}`), { refusedBody: true });
    claims.add(claim);
  }
  try {
    // The scratch copy is gone before the answer leaves: a recording is never left behind a finished PUT.
    const scratch = join(runtime.home.work, `${UPLOAD_SCRATCH_PREFIX}${randomUUID()}`);
    const limit = declaredBytes === null ? maxBytes : Math.min(maxBytes, declaredBytes);
    let answer: Received | 'too-large';
    try {
      answer = await receive(request, response, scratch, limit);
      if (answer === 'too-large' || (declaredBytes !== null && answer.bytes !== declaredBytes)) {
        // Refused below; nothing is stored.
      } else if (bucket !== runtime.plan.names.uploadsBucket) {
        await runtime.store.put(bucket, key, { file: scratch }, { contentType: check.contentType, metadata: check.metadata });
      } else {
        // The session may have been erased while the body arrived: looked at again just before storing.
        const late = bound ? await sessionRefusal(runtime, bucket, key) : null;
        if (late) return sendResult(response, late);
        await runtime.upload(key, { file: scratch }, check.metadata);
      }
    } finally {
      await rm(scratch, { force: true });
    }
    if (answer === 'too-large') {
      const detail =
        declaredBytes !== null && declaredBytes < maxBytes
          ? `the upload is longer than the ${declaredBytes} bytes its URL was issued for (media.bytes): create a new session with the recording's exact size`
          : overServerLimit(maxBytes);
      return sendResult(response, problemResponse('payload-too-large', detail), { refusedBody: true });
    }
    if (declaredBytes !== null && answer.bytes !== declaredBytes) {
      const detail = `the upload ended after ${answer.bytes} of the ${declaredBytes} bytes its URL was issued for: send the whole recording in one PUT`;
      return sendResult(response, problemResponse('invalid-request', detail));
    }
    send(response, 200, { etag: answer.etag }, '');
  } finally {
    if (bound) claims.delete(claim);
  }
}

/**
 * Why a bound upload may not be taken, or null when its session awaits it: the session must exist (an
 * erased or expired one is a 404), be AWAITING_UPLOAD and have nothing stored under its key yet (409).
 * The answers name no id and nothing the upload carries.
 */
async function sessionRefusal(runtime: UploadEndpoint['runtime'], bucket: string, key: string) {
  const layout = parseUploadKey(key);
  if (!layout.ok) return problemResponse('not-found', 'no session is waiting for this upload: use the upload URL exactly as POST /sessions gave it');
  const { tenantId, clientId, sessionId } = layout.value;
  const session = await runtime.sessions.get({ tenantId, sessionId });
  // The answers name no id: the caller's URL is the caller's text.
  if (!session || session.clientId !== clientId) {
    return problemResponse(
      'not-found',
      'the session this upload URL was issued for no longer exists (erased or expired), so the URL is void: create a new session',
    );
  }
  if (session.status !== 'AWAITING_UPLOAD' || (await runtime.store.head(bucket, key)) !== null) {
    return problemResponse('conflict', `the session this upload URL was issued for already has its upload: ${ONE_UPLOAD}`);
  }
  return null;
}

const overServerLimit = (maxBytes: number) => `the upload is over the ${formatBytes(maxBytes)} this server accepts (ATTUNE_MAX_UPLOAD_BYTES)`;

interface Received {
  etag: string;
  bytes: number;
}

/** Streams the body to `scratch` (this user only); answers S3's ETag for it and its size, or that it was too large. */
async function receive(request: IncomingMessage, response: ServerResponse, scratch: string, maxBytes: number): Promise<Received | 'too-large'> {
  const file = await open(scratch, 'wx', 0o600);
  const md5 = createHash('md5');
  let bytes = 0;
  try {
    const read = await readBody(request, response, maxBytes, async (chunk) => {
      md5.update(chunk);
      bytes += chunk.length;
      await file.write(chunk);
    });
    // S3's ETag for a single-part upload: the body's MD5, quoted.
    return read === 'too-large' ? read : { etag: `"${md5.digest('hex')}"`, bytes };
  } finally {
    await file.close();
  }
}
