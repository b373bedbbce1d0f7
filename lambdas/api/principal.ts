/**
 * Who is calling: the tenant, the user and their roles, from the claims API Gateway's Cognito authorizer
 * puts in the request context (the local server's token check puts the same claims there). The tenant
 * comes only from the token, never from the request.
 *
 * - `custom:tenant`: the tenant (a Cognito custom attribute, immutable)
 * - `sub`: the user
 * - `cognito:groups`: the roles (groups named clinician, supervisor, admin). API Gateway's REST
 *   authorizer hands a list claim over as a string ("clinician", "admin,clinician" or "[admin clinician]").
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { RoleSchema, type Role } from '../../schemas/api.js';
import { IdSchema } from '../../schemas/session-record.js';
import { Problem } from './problem.js';

export interface Principal {
  tenantId: string;
  userId: string;
  roles: Role[];
}

export const TENANT_CLAIM = 'custom:tenant';
export const GROUPS_CLAIM = 'cognito:groups';

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((g) => g.length > 0);
}

/** The caller, or a 401/403 problem. */
export function principalOf(event: APIGatewayProxyEvent): Principal {
  const raw: unknown = event.requestContext.authorizer?.claims;
  const claims = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
  if (!claims)
    throw new Problem('unauthorized', 'send a token: Authorization: Bearer <token> (locally, `npx attune token --tenant <t> --user <u>` prints one)', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  const tenant = claims[TENANT_CLAIM];
  const user = claims.sub;
  if (typeof tenant !== 'string' || !IdSchema.safeParse(tenant).success) {
    throw new Problem('unauthorized', 'the token carries no valid custom:tenant claim; sign in with a user that belongs to a tenant', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  if (typeof user !== 'string' || user.length === 0 || user.length > 128) {
    throw new Problem('unauthorized', 'the token carries no user (sub claim); sign in again', { headers: { 'www-authenticate': 'Bearer' } });
  }
  const roles = [...new Set(groupsOf(claims[GROUPS_CLAIM]).filter((g): g is Role => RoleSchema.safeParse(g).success))];
  if (roles.length === 0) {
    throw new Problem('forbidden', 'the user is in none of the groups clinician, supervisor or admin; ask your administrator to add them to one');
  }
  return { tenantId: tenant, userId: user, roles };
}

export const hasRole = (principal: Principal, ...roles: Role[]): boolean => roles.some((r) => principal.roles.includes(r));
