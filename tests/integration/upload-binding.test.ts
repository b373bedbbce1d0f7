/**
 * M6 on the local stack, over HTTP: an upload URL is bound to its session and to the declared size. An
 * erased session's URL is refused (404) and the session stays gone; a second PUT is refused (409); a body
 * longer or shorter than declared is refused (413, 400); none of them stores anything. And a bound upload
 * that reaches the bucket for an erased session anyway (in AWS, S3 cannot ask the table) is refused by the
 * workflow: deleted, with no session record brought back.
 *
 * The URL is signed as POST /sessions signs it with the declared size (presignPut with `contentLength`
 * for the session's key) on a session POST /sessions created.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../local/http/http-api.js';
import type { LocalRuntime } from '../../local/runtime/runtime.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { uploadKey } from '../../schemas/storage-layout.js';
import { BOOT_TIMEOUT_MS, filesUnder, startRuntime, tempHome } from './local-stack.js';

const TENANT = 'clinic-m6';
const CLIENT = 'kim';
const DECLARED = 1000;
const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };

describe('upload URLs bound to their session and size (the local S3 stand-in and ValidateUpload)', () => {
  const home = tempHome();
  let runtime: LocalRuntime;
  let server: Server;
  let base: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    runtime = await startRuntime(home.dir);
    server = createApiServer(runtime, { env: {} });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    runtime.store.setPresignBase(base);
    const token = issueToken({ tenant: TENANT, user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(runtime.home)));
    auth = { authorization: `Bearer ${token}` };
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await runtime?.close();
    home.cleanup();
  });

  const uploads = () => runtime.plan.names.uploadsBucket;
  /** What the uploads bucket holds for one session (every version file). */
  const stored = (sessionId: string) => filesUnder(runtime.store.bucketDir(uploads())).filter((path) => path.includes(sessionId));

  /** A session created with POST /sessions, and its upload URL signed for the declared size. */
  async function createSession(): Promise<{ sessionId: string; url: string; headers: Record<string, string> }> {
    const response = await fetch(`${base}/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: CLIENT, sessionDate: '2026-09-15', consent: CONSENT, media: { contentType: 'audio/wav', bytes: DECLARED } }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { sessionId: string; upload: { headers: Record<string, string> } };
    const metadata = Object.fromEntries(
      Object.entries(created.upload.headers)
        .filter(([name]) => name.startsWith('x-amz-meta-') && name !== 'x-amz-meta-declared-bytes')
        .map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
    );
    const bound = await runtime.store.presignPut(uploads(), uploadKey({ tenantId: TENANT, clientId: CLIENT, sessionId: created.sessionId }, 'wav'), {
      contentType: 'audio/wav',
      metadata,
      expiresInSeconds: 900,
      contentLength: DECLARED,
    });
    return { sessionId: created.sessionId, ...bound };
  }

  const put = (url: string, headers: Record<string, string>, body: Buffer) => fetch(url, { method: 'PUT', headers, body });

  it('refuses a PUT to an erased session’s URL with 404, stores nothing, and the session stays gone', async () => {
    // Prepare
    const { sessionId, url, headers } = await createSession();
    const erased = await fetch(`${base}/sessions/${sessionId}`, { method: 'DELETE', headers: auth });
    expect(erased.status).toBe(200);

    // Act
    const response = await put(url, headers, Buffer.alloc(DECLARED, 1));

    // Assess
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/no longer exists \(erased or expired\)/);
    expect(stored(sessionId)).toEqual([]);
    expect(runtime.active()).toEqual([]);
    expect((await fetch(`${base}/sessions/${sessionId}`, { headers: auth })).status).toBe(404);
  });

  it('refuses a second PUT to the same URL with 409 and keeps the first upload’s outcome', async () => {
    // Prepare: a first PUT (not a playable recording: the workflow refuses it and deletes it).
    const { sessionId, url, headers } = await createSession();
    const first = await put(url, headers, Buffer.alloc(DECLARED, 1));
    expect(first.status).toBe(200);

    // Act
    const second = await put(url, headers, Buffer.alloc(DECLARED, 2));
    await Promise.all(runtime.active().map((run) => run.outcome));
    const third = await put(url, headers, Buffer.alloc(DECLARED, 3));

    // Assess
    expect(second.status).toBe(409);
    expect(third.status).toBe(409);
    expect(((await third.json()) as { detail: string }).detail).toMatch(/already has its upload: an upload URL takes one upload/);
    const record = await runtime.sessions.get({ tenantId: TENANT, sessionId });
    expect(record).toMatchObject({ status: 'FAILED', failure: { code: 'corrupt_audio' } });
    expect(stored(sessionId)).toEqual([]);
  });

  it.each([
    ['more bytes than declared', DECLARED + 1, 413, /issued for exactly 1000 bytes .* says Content-Length 1001/],
    ['fewer bytes than declared', DECLARED - 1, 400, /issued for exactly 1000 bytes .* says Content-Length 999/],
  ])('refuses a PUT of %s, stores nothing, and the session still awaits its upload', async (_case, bytes, status, detail) => {
    // Prepare
    const { sessionId, url, headers } = await createSession();

    // Act
    const response = await put(url, headers, Buffer.alloc(bytes, 1));

    // Assess
    expect(response.status).toBe(status);
    expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    expect(stored(sessionId)).toEqual([]);
    expect((await runtime.sessions.get({ tenantId: TENANT, sessionId }))?.status).toBe('AWAITING_UPLOAD');
  });

  it('has the workflow refuse and delete a bound upload of an erased session that reached the bucket anyway', async () => {
    // Prepare: in AWS, S3 takes a PUT to a valid URL without asking the table; here the upload goes to the bucket directly.
    const { sessionId, headers } = await createSession();
    expect((await fetch(`${base}/sessions/${sessionId}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    const metadata = Object.fromEntries(
      Object.entries(headers)
        .filter(([name]) => name.startsWith('x-amz-meta-'))
        .map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
    );

    // Act
    const run = await runtime.upload(uploadKey({ tenantId: TENANT, clientId: CLIENT, sessionId }, 'wav'), { body: Buffer.alloc(DECLARED, 1) }, metadata);
    await run?.outcome;

    // Assess
    expect(run).not.toBeNull();
    expect(await runtime.sessions.get({ tenantId: TENANT, sessionId })).toBeNull();
    expect(stored(sessionId)).toEqual([]);
    expect((await fetch(`${base}/sessions/${sessionId}`, { headers: auth })).status).toBe(404);
  });
});
