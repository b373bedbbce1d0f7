/**
 * The request against its route's schemas: the path ids, the query and the JSON body (400 naming each
 * field with a JSON pointer; 413 oversize; 415 not JSON). What passes is the request the operation gets.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { z } from 'zod';
import { MAX_REQUEST_BYTES, REQUEST_TOO_LARGE } from '../../../schemas/api.js';
import type { FieldError } from '../../../schemas/problems.js';
import type { RouteSpec } from '../../../schemas/routes.js';
import { IdSchema } from '../../../schemas/session-record.js';
import type { Principal } from '../principal.js';
import { Problem } from '../problem.js';
import { established, header, type ApiMiddleware } from './call.js';

/** Who a public route's operation sees: nobody. */
const NO_CALLER: Principal = { tenantId: '', userId: '', roles: [] };

/** zod issues as RFC 9457 field errors: a JSON pointer and what is wrong there. */
function fieldErrors(error: z.ZodError, prefix: '' | '?'): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const pointer = prefix === '?' ? `?${path.join('.') || 'query'}` : `/${path.join('/')}`;
    return { pointer, detail: issue.message };
  });
}

function describe(errors: FieldError[], where: string): string {
  const fields = errors.map((e) => `${e.pointer} (${e.detail})`).join('; ');
  return `${where} is not valid: ${fields}`;
}

function parseBody(event: APIGatewayProxyEvent, route: RouteSpec): unknown {
  if (!route.body) return undefined;
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES) {
    throw new Problem('payload-too-large', REQUEST_TOO_LARGE);
  }
  const type = header(event, 'content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    // The header is not echoed back: like a body field, it is caller text that reaches the caller's logs.
    throw new Problem('unsupported-media-type', 'send the body as JSON with Content-Type: application/json');
  }
  if (text.trim() === '') throw new Problem('invalid-request', 'the request has no body; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Problem('invalid-request', 'the request body is not valid JSON');
  }
  const parsed = route.body.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error, '');
  throw new Problem('invalid-request', describe(errors, 'the request body'), { errors });
}

/**
 * A map the caller names (query, path, headers) as a null-prototype object: a name such as `__proto__`,
 * `constructor` or `hasOwnProperty` is then only ever the caller's own entry, never Object.prototype's.
 * API Gateway's event is JSON, where `__proto__` is an own property like any other name.
 */
export function ownEntries(map: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const copy = Object.create(null) as Record<string, string>;
  if (!map) return copy;
  for (const name of Object.keys(map)) {
    const value = map[name];
    if (typeof value === 'string') copy[name] = value;
  }
  return copy;
}

function parseQuery(event: APIGatewayProxyEvent, route: RouteSpec): Record<string, unknown> {
  const given = ownEntries(event.queryStringParameters);
  const known = route.query ? Object.keys(route.query.shape) : [];
  // A name the route does not take is refused on every route (ignored, it would hide a caller's typo). The
  // name is caller text, so it is counted, never quoted: the answer lists the names the route takes instead.
  const unknown = Object.keys(given).filter((name) => !known.includes(name)).length;
  if (unknown > 0) {
    const takes = known.length > 0 ? `this route takes ${known.join(', ')}` : 'this route takes no query parameters';
    const detail = `${unknown === 1 ? 'an unknown query parameter' : `${unknown} unknown query parameters`}; ${takes}`;
    throw new Problem('invalid-request', `the query is not valid: ${detail}`, { errors: [{ pointer: '?query', detail }] });
  }
  if (!route.query) return {};
  const parsed = route.query.safeParse(given);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const errors = fieldErrors(parsed.error, '?');
  throw new Problem('invalid-request', describe(errors, 'the query'), { errors });
}

function validParams(raw: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(raw)) {
    if (!IdSchema.safeParse(value).success) {
      throw new Problem(
        'invalid-request',
        `the ${name} in the path is not a valid id: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit`,
        {
          errors: [{ pointer: `{${name}}`, detail: 'not a valid id' }],
        },
      );
    }
  }
  return raw;
}

/** Header names lower-cased, as operations read them. */
function headersOf(event: APIGatewayProxyEvent): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(ownEntries(event.headers))) headers[name.toLowerCase()] ??= value;
  return headers;
}

export function validateRequest(): ApiMiddleware {
  return {
    before: ({ event, context: { call } }) => {
      const route = established(call.route, 'route');
      const params = validParams(ownEntries(established(call.params, 'path parameters')));
      const query = parseQuery(event, route);
      const body = parseBody(event, route);
      call.request = {
        principal: call.principal ?? NO_CALLER,
        route,
        params,
        query,
        body,
        headers: headersOf(event),
        requestId: call.requestId,
        event,
        touched: call.touched,
      };
    },
  };
}
