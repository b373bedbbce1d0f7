/**
 * Security finding of issue 15 (Low): Idempotency-Key answers were kept per tenant, so a second user of the
 * tenant who sent the same key got a conflict (or, with the same request, the first user's answer). They
 * are the caller's own: each user's request under a key runs and is replayed to that user only.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const KEY = 'a3b1c9e2-0000-4000-8000-000000000001';
const lee: Caller = { tenant: 't1', user: 'dr-lee', roles: ['clinician'] };
const okafor: Caller = { tenant: 't1', user: 'dr-okafor', roles: ['clinician'] };
const admin: Caller = { tenant: 't1', user: 'admin-1', roles: ['admin'] };

const transcriptSession = (clientId: string) => ({
  clientId,
  sessionDate: '2026-09-01',
  consent: { obtained: true, method: 'written', obtainedAt: '2026-08-01' },
  media: { contentType: 'audio/flac', bytes: 1000 },
});

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(() => {
  deps = memoryDeps();
  api = createApiHandler(deps);
});

const post = (caller: Caller, body: unknown) => api(apiEvent('POST', '/sessions', { caller, body, headers: { 'idempotency-key': KEY } }));
const sessionOf = (r: APIGatewayProxyResult) => (JSON.parse(r.body) as { sessionId: string }).sessionId;

describe('Idempotency-Key per caller, not per tenant', () => {
  it("another clinician of the tenant sending the same key runs their own request: no 422, no first user's answer", async () => {
    // Act
    const first = await post(lee, transcriptSession('client-lee'));
    const second = await post(okafor, transcriptSession('client-okafor'));

    // Assess
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.headers?.['idempotent-replayed']).toBeUndefined();
    expect(sessionOf(second)).not.toBe(sessionOf(first));
  });

  it("the same request under the same key from another user is that user's own, and each retry replays its caller's answer", async () => {
    // Prepare: an admin may create for any client, so both send the very same request.
    const body = transcriptSession('client-shared');
    const first = await post(admin, body);
    await deps.clients.assign({ tenantId: 't1', clientId: 'client-shared', clinicianId: 'dr-lee', createdAt: '2026-08-01T00:00:00.000Z' });

    // Act
    const other = await post(lee, body);
    const adminRetry = await post(admin, body);
    const leeRetry = await post(lee, body);

    // Assess
    expect(first.statusCode, first.body).toBe(201);
    expect(other.statusCode, other.body).toBe(201);
    expect(other.headers?.['idempotent-replayed']).toBeUndefined();
    expect(sessionOf(other)).not.toBe(sessionOf(first));
    expect(adminRetry.headers?.['idempotent-replayed']).toBe('true');
    expect(sessionOf(adminRetry)).toBe(sessionOf(first));
    expect(leeRetry.headers?.['idempotent-replayed']).toBe('true');
    expect(sessionOf(leeRetry)).toBe(sessionOf(other));
  });
});
