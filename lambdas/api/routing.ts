/**
 * Finding a request's route in the route table (schemas/routes.ts) the way API Gateway does: the handler
 * uses it where a local server gives no resource template, and the local server (local/http/http-api.ts) to
 * decide which routes need a token.
 */
import { pathParams, ROUTES, type HttpMethod, type Route } from '../../schemas/routes.js';

const MATCHERS = ROUTES.map((route) => ({
  route: route as Route,
  pattern: new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '([^/]+)')}/?$`),
  params: pathParams(route.path),
}));

/**
 * The resource template for a path, and its decoded parameters (what API Gateway puts in
 * `resource` and `pathParameters`); null when no route has that path. `methods` lists the methods
 * the template serves.
 */
export function matchPath(path: string): { template: string; params: Record<string, string>; methods: HttpMethod[] } | null {
  for (const { route, pattern, params } of MATCHERS) {
    const match = pattern.exec(path);
    if (!match) continue;
    const values = match.slice(1).map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return null;
      }
    });
    if (values.some((v) => v === null)) continue;
    const methods = MATCHERS.filter((m) => m.route.path === route.path).map((m) => m.route.method);
    return { template: route.path, params: Object.fromEntries(params.map((name, i) => [name, values[i]!])), methods };
  }
  return null;
}

export function findRoute(template: string, method: string): Route | null {
  return (ROUTES as readonly Route[]).find((r) => r.path === template && r.method === method) ?? null;
}
