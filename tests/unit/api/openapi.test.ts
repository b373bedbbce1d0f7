import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ApiDeps, RequestContext } from '../../../lambdas/api/context.js';
import { buildOpenApiDocument } from '../../../lambdas/api/openapi.js';
import { createMetaOperations } from '../../../lambdas/api/operations/meta.js';
import { PROBLEM_BASE, PROBLEMS } from '../../../schemas/problems.js';
import { pathParams, ROUTES, type RouteSpec } from '../../../schemas/routes.js';
import { requiredScope, scopeClaim } from '../../../schemas/scopes.js';
import { OPENAPI_FILE, renderOpenApi } from '../../../scripts/openapi.js';

type Json = Record<string, any>;
const routes = ROUTES as readonly RouteSpec[];
const doc = buildOpenApiDocument() as Json;
const operationOf = (route: RouteSpec): Json => doc.paths[route.path]?.[route.method.toLowerCase()];

/** The value a local `#/a/b` pointer names, or undefined. */
function resolvePointer(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), doc);
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

/** An operation's response, following a `$ref` to components.responses. */
function response(operation: Json, status: number): Json | undefined {
  const entry = operation.responses[String(status)];
  return entry?.$ref ? (resolvePointer(entry.$ref) as Json) : entry;
}

describe('the OpenAPI document', () => {
  it('is checked in as schemas/openapi.json, exactly as built', () => {
    const checkedIn = readFileSync(OPENAPI_FILE, 'utf8');

    expect(checkedIn, 'schemas/openapi.json is stale: run `npm run openapi`').toBe(renderOpenApi());
  });

  it('is the same document every time it is built', () => {
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(doc));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();

    const result = await validator.validate(structuredClone(doc));

    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.info).toMatchObject({ title: 'Attune', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(doc.components)).toEqual(expect.arrayContaining(['schemas', 'responses', 'securitySchemes']));
  });

  it('describes every route of the route table with its method, and nothing else', () => {
    for (const route of routes) {
      expect(operationOf(route), `${route.method} ${route.path}`).toMatchObject({ operationId: route.operationId, summary: route.summary, tags: [route.tag] });
    }
    const described = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);

    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      expect(resolvePointer(ref), ref).toBeDefined();
    }
  });

  it('names shared schemas once, as components, instead of inlining copies', () => {
    const text = JSON.stringify(doc);

    // ProgressNote is in Session and NoteVersion; its sessionFacts property appears once, in the component.
    expect(text.match(/"sessionFacts":/g)).toHaveLength(1);
    expect(operationOf(routes.find((r) => r.operationId === 'getSession')!).responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Session',
    });
    expect(doc.components.schemas.Session.properties.note.$ref).toBe('#/components/schemas/ProgressNote');
  });

  it('asks for a bearer token on every operation but the public ones, which answer no 401', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes.bearerAuth.description).toMatch(/custom:tenant/);
    for (const route of routes) {
      const operation = operationOf(route);
      if (route.auth === 'public') {
        expect(operation.security, route.operationId).toEqual([]);
        expect(operation.responses['401'], route.operationId).toBeUndefined();
      } else {
        expect(operation.security, route.operationId).toEqual([
          { bearerAuth: [] },
          { partnerOAuth: [scopeClaim(requiredScope(route.operationId as Parameters<typeof requiredScope>[0])!)] },
        ]);
        expect(operation.responses['401'], route.operationId).toBeDefined();
        expect(operation['x-attune-roles'], route.operationId).toEqual(route.auth);
        expect(operation.description, route.operationId).toContain(`Roles: ${route.auth.join(', ')}`);
      }
    }
  });

  it('answers errors as problem+json, with 413 and 415 where there is a body, 409 and 422 where there is an Idempotency-Key, and 429 with Retry-After everywhere', () => {
    for (const route of routes) {
      const operation = operationOf(route);
      const errors = Object.keys(operation.responses)
        .map(Number)
        .filter((status) => status >= 400);
      for (const status of errors) {
        expect(response(operation, status)?.content, `${route.operationId} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
      expect(response(operation, 429)?.headers?.['Retry-After'], route.operationId).toBeDefined();
      expect(errors, route.operationId).toContain(500);
      expect(errors.includes(413) && errors.includes(415), route.operationId).toBe(route.body !== undefined);
      expect(errors.includes(422), route.operationId).toBe(route.idempotent === true);
      if (route.idempotent) {
        expect(errors, route.operationId).toContain(409);
        expect(operation.parameters, route.operationId).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      }
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
  });

  it('lists every problem type: in the Problem schema, and on the error responses with its status', () => {
    const types = Object.keys(PROBLEMS).map((type) => `${PROBLEM_BASE}${type}`);

    expect(doc.components.schemas.Problem.properties.type.examples).toEqual(types);
    const described = JSON.stringify(doc.components.responses);
    for (const [type, { status }] of Object.entries(PROBLEMS)) {
      if (status === 405) continue; // answered locally only: API Gateway answers an unknown method as an unknown path
      expect(described, type).toContain(`${PROBLEM_BASE}${type}`);
    }
  });

  it('takes path ids with the id pattern, and each query parameter of the route with its schema', () => {
    for (const route of routes) {
      const item = doc.paths[route.path];
      const names = pathParams(route.path);
      expect(
        (item.parameters ?? []).map((p: Json) => p.name),
        route.path,
      ).toEqual(names);
      for (const parameter of item.parameters ?? []) {
        expect(parameter, route.path).toMatchObject({
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$', maxLength: 64 },
        });
      }
      const query = (operationOf(route).parameters ?? []).filter((p: Json) => p.in === 'query');
      expect(
        query.map((p: Json) => p.name),
        route.operationId,
      ).toEqual(Object.keys(route.query?.shape ?? {}));
    }
    const listAudit = operationOf(routes.find((r) => r.operationId === 'listAudit')!);
    expect(listAudit.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', required: false, schema: expect.objectContaining({ type: 'integer', default: 20, maximum: 100 }) }),
    );
    expect(listAudit.parameters).toContainEqual(expect.objectContaining({ name: 'from', description: expect.stringMatching(/First day/) }));
  });

  it('describes each request body as JSON from its schema', () => {
    for (const route of routes.filter((r) => r.body)) {
      expect(operationOf(route).requestBody, route.operationId).toMatchObject({
        required: true,
        content: { 'application/json': { schema: expect.anything() } },
      });
    }
    const create = operationOf(routes.find((r) => r.operationId === 'createSession')!);
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateSessionRequest' });
  });
});

describe('GET /openapi.json', () => {
  it('answers the document as JSON that caches can keep for five minutes', async () => {
    const { getOpenApi } = createMetaOperations({} as ApiDeps);

    const answer = (await getOpenApi!({} as RequestContext)) as APIGatewayProxyResult;

    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'public, max-age=300' });
    expect(JSON.parse(answer.body)).toEqual(doc);
  });
});
