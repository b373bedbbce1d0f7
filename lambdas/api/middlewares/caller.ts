/**
 * Who calls, and whether they may: the caller from the token's claims (principal.ts: 401, or 403 for a
 * user in no Attune group or an app client that is not a configured partner), then the caller's roles
 * against the route's (403 naming the roles that may), or a partner's scopes against the route's scope
 * (403 naming the scope it needs, schemas/scopes.ts). A public route has no caller. No answer repeats
 * anything the caller sent: the route, the roles and the scopes it names come from the route table.
 */
import { requiredScope, scopeClaim } from '../../../schemas/scopes.js';
import { hasRole, principalOf } from '../principal.js';
import { Problem } from '../problem.js';
import { established, type ApiMiddleware } from './call.js';

export function authenticate(): ApiMiddleware {
  return {
    before: ({ event, context: { call } }) => {
      if (established(call.route, 'route').auth !== 'public') call.principal = principalOf(event);
    },
  };
}

export function authorize(): ApiMiddleware {
  return {
    before: ({ context: { call } }) => {
      const route = established(call.route, 'route');
      const { principal } = call;
      if (!principal || route.auth === 'public') return;
      if (principal.partner) {
        const scope = requiredScope(route.operationId);
        if (!scope || principal.partner.scopes.includes(scope)) return;
        const held = principal.partner.scopes.map(scopeClaim).join(' ') || "none of Attune's scopes";
        throw new Problem(
          'forbidden',
          `${route.method} ${route.path} needs the scope ${scopeClaim(scope)}; this partner's token has ${held}. Ask the deployer to grant it (docs/partners.md)`,
        );
      }
      if (hasRole(principal, ...route.auth)) return;
      throw new Problem('forbidden', `${route.method} ${route.path} is for ${route.auth.join(' or ')} users; you are ${principal.roles.join(', ')}`);
    },
  };
}
