/**
 * Every error as RFC 9457 problem details (schemas/problems.ts). A Problem, and our own errors, carry
 * messages written to be shown (what was wrong, what to do, no session content); anything else is logged
 * and answered as a bare 500, so no internals reach the caller.
 *
 * A problem never echoes what the caller typed: a 404's detail names the path's ids by their place in the
 * route (`{id}`), never by the value sent, whichever operation or store wrote the message.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { AttuneError, ConflictError, InvalidInputError, NotFoundError, TooLargeError } from '../../core/errors.js';
import { logError } from '../../shared/observability.js';
import type { FieldError } from '../../../schemas/problems.js';
import type { RouteSpec } from '../../../schemas/routes.js';
import { Problem, problemResponse } from '../problem.js';
import type { ApiMiddleware } from './call.js';

/** What a write over DynamoDB's item limit is told when no earlier check caught it. */
export const ITEM_TOO_LARGE =
  "the request would make the session's stored record larger than one database item may be (DynamoDB's 400 KB limit); " +
  'send less: for a note, shorter or fewer sentences (a signed version is kept whole, so a note signed many times leaves less room)';

/**
 * A write the database refused for its size: DynamoDB's ValidationException (dynalite's says "Item size to
 * update…"), or the session repository's own check before it writes (`session_record_too_large`).
 */
function overItemLimit(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AttuneError) return error.code === 'session_record_too_large';
  return error.name === 'ValidationException' && /Item size (to update )?has exceeded the maximum allowed size/.test(error.message);
}

const ID_CHARACTER = 'A-Za-z0-9_-';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The path's values replaced by their names in the route (`no session {id} exists`), wherever they stand whole. */
function withoutPathValues(text: string, params: Readonly<Record<string, string>>): string {
  let scrubbed = text;
  for (const [name, value] of Object.entries(params)) {
    if (value === '') continue;
    scrubbed = scrubbed.replace(new RegExp(`(?<![${ID_CHARACTER}])${escapeRegExp(value)}(?![${ID_CHARACTER}])`, 'g'), `{${name}}`);
  }
  return scrubbed;
}

function notFound(detail: string, params: Readonly<Record<string, string>>, options: { headers?: Record<string, string>; errors?: FieldError[] } = {}) {
  const errors = options.errors?.map((e) => ({ pointer: withoutPathValues(e.pointer, params), detail: withoutPathValues(e.detail, params) }));
  return { detail: withoutPathValues(detail, params), options: { ...options, ...(errors ? { errors } : {}) } };
}

/**
 * The answer for an error. `params`: the path's parameters as the caller sent them, kept out of a 404's
 * detail (a 404 is asked for with ids that name nothing, and what the caller typed is not said back).
 */
export function problemFor(
  error: unknown,
  requestId: string,
  route: RouteSpec | undefined,
  params: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  if (error instanceof Problem) {
    const { detail, options } = error.type === 'not-found' ? notFound(error.detail, params, error.options) : error;
    return problemResponse(error.type, detail, { ...options, instance: requestId });
  }
  if (error instanceof TooLargeError) return problemResponse('payload-too-large', error.message, { instance: requestId });
  if (error instanceof InvalidInputError) return problemResponse('invalid-request', error.message, { instance: requestId });
  if (error instanceof NotFoundError) return problemResponse('not-found', notFound(error.message, params).detail, { instance: requestId });
  if (error instanceof ConflictError) return problemResponse('conflict', error.message, { instance: requestId });
  if (overItemLimit(error)) {
    // Our own size check should have refused it first: logged (name and code only), so a missing check shows.
    logError('api request over the item size limit', error, { route: route?.operationId ?? 'unknown' });
    return problemResponse('payload-too-large', ITEM_TOO_LARGE, { instance: requestId });
  }
  logError('api request failed', error, { route: route?.operationId ?? 'unknown', ...(error instanceof AttuneError ? { failureCode: error.code } : {}) });
  return problemResponse('internal', 'the request could not be completed; try again later', { instance: requestId });
}

/** onError: the error becomes the answer. It does not end the onError chain: the audit records the answer. */
export function problemDetails(): ApiMiddleware {
  return {
    onError: (request) => {
      const { requestId, route, params } = request.context.call;
      request.response = problemFor(request.error, requestId, route, params);
    },
  };
}
