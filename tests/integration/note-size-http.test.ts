/**
 * Security finding of issue 15 (Low) over real HTTP against the local runtime, whose DynamoDB stand-in
 * (dynalite) refuses items over 400 KB as DynamoDB does: a note edit too large for the session's record
 * was a 500; it is a 413 problem that says the limit and what to do, and the note stays as it was.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemFor } from '../../lambdas/api/middlewares/problem-details.js';
import { createApiServer } from '../../local/http/http-api.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime/runtime.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { MAX_NOTE_RECORD_BYTES } from '../../schemas/note.js';
import { BOOT_TIMEOUT_MS, localEnv, root, tempHome } from './local-stack.js';

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
/** DynamoDB's item limit, which dynalite enforces. */
const ITEM_LIMIT_BYTES = 400 * 1024;

const home = tempHome();
let runtime: LocalRuntime;
let documents: DynamoDBDocumentClient;
let server: Server;
let base: string;
let bearer: string;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json: JSON.parse(text), text };
}

async function completedSession(clientId: string): Promise<string> {
  const created = await call('POST', '/sessions', { clientId, sessionDate: '2026-10-01', consent: CONSENT, transcript: { format: 'text', content: GOOD } });
  expect(created.status, created.text).toBe(202);
  const sessionId = created.json.sessionId as string;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await call('GET', `/sessions/${sessionId}`);
    if (r.json.status === 'COMPLETED') return sessionId;
    if (r.json.status === 'FAILED' || Date.now() > deadline) throw new Error(`session ${sessionId} did not complete: ${r.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An edit of `version` with the note's sections, each holding an equal share of `bytes` of text as documentation gaps. */
function editOf(version: number, sectionNames: string[], bytes: number) {
  const perSection = Math.ceil(bytes / sectionNames.length / 1000);
  return {
    baseVersion: version,
    sections: sectionNames.map((name) => ({
      name,
      sentences: Array.from({ length: perSection }, () => ({ kind: 'gap', text: 'x'.repeat(1000), evidence: [] })),
    })),
  };
}

beforeAll(async () => {
  runtime = await startLocalRuntime({ env: localEnv(home.dir), wrapDocuments: (client) => (documents = client) });
  server = createApiServer(runtime, { env: {} });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bearer = issueToken({ tenant: 'local', user: 'dr-lee', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(runtime.home)));
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await runtime?.close();
  home.cleanup();
});

describe('the local DynamoDB stand-in', () => {
  it('refuses an item over 400 KB as DynamoDB does, with the error the API answers as 413', async () => {
    // Prepare
    const item = (bytes: number) => ({ pk: 'TEST#item-limit', sk: 'TEST', blob: 'x'.repeat(bytes) });

    // Act
    await documents.send(new PutCommand({ TableName: runtime.plan.table.name, Item: item(ITEM_LIMIT_BYTES - 1024) }));
    const refusal = await documents.send(new PutCommand({ TableName: runtime.plan.table.name, Item: item(ITEM_LIMIT_BYTES + 1024) })).then(
      () => null,
      (error: unknown) => error,
    );
    await documents.send(new DeleteCommand({ TableName: runtime.plan.table.name, Key: { pk: 'TEST#item-limit', sk: 'TEST' } }));

    // Assess
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).name).toBe('ValidationException');
    expect(problemFor(refusal, 'request-id', undefined).statusCode).toBe(413);
  });
});

describe('PUT /sessions/{id}/note with a note too large for the session record', () => {
  it('answers 413 problem+json saying the limit and what to do, and the note stays as it was', async () => {
    // Prepare
    const sessionId = await completedSession('note-size');
    const before = (await call('GET', `/sessions/${sessionId}/note`)).json;
    const names = (before.note.sections as { name: string }[]).map((s) => s.name);

    // Act
    const refused = await call('PUT', `/sessions/${sessionId}/note`, editOf(before.version, names, MAX_NOTE_RECORD_BYTES + 10 * 1024));

    // Assess
    expect(refused.status, refused.text.slice(0, 300)).toBe(413);
    expect(refused.contentType).toMatch(/application\/problem\+json/);
    expect(refused.json.type).toMatch(/payload-too-large$/);
    expect(refused.json.detail).toContain(`${MAX_NOTE_RECORD_BYTES / 1024} KB`);
    expect(refused.json.detail).toMatch(/shorten the note/);
    const after = (await call('GET', `/sessions/${sessionId}/note`)).json;
    expect(after.version).toBe(before.version);
    expect(after.note).toEqual(before.note);

    // An edit that fits is written.
    const taken = await call('PUT', `/sessions/${sessionId}/note`, editOf(before.version, names, 100 * 1024));
    expect(taken.status, taken.text.slice(0, 300)).toBe(200);
  }, 120_000);
});
