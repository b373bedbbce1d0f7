/**
 * One API request as the middlewares see it. Each step adds what it has established to `context.call`
 * for the steps after it: the route, the caller, then the validated request the operation receives.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Route } from '../../../schemas/routes.js';
import type { RequestContext } from '../context.js';
import type { Principal } from '../principal.js';

export interface ApiCall {
  /** API Gateway's request id: the problem's `instance` and the audit record's `requestId`. */
  readonly requestId: string;
  /** Set by resolveRoute. */
  route?: Route;
  /** The path's parameters as the caller gave them (validateRequest checks they are ids). */
  params?: Record<string, string>;
  /** Set by authenticate on every route but a public one; an authenticated call is audited, whatever its outcome. */
  principal?: Principal;
  /** Ids the operation touched, for the audit record (shared with `request.touched`). */
  readonly touched: RequestContext['touched'];
  /** Set by validateRequest: what the operation receives. */
  request?: RequestContext;
}

export interface ApiContext extends Context {
  call: ApiCall;
}

export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;

export function newCall(event: APIGatewayProxyEvent): ApiCall {
  return { requestId: event.requestContext?.requestId ?? randomUUID(), touched: {} };
}

/** What an earlier step established; missing, the steps are wired in the wrong order (an internal error). */
export function established<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the API's middlewares run out of order: no ${what} yet`);
  return value;
}

/** A request header, whatever the case of its name (the first one given). */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name && value !== undefined) return value;
  return undefined;
}
