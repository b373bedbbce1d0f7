import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type * as fhir4 from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { CLIENT_ID_SYSTEM, goalStatusToFhir, planToFhirBundle, validateR4, type PlanBundleOptions } from '../../../lambdas/core/fhir/index.js';
import { buildClientPlan, type PlanSessionInput } from '../../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { ClientPlanSchema, GoalStatusSchema, InstrumentSchema, MeasureSourceSchema, type ClientPlan, type MeasurePoint } from '../../../schemas/plan.js';
import { root } from '../../helpers.js';

// `any` on purpose: these tests break resources in ways the FHIR types forbid.
type Json = Record<string, any>;

const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29'];

/** The sample client's sessions read as `attune plan` reads them: bytes, parsed with the file name, analysed. */
function jordanSessions(dates: readonly string[] = DATES): PlanSessionInput[] {
  return dates.map((date) => {
    const path = `${root}/samples/sessions/jordan/${date}.txt`;
    const transcript = parseTranscript(readFileSync(path), { filename: path });
    return { session: date, date, transcript, ...analyzeTranscript(transcript) };
  });
}

const JORDAN = buildClientPlan(jordanSessions());

const resourcesOf = (bundle: fhir4.Bundle) => (bundle.entry ?? []).map((e) => e.resource!);
const ofType = <T extends fhir4.FhirResource['resourceType']>(bundle: fhir4.Bundle, type: T) =>
  resourcesOf(bundle).filter((r) => r.resourceType === type) as Extract<fhir4.FhirResource, { resourceType: T }>[];

/** Every `reference` in the bundle's resources, found by walking them. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'reference' && typeof child === 'string' ? [child] : referencesIn(child)));
}

describe('planToFhirBundle on the sample client', () => {
  const bundle = planToFhirBundle(JORDAN, { clientId: 'c-042' });

  it('is a valid collection Bundle whose every resource passes the structural R4 check', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(validateR4(bundle)).toEqual([]);
    for (const resource of resourcesOf(bundle)) expect(validateR4(resource), resource.resourceType).toEqual([]);
    for (const entry of bundle.entry!) expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource!.id}`);
  });

  it('holds one draft CarePlan for the client by id, pointing at a Goal per goal', () => {
    const [plan, ...others] = ofType(bundle, 'CarePlan');

    expect(others).toEqual([]);
    expect(plan).toMatchObject({ status: 'draft', intent: 'plan', created: '2026-09-29', period: { start: '2026-09-01' } });
    expect(plan!.subject).toEqual({ type: 'Patient', identifier: { system: CLIENT_ID_SYSTEM, value: 'c-042' } });
    expect(plan!.author).toBeUndefined();
    expect(plan!.addresses!.map((a) => a.display)).toEqual(JORDAN.plan.problems.filter((p) => p.kind === 'finding').map((p) => p.text));
    const goalUrls = ofType(bundle, 'Goal').map((g) => `urn:uuid:${g.id}`);
    expect(plan!.goal!.map((g) => g.reference)).toEqual(goalUrls);
    expect(plan!.activity!.map((a) => a.detail!.code!.text)).toEqual(JORDAN.plan.interventions.map((i) => i.label));
    for (const activity of plan!.activity!) expect(activity.detail!.extension!.length).toBeGreaterThan(0);
  });

  it('has a Goal per goal with its words, mapped status, measurable target and cited history', () => {
    const goals = ofType(bundle, 'Goal');

    expect(goals.map((g) => g.description.text)).toEqual(JORDAN.goals.map((g) => g.text));
    expect(goals.map((g) => [g.lifecycleStatus, g.achievementStatus?.coding?.[0]?.code])).toEqual(
      JORDAN.goals.map((g) => {
        const mapped = goalStatusToFhir(g.status, 'draft');
        return [mapped.lifecycleStatus, mapped.achievement ?? undefined];
      }),
    );
    const sleep = goals.find((g) => g.description.text === 'Sleep through most nights')!;
    expect(sleep).toMatchObject({ lifecycleStatus: 'completed', startDate: '2026-09-01', statusDate: '2026-09-29' });
    expect(sleep.achievementStatus!.coding![0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'achieved' });
    expect(sleep.target).toEqual([{ measure: { text: 'Sleep through most nights' }, detailString: 'most nights' }]);
    expect(sleep.note!.map((n) => n.text)).toContain('met: "I think the sleep goal is met, honestly" [2026-09-29 t0020]');
    expect(sleep.note!.map((n) => n.text)).toContain('Time frame, as said: "in, say, two months"');
    // The citations as data: one extension per { session, turnId } of the goal's evidence.
    const cited = sleep.extension!.map((e) => e.extension!.map((x) => x.valueString).join(' '));
    expect(cited).toEqual(JORDAN.goals[0]!.evidence.map((c) => `${c.session} ${c.turnId}`));
  });

  it('has an Observation per score: PHQ-9 as LOINC 44261-6 (16, 12, 9) and GAD-7 as 70274-6, in date order, cited', () => {
    const observations = ofType(bundle, 'Observation');
    const byLoinc = (code: string) => observations.filter((o) => o.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === code));

    expect(observations).toHaveLength(JORDAN.measures.length);
    const phq = byLoinc('44261-6');
    expect(phq.map((o) => [o.valueInteger, o.effectiveDateTime])).toEqual([
      [16, '2026-09-01'],
      [12, '2026-09-22'],
      [9, '2026-09-29'],
    ]);
    expect(phq.map((o) => o.interpretation![0]!.text)).toEqual(['moderately severe', 'moderate', 'mild']);
    expect(phq[1]!.note!.map((n) => n.text)).toContain('Said in session 2026-09-22 t0027');
    expect(byLoinc('70274-6').map((o) => o.valueInteger)).toEqual([13, 9, 6]);
    for (const o of observations) {
      expect(o.status).toBe('final');
      expect(o.category![0]!.coding![0]).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' });
    }
    // A rating has no code of its own: text only, never an invented one.
    const ratings = observations.filter((o) => o.code.text?.startsWith('Rating'));
    expect(ratings.map((o) => o.code)).toContainEqual({ text: 'Rating of mood (0-10)' });
    for (const o of ratings) expect(o.code.coding).toBeUndefined();
  });

  it('resolves every reference within the bundle, and names the client only by id', () => {
    const fullUrls = new Set(bundle.entry!.map((e) => e.fullUrl));
    const references = referencesIn(resourcesOf(bundle));

    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(fullUrls).toContain(reference);
    const subjects = resourcesOf(bundle).map((r) => (r as { subject?: fhir4.Reference }).subject);
    for (const subject of subjects) expect(subject).toEqual({ type: 'Patient', identifier: { system: CLIENT_ID_SYSTEM, value: 'c-042' } });
  });

  it('gives the same bundle for the same input, however the sessions were ordered, and another client other ids', () => {
    const again = planToFhirBundle(buildClientPlan(jordanSessions([...DATES].reverse())), { clientId: 'c-042' });
    const other = planToFhirBundle(JORDAN, { clientId: 'c-043' });

    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
    const ids = new Set(resourcesOf(bundle).map((r) => r.id));
    for (const r of resourcesOf(other)) expect(ids).not.toContain(r.id);
  });

  it('keeps a goal and a score at their ids when a later session is added', () => {
    const earlier = planToFhirBundle(buildClientPlan(jordanSessions(DATES.slice(0, 4))), { clientId: 'c-042' });
    const idOf = (b: fhir4.Bundle, text: string) => ofType(b, 'Goal').find((g) => g.description.text === text)?.id;
    const phq = (b: fhir4.Bundle) => ofType(b, 'Observation').find((o) => o.valueInteger === 16 && o.code.coding?.[0]?.code === '44261-6')?.id;

    expect(idOf(earlier, 'Not dread Mondays')).toBe(idOf(bundle, 'Not dread Mondays'));
    expect(phq(earlier)).toBe(phq(bundle));
    expect(ofType(earlier, 'CarePlan')[0]!.id).toBe(ofType(bundle, 'CarePlan')[0]!.id);
    expect(earlier.id).not.toBe(bundle.id);
  });

  it('exports a signed plan as active, authored by the signer, with its goals active', () => {
    const signed = planToFhirBundle(JORDAN, {
      clientId: 'c-042',
      status: 'active',
      signedBy: { reference: 'Practitioner/p-7' },
      signedAt: '2026-09-30T10:00:00Z',
    });

    expect(validateR4(signed)).toEqual([]);
    const [plan] = ofType(signed, 'CarePlan');
    expect(plan).toMatchObject({ status: 'active', author: { reference: 'Practitioner/p-7' } });
    expect(plan!.extension).toEqual([{ url: 'https://attune.example/fhir/StructureDefinition/plan-signed-at', valueDateTime: '2026-09-30T10:00:00Z' }]);
  });

  it('without a client id, says the client is not identified rather than naming anyone', () => {
    const anonymous = planToFhirBundle(JORDAN);

    expect(validateR4(anonymous)).toEqual([]);
    expect(ofType(anonymous, 'CarePlan')[0]!.subject).toEqual({ type: 'Patient', display: 'Client not identified in this export' });
  });

  it.each<[string, PlanBundleOptions, string]>([
    ['a client id that is not an id', { clientId: 'Jordan R.' }, 'invalid_client_id'],
    ['an active plan nobody signed', { clientId: 'c-1', status: 'active' }, 'unsigned_active_plan'],
    ['a signed draft', { clientId: 'c-1', signedBy: { reference: 'Practitioner/1' }, signedAt: '2026-09-30' }, 'signed_draft_plan'],
    ['a signing time that is no time', { status: 'active', signedBy: { reference: 'Practitioner/1' }, signedAt: 'yesterday' }, 'invalid_signed_at'],
  ])('refuses %s', (_, options, code) => {
    expect(() => planToFhirBundle(JORDAN, options)).toThrow(InvalidInputError);
    try {
      planToFhirBundle(JORDAN, options);
    } catch (error) {
      expect((error as InvalidInputError & { code: string }).code).toBe(code);
      expect((error as Error).message).not.toContain('Jordan');
    }
  });
});

describe('goal status mapping', () => {
  it.each([
    ['introduced', 'draft', 'proposed', null],
    ['introduced', 'active', 'active', null],
    ['worked_on', 'draft', 'active', 'in-progress'],
    ['progress', 'draft', 'active', 'improving'],
    ['met', 'draft', 'completed', 'achieved'],
    ['met', 'active', 'completed', 'achieved'],
    ['revised', 'draft', 'active', null],
    ['dropped', 'draft', 'cancelled', null],
    ['dropped', 'active', 'cancelled', null],
  ] as const)('%s in a %s plan is %s (%s)', (status, planStatus, lifecycle, achievement) => {
    expect(goalStatusToFhir(status, planStatus)).toEqual({ lifecycleStatus: lifecycle, achievement });
  });

  it('covers every goal status', () => {
    for (const status of GoalStatusSchema.options) expect(goalStatusToFhir(status).lifecycleStatus).toBeTruthy();
  });
});

describe('validateR4 on the plan resources', () => {
  const valid = () => structuredClone(planToFhirBundle(JORDAN, { clientId: 'c-042' })) as Json;
  const first = (bundle: Json, type: string) => bundle.entry.findIndex((e: Json) => e.resource.resourceType === type);

  it.each<[string, (b: Json) => void, string]>([
    ['a CarePlan without intent', (b) => delete b.entry[first(b, 'CarePlan')].resource.intent, '.resource.intent: required'],
    ['a CarePlan status outside the value set', (b) => (b.entry[first(b, 'CarePlan')].resource.status = 'signed'), '.resource.status: "signed" is not one of'],
    ['a CarePlan without subject', (b) => delete b.entry[first(b, 'CarePlan')].resource.subject, '.resource.subject: required'],
    ['an activity without its status', (b) => delete b.entry[first(b, 'CarePlan')].resource.activity[0].detail.status, '.activity[0].detail.status: required'],
    [
      'a Goal status outside the value set',
      (b) => (b.entry[first(b, 'Goal')].resource.lifecycleStatus = 'met'),
      '.resource.lifecycleStatus: "met" is not one of',
    ],
    ['a Goal without description', (b) => delete b.entry[first(b, 'Goal')].resource.description, '.resource.description: required'],
    ['a Goal without subject', (b) => delete b.entry[first(b, 'Goal')].resource.subject, '.resource.subject: required'],
    [
      'a target detail without its measure',
      (b) => delete b.entry[first(b, 'Goal')].resource.target[0].measure,
      '.target[0].measure: required when a detail is given (gol-1)',
    ],
    ['an Observation without code', (b) => delete b.entry[first(b, 'Observation')].resource.code, '.resource.code: required'],
    ['an Observation with two values', (b) => (b.entry[first(b, 'Observation')].resource.valueString = 'x'), 'a choice element takes one type'],
    ['a fractional valueInteger', (b) => (b.entry[first(b, 'Observation')].resource.valueInteger = 1.5), '.valueInteger: 1.5 is not an integer'],
    ['a note without text', (b) => delete b.entry[first(b, 'Goal')].resource.note[0].text, '.note[0].text: required'],
    ['a Bundle without type', (b) => delete b.type, 'Bundle.type: required'],
    [
      'a Bundle with text',
      (b) => (b.text = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }),
      'Bundle.text: not an element of Bundle',
    ],
    ['a fullUrl that is not the id', (b) => (b.entry[0].resource.id = 'other'), 'Bundle.entry[0].fullUrl: does not match'],
    ['a reference to no entry', (b) => b.entry.splice(first(b, 'Goal'), 1), 'is not the fullUrl of any entry in this Bundle'],
    ['two entries with one fullUrl', (b) => (b.entry[2].fullUrl = b.entry[1].fullUrl), 'is already an earlier entry'],
  ])('reports %s', (_, breakIt, expected) => {
    const bundle = valid();
    breakIt(bundle);
    const problems = validateR4(bundle);
    expect(
      problems.some((p) => p.includes(expected)),
      problems.join('\n'),
    ).toBe(true);
  });
});

// ── Generated plans ────────────────────────────────────────────────────────────────────────────────────

const day = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom(' ', 'Sleep through most nights', 'at least two days a week', '"quoted" & <b>'),
);
const sessionId = fc.oneof(day, fc.string({ minLength: 1, maxLength: 12 }));
const turnId = fc.integer({ min: 1, max: 9999 }).map((n) => `t${String(n).padStart(4, '0')}`);
const citation = fc.record({ session: sessionId, turnId }, { requiredKeys: ['session'] });
const finding = fc.record({ text, kind: fc.constant('finding' as const), evidence: fc.array(citation, { minLength: 1, maxLength: 3 }) });
const gap = fc.record({ text, kind: fc.constant('gap' as const), evidence: fc.constant<{ session: string; turnId?: string }[]>([]) });
const item = fc.oneof(finding, gap);

const goal = (id: string) =>
  fc.record({
    id: fc.constant(id),
    text,
    wordsOf: fc.constantFrom('client' as const, 'therapist' as const),
    measurable: fc.option(text, { nil: null }),
    measurableEvidence: fc.array(citation, { maxLength: 2 }),
    targetDate: fc.option(fc.oneof(text, day), { nil: null }),
    status: fc.constantFrom(...GoalStatusSchema.options),
    history: fc.array(
      fc.record({
        session: sessionId,
        date: day,
        status: fc.constantFrom(...GoalStatusSchema.options),
        turnIds: fc.array(turnId, { minLength: 1, maxLength: 3 }),
        quote: text,
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    evidence: fc.array(citation, { minLength: 1, maxLength: 4 }),
  });

const point: fc.Arbitrary<MeasurePoint> = fc.record(
  {
    instrument: fc.constantFrom(...InstrumentSchema.options),
    ratingOf: fc.option(text, { nil: null }),
    value: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: -3_000_000_000, max: 3_000_000_000 })),
    band: fc.option(text, { nil: null }),
    date: day,
    session: sessionId,
    turnId,
    source: fc.constantFrom(...MeasureSourceSchema.options),
  },
  { requiredKeys: ['instrument', 'ratingOf', 'value', 'band', 'date'] },
);

const clientPlan: fc.Arbitrary<ClientPlan> = fc
  .record({
    sessions: fc.array(fc.record({ session: sessionId, date: day }), { minLength: 1, maxLength: 4 }),
    goalCount: fc.integer({ min: 0, max: 4 }),
    problems: fc.array(item, { minLength: 1, maxLength: 3 }),
    interventions: fc.array(
      fc.record({
        label: text,
        modality: fc.oneof(text, fc.constant('')),
        state: fc.constantFrom('used' as const, 'planned' as const),
        sessions: fc.array(sessionId, { minLength: 1, maxLength: 3 }),
        evidence: fc.array(citation, { minLength: 1, maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
    gaps: fc.array(gap, { maxLength: 2 }),
    measures: fc.array(point, { maxLength: 8 }),
  })
  .chain(({ goalCount, ...rest }) =>
    fc.tuple(...Array.from({ length: goalCount }, (_, i) => goal(`goal-${i + 1}`))).chain((goals) =>
      fc.tuple(...goals.map(() => fc.array(item, { minLength: 1, maxLength: 3 })), fc.boolean()).map((objectivesAndDrop): ClientPlan => {
        const dropLast = objectivesAndDrop[objectivesAndDrop.length - 1] as boolean;
        const objectives = objectivesAndDrop.slice(0, -1) as ClientPlan['plan']['goals'][number]['objectives'][];
        // A plan may leave a tracked goal out: the bundle still has its Goal.
        const planGoals = goals
          .map((g, i) => ({ goalId: g.id, text: g.text, targetDate: g.targetDate, objectives: objectives[i]!, evidence: g.evidence.slice(0, 1) }))
          .slice(0, dropLast ? Math.max(0, goals.length - 1) : goals.length);
        const series = [...new Set(rest.measures.map((m) => `${m.instrument}|${m.ratingOf}`))].map((key) => {
          const points = rest.measures.filter((m) => `${m.instrument}|${m.ratingOf}` === key);
          return { instrument: points[0]!.instrument, ratingOf: points[0]!.ratingOf, scale: { min: 0, max: 10 }, points, change: null, criteria: null };
        });
        return {
          sessions: rest.sessions,
          goals,
          plan: { status: 'draft', problems: rest.problems, goals: planGoals, interventions: rest.interventions, gaps: rest.gaps },
          measures: rest.measures,
          measureSeries: series,
          goalAgreement: { points: [], direction: 'insufficient_data', baseline: null, latest: null },
          brief: {
            afterSession: rest.sessions[0]!.session,
            lines: [{ topic: 'goal', text: 'Goals: none stated in the sessions.', kind: 'gap', evidence: [] }],
          },
        };
      }),
    ),
  );

const options: fc.Arbitrary<PlanBundleOptions> = fc.oneof(
  fc.record({ clientId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) }, { requiredKeys: [] }),
  fc.record({
    clientId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    status: fc.constant('active' as const),
    signedBy: fc.constant({ reference: 'Practitioner/p-1' }),
    signedAt: fc.oneof(day, fc.constant('2026-09-30T10:00:00+02:00')),
  }),
);

describe('planToFhirBundle on generated plans', () => {
  it('never throws, always validates, resolves every reference and gives the same bundle twice', () => {
    fc.assert(
      fc.property(clientPlan, options, (plan, opts) => {
        ClientPlanSchema.parse(plan);

        const bundle = planToFhirBundle(plan, opts);

        expect(validateR4(bundle)).toEqual([]);
        const fullUrls = new Set(bundle.entry!.map((e) => e.fullUrl));
        // Within the bundle every reference is to an entry; the only other is the signer the caller named.
        for (const reference of referencesIn(resourcesOf(bundle))) {
          if (reference !== opts.signedBy?.reference) expect(fullUrls).toContain(reference);
        }
        expect(ofType(bundle, 'CarePlan')).toHaveLength(1);
        expect(ofType(bundle, 'Goal')).toHaveLength(plan.goals.length);
        expect(ofType(bundle, 'Observation')).toHaveLength(plan.measures.length);
        expect(JSON.stringify(planToFhirBundle(plan, opts))).toBe(JSON.stringify(bundle));
      }),
      { numRuns: 200 },
    );
  });
});
