/**
 * The local stand-in for API Gateway (and for S3's presigned-upload endpoint): a node:http server that
 * does what the REST API does in front of the api Lambda, then turns each request into the
 * APIGatewayProxyEvent the Lambda receives and its answer back into HTTP.
 *
 * In front of the handler, as API Gateway does:
 * - the Cognito authorizer: every route whose `auth` is not 'public' (schemas/routes.ts) needs
 *   `Authorization: Bearer <token>`; the token (auth.ts) is verified here and its claims are handed on in
 *   `requestContext.authorizer.claims`, as strings; a missing or bad token is a 401 answered here.
 * - throttling per caller (throttle.ts): a token bucket per tenant, or per partner within its tenant, from
 *   the verified token (per address before sign-in), 429 with Retry-After; and at most a few of one
 *   caller's requests in the handler at once, so one tenant's burst does not take another's turn;
 * - the payload limit: a body over 6 MB (Lambda's) is a 413 answered here, never read whole.
 * Unknown paths and methods go to the handler, which answers 404 or 405.
 *
 * `PUT /local-s3/<bucket>/<key>` is where the local store's presigned upload URLs point (upload-endpoint.ts).
 * The clinician web app is served beside the API on the same origin (web-app.ts): `/` to a browser,
 * `/config.json`, `/assets/*`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { problemResponse } from '../../lambdas/api/problem.js';
import { findRoute, matchPath } from '../../lambdas/api/routing.js';
import { ROUTES, type RouteSpec } from '../../schemas/routes.js';
import { localSecret, tokenKeyFile, verifyToken, type TokenClaims } from '../stand-ins/auth.js';
import type { LocalRuntime } from '../runtime/runtime.js';
import { ClientAbortedError, readBody, send, sendResult } from './http-body.js';
import { maxUploadBytes, serveUpload, UPLOAD_PATH } from './upload-endpoint.js';
import { CallerConcurrency, callerKey, parseCallerConcurrency, parseRateLimit, RateLimiter } from './throttle.js';
import { MAX_REQUEST_BYTES, REQUEST_TOO_LARGE } from '../../schemas/api.js';
import { packageRoot } from '../runtime/home.js';
import { createWebApp, hasDotSegment, localWebConfig } from './web-app.js';

/** The sample sessions `npm start` loads: their tenant, client, and the client's clinician. */
export const SAMPLE_TENANT = 'local';
export const SAMPLE_CLIENT = 'jordan';
export const SAMPLE_CLINICIAN = 'demo';
/** Lambda's synchronous payload limit: API Gateway passes no more. */
export const MAX_API_BODY_BYTES = MAX_REQUEST_BYTES;

/** Java's Date#toString, as API Gateway's REST authorizer writes `iat` and `exp`: "Thu Jul 06 20:55:41 UTC 2023". */
function apiGatewayDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const [weekday, day, month, year, time] = d.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
}

/** The claims as API Gateway's Cognito authorizer hands them to a REST proxy integration: every value a string. */
export function authorizerClaims(claims: TokenClaims): Record<string, string> {
  // A partner's access token (client credentials) carries its app client and scopes, as Cognito's does.
  const { client_id: clientId, scope } = claims as { client_id?: unknown; scope?: unknown };
  return {
    ...(typeof clientId === 'string' ? { client_id: clientId } : {}),
    ...(typeof scope === 'string' ? { scope } : {}),
    sub: claims.sub,
    'custom:tenant': claims['custom:tenant'],
    'cognito:groups': claims['cognito:groups'].join(','),
    token_use: claims.token_use,
    iss: claims.iss,
    iat: apiGatewayDate(claims.iat),
    exp: apiGatewayDate(claims.exp),
  };
}

const TOKEN_HINT = `npx attune token --tenant ${SAMPLE_TENANT} --user ${SAMPLE_CLINICIAN}`;

/** A path as one shell word, to paste. */
function shellWord(value: string): string {
  return /^[\w/.,:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * The command that prints a token this server accepts: signed with its home's key, so the home is
 * named when it is not the default.
 */
export function signInCommand(env: NodeJS.ProcessEnv, homeRoot: string): string {
  return `${env.ATTUNE_HOME?.trim() ? `ATTUNE_HOME=${shellWord(homeRoot)} ` : ''}${TOKEN_HINT}`;
}

/** The caller's claims, or the 401 to answer. `signIn` is the command that prints a token. */
function authenticate(
  header: string | undefined,
  key: Uint8Array,
  now: Date,
  signIn: string,
): { claims: Record<string, string> } | { refusal: APIGatewayProxyResult } {
  const refuse = (detail: string, error?: string) => ({
    refusal: problemResponse('unauthorized', detail, { headers: { 'www-authenticate': error ? `Bearer error="${error}"` : 'Bearer' } }),
  });
  if (header === undefined || header.trim() === '') return refuse(`no token: send Authorization: Bearer <token> (on this machine \`${signIn}\` prints one)`);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return refuse('the Authorization header must be "Bearer <token>"', 'invalid_request');
  const verified = verifyToken(match[1]!, key, now);
  if (!verified.ok) return refuse(verified.detail, 'invalid_token');
  return { claims: authorizerClaims(verified.claims) };
}

/** The event API Gateway's REST proxy integration would send for this request. */
export function toProxyEvent(
  request: IncomingMessage,
  body: string | null,
  claims: Record<string, string> | null,
  /** The path's route, when the caller has matched it already. */
  matched: ReturnType<typeof matchPath> = matchPath(new URL(request.url ?? '/', 'http://localhost').pathname),
): APIGatewayProxyEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  // Null-prototype maps: a caller's `?__proto__=` or `constructor` header is a name like any other.
  const headers: Record<string, string> = Object.create(null);
  const multiValueHeaders: Record<string, string[]> = Object.create(null);
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.at(-1)!;
    multiValueHeaders[name] = values;
  }
  const query: Record<string, string> = Object.create(null);
  const multiQuery: Record<string, string[]> = Object.create(null);
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    const values = multiQuery[name] ?? [];
    values.push(value);
    multiQuery[name] = values;
  }
  const resource = matched?.template ?? url.pathname;
  const hasParams = matched !== null && Object.keys(matched.params).length > 0;
  return {
    resource,
    path: url.pathname,
    httpMethod: request.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size > 0 ? query : null,
    multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
    pathParameters: hasParams ? matched.params : null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: claims ? { claims } : null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: request.method ?? 'GET',
      identity: { sourceIp: request.socket.remoteAddress ?? '' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: url.pathname,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
    },
  };
}

function authLabel(route: RouteSpec): string {
  return route.auth === 'public' ? 'no token' : route.auth.join(', ');
}

/** `GET /`: the routes, from the route table, and how to sign in. */
export function indexText(base: string, signIn: string): string {
  const routes = (ROUTES as readonly RouteSpec[]).map((r) => `  ${r.method.padEnd(6)} ${r.path.padEnd(30)} ${r.summary}  [${authLabel(r)}]`);
  return `Attune local API: the same handler as behind API Gateway in AWS

Sign in: every route but GET /openapi.json needs a token. On this machine:
  TOKEN=$(${signIn})
  curl -H "Authorization: Bearer $TOKEN" ${base}/clients/${SAMPLE_CLIENT}/sessions
That is the clinician ${SAMPLE_CLINICIAN}, whose client ${SAMPLE_CLIENT} has the sample sessions; add --role supervisor
or --role admin for the other roles (npx attune token --help).

Routes ([who may call them]; GET ${base}/openapi.json describes them in full):
${routes.join('\n')}

Recordings: POST /sessions with "media" answers an upload URL on this server (${base}${UPLOAD_PATH}…);
PUT the file there with exactly the headers it gives, and processing starts.
`;
}

export interface ApiServerOptions {
  /** Where ATTUNE_RATE_LIMIT ("rate,burst"), ATTUNE_CALLER_CONCURRENCY and ATTUNE_MAX_UPLOAD_BYTES are read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default () => new Date() */
  now?: () => Date;
  /** Told of a failure of the server itself (the caller gets a bare 500). @default a line on stderr */
  onError?: (error: unknown) => void;
  /** Where the built web app is (index.html, assets/). @default `<package>/dist/web` */
  webRoot?: string;
}

/** What the server needs of the runtime: its API handler, its store and the upload that starts a workflow. */
export type ApiServerRuntime = Pick<LocalRuntime, 'home' | 'plan' | 'store' | 'handlers' | 'upload' | 'sessions'>;

/**
 * The local API on node:http: API Gateway's authorizer, throttling and payload limit in front of the
 * runtime's api handler, and the presigned-upload endpoint. Bad settings in `env` throw here, at start.
 */
/** How long an idle keep-alive connection stays open (as long as an ALB's default idle timeout). */
export const KEEP_ALIVE_MS = 60_000;

export function createApiServer(runtime: ApiServerRuntime, options: ApiServerOptions = {}): Server {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const limiter = new RateLimiter(parseRateLimit(env.ATTUNE_RATE_LIMIT), now);
  const concurrency = new CallerConcurrency(parseCallerConcurrency(env.ATTUNE_CALLER_CONCURRENCY));
  const uploadLimit = maxUploadBytes(env.ATTUNE_MAX_UPLOAD_BYTES);
  const tokenKey = localSecret(tokenKeyFile(runtime.home));
  const signIn = signInCommand(env, runtime.home.root);
  // ATTUNE_IDLE_MINUTES is read (and refused) here, at start, like the other settings.
  const web = createWebApp(options.webRoot ?? join(packageRoot(), 'dist', 'web'), localWebConfig(env));
  // By name and code, never message: a message may carry what the request or the session held (CONTRIBUTING: no PHI in logs).
  const onError =
    options.onError ??
    ((error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      const name = error instanceof Error ? error.name : typeof error;
      process.stderr.write(`attune: the local API server failed a request (${name}${typeof code === 'string' ? `, ${code}` : ''})\n`);
    });

  async function serveApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const matched = matchPath(path);
    const route = matched ? findRoute(matched.template, request.method ?? 'GET') : null;
    const auth = route && route.auth !== 'public' ? authenticate(request.headers.authorization, tokenKey, now(), signIn) : null;
    const claims = auth && 'claims' in auth ? auth.claims : null;
    // API Gateway throttles before it authorizes: a flood of bad tokens is throttled too, by address.
    const caller = claims ? callerKey(claims) : `address:${request.socket.remoteAddress ?? ''}`;
    const taken = limiter.take(caller);
    if (!taken.ok) {
      const detail = `over the rate limit; retry in ${taken.retryAfterSeconds} s`;
      return sendResult(response, problemResponse('too-many-requests', detail, { headers: { 'retry-after': String(taken.retryAfterSeconds) } }), {
        refusedBody: true,
      });
    }
    if (auth && 'refusal' in auth) return sendResult(response, auth.refusal, { refusedBody: true });
    const chunks: Buffer[] = [];
    const read = await readBody(request, response, MAX_API_BODY_BYTES, (chunk) => void chunks.push(chunk));
    if (read === 'too-large') {
      return sendResult(response, problemResponse('payload-too-large', REQUEST_TOO_LARGE), { refusedBody: true });
    }
    const body = chunks.length === 0 ? null : Buffer.concat(chunks).toString('utf8');
    // Past its budget a caller was refused above; within it, its requests take turns among themselves only.
    const event = toProxyEvent(request, body, claims, matched);
    sendResult(response, await concurrency.run(caller, () => runtime.handlers.api(event)));
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      // `/assets/../..` would be normalised into another path: a path that climbs is no path of this server.
      if (hasDotSegment(request.url ?? '/')) return sendResult(response, problemResponse('not-found', 'no such resource'));
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (web.serve(request, response, path)) return;
      if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
        const port = (request.socket.address() as { port?: number }).port ?? 3000;
        send(response, 200, { 'content-type': 'text/plain; charset=utf-8' }, indexText(`http://localhost:${port}`, signIn));
      } else if (path.startsWith(UPLOAD_PATH)) {
        await serveUpload(request, response, { runtime, maxBytes: uploadLimit });
      } else {
        await serveApi(request, response, path);
      }
    } catch (error) {
      // What failed is the server's own business; the caller learns only that it did.
      if (!(error instanceof ClientAbortedError)) onError(error);
      if (!response.headersSent) sendResult(response, problemResponse('internal', 'the request could not be completed; try again later'));
      else response.destroy();
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  // A recording may take longer than node's default 5 minutes to arrive; headers still must come within a minute.
  server.requestTimeout = 0;
  // An idle keep-alive connection is held for a minute (node's default is 5 s). Analysis runs on this
  // process's event loop: when it keeps the loop busy for longer than the keep-alive, node's timer fires
  // before the request that arrived meanwhile is read, and the client's next request on that connection
  // fails with ECONNRESET (a partner polling a long session met exactly that).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Expect: 100-continue (curl sends it for large bodies): the checks above run before the body is asked for.
  server.on('checkContinue', (request, response) => void handle(request, response));
  return server;
}
