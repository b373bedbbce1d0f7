/**
 * RFC 9457 problem details: every error the API answers, each with a stable `type` URI that callers
 * branch on. `detail` says what was wrong and what to do, and never carries session content (it reaches
 * the caller's logs and ours).
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

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

export interface FieldError {
  /** JSON pointer into the request: `/consent/obtainedAt`, or `?limit` for a query parameter. */
  pointer: string;
  detail: string;
}

/** Thrown by operations; the handler turns it into the response. */
export class Problem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly options: { headers?: Record<string, string>; errors?: FieldError[] } = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

export const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;

export function problemResponse(type: ProblemType, detail: string, options: { headers?: Record<string, string>; errors?: FieldError[]; instance?: string } = {}): APIGatewayProxyResult {
  const { status, title } = PROBLEMS[type];
  return {
    statusCode: status,
    headers: { ...JSON_HEADERS, 'content-type': 'application/problem+json', ...options.headers },
    body: JSON.stringify({
      type: `${PROBLEM_BASE}${type}`,
      title,
      status,
      detail,
      ...(options.instance ? { instance: options.instance } : {}),
      ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
    }),
  };
}
