/**
 * The API's problem types (RFC 9457): every error it answers has a stable `type` URI that callers branch
 * on. The handler answers them (lambdas/api/problem.ts), API Gateway answers the same ones for what it
 * refuses itself (lib/constructs/api.ts), and the OpenAPI document lists them (lambdas/api/openapi.ts).
 */
import type { z } from 'zod';
import type { ProblemSchema } from './api.js';

export const PROBLEM_BASE = 'https://attune.dev/problems/';

export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'idempotency-key-in-use': { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  'payload-too-large': { status: 413, title: 'Too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
} as const;
export type ProblemType = keyof typeof PROBLEMS;

/** One field that failed validation: a JSON pointer into the request (`/consent/obtainedAt`, or `?limit` for a query parameter) and what is wrong there. */
export type FieldError = NonNullable<z.infer<typeof ProblemSchema>['errors']>[number];
