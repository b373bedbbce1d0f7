/**
 * The plan routes over the in-memory ports (issue 16): GET/PUT /clients/{clientId}/plan, POST …/plan/sign,
 * GET/POST …/measures and GET …/brief on the bundled sample client's five sessions, each stored with its
 * transcript and analysis as the workflow stores them. Access (404 for another clinician or tenant), the
 * supervisor's text-free view, stale versions (409), bad citations and measures (400 naming the field), the
 * size limit (413), signing, Idempotency-Key replays, and the client's erasure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { planSha256 } from '../../../lambdas/use-cases/plan-sign.js';
import { analyzeSession, type StoredSessionAnalysis } from '../../../lambdas/use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import { DeletionReceiptSchema } from '../../../schemas/api.js';
import {
  ClientBriefSchema,
  ClientMeasuresSchema,
  ClientPlanViewSchema,
  PlanVersionSchema,
  SignedPlanSchema,
  SupervisorBriefSchema,
  SupervisorMeasuresSchema,
  SupervisorPlanViewSchema,
  type ClientPlanView,
  type StoredTreatmentPlan,
} from '../../../schemas/plan.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { root } from '../../helpers.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const SAMPLES = join(root, 'samples', 'sessions', 'jordan');
const CLINICIAN: Caller = { tenant: 't1', user: 'u1', roles: ['clinician'] };
const OTHER_CLINICIAN: Caller = { tenant: 't1', user: 'u2', roles: ['clinician'] };
const SUPERVISOR: Caller = { tenant: 't1', user: 'sup', roles: ['supervisor'] };
const ADMIN: Caller = { tenant: 't1', user: 'boss', roles: ['admin'] };
const FOREIGN_ADMIN: Caller = { tenant: 't2', user: 'boss', roles: ['admin'] };
const TEXT_KEYS = ['text', 'quote', 'measurable', 'targetDate', 'label', 'modality', 'ratingOf', 'attestation'];

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;

let sessions: { date: string; transcript: Transcript; analysis: StoredSessionAnalysis }[];
beforeAll(() => {
  sessions = readdirSync(SAMPLES)
    .filter((name) => /^\d{4}-\d{2}-\d{2}\.txt$/.test(name))
    .sort()
    .map((name) => {
      const transcript = parseTranscript(readFileSync(join(SAMPLES, name)), { filename: name });
      return { date: name.slice(0, 10), transcript, analysis: analyzeSession(transcript, new Date('2026-10-01T00:00:00Z')) };
    });
});

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  for (const s of sessions) {
    const record = completedRecord({ clientId: 'jordan', sessionId: s.date, sessionDate: s.date, alliance: s.analysis.alliance, metrics: s.analysis.metrics });
    await seed(deps, record);
    // The sample's own transcript and the analysis the workflow stored beside it.
    await deps.objects.write('artifacts', record.transcriptKey!, JSON.stringify(s.transcript), 'application/json');
    await deps.objects.write('artifacts', sessionAnalysisKey(record), JSON.stringify(s.analysis), 'application/json');
  }
  await seed(deps, completedRecord({ clientId: 'c2', sessionId: 'x1' }), 'u2');
});

const call = (method: string, path: string, caller: Caller = CLINICIAN, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
  api(apiEvent(method, path, { caller, ...options }));

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.add(key);
      keysOf(item, out);
    }
  }
  return out;
}

async function currentPlan(caller: Caller = CLINICIAN): Promise<ClientPlanView> {
  return ClientPlanViewSchema.parse(body(await call('GET', '/clients/jordan/plan', caller)));
}

describe('GET /clients/{clientId}/plan', () => {
  it('answers the draft computed from the completed sessions: goals with statuses and citations, PHQ-9 measures, Goal Agreement', async () => {
    // Act
    const response = await call('GET', '/clients/jordan/plan');

    // Assess
    expect(response.statusCode).toBe(200);
    const view = ClientPlanViewSchema.parse(body(response));
    expect(view.version).toEqual({ source: 'computed', version: 0, signed: false });
    expect(view.sessions.map((s) => s.session)).toEqual(sessions.map((s) => s.date));
    expect(view.goals.length).toBeGreaterThan(0);
    const turnsOf = new Map(sessions.map((s) => [s.date, new Set(s.transcript.turns.map((t) => t.id))]));
    for (const goal of view.goals) {
      expect(goal.status).toMatch(/^(introduced|worked_on|progress|met|revised|dropped)$/);
      for (const citation of goal.evidence) expect(turnsOf.get(citation.session)?.has(citation.turnId ?? '')).toBe(true);
    }
    expect(view.goals.some((g) => g.history.length > 1)).toBe(true);
    expect(view.measures.some((m) => m.instrument === 'PHQ-9' && m.session !== undefined && m.turnId !== undefined)).toBe(true);
    expect(view.goalAgreement?.points).toHaveLength(sessions.length);
    expect(deps.audit.entries.at(-1)).toMatchObject({ action: 'plan.read', clientId: 'jordan', status: 200 });
  });

  it('shows a supervisor statuses, scores and citations, never text', async () => {
    // Act
    const full = await currentPlan();
    const response = await call('GET', '/clients/jordan/plan', SUPERVISOR);

    // Assess
    expect(response.statusCode).toBe(200);
    const view = SupervisorPlanViewSchema.parse(body(response));
    const keys = keysOf(body(response));
    for (const key of TEXT_KEYS) expect(keys.has(key), key).toBe(false);
    expect(view.goals.map((g) => g.status)).toEqual(full.goals.map((g) => g.status));
    expect(view.measures.map((m) => m.value)).toEqual(full.measures.map((m) => m.value));
    for (const goal of full.goals) expect(response.body).not.toContain(goal.text);
    for (const item of full.plan.problems) expect(response.body).not.toContain(item.text);
  });

  it("answers 404 for another clinician's client, another tenant's, and a client that does not exist", async () => {
    expect((await call('GET', '/clients/jordan/plan', OTHER_CLINICIAN)).statusCode).toBe(404);
    expect((await call('GET', '/clients/jordan/plan', FOREIGN_ADMIN)).statusCode).toBe(404);
    expect((await call('GET', '/clients/nobody/plan', ADMIN)).statusCode).toBe(404);
    expect((await call('GET', '/clients/jordan/plan', ADMIN)).statusCode).toBe(200);
  });
});

describe('PUT /clients/{clientId}/plan', () => {
  it('stores an edit of the computed draft as version 1, with clinician-entered items, and GET answers it', async () => {
    // Prepare
    const draft = (await currentPlan()).plan;
    const plan: StoredTreatmentPlan = {
      ...draft,
      problems: [...draft.problems, { text: 'Clinician-entered problem', kind: 'clinician_entered', evidence: [] }],
      goals: [...draft.goals, { goalId: 'goal-c', text: 'A goal of my own', targetDate: null, objectives: [], evidence: [], enteredBy: 'clinician' }],
    };

    // Act
    const response = await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan } });

    // Assess
    expect(response.statusCode).toBe(200);
    const version = PlanVersionSchema.parse(body(response));
    expect(version).toMatchObject({ clientId: 'jordan', version: 1, editedBy: 'u1', plan: { status: 'draft' } });
    expect(deps.audit.entries.at(-1)).toMatchObject({ action: 'plan.edit', clientId: 'jordan', status: 200 });
    const after = await currentPlan();
    expect(after.version).toMatchObject({ source: 'stored', version: 1, signed: false, editedBy: 'u1' });
    expect(after.plan.goals.at(-1)).toMatchObject({ goalId: 'goal-c', enteredBy: 'clinician' });
  });

  it('refuses a stale base version with 409 and changes nothing', async () => {
    // Prepare
    const { plan } = await currentPlan();
    await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan } });

    // Act
    const stale = await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan } });

    // Assess
    expect(stale.statusCode).toBe(409);
    expect(body(stale).detail).toMatch(/version 1/);
    expect((await currentPlan()).version.version).toBe(1);
  });

  it('refuses with 400 pointing at citations that name no session or turn of the client, without repeating them', async () => {
    // Prepare
    const { plan } = await currentPlan();
    const problems = [
      { text: 'Cites another client', kind: 'finding' as const, evidence: [{ session: 'x1-secret', turnId: 't0001' }] },
      { text: 'Cites no such turn', kind: 'finding' as const, evidence: [{ session: sessions[0]!.date, turnId: 't9999' }] },
    ];

    // Act
    const response = await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan: { ...plan, problems } } });
    const uncited = await call('PUT', '/clients/jordan/plan', CLINICIAN, {
      body: { baseVersion: 0, plan: { ...plan, problems: [{ text: 'Says nothing of where', kind: 'finding', evidence: [] }] } },
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(body(response).errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/plan/problems/0/evidence/0/session',
      '/plan/problems/1/evidence/0/turnId',
    ]);
    expect(response.body).not.toContain('x1-secret');
    expect(response.body).not.toContain('t9999');
    expect(uncited.statusCode).toBe(400);
    expect(body(uncited).errors[0].pointer).toBe('/plan/problems/0/evidence');
    expect(deps.plans.versions.size).toBe(0);
  });

  it('refuses a plan over the size limit with 413 and stores nothing', async () => {
    // Prepare
    const { plan } = await currentPlan();
    const problems = Array.from({ length: 120 }, () => ({ text: 'x'.repeat(3900), kind: 'clinician_entered' as const, evidence: [] }));

    // Act
    const response = await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan: { ...plan, problems } } });

    // Assess
    expect(response.statusCode).toBe(413);
    expect(body(response).detail).toMatch(/350 KB/);
    expect(deps.plans.versions.size).toBe(0);
  });

  it('is for the client’s clinician: a supervisor is 403, another clinician 404', async () => {
    const { plan } = await currentPlan();
    expect((await call('PUT', '/clients/jordan/plan', SUPERVISOR, { body: { baseVersion: 0, plan } })).statusCode).toBe(403);
    expect((await call('PUT', '/clients/jordan/plan', OTHER_CLINICIAN, { body: { baseVersion: 0, plan } })).statusCode).toBe(404);
  });
});

describe('POST /clients/{clientId}/plan/sign', () => {
  it('signs a stored version with the SHA-256 of the plan; a signed version is final and a later edit is a new version', async () => {
    // Prepare
    const { plan } = await currentPlan();
    expect((await call('POST', '/clients/jordan/plan/sign', CLINICIAN, { body: { version: 1 } })).statusCode).toBe(409);
    await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan } });

    // Act
    const signed = await call('POST', '/clients/jordan/plan/sign', CLINICIAN, {
      body: { version: 1, attestation: 'Reviewed with the client' },
      headers: { 'idempotency-key': 'sign-1' },
    });
    const replay = await call('POST', '/clients/jordan/plan/sign', CLINICIAN, {
      body: { version: 1, attestation: 'Reviewed with the client' },
      headers: { 'idempotency-key': 'sign-1' },
    });
    const again = await call('POST', '/clients/jordan/plan/sign', CLINICIAN, { body: { version: 1 } });
    const edited = await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 1, plan } });

    // Assess
    expect(signed.statusCode).toBe(200);
    const answer = SignedPlanSchema.parse(body(signed));
    expect(signed.body).not.toContain('Reviewed with the client');
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(signed.body);
    expect(again.statusCode).toBe(409);
    expect(edited.statusCode).toBe(200);
    expect(body(edited)).toMatchObject({ version: 2, plan: { status: 'draft' } });
    const first = (await deps.plans.version({ tenantId: 't1', clientId: 'jordan' }, 1))!;
    expect(first.plan.status).toBe('final');
    expect(first.signature).toMatchObject({ version: 1, signedBy: 'u1', attestation: 'Reviewed with the client' });
    expect(answer.signature.sha256).toBe(planSha256(first.plan));
    const after = await currentPlan();
    expect(after.version).toMatchObject({ source: 'stored', version: 2, signed: false });
  });

  it('refuses a stale version with 409', async () => {
    const { plan } = await currentPlan();
    await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan } });
    await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 1, plan } });
    const stale = await call('POST', '/clients/jordan/plan/sign', CLINICIAN, { body: { version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(body(stale).detail).toMatch(/version 2/);
  });
});

describe('GET and POST /clients/{clientId}/measures', () => {
  it('stores an entered score, and the series holds it with the scores said in session, with bands and change', async () => {
    // Act
    const entered = await call('POST', '/clients/jordan/measures', CLINICIAN, {
      body: { instrument: 'PHQ-9', value: 7, date: '2026-09-30', source: 'client_self_report' },
    });
    const read = await call('GET', '/clients/jordan/measures');

    // Assess
    expect(entered.statusCode).toBe(201);
    expect(Object.keys(body(entered)).sort()).toEqual(['clientId', 'enteredAt', 'measureId']);
    const measures = ClientMeasuresSchema.parse(body(read));
    const phq = measures.series.find((s) => s.instrument === 'PHQ-9')!;
    expect(phq.points.at(-1)).toMatchObject({ value: 7, date: '2026-09-30', source: 'client_self_report', band: 'mild' });
    expect(phq.points.some((p) => p.session !== undefined)).toBe(true);
    expect(phq.change).not.toBeNull();
    expect(measures.entered).toHaveLength(1);
    expect(deps.audit.entries.at(-1)).toMatchObject({ action: 'measures.read', clientId: 'jordan' });
  });

  it.each([
    [{ instrument: 'PHQ-99-secret', value: 7, date: '2026-09-30', source: 'clinician' }, '/instrument', 'PHQ-99-secret'],
    [{ instrument: 'PHQ-9', value: 99.5, date: '2026-09-30', source: 'clinician' }, '/value', '99.5'],
    [{ instrument: 'ISI', value: 35, date: '2026-09-30', source: 'clinician' }, '/value', '35'],
    [{ instrument: 'GAD-7', value: 5, date: '2027-01-15', source: 'clinician' }, '/date', '2027-01-15'],
    [{ instrument: 'GAD-7', value: 5, date: '2026-09-30', source: 'my-notes-secret' }, '/source', 'my-notes-secret'],
  ])('refuses %j with 400 naming %s, without repeating what was sent', async (measure, pointer, sent) => {
    const response = await call('POST', '/clients/jordan/measures', CLINICIAN, { body: measure });
    expect(response.statusCode).toBe(400);
    expect(body(response).errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    // The problem's `instance` is a random request id, which may hold any two digits ("35"): the rest is checked.
    const { instance: _instance, ...problem } = body(response);
    expect(JSON.stringify(problem)).not.toContain(sent);
    expect(deps.plans.measures.size).toBe(0);
  });

  it('stores an ISI, banded as Bastien et al. (2001) publish it, as a series of its own', async () => {
    const entered = await call('POST', '/clients/jordan/measures', CLINICIAN, {
      body: { instrument: 'ISI', value: 19, date: '2026-09-30', source: 'client_self_report' },
    });
    expect(entered.statusCode).toBe(201);
    const measures = ClientMeasuresSchema.parse(body(await call('GET', '/clients/jordan/measures')));
    const isi = measures.series.find((s) => s.instrument === 'ISI')!;
    expect(isi.points).toMatchObject([{ value: 19, date: '2026-09-30', band: 'moderate clinical insomnia' }]);
    expect(isi.change).toBeNull();
  });

  it('shows a supervisor the series without what a rating was of', async () => {
    await call('POST', '/clients/jordan/measures', CLINICIAN, {
      body: { instrument: 'rating', ratingOf: 'mood', value: 6, date: '2026-09-30', source: 'clinician' },
    });
    const response = await call('GET', '/clients/jordan/measures', SUPERVISOR);
    expect(response.statusCode).toBe(200);
    SupervisorMeasuresSchema.parse(body(response));
    expect(keysOf(body(response)).has('ratingOf')).toBe(false);
    expect(response.body).not.toContain('mood');
    expect(
      (await call('POST', '/clients/jordan/measures', SUPERVISOR, { body: { instrument: 'PHQ-9', value: 3, date: '2026-09-30', source: 'clinician' } }))
        .statusCode,
    ).toBe(403);
    expect((await call('GET', '/clients/jordan/measures', OTHER_CLINICIAN)).statusCode).toBe(404);
  });
});

describe('GET /clients/{clientId}/brief', () => {
  it('answers the brief, each finding cited; a supervisor gets its topics and citations only', async () => {
    // Act
    const clinician = await call('GET', '/clients/jordan/brief');
    const supervisor = await call('GET', '/clients/jordan/brief', SUPERVISOR);

    // Assess
    const brief = ClientBriefSchema.parse(body(clinician)).brief;
    expect(brief.afterSession).toBe(sessions.at(-1)!.date);
    expect(brief.lines.filter((l) => l.kind === 'finding').every((l) => l.evidence.length > 0)).toBe(true);
    const redacted = SupervisorBriefSchema.parse(body(supervisor)).brief;
    expect(redacted.lines.map((l) => l.topic)).toEqual(brief.lines.map((l) => l.topic));
    expect(keysOf(body(supervisor)).has('text')).toBe(false);
    expect((await call('GET', '/clients/c2/brief')).statusCode).toBe(404);
  });
});

describe('DELETE /clients/{clientId} with a plan and measures', () => {
  it('removes the plan, every version and the measures, and the receipt lists them; the plan is 404 after', async () => {
    // Prepare
    const { plan } = await currentPlan();
    await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 0, plan } });
    await call('POST', '/clients/jordan/plan/sign', CLINICIAN, { body: { version: 1 } });
    await call('PUT', '/clients/jordan/plan', CLINICIAN, { body: { baseVersion: 1, plan } });
    await call('POST', '/clients/jordan/measures', CLINICIAN, { body: { instrument: 'GAD-7', value: 6, date: '2026-09-30', source: 'clinician' } });

    // Act
    const erased = await call('DELETE', '/clients/jordan');

    // Assess
    expect(erased.statusCode).toBe(200);
    const receipt = DeletionReceiptSchema.parse(body(erased));
    expect(receipt.removed).toMatchObject({ planRecords: 3, measureRecords: 1 });
    expect(deps.plans.versions.size).toBe(0);
    expect(deps.plans.measures.size).toBe(0);
    expect((await call('GET', '/clients/jordan/plan', ADMIN)).statusCode).toBe(404);
    expect((await call('GET', '/clients/jordan/measures', ADMIN)).statusCode).toBe(404);
  });
});
