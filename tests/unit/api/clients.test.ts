/** GET /clients, /clients/{clientId}/sessions and /clients/{clientId}/alliance, and GET /audit. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;
const SUPERVISOR = { tenant: 't1', user: 'sup', roles: ['supervisor' as const] };
const ADMIN = { tenant: 't1', user: 'boss', roles: ['admin' as const] };

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  for (const [i, date] of ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29'].entries()) {
    await seed(deps, completedRecord({ sessionId: `s${i + 1}`, sessionDate: date }));
  }
  await seed(deps, completedRecord({ clientId: 'c2', sessionId: 'x1' }), 'u2');
});

describe('GET /clients', () => {
  it("lists a clinician's own clients, and every client for a supervisor", async () => {
    expect(body(await api(apiEvent('GET', '/clients'))).items.map((c: { clientId: string }) => c.clientId)).toEqual(['c1']);
    expect(body(await api(apiEvent('GET', '/clients', { caller: SUPERVISOR }))).items.map((c: { clientId: string }) => c.clientId)).toEqual(['c1', 'c2']);
  });
});

describe('GET /clients/{clientId}/sessions', () => {
  it('pages newest first with an opaque cursor', async () => {
    const first = body(await api(apiEvent('GET', '/clients/c1/sessions', { query: { limit: '2' } })));
    expect(first.items.map((s: { sessionId: string }) => s.sessionId)).toEqual(['s5', 's4']);
    const second = body(await api(apiEvent('GET', '/clients/c1/sessions', { query: { limit: '2', cursor: first.cursor } })));
    const third = body(await api(apiEvent('GET', '/clients/c1/sessions', { query: { limit: '2', cursor: second.cursor } })));
    expect([...second.items, ...third.items].map((s: { sessionId: string }) => s.sessionId)).toEqual(['s3', 's2', 's1']);
    expect(third.cursor).toBeUndefined();
    expect(first.items[0]).toMatchObject({ status: 'COMPLETED', noteSigned: false });
    expect(typeof first.items[0].overall).toBe('number');
    expect(first.items[0]).not.toHaveProperty('note');
  });

  it("answers 404 for another clinician's client, a client of another tenant, and a client that does not exist", async () => {
    expect((await api(apiEvent('GET', '/clients/c2/sessions'))).statusCode).toBe(404);
    expect((await api(apiEvent('GET', '/clients/c1/sessions', { caller: { tenant: 't2', user: 'u1', roles: ['admin'] } }))).statusCode).toBe(404);
    expect((await api(apiEvent('GET', '/clients/nobody/sessions', { caller: ADMIN }))).statusCode).toBe(404);
  });

  it("lets a supervisor list any client's sessions", async () => {
    expect(body(await api(apiEvent('GET', '/clients/c2/sessions', { caller: SUPERVISOR }))).items).toHaveLength(1);
  });
});

describe('GET /clients/{clientId}/alliance', () => {
  it("answers the series across the client's scored sessions", async () => {
    const r = await api(apiEvent('GET', '/clients/c1/alliance'));
    expect(r.statusCode).toBe(200);
    const answer = body(r);
    expect(answer.scoredSessions).toBe(5);
    expect(answer.series.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(answer.series.overall).toHaveProperty('direction');
    expect(Array.isArray(answer.series.ruptureAlerts)).toBe(true);
  });

  it('answers a null series for a client with no scored session yet', async () => {
    await seed(deps, completedRecord({ clientId: 'c3', sessionId: 'f1', status: 'FAILED', alliance: undefined, metrics: undefined, note: undefined }));
    expect(body(await api(apiEvent('GET', '/clients/c3/alliance')))).toMatchObject({ scoredSessions: 0, series: null });
  });

  it("answers 404 to a clinician for another clinician's client", async () => {
    expect((await api(apiEvent('GET', '/clients/c2/alliance'))).statusCode).toBe(404);
  });
});

describe('GET /audit', () => {
  it("gives an admin the tenant's trail, newest first, and nobody else", async () => {
    await api(apiEvent('GET', '/sessions/s1'));
    await api(apiEvent('GET', '/clients/c1/alliance'));
    const r = await api(apiEvent('GET', '/audit', { caller: ADMIN }));
    expect(r.statusCode).toBe(200);
    expect(body(r).items.map((e: { action: string }) => e.action)).toEqual(['client.alliance.read', 'session.read']);
    expect((await api(apiEvent('GET', '/audit'))).statusCode).toBe(403);
    expect(body(await api(apiEvent('GET', '/audit', { caller: { ...ADMIN, tenant: 't2' } }))).items).toEqual([]);
  });

  it('refuses a range longer than 92 days', async () => {
    const r = await api(apiEvent('GET', '/audit', { caller: ADMIN, query: { from: '2026-01-01', to: '2026-09-01' } }));
    expect(r.statusCode).toBe(400);
  });
});
