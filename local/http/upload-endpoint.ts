/**
 * `PUT /local-s3/<bucket>/<url-encoded key>`: where the local store's presigned upload URLs point, the
 * local counterpart of S3 answering a presigned PUT. The signature, expiry, content type and
 * `x-amz-meta-*` headers are checked first (403, as S3 answers, naming what is wrong); the body is then
 * streamed to a scratch file under the runtime's work folder (no 6 MB limit here; at most
 * ATTUNE_MAX_UPLOAD_BYTES, default 2 GiB) and stored as an uploader's PUT would: an upload to the uploads
 * bucket goes through `runtime.upload`, so the upload rule starts the workflow, as S3 → EventBridge does.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { formatBytes } from '../../lambdas/core/upload/index.js';
import { problemResponse } from '../../lambdas/api/problem.js';
import { readBody, send, sendResult } from './http-body.js';
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
  runtime: Pick<LocalRuntime, 'home' | 'plan' | 'store' | 'upload'>;
  maxBytes: number;
}

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
  if (!check.ok) return sendResult(response, problemResponse('forbidden', check.detail), { refusedBody: true });

  // The scratch copy is gone before the answer leaves: a recording is never left behind a finished PUT.
  const scratch = join(runtime.home.work, `.upload-${randomUUID()}`);
  let answer: { etag: string } | 'too-large';
  try {
    answer = await receive(request, response, scratch, maxBytes);
    if (answer !== 'too-large') {
      if (bucket === runtime.plan.names.uploadsBucket) await runtime.upload(key, { file: scratch }, check.metadata);
      else await runtime.store.put(bucket, key, { file: scratch }, { contentType: check.contentType, metadata: check.metadata });
    }
  } finally {
    await rm(scratch, { force: true });
  }
  if (answer === 'too-large') {
    const detail = `the upload is over the ${formatBytes(maxBytes)} this server accepts (ATTUNE_MAX_UPLOAD_BYTES)`;
    return sendResult(response, problemResponse('payload-too-large', detail), { refusedBody: true });
  }
  send(response, 200, { etag: answer.etag }, '');
}

/** Streams the body to `scratch` (this user only); answers S3's ETag for it, or that it was too large. */
async function receive(request: IncomingMessage, response: ServerResponse, scratch: string, maxBytes: number): Promise<{ etag: string } | 'too-large'> {
  const file = await open(scratch, 'wx', 0o600);
  const md5 = createHash('md5');
  try {
    const read = await readBody(request, response, maxBytes, async (chunk) => {
      md5.update(chunk);
      await file.write(chunk);
    });
    // S3's ETag for a single-part upload: the body's MD5, quoted.
    return read === 'too-large' ? read : { etag: `"${md5.digest('hex')}"` };
  } finally {
    await file.close();
  }
}
