/**
 * Security finding H1 (issue 15): the answer kept for an `Idempotency-Key` is a copy of what the request
 * answered, and a signature's answer is the whole signed note. Erasing the session (or its client) must
 * take those copies with it, so a replayed request after the erasure runs as a new one and finds nothing.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { concernedSession } from '../../../lambdas/api/middlewares/idempotency.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { DeletionReceiptSchema } from '../../../schemas/api.js';
import { ROUTES, type RouteSpec } from '../../../schemas/routes.js';
import { fixtureTranscript } from '../../helpers.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const TENANT = 't1';
const CLIENT = 'client-7';
const clinician: Caller = { tenant: TENANT, user: 'dr-rivera', roles: ['clinician'] };

/** A COMPLETED session of the clinician's client, with note version 1 as the workflow leaves it. */
async function completedSession(deps: MemoryDeps, sessionId: string): Promise<void> {
  const transcript = fixtureTranscript('good-alliance.txt');
  const analysis = analyzeTranscript(transcript);
  const note = writeProgressNote({ transcript, format: 'soap', sessionDate: '2026-09-20', createdAt: new Date('2026-09-20T16:00:00Z'), analysis });
  const key = { tenantId: TENANT, sessionId };
  await deps.clients.assign({ tenantId: TENANT, clientId: CLIENT, clinicianId: clinician.user, createdAt: '2026-09-01T09:00:00Z' });
  await deps.sessions.createReceived({
    ...key,
    clientId: CLIENT,
    status: 'RECEIVED',
    sessionDate: '2026-09-20',
    createdAt: '2026-09-20T15:00:00Z',
    updatedAt: '2026-09-20T15:00:00Z',
    timings: {},
  });
  await deps.sessions.complete(key, { ...analysis, note, transcriptKey: `transcripts/${TENANT}/${CLIENT}/${sessionId}.json`, timings: {} });
}

function send(
  deps: MemoryDeps,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<APIGatewayProxyResult> {
  return createApiHandler(deps)(apiEvent(method, path, { caller: clinician, ...options }));
}

const signWithKey = (deps: MemoryDeps, sessionId: string, key: string) =>
  send(deps, 'POST', `/sessions/${sessionId}/note/sign`, { body: { version: 1 }, headers: { 'idempotency-key': key } });

describe('erasure reaches the answers kept for Idempotency-Key replays (H1)', () => {
  it('erasing a session erases its signed-note answer: the same sign request then answers 404, not the note', async () => {
    // Prepare
    const deps = memoryDeps();
    await completedSession(deps, 's-0920');
    const signed = await signWithKey(deps, 's-0920', 'sign-once');
    expect(signed.statusCode, signed.body).toBe(200);

    // Act
    const erased = await send(deps, 'DELETE', '/sessions/s-0920');
    const replay = await signWithKey(deps, 's-0920', 'sign-once');

    // Assess
    expect(erased.statusCode, erased.body).toBe(200);
    expect(DeletionReceiptSchema.parse(JSON.parse(erased.body)).removed.idempotencyRecords).toBe(1);
    expect(replay.statusCode, replay.body).toBe(404);
    expect(replay.headers?.['idempotent-replayed']).toBeUndefined();
    expect(replay.body).not.toBe(signed.body);
    expect([...deps.idempotency.items.values()].some((record) => record.response?.body === signed.body)).toBe(false);
  });

  it('erasing a client erases the signed-note answers of every one of its sessions', async () => {
    // Prepare
    const deps = memoryDeps();
    await completedSession(deps, 's-a');
    await completedSession(deps, 's-b');
    expect((await signWithKey(deps, 's-a', 'sign-a')).statusCode).toBe(200);
    expect((await signWithKey(deps, 's-b', 'sign-b')).statusCode).toBe(200);

    // Act
    const erased = await send(deps, 'DELETE', `/clients/${CLIENT}`);
    const replays = [await signWithKey(deps, 's-a', 'sign-a'), await signWithKey(deps, 's-b', 'sign-b')];

    // Assess
    expect(erased.statusCode, erased.body).toBe(200);
    expect(DeletionReceiptSchema.parse(JSON.parse(erased.body)).removed.idempotencyRecords).toBe(2);
    expect(replays.map((r) => r.statusCode)).toEqual([404, 404]);
    expect(replays.map((r) => r.headers?.['idempotent-replayed'])).toEqual([undefined, undefined]);
  });

  it('links every idempotent route that names a session in its path to that session', () => {
    // Prepare
    const sessionRoutes = (ROUTES as readonly RouteSpec[]).filter((route) => route.idempotent && route.path.includes('{id}'));

    // Act
    const linked = sessionRoutes.map((route) => concernedSession({ route, params: { id: 's-1' }, touched: {} }));
    const refused = concernedSession({ route: sessionRoutes[0]!, params: { id: 'not an id/..' }, touched: {} });

    // Assess
    expect(sessionRoutes.map((r) => r.operationId)).toContain('signNote');
    expect(linked).toEqual(sessionRoutes.map(() => 's-1'));
    expect(refused).toBeUndefined();
  });
});
