/**
 * The local API's throttling is per caller (issue 15, Low: "throttling shared by all tenants"): over real
 * HTTP, in front of a stand-in handler, one tenant's burst spends its own budget only, and takes turns
 * with its own requests only, while another tenant's requests go straight through. Status codes and
 * counts only: no timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorizerClaims, createApiServer, type ApiServerRuntime } from '../../../local/http/http-api.js';
import { CallerConcurrency, callerKey, parseCallerConcurrency } from '../../../local/http/throttle.js';
import { attuneHome } from '../../../local/runtime/home.js';
import { issueToken, localSecret, tokenKeyFile } from '../../../local/stand-ins/auth.js';

const NOW = new Date('2026-10-01T12:00:00Z');
const PROBLEM = 'application/problem+json';

let dir: string;
let key: Buffer;
let home: ReturnType<typeof attuneHome>;
const servers: Server[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'attune-throttle-'));
  home = attuneHome({ ATTUNE_HOME: dir });
  key = localSecret(tokenKeyFile(home));
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bearer = (tenant: string) => ({
  authorization: `Bearer ${issueToken({ tenant, user: `${tenant}-clinician`, roles: ['clinician'], expiresInSeconds: 3600 }, key, NOW)}`,
});

/** A server in front of `api` (a stand-in for the runtime's handler), with a clock that does not move. */
async function serve(api: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>, env: NodeJS.ProcessEnv) {
  const runtime = { home, handlers: { api } } as unknown as ApiServerRuntime;
  const server = createApiServer(runtime, { env, now: () => NOW });
  servers.push(server);
  let received = 0;
  server.on('request', () => received++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received: () => received };
}

const ok = async (): Promise<APIGatewayProxyResult> => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"items":[]}' });
const tenantOf = (event: APIGatewayProxyEvent) => String(event.requestContext.authorizer?.claims?.['custom:tenant']);

/** Waits for a condition the test cannot await directly (the server's progress), a turn of the event loop at a time. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('the local API throttles per tenant', () => {
  it("refuses a tenant's burst past its budget with 429 problem+json and Retry-After; another tenant's requests in the same window all pass", async () => {
    const { base } = await serve(ok, { ATTUNE_RATE_LIMIT: '1,5' });

    const burst = [];
    for (let i = 0; i < 9; i++) burst.push(await fetch(`${base}/clients`, { headers: bearer('clinic-a') }));
    const other = [];
    for (let i = 0; i < 5; i++) other.push(await fetch(`${base}/clients`, { headers: bearer('clinic-b') }));

    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
    const refused = burst[5]!;
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { type: string }).type).toBe('https://attune.dev/problems/too-many-requests');
    expect(other.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("keeps a tenant's burst within its budget to its own turns: another tenant's requests are answered while the burst still waits", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: Record<string, number> = {};
    const { base, received } = await serve(
      async (event) => {
        const tenant = tenantOf(event);
        started[tenant] = (started[tenant] ?? 0) + 1;
        // The burst's requests hold the handler (as a long analysis would) until the test lets them go.
        if (tenant === 'clinic-a') await gate;
        return ok();
      },
      { ATTUNE_RATE_LIMIT: '1000,1000', ATTUNE_CALLER_CONCURRENCY: '2' },
    );

    const burst = Array.from({ length: 8 }, () => fetch(`${base}/clients`, { headers: bearer('clinic-a') }));
    await until(() => received() === 8 && (started['clinic-a'] ?? 0) >= 2);
    const other = await Promise.all(Array.from({ length: 3 }, () => fetch(`${base}/clients`, { headers: bearer('clinic-b') })));

    // clinic-b was answered in full while clinic-a had only its share of the handler, the rest waiting.
    expect(other.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(started['clinic-a']).toBe(2);
    release();
    expect((await Promise.all(burst)).map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(started['clinic-a']).toBe(8);
  });
});

describe('throttle.ts', () => {
  it('keys a caller on its verified tenant, and on its partner within the tenant when the token is a partner app client', () => {
    expect(callerKey({ 'custom:tenant': 'clinic-a', sub: 'dr-lee' })).toBe('tenant:clinic-a');
    expect(callerKey({ 'custom:tenant': 'clinic-a', client_id: 'ehr-one' })).toBe('tenant:clinic-a/partner:ehr-one');
    expect(callerKey({ 'custom:tenant': 'clinic-a', client_id: 'ehr-two' })).not.toBe(callerKey({ 'custom:tenant': 'clinic-a', client_id: 'ehr-one' }));
  });

  it('runs a caller’s waiting requests in order, handing each finished place to the next', async () => {
    const gate = new CallerConcurrency(1);
    const order: string[] = [];
    const releases: (() => void)[] = [];
    const job = (name: string) =>
      gate.run('a', async () => {
        order.push(name);
        await new Promise<void>((resolve) => releases.push(resolve));
      });

    const all = [job('first'), job('second'), job('third')];
    await until(() => releases.length === 1);
    expect(gate.load('a')).toEqual({ running: 1, waiting: 2 });
    for (let i = 0; i < 3; i++) {
      await until(() => releases.length === i + 1);
      releases[i]!();
    }
    await Promise.all(all);

    expect(order).toEqual(['first', 'second', 'third']);
    expect(gate.load('a')).toEqual({ running: 0, waiting: 0 });
  });

  it("hands a partner token's app client and scopes on, as Cognito's authorizer does, so the partner is throttled on its own", () => {
    const base = { iss: 'attune-local', sub: 'ehr-one', 'custom:tenant': 'clinic-a', 'cognito:groups': [], token_use: 'access', iat: 1, exp: 2 };
    const claims = authorizerClaims({ ...base, client_id: 'ehr-one', scope: 'attune/notes.read' } as unknown as Parameters<typeof authorizerClaims>[0]);

    expect(claims).toMatchObject({ client_id: 'ehr-one', scope: 'attune/notes.read', 'custom:tenant': 'clinic-a' });
    expect(callerKey(claims)).toBe('tenant:clinic-a/partner:ehr-one');
    expect(authorizerClaims(base as unknown as Parameters<typeof authorizerClaims>[0])).not.toHaveProperty('client_id');
  });

  it('refuses a bad ATTUNE_CALLER_CONCURRENCY at start', () => {
    expect(parseCallerConcurrency(undefined)).toBe(4);
    expect(parseCallerConcurrency('8')).toBe(8);
    for (const bad of ['0', '-1', '2.5', 'many', '100000']) expect(() => parseCallerConcurrency(bad), bad).toThrow(/ATTUNE_CALLER_CONCURRENCY must be/);
  });
});
