import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../../lambdas/core/alliance/series.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import type { Alliance, DimensionName, RuptureMarker } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { AllianceSeriesSchema, type SeriesSession } from '../../../schemas/series.js';

const DIMENSIONS: DimensionName[] = ['therapeuticFramework', 'sessionManagement', 'therapeuticRelationship', 'therapeuticProcess', 'collaborativeProgress'];

interface SessionShape {
  /** Overall score; null = the engine abstained. */
  overall: number | null;
  dimensions?: Partial<Record<DimensionName, number | null>>;
  ruptures?: Array<Pick<RuptureMarker, 'repaired'>>;
  clientShare?: number;
  changeTalk?: number;
  reflectionsPerTurn?: number;
  percentComplex?: number;
  words?: number;
  lowEngagementFlag?: boolean;
}

/** A schema-valid session as the engine would have produced it, shaped by the few numbers a test cares about. */
function seriesSession(sessionId: string, date: string, shape: SessionShape): SeriesSession {
  const words = shape.words ?? 5000;
  const clientShare = shape.clientShare ?? 0.45;
  const therapistTurns = 40;
  const clientTurns = 40;
  const reflections = Math.round((shape.reflectionsPerTurn ?? 0.6) * therapistTurns);
  const complex = Math.round(reflections * (shape.percentComplex ?? 0.5));
  const talk = (share: number, turns: number) => ({
    words: Math.round(words * share),
    wordShare: share,
    turns,
    meanTurnWords: (words * share) / turns,
    longestTurnWords: 80,
  });
  const metrics: SessionMetrics = {
    turns: therapistTurns + clientTurns,
    words,
    talk: { therapist: talk(1 - clientShare, therapistTurns), client: talk(clientShare, clientTurns) },
    therapist: {
      questions: { open: 10, closed: 5 },
      reflections: { simple: reflections - complex, complex },
      affirmations: 3,
      advice: { withPermission: 1, withoutPermission: 0 },
      information: 2,
      confrontations: 0,
      reflectionToQuestionRatio: reflections / 15,
      percentComplexReflections: reflections > 0 ? complex / reflections : null,
      percentOpenQuestions: 10 / 15,
    },
    client: { changeTalk: shape.changeTalk ?? 12, sustainTalk: 3, percentChangeTalk: (shape.changeTalk ?? 12) / ((shape.changeTalk ?? 12) + 3) },
  };
  const dimension = (score: number | null): Alliance['dimensions'][DimensionName] => ({
    score,
    abstained: score === null,
    ...(score === null ? { abstentionReason: 'too short' } : {}),
    rationale: 'counts',
    indicators: {},
    evidence: [],
  });
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, dimension(shape.dimensions?.[d] !== undefined ? shape.dimensions[d]! : shape.overall)]),
  ) as Alliance['dimensions'];
  const ruptureMarkers: RuptureMarker[] = (shape.ruptures ?? []).map((r, i) => ({
    turnId: `t${String(10 + i).padStart(4, '0')}`,
    kind: 'confrontation',
    marker: 'challenges_helpfulness',
    quote: 'This is not helping.',
    repaired: r.repaired,
  }));
  const flags: Alliance['flags'] = shape.lowEngagementFlag
    ? [{ type: 'low_therapist_engagement', severity: 'medium', rationale: 'counts', evidence: [], suggestion: 'supervision' }]
    : [];
  return {
    sessionId,
    date,
    alliance: {
      overall: { score: shape.overall, abstained: shape.overall === null, ...(shape.overall === null ? { abstentionReason: 'too short' } : {}) },
      dimensions,
      flags,
      ruptureMarkers,
    },
    metrics,
  };
}

/** Weekly sessions s1, s2, … from 2024-01-01, one per shape. */
function weekly(shapes: SessionShape[]): SeriesSession[] {
  return shapes.map((shape, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString().slice(0, 10);
    return seriesSession(`s${i + 1}`, day, shape);
  });
}

const scores = (values: Array<number | null>): SessionShape[] => values.map((overall) => ({ overall }));

describe('alliance trends across sessions', () => {
  it('sees an improving alliance, with its baseline and latest score', () => {
    // Prepare / Act
    const series = analyzeSeries(weekly(scores([50, 58, 66, 74])));

    // Assess
    expect(series.overall).toMatchObject({ direction: 'improving', slopePerSession: 8, baseline: 58, latest: 74 });
    expect(series.dimensions.therapeuticRelationship.direction).toBe('improving');
    expect(() => AllianceSeriesSchema.parse(series)).not.toThrow();
  });

  it('sees one dimension declining while the others hold steady', () => {
    // Prepare
    const shapes = [80, 70, 60, 50].map((relationship) => ({ overall: 70, dimensions: { therapeuticRelationship: relationship } }));

    // Act
    const series = analyzeSeries(weekly(shapes));

    // Assess
    expect(series.dimensions.therapeuticRelationship).toMatchObject({ direction: 'declining', slopePerSession: -10 });
    expect(series.dimensions.sessionManagement.direction).toBe('stable');
    expect(series.overall.direction).toBe('stable');
  });

  it('never calls a dimension declining when its latest score is above the earlier sessions (one high first session does not swing it)', () => {
    // Prepare: a least-squares slope over these is negative (-3.5 a session), dominated by the first session.
    const series = analyzeSeries(weekly(scores([90, 50, 52, 55, 70])));

    // Assess: the latest (70) against the client's baseline (median 53.5) is a clear rise.
    expect(series.overall).toMatchObject({ direction: 'improving', baseline: 53.5, latest: 70 });
  });

  it("calls a latest score within the client's usual spread stable, and a fall beyond it declining", () => {
    expect(analyzeSeries(weekly(scores([60, 75, 55, 70, 62]))).overall.direction).toBe('stable');
    expect(analyzeSeries(weekly(scores([70, 72, 69, 71, 58]))).overall.direction).toBe('declining');
  });

  it('calls small wobbles stable (|slope| < 2 points a session)', () => {
    const series = analyzeSeries(weekly(scores([70, 71, 69, 70, 71])));
    expect(series.overall.direction).toBe('stable');
    expect(Math.abs(series.overall.slopePerSession!)).toBeLessThan(2);
  });

  it('will not call a trend from fewer than three scored sessions, skipping abstained ones', () => {
    // Prepare / Act
    const series = analyzeSeries(weekly(scores([60, null, 75, null])));

    // Assess
    expect(series.overall).toMatchObject({ direction: 'insufficient_data', slopePerSession: null, baseline: 60, latest: 75 });
    expect(series.overall.points.map((p) => p.score)).toEqual([60, null, 75, null]);
  });

  it('orders sessions by date whatever order they arrive in', () => {
    // Prepare
    const [a, b, c] = weekly(scores([50, 60, 70]));

    // Act
    const series = analyzeSeries([c!, a!, b!]);

    // Assess
    expect(series.sessions.map((s) => s.sessionId)).toEqual(['s1', 's2', 's3']);
    expect(series.overall.direction).toBe('improving');
  });
});

describe("rupture alerts against the client's own baseline", () => {
  it("alerts on a sharp drop and reports its size and the session's rupture markers", () => {
    // Prepare
    const shapes: SessionShape[] = [{ overall: 72 }, { overall: 75 }, { overall: 73 }, { overall: 50, ruptures: [{ repaired: false }, { repaired: true }] }];

    // Act
    const series = analyzeSeries(weekly(shapes));

    // Assess
    expect(series.ruptureAlerts).toEqual([
      expect.objectContaining({ sessionId: 's4', score: 50, baseline: 73.3, drop: 23.3, ruptureMarkers: 2, unrepairedRuptureMarkers: 1 }),
    ]);
  });

  it('does not alert on a stable series or on an ordinary dip of less than 10 points', () => {
    expect(analyzeSeries(weekly(scores([70, 71, 69, 70, 71]))).ruptureAlerts).toEqual([]);
    expect(analyzeSeries(weekly(scores([72, 75, 73, 66]))).ruptureAlerts).toEqual([]);
  });

  it('needs a wider drop from a client whose scores usually swing widely', () => {
    // Baseline 60 with SD ≈ 17.3: the threshold is 60 − 26 = 34, so 40 is within this client's range.
    expect(analyzeSeries(weekly(scores([40, 70, 70, 40]))).ruptureAlerts).toEqual([]);
  });

  it('needs two earlier scored sessions before it can alert', () => {
    expect(analyzeSeries(weekly(scores([80, 30]))).ruptureAlerts).toEqual([]);
  });
});

describe('flags only a series can show', () => {
  it('sees engagement falling: the client talks less and voices less change talk each session', () => {
    // Prepare
    const shapes = [
      { overall: 70, clientShare: 0.45, changeTalk: 20 },
      { overall: 68, clientShare: 0.35, changeTalk: 12 },
      { overall: 66, clientShare: 0.22, changeTalk: 4 },
    ];

    // Act
    const flag = analyzeSeries(weekly(shapes)).flags.find((f) => f.type === 'lack_of_engagement');

    // Assess
    expect(flag).toMatchObject({ severity: 'high', evidence: [], sessionIds: ['s1', 's2', 's3'] });
    expect(flag!.rationale).toContain('s1, s2, s3');
    expect(flag!.rationale).toMatch(/45% → 35% → 22%/);
  });

  it('sees a therapist flattening over sessions: fewer and simpler reflections, shorter sessions', () => {
    // Prepare
    const shapes = [
      { overall: 75, reflectionsPerTurn: 0.6, percentComplex: 0.6, words: 6000 },
      { overall: 70, reflectionsPerTurn: 0.4, percentComplex: 0.4, words: 4800 },
      { overall: 62, reflectionsPerTurn: 0.2, percentComplex: 0.2, words: 3000, lowEngagementFlag: true },
      { overall: 58, reflectionsPerTurn: 0.1, percentComplex: 0.1, words: 2500, lowEngagementFlag: true },
    ];

    // Act
    const flag = analyzeSeries(weekly(shapes)).flags.find((f) => f.type === 'low_therapist_engagement');

    // Assess
    expect(flag?.severity).toBe('high');
    expect(flag!.rationale).toMatch(/reflections per therapist turn fell/);
    expect(flag!.rationale).toMatch(/sessions shrank/);
    expect(flag!.suggestion).toMatch(/supervision/);
    expect(`${flag!.rationale} ${flag!.suggestion}`).not.toMatch(/burn ?out|self-care|fatigue/i);
  });

  it('reads sessions stored before the rename, whose flags still say therapist_burnout', () => {
    // Prepare: the same four sessions as stored in the old vocabulary.
    const shapes = [
      { overall: 75, reflectionsPerTurn: 0.6, percentComplex: 0.6, words: 6000 },
      { overall: 70, reflectionsPerTurn: 0.4, percentComplex: 0.4, words: 4800 },
      { overall: 62, reflectionsPerTurn: 0.2, percentComplex: 0.2, words: 3000, lowEngagementFlag: true },
      { overall: 58, reflectionsPerTurn: 0.1, percentComplex: 0.1, words: 2500, lowEngagementFlag: true },
    ];
    const stored: unknown = JSON.parse(JSON.stringify(weekly(shapes)).replaceAll('low_therapist_engagement', 'therapist_burnout'));

    // Act
    const flag = analyzeSeries(stored as SeriesSession[]).flags.find((f) => f.type === 'low_therapist_engagement');

    // Assess: the stored flags still count as in-session signs.
    expect(flag!.rationale).toMatch(/low therapist engagement were flagged in 2 of the last 4 sessions/);
  });

  it('raises a recurring rupture when two of the last four sessions left ruptures unrepaired', () => {
    // Prepare
    const shapes: SessionShape[] = [
      { overall: 70, ruptures: [{ repaired: false }] },
      { overall: 70 },
      { overall: 70, ruptures: [{ repaired: false }] },
      { overall: 70, ruptures: [{ repaired: true }] },
      { overall: 70, ruptures: [{ repaired: false }] },
    ];

    // Act
    const flag = analyzeSeries(weekly(shapes)).flags.find((f) => f.type === 'therapeutic_rupture');

    // Assess: s1 is outside the last four, repaired ruptures do not count.
    expect(flag).toMatchObject({ severity: 'medium', sessionIds: ['s3', 's5'] });
    expect(flag!.rationale).toContain('s3');
  });

  it('raises no series flag for a steady, engaged series or for one unrepaired rupture', () => {
    // Prepare
    const shapes: SessionShape[] = [
      { overall: 70 },
      { overall: 72, ruptures: [{ repaired: false }] },
      { overall: 71 },
      { overall: 73, ruptures: [{ repaired: true }] },
    ];

    // Act / Assess
    expect(analyzeSeries(weekly(shapes)).flags).toEqual([]);
  });
});

describe('bad series input', () => {
  const good = () => weekly(scores([60, 65, 70]));

  it.each([
    ['a month that does not exist', (s: SeriesSession[]) => [{ ...s[0]!, date: '2024-13-01' }, ...s.slice(1)], /not a real calendar date/],
    ['a day that does not exist', (s: SeriesSession[]) => [{ ...s[0]!, date: '2024-02-30' }, ...s.slice(1)], /not a real calendar date/],
    ['a date not in YYYY-MM-DD', (s: SeriesSession[]) => [{ ...s[0]!, date: '15/03/2024' }, ...s.slice(1)], /YYYY-MM-DD/],
    ['a repeated sessionId', (s: SeriesSession[]) => [...s, { ...s[0]!, date: '2024-06-01' }], /sessionId s1 appears more than once/],
    ['no sessions at all', () => [], /at least one session/],
    [
      'a session without its alliance',
      (s: SeriesSession[]) => [{ sessionId: 'x', date: '2024-01-01', metrics: s[0]!.metrics } as unknown as SeriesSession],
      /alliance/,
    ],
  ])('rejects %s with a clear message', (_name, mutate, message) => {
    // Prepare
    const input = mutate(good());

    // Act
    const run = () => analyzeSeries(input);

    // Assess
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });
});
