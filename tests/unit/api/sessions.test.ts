/** POST /sessions and GET /sessions/{id} over in-memory ports. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { parseUploadKey, readConsent } from '../../../lambdas/core/upload/index.js';
import { MAX_INLINE_TRANSCRIPT_BYTES } from '../../../schemas/api.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;
const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-08-01' };
const MEDIA = { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT, media: { contentType: 'audio/flac', bytes: 5_000_000, channels: 2 } };
const TEXT = ['Therapist: How was your week?', 'Client: Better than the last one.', 'Therapist: What made the difference?'].join('\n');

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(() => {
  deps = memoryDeps();
  api = createApiHandler(deps);
});

describe('POST /sessions with media', () => {
  it('records the session and answers a presigned PUT carrying the consent metadata ValidateUpload reads', async () => {
    const r = await api(apiEvent('POST', '/sessions', { body: MEDIA }));
    expect(r.statusCode).toBe(201);
    const answer = body(r);
    expect(r.headers?.location).toBe(`/sessions/${answer.sessionId}`);
    expect(answer).toMatchObject({ clientId: 'c1', status: 'AWAITING_UPLOAD', upload: { method: 'PUT', maxBytes: 5_000_000 } });
    const key = new URL(answer.upload.url).pathname.slice(1);
    const layout = parseUploadKey(key);
    expect(layout.ok && layout.value).toMatchObject({ tenantId: 't1', clientId: 'c1', sessionId: answer.sessionId, extension: 'flac' });
    const metadata = Object.fromEntries(
      Object.entries(answer.upload.headers as Record<string, string>)
        .filter(([h]) => h.startsWith('x-amz-meta-'))
        .map(([h, v]) => [h.slice(11), v]),
    );
    expect(readConsent(metadata, new Date()).ok).toBe(true);
    expect(metadata).toMatchObject({ 'session-date': '2026-09-01', channels: '2' });
    expect(await deps.sessions.get({ tenantId: 't1', sessionId: answer.sessionId })).toMatchObject({ status: 'AWAITING_UPLOAD', consent: { obtained: true } });
    expect(await deps.clients.get('t1', 'c1')).toMatchObject({ clinicianId: 'u1' });
  });

  it('answers 415 for an audio type Transcribe cannot take, and 413 for a recording over the limit', async () => {
    const video = await api(apiEvent('POST', '/sessions', { body: { ...MEDIA, media: { contentType: 'video/x-msvideo', bytes: 10 } } }));
    expect(video.statusCode).toBe(415);
    expect(body(video).errors[0].pointer).toBe('/media/contentType');
    const huge = await api(apiEvent('POST', '/sessions', { body: { ...MEDIA, media: { contentType: 'audio/wav', bytes: 2 * 1024 ** 3 + 1 } } }));
    expect(huge.statusCode).toBe(413);
    expect(body(huge).detail).toMatch(/2\.0 GiB|2 GiB/);
    expect(deps.sessions.items.size).toBe(0);
  });

  it('refuses consent dated in the future, and a session date in the future, naming the field', async () => {
    const consent = await api(apiEvent('POST', '/sessions', { body: { ...MEDIA, consent: { ...CONSENT, obtainedAt: '2099-01-01' } } }));
    expect(consent.statusCode).toBe(400);
    expect(body(consent).errors.map((e: { pointer: string }) => e.pointer)).toContain('/consent/obtainedAt');
    const date = await api(apiEvent('POST', '/sessions', { body: { ...MEDIA, sessionDate: '2099-01-01' } }));
    expect(date.statusCode).toBe(400);
    expect(body(date).errors[0].pointer).toBe('/sessionDate');
  });

  it('refuses both media and transcript, and neither', async () => {
    const both = await api(apiEvent('POST', '/sessions', { body: { ...MEDIA, transcript: { format: 'text', content: TEXT } } }));
    const neither = await api(apiEvent('POST', '/sessions', { body: { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT } }));
    expect([both.statusCode, neither.statusCode]).toEqual([400, 400]);
    expect(body(neither).detail).toMatch(/exactly one of media/);
  });

  it('lets a clinician add sessions to their own client only; an admin to any', async () => {
    await api(apiEvent('POST', '/sessions', { body: MEDIA }));
    const other = await api(apiEvent('POST', '/sessions', { caller: { tenant: 't1', user: 'u2' }, body: MEDIA }));
    expect(other.statusCode).toBe(403);
    const admin = await api(apiEvent('POST', '/sessions', { caller: { tenant: 't1', user: 'boss', roles: ['admin'] }, body: MEDIA }));
    expect(admin.statusCode).toBe(201);
    const supervisor = await api(apiEvent('POST', '/sessions', { caller: { tenant: 't1', user: 'sup', roles: ['supervisor'] }, body: MEDIA }));
    expect(supervisor.statusCode).toBe(403);
  });

  it('keeps tenants apart: the same client id in another tenant is another client', async () => {
    await api(apiEvent('POST', '/sessions', { body: MEDIA }));
    const r = await api(apiEvent('POST', '/sessions', { caller: { tenant: 't2', user: 'u2' }, body: MEDIA }));
    expect(r.statusCode).toBe(201);
    expect(new URL(body(r).upload.url).pathname).toMatch(/^\/uploads\/t2\/c1\//);
  });
});

describe('POST /sessions with a transcript', () => {
  it('writes the transcript where an uploader would, with the same metadata, and answers 202', async () => {
    const r = await api(
      apiEvent('POST', '/sessions', { body: { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT, transcript: { format: 'text', content: TEXT } } }),
    );
    expect(r.statusCode).toBe(202);
    const { sessionId } = body(r);
    const key = `uploads/t1/c1/${sessionId}.txt`;
    const stored = await deps.objects.head('uploads', key);
    expect(stored?.metadata).toMatchObject({ 'consent-obtained': 'true', 'consent-method': 'written', 'session-date': '2026-09-01' });
    expect(new TextDecoder().decode(await deps.objects.read('uploads', key))).toBe(TEXT);
  });

  it('refuses text that is not a transcript at once, without storing anything', async () => {
    const r = await api(
      apiEvent('POST', '/sessions', {
        body: { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT, transcript: { format: 'transcribe-json', content: '{"results": 3}' } },
      }),
    );
    expect(r.statusCode).toBe(400);
    expect(body(r).errors[0].pointer).toBe('/transcript/content');
    expect(deps.objects.objects.size).toBe(0);
    expect(deps.sessions.items.size).toBe(0);
  });

  it('answers 413 for an inline transcript over the inline limit', async () => {
    const content = `Therapist: ${'word '.repeat(MAX_INLINE_TRANSCRIPT_BYTES / 5)}`;
    const r = await api(
      apiEvent('POST', '/sessions', { body: { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT, transcript: { format: 'text', content } } }),
    );
    expect(r.statusCode).toBe(413);
  });

  it('removes the session record when the transcript cannot be stored', async () => {
    deps.objects.write = async () => {
      throw new Error('S3 unavailable');
    };
    const r = await api(
      apiEvent('POST', '/sessions', { body: { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT, transcript: { format: 'text', content: TEXT } } }),
    );
    expect(r.statusCode).toBe(500);
    expect(deps.sessions.items.size).toBe(0);
  });
});

describe('GET /sessions/{id}', () => {
  beforeEach(async () => {
    await seed(deps, completedRecord());
  });

  it('shows the clinician their session with its note, without storage keys or the execution ARN', async () => {
    const r = await api(apiEvent('GET', '/sessions/s1'));
    expect(r.statusCode).toBe(200);
    const view = body(r);
    expect(view).toMatchObject({ sessionId: 's1', status: 'COMPLETED', noteVersion: 1 });
    expect(view.note.sections.length).toBeGreaterThan(0);
    expect(view).not.toHaveProperty('transcriptKey');
    expect(view).not.toHaveProperty('executionId');
    expect(r.body).not.toMatch(/arn:aws/);
  });

  it("reads the session and its client's assignment once each (the hot path)", async () => {
    let sessionReads = 0;
    let clientReads = 0;
    const get = deps.sessions.get.bind(deps.sessions);
    const client = deps.clients.get.bind(deps.clients);
    deps.sessions.get = (key) => {
      sessionReads++;
      return get(key);
    };
    deps.clients.get = (tenantId, clientId) => {
      clientReads++;
      return client(tenantId, clientId);
    };
    expect((await api(apiEvent('GET', '/sessions/s1'))).statusCode).toBe(200);
    expect([sessionReads, clientReads]).toEqual([1, 1]);
  });

  it('adds the transcript on ?include=transcript', async () => {
    const r = await api(apiEvent('GET', '/sessions/s1', { query: { include: 'transcript' } }));
    expect(body(r).transcript.turns.length).toBeGreaterThan(5);
  });

  it('shows a supervisor the scores but not the note, and refuses them the transcript', async () => {
    const supervisor = { tenant: 't1', user: 'sup', roles: ['supervisor' as const] };
    const r = await api(apiEvent('GET', '/sessions/s1', { caller: supervisor }));
    expect(r.statusCode).toBe(200);
    expect(body(r)).not.toHaveProperty('note');
    expect(body(r).alliance.overall).toBeDefined();
    expect((await api(apiEvent('GET', '/sessions/s1', { caller: supervisor, query: { include: 'transcript' } }))).statusCode).toBe(403);
  });

  it('answers 404 to another clinician of the tenant and to any user of another tenant', async () => {
    expect((await api(apiEvent('GET', '/sessions/s1', { caller: { tenant: 't1', user: 'u2' } }))).statusCode).toBe(404);
    expect((await api(apiEvent('GET', '/sessions/s1', { caller: { tenant: 't2', user: 'u1', roles: ['admin'] } }))).statusCode).toBe(404);
  });
});
