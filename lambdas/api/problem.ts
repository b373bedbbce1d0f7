/**
 * RFC 9457 problem details as the handler answers them, for the problem types of schemas/problems.ts.
 * `detail` says what was wrong and what to do, and never carries session content (it reaches the caller's
 * logs and ours).
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { PROBLEM_BASE, PROBLEMS, type FieldError, type ProblemType } from '../../schemas/problems.js';

export type { FieldError } from '../../schemas/problems.js';

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

export function problemResponse(
  type: ProblemType,
  detail: string,
  options: { headers?: Record<string, string>; errors?: FieldError[]; instance?: string } = {},
): APIGatewayProxyResult {
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
