/**
 * The dispatcher (lambdas/api/handler.ts) over in-memory ports: routing, authentication, roles,
 * validation with field pointers, content types, sizes, Idempotency-Key and the audit record.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler, MAX_REQUEST_BYTES } from '../../../lambdas/api/handler.js';
import { PROBLEM_BASE } from '../../../schemas/problems.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const problem = (r: APIGatewayProxyResult) =>
  JSON.parse(r.body) as { type: string; status: number; detail: string; errors?: { pointer: string }[]; instance?: string };
const CREATE = {
  clientId: 'c1',
  sessionDate: '2026-09-01',
  consent: { obtained: true, method: 'written', obtainedAt: '2026-08-01' },
  media: { contentType: 'audio/flac', bytes: 1000 },
};

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  await seed(deps, completedRecord());
});

describe('routing and authentication', () => {
  it('answers 404 problem+json for a path no route serves', async () => {
    const r = await api(apiEvent('GET', '/nowhere'));
    expect(r.statusCode).toBe(404);
    expect(r.headers?.['content-type']).toBe('application/problem+json');
    expect(problem(r).type).toBe(`${PROBLEM_BASE}not-found`);
  });

  it('answers 405 with Allow for a method the path does not take', async () => {
    const r = await api(apiEvent('PATCH', '/sessions/s1'));
    expect(r.statusCode).toBe(405);
    expect(r.headers?.allow).toBe('GET, DELETE');
  });

  it('answers 401 without claims, and 401 for claims with no tenant', async () => {
    expect((await api(apiEvent('GET', '/sessions/s1', { caller: null }))).statusCode).toBe(401);
    const event = apiEvent('GET', '/sessions/s1');
    event.requestContext.authorizer = { claims: { sub: 'u1', 'cognito:groups': 'clinician' } };
    const r = await api(event);
    expect(r.statusCode).toBe(401);
    expect(r.headers?.['www-authenticate']).toBe('Bearer');
  });

  it('answers 403 for a user in no Attune group, and for a role the route does not allow', async () => {
    const event = apiEvent('GET', '/sessions/s1');
    event.requestContext.authorizer = { claims: { sub: 'u1', 'custom:tenant': 't1', 'cognito:groups': 'billing' } };
    expect((await api(event)).statusCode).toBe(403);
    const r = await api(
      apiEvent('POST', '/webhooks', { caller: { tenant: 't1', user: 'u1', roles: ['clinician'] }, body: { url: 'https://x.test/h', secret: 'x'.repeat(40) } }),
    );
    expect(r.statusCode).toBe(403);
    expect(problem(r).detail).toMatch(/for admin users/);
  });

  it("reads the groups claim as an exact list: an array, one whole name, or the verified token's list behind a flattened string", async () => {
    const asCaller = (groups: unknown, authorization?: string) => {
      const event = apiEvent('GET', '/sessions/s1', { caller: { tenant: 't1', user: 'someone-else', roles: [] } });
      event.requestContext.authorizer = { claims: { sub: 'someone-else', 'custom:tenant': 't1', 'cognito:groups': groups } };
      if (authorization) event.headers = { ...event.headers, authorization };
      return api(event);
    };
    const token = (payload: object) => ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'c2ln'].join('.');
    expect((await asCaller('admin')).statusCode).toBe(200);
    expect((await asCaller(['clinician', 'admin'])).statusCode).toBe(200);
    // API Gateway's REST authorizer flattens two groups into one string; the verified token says which.
    const both = token({ sub: 'someone-else', 'cognito:groups': ['clinician', 'admin'] });
    expect((await asCaller('clinician,admin', `Bearer ${both}`)).statusCode).toBe(200);
    // One group named "admin,clinician" (or "[admin clinician]") is no role at all: never split.
    expect((await asCaller('admin,clinician')).statusCode).toBe(403);
    expect((await asCaller('[admin clinician]')).statusCode).toBe(403);
    const oneGroup = token({ sub: 'someone-else', 'cognito:groups': ['admin,clinician'] });
    expect((await asCaller('admin,clinician', `Bearer ${oneGroup}`)).statusCode).toBe(403);
    // A token of another user does not lend its groups.
    expect((await asCaller('clinician,admin', `Bearer ${token({ sub: 'intruder', 'cognito:groups': ['clinician', 'admin'] })}`)).statusCode).toBe(403);
  });

  it('serves the OpenAPI document without a token', async () => {
    const r = await api(apiEvent('GET', '/openapi.json', { caller: null }));
    expect(r.statusCode).toBe(200);
  });
});

describe('validation', () => {
  it('names every invalid field with a JSON pointer', async () => {
    const r = await api(apiEvent('POST', '/sessions', { body: { clientId: '../x', sessionDate: '2026-02-30', consent: { obtained: false } } }));
    expect(r.statusCode).toBe(400);
    const pointers = problem(r).errors!.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/clientId', '/sessionDate', '/consent/obtained', '/consent/method', '/consent/obtainedAt']));
    expect(problem(r).detail).toMatch(/\/consent\/obtained/);
  });

  it('refuses a body that is not JSON with 415, and broken JSON with 400', async () => {
    const r = await api(apiEvent('POST', '/sessions', { body: 'clientId=c1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(r.statusCode).toBe(415);
    expect((await api(apiEvent('POST', '/sessions', { body: '{"clientId":' }))).statusCode).toBe(400);
    expect((await api(apiEvent('POST', '/sessions', { body: '', headers: { 'content-type': 'application/json' } }))).statusCode).toBe(400);
  });

  it('refuses a body over the Lambda payload limit with 413', async () => {
    const r = await api(apiEvent('POST', '/sessions', { body: `{"x":"${'a'.repeat(MAX_REQUEST_BYTES)}"}` }));
    expect(r.statusCode).toBe(413);
  });

  it('refuses path ids that are not ids, and unknown or invalid query parameters', async () => {
    const bad = await api(apiEvent('GET', `/sessions/${encodeURIComponent('..%2f')}`));
    expect(bad.statusCode).toBe(400);
    const unknown = await api(apiEvent('GET', '/sessions/s1', { query: { expand: 'all' } }));
    expect(problem(unknown).errors?.[0]?.pointer).toBe('?query');
    expect(problem(unknown).detail).toMatch(/unknown query parameter/);
    const limit = await api(apiEvent('GET', '/clients/c1/sessions', { query: { limit: '1000' } }));
    expect(problem(limit).errors?.[0]?.pointer).toBe('?limit');
  });

  it("hides an unexpected error's message behind a 500 with the request id", async () => {
    deps.sessions.get = async () => {
      throw new Error('Client said: I feel hopeless');
    };
    const r = await api(apiEvent('GET', '/sessions/s1'));
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toMatch(/hopeless/);
    expect(problem(r).instance).toBeTruthy();
  });
});

describe('Idempotency-Key', () => {
  it('answers a retried POST with the first answer, and creates one session', async () => {
    const first = await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-1' } }));
    const again = await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-1' } }));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect([...deps.sessions.items.values()].filter((r) => r.status === 'AWAITING_UPLOAD')).toHaveLength(1);
  });

  it('refuses the same key with another body (422), and while the first is in flight (409 Retry-After)', async () => {
    await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-2' } }));
    const other = await api(apiEvent('POST', '/sessions', { body: { ...CREATE, clientId: 'c2' }, headers: { 'idempotency-key': 'k-2' } }));
    expect(other.statusCode).toBe(422);
    const presign = deps.objects.presignPut.bind(deps.objects);
    let proceed!: () => void;
    const held = new Promise<void>((resolve) => (proceed = resolve));
    deps.objects.presignPut = async (...args) => {
      await held;
      return presign(...args);
    };
    const slow = api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-3' } }));
    const busy = await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-3' } }));
    proceed();
    expect(busy.statusCode).toBe(409);
    expect(busy.headers?.['retry-after']).toBe('1');
    expect((await slow).statusCode).toBe(201);
  });

  it('replays a client error too, but lets a retry run again after a server error', async () => {
    const bad = { ...CREATE, media: { contentType: 'video/avi', bytes: 10 } };
    const first = await api(apiEvent('POST', '/sessions', { body: bad, headers: { 'idempotency-key': 'k-4' } }));
    expect(first.statusCode).toBe(415);
    expect((await api(apiEvent('POST', '/sessions', { body: bad, headers: { 'idempotency-key': 'k-4' } }))).headers?.['idempotent-replayed']).toBe('true');
    const presign = deps.objects.presignPut.bind(deps.objects);
    deps.objects.presignPut = async () => {
      throw new Error('S3 is down');
    };
    expect((await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-5' } }))).statusCode).toBe(500);
    deps.objects.presignPut = presign;
    expect((await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-5' } }))).statusCode).toBe(201);
  });

  it('keeps keys apart per tenant', async () => {
    await api(apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'shared' } }));
    const r = await api(apiEvent('POST', '/sessions', { caller: { tenant: 't2', user: 'u9' }, body: CREATE, headers: { 'idempotency-key': 'shared' } }));
    expect(r.statusCode).toBe(201);
    expect(r.headers?.['idempotent-replayed']).toBeUndefined();
  });
});

describe('audit', () => {
  it('records who read which session, with the outcome, and never content', async () => {
    await api(apiEvent('GET', '/sessions/s1'));
    await api(apiEvent('GET', '/sessions/s1', { caller: { tenant: 't1', user: 'intruder' } }));
    const [read, denied] = deps.audit.entries;
    expect(read).toMatchObject({ tenantId: 't1', actor: 'u1', action: 'session.read', status: 200, sessionId: 's1', clientId: 'c1', route: '/sessions/{id}' });
    expect(denied).toMatchObject({ actor: 'intruder', status: 404, sessionId: 's1' });
    expect(JSON.stringify(deps.audit.entries)).not.toMatch(/sister|guilt/i);
  });

  it('records refused attempts too (403), but not unauthenticated ones (no tenant to file them under)', async () => {
    await api(apiEvent('DELETE', '/sessions/s1', { caller: { tenant: 't1', user: 'sup', roles: ['supervisor'] } }));
    await api(apiEvent('GET', '/sessions/s1', { caller: null }));
    expect(deps.audit.entries.map((e) => [e.action, e.status])).toEqual([['session.erase', 403]]);
  });

  it('withholds the data when the audit record cannot be written', async () => {
    deps.audit.record = async () => {
      throw new Error('throttled');
    };
    const r = await api(apiEvent('GET', '/sessions/s1'));
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toMatch(/alliance/);
  });
});
