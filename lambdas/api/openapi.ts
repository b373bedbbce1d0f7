/**
 * The partner API as one OpenAPI 3.1 document, generated from the route table (schemas/routes.ts), the zod
 * bodies (schemas/api.ts) and the problem types (schemas/problems.ts), so the document cannot say something the handler
 * does not do. It is served at `GET /openapi.json` and checked in as `schemas/openapi.json`
 * (`npm run openapi`; a test fails when the two differ).
 *
 * Schemas are JSON Schema draft 2020-12 (OpenAPI 3.1's dialect). Every schema with a `.meta({ id })` is a
 * component referenced by `$ref`, never an inlined copy; request bodies are described as accepted (defaults
 * optional, numbers coerced) and responses as answered. A component whose accepted form differs from its
 * answered form appears twice, the request one suffixed `Input`.
 */
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { AllianceSchema } from '../../schemas/alliance.js';
import { ProblemSchema } from '../../schemas/api.js';
import { SessionMetricsSchema } from '../../schemas/metrics.js';
import { NoteSectionSchema, NoteSentenceSchema, ProgressNoteSchema } from '../../schemas/note.js';
import { ProvenanceSchema } from '../../schemas/provenance.js';
import { AllianceSeriesSchema } from '../../schemas/series.js';
import { FailureSchema, IdSchema, SessionStatusSchema } from '../../schemas/session-record.js';
import { TranscriptSchema } from '../../schemas/transcript.js';
import { PROBLEM_BASE, PROBLEMS, type ProblemType } from '../../schemas/problems.js';
import { type OperationId, pathParams, ROUTES, type RouteSpec } from '../../schemas/routes.js';
import { requiredScope, SCOPE_DESCRIPTIONS, SCOPES, scopeClaim } from '../../schemas/scopes.js';

type Json = Record<string, unknown>;

export const OPENAPI_VERSION = '3.1.0';
const API_VERSION: string = packageJson.version;
const BEARER = 'bearerAuth';
const PARTNER_OAUTH = 'partnerOAuth';
const PROBLEM_JSON = 'application/problem+json';

const TAGS: Record<RouteSpec['tag'], string> = {
  Sessions: 'Create a session (a recording to upload, or a transcript) and follow it to its results',
  Notes: 'The progress note: read it in a format or as FHIR, edit it, sign it',
  Supervision: "The supervision report: the therapist's work in a session, for the therapist and their supervisor; never exported as a clinical note",
  Clients: "A client's sessions and their alliance across sessions",
  Plans: "A client's treatment plan (versioned, edited and signed like a note), goals, measures and the pre-session brief",
  Erasure: 'Erase a session or a client and every trace of it, with a deletion receipt',
  Webhooks: 'Completed and failed events POSTed to your URL, signed with HMAC-SHA256',
  Audit: 'Who read or wrote which session data, and when',
  Meta: 'This document',
};

const PATH_PARAMETERS: Record<string, string> = {
  id: 'The session id (`sessionId`)',
  clientId: 'Your id for the client',
  webhookId: 'The webhook id',
};

/**
 * The pipeline's own contracts (schemas/*.ts) carry no ids; these are shared by several bodies, so the
 * document names them as components rather than repeating them.
 */
const DOMAIN_COMPONENTS = new Map<z.ZodType, string>([
  [AllianceSchema, 'Alliance'],
  [AllianceSeriesSchema, 'AllianceSeries'],
  [FailureSchema, 'Failure'],
  [NoteSectionSchema, 'NoteSection'],
  [NoteSentenceSchema, 'NoteSentence'],
  [ProgressNoteSchema, 'ProgressNote'],
  [ProvenanceSchema, 'Provenance'],
  [SessionMetricsSchema, 'SessionMetrics'],
  [SessionStatusSchema, 'SessionStatus'],
  [TranscriptSchema, 'Transcript'],
]);

/** The global metadata (descriptions, ids), plus an id for each of DOMAIN_COMPONENTS. */
class ComponentRegistry extends z.core.$ZodRegistry<z.core.GlobalMeta> {
  override get(schema: z.core.$ZodType): z.core.GlobalMeta | undefined {
    const meta = z.globalRegistry.get(schema);
    const id = DOMAIN_COMPONENTS.get(schema as z.ZodType);
    return id ? { ...meta, id } : meta;
  }
}
const registry = new ComponentRegistry();

/**
 * The error responses, by status. Which problem types each may carry comes from PROBLEMS; `when` says
 * which operations declare it.
 */
const ERROR_RESPONSES: { status: number; name: string; note?: string; retryAfter?: boolean; when: (route: RouteSpec) => boolean }[] = [
  { status: 400, name: 'BadRequest', note: '`errors` names each field that failed, as a JSON pointer (`?name` for a query parameter).', when: isProtected },
  { status: 401, name: 'Unauthorized', note: 'No token, or one that is expired or carries no tenant.', when: isProtected },
  { status: 403, name: 'Forbidden', note: "Your role may not do this (see the operation's `x-attune-roles`).", when: isProtected },
  { status: 404, name: 'NotFound', note: "Missing, erased, another tenant's, or not one of your clients: these are indistinguishable.", when: isProtected },
  {
    status: 409,
    name: 'Conflict',
    note: '`idempotency-key-in-use` (with Retry-After) only on operations that take an Idempotency-Key.',
    retryAfter: true,
    when: (route) => route.method !== 'GET',
  },
  { status: 413, name: 'PayloadTooLarge', when: (route) => route.body !== undefined },
  {
    status: 415,
    name: 'UnsupportedMediaType',
    note: 'Send the body as JSON with `Content-Type: application/json`.',
    when: (route) => route.body !== undefined,
  },
  { status: 422, name: 'IdempotencyKeyReused', when: (route) => route.idempotent === true },
  { status: 429, name: 'TooManyRequests', note: 'Wait for Retry-After seconds, then retry.', retryAfter: true, when: () => true },
  { status: 500, name: 'InternalError', note: 'Safe to retry; the detail never says more.', when: () => true },
];

function isProtected(route: RouteSpec): boolean {
  return route.auth !== 'public';
}

const problemTypes = (status: number): ProblemType[] => (Object.keys(PROBLEMS) as ProblemType[]).filter((type) => PROBLEMS[type].status === status);

/** A deep copy with every `#/$defs/<id>` ref pointing at `#/components/schemas/<rename(id)>`. */
function relink(value: unknown, rename: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => relink(item, rename));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')
        ? [key, `#/components/schemas/${rename(decodeURIComponent(item.slice('#/$defs/'.length)))}`]
        : [key, relink(item, rename)],
    ),
  );
}

/** JSON Schemas for the named zod schemas, and the components they reference (still as `#/$defs`). */
function convert(entries: Record<string, z.ZodType>, io: 'input' | 'output'): { roots: Record<string, Json>; defs: Record<string, Json> } {
  const json = z.toJSONSchema(z.object(entries), {
    target: 'draft-2020-12',
    io,
    metadata: registry,
    // Responses may gain properties: clients ignore the ones they do not know.
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  }) as { properties: Record<string, Json>; $defs?: Record<string, Json> };
  return { roots: json.properties, defs: json.$defs ?? {} };
}

interface Schemas {
  request: (key: string) => Json;
  response: (key: string) => Json;
  components: Record<string, Json>;
}

/** Every body, query and response schema of the routes, converted together so shared ones become components. */
function convertSchemas(routes: readonly RouteSpec[]): Schemas {
  const requests: Record<string, z.ZodType> = {};
  const responses: Record<string, z.ZodType> = { Problem: ProblemSchema };
  for (const route of routes) {
    if (route.body) requests[`${route.operationId}:body`] = route.body;
    if (route.query) requests[`${route.operationId}:query`] = route.query;
    for (const [status, response] of Object.entries(route.responses)) if (response.schema) responses[`${route.operationId}:${status}`] = response.schema;
  }
  const input = convert(requests, 'input');
  const output = convert(responses, 'output');

  // A component accepted in another form than it is answered (a default, a coercion; or one that contains
  // such a component) is named `<id>Input` in requests. Grown until nothing changes.
  const renamed = new Set<string>();
  const requestName = (id: string) => (renamed.has(id) ? `${id}Input` : id);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, schema] of Object.entries(input.defs)) {
      const answered = output.defs[id];
      if (!answered || renamed.has(id)) continue;
      if (JSON.stringify(relink(schema, requestName)) !== JSON.stringify(relink(answered, (x) => x))) {
        renamed.add(id);
        grew = true;
      }
    }
  }

  const components: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(output.defs)) components[id] = relink(schema, (x) => x) as Json;
  for (const [id, schema] of Object.entries(input.defs))
    if (!(id in output.defs) || renamed.has(id)) components[requestName(id)] = relink(schema, requestName) as Json;
  const problem = components.Problem as { properties: { type: Json } };
  problem.properties.type.examples = (Object.keys(PROBLEMS) as ProblemType[]).map((type) => `${PROBLEM_BASE}${type}`);

  const root = (side: typeof input, rename: (id: string) => string, key: string): Json => {
    const schema = side.roots[key];
    if (!schema) throw new Error(`no schema converted for ${key}`);
    return relink(schema, rename) as Json;
  };
  return {
    request: (key) => root(input, requestName, key),
    response: (key) => root(output, (x) => x, key),
    components: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function rolesText(route: RouteSpec): string {
  if (route.auth === 'public') return 'Public: no token needed.';
  return `Roles: ${route.auth.join(', ')} (others get 403).`;
}

function operation(route: RouteSpec, schemas: Schemas): Json {
  const parameters: Json[] = [];
  if (route.query) {
    const query = schemas.request(`${route.operationId}:query`) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(query.properties ?? {})) {
      const { description, ...schema } = property;
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        ...(typeof description === 'string' ? { description } : {}),
        schema,
      });
    }
  }
  if (route.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

  const responses: Json = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const schema = response.schema ? schemas.response(`${route.operationId}:${status}`) : status === '204' ? undefined : { type: 'object' };
    responses[status] = {
      description: response.description,
      ...(route.idempotent ? { headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } } } : {}),
      ...(schema ? { content: { [response.contentType ?? 'application/json']: { schema } } } : {}),
    };
  }
  for (const error of ERROR_RESPONSES) if (error.when(route)) responses[String(error.status)] = { $ref: `#/components/responses/${error.name}` };

  const description = [route.description, rolesText(route), route.audit ? `Every call is audited as \`${route.audit}\`.` : undefined]
    .filter(Boolean)
    .join('\n\n');
  return {
    operationId: route.operationId,
    summary: route.summary,
    description,
    tags: [route.tag],
    security: route.auth === 'public' ? [] : [{ [BEARER]: [] }, { [PARTNER_OAUTH]: [scopeClaim(requiredScope(route.operationId as OperationId)!)] }],
    'x-attune-roles': route.auth === 'public' ? [] : [...route.auth],
    'x-attune-scope': route.auth === 'public' ? null : scopeClaim(requiredScope(route.operationId as OperationId)!),
    ...(route.audit ? { 'x-attune-audit': route.audit } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemas.request(`${route.operationId}:body`) } } } } : {}),
    responses,
  };
}

function errorResponses(routes: readonly RouteSpec[]): Json {
  const used = ERROR_RESPONSES.filter((error) => routes.some((route) => error.when(route)));
  return Object.fromEntries(
    used.map((error) => {
      const types = problemTypes(error.status);
      if (types.length === 0) throw new Error(`no problem type has status ${error.status}`);
      const listed = types.map((type) => `\`${PROBLEM_BASE}${type}\` (${PROBLEMS[type].title})`).join('; ');
      return [
        error.name,
        {
          description: [`Problem type${types.length > 1 ? 's' : ''}: ${listed}.`, error.note].filter(Boolean).join(' '),
          ...(error.retryAfter ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
          content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      ];
    }),
  );
}

const DESCRIPTION = [
  'Attune turns a recorded therapy session into a progress note and a measured picture of the therapeutic alliance.',
  "**Authentication.** Every operation but this document needs `Authorization: Bearer <token>`: in AWS a Cognito ID token, locally the last line of `npx attune token --tenant <tenant> --user <user> [--role clinician]`. The tenant comes from the token's `custom:tenant` claim, the roles from its groups (clinician, supervisor, admin); `x-attune-roles` on each operation lists the roles that may call it (empty: public).",
  '**Partners** (machine to machine, docs/partners.md) call the partner API with an OAuth2 client-credentials access token and their API key (`x-api-key`); the tenant is the one their app client is bound to. Each operation needs the scope in `x-attune-scope` (the `partnerOAuth` scheme); locally `npx attune token --tenant <tenant> --partner <name> --scopes notes.read,…` prints such a token.',
  "**Tenancy.** Every read and write is keyed by the caller's tenant. Another tenant's id, or a client that is not yours, answers 404 exactly as a missing one does.",
  '**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `type` URI: branch on `type`, not on the text.',
  '**Idempotency.** Operations that take an `Idempotency-Key` header answer a retry with the first answer (`Idempotent-Replayed: true`).',
  '**Pagination.** Lists answer `cursor` while there are more items: pass it back as `?cursor=`.',
].join('\n\n');

/** The API's OpenAPI 3.1 document; deterministic, so it can be checked in. */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}): Json {
  const routes = ROUTES as readonly RouteSpec[];
  const schemas = convertSchemas(routes);

  // Every path parameter is an id (the handler validates it with IdSchema before anything else).
  const { $schema: _dialect, ...idSchema } = z.toJSONSchema(IdSchema, { target: 'draft-2020-12' }) as Json;
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    const names = pathParams(route.path);
    if (names.length > 0 && !item.parameters) {
      item.parameters = names.map((name) => ({
        name,
        in: 'path',
        required: true,
        description: PATH_PARAMETERS[name] ?? `The ${name}`,
        schema: { ...idSchema },
      }));
    }
    item[route.method.toLowerCase()] = operation(route, schemas);
  }

  const used = new Set(routes.map((route) => route.tag));
  const tags = (Object.keys(TAGS) as RouteSpec['tag'][]).filter((name) => used.has(name)).map((name) => ({ name, description: TAGS[name] }));
  const servers = options.serverUrl
    ? [{ url: options.serverUrl }]
    : [
        {
          url: 'https://{apiId}.execute-api.{region}.amazonaws.com/v1',
          description: 'Your deployment (the stack output has the URL)',
          variables: { apiId: { default: 'example', description: 'The REST API id' }, region: { default: 'us-east-1' } },
        },
        { url: 'http://localhost:3000', description: 'The local runtime (`npm start`)' },
      ];

  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Attune',
      version: API_VERSION,
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers,
    tags,
    paths,
    components: {
      schemas: schemas.components,
      responses: errorResponses(routes),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same key with the same request answers the first answer; with another request, 422. Keys are kept for 24 hours; a UUID is a good choice.',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        },
      },
      headers: {
        RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
        IdempotentReplayed: {
          description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
          schema: { type: 'string', enum: ['true'] },
        },
      },
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito ID token in AWS (the ID token, not the access token: it carries `custom:tenant`); `npx attune token` locally. The `custom:tenant` claim is the tenant; the `cognito:groups` claim holds the roles (clinician, supervisor, admin).',
        },
        [PARTNER_OAUTH]: {
          type: 'oauth2',
          description:
            "Partners: an access token from the user pool's token endpoint (`POST https://<domain>/oauth2/token`, `grant_type=client_credentials`, the app client's id and secret as HTTP Basic), sent as `Authorization: Bearer <token>` with the partner's API key in `x-api-key` to the partner API (stack output `PartnerApiUrl`). The tenant is the one the app client is bound to, never the request's.",
          flows: {
            clientCredentials: {
              tokenUrl: 'https://your-domain-prefix.auth.your-region.amazoncognito.com/oauth2/token',
              scopes: Object.fromEntries(SCOPES.map((scope) => [scopeClaim(scope), SCOPE_DESCRIPTIONS[scope]])),
            },
          },
        },
      },
    },
  };
}
