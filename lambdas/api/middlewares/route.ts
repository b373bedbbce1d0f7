/** The route of the table a request is for: 404 for a path no route has, 405 (with Allow) for a method it does not take. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Route } from '../../../schemas/routes.js';
import { Problem } from '../problem.js';
import { findRoute, matchPath } from '../routing.js';
import type { ApiMiddleware } from './call.js';

/** From API Gateway's resource template, or from the path where a local server gives none. */
function routeOf(event: APIGatewayProxyEvent): { route: Route; params: Record<string, string> } {
  const fromTemplate = event.resource?.includes('{') ? event.resource : undefined;
  const matched = matchPath(fromTemplate ? event.resource : event.path);
  if (!matched) throw new Problem('not-found', 'no such resource; GET /openapi.json describes the API');
  const route = findRoute(matched.template, event.httpMethod);
  if (!route) {
    // The method is not said back (it is the caller's text): the route's own methods are.
    throw new Problem('method-not-allowed', `this method is not supported on ${matched.template}; use ${matched.methods.join(' or ')}`, {
      headers: { allow: matched.methods.join(', ') },
    });
  }
  const params = fromTemplate ? Object.fromEntries(Object.keys(matched.params).map((k) => [k, event.pathParameters?.[k] ?? ''])) : matched.params;
  return { route, params };
}

export function resolveRoute(): ApiMiddleware {
  return {
    before: ({ event, context: { call } }) => {
      const { route, params } = routeOf(event);
      call.route = route;
      call.params = params;
    },
  };
}
