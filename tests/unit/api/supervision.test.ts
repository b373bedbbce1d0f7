/**
 * GET /sessions/{id}/supervision: the session's clinician and supervisors read the supervision report;
 * admins and other clinicians do not; every read is audited; a session processed before reports existed
 * answers 404 saying so. The session view (GET /sessions/{id}) never carries the report.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import type { SessionStatus } from '../../../schemas/session-record.js';
import { SupervisionReportSchema, type SupervisionReport } from '../../../schemas/supervision.js';
import { fixtureTranscript } from '../../helpers.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const TENANT = 't1';
const CLIENT = 'client-7';
const SESSION = 's-0920';
const PATH = `/sessions/${SESSION}/supervision`;
const clinician: Caller = { tenant: TENANT, user: 'dr-rivera', roles: ['clinician'] };
const otherClinician: Caller = { tenant: TENANT, user: 'dr-okafor', roles: ['clinician'] };
const supervisor: Caller = { tenant: TENANT, user: 'sup-lee', roles: ['supervisor'] };
const admin: Caller = { tenant: TENANT, user: 'admin-1', roles: ['admin'] };
const otherTenantSupervisor: Caller = { tenant: 't2', user: 'sup-lee', roles: ['supervisor'] };

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** A session of the clinician's client as the workflow leaves it; `withReport: false` as one processed before reports existed. */
async function seed(options: { status?: SessionStatus; withReport?: boolean } = {}) {
  const deps: MemoryDeps = memoryDeps();
  const transcript = fixtureTranscript('rupture-unrepaired.txt');
  const analysis = analyzeTranscript(transcript);
  const createdAt = new Date('2026-09-20T16:00:00Z');
  const note = writeProgressNote({ transcript, analysis, format: 'soap', sessionDate: '2026-09-20', createdAt });
  const supervision = writeSupervisionReport({ transcript, analysis, createdAt });
  const key = { tenantId: TENANT, sessionId: SESSION };
  await deps.clients.assign({ tenantId: TENANT, clientId: CLIENT, clinicianId: clinician.user, createdAt: '2026-09-01T09:00:00Z' });
  await deps.sessions.createReceived({
    ...key,
    clientId: CLIENT,
    status: 'RECEIVED',
    sessionDate: '2026-09-20',
    createdAt: '2026-09-20T15:00:00Z',
    updatedAt: '2026-09-20T15:00:00Z',
    timings: {},
  });
  const status = options.status ?? 'COMPLETED';
  if (status === 'COMPLETED') {
    await deps.sessions.complete(key, { ...analysis, note, ...(options.withReport === false ? {} : { supervision }), timings: {} });
  } else if (status === 'FAILED') {
    await deps.sessions.fail(key, { code: 'transcript_too_short', message: 'the transcript has too few turns to analyse' });
  } else {
    await deps.sessions.updateStatus(key, status);
  }
  const handler = createApiHandler(deps);
  const call = async (method: string, path: string, caller: Caller): Promise<Answer> => {
    const result: APIGatewayProxyResult = await handler(apiEvent(method, path, { caller }));
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { status: result.statusCode, headers, body: JSON.parse(result.body) };
  };
  return { deps, transcript, supervision, call };
}

describe('GET /sessions/{id}/supervision', () => {
  it("answers the report to the session's clinician, and audits the read", async () => {
    // Prepare
    const { deps, supervision, call } = await seed();

    // Act
    const answer = await call('GET', PATH, clinician);

    // Assess
    expect(answer.status).toBe(200);
    expect(SupervisionReportSchema.parse(answer.body)).toEqual(supervision);
    expect(deps.audit.entries.at(-1)).toMatchObject({ action: 'supervision.read', actor: clinician.user, status: 200, sessionId: SESSION, clientId: CLIENT });
  });

  it('answers the whole report to a supervisor, who may not read quotes: it holds none', async () => {
    // Prepare
    const { deps, transcript, call } = await seed();

    // Act
    const answer = await call('GET', PATH, supervisor);

    // Assess
    expect(answer.status).toBe(200);
    const report = answer.body as SupervisionReport;
    expect(report.moments.some((m) => m.kind === 'rupture')).toBe(true);
    const body = JSON.stringify(report);
    for (const turn of transcript.turns) if (turn.text.length >= 20) expect(body).not.toContain(turn.text);
    expect(deps.audit.entries.at(-1)).toMatchObject({ action: 'supervision.read', actor: supervisor.user, status: 200 });
  });

  it("answers 404 to a clinician who is not the client's, and 403 to an admin, both audited", async () => {
    // Prepare
    const { deps, call } = await seed();

    // Act
    const other = await call('GET', PATH, otherClinician);
    const administrator = await call('GET', PATH, admin);
    const elsewhere = await call('GET', PATH, otherTenantSupervisor);

    // Assess
    expect(other.status).toBe(404);
    expect(other.body.detail).not.toMatch(/supervision report/);
    expect(administrator.status).toBe(403);
    expect(elsewhere.status).toBe(404);
    expect(deps.audit.entries.filter((e) => e.action === 'supervision.read').map((e) => e.status)).toEqual(expect.arrayContaining([404, 403]));
  });

  it('answers 404 with a problem detail saying a session processed before reports existed has none', async () => {
    // Prepare
    const { call } = await seed({ withReport: false });

    // Act
    const answer = await call('GET', PATH, clinician);

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'https://attune.dev/problems/not-found', status: 404 });
    expect(answer.body.detail).toMatch(/processed before supervision reports were written/);
  });

  it('answers 409 with Retry-After while the session is processing, and 409 when it failed', async () => {
    // Act
    const processing = await (await seed({ status: 'ANALYZING' })).call('GET', PATH, supervisor);
    const failed = await (await seed({ status: 'FAILED' })).call('GET', PATH, clinician);

    // Assess
    expect(processing.status).toBe(409);
    expect(processing.headers['retry-after']).toBe('30');
    expect(failed.status).toBe(409);
    expect(failed.body.detail).toMatch(/transcript_too_short/);
  });

  it('is never part of the session view, whoever asks', async () => {
    // Prepare
    const { call } = await seed();

    // Act
    const views = await Promise.all([clinician, supervisor, admin].map((caller) => call('GET', `/sessions/${SESSION}`, caller)));

    // Assess
    for (const view of views) {
      expect(view.status).toBe(200);
      expect(view.body).not.toHaveProperty('supervision');
    }
  });
});
