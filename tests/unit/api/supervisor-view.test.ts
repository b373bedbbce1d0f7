/**
 * What a supervisor reads of a session (issue 15, M2): one projection of the clinician's view that keeps
 * scores, flags, turn ids and risk indicators and takes out every quote, wherever the engine keeps one
 * (dimension and goal-agreement evidence, flag evidence, rupture markers, risk findings and denials).
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { supervisorView, withoutQuotes, contentView } from '../../../lambdas/api/operations/sessions.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import type { Alliance } from '../../../schemas/alliance.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { riskTranscript } from '../handlers/session-fixtures.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const SUPERVISOR: Caller = { tenant: 't1', user: 'sup', roles: ['supervisor'] };
const CLINICIAN: Caller = { tenant: 't1', user: 'u1', roles: ['clinician'] };
const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;

const analysis = analyzeTranscript(riskTranscript);
const turn = (id: string) => riskTranscript.turns.find((t) => t.id === id)!;
/** Goal-agreement evidence as the engine writes it: a turn id and that turn's words. */
const GOAL_EVIDENCE = { turnId: turn('t0003').id, quote: turn('t0003').text };

function record(): SessionRecord {
  const goalAgreement = { ...analysis.alliance.dimensions.collaborativeProgress, evidence: [GOAL_EVIDENCE] };
  const alliance: Alliance = { ...analysis.alliance, goalAgreement };
  return completedRecord({ metrics: analysis.metrics, alliance, risk: analysis.risk });
}

/** Every key named `quote`, at any depth. */
function quoteKeys(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => quoteKeys(item, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k === 'quote' ? [`${at}.${k}`] : quoteKeys(v, `${at}.${k}`)));
  return [];
}

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  await seed(deps, record());
});

describe('a supervisor’s view of a session', () => {
  it('GET /sessions/{id} gives a supervisor the goal-agreement score and its turn ids, without the turn’s words', async () => {
    // Act
    const bySupervisor = await api(apiEvent('GET', '/sessions/s1', { caller: SUPERVISOR }));
    const byClinician = await api(apiEvent('GET', '/sessions/s1', { caller: CLINICIAN }));

    // Assess
    expect(byClinician.body).toContain(JSON.stringify(GOAL_EVIDENCE.quote));
    expect(bySupervisor.statusCode).toBe(200);
    const view = body(bySupervisor);
    expect(view.alliance.goalAgreement.score).toBe(record().alliance!.goalAgreement!.score);
    expect(view.alliance.goalAgreement.evidence).toEqual([{ turnId: GOAL_EVIDENCE.turnId }]);
    expect(bySupervisor.body).not.toContain(GOAL_EVIDENCE.quote);
    expect(quoteKeys(view)).toEqual([]);
    expect(view).not.toHaveProperty('note');
  });

  it('the projection keeps every score, flag, marker and risk finding, each without its quote', () => {
    // Prepare
    const full = contentView(record());

    // Act
    const view = supervisorView(full);

    // Assess
    expect(quoteKeys(view)).toEqual([]);
    expect(view).toEqual(withoutQuotes({ ...full, note: undefined }));
    expect(view.alliance!.ruptureMarkers.map((m) => m.turnId)).toEqual(full.alliance!.ruptureMarkers.map((m) => m.turnId));
    expect(view.risk!.findings.map((f) => [f.category, f.level, f.turnId])).toEqual(full.risk!.findings.map((f) => [f.category, f.level, f.turnId]));
    expect(view.risk!.findings.length).toBeGreaterThan(0);
    expect(view.alliance!.flags.map((f) => f.type)).toEqual(full.alliance!.flags.map((f) => f.type));
  });
});

describe('a supervisor’s view of a signed session', () => {
  it('GET /sessions/{id} gives a supervisor who signed and when, without the attestation the clinician wrote', async () => {
    // Prepare
    const ATTESTATION = 'Reviewed with the client after the session about her sister';
    const signed = { version: 1, signedBy: 'u1', signedAt: '2025-01-02T10:00:00.000Z', sha256: 'a'.repeat(64), attestation: ATTESTATION };
    await seed(deps, { ...record(), noteSignature: signed });

    // Act
    const bySupervisor = await api(apiEvent('GET', '/sessions/s1', { caller: SUPERVISOR }));
    const byClinician = await api(apiEvent('GET', '/sessions/s1', { caller: CLINICIAN }));

    // Assess
    expect(body(byClinician).noteSignature.attestation).toBe(ATTESTATION);
    expect(bySupervisor.statusCode).toBe(200);
    expect(body(bySupervisor).noteSignature).toEqual({ version: 1, signedBy: 'u1', signedAt: signed.signedAt, sha256: signed.sha256 });
    expect(bySupervisor.body).not.toContain(ATTESTATION);
  });
});
