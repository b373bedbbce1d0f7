/**
 * Risk in the partner API over in-memory ports: what each role sees of a session's risk, the text-free
 * indicators on every list, the review queue (GET /sessions?reviewRequired=true) and signing a note whose
 * session holds unacknowledged risk.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import type { RiskCategory, RiskReport, RiskSummary } from '../../../schemas/risk.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { riskTranscript } from '../handlers/session-fixtures.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;
const CLINICIAN: Caller = { tenant: 't1', user: 'u1', roles: ['clinician'] };
const OTHER_CLINICIAN: Caller = { tenant: 't1', user: 'u2', roles: ['clinician'] };
const SUPERVISOR: Caller = { tenant: 't1', user: 'sup', roles: ['supervisor'] };
const ADMIN: Caller = { tenant: 't1', user: 'boss', roles: ['admin'] };
const FOREIGN_ADMIN: Caller = { tenant: 't2', user: 'root', roles: ['admin'] };

const riskAnalysis = analyzeTranscript(riskTranscript);
const turnText = (id: string) => riskTranscript.turns.find((t) => t.id === id)!.text;
/** A denial the detector may or may not report: added so every kind of quote is in the stored report. */
const DENIAL = { category: 'harm_to_others' as const, turnId: 't0014', quote: turnText('t0014'), inResponseTo: 't0013' };

/** The risk session as the workflow stores it: alliance, note and the detector's report, all from one transcript. */
function riskSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const risk: RiskReport = { ...riskAnalysis.risk, denials: [...riskAnalysis.risk.denials, DENIAL] };
  risk.summary = { ...risk.summary, denials: risk.denials.length };
  return completedRecord({
    metrics: riskAnalysis.metrics,
    alliance: riskAnalysis.alliance,
    note: writeProgressNote({
      transcript: riskTranscript,
      analysis: riskAnalysis,
      format: 'soap',
      sessionDate: '2026-09-01',
      createdAt: new Date('2026-09-01T10:04:00Z'),
    }),
    risk,
    ...overrides,
  });
}

/** Every verbatim quote a record holds: risk findings and denials, alliance evidence and rupture markers. */
function quotesOf(record: SessionRecord): string[] {
  const alliance = record.alliance!;
  return [
    ...record.risk!.findings.map((f) => f.quote),
    ...record.risk!.denials.map((d) => d.quote),
    ...Object.values(alliance.dimensions).flatMap((d) => d.evidence.map((e) => e.quote)),
    ...alliance.flags.flatMap((f) => f.evidence.map((e) => e.quote)),
    ...alliance.ruptureMarkers.map((m) => m.quote),
  ];
}

/** A hand-made report at a level, for the queue's order: one finding per category at t0004. */
function reportAt(level: RiskSummary['highestLevel'], categories: RiskCategory[] = level === 'none' ? [] : ['passive_ideation']): RiskReport {
  const found = level !== 'none';
  return {
    summary: {
      reviewRequired: found,
      highestLevel: level,
      categories,
      assessment: found ? 'not_assessed' : 'not_applicable',
      findings: categories.length,
      denials: 0,
    },
    findings: found
      ? categories.map((category) => ({
          category,
          level,
          cssrsLevel: null,
          recency: 'current' as const,
          turnId: 't0004',
          quote: turnText('t0004'),
          uncertain: false,
        }))
      : [],
    denials: [],
    episodes: found
      ? [
          {
            domain: 'suicide' as const,
            categories,
            level,
            cssrsLevel: 1,
            recency: 'current' as const,
            turnIds: ['t0004'],
            assessment: { status: 'not_assessed' as const, asked: [], notAsked: ['thoughts' as const, 'plan' as const] },
            followUpRequired: true,
          },
        ]
      : [],
    source: 'local',
    detectorVersion: 'test',
  };
}

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(() => {
  deps = memoryDeps();
  api = createApiHandler(deps);
});

describe('GET /sessions/{id}: risk by role', () => {
  let record: SessionRecord;
  beforeEach(async () => {
    record = await seed(deps, riskSession());
  });

  it.each([
    ["the client's clinician", CLINICIAN],
    ['an admin', ADMIN],
  ])("gives %s the risk report in full, with the client's words", async (_who, caller) => {
    // Act
    const r = await api(apiEvent('GET', '/sessions/s1', { caller }));

    // Assess
    expect(r.statusCode).toBe(200);
    expect(body(r).risk).toEqual(record.risk);
    expect(r.body).toContain(turnText('t0004'));
  });

  it("gives a supervisor the summary, the episodes and each finding's category and level, but no quote anywhere in the answer", async () => {
    // Act
    const r = await api(apiEvent('GET', '/sessions/s1', { caller: SUPERVISOR }));

    // Assess
    expect(r.statusCode).toBe(200);
    const { risk } = body(r);
    expect(risk.summary).toEqual(record.risk!.summary);
    expect(risk.episodes).toEqual(record.risk!.episodes);
    expect(risk.findings).toEqual(record.risk!.findings.map(({ quote: _q, ...rest }) => rest));
    expect(risk.denials).toEqual([{ category: 'harm_to_others', turnId: 't0014', inResponseTo: 't0013' }]);
    const quotes = quotesOf(record);
    expect(quotes.length).toBeGreaterThan(3);
    for (const quote of quotes) expect(r.body).not.toContain(quote);
    expect(r.body).not.toMatch(/"quote"/);
    // The scores are still there, with the turn ids their evidence came from.
    expect(body(r).alliance.overall).toEqual(record.alliance!.overall);
    expect(body(r).alliance.dimensions.therapeuticRelationship.evidence.map((e: { turnId: string }) => e.turnId)).toEqual(
      record.alliance!.dimensions.therapeuticRelationship.evidence.map((e) => e.turnId),
    );
  });

  it("answers 404 to another clinician of the tenant and to another tenant's admin", async () => {
    expect((await api(apiEvent('GET', '/sessions/s1', { caller: OTHER_CLINICIAN }))).statusCode).toBe(404);
    expect((await api(apiEvent('GET', '/sessions/s1', { caller: FOREIGN_ADMIN }))).statusCode).toBe(404);
  });
});

describe('lists carry a text-free risk indicator', () => {
  beforeEach(async () => {
    await seed(deps, riskSession({ sessionId: 's2', sessionDate: '2026-09-08' }));
    await seed(deps, completedRecord({ sessionId: 's1', sessionDate: '2026-09-01' }));
    await seed(deps, completedRecord({ clientId: 'c2', sessionId: 'x1', risk: reportAt('high', ['suicidal_plan']) }), 'u2');
  });

  it.each([
    ['a clinician', CLINICIAN],
    ['a supervisor', SUPERVISOR],
  ])("GET /clients/{id}/sessions shows %s each session's risk summary and whether it awaits review, never a quote", async (_who, caller) => {
    // Act
    const r = await api(apiEvent('GET', '/clients/c1/sessions', { caller }));

    // Assess
    expect(r.statusCode).toBe(200);
    const items = body(r).items as Array<Record<string, any>>;
    expect(items.map((s) => [s.sessionId, s.risk?.highestLevel ?? null, s.awaitingReview])).toEqual([
      ['s2', 'moderate', true],
      ['s1', null, false],
    ]);
    expect(items[0]!.risk.categories).toEqual(['passive_ideation', 'self_injury']);
    expect(r.body).not.toContain(turnText('t0004'));
    expect(r.body).not.toMatch(/"quote"/);
  });

  it("GET /clients shows each client's sessions awaiting review and its latest risk summary", async () => {
    // Act
    const mine = body(await api(apiEvent('GET', '/clients')));
    const everyone = body(await api(apiEvent('GET', '/clients', { caller: SUPERVISOR })));

    // Assess
    expect(mine.items.map((c: any) => [c.clientId, c.risk.awaitingReview, c.risk.latest?.sessionId, c.risk.latest?.summary.highestLevel])).toEqual([
      ['c1', 1, 's2', 'moderate'],
    ]);
    expect(everyone.items.map((c: any) => [c.clientId, c.risk.awaitingReview, c.risk.latest?.summary.highestLevel])).toEqual([
      ['c1', 1, 'moderate'],
      ['c2', 1, 'high'],
    ]);
    expect(JSON.stringify(everyone)).not.toContain(turnText('t0004'));
  });

  it("GET /clients/{id}/alliance carries the risk across the client's sessions, text-free", async () => {
    // Prepare: a third session, later, with a plan: higher on the C-SSRS ladder than anything before.
    await seed(deps, completedRecord({ sessionId: 's3', sessionDate: '2026-09-15', risk: reportAt('high', ['suicidal_plan']) }));

    // Act
    const r = await api(apiEvent('GET', '/clients/c1/alliance', { caller: SUPERVISOR }));

    // Assess
    const { risk } = body(r).series;
    expect(risk.sessions.map((s: any) => [s.sessionId, s.highestLevel])).toEqual([
      ['s2', 'moderate'],
      ['s3', 'high'],
    ]);
    expect(risk.alerts.map((a: any) => a.kind)).toEqual(['escalating', 'repeated']);
    expect(risk.alerts[0]).toMatchObject({
      sessionId: 's3',
      reasons: ['level', 'suicide_ladder'],
      previousLevel: 'moderate',
      suicideCategory: 'suicidal_plan',
    });
    expect(risk.alerts[1]).toMatchObject({ sessionIds: ['s2', 's3'] });
    expect(r.body).not.toContain(turnText('t0004'));
  });
});

describe('GET /sessions?reviewRequired=true: the review queue', () => {
  const queue = async (caller: Caller, query: Record<string, string> = {}) =>
    api(apiEvent('GET', '/sessions', { caller, query: { reviewRequired: 'true', ...query } }));
  const ids = (r: APIGatewayProxyResult) => (body(r).items as Array<{ sessionId: string }>).map((s) => s.sessionId);

  beforeEach(async () => {
    // In the queue: three levels, two of them on the same level on different dates, and one only the note flags.
    await seed(deps, completedRecord({ sessionId: 'low-old', sessionDate: '2026-08-01', risk: reportAt('low', ['hopelessness']) }));
    await seed(deps, completedRecord({ sessionId: 'high-old', sessionDate: '2026-08-15', risk: reportAt('high', ['suicidal_plan']) }));
    await seed(deps, completedRecord({ sessionId: 'high-new', sessionDate: '2026-09-20', risk: reportAt('high', ['suicide_attempt']) }));
    await seed(deps, completedRecord({ sessionId: 'mod', sessionDate: '2026-09-01', risk: reportAt('moderate', ['self_injury']) }));
    const noteOnly = completedRecord({ sessionId: 'note-only', sessionDate: '2026-09-25', risk: reportAt('none') });
    await seed(deps, { ...noteOnly, note: { ...noteOnly.note!, reviewRequired: true } });
    // Not in the queue: signed, still processing, nothing to review.
    const signed = completedRecord({ sessionId: 'signed', sessionDate: '2026-09-10', risk: reportAt('high', ['suicidal_intent']) });
    await seed(deps, { ...signed, noteSignature: { version: 1, signedBy: 'u1', signedAt: '2026-09-11T09:00:00.000Z', sha256: 'a'.repeat(64) } });
    await seed(deps, completedRecord({ sessionId: 'running', status: 'ANALYZING', note: undefined, alliance: undefined, metrics: undefined, risk: undefined }));
    await seed(deps, completedRecord({ sessionId: 'calm', sessionDate: '2026-09-26', risk: reportAt('none') }));
    // Another clinician's client, and another tenant.
    await seed(deps, completedRecord({ clientId: 'c2', sessionId: 'theirs', sessionDate: '2026-09-02', risk: reportAt('moderate', ['harm_to_others']) }), 'u2');
    await seed(deps, completedRecord({ tenantId: 't2', sessionId: 'foreign', risk: reportAt('high', ['suicidal_plan']) }), 'u1');
  });

  it('lists unsigned sessions needing review, highest level first and newest first within a level', async () => {
    // Act
    const r = await queue(CLINICIAN);

    // Assess
    expect(r.statusCode).toBe(200);
    expect(ids(r)).toEqual(['high-new', 'high-old', 'mod', 'low-old', 'note-only']);
    expect(body(r).items[0]).toEqual({
      sessionId: 'high-new',
      clientId: 'c1',
      status: 'COMPLETED',
      sessionDate: '2026-09-20',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      risk: reportAt('high', ['suicide_attempt']).summary,
      note: { status: 'draft', version: 1, reviewRequired: false },
    });
    expect(body(r).items.at(-1)).toMatchObject({ sessionId: 'note-only', risk: { highestLevel: 'none' }, note: { reviewRequired: true } });
    expect(r.body).not.toContain(turnText('t0004'));
  });

  it('shows a clinician only their own clients, an admin and a supervisor the whole tenant, another tenant nothing of it', async () => {
    // Act
    const mine = ids(await queue(CLINICIAN));
    const theirs = ids(await queue(OTHER_CLINICIAN));
    const admin = ids(await queue(ADMIN));
    const supervisor = await queue(SUPERVISOR);
    const foreign = ids(await queue(FOREIGN_ADMIN));

    // Assess
    expect(mine).not.toContain('theirs');
    expect(theirs).toEqual(['theirs']);
    expect(admin).toEqual(['high-new', 'high-old', 'theirs', 'mod', 'low-old', 'note-only']);
    expect(ids(supervisor)).toEqual(admin);
    expect(supervisor.body).not.toMatch(/"quote"/);
    expect(foreign).toEqual(['foreign']);
  });

  it('pages with an opaque cursor, in the same order, and ends without one', async () => {
    // Act
    const first = await queue(ADMIN, { limit: '4' });
    const second = await queue(ADMIN, { limit: '4', cursor: body(first).cursor });

    // Assess
    expect(ids(first)).toEqual(['high-new', 'high-old', 'theirs', 'mod']);
    expect(body(first).cursor).toEqual(expect.any(String));
    expect(ids(second)).toEqual(['low-old', 'note-only']);
    expect(body(second).cursor).toBeUndefined();
  });

  it('leaves the queue once the note is signed with the risk acknowledged', async () => {
    // Act
    const signed = await api(apiEvent('POST', '/sessions/high-new/note/sign', { body: { version: 1, acknowledgeRisk: true } }));

    // Assess
    expect(signed.statusCode).toBe(200);
    expect(ids(await queue(CLINICIAN))).toEqual(['high-old', 'mod', 'low-old', 'note-only']);
  });

  it('refuses the listing without reviewRequired=true, naming the parameter', async () => {
    // Act
    const r = await api(apiEvent('GET', '/sessions', { caller: CLINICIAN }));

    // Assess
    expect(r.statusCode).toBe(400);
    expect(body(r).errors).toEqual([{ pointer: '?reviewRequired', detail: expect.stringMatching(/reviewRequired=true/) }]);
  });

  it('is audited like every read of session data: who, when, the outcome', async () => {
    // Act
    await queue(SUPERVISOR);

    // Assess
    expect(deps.audit.entries).toEqual([
      expect.objectContaining({
        tenantId: 't1',
        actor: 'sup',
        roles: ['supervisor'],
        action: 'session.review-queue.read',
        method: 'GET',
        route: '/sessions',
        status: 200,
      }),
    ]);
  });
});

describe("POST /sessions/{id}/note/sign with the session's risk", () => {
  it("refuses to sign a note that states no risk while the session's risk requires review, until it is acknowledged", async () => {
    // Prepare: the detector found risk; the note (written before, or edited) says nothing of it.
    const record = await seed(deps, completedRecord({ risk: reportAt('high', ['suicidal_plan']) }));
    expect(record.note!.reviewRequired).toBe(false);

    // Act
    const refused = await api(apiEvent('POST', '/sessions/s1/note/sign', { body: { version: 1 } }));
    const signed = await api(apiEvent('POST', '/sessions/s1/note/sign', { body: { version: 1, acknowledgeRisk: true } }));

    // Assess
    expect(refused.statusCode).toBe(409);
    expect(body(refused).detail).toMatch(/risk findings for review.*acknowledgeRisk: true/);
    expect(refused.body).not.toContain(turnText('t0004'));
    expect(signed.statusCode).toBe(200);
    expect(body(signed).signature.signedBy).toBe('u1');
  });

  it("signs without an acknowledgement when neither the note nor the session's risk asks for review", async () => {
    // Prepare
    await seed(deps, completedRecord({ risk: reportAt('none') }));

    // Act
    const signed = await api(apiEvent('POST', '/sessions/s1/note/sign', { body: { version: 1 } }));

    // Assess
    expect(signed.statusCode).toBe(200);
  });
});
