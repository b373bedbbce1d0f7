/**
 * `Idempotency-Key` on the routes that take one: the first answer for a key is kept and a retry answers
 * it again (`Idempotent-Replayed: true`); the key with another request is 422, while the first still runs
 * 409. It wraps the operation itself rather than being a middleware: a middy `before` that answers a
 * replay would skip the `after` stack, and with it the audit record; and the answer kept for a key
 * includes the operation's client errors.
 *
 * Keys are the caller's own: a kept answer is found by tenant, caller (the user's `sub`, or the partner) and
 * key, so another user of the tenant who happens to send the same key runs their own request, and neither
 * hears the other's answer (which may hold a session they may not read) nor a conflict.
 *
 * Every kept answer is linked to the session it concerns (the one the request created, or the one its
 * path names): a signed note's answer holds the note, so erasing the session must find and erase it too.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { IdSchema } from '../../../schemas/session-record.js';
import type { StoredResponse } from '../../ports/idempotency.js';
import type { ApiDeps, Operation, RequestContext } from '../context.js';
import { Problem } from '../problem.js';
import { header } from './call.js';
import { problemFor } from './problem-details.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function stored(response: APIGatewayProxyResult): StoredResponse {
  return {
    statusCode: response.statusCode,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: response.body,
  };
}

/**
 * The session whose erasure must take this request's kept answer with it: the one the operation created
 * or touched, else the one the path names (`/sessions/{id}/…`). A path id that is not a valid id names no
 * session (its request was refused), so nothing is linked.
 */
export function concernedSession(ctx: Pick<RequestContext, 'route' | 'params' | 'touched'>): string | undefined {
  if (ctx.touched.sessionId !== undefined) return ctx.touched.sessionId;
  const id = ctx.params.id;
  return ctx.route.path.startsWith('/sessions/{id}') && IdSchema.safeParse(id).success ? id : undefined;
}

/**
 * What the store keeps the answer under, within the tenant: the caller and their key, unambiguously
 * joined (the store hashes it, so neither is kept as written).
 */
export function callerScopedKey(ctx: Pick<RequestContext, 'principal'>, key: string): string {
  return JSON.stringify([ctx.principal.userId, key]);
}

/** Runs the operation under its Idempotency-Key, when the route takes one and the caller sent one. */
export function idempotently(deps: Pick<ApiDeps, 'idempotency'>) {
  return async (ctx: RequestContext, operation: Operation): Promise<APIGatewayProxyResult> => {
    const sent = ctx.route.idempotent ? header(ctx.event, 'idempotency-key') : undefined;
    if (sent === undefined) return operation(ctx);
    if (!IDEMPOTENCY_KEY.test(sent))
      throw new Problem('invalid-request', 'the Idempotency-Key header must be 1-255 printable ASCII characters (a UUID is a good choice)');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([ctx.principal.userId, ctx.route.operationId, ctx.params, ctx.body ?? null]))
      .digest('hex');
    const key = callerScopedKey(ctx, sent);
    const begun = await deps.idempotency.begin(ctx.principal.tenantId, key, fingerprint);
    if (begun.state === 'replay') return { ...begun.response, headers: { ...begun.response.headers, 'idempotent-replayed': 'true' } };
    if (begun.state === 'mismatch')
      throw new Problem('idempotency-key-reused', 'this Idempotency-Key was used for a different request; use a new key for a new request');
    if (begun.state === 'in-progress')
      throw new Problem('idempotency-key-in-use', 'the first request with this Idempotency-Key has not finished; retry in a second', {
        headers: { 'retry-after': '1' },
      });
    let response: APIGatewayProxyResult;
    try {
      response = await operation(ctx);
    } catch (error) {
      // A client error is the answer for this key (replayed on retry); a server error lets a retry run again.
      response = problemFor(error, ctx.requestId, ctx.route, ctx.params);
    }
    if (response.statusCode >= 500) await deps.idempotency.release(ctx.principal.tenantId, key).catch(() => undefined);
    else await deps.idempotency.complete(ctx.principal.tenantId, key, stored(response), concernedSession(ctx));
    return response;
  };
}
