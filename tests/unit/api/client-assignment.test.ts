/**
 * Whose client a session is for (finding H2, client takeover): a clinician creates a client only with the
 * first session of a new client id; a client that exists without them (an admin's, or a direct upload's)
 * is not theirs to take by posting a session; an admin assigns it (PUT /clients/{clientId}/clinician).
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { completedRecord } from './fixtures.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;
const ADMIN: Caller = { tenant: 't1', user: 'boss', roles: ['admin'] };
const RIVERA: Caller = { tenant: 't1', user: 'dr-rivera', roles: ['clinician'] };
const OKAFOR: Caller = { tenant: 't1', user: 'dr-okafor', roles: ['clinician'] };
const TEXT = ['Therapist: How was your week?', 'Client: Better than the last one.', 'Therapist: What made the difference?'].join('\n');
const sessionFor = (clientId: string, sessionDate = '2026-09-01') => ({
  clientId,
  sessionDate,
  consent: { obtained: true, method: 'written', obtainedAt: '2026-08-01' },
  transcript: { format: 'text', content: TEXT },
});

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(() => {
  deps = memoryDeps();
  api = createApiHandler(deps);
});

/** What a clinician can reach of a client: the answers to posting a session, listing its sessions, reading one, erasing the client. */
async function reach(caller: Caller, clientId: string, sessionId: string) {
  return {
    post: (await api(apiEvent('POST', '/sessions', { caller, body: sessionFor(clientId, '2026-09-20') }))).statusCode,
    list: (await api(apiEvent('GET', `/clients/${clientId}/sessions`, { caller }))).statusCode,
    read: (await api(apiEvent('GET', `/sessions/${sessionId}`, { caller }))).statusCode,
    erase: (await api(apiEvent('DELETE', `/clients/${clientId}`, { caller }))).statusCode,
  };
}

describe('a client with no clinician', () => {
  it("is not claimed by a clinician posting a session for an admin's client: 403, then no read or erasure (404)", async () => {
    // Prepare
    const byAdmin = await api(apiEvent('POST', '/sessions', { caller: ADMIN, body: sessionFor('c-admin') }));
    expect(byAdmin.statusCode, byAdmin.body).toBe(202);

    // Act
    const answers = await reach(OKAFOR, 'c-admin', body(byAdmin).sessionId);

    // Assess
    expect(answers).toEqual({ post: 403, list: 404, read: 404, erase: 404 });
    expect(await deps.clients.get('t1', 'c-admin')).toBeNull();
    expect([...deps.sessions.items.values()].filter((s) => s.clientId === 'c-admin')).toHaveLength(1);
  });

  it("is not claimed by a clinician posting a session for a direct upload's client", async () => {
    // Prepare: ValidateUpload records a direct upload's session and assigns nobody.
    const uploaded = completedRecord({ clientId: 'c-upload', sessionId: 'up-1' });
    deps.sessions.items.set(`t1/${uploaded.sessionId}`, uploaded);

    // Act
    const answers = await reach(OKAFOR, 'c-upload', 'up-1');

    // Assess
    expect(answers).toEqual({ post: 403, list: 404, read: 404, erase: 404 });
    expect(await deps.clients.get('t1', 'c-upload')).toBeNull();
  });

  it("answers the same refusal as for another clinician's client, so the two cannot be told apart", async () => {
    // Prepare
    await api(apiEvent('POST', '/sessions', { caller: ADMIN, body: sessionFor('c-admin') }));
    await api(apiEvent('POST', '/sessions', { caller: RIVERA, body: sessionFor('c-rivera') }));

    // Act
    const unassigned = await api(apiEvent('POST', '/sessions', { caller: OKAFOR, body: sessionFor('c-admin') }));
    const another = await api(apiEvent('POST', '/sessions', { caller: OKAFOR, body: sessionFor('c-rivera') }));

    // Assess
    expect([unassigned.statusCode, another.statusCode]).toEqual([403, 403]);
    expect(body(unassigned).detail.replace('c-admin', 'X')).toBe(body(another).detail.replace('c-rivera', 'X'));
  });
});

describe('a new client', () => {
  it('is created by the clinician who posts its first session, and is theirs alone', async () => {
    // Act
    const first = await api(apiEvent('POST', '/sessions', { caller: RIVERA, body: sessionFor('c-new') }));
    const second = await api(apiEvent('POST', '/sessions', { caller: RIVERA, body: sessionFor('c-new', '2026-09-08') }));

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    expect(await deps.clients.get('t1', 'c-new')).toMatchObject({ clinicianId: 'dr-rivera' });
    expect(body(await api(apiEvent('GET', '/clients/c-new/sessions', { caller: RIVERA }))).items).toHaveLength(2);
    expect(await reach(OKAFOR, 'c-new', body(first).sessionId)).toEqual({ post: 403, list: 404, read: 404, erase: 404 });
  });
});

describe('PUT /clients/{clientId}/clinician', () => {
  it('lets an admin assign an unassigned client; the assignee then posts, lists and reads its sessions', async () => {
    // Prepare
    const byAdmin = await api(apiEvent('POST', '/sessions', { caller: ADMIN, body: sessionFor('c-admin') }));

    // Act
    const assigned = await api(apiEvent('PUT', '/clients/c-admin/clinician', { caller: ADMIN, body: { clinicianId: 'dr-okafor' } }));
    const again = await api(apiEvent('PUT', '/clients/c-admin/clinician', { caller: ADMIN, body: { clinicianId: 'dr-okafor' } }));

    // Assess
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(body(assigned)).toMatchObject({ clientId: 'c-admin', clinicianId: 'dr-okafor', previousClinicianId: null });
    expect(body(again)).toMatchObject({ clinicianId: 'dr-okafor', createdAt: body(assigned).createdAt, previousClinicianId: 'dr-okafor' });
    const posted = await api(apiEvent('POST', '/sessions', { caller: OKAFOR, body: sessionFor('c-admin', '2026-09-08') }));
    expect(posted.statusCode, posted.body).toBe(202);
    expect(body(await api(apiEvent('GET', '/clients/c-admin/sessions', { caller: OKAFOR }))).items).toHaveLength(2);
    expect((await api(apiEvent('GET', `/sessions/${body(byAdmin).sessionId}`, { caller: OKAFOR }))).statusCode).toBe(200);
    expect(deps.audit.entries.filter((e) => e.action === 'client.assign')).toEqual([
      expect.objectContaining({ clientId: 'c-admin', actor: 'boss', status: 200 }),
      expect.objectContaining({ clientId: 'c-admin', actor: 'boss', status: 200 }),
    ]);
  });

  it('moves a client to another clinician: the previous one loses it', async () => {
    // Prepare
    const first = await api(apiEvent('POST', '/sessions', { caller: RIVERA, body: sessionFor('c-moving') }));

    // Act
    const moved = await api(apiEvent('PUT', '/clients/c-moving/clinician', { caller: ADMIN, body: { clinicianId: 'dr-okafor' } }));

    // Assess
    expect(body(moved)).toMatchObject({ clinicianId: 'dr-okafor', previousClinicianId: 'dr-rivera' });
    expect((await api(apiEvent('GET', `/sessions/${body(first).sessionId}`, { caller: OKAFOR }))).statusCode).toBe(200);
    expect(await reach(RIVERA, 'c-moving', body(first).sessionId)).toEqual({ post: 403, list: 404, read: 404, erase: 404 });
  });

  it('is for admins only (403), and answers 404 for a client that does not exist', async () => {
    // Prepare
    await api(apiEvent('POST', '/sessions', { caller: ADMIN, body: sessionFor('c-admin') }));

    // Act
    const byClinician = await api(apiEvent('PUT', '/clients/c-admin/clinician', { caller: OKAFOR, body: { clinicianId: 'dr-okafor' } }));
    const missing = await api(apiEvent('PUT', '/clients/nobody/clinician', { caller: ADMIN, body: { clinicianId: 'dr-okafor' } }));
    const foreign = await api(apiEvent('PUT', '/clients/c-admin/clinician', { caller: { ...ADMIN, tenant: 't2' }, body: { clinicianId: 'dr-okafor' } }));
    const empty = await api(apiEvent('PUT', '/clients/c-admin/clinician', { caller: ADMIN, body: { clinicianId: '' } }));

    // Assess
    expect([byClinician.statusCode, missing.statusCode, foreign.statusCode, empty.statusCode]).toEqual([403, 404, 404, 400]);
    expect(deps.clients.items.size).toBe(0);
  });
});
