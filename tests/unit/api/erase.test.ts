/**
 * Erasure through the API dispatcher over the in-memory ports: what a DELETE removes, what it leaves,
 * who may send it, and the receipt it answers.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { DeletionReceiptSchema, type DeletionReceipt } from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const CANARY = 'CANARY-Quetzal-7731';
const CLINICIAN: Caller = { tenant: 't1', user: 'u1', roles: ['clinician'] };
const OTHER_CLINICIAN: Caller = { tenant: 't1', user: 'u2', roles: ['clinician'] };
const ADMIN: Caller = { tenant: 't1', user: 'admin1', roles: ['admin'] };
const SUPERVISOR: Caller = { tenant: 't1', user: 'sup1', roles: ['supervisor'] };
const FOREIGN_ADMIN: Caller = { tenant: 't2', user: 'admin2', roles: ['admin'] };

function session(sessionId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    tenantId: 't1',
    clientId: 'c1',
    sessionId,
    status: 'COMPLETED',
    sessionDate: '2026-09-01',
    createdAt: '2026-09-01T10:00:00.000Z',
    updatedAt: '2026-09-01T10:05:00.000Z',
    timings: {},
    ...overrides,
  };
}

/** The session's item, its client's assignment, and its objects as the workflow leaves them. */
async function seed(
  deps: MemoryDeps,
  record: SessionRecord,
  options: { clinicianId?: string; uploadVersions?: number; transcribeOutput?: boolean } = {},
): Promise<void> {
  const { tenantId: t, clientId: c, sessionId: s } = record;
  deps.sessions.items.set(`${t}/${s}`, structuredClone(record));
  await deps.clients.assign({ tenantId: t, clientId: c, clinicianId: options.clinicianId ?? 'u1', createdAt: '2026-08-01T00:00:00.000Z' });
  for (let v = 0; v < (options.uploadVersions ?? 1); v++)
    await deps.objects.write('uploads', `uploads/${t}/${c}/${s}.wav`, `${CANARY} audio ${v}`, 'audio/wav');
  await deps.objects.write('artifacts', `transcripts/${t}/${c}/${s}.json`, `{"text":"${CANARY}"}`, 'application/json');
  await deps.objects.write('artifacts', `notes/${t}/${c}/${s}.json`, `{"note":"${CANARY}"}`, 'application/json');
  await deps.objects.write('artifacts', `alliance/${t}/${c}/${s}.json`, '{"overall":0.7}', 'application/json');
  if (options.transcribeOutput) await deps.objects.write('artifacts', `transcribe/${t}/${c}/${s}.json`, `{"results":"${CANARY}"}`, 'application/json');
}

function keysOf(deps: MemoryDeps): string[] {
  return [...deps.objects.objects.keys()].sort();
}

async function send(deps: MemoryDeps, method: string, path: string, caller: Caller): Promise<APIGatewayProxyResult> {
  return createApiHandler(deps)(apiEvent(method, path, { caller }));
}

function receiptOf(response: APIGatewayProxyResult): DeletionReceipt {
  expect(response.statusCode, response.body).toBe(200);
  return DeletionReceiptSchema.parse(JSON.parse(response.body));
}

/** An independent canonical form: keys sorted at every depth, no whitespace. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('DELETE /sessions/{id}', () => {
  it('erases every trace of the session and lists each one in the receipt', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'), { uploadVersions: 2, transcribeOutput: true });
    deps.idempotency.items.set('t1/create-s1', { fingerprint: 'f', sessionId: 's1', response: { statusCode: 201, headers: {}, body: '{}' } });

    // Act
    const response = await send(deps, 'DELETE', '/sessions/s1', CLINICIAN);

    // Assess
    const receipt = receiptOf(response);
    expect(receipt).toMatchObject({
      tenantId: 't1',
      scope: 'session',
      clientId: 'c1',
      sessionIds: ['s1'],
      requestedBy: 'u1',
      deletedAt: '2026-10-01T12:00:00.000Z',
    });
    expect(receipt.removed).toEqual({
      sessionRecords: 1,
      clientRecords: 0,
      uploadVersions: 2,
      idempotencyRecords: 1,
      artifacts: [
        { kind: 'alliance', key: 'alliance/t1/c1/s1.json', versions: 1 },
        { kind: 'note', key: 'notes/t1/c1/s1.json', versions: 1 },
        { kind: 'transcription', key: 'transcribe/t1/c1/s1.json', versions: 1 },
        { kind: 'transcript', key: 'transcripts/t1/c1/s1.json', versions: 1 },
        { kind: 'upload', key: 'uploads/t1/c1/s1.wav', versions: 2 },
      ],
    });
    expect(keysOf(deps)).toEqual([]);
    expect(deps.sessions.items.size).toBe(0);
    expect(deps.idempotency.items.size).toBe(0);
    // The client stays: erasing one session is not erasing the client.
    expect(await deps.clients.get('t1', 'c1')).not.toBeNull();
    expect(response.body).not.toContain(CANARY);
  });

  it('leaves session s10 alone when erasing s1', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));
    await seed(deps, session('s10'));
    const s10Keys = keysOf(deps).filter((key) => key.includes('/s10.'));

    // Act
    const receipt = receiptOf(await send(deps, 'DELETE', '/sessions/s1', CLINICIAN));

    // Assess
    expect(receipt.removed.artifacts.map((a) => a.key).every((key) => key.endsWith('/s1.json') || key.endsWith('/s1.wav'))).toBe(true);
    expect(keysOf(deps)).toEqual(s10Keys);
    expect(deps.sessions.items.has('t1/s10')).toBe(true);
  });

  it('answers a receipt whose sha256 is the SHA-256 of its canonical JSON without that field', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));

    // Act
    const receipt = receiptOf(await send(deps, 'DELETE', '/sessions/s1', CLINICIAN));

    // Assess
    const { sha256, ...rest } = receipt;
    expect(sha256).toBe(createHash('sha256').update(canonical(rest), 'utf8').digest('hex'));
    const tampered = { ...rest, removed: { ...rest.removed, uploadVersions: rest.removed.uploadVersions + 1 } };
    expect(createHash('sha256').update(canonical(tampered), 'utf8').digest('hex')).not.toBe(sha256);
  });

  it('makes a later GET of the session 404', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));

    // Act
    await send(deps, 'DELETE', '/sessions/s1', CLINICIAN);
    const later = await send(deps, 'DELETE', '/sessions/s1', CLINICIAN);
    const read = await send(deps, 'GET', '/sessions/s1', CLINICIAN);

    // Assess
    expect(later.statusCode).toBe(404);
    expect(read.statusCode).toBe(404);
  });

  it('records the erasure in the audit trail with the receipt id, and no content', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));

    // Act
    const receipt = receiptOf(await send(deps, 'DELETE', '/sessions/s1', CLINICIAN));

    // Assess
    expect(deps.audit.entries).toHaveLength(1);
    expect(deps.audit.entries[0]).toMatchObject({
      tenantId: 't1',
      actor: 'u1',
      action: 'session.erase',
      status: 200,
      sessionId: 's1',
      clientId: 'c1',
      receiptId: receipt.receiptId,
    });
    expect(JSON.stringify(deps.audit.entries)).not.toContain(CANARY);
  });

  it('compacts after the erasure, once', async () => {
    // Prepare
    const seen: { itemGone: boolean }[] = [];
    const deps: MemoryDeps = memoryDeps({ afterErase: async () => void seen.push({ itemGone: !deps.sessions.items.has('t1/s1') }) });
    await seed(deps, session('s1'));

    // Act
    await send(deps, 'DELETE', '/sessions/s1', CLINICIAN);

    // Assess
    expect(seen).toEqual([{ itemGone: true }]);
  });

  it('answers no receipt when the compaction fails: the erased bytes may still be readable', async () => {
    // Prepare
    const deps = memoryDeps({ afterErase: () => Promise.reject(new Error('disk full')) });
    await seed(deps, session('s1'));

    // Act
    const response = await send(deps, 'DELETE', '/sessions/s1', CLINICIAN);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(deps.audit.entries[0]).toMatchObject({ status: 500 });
    expect(deps.audit.entries[0]).not.toHaveProperty('receiptId');
  });

  it('lets an admin erase any session of the tenant, and a FAILED or AWAITING_UPLOAD one', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1', { status: 'FAILED', failure: { code: 'too_short', message: 'too short' } }), { clinicianId: 'u2' });
    await seed(deps, session('s2', { status: 'AWAITING_UPLOAD' }), { clinicianId: 'u2' });

    // Act
    const failed = await send(deps, 'DELETE', '/sessions/s1', ADMIN);
    const awaiting = await send(deps, 'DELETE', '/sessions/s2', ADMIN);

    // Assess
    expect(receiptOf(failed).requestedBy).toBe('admin1');
    expect(receiptOf(awaiting).sessionIds).toEqual(['s2']);
    expect(deps.sessions.items.size).toBe(0);
  });

  it.each([
    ['another tenant', FOREIGN_ADMIN, 404],
    ['another clinician', OTHER_CLINICIAN, 404],
    ['a supervisor', SUPERVISOR, 403],
  ] as const)('refuses %s and erases nothing', async (_who, caller, status) => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));
    const before = keysOf(deps);

    // Act
    const response = await send(deps, 'DELETE', '/sessions/s1', caller);

    // Assess
    expect(response.statusCode).toBe(status);
    expect(keysOf(deps)).toEqual(before);
    expect(deps.sessions.items.has('t1/s1')).toBe(true);
  });

  it.each(['RECEIVED', 'TRANSCRIBING', 'ANALYZING'] as const)('refuses a session still %s with 409 and Retry-After, erasing nothing', async (status) => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1', { status, updatedAt: '2026-10-01T11:00:00.000Z' }));
    const before = keysOf(deps);

    // Act
    const response = await send(deps, 'DELETE', '/sessions/s1', CLINICIAN);

    // Assess
    expect(response.statusCode).toBe(409);
    expect(response.headers?.['retry-after']).toBe('30');
    expect(JSON.parse(response.body).detail).toMatch(/wait until processing completes or fails/);
    expect(keysOf(deps)).toEqual(before);
    expect(deps.sessions.items.has('t1/s1')).toBe(true);
  });
});

describe('DELETE /clients/{clientId}', () => {
  it('erases every session of the client, every leftover object and the assignment, in one receipt', async () => {
    // Prepare
    const afterErase: string[] = [];
    const deps = memoryDeps({ afterErase: async () => void afterErase.push('compacted') });
    // More sessions than one page of listByClient.
    const ids = Array.from({ length: 103 }, (_, i) => `s${i + 1}`);
    for (const id of ids) await seed(deps, session(id, { status: id === 's7' ? 'FAILED' : 'COMPLETED' }));
    // An object no item points at any more, and another client whose id starts the same.
    await deps.objects.write('artifacts', 'notes/t1/c1/orphan.json', CANARY, 'application/json');
    await seed(deps, session('x1', { clientId: 'c10' }));
    const c10Keys = keysOf(deps).filter((key) => key.includes('/c10/'));

    // Act
    const response = await send(deps, 'DELETE', '/clients/c1', CLINICIAN);

    // Assess
    const receipt = receiptOf(response);
    expect(receipt).toMatchObject({ scope: 'client', clientId: 'c1', requestedBy: 'u1' });
    expect([...receipt.sessionIds].sort()).toEqual([...ids].sort());
    expect(receipt.removed).toMatchObject({ sessionRecords: 103, clientRecords: 1, uploadVersions: 103 });
    expect(receipt.removed.artifacts).toHaveLength(103 * 4 + 1);
    expect(receipt.removed.artifacts).toContainEqual({ kind: 'note', key: 'notes/t1/c1/orphan.json', versions: 1 });
    expect(keysOf(deps)).toEqual(c10Keys);
    expect([...deps.sessions.items.keys()]).toEqual(['t1/x1']);
    expect(await deps.clients.get('t1', 'c1')).toBeNull();
    expect(afterErase).toEqual(['compacted']);
    expect(deps.audit.entries[0]).toMatchObject({ action: 'client.erase', clientId: 'c1', receiptId: receipt.receiptId, status: 200 });
    expect(response.body).not.toContain(CANARY);
  });

  it('refuses with 409 while any session is being processed, and erases nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));
    await seed(deps, session('s2', { status: 'TRANSCRIBING', updatedAt: '2026-10-01T11:00:00.000Z' }));
    const before = keysOf(deps);

    // Act
    const response = await send(deps, 'DELETE', '/clients/c1', CLINICIAN);

    // Assess
    expect(response.statusCode).toBe(409);
    expect(response.headers?.['retry-after']).toBe('30');
    expect(JSON.parse(response.body).detail).toMatch(/s2.*nothing was erased/);
    expect(keysOf(deps)).toEqual(before);
    expect(deps.sessions.items.size).toBe(2);
    expect(await deps.clients.get('t1', 'c1')).not.toBeNull();
  });

  it('erases a client that has an assignment but no sessions yet', async () => {
    // Prepare
    const deps = memoryDeps();
    await deps.clients.assign({ tenantId: 't1', clientId: 'c1', clinicianId: 'u1', createdAt: '2026-08-01T00:00:00.000Z' });

    // Act
    const receipt = receiptOf(await send(deps, 'DELETE', '/clients/c1', CLINICIAN));

    // Assess
    expect(receipt.sessionIds).toEqual([]);
    expect(receipt.removed).toMatchObject({ sessionRecords: 0, clientRecords: 1, artifacts: [] });
  });

  it.each([
    ['another tenant', FOREIGN_ADMIN, 404],
    ['another clinician', OTHER_CLINICIAN, 404],
    ['a supervisor', SUPERVISOR, 403],
  ] as const)('refuses %s and erases nothing', async (_who, caller, status) => {
    // Prepare
    const deps = memoryDeps();
    await seed(deps, session('s1'));
    const before = keysOf(deps);

    // Act
    const response = await send(deps, 'DELETE', '/clients/c1', caller);

    // Assess
    expect(response.statusCode).toBe(status);
    expect(keysOf(deps)).toEqual(before);
    expect(await deps.clients.get('t1', 'c1')).not.toBeNull();
  });

  it('answers 404 to an admin for a client with neither an assignment nor sessions', async () => {
    // Act
    const response = await send(memoryDeps(), 'DELETE', '/clients/nobody', ADMIN);

    // Assess
    expect(response.statusCode).toBe(404);
  });
});
