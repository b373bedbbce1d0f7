/**
 * The local stand-in for API Gateway: a node:http server that turns each request into the
 * APIGatewayProxyEvent the api Lambda receives behind API Gateway (resource template, path parameters,
 * query string, headers) and its answer back into HTTP.
 *
 * Authorization: until local tokens exist, a request from this machine (loopback) is treated as signed
 * in to the tenant `local`: the adapter adds the claim Cognito's authorizer would add. A request from
 * anywhere else carries no claims, and the API answers 401.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const LOCAL_TENANT = 'local';
const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The API's routes as API Gateway knows them, with their path parameters. */
const RESOURCES: { template: string; pattern: RegExp; params: string[] }[] = [
  { template: '/sessions/{id}', pattern: /^\/sessions\/([^/]+)\/?$/, params: ['id'] },
  { template: '/clients/{clientId}/sessions', pattern: /^\/clients\/([^/]+)\/sessions\/?$/, params: ['clientId'] },
];

export const INDEX_TEXT = `Attune local API (the same handler as behind API Gateway in AWS)

GET /clients/{clientId}/sessions[?limit=1-100&cursor=…]   a client's sessions, newest first
GET /sessions/{id}[?include=transcript]                    one session: status, note, alliance, metrics

Requests from this machine act as tenant "${LOCAL_TENANT}" (no sign-in yet). Try:
  curl http://localhost:{port}/clients/jordan/sessions
`;

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { statusCode: 413 });
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? null : Buffer.concat(chunks).toString('utf8');
}

/** The event API Gateway's REST proxy integration would send for this request. */
export function toProxyEvent(request: IncomingMessage, body: string | null): APIGatewayProxyEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.at(-1)!;
    multiValueHeaders[name] = values;
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  let resource = url.pathname;
  let pathParameters: Record<string, string> | null = null;
  for (const route of RESOURCES) {
    const match = route.pattern.exec(url.pathname);
    const values = match?.slice(1).map(decode);
    if (!values || values.some((v) => v === null)) continue;
    resource = route.template;
    pathParameters = Object.fromEntries(route.params.map((name, i) => [name, values[i]!]));
    break;
  }
  const loopback = LOOPBACK.has(request.socket.remoteAddress ?? '');
  return {
    resource,
    path: url.pathname,
    httpMethod: request.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size > 0 ? query : null,
    multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: loopback ? { claims: { 'custom:tenant': LOCAL_TENANT } } : null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: request.method ?? 'GET',
      identity: { sourceIp: request.socket.remoteAddress ?? '' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: url.pathname,
      stage: 'local',
      requestId: crypto.randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
    },
  };
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  response.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

export function createApiServer(api: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>): Server {
  return createServer((request, response) => {
    void (async () => {
      try {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname;
        if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
          const port = String((request.socket.address() as { port?: number }).port ?? 3000);
          send(response, 200, { 'content-type': 'text/plain; charset=utf-8' }, INDEX_TEXT.replace('{port}', port));
          return;
        }
        const result = await api(toProxyEvent(request, await readBody(request)));
        const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
        send(response, result.statusCode, headers, result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        const body = JSON.stringify({ type: 'https://attune.dev/problems/internal', title: 'Internal error', status, detail: 'the request could not be completed' });
        if (!response.headersSent) send(response, status, { 'content-type': 'application/problem+json' }, body);
        else response.destroy();
      }
    })();
  });
}
