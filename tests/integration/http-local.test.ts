/**
 * The local stand-ins for API Gateway, Cognito and S3's presigned uploads, over real HTTP against the
 * real local runtime: what a partner's client meets before the API handler answers (401, 429, 413), and
 * presigned PUTs (403 for a changed URL, header or an expired one; a good one starts the workflow).
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, localSecret, tokenKeyFile, type TokenRequest } from '../../local/stand-ins/auth.js';
import { createApiServer, KEEP_ALIVE_MS, type ApiServerRuntime } from '../../local/http/http-api.js';
import type { LocalRuntime } from '../../local/runtime/runtime.js';
import { BOOT_TIMEOUT_MS, CONSENT, filesUnder, startRuntime, tempHome } from './local-stack.js';

const CLINICIAN: TokenRequest = { tenant: 'clinic-a', user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 };
const PROBLEM = 'application/problem+json';
const TRANSCRIPT = [
  'Therapist: What would you like to focus on today?',
  'Client: Mostly the arguments with my sister. They have been getting worse since the holidays.',
  'Therapist: It sounds like those arguments have been weighing on you. What happens when they start?',
  'Client: I shut down, and then I feel guilty for days. I think I want to learn to say what I need.',
  'Therapist: So one goal could be finding a way to say what you need before you shut down. Does that fit?',
  'Client: Yes, that is exactly it. Thank you.',
].join('\n');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('the local API server over HTTP', () => {
  const home = tempHome();
  const servers: Server[] = [];
  let runtime: LocalRuntime;
  let base: string;
  let key: Buffer;

  /** A server in front of `runtime`, with these settings. */
  async function serve(target: ApiServerRuntime, env: NodeJS.ProcessEnv = {}): Promise<string> {
    const server = createApiServer(target, { env });
    servers.push(server);
    return listen(server);
  }

  const bearer = (request: Partial<TokenRequest> = {}, now?: Date) => ({ authorization: `Bearer ${issueToken({ ...CLINICIAN, ...request }, key, now)}` });

  beforeAll(async () => {
    runtime = await startRuntime(home.dir);
    base = await serve(runtime, { ATTUNE_MAX_UPLOAD_BYTES: String(1024 * 1024) });
    runtime.store.setPresignBase(base);
    key = localSecret(tokenKeyFile(runtime.home));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    for (const server of servers) await stop(server);
    await runtime?.close();
    home.cleanup();
  });

  describe('the Cognito authorizer stand-in', () => {
    it('refuses a request without a token with 401 problem+json, WWW-Authenticate and how to get one', async () => {
      // Act
      const response = await fetch(`${base}/clients`);

      // Assess
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const problem = (await response.json()) as { type: string; detail: string };
      expect(problem.type).toBe('https://attune.dev/problems/unauthorized');
      expect(problem.detail).toMatch(/no token: send Authorization: Bearer <token>.*npx attune token --tenant/);
    });

    it.each([
      ['an expired token', () => bearer({}, new Date(Date.now() - 2 * 3600_000)), /the token expired at/],
      ['a token signed with another key', () => ({ authorization: `Bearer ${issueToken(CLINICIAN, Buffer.alloc(32, 1))}` }), /signature does not match/],
      ['a token with alg none', () => ({ authorization: `Bearer ${unsigned()}` }), /HS256 only/],
      ['something that is not a JWT', () => ({ authorization: 'Bearer hello' }), /not a JWT/],
      ['another scheme', () => ({ authorization: 'Basic ZGVtbzpkZW1v' }), /must be "Bearer <token>"/],
    ])('refuses %s with 401 and says what was wrong', async (_label, headers, detail) => {
      // Act
      const response = await fetch(`${base}/clients`, { headers: headers() });

      // Assess
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_(token|request)"$/);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    });

    it('lets a good token through to the handler', async () => {
      // Act
      const response = await fetch(`${base}/clients`, { headers: bearer() });

      // Assess
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ items: [] });
    });

    it('hands the handler the claims, resource and path parameters as API Gateway does', async () => {
      // Prepare
      const seen: APIGatewayProxyEvent[] = [];
      const capturing = await serve({
        ...runtime,
        handlers: {
          ...runtime.handlers,
          api: async (event) => {
            seen.push(event);
            return { statusCode: 204, body: '' };
          },
        },
      });

      // Act
      const response = await fetch(`${capturing}/sessions/s-1/note?format=dap`, { headers: bearer({ roles: ['admin', 'clinician'] }) });

      // Assess
      expect(response.status).toBe(204);
      const event = seen[0]!;
      expect(event.resource).toBe('/sessions/{id}/note');
      expect(event.pathParameters).toEqual({ id: 's-1' });
      expect(event.queryStringParameters).toEqual({ format: 'dap' });
      expect(event.requestContext.authorizer).toEqual({
        claims: {
          sub: 'dr-lee',
          'custom:tenant': 'clinic-a',
          'cognito:groups': 'admin,clinician',
          token_use: 'id',
          iss: 'attune-local',
          iat: expect.stringMatching(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/),
          exp: expect.stringMatching(/ UTC \d{4}$/),
        },
      });
    });

    it('lets GET /openapi.json through without a token, and sends unknown paths to the handler', async () => {
      // Act
      const openapi = await fetch(`${base}/openapi.json`);
      const unknown = await fetch(`${base}/no-such-route`);

      // Assess
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toBe(PROBLEM);
    });

    it('lists the routes and how to get a token at GET /', async () => {
      // Act
      const index = await (await fetch(`${base}/`)).text();

      // Assess
      expect(index).toMatch(/TOKEN=\$\(npx attune token --tenant local --user demo\)/);
      expect(index).toMatch(/POST\s+\/sessions\s/);
      expect(index).toMatch(/DELETE\s+\/clients\/\{clientId\}\s/);
      expect(index).toMatch(/GET\s+\/openapi\.json\s.*\[no token\]/);
    });
  });

  describe('the API Gateway limits', () => {
    it('throttles each tenant: 429 with Retry-After once its burst is spent, other tenants unaffected', async () => {
      // Prepare
      const throttled = await serve(runtime, { ATTUNE_RATE_LIMIT: '0.5,2' });

      // Act
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${throttled}/clients`, { headers: bearer() })).status);
      const over = await fetch(`${throttled}/clients`, { headers: bearer() });
      const otherTenant = await fetch(`${throttled}/clients`, { headers: bearer({ tenant: 'clinic-b' }) });

      // Assess
      expect(statuses).toEqual([200, 200, 429]);
      expect(over.status).toBe(429);
      expect(over.headers.get('content-type')).toBe(PROBLEM);
      expect(Number(over.headers.get('retry-after'))).toSatisfy((s: number) => Number.isInteger(s) && s >= 1 && s <= 2);
      expect(((await over.json()) as { type: string }).type).toBe('https://attune.dev/problems/too-many-requests');
      expect(otherTenant.status).toBe(200);
    });

    it('refuses a bad ATTUNE_RATE_LIMIT at start', () => {
      expect(() => createApiServer(runtime, { env: { ATTUNE_RATE_LIMIT: 'fast' } })).toThrow(/ATTUNE_RATE_LIMIT must be "rate,burst"/);
    });

    it('refuses a body over 6 MB with 413, whether its length is declared or it is streamed', async () => {
      // Prepare
      const big = Buffer.alloc(7 * 1024 * 1024, 'a');
      const chunks = function* () {
        for (let i = 0; i < 7; i++) yield Buffer.alloc(1024 * 1024, 'a');
      };

      // Act
      const declared = await fetch(`${base}/sessions`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: big });
      const streamed = await fetch(`${base}/sessions`, {
        method: 'POST',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: ReadableStream.from(chunks()),
        duplex: 'half',
      } as RequestInit);

      // Assess
      for (const response of [declared, streamed]) {
        expect(response.status).toBe(413);
        expect(response.headers.get('content-type')).toBe(PROBLEM);
        expect(((await response.json()) as { detail: string }).detail).toMatch(/over 6 MB/);
      }
    });
  });

  describe('kept-alive connections', () => {
    it('holds an idle connection for a minute, longer than analysis keeps the event loop busy', async () => {
      // A 1 MiB one-line transcript keeps the loop busy for seconds; with node's 5 s keep-alive, a client
      // polling the session (fetch reuses the idle connection) met ECONNRESET when the server's timer fired
      // just after the client's request went out on that connection. Reproducing the race needs several
      // seconds of blocked loop at the right phase of undici's timers, so the setting is what is checked.
      // Prepare
      const server = createApiServer(runtime, { env: {} });
      servers.push(server);
      const url = await listen(server);

      // Act
      const response = await fetch(`${url}/sessions`);

      // Assess
      expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
      expect(KEEP_ALIVE_MS).toBeGreaterThanOrEqual(60_000);
      expect(response.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
    });
  });

  describe('presigned uploads (the S3 stand-in)', () => {
    const uploadsBucket = () => runtime.plan.names.uploadsBucket;

    async function createSession(): Promise<{ url: string; headers: Record<string, string> }> {
      const response = await fetch(`${base}/sessions`, {
        method: 'POST',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: 'kim',
          sessionDate: '2026-09-15',
          consent: { obtained: true, method: 'written', obtainedAt: '2026-09-01' },
          media: { contentType: 'audio/wav', bytes: 1000 },
        }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { upload: { url: string; headers: Record<string, string> } }).upload;
    }

    it('refuses a PUT whose signature was changed with 403', async () => {
      // Prepare
      const { url, headers } = await createSession();
      const tampered = url.replace(/X-Attune-Signature=([0-9a-f])/, (_, c: string) => `X-Attune-Signature=${c === '0' ? '1' : '0'}`);

      // Act
      const response = await fetch(tampered, { method: 'PUT', headers, body: 'RIFF' });

      // Assess
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/signature does not match/);
    });

    it('refuses a PUT with a metadata header other than the signed one, naming it', async () => {
      // Prepare
      const { url, headers } = await createSession();

      // Act
      const response = await fetch(url, { method: 'PUT', headers: { ...headers, 'x-amz-meta-consent-method': 'verbal' }, body: 'RIFF' });

      // Assess
      expect(response.status).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/x-amz-meta-consent-method header differs from the signed value/);
      expect(filesUnder(runtime.store.bucketDir(uploadsBucket()))).toEqual([]);
    });

    it('refuses a PUT after the URL expired with 403', async () => {
      // Prepare
      const { url, headers } = await runtime.store.presignPut(uploadsBucket(), 'uploads/clinic-a/kim/late.txt', {
        contentType: 'text/plain',
        metadata: CONSENT,
        expiresInSeconds: 1,
      });
      const expires = Number(new URL(url).searchParams.get('X-Attune-Expires'));
      await new Promise((resolve) => setTimeout(resolve, (expires + 1) * 1000 - Date.now() + 50));

      // Act
      const response = await fetch(url, { method: 'PUT', headers, body: TRANSCRIPT });

      // Assess
      expect(response.status).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/expired at/);
    });

    it('refuses an upload over ATTUNE_MAX_UPLOAD_BYTES with 413 and keeps nothing', async () => {
      // Prepare
      const { url, headers } = await runtime.store.presignPut(uploadsBucket(), 'uploads/clinic-a/kim/huge.txt', {
        contentType: 'text/plain',
        metadata: CONSENT,
        expiresInSeconds: 60,
      });

      // Act
      const response = await fetch(url, { method: 'PUT', headers, body: Buffer.alloc(2 * 1024 * 1024, 'a') });

      // Assess
      expect(response.status).toBe(413);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/over the 1 MiB this server accepts/);
      expect(filesUnder(runtime.store.bucketDir(uploadsBucket()))).toEqual([]);
      expect(filesUnder(runtime.home.work).filter((name) => name.includes('.upload-'))).toEqual([]);
    });

    it('stores a good PUT of a transcript, answers its ETag, and the workflow completes the session', async () => {
      // Prepare
      const key = 'uploads/clinic-a/kim/s-0915.txt';
      const { url, headers } = await runtime.store.presignPut(uploadsBucket(), key, {
        contentType: 'text/plain',
        metadata: { ...CONSENT, 'session-date': '2026-09-15' },
        expiresInSeconds: 60,
      });

      // Act
      const response = await fetch(url, { method: 'PUT', headers, body: TRANSCRIPT });
      // The upload rule started the execution before the PUT was answered.
      const outcomes = await Promise.all(runtime.active().map((run) => run.outcome));

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(`"${createHash('md5').update(TRANSCRIPT).digest('hex')}"`);
      expect(outcomes.map((outcome) => [outcome.upload.key, outcome.status])).toEqual([[key, 'SUCCEEDED']]);
      const record = await runtime.sessions.get({ tenantId: 'clinic-a', sessionId: 's-0915' });
      expect(record?.status).toBe('COMPLETED');
      expect(record?.sessionDate).toBe('2026-09-15');
      expect(filesUnder(runtime.home.work).filter((name) => name.includes('.upload-'))).toEqual([]);
    });

    it('answers 405 to anything but PUT on an upload URL', async () => {
      // Act
      const response = await fetch(`${base}/local-s3/${uploadsBucket()}/x`);

      // Assess
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('PUT');
    });
  });
});

/** An unsigned token (alg none), as an attacker would send it. */
function unsigned(): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'attune-local', sub: 'dr-lee', 'custom:tenant': 'clinic-a', 'cognito:groups': ['admin'], token_use: 'id', iat: now, exp: now + 60 })}.x`;
}
