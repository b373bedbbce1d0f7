/** Creating a session (POST /sessions' use case) over the in-memory ports. */
import { describe, expect, it } from 'vitest';
import { parseUploadKey, readConsent } from '../../../lambdas/core/upload/index.js';
import {
  AWAITING_UPLOAD_TTL_SECONDS,
  ClientOfAnotherClinicianError,
  createSession,
  SessionRequestError,
  TooLargeError,
  UnsupportedMediaError,
  type CreateSessionDeps,
  type SessionCreator,
} from '../../../lambdas/use-cases/create-session.js';
import type { CreateSessionRequest } from '../../../schemas/api.js';
import { MemoryClients, MemoryObjects, MemorySessions } from '../api/memory.js';

const NOW = new Date('2026-10-01T12:00:00Z');
const CLINICIAN: SessionCreator = { tenantId: 't1', userId: 'dr-rivera', roles: ['clinician'] };
const BASE = { clientId: 'c1', sessionDate: '2026-09-01', consent: { obtained: true as const, method: 'Written', obtainedAt: '2026-08-01' } };
const MEDIA: CreateSessionRequest = { ...BASE, media: { contentType: 'audio/flac; rate=16000', bytes: 5_000_000, channels: 2 } };
const TEXT = ['Therapist: How was your week?', 'Client: Better than the last one.', 'Therapist: What made the difference?'].join('\n');
const TRANSCRIPT: CreateSessionRequest = { ...BASE, transcript: { format: 'text', content: TEXT } };

interface Stores {
  deps: CreateSessionDeps;
  sessions: MemorySessions;
  clients: MemoryClients;
  objects: MemoryObjects;
}

function stores(maxBytes = 2 * 1024 ** 3): Stores {
  const sessions = new MemorySessions();
  const clients = new MemoryClients();
  const objects = new MemoryObjects();
  let n = 0;
  const deps: CreateSessionDeps = {
    sessions,
    clients,
    objects,
    uploads: { bucket: 'uploads', maxBytes, urlSeconds: 900 },
    now: () => NOW,
    newId: () => `s${++n}`,
  };
  return { deps, sessions, clients, objects };
}

/** Nothing at all was stored: no session, no client assignment, no object. */
function expectNothingStored({ sessions, clients, objects }: Stores): void {
  expect(sessions.items.size).toBe(0);
  expect(clients.items.size).toBe(0);
  expect(objects.objects.size).toBe(0);
}

/** The error `act` is refused with. */
async function refusal(act: () => Promise<unknown>): Promise<unknown> {
  return act().then(
    () => expect.unreachable('the request was accepted'),
    (error: unknown) => error,
  );
}

describe('creating a session with a recording to come', () => {
  it("records it awaiting its upload, makes the clinician the new client's, and answers an upload URL carrying the consent ValidateUpload reads", async () => {
    // Prepare
    const stored = stores();
    const told: unknown[] = [];

    // Act
    const created = await createSession(stored.deps, CLINICIAN, MEDIA, { onRecorded: (session) => told.push(session) });

    // Assess
    expect(created).toMatchObject({ status: 'AWAITING_UPLOAD', sessionId: 's1', clientId: 'c1', upload: { maxBytes: 5_000_000 } });
    if (created.status !== 'AWAITING_UPLOAD') throw new Error('expected an upload');
    const layout = parseUploadKey(new URL(created.upload.url).pathname.slice('/'.length));
    expect(layout.ok && layout.value).toMatchObject({ tenantId: 't1', clientId: 'c1', sessionId: 's1', extension: 'flac' });
    expect(created.upload.headers['content-type']).toBe('audio/flac');
    const metadata = Object.fromEntries(
      Object.entries(created.upload.headers)
        .filter(([name]) => name.startsWith('x-amz-meta-'))
        .map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
    );
    expect(readConsent(metadata, NOW).ok).toBe(true);
    expect(metadata).toMatchObject({ 'session-date': '2026-09-01', channels: '2' });
    expect(await stored.sessions.get({ tenantId: 't1', sessionId: 's1' })).toMatchObject({
      status: 'AWAITING_UPLOAD',
      consent: { obtained: true, method: 'written', obtainedAt: '2026-08-01' },
      expiresAt: NOW.getTime() / 1000 + AWAITING_UPLOAD_TTL_SECONDS,
    });
    expect(await stored.clients.get('t1', 'c1')).toMatchObject({ clinicianId: 'dr-rivera' });
    expect(told).toEqual([{ sessionId: 's1', clientId: 'c1' }]);
  });

  it('refuses an audio type Transcribe cannot take, naming the field, and stores nothing', async () => {
    // Prepare
    const stored = stores();

    // Act
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, { ...BASE, media: { contentType: 'video/x-msvideo', bytes: 10 } }));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaError);
    expect((error as UnsupportedMediaError).field).toEqual({ pointer: '/media/contentType', detail: 'unsupported' });
    expect((error as Error).message).not.toContain('video/x-msvideo');
    expectNothingStored(stored);
  });

  it("refuses a recording over the deployment's limit, saying both sizes, and stores nothing", async () => {
    // Prepare
    const stored = stores(1024 ** 3);

    // Act
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, { ...BASE, media: { contentType: 'audio/wav', bytes: 1.5 * 1024 ** 3 } }));

    // Assess
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as Error).message).toMatch(/1\.5 GiB, over this deployment's 1 GiB limit/);
    expect((error as TooLargeError).field.pointer).toBe('/media/bytes');
    expectNothingStored(stored);
  });
});

describe('creating a session from an inline transcript', () => {
  it('writes the transcript where an uploader would, with the same metadata, and answers it received', async () => {
    // Prepare
    const stored = stores();

    // Act
    const created = await createSession(stored.deps, CLINICIAN, TRANSCRIPT);

    // Assess
    expect(created).toEqual({ status: 'RECEIVED', sessionId: 's1', clientId: 'c1' });
    const key = 'uploads/t1/c1/s1.txt';
    expect(new TextDecoder().decode(await stored.objects.read('uploads', key))).toBe(TEXT);
    expect((await stored.objects.head('uploads', key))?.metadata).toMatchObject({
      'consent-obtained': 'true',
      'consent-method': 'Written',
      'session-date': '2026-09-01',
    });
  });

  it('refuses text that cannot be read as its format at once, naming the field, and stores nothing', async () => {
    // Prepare
    const stored = stores();

    // Act
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, { ...BASE, transcript: { format: 'transcribe-json', content: '{"results": 3}' } }));

    // Assess
    expect(error).toBeInstanceOf(SessionRequestError);
    expect((error as SessionRequestError).field.pointer).toBe('/transcript/content');
    expectNothingStored(stored);
  });

  it('removes the session again when its transcript cannot be stored, so no session waits for an upload that is not coming', async () => {
    // Prepare
    const stored = stores();
    stored.objects.write = async () => {
      throw new Error('S3 unavailable');
    };

    // Act
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, TRANSCRIPT));

    // Assess
    expect((error as Error).message).toBe('S3 unavailable');
    expect(stored.sessions.items.size).toBe(0);
  });
});

describe('what every new session is checked for', () => {
  it('refuses consent dated in the future, naming the field, and stores nothing', async () => {
    // Prepare
    const stored = stores();

    // Act
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, { ...MEDIA, consent: { ...BASE.consent, obtainedAt: '2099-01-01' } }));

    // Assess
    expect(error).toBeInstanceOf(SessionRequestError);
    expect((error as SessionRequestError).field.pointer).toBe('/consent');
    expect((error as Error).message).toMatch(/^consent is not valid: /);
    expect((error as Error).message).not.toContain('x-amz-meta-');
    expectNothingStored(stored);
  });

  it('refuses a session date in the future, naming the field', async () => {
    // Prepare
    const stored = stores();

    // Act
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, { ...TRANSCRIPT, sessionDate: '2099-01-01' }));

    // Assess
    expect((error as SessionRequestError).field.pointer).toBe('/sessionDate');
    expectNothingStored(stored);
  });

  it("refuses a clinician a session for another clinician's client, and lets an admin add it", async () => {
    // Prepare
    const stored = stores();
    await createSession(stored.deps, CLINICIAN, MEDIA);
    const colleague: SessionCreator = { tenantId: 't1', userId: 'dr-okafor', roles: ['clinician'] };
    const admin: SessionCreator = { tenantId: 't1', userId: 'boss', roles: ['admin'] };

    // Act
    const error = await refusal(() => createSession(stored.deps, colleague, MEDIA));
    const byAdmin = await createSession(stored.deps, admin, MEDIA);

    // Assess
    expect(error).toBeInstanceOf(ClientOfAnotherClinicianError);
    expect(stored.sessions.items.size).toBe(2);
    expect(byAdmin.status).toBe('AWAITING_UPLOAD');
    expect(await stored.clients.get('t1', 'c1')).toMatchObject({ clinicianId: 'dr-rivera' });
  });
});

describe('whose client the session is for', () => {
  const admin: SessionCreator = { tenantId: 't1', userId: 'boss', roles: ['admin'] };
  const colleague: SessionCreator = { tenantId: 't1', userId: 'dr-okafor', roles: ['clinician'] };

  it("refuses a clinician a session for a client an admin created, and assigns them nothing: an admin's session leaves the client unassigned", async () => {
    // Prepare
    const stored = stores();
    await createSession(stored.deps, admin, TRANSCRIPT);

    // Act
    const error = await refusal(() => createSession(stored.deps, colleague, TRANSCRIPT));

    // Assess
    expect(error).toBeInstanceOf(ClientOfAnotherClinicianError);
    expect(stored.clients.items.size).toBe(0);
    expect(stored.sessions.items.size).toBe(1);
  });

  it('refuses a clinician a session for a client whose sessions came from a direct upload', async () => {
    // Prepare: ValidateUpload records the upload's session and assigns nobody.
    const stored = stores();
    await createSession(stored.deps, admin, MEDIA);
    const [uploaded] = [...stored.sessions.items.values()];
    uploaded!.status = 'RECEIVED';

    // Act
    const error = await refusal(() => createSession(stored.deps, colleague, MEDIA));

    // Assess
    expect(error).toBeInstanceOf(ClientOfAnotherClinicianError);
    expect(await stored.clients.get('t1', 'c1')).toBeNull();
  });

  it('lets the clinician an admin assigned the client add its sessions, and still refuses the others', async () => {
    // Prepare
    const stored = stores();
    await createSession(stored.deps, admin, TRANSCRIPT);
    await stored.clients.setClinician({ tenantId: 't1', clientId: 'c1', clinicianId: 'dr-okafor', createdAt: NOW.toISOString() });

    // Act
    const byAssignee = await createSession(stored.deps, colleague, TRANSCRIPT);
    const error = await refusal(() => createSession(stored.deps, CLINICIAN, TRANSCRIPT));

    // Assess
    expect(byAssignee.status).toBe('RECEIVED');
    expect(error).toBeInstanceOf(ClientOfAnotherClinicianError);
    expect(stored.sessions.items.size).toBe(2);
  });
});
