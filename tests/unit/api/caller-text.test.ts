/**
 * Security findings of issue 15 (Low) at the API handler, with events shaped as API Gateway sends them
 * (JSON, so a query name `__proto__` is an own property): query names that are Object.prototype's own
 * (`__proto__`, `constructor`, `hasOwnProperty`) or unknown are a 400 problem on every route, never a 500
 * and never ignored; and no problem echoes the caller's text (an unknown query name, a path id), in the
 * answer, the audit record or the logs.
 */
import fc from 'fast-check';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { PROBLEM_BASE } from '../../../schemas/problems.js';
import { ROUTES, type Route } from '../../../schemas/routes.js';
import type { Role } from '../../../schemas/api.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const MARKER = 'PHI-MARKER';
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'hasOwnProperty'] as const;

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
let printed: string[];

beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  await seed(deps, completedRecord());
  printed = [];
  const keep = (chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void keep(args.join(' ')));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The route's path with ids of the seeded session, client and a webhook. */
function pathOf(route: Route): string {
  return route.path.replace('{id}', 's1').replace('{clientId}', 'c1').replace('{webhookId}', 'w1');
}

/** A caller the route lets in, so the request reaches validation. */
function callerFor(route: Route): { tenant: string; user: string; roles: Role[] } {
  const roles: Role[] = route.auth === 'public' ? ['clinician'] : [route.auth.includes('admin') ? 'admin' : route.auth[0]!];
  return { tenant: 't1', user: 'u1', roles };
}

/** The request API Gateway's proxy integration sends: a JSON document, so every query name is an own property. */
function withQueryJson(route: Route, queryJson: string): APIGatewayProxyEvent {
  const event = apiEvent(route.method, pathOf(route), { caller: callerFor(route), ...(route.body ? { body: {} } : {}) });
  event.queryStringParameters = JSON.parse(queryJson) as Record<string, string>;
  return event;
}

const problem = (r: APIGatewayProxyResult) =>
  JSON.parse(r.body) as { type: string; status: number; detail: string; errors?: { pointer: string; detail: string }[] };

describe('query names that are Object.prototype properties, on every route', () => {
  for (const route of ROUTES) {
    for (const name of PROTOTYPE_NAMES) {
      const spec: Route = route;
      it(`${route.method} ${route.path}?${name}= answers 400 unknown query parameter, naming the ones it takes`, async () => {
        // Act
        const r = await api(withQueryJson(spec, JSON.stringify({ [name]: '' })));

        // Assess
        expect(r.statusCode, r.body).toBe(400);
        expect(r.headers?.['content-type']).toBe('application/problem+json');
        expect(problem(r).type).toBe(`${PROBLEM_BASE}invalid-request`);
        expect(problem(r).detail).toMatch(/unknown query parameter/);
        const allowed = spec.query ? Object.keys(spec.query.shape) : [];
        for (const known of allowed) expect(problem(r).detail).toContain(known);
      });
    }
  }
});

describe('unknown query names (property: any name a route does not take)', () => {
  const names = fc.oneof(
    fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)),
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => `${MARKER}${s}`),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((s) => `<script>${MARKER}${s}`),
  );

  it('are a 400 problem on every route, never a 500, and the answer never holds the name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(ROUTES as readonly Route[])), names, fc.string({ maxLength: 20 }), async (route, name, value) => {
        fc.pre(!(route.query && Object.hasOwn(route.query.shape, name)));
        const r = await api(withQueryJson(route, JSON.stringify({ [name]: value })));
        expect(r.statusCode, r.body).toBe(400);
        expect(problem(r).type).toBe(`${PROBLEM_BASE}invalid-request`);
        if (name.startsWith(MARKER) || name.startsWith('<script>')) expect(r.body).not.toContain(name);
      }),
      { numRuns: 300 },
    );
  });
});

describe('caller text in problems, audit records and logs', () => {
  const everywhere = () => [JSON.stringify(deps.audit.entries), ...printed].join('\n');

  it('an unknown query name is not echoed: the answer says "unknown query parameter" and lists the allowed names', async () => {
    // Act
    const r = await api(apiEvent('GET', '/sessions/s1', { query: { [`<script>${MARKER}`]: '1' } }));

    // Assess
    expect(r.statusCode).toBe(400);
    expect(problem(r).detail).toMatch(/unknown query parameter.*include/);
    expect(r.body).not.toContain(MARKER);
    expect(everywhere()).not.toContain(MARKER);
  });

  it('a path id that is not an id is not echoed in the answer, the audit record or the logs', async () => {
    // Act
    const r = await api(apiEvent('GET', `/sessions/${encodeURIComponent(`<script>${MARKER}`)}`));

    // Assess
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain(MARKER);
    expect(everywhere()).not.toContain(MARKER);
  });

  it.each([
    ['GET', `/sessions/${MARKER}-1`],
    ['GET', `/sessions/${MARKER}-1/note`],
    ['DELETE', `/sessions/${MARKER}-1`],
    ['GET', `/clients/${MARKER}-1/sessions`],
    ['GET', `/clients/${MARKER}-1/alliance`],
  ])('%s %s (an id that names nothing) answers 404 without the id', async (method, path) => {
    // Act
    const r = await api(apiEvent(method, path));

    // Assess
    expect(r.statusCode, r.body).toBe(404);
    expect(problem(r).type).toBe(`${PROBLEM_BASE}not-found`);
    expect(r.body).not.toContain(MARKER);
    expect(printed.join('\n')).not.toContain(MARKER);
  });

  it('DELETE /webhooks/{id} of no webhook answers 404 without the id', async () => {
    // Act
    const r = await api(apiEvent('DELETE', `/webhooks/${MARKER}-1`, { caller: { tenant: 't1', user: 'a1', roles: ['admin'] } }));

    // Assess
    expect(r.statusCode, r.body).toBe(404);
    expect(r.body).not.toContain(MARKER);
  });
});
