// @vitest-environment happy-dom
/**
 * The Client pages' logic: the alliance answer as chart series with rupture markers, the sparkline and its
 * words, citations grouped by session, measure bands and change in words, and the measure form (its own
 * checks, and a 400's pointers placed on the fields).
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.js';
import { allianceCharts, allianceRows, overallValues, sessionLabels } from '../../web/src/pages/client/alliance.js';
import { groupCitations } from '../../web/src/pages/client/citations.js';
import { type ClientRow, clientRow, filterRows, sortRows } from '../../web/src/pages/client/clients.js';
import {
  bandLines,
  changeWords,
  checkDraft,
  EMPTY_DRAFT,
  fieldErrorsOf,
  measureChartPoints,
  measureDescription,
  seriesTitle,
} from '../../web/src/pages/client/measures.js';
import {
  briefInOrder,
  editablePlan,
  emptyTexts,
  errorAt,
  goalName,
  isConflict,
  placesOf,
  planErrorsOf,
  unplacedErrors,
  versionWords,
  withNewEntry,
  withoutEntry,
  withText,
} from '../../web/src/pages/client/plan.js';
import { sparkline, sparklineLabel } from '../../web/src/pages/client/sparkline.js';
import type { AllianceSeries, AnyMeasureSeries, ClientItem, PlanAnswer } from '../../web/src/pages/client/types.js';
import type { StoredTreatmentPlan } from '../../schemas/plan.js';

const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'];

function trend(scores: (number | null)[]) {
  return {
    direction: 'stable' as const,
    slopePerSession: null,
    baseline: null,
    latest: null,
    points: scores.map((score, i) => ({ sessionId: `s${i + 1}`, date: DATES[i]!, score })),
  };
}

function series(overrides: Partial<AllianceSeries> = {}): AllianceSeries {
  return {
    sessions: DATES.map((date, i) => ({ sessionId: `s${i + 1}`, date })),
    overall: trend([80, 78, 55, 79]),
    dimensions: {
      therapeuticFramework: trend([70, 71, null, 72]),
      sessionManagement: trend([60, 61, 62, 63]),
      therapeuticRelationship: trend([90, 88, 40, 85]),
      therapeuticProcess: trend([65, 66, 67, 68]),
      collaborativeProgress: trend([75, 74, 73, 72]),
    },
    ruptureAlerts: [{ sessionId: 's3', date: '2026-09-15', score: 55, baseline: 79, threshold: 69, drop: 24, ruptureMarkers: 2, unrepairedRuptureMarkers: 0 }],
    flags: [],
    risk: { sessions: [], alerts: [] },
    ...overrides,
  };
}

describe('alliance charts', () => {
  it('draws the overall score and each dimension with a rupture marker at the alert’s session', () => {
    const charts = allianceCharts(series());
    expect(charts.map((chart) => chart.key)).toEqual([
      'overall',
      'therapeuticFramework',
      'sessionManagement',
      'therapeuticRelationship',
      'therapeuticProcess',
      'collaborativeProgress',
    ]);
    const overall = charts[0]!;
    expect(overall.xDomain).toEqual(DATES);
    expect(overall.points).toEqual([
      { x: '2026-09-01', y: 80 },
      { x: '2026-09-08', y: 78 },
      { x: '2026-09-15', y: 55 },
      { x: '2026-09-22', y: 79 },
    ]);
    expect(overall.ruptures).toEqual([{ x: '2026-09-15', sessionId: 's3', title: 'Rupture alert 2026-09-15: overall 55, below 69' }]);
    expect(charts.every((chart) => chart.ruptures.length === 1)).toBe(true);
    expect(overall.description).toBe(
      'Overall alliance across 4 sessions, stable. Scores: 2026-09-01 80, 2026-09-08 78, 2026-09-15 55, 2026-09-22 79. Rupture alerts: 2026-09-15.',
    );
  });

  it('leaves an unscored session out of the line and says so in the description', () => {
    const framework = allianceCharts(series())[1]!;
    expect(framework.points.map((point) => point.x)).toEqual(['2026-09-01', '2026-09-08', '2026-09-22']);
    expect(framework.unscored).toEqual(['2026-09-15']);
    expect(framework.description).toContain('Not scored: 2026-09-15.');
  });

  it('gives two sessions on one date their own categories, so the markers land on the right one', () => {
    const twice = series({
      sessions: [
        { sessionId: 'a', date: '2026-09-01' },
        { sessionId: 'b', date: '2026-09-01' },
      ],
      overall: {
        ...trend([]),
        points: [
          { sessionId: 'a', date: '2026-09-01', score: 80 },
          { sessionId: 'b', date: '2026-09-01', score: 50 },
        ],
      },
      ruptureAlerts: [{ sessionId: 'b', date: '2026-09-01', score: 50, baseline: 80, threshold: 70, drop: 30, ruptureMarkers: 1, unrepairedRuptureMarkers: 1 }],
    });
    expect([...sessionLabels(twice.sessions).values()]).toEqual(['2026-09-01', '2026-09-01 (2)']);
    expect(allianceCharts(twice)[0]!.ruptures.map((rupture) => rupture.x)).toEqual(['2026-09-01 (2)']);
  });

  it('says there were no ruptures when there were none', () => {
    expect(allianceCharts(series({ ruptureAlerts: [] }))[0]!.description).toMatch(/No rupture alerts\.$/);
  });

  it('tabulates every session with every score and whether it had a rupture alert', () => {
    const rows = allianceRows(series());
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatchObject({
      sessionId: 's3',
      x: '2026-09-15',
      rupture: true,
      scores: { overall: 55, therapeuticFramework: null, therapeuticRelationship: 40 },
    });
    expect(rows.filter((row) => row.rupture)).toHaveLength(1);
  });

  it('reads the overall values in session order for the sparkline', () => {
    expect(overallValues(series())).toEqual([80, 78, 55, 79]);
    expect(overallValues(null)).toEqual([]);
  });
});

describe('sparkline', () => {
  it('names every value, and draws a gap where a session was not scored', () => {
    const line = sparkline([100, 0, null, 50], 62, 22);
    expect(line.label).toBe('Overall alliance over 4 sessions: 100, 0, not scored, 50');
    expect(line.segments).toEqual(['2,2 21.33,20']);
    expect(line.dots).toEqual([{ x: 60, y: 11 }]);
  });

  it('says when there is nothing to draw', () => {
    expect(sparklineLabel([])).toBe('Overall alliance: no scored sessions');
    expect(sparkline([], 60, 20).segments).toEqual([]);
  });
});

describe('citations', () => {
  it('groups evidence by session in citation order, each turn once, and keeps a whole-session citation', () => {
    expect(
      groupCitations([
        { session: '2026-09-01', turnId: 't0020' },
        { session: '2026-09-29', turnId: 't0001' },
        { session: '2026-09-01', turnId: 't0020' },
        { session: '2026-09-01', turnId: 't0035' },
        { session: '2026-09-30' },
      ]),
    ).toEqual([
      { sessionId: '2026-09-01', turnIds: ['t0020', 't0035'] },
      { sessionId: '2026-09-29', turnIds: ['t0001'] },
      { sessionId: '2026-09-30', turnIds: [] },
    ]);
    expect(groupCitations(undefined)).toEqual([]);
  });
});

describe('measures', () => {
  it('draws the PHQ-9 and GAD-7 severity bands where they start, and none for raw scales', () => {
    expect(bandLines('PHQ-9', { min: 0, max: 27 }).map((line) => [line.y, line.band])).toEqual([
      [5, 'mild'],
      [10, 'moderate'],
      [15, 'moderately severe'],
      [20, 'severe'],
    ]);
    expect(bandLines('GAD-7', { min: 0, max: 21 }).map((line) => line.title)).toEqual(['Mild from 5', 'Moderate from 10', 'Severe from 15']);
    expect(bandLines('SUDS', { min: 0, max: 100 })).toEqual([]);
  });

  it('titles a rating by what it is of, and without it when the answer leaves it out (a supervisor’s)', () => {
    expect(seriesTitle({ instrument: 'rating', ratingOf: 'mood', scale: { min: 0, max: 10 } })).toBe('Rating of mood (0–10)');
    expect(seriesTitle({ instrument: 'rating', scale: { min: 0, max: 100 } })).toBe('Rating (0–100)');
    expect(seriesTitle({ instrument: 'PHQ-9', ratingOf: null, scale: { min: 0, max: 27 } })).toBe('PHQ-9');
  });

  it('puts clinically meaningful change into words', () => {
    const point = (value: number, band: string, date: string) => ({
      instrument: 'PHQ-9' as const,
      ratingOf: null,
      value,
      band,
      date,
      session: date,
      turnId: 't0001',
    });
    const phq: Pick<AnyMeasureSeries, 'change' | 'criteria'> = {
      change: {
        baseline: point(16, 'moderately severe', '2026-09-01'),
        latest: point(9, 'mild', '2026-09-29'),
        difference: -7,
        reliableChange: 'reliable_improvement',
        response: false,
        remission: false,
      },
      criteria: { reliableChangePoints: 6, responseFraction: 0.5, remissionBelow: 5, source: 'McMillan 2010' },
    };
    expect(changeWords(phq)).toEqual({
      summary: '16 (moderately severe) on 2026-09-01 → 9 (mild) on 2026-09-29: −7',
      reliableChange: 'reliable improvement',
      response: 'not yet',
      remission: 'not yet',
      source: 'McMillan 2010',
    });
    expect(changeWords({ change: null, criteria: null })).toBeNull();
  });
});

describe('the measure form', () => {
  it('asks for each empty field and a number for the score', () => {
    expect(checkDraft(EMPTY_DRAFT).errors).toEqual({
      instrument: 'Choose an instrument',
      value: 'Enter the score',
      date: 'Enter the date the score was taken (YYYY-MM-DD)',
      source: 'Choose where the score came from',
    });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'PHQ-9', value: 'twelve', date: '2026-10-01', source: 'clinician' }).errors).toEqual({
      value: 'The score is a number, such as 12',
    });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'rating', value: '4', date: '2026-10-01', source: 'clinician' }).errors).toEqual({
      ratingOf: 'Say what the rating is of, such as mood',
    });
  });

  it('leaves ranges and dates to the API and sends what it takes', () => {
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'PHQ-9', value: ' 40 ', date: '2099-01-01', source: 'client_self_report' })).toEqual({
      body: { instrument: 'PHQ-9', value: 40, date: '2099-01-01', source: 'client_self_report' },
    });
    expect(
      checkDraft({ ...EMPTY_DRAFT, instrument: 'rating', value: '70', date: '2026-10-01', source: 'clinician', ratingOf: ' sleep ', outOf: '100' }).body,
    ).toEqual({
      instrument: 'rating',
      value: 70,
      date: '2026-10-01',
      source: 'clinician',
      ratingOf: 'sleep',
      outOf: 100,
    });
  });

  it('places a 400’s errors on the fields its pointers name', () => {
    const error = new ApiError({
      type: 'https://attune.dev/problems/invalid-request',
      title: 'The request is not valid',
      status: 400,
      detail: 'the request body is not valid',
      errors: [
        { pointer: '/value', detail: 'value: PHQ-9 scores run from 0 to 27' },
        { pointer: '/date', detail: 'dates look like 2024-03-15 (YYYY-MM-DD)' },
        { pointer: '/date', detail: 'not a real calendar date' },
      ],
    });
    expect(fieldErrorsOf(error)).toEqual({
      fields: { value: 'PHQ-9 scores run from 0 to 27', date: 'Dates look like 2024-03-15 (YYYY-MM-DD); Not a real calendar date' },
      unplaced: false,
    });
  });

  it('leaves for the form’s alert what no field can hold', () => {
    const problem = { type: 'x', title: 'Conflict', status: 409, detail: 'in progress' };
    expect(fieldErrorsOf(new ApiError(problem))).toEqual({ fields: {}, unplaced: true });
    expect(fieldErrorsOf(new ApiError({ ...problem, status: 400, errors: [{ pointer: '/other' }] }))).toEqual({ fields: {}, unplaced: true });
    expect(fieldErrorsOf(new Error('boom'))).toEqual({ fields: {}, unplaced: true });
  });
});

describe('the plan', () => {
  const plan = (): StoredTreatmentPlan => ({
    status: 'draft',
    problems: [{ text: 'Sleep difficulties', kind: 'finding', evidence: [{ session: '2026-09-01', turnId: 't0008' }] }],
    goals: [
      {
        goalId: 'goal-1',
        text: 'Sleep through most nights',
        targetDate: 'in, say, two months',
        objectives: [{ text: 'Objectives: no measurable step said in the sessions.', kind: 'gap', evidence: [] }],
        evidence: [{ session: '2026-09-01', turnId: 't0035' }],
      },
    ],
    interventions: [],
    gaps: [],
  });

  it('puts risk lines first in the brief and keeps the rest in order', () => {
    const lines = [{ topic: 'homework' }, { topic: 'goal' }, { topic: 'risk' }, { topic: 'measure' }, { topic: 'risk' }] as const;
    expect(briefInOrder(lines).map((line) => line.topic)).toEqual(['risk', 'risk', 'homework', 'goal', 'measure']);
  });

  it('edits texts, adds the clinician’s own items and removes items without touching the answer it came from', () => {
    const original = plan();
    let edited = withText(original, { kind: 'problem', index: 0 }, 'Sleep: waking at 3');
    edited = withText(edited, { kind: 'target', goal: 0 }, ' ');
    edited = withNewEntry(edited, { kind: 'objective', goal: 0 });
    edited = withText(edited, { kind: 'objective', goal: 0, index: 1 }, 'Log sleep for a week');
    edited = withoutEntry(edited, { kind: 'objective', goal: 0, index: 0 });
    expect(original.problems[0]!.text).toBe('Sleep difficulties');
    expect(edited.problems[0]).toEqual({ text: 'Sleep: waking at 3', kind: 'finding', evidence: [{ session: '2026-09-01', turnId: 't0008' }] });
    expect(edited.goals[0]!.targetDate).toBeNull();
    expect(edited.goals[0]!.objectives).toEqual([{ text: 'Log sleep for a week', kind: 'clinician_entered', evidence: [] }]);
  });

  it('asks for the text of an item left empty before sending', () => {
    const edited = withNewEntry(plan(), { kind: 'problem' });
    expect(emptyTexts(edited)).toEqual({ '/plan/problems/1/text': 'Write the item, or remove it' });
  });

  it('shows each error of a 400 on the item its pointer names, and lists what no item holds', () => {
    const error = new ApiError({
      type: 'https://attune.dev/problems/invalid-request',
      title: 'The request is not valid',
      status: 400,
      errors: [
        { pointer: '/plan/problems/0/text', detail: 'Too small' },
        { pointer: '/plan/problems/0/evidence', detail: 'a finding cites where it came from' },
        { pointer: '/plan/goals/0/objectives/0/evidence', detail: 'a gap cites nothing' },
        { pointer: '/plan/interventions/0/label', detail: 'Too small' },
      ],
    });
    const errors = planErrorsOf(error);
    expect(errorAt(errors, { kind: 'problem', index: 0 })).toBe('Too small; a finding cites where it came from');
    expect(errorAt(errors, { kind: 'objective', goal: 0, index: 0 })).toBe('a gap cites nothing');
    expect(errorAt(errors, { kind: 'goal', goal: 0 })).toBeUndefined();
    expect(unplacedErrors(errors, placesOf(plan()))).toEqual(['/plan/interventions/0/label: Too small']);
  });

  it('reads a 409 as someone else’s newer version', () => {
    expect(isConflict(new ApiError({ type: 'https://attune.dev/problems/conflict', title: 'Conflict', status: 409 }))).toBe(true);
    expect(isConflict(new ApiError({ type: 'x', title: 'Bad', status: 400 }))).toBe(false);
  });

  it('says which version is shown', () => {
    expect(versionWords({ source: 'computed', version: 0, signed: false })).toBe('Draft computed from the sessions (not yet saved as a version)');
    expect(versionWords({ source: 'stored', version: 2, signed: false, editedBy: 'demo', editedAt: '2026-10-01T10:00:00Z' })).toBe(
      'Version 2, edited by demo on 2026-10-01',
    );
    expect(
      versionWords({ source: 'stored', version: 2, signed: true, signature: { version: 2, signedBy: 'demo', signedAt: '2026-10-02T10:00:00Z', sha256: 'ab' } }),
    ).toBe('Version 2, signed by demo on 2026-10-02');
  });

  it('offers no edit of a supervisor’s answer, which has no text', () => {
    const supervisor = {
      clientId: 'jordan',
      sessions: [],
      version: { source: 'computed', version: 0, signed: false },
      goals: [],
      plan: { status: 'draft', problems: [{ kind: 'finding', evidence: [] }], goals: [], interventions: [], gaps: [] },
      measures: [],
      measureSeries: [],
      goalAgreement: null,
    } as const;
    expect(editablePlan(supervisor as unknown as PlanAnswer)).toBeNull();
    expect(goalName({ id: 'goal-2' }, 1)).toBe('Goal 2');
  });
});

describe('measure charts', () => {
  it('orders the scores by date, keeps two on one date apart, and describes them in words', () => {
    const point = (value: number, date: string, band: string | null) => ({ instrument: 'PHQ-9' as const, ratingOf: null, value, band, date });
    const phq = {
      instrument: 'PHQ-9' as const,
      ratingOf: null,
      scale: { min: 0, max: 27 },
      points: [point(12, '2026-09-22', 'moderate'), point(16, '2026-09-01', 'moderately severe'), point(11, '2026-09-22', 'moderate')],
      change: null,
      criteria: null,
    };
    expect(measureChartPoints(phq).map(({ x, y }) => [x, y])).toEqual([
      ['2026-09-01', 16],
      ['2026-09-22', 12],
      ['2026-09-22 (2)', 11],
    ]);
    expect(measureDescription(phq)).toBe('PHQ-9, 3 scores: 2026-09-01 16 (moderately severe), 2026-09-22 12 (moderate), 2026-09-22 (2) 11 (moderate).');
  });
});

describe('clients table rows', () => {
  const row = (clientId: string, lastSession: string | null, lastAlliance: number | null, risk: ClientRow['risk'], awaitingReview = 0): ClientRow => ({
    clientId,
    lastSession,
    lastAlliance,
    values: [],
    scoredSessions: null,
    risk,
    awaitingReview,
    trend: 'done',
  });

  it('sorts by a column either way with unknown values last, risk by level then sessions awaiting review', () => {
    const rows = [row('b', '2026-09-01', 60, 'none'), row('a', null, null, null), row('c', '2026-09-29', 90, 'low', 2), row('d', '2026-09-15', 40, 'low', 1)];
    expect(sortRows(rows, 'lastSession', true).map((r) => r.clientId)).toEqual(['c', 'd', 'b', 'a']);
    expect(sortRows(rows, 'lastSession', false).map((r) => r.clientId)).toEqual(['b', 'd', 'c', 'a']);
    expect(sortRows(rows, 'risk', true).map((r) => r.clientId)).toEqual(['c', 'd', 'b', 'a']);
    expect(sortRows(rows, 'clientId', false).map((r) => r.clientId)).toEqual(['a', 'b', 'c', 'd']);
    expect(filterRows(rows, ' C ').map((r) => r.clientId)).toEqual(['c']);
  });

  it('reads the highest open risk from the sessions awaiting review, else the latest session’s', () => {
    const client: ClientItem = {
      clientId: 'jordan',
      clinicianId: 'demo',
      createdAt: '2026-09-01T00:00:00Z',
      risk: {
        awaitingReview: 1,
        latest: {
          sessionId: 's3',
          sessionDate: '2026-09-15',
          summary: { reviewRequired: false, highestLevel: 'none', categories: [], assessment: 'not_applicable', findings: 0, denials: 0 },
        },
      },
    };
    const alliance = {
      clientId: 'jordan',
      scoredSessions: 4,
      series: series({
        risk: {
          sessions: [{ sessionId: 's2', date: '2026-09-08', highestLevel: 'moderate', categories: ['self_injury'], reviewRequired: true }],
          alerts: [],
        },
      }),
    };
    expect(clientRow(client, { state: 'done', alliance })).toMatchObject({
      lastSession: '2026-09-22',
      lastAlliance: 79,
      values: [80, 78, 55, 79],
      scoredSessions: 4,
      risk: 'moderate',
      awaitingReview: 1,
      trend: 'done',
    });
    expect(clientRow({ ...client, risk: { ...client.risk, awaitingReview: 0 } }, { state: 'done', alliance }).risk).toBe('none');
    expect(clientRow(client, { state: 'loading' })).toMatchObject({ lastSession: '2026-09-15', lastAlliance: null, scoredSessions: null, trend: 'loading' });
  });
});
