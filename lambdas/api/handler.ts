/**
 * The read API (API Gateway REST, Lambda proxy integration, Cognito authorizer):
 * - `GET /sessions/{id}[?include=transcript]`: one session of the caller's tenant.
 * - `GET /clients/{clientId}/sessions?limit&cursor`: a client's sessions, newest first, as summaries.
 *
 * The tenant comes only from the token's `custom:tenant` claim, never from the request, and every
 * repository key starts with it: another tenant's session is indistinguishable from a missing one (404).
 * Errors are RFC 9457 problem details whose `detail` never holds transcript text.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../core/errors.js';
import { DynamoSessionRepository, MAX_PAGE_SIZE } from '../adapters/dynamodb/session-repository.js';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { pickConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError } from '../shared/observability.js';
import { IdSchema, type SessionRecord } from '../../schemas/session-record.js';
import { TranscriptSchema } from '../../schemas/transcript.js';

export const PROBLEM_BASE = 'https://attune.dev/problems/';
export const DEFAULT_PAGE_SIZE = 20;

const PROBLEMS = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'No tenant in the credentials' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  internal: { status: 500, title: 'Internal error' },
} as const;
type ProblemType = keyof typeof PROBLEMS;

class Problem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface ApiDeps {
  sessions: SessionRepository;
  artifacts: ObjectStore;
  artifactsBucket: string;
}

const HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: HEADERS, body: JSON.stringify(body) };
}

function problem(type: ProblemType, detail: string, headers: Record<string, string> = {}): APIGatewayProxyResult {
  const { status, title } = PROBLEMS[type];
  return {
    statusCode: status,
    headers: { ...HEADERS, 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: `${PROBLEM_BASE}${type}`, title, status, detail }),
  };
}

function validId(value: string | undefined, what: string): string {
  if (value === undefined || !IdSchema.safeParse(value).success) {
    throw new Problem('invalid-request', `the ${what} is not valid: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit`);
  }
  return value;
}

function tenantOf(event: APIGatewayProxyEvent): string {
  const claims: unknown = event.requestContext.authorizer?.claims;
  const tenant = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)['custom:tenant'] : undefined;
  if (typeof tenant !== 'string' || !IdSchema.safeParse(tenant).success) {
    throw new Problem('unauthorized', 'the token carries no valid custom:tenant claim; sign in with a user that belongs to a tenant');
  }
  return tenant;
}

type Route = { name: 'getSession'; sessionId: string | undefined } | { name: 'listSessions'; clientId: string | undefined };

/** By the resource template on API Gateway; by the path where a local server gives no template. */
function routeOf(event: APIGatewayProxyEvent): Route | null {
  const params = event.pathParameters ?? {};
  if (event.resource === '/sessions/{id}') return { name: 'getSession', sessionId: params.id };
  if (event.resource === '/clients/{clientId}/sessions') return { name: 'listSessions', clientId: params.clientId };
  const path = event.path.replace(/\/+$/, '');
  const decode = (segment: string | undefined) => {
    try {
      return segment === undefined ? undefined : decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  };
  let match = path.match(/^\/sessions\/([^/]+)$/);
  if (match) return { name: 'getSession', sessionId: decode(match[1]) };
  match = path.match(/^\/clients\/([^/]+)\/sessions$/);
  if (match) return { name: 'listSessions', clientId: decode(match[1]) };
  return null;
}

/** What the API shows of a session: not the storage keys or the execution ARN (it names the account). */
function sessionView(record: SessionRecord) {
  const { transcriptKey: _transcriptKey, executionId: _executionId, ...view } = record;
  return view;
}

/** One row of a client's listing: enough for a timeline or a trend chart, without the note. */
function sessionSummary(record: SessionRecord) {
  return {
    sessionId: record.sessionId,
    clientId: record.clientId,
    status: record.status,
    sessionDate: record.sessionDate,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    overall: record.alliance?.overall.score ?? null,
    dimensions: record.alliance ? Object.fromEntries(Object.entries(record.alliance.dimensions).map(([name, d]) => [name, d.score])) : null,
    ...(record.failure ? { failure: record.failure } : {}),
  };
}

const GetQuerySchema = z.object({ include: z.literal('transcript').optional() });
const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).optional(),
});

function query<S extends z.ZodType>(schema: S, event: APIGatewayProxyEvent): z.infer<S> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => i.path.join('.') || 'query').join(', ');
  throw new Problem('invalid-request', `the query parameter(s) ${fields} are not valid: include may be "transcript"; limit is 1-${MAX_PAGE_SIZE}`);
}

export function createApiHandler(deps: ApiDeps) {
  async function getSession(tenantId: string, sessionId: string, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const { include } = query(GetQuerySchema, event);
    const record = await deps.sessions.get({ tenantId, sessionId });
    if (!record) throw new NotFoundError(`no session ${sessionId} exists`, 'session_not_found');
    const view: Record<string, unknown> = sessionView(record);
    if (include === 'transcript' && record.transcriptKey && (await deps.artifacts.head(deps.artifactsBucket, record.transcriptKey))) {
      const bytes = await deps.artifacts.read(deps.artifactsBucket, record.transcriptKey);
      view.transcript = TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    }
    return json(200, view);
  }

  async function listSessions(tenantId: string, clientId: string, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const { limit, cursor } = query(ListQuerySchema, event);
    const page = await deps.sessions.listByClient(tenantId, clientId, { limit, ...(cursor ? { cursor } : {}) });
    return json(200, { items: page.items.map(sessionSummary), ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const tenantId = tenantOf(event);
      const route = routeOf(event);
      if (!route) throw new Problem('not-found', 'no such resource; the API serves /sessions/{id} and /clients/{clientId}/sessions');
      if (event.httpMethod !== 'GET') return problem('method-not-allowed', `${event.httpMethod} is not supported here; use GET`, { allow: 'GET' });
      return route.name === 'getSession'
        ? await getSession(tenantId, validId(route.sessionId, 'session id'), event)
        : await listSessions(tenantId, validId(route.clientId, 'client id'), event);
    } catch (error) {
      if (error instanceof Problem) return problem(error.type, error.detail);
      // Our own errors' messages are written to be shown (no transcript text); anything else is not.
      if (error instanceof InvalidInputError) return problem('invalid-request', error.message);
      if (error instanceof NotFoundError) return problem('not-found', error.message);
      logError('api request failed', error, { state: event.resource });
      return problem('internal', 'the request could not be completed; try again later');
    }
  };
}

const config = pickConfig(['TABLE_NAME', 'ARTIFACTS_BUCKET', 'AWS_REGION']);

export const handler = withObservability(
  createApiHandler({
    sessions: new DynamoSessionRepository(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }), { marshallOptions: { removeUndefinedValues: true } }),
      config.TABLE_NAME,
    ),
    artifacts: new S3ObjectStore({ client: new S3Client({ region: config.AWS_REGION }) }), // read-only: it needs no KMS key
    artifactsBucket: config.ARTIFACTS_BUCKET,
  }),
);
