import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The handler module reads its configuration once, at import, as it does on a cold start.
  process.env.ARTIFACTS_BUCKET = 'attune-artifacts';
  process.env.KMS_KEY_ID = 'alias/attune-test';
  process.env.TABLE_NAME = 'attune-sessions';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { DynamoSessionRepository } from '../../../lambdas/adapters/dynamodb/session-repository.js';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { ARTIFACTS, fakeArtifacts, itemOf, normalized, receivedRecord, transcript } from './session-fixtures.js';

const analysis = analyzeTranscript(transcript);
const completed = receivedRecord({
  status: 'COMPLETED',
  note: writeProgressNote({ transcript, analysis, format: 'soap', sessionDate: '2026-03-02', createdAt: new Date('2026-03-02T10:00:00Z') }),
  alliance: analysis.alliance,
  metrics: analysis.metrics,
  transcriptKey: normalized.transcriptKey,
  executionId: 'arn:aws:states:eu-west-1:111122223333:execution:attune-session:7f3c',
  timings: { total: 210_000 },
});
const earlier = receivedRecord({ sessionId: 's-0041', sessionDate: '2026-02-23', status: 'FAILED', failure: { code: 'no_speech', message: 'no speech was found' } });

const dynamo = mockClient(DynamoDBDocumentClient);
let artifacts: ReturnType<typeof fakeArtifacts>;
let api: ReturnType<typeof createApiHandler>;

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({});
  dynamo.on(GetCommand, { Key: { pk: 'TENANT#acme#SESSION#s-0042', sk: 'SESSION' } }).resolves({ Item: itemOf(completed) });
  artifacts = fakeArtifacts();
  artifacts.putJson(normalized.transcriptKey, transcript);
  const sessions = new DynamoSessionRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), 'attune-sessions');
  api = createApiHandler({ sessions, artifacts: artifacts.store, artifactsBucket: ARTIFACTS });
});
afterEach(() => {
  artifacts.restore();
  dynamo.reset();
});

interface Request {
  tenant?: string | null;
  query?: Record<string, string>;
  method?: string;
}

/** An API Gateway REST proxy event as the Cognito authorizer delivers it. */
function request(path: string, { tenant = 'acme', query, method = 'GET' }: Request = {}): APIGatewayProxyEvent {
  const session = path.match(/^\/sessions\/([^/]+)$/);
  const client = path.match(/^\/clients\/([^/]+)\/sessions$/);
  return {
    resource: session ? '/sessions/{id}' : client ? '/clients/{clientId}/sessions' : path,
    path,
    httpMethod: method,
    headers: {},
    multiValueHeaders: {},
    pathParameters: session ? { id: decodeURIComponent(session[1]!) } : client ? { clientId: decodeURIComponent(client[1]!) } : null,
    queryStringParameters: query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { authorizer: tenant === null ? {} : { claims: { sub: 'user-1', 'custom:tenant': tenant } } },
  } as unknown as APIGatewayProxyEvent;
}

function body(response: APIGatewayProxyResult): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

function expectProblem(response: APIGatewayProxyResult, status: number, type: string): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(body(response)).toEqual({ type: `https://attune.dev/problems/${type}`, title: expect.any(String), status, detail: expect.any(String) });
}

describe('GET /sessions/{id}', () => {
  it('returns the tenant’s session as JSON, without storage keys or the execution ARN', async () => {
    const response = await api(request('/sessions/s-0042'));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const session = body(response);
    expect(session).toMatchObject({ sessionId: 's-0042', clientId: 'c-17', status: 'COMPLETED', note: completed.note, alliance: completed.alliance });
    expect(session).not.toHaveProperty('pk');
    expect(session).not.toHaveProperty('transcriptKey');
    expect(session).not.toHaveProperty('executionId');
    expect(session).not.toHaveProperty('transcript');
  });

  it('adds the transcript when asked with ?include=transcript', async () => {
    const response = await api(request('/sessions/s-0042', { query: { include: 'transcript' } }));

    expect(response.statusCode).toBe(200);
    expect(body(response).transcript).toEqual(transcript);
  });

  it('answers 404 for a session that does not exist', async () => {
    expectProblem(await api(request('/sessions/s-9999')), 404, 'not-found');
  });

  it('answers 404, not 403, for another tenant’s session: the tenant comes from the token only', async () => {
    const response = await api(request('/sessions/s-0042', { tenant: 'globex' }));

    expectProblem(response, 404, 'not-found');
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ pk: 'TENANT#globex#SESSION#s-0042', sk: 'SESSION' });
  });

  it('answers 401 when the token carries no tenant', async () => {
    expectProblem(await api(request('/sessions/s-0042', { tenant: null })), 401, 'unauthorized');
    expectProblem(await api(request('/sessions/s-0042', { tenant: 'acme#CLIENT' })), 401, 'unauthorized');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 for an id that is not an id, and for an unknown include', async () => {
    expectProblem(await api(request('/sessions/s%230042')), 400, 'invalid-request');
    expectProblem(await api(request('/sessions/s-0042', { query: { include: 'audio' } })), 400, 'invalid-request');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 405 to anything but GET', async () => {
    const response = await api(request('/sessions/s-0042', { method: 'DELETE' }));

    expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers?.allow).toBe('GET');
  });

  it('answers 500 without the internal error’s message, which may quote content', async () => {
    dynamo.on(GetCommand).rejects(new Error('item contained: I miss talking with her'));

    const response = await api(request('/sessions/s-0042'));

    expectProblem(response, 500, 'internal');
    expect(response.body).not.toContain('talking');
  });
});

describe('GET /clients/{clientId}/sessions', () => {
  const lastKey = { pk: 'TENANT#acme#SESSION#s-0041', sk: 'SESSION', gsi1pk: 'TENANT#acme#CLIENT#c-17', gsi1sk: 'DATE#2026-02-23#SESSION#s-0041' };

  it('lists summaries newest first with a cursor that fetches the next page', async () => {
    dynamo.on(QueryCommand).resolvesOnce({ Items: [itemOf(completed), itemOf(earlier)], LastEvaluatedKey: lastKey }).resolves({ Items: [] });

    const first = await api(request('/clients/c-17/sessions', { query: { limit: '2' } }));
    const page = body(first) as { items: Record<string, unknown>[]; cursor: string };
    const second = await api(request('/clients/c-17/sessions', { query: { limit: '2', cursor: page.cursor } }));

    expect(first.statusCode).toBe(200);
    expect(page.items).toEqual([
      {
        sessionId: 's-0042',
        clientId: 'c-17',
        status: 'COMPLETED',
        sessionDate: '2026-03-02',
        createdAt: completed.createdAt,
        updatedAt: completed.updatedAt,
        overall: analysis.alliance.overall.score,
        dimensions: Object.fromEntries(Object.entries(analysis.alliance.dimensions).map(([name, d]) => [name, d.score])),
      },
      expect.objectContaining({ sessionId: 's-0041', status: 'FAILED', overall: null, dimensions: null, failure: earlier.failure }),
    ]);
    // Summaries only: no note sentence, no turn of the transcript.
    expect(first.body).not.toContain(completed.note!.sections[0]!.sentences[0]!.text);
    for (const turn of transcript.turns) expect(first.body).not.toContain(turn.text);
    expect(second.statusCode).toBe(200);
    expect(body(second)).toEqual({ items: [] });
    const queries = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries[0]).toMatchObject({ IndexName: 'byClient', ExpressionAttributeValues: { ':gsi1pk': 'TENANT#acme#CLIENT#c-17' }, Limit: 2 });
    expect(queries[1]?.ExclusiveStartKey).toEqual(lastKey);
  });

  it('answers 400 for a cursor from another client or tenant, and for a limit out of range', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [itemOf(completed)], LastEvaluatedKey: lastKey });
    const { cursor } = body(await api(request('/clients/c-17/sessions'))) as { cursor: string };

    expectProblem(await api(request('/clients/c-18/sessions', { query: { cursor } })), 400, 'invalid-request');
    expectProblem(await api(request('/clients/c-17/sessions', { tenant: 'globex', query: { cursor } })), 400, 'invalid-request');
    expectProblem(await api(request('/clients/c-17/sessions', { query: { limit: '500' } })), 400, 'invalid-request');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('uses a default page size of 20', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await api(request('/clients/c-17/sessions'));

    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.Limit).toBe(20);
  });
});

describe('routing', () => {
  it('answers 404 for a path the API does not serve', async () => {
    expectProblem(await api(request('/tenants')), 404, 'not-found');
  });
});
