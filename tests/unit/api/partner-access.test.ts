/**
 * Partner access and the caller findings of issue 15 at the API handler, with events shaped as API
 * Gateway's REST Cognito authorizer sends them (every claim a string, the groups list flattened with
 * commas): a partner's access token is bound to its tenant by the partner API's stage, never by the
 * request; each route needs its scope (403 naming it); audit records name the partner; group names are
 * an exact list; and no audit record keeps a path value that is not an id.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { groupsOf } from '../../../lambdas/api/principal.js';
import { ROUTES } from '../../../schemas/routes.js';
import { ROUTE_SCOPES, scopeClaim, scopesOfClaim, SCOPES, type Scope } from '../../../schemas/scopes.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const CLIENT_ID = '4k2m9a1b3c5d7e9f0g2h4j6k8l';
const API_KEY_ID = 'abcd1234ef';
/** The partner API's stage, as lib/constructs/partner-access.ts configures it. */
const STAGE = { partner0: `${CLIENT_ID},ehr-vendor,t1,${API_KEY_ID}`, partner1: 'otherclient0000000000000000,other-vendor,t2,zzzz9999' };

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;

beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  await seed(deps, completedRecord());
  await seed(deps, completedRecord({ tenantId: 't2', clientId: 'c2', sessionId: 's2' }));
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(payload)}.c2lnbmF0dXJl`;

/** A request with a client-credentials access token, as the partner API hands it to the function. */
function partnerEvent(
  method: string,
  path: string,
  scopes: readonly Scope[],
  options: { body?: unknown; clientId?: string; apiKeyId?: string; stage?: Record<string, string> | null; claims?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const event = apiEvent(method, path, options.body === undefined ? {} : { body: options.body });
  const clientId = options.clientId ?? CLIENT_ID;
  event.requestContext.authorizer = {
    claims: {
      sub: clientId,
      client_id: clientId,
      token_use: 'access',
      scope: scopes.map(scopeClaim).join(' '),
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
      ...options.claims,
    },
  };
  event.stageVariables = options.stage === undefined ? STAGE : options.stage;
  (event.requestContext.identity as { apiKeyId?: string }).apiKeyId = options.apiKeyId ?? API_KEY_ID;
  return event;
}

const problem = (r: APIGatewayProxyResult) => JSON.parse(r.body) as { type: string; detail: string };

describe('partner access tokens (client credentials)', () => {
  it('a token with notes.read reads a note of its bound tenant, and signing is 403 naming attune/notes.sign', async () => {
    // Act
    const read = await api(partnerEvent('GET', '/sessions/s1/note', ['notes.read']));
    const sign = await api(partnerEvent('POST', '/sessions/s1/note/sign', ['notes.read'], { body: { attestation: 'Reviewed' } }));

    // Assess
    expect(read.statusCode, read.body).toBe(200);
    expect(sign.statusCode).toBe(403);
    expect(problem(sign).detail).toContain('needs the scope attune/notes.sign');
    expect(problem(sign).detail).toContain('attune/notes.read');
  });

  it("takes the tenant from the app client's binding: another tenant's session is 404, and a tenant claim in the token changes nothing", async () => {
    // Act
    const other = await api(partnerEvent('GET', '/sessions/s2', ['sessions.read'], { claims: { 'custom:tenant': 't2' } }));
    const own = await api(partnerEvent('GET', '/sessions/s1', ['sessions.read'], { claims: { 'custom:tenant': 't2' } }));

    // Assess
    expect(other.statusCode).toBe(404);
    expect(own.statusCode).toBe(200);
  });

  it('refuses an app client with no binding, and a partner calling with another partner’s API key', async () => {
    // Act
    const unbound = await api(partnerEvent('GET', '/sessions/s1', ['sessions.read'], { clientId: 'unknownclient0000000000000' }));
    const noStage = await api(partnerEvent('GET', '/sessions/s1', ['sessions.read'], { stage: null, claims: { 'custom:tenant': 't1' } }));
    const wrongKey = await api(partnerEvent('GET', '/sessions/s1', ['sessions.read'], { apiKeyId: 'zzzz9999' }));

    // Assess
    expect(unbound.statusCode).toBe(403);
    expect(problem(unbound).detail).toMatch(/not a configured partner/);
    expect(noStage.statusCode).toBe(403);
    expect(wrongKey.statusCode).toBe(403);
    expect(problem(wrongKey).detail).toMatch(/API key/);
  });

  it('writes audit records that name the partner and its scopes, with no role', async () => {
    // Act
    await api(partnerEvent('GET', '/sessions/s1/note', ['notes.read', 'sessions.read']));

    // Assess
    const entry = deps.audit.entries.at(-1)!;
    expect(entry).toMatchObject({ tenantId: 't1', actor: 'partner:ehr-vendor', partner: 'ehr-vendor', roles: [], action: 'note.read', sessionId: 's1' });
    expect(entry.scopes).toEqual(['notes.read', 'sessions.read']);
  });

  it('a partner is held to its scopes on every route, whatever the route’s roles', async () => {
    for (const route of ROUTES) {
      if (route.auth === 'public') continue;
      const path = route.path.replace(/\{[^}]+\}/g, 'x1');
      const others = SCOPES.filter((s) => s !== ROUTE_SCOPES[route.operationId]);
      const r = await api(partnerEvent(route.method, path, others, 'body' in route ? { body: {} } : {}));
      expect(r.statusCode, route.operationId).toBe(403);
      expect(problem(r).detail, route.operationId).toContain(scopeClaim(ROUTE_SCOPES[route.operationId] as Scope));
    }
  });
});

describe('scopes (schemas/scopes.ts)', () => {
  it('every route has a scope or is public, and a public route is exactly one the table calls public', () => {
    for (const route of ROUTES) expect(ROUTE_SCOPES[route.operationId] === 'public', route.operationId).toBe(route.auth === 'public');
    expect(Object.keys(ROUTE_SCOPES).sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
  });

  it("reads a token's scope claim as OAuth2's space-separated list, each entry whole", () => {
    expect(scopesOfClaim('attune/notes.read aws.cognito.signin.user.admin attune/erase')).toEqual(['notes.read', 'erase']);
    expect(scopesOfClaim('attune/notes.read,attune/erase')).toEqual([]);
    expect(scopesOfClaim('notes.read')).toEqual([]);
    expect(scopesOfClaim(undefined)).toEqual([]);
  });
});

describe('role names are an exact list (Low finding)', () => {
  const userEvent = (groups: string, token?: Record<string, unknown>) => {
    const event = apiEvent('GET', '/audit', { caller: { tenant: 't1', user: 'u9', roles: [] } });
    event.requestContext.authorizer = { claims: { sub: 'u9', 'custom:tenant': 't1', 'cognito:groups': groups, token_use: 'id' } };
    if (token) event.headers = { ...event.headers, Authorization: `Bearer ${jwt(token)}` };
    return event;
  };

  it('"admin,clinician" as one value gives no admin: 403, never the audit trail', async () => {
    // Act
    const flattened = await api(userEvent('admin,clinician'));
    const spaced = await api(userEvent('admin clinician'));
    const bracketed = await api(userEvent('[admin clinician]'));

    // Assess
    for (const r of [flattened, spaced, bracketed]) expect(r.statusCode).toBe(403);
  });

  it('a single group named "admin,clinician" in the verified token is not admin', async () => {
    const r = await api(userEvent('admin,clinician', { sub: 'u9', token_use: 'id', 'cognito:groups': ['admin,clinician'] }));
    expect(r.statusCode).toBe(403);
  });

  it('two groups admin and clinician in the verified token are both roles', async () => {
    const r = await api(userEvent('admin,clinician', { sub: 'u9', token_use: 'id', 'cognito:groups': ['admin', 'clinician'] }));
    expect(r.statusCode, r.body).toBe(200);
  });

  it('a token in the header that is not the verified one (another sub) is not read', async () => {
    const r = await api(userEvent('admin,clinician', { sub: 'someone-else', token_use: 'id', 'cognito:groups': ['admin', 'clinician'] }));
    expect(r.statusCode).toBe(403);
  });

  it('groupsOf never splits a string', () => {
    expect(groupsOf('admin', null)).toEqual(['admin']);
    expect(groupsOf('admin,clinician', null)).toEqual(['admin,clinician']);
    expect(groupsOf(['admin', 'clinician'], null)).toEqual(['admin', 'clinician']);
    expect(groupsOf(undefined, null)).toEqual([]);
  });
});

describe('audit records keep no caller text (Low finding)', () => {
  it('a path value that is not an id is named by its parameter, never copied', async () => {
    // Act
    const r = await api(apiEvent('GET', '/sessions/Jane%20Doe%20<script>', { caller: { tenant: 't1', user: 'u1', roles: ['clinician'] } }));

    // Assess
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    const entry = deps.audit.entries.at(-1)!;
    expect(JSON.stringify(entry)).not.toMatch(/Jane|script/);
    expect(entry.sessionId).toBeUndefined();
    expect(entry.invalidPathParameters).toEqual(['id']);
  });
});
