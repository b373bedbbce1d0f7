/**
 * Every error as RFC 9457 problem details (schemas/problems.ts). A Problem, and our own errors, carry
 * messages written to be shown (what was wrong, what to do, no session content); anything else is logged
 * and answered as a bare 500, so no internals reach the caller.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { AttuneError, ConflictError, InvalidInputError, NotFoundError } from '../../core/errors.js';
import { logError } from '../../shared/observability.js';
import type { RouteSpec } from '../../../schemas/routes.js';
import { Problem, problemResponse } from '../problem.js';
import type { ApiMiddleware } from './call.js';

export function problemFor(error: unknown, requestId: string, route: RouteSpec | undefined): APIGatewayProxyResult {
  if (error instanceof Problem) return problemResponse(error.type, error.detail, { ...error.options, instance: requestId });
  if (error instanceof InvalidInputError) return problemResponse('invalid-request', error.message, { instance: requestId });
  if (error instanceof NotFoundError) return problemResponse('not-found', error.message, { instance: requestId });
  if (error instanceof ConflictError) return problemResponse('conflict', error.message, { instance: requestId });
  logError('api request failed', error, { route: route?.operationId ?? 'unknown', ...(error instanceof AttuneError ? { failureCode: error.code } : {}) });
  return problemResponse('internal', 'the request could not be completed; try again later', { instance: requestId });
}

/** onError: the error becomes the answer. It does not end the onError chain: the audit records the answer. */
export function problemDetails(): ApiMiddleware {
  return {
    onError: (request) => {
      const { requestId, route } = request.context.call;
      request.response = problemFor(request.error, requestId, route);
    },
  };
}
