/**
 * The local API server's own failures (a handler that throws instead of answering) are told on stderr by
 * the error's name and code only: the message may carry what the request or the session held.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createApiServer, type ApiServerRuntime } from '../../../local/http/http-api.js';
import { attuneHome } from '../../../local/runtime/home.js';
import { issueToken, localSecret, tokenKeyFile } from '../../../local/stand-ins/auth.js';

const CANARY = 'CANARY-client-said-something-private';
let dir: string;
let server: Server | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'attune-server-errors-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("answers a bare 500 and writes the failure's name and code, never its message", async () => {
  // Prepare
  const home = attuneHome({ ATTUNE_HOME: dir });
  const token = issueToken({ tenant: 'clinic-a', user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(home)));
  const api = async () => {
    throw Object.assign(new TypeError(`cannot read ${CANARY}`), { code: 'E_BROKEN' });
  };
  server = createApiServer({ home, handlers: { api } } as unknown as ApiServerRuntime, { env: {} });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });

  // Act
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/clients`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();

  // Assess
  expect(response.status).toBe(500);
  expect(body).not.toContain(CANARY);
  expect(written.join('')).toContain('TypeError, E_BROKEN');
  expect(written.join('')).not.toContain(CANARY);
});
