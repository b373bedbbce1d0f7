/**
 * Who is calling: the tenant, the caller and what they may do, from the claims API Gateway's Cognito
 * authorizer puts in the request context (the local server's token check puts the same claims there). The
 * tenant comes only from the token or from the partner's binding, never from the request.
 *
 * A user (an ID token from sign-in):
 * - `custom:tenant`: the tenant (a Cognito custom attribute, immutable)
 * - `sub`: the user
 * - `cognito:groups`: the roles (groups named clinician, supervisor, admin), as an exact list: a group is a
 *   role only when its whole name is one. API Gateway's REST authorizer hands the list over flattened into
 *   one string ("admin,clinician"), which cannot tell two groups from one group named "admin,clinician";
 *   the exact list is read from the token the authorizer verified (the Authorization header), checked to
 *   be that same token. Without it, the string is one group name, never split.
 *
 * A partner (an access token from the client-credentials grant, docs/partners.md):
 * - `client_id`: the partner's app client; its binding (partner name, tenant, API key) is a variable of
 *   the partner API's stage (lib/constructs/partner-access.ts), which API Gateway sets and no caller can.
 *   Locally, where no stage exists, the local stand-in for Cognito signs the binding into the token
 *   (`attune token --partner`, iss `attune-local`).
 * - `scope`: what it may do (`attune/notes.read …`, schemas/scopes.ts), checked per route by authorize().
 * A partner acts for its whole tenant (an administrator's reach), only within its scopes.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { RoleSchema, type Role } from '../../schemas/api.js';
import { LOCAL_TOKEN_ISSUER, type Scope, scopesOfClaim } from '../../schemas/scopes.js';
import { IdSchema } from '../../schemas/session-record.js';
import { header } from './middlewares/call.js';
import { Problem } from './problem.js';

export interface PartnerCaller {
  /** The partner's name from its binding (configuration), as audit records name it. */
  name: string;
  /** Its app client (the token's `client_id`). */
  clientId: string;
  /** The Attune scopes its token carries. */
  scopes: Scope[];
}

export interface Principal {
  tenantId: string;
  /** The user (`sub`), or `partner:<name>` for a partner. */
  userId: string;
  /** A user's roles; a partner's reach is an administrator's in its tenant, narrowed by its scopes. */
  roles: Role[];
  /** Set when the caller is a partner (client credentials); its scopes, not roles, decide each route. */
  partner?: PartnerCaller;
}

export const TENANT_CLAIM = 'custom:tenant';
export const GROUPS_CLAIM = 'cognito:groups';
/** The partner API's stage variables that bind an app client: `partner0` = `<client id>,<name>,<tenant>,<API key id>`. */
export const PARTNER_STAGE_VARIABLE = /^partner\d+$/;

const MAX_TOKEN_CHARS = 8192;
const unauthorized = (detail: string) => new Problem('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * The payload of the bearer token the authorizer verified, when it is that same token: its `sub`,
 * `token_use`, `jti` and `client_id` are the claims'. Never trusted on its own: API Gateway (or the local
 * server) has checked its signature, and the cross-check makes sure it is the token that was checked.
 */
function verifiedPayload(event: APIGatewayProxyEvent, claims: Record<string, unknown>): Record<string, unknown> | null {
  const value = header(event, 'authorization');
  if (!value) return null;
  const token = value.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  if (token.length > MAX_TOKEN_CHARS || parts.length !== 3) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  for (const claim of ['sub', 'token_use', 'jti', 'client_id', 'iss']) {
    if (claims[claim] !== undefined && String(p[claim]) !== String(claims[claim])) return null;
  }
  return text(p.sub) ? p : null;
}

/** The user's groups as an exact list: an array claim, the verified token's list, or one whole value. */
export function groupsOf(claimed: unknown, token: Record<string, unknown> | null): string[] {
  if (Array.isArray(claimed)) return claimed.filter((g): g is string => typeof g === 'string');
  const exact = token?.[GROUPS_CLAIM];
  if (Array.isArray(exact)) {
    const list = exact.filter((g): g is string => typeof g === 'string');
    // API Gateway's REST authorizer joins the list with commas: the token's list must be what it flattened.
    return typeof claimed === 'string' && list.join(',') === claimed ? list : [];
  }
  return typeof claimed === 'string' && claimed.length > 0 ? [claimed] : [];
}

interface Binding {
  name: string;
  tenant: string;
  apiKeyId?: string;
}

/** The app client's binding from the partner API's stage variables (or, locally only, the local token). */
function bindingOf(event: APIGatewayProxyEvent, clientId: string, claims: Record<string, unknown>): Binding | null {
  for (const [name, value] of Object.entries(event.stageVariables ?? {})) {
    if (!PARTNER_STAGE_VARIABLE.test(name) || typeof value !== 'string') continue;
    const [client, partner, tenant, apiKeyId] = value.split(',');
    if (client === clientId && partner && tenant) return { name: partner, tenant, ...(apiKeyId ? { apiKeyId } : {}) };
  }
  // The local stand-in for Cognito (local/stand-ins/auth.ts) binds the partner to its tenant in the token it signs.
  if (claims.iss === LOCAL_TOKEN_ISSUER && typeof claims[TENANT_CLAIM] === 'string') return { name: clientId, tenant: claims[TENANT_CLAIM] };
  return null;
}

function partnerOf(event: APIGatewayProxyEvent, claims: Record<string, unknown>, token: Record<string, unknown> | null, clientId: string): Principal {
  const binding = bindingOf(event, clientId, claims);
  if (!binding || !IdSchema.safeParse(binding.tenant).success) {
    throw new Problem('forbidden', 'this app client is not a configured partner of this deployment; ask the deployer to add it (docs/partners.md)');
  }
  const apiKeyId = event.requestContext.identity?.apiKeyId;
  if (binding.apiKeyId && apiKeyId && apiKeyId !== binding.apiKeyId) {
    throw new Problem('forbidden', "the API key is not this partner's: send your own partner API key in x-api-key");
  }
  const scopes = scopesOfClaim(claims.scope ?? token?.scope);
  return { tenantId: binding.tenant, userId: `partner:${binding.name}`, roles: ['admin'], partner: { name: binding.name, clientId, scopes } };
}

/** The caller, or a 401/403 problem. */
export function principalOf(event: APIGatewayProxyEvent): Principal {
  const raw: unknown = event.requestContext.authorizer?.claims;
  const claims = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
  if (!claims) throw unauthorized('send a token: Authorization: Bearer <token> (locally, `npx attune token --tenant <t> --user <u>` prints one)');
  const token = verifiedPayload(event, claims);
  const tokenUse = text(claims.token_use) ?? text(token?.token_use);
  const clientId = text(claims.client_id) ?? text(token?.client_id);
  if (tokenUse === 'access' && clientId) return partnerOf(event, claims, token, clientId);

  const tenant = claims[TENANT_CLAIM];
  const user = claims.sub;
  if (typeof tenant !== 'string' || !IdSchema.safeParse(tenant).success) {
    throw unauthorized('the token carries no valid custom:tenant claim; sign in with a user that belongs to a tenant');
  }
  if (typeof user !== 'string' || user.length === 0 || user.length > 128) throw unauthorized('the token carries no user (sub claim); sign in again');
  const roles = [...new Set(groupsOf(claims[GROUPS_CLAIM], token).filter((g): g is Role => RoleSchema.safeParse(g).success))];
  if (roles.length === 0) {
    throw new Problem('forbidden', 'the user is in none of the groups clinician, supervisor or admin; ask your administrator to add them to one');
  }
  return { tenantId: tenant, userId: user, roles };
}

export const hasRole = (principal: Principal, ...roles: Role[]): boolean => roles.some((r) => principal.roles.includes(r));
