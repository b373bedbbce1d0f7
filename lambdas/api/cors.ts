/**
 * CORS on the api Lambda's answers: a request whose `Origin` is exactly the web app's (WEB_ORIGIN, set by
 * the stack when it deploys the site) is answered with `Access-Control-Allow-Origin` naming it; any other
 * origin, or none, gets no CORS header at all, so another site's script cannot read an answer. The
 * preflight (OPTIONS) is API Gateway's own (lib/constructs/web-site.ts), and its error answers carry the
 * origin through gateway responses.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CORS_EXPOSED_HEADERS } from '../../schemas/cors.js';

/** The request's Origin header, whatever its case. */
function originOf(event: Pick<APIGatewayProxyEvent, 'headers'>): string | undefined {
  for (const [name, value] of Object.entries(event.headers ?? {})) if (name.toLowerCase() === 'origin') return value ?? undefined;
  return undefined;
}

/** The answer with CORS headers when the request comes from `webOrigin`; as it is otherwise. */
export function withCors(result: APIGatewayProxyResult, event: Pick<APIGatewayProxyEvent, 'headers'>, webOrigin: string | undefined): APIGatewayProxyResult {
  // Vary whenever CORS is on: a cache must not hand one origin's answer to another.
  if (!webOrigin) return result;
  const headers = { ...(result.headers ?? {}), vary: 'Origin' };
  if (originOf(event) !== webOrigin) return { ...result, headers };
  return {
    ...result,
    headers: { ...headers, 'access-control-allow-origin': webOrigin, 'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', ') },
  };
}
