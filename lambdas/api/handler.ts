/**
 * The partner API (API Gateway REST, Lambda proxy integration, Cognito authorizer): one function serves
 * every route of the route table (schemas/routes.ts). For each request the dispatcher
 *
 * 1. finds the route (404, or 405 with Allow), and the caller from the token's claims (401);
 * 2. checks the caller's role against the route (403) and validates the path ids, the query and the
 *    JSON body with the route's zod schemas (400 naming each field; 413 oversize; 415 not JSON);
 * 3. honours `Idempotency-Key` on the routes that take one (a replay answers the first answer);
 * 4. runs the operation, and writes an audit record (who, what, when, outcome; never content) for every
 *    read and write of session data, before the answer leaves: no audit record, no data.
 *
 * Errors are RFC 9457 problem details (schemas/problems.ts) whose `detail` never holds session content.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { AttuneError, ConflictError, InvalidInputError, NotFoundError } from '../core/errors.js';
import { dynamoApiStores } from '../adapters/dynamodb/api-stores.js';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import type { StoredResponse } from '../ports/idempotency.js';
import { pickConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError } from '../shared/observability.js';
import { MAX_REQUEST_BYTES, REQUEST_TOO_LARGE } from '../../schemas/api.js';
import { IdSchema } from '../../schemas/session-record.js';
import { Access, apiConfig, type ApiDeps, type Operation, type OperationSet, type RequestContext } from './context.js';
import { createAuditOperations } from './operations/audit.js';
import { createClientOperations } from './operations/clients.js';
import { createEraseOperations } from './operations/erase.js';
import { createMetaOperations } from './operations/meta.js';
import { createNoteOperations } from './operations/notes.js';
import { createRiskOperations } from './operations/risk.js';
import { createSessionOperations } from './operations/sessions.js';
import { createSupervisionOperations } from './operations/supervision.js';
import { createWebhookOperations } from './operations/webhooks.js';
import { hasRole, principalOf, type Principal } from './principal.js';
import { Problem, problemResponse, type FieldError } from './problem.js';
import { findRoute, matchPath } from './routing.js';
import type { RouteSpec } from '../../schemas/routes.js';

export { PROBLEM_BASE } from '../../schemas/problems.js';

export { MAX_REQUEST_BYTES } from '../../schemas/api.js';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name && value !== undefined) return value;
  return undefined;
}

/** zod issues as RFC 9457 field errors: a JSON pointer and what is wrong there. */
function fieldErrors(error: z.ZodError, prefix: '' | '?'): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const pointer = prefix === '?' ? `?${path.join('.') || 'query'}` : `/${path.join('/')}`;
    return { pointer, detail: issue.message };
  });
}

function describe(errors: FieldError[], where: string): string {
  const fields = errors.map((e) => `${e.pointer} (${e.detail})`).join('; ');
  return `${where} is not valid: ${fields}`;
}

function parseBody(event: APIGatewayProxyEvent, route: RouteSpec): unknown {
  if (!route.body) return undefined;
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES) {
    throw new Problem('payload-too-large', REQUEST_TOO_LARGE);
  }
  const type = header(event, 'content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    // The header is not echoed back: like a body field, it is caller text that reaches the caller's logs.
    throw new Problem('unsupported-media-type', 'send the body as JSON with Content-Type: application/json');
  }
  if (text.trim() === '') throw new Problem('invalid-request', 'the request has no body; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Problem('invalid-request', 'the request body is not valid JSON');
  }
  const parsed = route.body.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error, '');
  throw new Problem('invalid-request', describe(errors, 'the request body'), { errors });
}

function parseQuery(event: APIGatewayProxyEvent, route: RouteSpec): Record<string, unknown> {
  const given = event.queryStringParameters ?? {};
  if (!route.query) return {};
  const known = new Set(Object.keys(route.query.shape));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const errors = unknown.map((name) => ({ pointer: `?${name}`, detail: `not a parameter of this route; it takes ${[...known].join(', ') || 'none'}` }));
    throw new Problem('invalid-request', describe(errors, 'the query'), { errors });
  }
  const parsed = route.query.safeParse(given);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const errors = fieldErrors(parsed.error, '?');
  throw new Problem('invalid-request', describe(errors, 'the query'), { errors });
}

function validParams(raw: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(raw)) {
    if (!IdSchema.safeParse(value).success) {
      throw new Problem('invalid-request', `the ${name} in the path is not a valid id: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit`, {
        errors: [{ pointer: `{${name}}`, detail: 'not a valid id' }],
      });
    }
  }
  return raw;
}

/** The route, from API Gateway's resource template, or from the path where a local server gives none. */
function routeOf(event: APIGatewayProxyEvent): { route: RouteSpec; params: Record<string, string> } {
  const fromTemplate = event.resource && event.resource.includes('{') ? event.resource : undefined;
  const matched = matchPath(fromTemplate ? event.resource : event.path);
  if (!matched) throw new Problem('not-found', 'no such resource; GET /openapi.json describes the API');
  const route = findRoute(matched.template, event.httpMethod);
  if (!route) {
    throw new Problem('method-not-allowed', `${event.httpMethod} is not supported on ${matched.template}; use ${matched.methods.join(' or ')}`, {
      headers: { allow: matched.methods.join(', ') },
    });
  }
  const params = fromTemplate ? Object.fromEntries(Object.keys(matched.params).map((k) => [k, event.pathParameters?.[k] ?? ''])) : matched.params;
  return { route, params };
}

function toResponse(error: unknown, requestId: string, route: RouteSpec | null): APIGatewayProxyResult {
  if (error instanceof Problem) return problemResponse(error.type, error.detail, { ...error.options, instance: requestId });
  // Our own errors' messages are written to be shown (no session content); anything else is not.
  if (error instanceof InvalidInputError) return problemResponse('invalid-request', error.message, { instance: requestId });
  if (error instanceof NotFoundError) return problemResponse('not-found', error.message, { instance: requestId });
  if (error instanceof ConflictError) return problemResponse('conflict', error.message, { instance: requestId });
  logError('api request failed', error, { route: route?.operationId ?? 'unknown', ...(error instanceof AttuneError ? { failureCode: error.code } : {}) });
  return problemResponse('internal', 'the request could not be completed; try again later', { instance: requestId });
}

export function createApiHandler(deps: ApiDeps, extra: OperationSet = {}) {
  const access = new Access(deps);
  const operations: OperationSet = {
    ...createMetaOperations(deps),
    ...createSessionOperations(deps, access),
    ...createNoteOperations(deps, access),
    ...createSupervisionOperations(deps, access),
    ...createClientOperations(deps, access),
    ...createRiskOperations(deps),
    ...createEraseOperations(deps, access),
    ...createWebhookOperations(deps, access),
    ...createAuditOperations(deps, access),
    ...extra,
  };

  /** Runs the operation under its Idempotency-Key, when the route takes one and the caller sent one. */
  async function idempotent(ctx: RequestContext, operation: Operation): Promise<APIGatewayProxyResult> {
    const key = ctx.route.idempotent ? header(ctx.event, 'idempotency-key') : undefined;
    if (key === undefined) return operation(ctx);
    if (!IDEMPOTENCY_KEY.test(key)) throw new Problem('invalid-request', 'the Idempotency-Key header must be 1-255 printable ASCII characters (a UUID is a good choice)');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([ctx.principal.userId, ctx.route.operationId, ctx.params, ctx.body ?? null]))
      .digest('hex');
    const begun = await deps.idempotency.begin(ctx.principal.tenantId, key, fingerprint);
    if (begun.state === 'replay') return { ...begun.response, headers: { ...begun.response.headers, 'idempotent-replayed': 'true' } };
    if (begun.state === 'mismatch') throw new Problem('idempotency-key-reused', 'this Idempotency-Key was used for a different request; use a new key for a new request');
    if (begun.state === 'in-progress') throw new Problem('idempotency-key-in-use', 'the first request with this Idempotency-Key has not finished; retry in a second', { headers: { 'retry-after': '1' } });
    let response: APIGatewayProxyResult;
    try {
      response = await operation(ctx);
    } catch (error) {
      // A client error is the answer for this key (replayed on retry); a server error lets a retry run again.
      const answer = toResponse(error, ctx.requestId, ctx.route);
      if (answer.statusCode >= 500) await deps.idempotency.release(ctx.principal.tenantId, key).catch(() => undefined);
      else await deps.idempotency.complete(ctx.principal.tenantId, key, stored(answer), ctx.touched.sessionId);
      return answer;
    }
    if (response.statusCode >= 500) await deps.idempotency.release(ctx.principal.tenantId, key).catch(() => undefined);
    else await deps.idempotency.complete(ctx.principal.tenantId, key, stored(response), ctx.touched.sessionId);
    return response;
  }

  async function audit(ctx: RequestContext, status: number): Promise<void> {
    if (!ctx.route.audit) return;
    const ids = { ...ctx.touched };
    // A path id refused as invalid is caller text (a name, an address), not an id: the trail keeps ids only.
    const valid = (value: string | undefined): value is string => value !== undefined && IdSchema.safeParse(value).success;
    if (valid(ctx.params.id)) ids.sessionId ??= ctx.params.id;
    if (valid(ctx.params.clientId)) ids.clientId ??= ctx.params.clientId;
    if (valid(ctx.params.webhookId)) ids.webhookId ??= ctx.params.webhookId;
    const sourceIp = ctx.event.requestContext.identity?.sourceIp;
    await deps.audit.record({
      tenantId: ctx.principal.tenantId,
      at: deps.now().toISOString(),
      actor: ctx.principal.userId,
      roles: ctx.principal.roles,
      action: ctx.route.audit,
      method: ctx.route.method,
      route: ctx.route.path,
      status,
      ...ids,
      requestId: ctx.requestId,
      ...(sourceIp ? { sourceIp } : {}),
    });
  }

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const requestId = event.requestContext?.requestId ?? randomUUID();
    let route: RouteSpec | null = null;
    let ctx: RequestContext | null = null;
    let response: APIGatewayProxyResult;
    try {
      const found = routeOf(event);
      route = found.route;
      const operation = operations[route.operationId as keyof OperationSet];
      if (!operation) throw new Error(`no operation for ${route.operationId}`);
      const principal: Principal | null = route.auth === 'public' ? null : principalOf(event);
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), v]])));
      if (principal) {
        ctx = { principal, route, params: found.params, query: {}, body: undefined, headers, requestId, event, touched: {} };
        if (route.auth !== 'public' && !hasRole(principal, ...route.auth)) {
          throw new Problem('forbidden', `${route.method} ${route.path} is for ${route.auth.join(' or ')} users; you are ${principal.roles.join(', ')}`);
        }
      }
      const params = validParams(found.params);
      const query = parseQuery(event, route);
      const body = parseBody(event, route);
      const full: RequestContext = {
        principal: principal ?? { tenantId: '', userId: '', roles: [] },
        route,
        params,
        query,
        body,
        headers,
        requestId,
        event,
        touched: ctx?.touched ?? {},
      };
      ctx = principal ? full : null;
      response = principal ? await idempotent(full, operation) : await operation(full);
    } catch (error) {
      response = toResponse(error, requestId, route);
    }
    if (ctx) {
      try {
        await audit(ctx, response.statusCode);
      } catch (error) {
        // HIPAA audit controls: data leaves only with its audit record.
        return toResponse(error, requestId, route);
      }
    }
    return response;
  };
}

function stored(response: APIGatewayProxyResult): StoredResponse {
  return {
    statusCode: response.statusCode,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: response.body,
  };
}

/** The AWS wiring, built on the first request (not at import, so tests and tools can import the factory). */
function createAwsApiHandler() {
  const config = pickConfig(['TABLE_NAME', 'UPLOADS_BUCKET', 'ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'MAX_UPLOAD_BYTES', 'NOTE_FORMAT', 'AWS_REGION']);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }), { marshallOptions: { removeUndefinedValues: true } });
  return createApiHandler({
    ...dynamoApiStores(documents, config.TABLE_NAME),
    // WHEN_REQUIRED: otherwise the presigner signs a checksum of an empty body into the URL and S3 refuses every upload.
    objects: new S3ObjectStore({ client: new S3Client({ region: config.AWS_REGION, requestChecksumCalculation: 'WHEN_REQUIRED' }), kmsKeyId: config.KMS_KEY_ID }),
    config: apiConfig(config, { allowLoopbackWebhooks: false }),
    now: () => new Date(),
    newId: () => randomUUID(),
  });
}

let aws: ReturnType<typeof createApiHandler> | undefined;

export const handler = withObservability((event: APIGatewayProxyEvent) => (aws ??= createAwsApiHandler())(event));
