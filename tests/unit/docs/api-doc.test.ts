import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_DOC_FILE,
  type OpenApiDocument,
  readOpenApi,
  renderApiDoc,
  renderProblems,
  renderRoutes,
  replaceBlock,
  ROUTES_BLOCK,
} from '../../../scripts/api-doc.js';
import { root } from '../../helpers.js';

/** A document with one public and two signed-in operations, shaped as scripts/openapi.ts writes them. */
const SMALL_DOC: OpenApiDocument = {
  tags: [{ name: 'Sessions' }, { name: 'Meta' }],
  paths: {
    '/openapi.json': { get: { summary: 'This document', tags: ['Meta'], 'x-attune-roles': [], responses: { '200': {} } } },
    '/sessions/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true }],
      get: {
        summary: 'One session',
        tags: ['Sessions'],
        'x-attune-roles': ['clinician', 'admin'],
        parameters: [{ name: 'include', in: 'query' }],
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } } },
          '401': { $ref: '#/components/responses/Unauthorized' },
        },
      },
      delete: {
        summary: 'Erase a session | for good',
        tags: ['Sessions'],
        'x-attune-roles': ['admin'],
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        responses: { '204': {}, '401': { $ref: '#/components/responses/Unauthorized' }, '409': { $ref: '#/components/responses/Conflict' } },
      },
    },
  },
  components: {
    parameters: { IdempotencyKey: { name: 'Idempotency-Key', in: 'header' } },
    responses: { Unauthorized: { description: 'Sign in first.' }, Conflict: { description: 'Still processing.' } },
  },
};

const ROUTE = /`((?:GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) \/[^`]*)`/;
/** Table rows whose first or second cell is a route (`GET /sessions`): the shape of a routes table. */
const routeRows = (table: string): string[] => table.split('\n').filter((line) => new RegExp(`^\\|(?: [^|]* \\|)? ${ROUTE.source}`).test(line));

describe('docs/api.md, generated from the OpenAPI document (npm run docs:api)', () => {
  it('holds exactly the routes and problem types the script writes from schemas/openapi.json', () => {
    const committed = readFileSync(API_DOC_FILE, 'utf8');

    const written = renderApiDoc(committed, readOpenApi());

    expect(committed, 'docs/api.md is stale: run `npm run docs:api`').toBe(written);
  });

  it('has one row per operation of the document, none missing and none invented', () => {
    const doc = readOpenApi();
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${path}`),
    );

    const rows = routeRows(renderRoutes(doc)).map((row) => ROUTE.exec(row)![1]);

    expect(rows.sort()).toEqual(operations.sort());
  });

  it('writes who may call each route, its query and header parameters, and what it answers', () => {
    const table = renderRoutes(SMALL_DOC);

    expect(routeRows(table)).toEqual([
      '| Sessions | `GET /sessions/{id}` | clinician, admin | One session | `?include` | 200 `Session` |',
      '| Sessions | `DELETE /sessions/{id}` | admin | Erase a session \\| for good | `Idempotency-Key` | 204; also 409 |',
      '| Meta | `GET /openapi.json` | anyone, no token | This document |  | 200 |',
    ]);
    expect(table).toContain('Every route that needs a token can also answer 401');
  });

  it('lists each problem response once, with the statuses that answer it', () => {
    const table = renderProblems(SMALL_DOC);

    expect(table.split('\n').slice(2)).toEqual(['| 401 | `Unauthorized` | Sign in first. |', '| 409 | `Conflict` | Still processing. |']);
  });

  it('changes nothing when run twice', () => {
    const once = renderApiDoc(readFileSync(API_DOC_FILE, 'utf8'), SMALL_DOC);

    const twice = renderApiDoc(once, SMALL_DOC);

    expect(twice).toBe(once);
  });

  it('refuses a doc whose markers are missing, instead of writing the table somewhere else', () => {
    const attempt = () => replaceBlock('# The partner API\n\nno markers here\n', ROUTES_BLOCK, 'table');

    expect(attempt).toThrow('docs/api.md needs the markers');
  });

  it('leaves no hand-written copy of a route row in the README, CONTRIBUTING.md or docs/', () => {
    const docs = readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => join('docs', name));
    const files = ['README.md', 'CONTRIBUTING.md', ...docs];

    const copies = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        return [];
      }
      const start = text.indexOf(ROUTES_BLOCK.start);
      const outside = start === -1 ? text : text.slice(0, start) + text.slice(text.indexOf(ROUTES_BLOCK.end));
      return routeRows(outside).map((row) => `${file}: ${row}`);
    });

    expect(copies).toEqual([]);
  });
});
