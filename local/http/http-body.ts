/**
 * Reading request bodies and writing answers for the local HTTP server (http-api.ts, upload-endpoint.ts).
 * A body is read chunk by chunk up to a limit and never held beyond it. A refused body is drained and
 * dropped rather than the connection closed: closing while the client still sends resets the
 * connection, and the client may never see the 413 or 403 that explains why.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** The client went away before its body was complete: nothing to answer, nothing to report. */
export class ClientAbortedError extends Error {
  override readonly name = 'ClientAbortedError';
}

/** How long a refused body may keep arriving after its answer before the connection is cut. */
const DRAIN_MS = 10_000;

/**
 * Writes an answer. `refusedBody`: the answer refuses a body still arriving (413, 403 before the upload):
 * the rest is read and dropped so the client can read the answer, for at most DRAIN_MS.
 */
export function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
  options: { refusedBody?: boolean } = {},
): void {
  response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
  const request = response.req;
  if (options.refusedBody && !request.complete) {
    request.resume();
    const cut = setTimeout(() => request.destroy(), DRAIN_MS).unref();
    request.once('end', () => clearTimeout(cut));
  }
}

/** A Lambda proxy result as HTTP. */
export function sendResult(response: ServerResponse, result: APIGatewayProxyResult, options: { refusedBody?: boolean } = {}): void {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
  send(response, result.statusCode, headers, result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body, options);
}

/**
 * Hands the body to `sink` in order, waiting for each chunk's write (backpressure), until `limit` bytes.
 * A declared Content-Length over the limit is refused before anything is read (and before a
 * `100 Continue`, so the client need not send it). Rejects when the client goes away mid-body.
 */
export function readBody(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
  sink: (chunk: Buffer) => void | Promise<void>,
): Promise<'complete' | 'too-large'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  if (/^100-continue$/i.test(String(request.headers.expect ?? ''))) response.writeContinue();
  return new Promise((resolve, reject) => {
    let size = 0;
    let tooLarge = false;
    let writes: Promise<void> = Promise.resolve();
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        request.off('data', onData);
        writes.then(() => resolve('too-large'), reject);
        return;
      }
      request.pause();
      writes = writes.then(() => sink(chunk)).then(() => void (tooLarge || request.resume()));
      writes.catch(reject);
    };
    request.on('data', onData);
    request.once('end', () => writes.then(() => resolve(tooLarge ? 'too-large' : 'complete'), reject));
    // An error on the request stream is the connection breaking (node reports an abort as ECONNRESET).
    const aborted = () => reject(new ClientAbortedError('the client closed the connection before the body was complete'));
    request.once('error', aborted);
    request.once('close', () => {
      if (!request.complete) aborted();
    });
  });
}
