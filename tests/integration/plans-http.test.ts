/**
 * The plan routes over real HTTP on the local stack (`npm start`'s server in-process: the sample client
 * `jordan`'s five sessions processed by the real workflow on first start, dynalite behind the DynamoDB
 * adapters): the plan computed from the stored analyses, a measure entered, an edit, a signature, an edit
 * after it (a new version), the supervisor's view without text, and the client's erasure with its receipt.
 */
import type * as fhir4 from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateR4 } from '../../lambdas/core/fhir/index.js';
import { startServer } from '../../local/server.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { DeletionReceiptSchema, type Role } from '../../schemas/api.js';
import { ClientMeasuresSchema, ClientPlanViewSchema, PlanVersionSchema, SignedPlanSchema, SupervisorPlanViewSchema } from '../../schemas/plan.js';
import { BOOT_TIMEOUT_MS, localEnv, tempHome } from './local-stack.js';

let started: Awaited<ReturnType<typeof startServer>>;
let base: string;
const home = tempHome();
const tokens: Record<string, string> = {};

async function call(who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, json: text.length > 0 ? JSON.parse(text) : null };
}

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

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
  const token = (user: string, roles: Role[]) =>
    issueToken({ tenant: 'local', user, roles, expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
  tokens.clinician = token('demo', ['clinician']);
  tokens.other = token('dr-lee', ['clinician']);
  tokens.supervisor = token('sup', ['supervisor']);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe('the plan routes on the local server, for the sample client', () => {
  /** A day before today (UTC): an entered score may not be dated in the future. */
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);

  it('GET /clients/jordan/plan answers goals with statuses across the sessions and PHQ-9 said in session', async () => {
    // Act
    const response = await call('clinician', 'GET', '/clients/jordan/plan');

    // Assess
    expect(response.status, response.text).toBe(200);
    const view = ClientPlanViewSchema.parse(response.json);
    expect(view.version).toEqual({ source: 'computed', version: 0, signed: false });
    expect(view.sessions).toHaveLength(5);
    expect(view.goals.length).toBeGreaterThan(0);
    expect(view.goals.every((g) => g.evidence.every((e) => view.sessions.some((s) => s.session === e.session) && e.turnId !== undefined))).toBe(true);
    expect(new Set(view.goals.map((g) => g.status)).size).toBeGreaterThan(1);
    expect(view.measures.filter((m) => m.instrument === 'PHQ-9').length).toBeGreaterThan(1);
    expect(view.measureSeries.find((s) => s.instrument === 'PHQ-9')?.change).not.toBeNull();
    expect((await call('other', 'GET', '/clients/jordan/plan')).status).toBe(404);
  }, 120_000);

  it('POST /clients/jordan/measures stores a score that GET …/measures then holds in its series; a bad one is 400 naming the field', async () => {
    // Act
    const entered = await call('clinician', 'POST', '/clients/jordan/measures', {
      instrument: 'GAD-7',
      value: 6,
      date: yesterday,
      source: 'client_self_report',
    });
    const bad = await call('clinician', 'POST', '/clients/jordan/measures', { instrument: 'GAD-7', value: 22, date: yesterday, source: 'client_self_report' });
    const read = await call('clinician', 'GET', '/clients/jordan/measures');

    // Assess
    expect(entered.status, entered.text).toBe(201);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].pointer).toBe('/value');
    const measures = ClientMeasuresSchema.parse(read.json);
    const gad = measures.series.find((s) => s.instrument === 'GAD-7')!;
    expect(gad.points.some((p) => p.date === yesterday && p.value === 6 && p.band === 'mild')).toBe(true);
    expect(measures.entered.map((m) => m.measureId)).toEqual([entered.json.measureId]);
  });

  it('PUT edits the plan (version 1), signing makes it final, and an edit after signing is version 2', async () => {
    // Prepare
    const { plan } = ClientPlanViewSchema.parse((await call('clinician', 'GET', '/clients/jordan/plan')).json);
    const edited = { ...plan, gaps: [...plan.gaps, { text: 'Review sleep diary next session', kind: 'clinician_entered', evidence: [] }] };

    // Act
    const first = await call('clinician', 'PUT', '/clients/jordan/plan', { baseVersion: 0, plan: edited });
    const stale = await call('clinician', 'PUT', '/clients/jordan/plan', { baseVersion: 0, plan: edited });
    const signed = await call('clinician', 'POST', '/clients/jordan/plan/sign', { version: 1 }, { 'idempotency-key': 'plan-sign-1' });
    const replayed = await call('clinician', 'POST', '/clients/jordan/plan/sign', { version: 1 }, { 'idempotency-key': 'plan-sign-1' });
    const second = await call('clinician', 'PUT', '/clients/jordan/plan', { baseVersion: 1, plan: edited });
    const after = ClientPlanViewSchema.parse((await call('clinician', 'GET', '/clients/jordan/plan')).json);

    // Assess
    expect(first.status, first.text).toBe(200);
    expect(PlanVersionSchema.parse(first.json).version).toBe(1);
    expect(stale.status).toBe(409);
    expect(signed.status, signed.text).toBe(200);
    expect(SignedPlanSchema.parse(signed.json).signature).toMatchObject({ version: 1, signedBy: 'demo' });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(second.status, second.text).toBe(200);
    expect(second.json).toMatchObject({ version: 2, plan: { status: 'draft' } });
    expect(after.version).toMatchObject({ source: 'stored', version: 2, signed: false });
    expect(after.plan.gaps.at(-1)).toMatchObject({ kind: 'clinician_entered' });
  });

  it('a supervisor sees statuses, scores and citations, never text', async () => {
    // Act
    const full = ClientPlanViewSchema.parse((await call('clinician', 'GET', '/clients/jordan/plan')).json);
    const response = await call('supervisor', 'GET', '/clients/jordan/plan');

    // Assess
    expect(response.status).toBe(200);
    const view = SupervisorPlanViewSchema.parse(response.json);
    for (const key of ['text', 'quote', 'measurable', 'targetDate', 'label', 'ratingOf', 'attestation'])
      expect(keysOf(response.json).has(key), key).toBe(false);
    expect(view.goals.map((g) => g.status)).toEqual(full.goals.map((g) => g.status));
    for (const goal of full.goals) expect(response.text).not.toContain(goal.text);
    expect(response.text).not.toContain('Review sleep diary');
    expect((await call('supervisor', 'GET', '/clients/jordan/brief')).status).toBe(200);
  });

  it('GET …/plan?format=fhir answers a FHIR R4 Bundle: the CarePlan (active once signed), its Goals, PHQ-9 as LOINC 44261-6 Observations', async () => {
    // Prepare: the latest version (2, from the test above) is signed, so the CarePlan is active.
    const view = ClientPlanViewSchema.parse((await call('clinician', 'GET', '/clients/jordan/plan')).json);
    const signed = await call('clinician', 'POST', '/clients/jordan/plan/sign', { version: view.version.version });

    // Act
    const response = await call('clinician', 'GET', '/clients/jordan/plan?format=fhir');
    const supervisor = await call('supervisor', 'GET', '/clients/jordan/plan?format=fhir');

    // Assess
    expect(signed.status, signed.text).toBe(200);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = response.json as fhir4.Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(validateR4(bundle)).toEqual([]);
    const resources = (bundle.entry ?? []).map((entry) => entry.resource!);
    const carePlans = resources.filter((r): r is fhir4.CarePlan => r.resourceType === 'CarePlan');
    expect(carePlans).toHaveLength(1);
    expect(carePlans[0]!.status).toBe('active');
    expect(resources.filter((r) => r.resourceType === 'Goal')).toHaveLength(view.goals.length);
    const phq9 = resources
      .filter((r): r is fhir4.Observation => r.resourceType === 'Observation')
      .filter((o) => o.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === '44261-6'));
    expect(phq9.map((o) => o.valueInteger)).toEqual(expect.arrayContaining([16, 12, 9]));
    const fullUrls = new Set((bundle.entry ?? []).map((entry) => entry.fullUrl));
    for (const reference of response.text.match(/"reference":\s*"urn:uuid:[^"]+"/g) ?? []) {
      expect(fullUrls.has(reference.replace(/^"reference":\s*"|"$/g, '')), reference).toBe(true);
    }
    expect(supervisor.status).toBe(403);
    expect(supervisor.text).not.toContain(view.goals[0]?.text ?? '¤');
  });

  it('erasing the client removes the plan, its versions and the measures, listed in the receipt; the plan is 404 after', async () => {
    // Act
    const erased = await call('clinician', 'DELETE', '/clients/jordan');
    const plan = await call('clinician', 'GET', '/clients/jordan/plan');
    const measures = await call('clinician', 'GET', '/clients/jordan/measures');

    // Assess
    expect(erased.status, erased.text).toBe(200);
    const receipt = DeletionReceiptSchema.parse(erased.json);
    expect(receipt.sessionIds).toHaveLength(5);
    // The current version's item and one per version (1 and 2), and the one entered score.
    expect(receipt.removed).toMatchObject({ planRecords: 3, measureRecords: 1 });
    expect(plan.status).toBe(404);
    expect(measures.status).toBe(404);
  });
});
