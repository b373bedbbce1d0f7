/**
 * How the API's steps (lambdas/api/middlewares/) meet: which answer the audit trail records, what an error
 * shows, and that every route of the table has its operation. The steps one by one are in dispatcher.test.ts.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { createOperations } from '../../../lambdas/api/operation-map.js';
import { AttuneError, ConflictError, InvalidInputError, NotFoundError } from '../../../lambdas/core/errors.js';
import { PROBLEM_BASE } from '../../../schemas/problems.js';
import { ROUTES } from '../../../schemas/routes.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const problem = (r: APIGatewayProxyResult) => JSON.parse(r.body) as { type: string; status: number; detail: string; instance?: string };
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

describe('the audit trail records the answer that leaves', () => {
  it('records a replayed answer like the first one', async () => {
    // Prepare
    const request = () => apiEvent('POST', '/sessions', { body: CREATE, headers: { 'idempotency-key': 'k-1' } });
    await api(request());

    // Act
    const again = await api(request());

    // Assess
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect(deps.audit.entries.map((e) => [e.action, e.status])).toEqual([
      ['session.create', 201],
      ['session.create', 201],
    ]);
  });

  it('records a refused request with its status, and keeps a path id refused as invalid out of the trail', async () => {
    // Prepare
    const event = apiEvent('GET', `/sessions/${encodeURIComponent('jane.doe@example.com')}`);

    // Act
    const r = await api(event);

    // Assess
    expect(r.statusCode).toBe(400);
    expect(deps.audit.entries).toHaveLength(1);
    expect(deps.audit.entries[0]).toMatchObject({ action: 'session.read', status: 400, requestId: event.requestContext.requestId });
    expect(JSON.stringify(deps.audit.entries)).not.toMatch(/jane/);
  });

  it('answers with the request id that the audit record carries', async () => {
    // Prepare
    const event = apiEvent('DELETE', '/sessions/s1', { caller: { tenant: 't1', user: 'sup', roles: ['supervisor'] } });

    // Act
    const r = await api(event);

    // Assess
    expect(r.statusCode).toBe(403);
    expect(problem(r).instance).toBe(event.requestContext.requestId);
    expect(deps.audit.entries[0]?.requestId).toBe(event.requestContext.requestId);
  });

  it('withholds an error answer too when its audit record cannot be written, trying the record once', async () => {
    // Prepare
    let attempts = 0;
    deps.audit.record = async () => {
      attempts += 1;
      throw new Error('throttled');
    };
    deps.sessions.get = async () => {
      throw new Error('Client said: I feel hopeless');
    };

    // Act
    const r = await api(apiEvent('GET', '/sessions/s1'));

    // Assess
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toMatch(/hopeless|throttled/);
    expect(attempts).toBe(1);
  });
});

describe('errors as problem details', () => {
  it("shows our own errors' messages with their status, and hides any other error's behind a 500", async () => {
    // Prepare
    const answers: [Error, number, string][] = [
      [new InvalidInputError('the session date is in the future', 'future_date'), 400, 'invalid-request'],
      [new NotFoundError('no such session', 'not_found'), 404, 'not-found'],
      [new ConflictError('the note changed meanwhile', 'conflict'), 409, 'conflict'],
      [new AttuneError('Client said: my sister', 'engine_failed'), 500, 'internal'],
      [new TypeError("Cannot read properties of undefined (reading 'turns')"), 500, 'internal'],
    ];

    for (const [error, status, type] of answers) {
      deps.sessions.get = async () => {
        throw error;
      };

      // Act
      const r = await api(apiEvent('GET', '/sessions/s1'));

      // Assess
      expect(r.statusCode, error.message).toBe(status);
      expect(r.headers?.['content-type']).toBe('application/problem+json');
      expect(problem(r).type).toBe(`${PROBLEM_BASE}${type}`);
      if (status < 500) expect(problem(r).detail).toBe(error.message);
      else expect(problem(r).detail).toBe('the request could not be completed; try again later');
    }
  });
});

describe('the operation map', () => {
  it('has an operation for every route of the table, and none besides', () => {
    // Act
    const operations = createOperations(deps);

    // Assess
    expect(Object.keys(operations).sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
    for (const [id, operation] of Object.entries(operations)) expect(typeof operation, id).toBe('function');
  });
});
