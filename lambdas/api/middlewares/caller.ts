/**
 * Who calls, and whether they may: the caller from the token's claims (principal.ts: 401, or 403 for a
 * user in no Attune group), then the caller's roles against the route's (403 naming the roles that may).
 * A public route has no caller.
 */
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
      if (!principal || route.auth === 'public' || hasRole(principal, ...route.auth)) return;
      throw new Problem('forbidden', `${route.method} ${route.path} is for ${route.auth.join(' or ')} users; you are ${principal.roles.join(', ')}`);
    },
  };
}
