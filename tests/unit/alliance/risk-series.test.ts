/** Risk across a client's sessions in the series: repeated risk, escalating risk (by level and on the C-SSRS ladder), none. */
import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../../lambdas/core/alliance/series.js';
import type { Alliance, DimensionName } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { RiskCategory, RiskSummary } from '../../../schemas/risk.js';
import { AllianceSeriesSchema, type SeriesSession } from '../../../schemas/series.js';

const DIMENSIONS: DimensionName[] = ['therapeuticFramework', 'sessionManagement', 'therapeuticRelationship', 'therapeuticProcess', 'collaborativeProgress'];

const talk = (share: number) => ({ words: Math.round(4000 * share), wordShare: share, turns: 40, meanTurnWords: (4000 * share) / 40, longestTurnWords: 80 });
const METRICS: SessionMetrics = {
  turns: 80,
  words: 4000,
  talk: { therapist: talk(0.55), client: talk(0.45) },
  therapist: {
    questions: { open: 10, closed: 5 },
    reflections: { simple: 12, complex: 12 },
    affirmations: 3,
    advice: { withPermission: 1, withoutPermission: 0 },
    information: 2,
    confrontations: 0,
    reflectionToQuestionRatio: 1.6,
    percentComplexReflections: 0.5,
    percentOpenQuestions: 10 / 15,
  },
  client: { changeTalk: 12, sustainTalk: 3, percentChangeTalk: 0.8 },
};
const ALLIANCE: Alliance = {
  overall: { score: 70, abstained: false },
  dimensions: Object.fromEntries(
    DIMENSIONS.map((d): [DimensionName, Alliance['dimensions'][DimensionName]] => [
      d,
      { score: 70, abstained: false, rationale: 'counts', indicators: {}, evidence: [] },
    ]),
  ) as Alliance['dimensions'],
  flags: [],
  ruptureMarkers: [],
};

/** The detector's summary of one session: its highest level and categories. */
function summary(highestLevel: RiskSummary['highestLevel'], categories: RiskCategory[] = []): RiskSummary {
  const found = highestLevel !== 'none';
  return { reviewRequired: found, highestLevel, categories, assessment: found ? 'not_assessed' : 'not_applicable', findings: categories.length, denials: 0 };
}

/** Weekly sessions s1, s2, … from 2026-09-01, each with the risk summary given (undefined: not checked for risk). */
function weekly(risks: Array<RiskSummary | undefined>): SeriesSession[] {
  return risks.map((risk, i) => ({
    sessionId: `s${i + 1}`,
    date: new Date(Date.UTC(2026, 8, 1 + 7 * i)).toISOString().slice(0, 10),
    alliance: ALLIANCE,
    metrics: METRICS,
    ...(risk ? { risk } : {}),
  }));
}

describe("risk across a client's sessions", () => {
  it("raises no alert when no session held risk, and lists each session's level", () => {
    // Prepare / Act
    const series = analyzeSeries(weekly([summary('none'), summary('none'), summary('none')]));

    // Assess
    expect(series.risk.alerts).toEqual([]);
    expect(series.risk.sessions.map((s) => [s.sessionId, s.highestLevel, s.categories])).toEqual([
      ['s1', 'none', []],
      ['s2', 'none', []],
      ['s3', 'none', []],
    ]);
    expect(() => AllianceSeriesSchema.parse(series)).not.toThrow();
  });

  it('raises no alert for risk in one session only, the first', () => {
    // Prepare / Act
    const series = analyzeSeries(weekly([summary('high', ['suicidal_plan']), summary('none'), summary('none')]));

    // Assess
    expect(series.risk.alerts).toEqual([]);
  });

  it('names repeated risk: the sessions that held it, every category, and those found more than once', () => {
    // Prepare / Act: the same level each time, so nothing escalates.
    const series = analyzeSeries(
      weekly([summary('moderate', ['passive_ideation', 'hopelessness']), summary('none'), summary('moderate', ['passive_ideation', 'self_injury'])]),
    );

    // Assess
    expect(series.risk.alerts).toEqual([
      {
        kind: 'repeated',
        sessionIds: ['s1', 's3'],
        categories: ['passive_ideation', 'self_injury', 'hopelessness'],
        recurringCategories: ['passive_ideation'],
        highestLevel: 'moderate',
      },
    ]);
  });

  it("sees escalation when a session's level is above every earlier session's", () => {
    // Prepare / Act
    const series = analyzeSeries(weekly([summary('low', ['hopelessness']), summary('none'), summary('high', ['harm_to_others'])]));

    // Assess
    const escalating = series.risk.alerts.filter((a) => a.kind === 'escalating');
    expect(escalating).toEqual([
      {
        kind: 'escalating',
        sessionId: 's3',
        date: '2026-09-15',
        reasons: ['level'],
        level: 'high',
        previousLevel: 'low',
        suicideCategory: null,
        // Hopelessness is the warning sign at the foot of the ladder.
        previousSuicideCategory: 'hopelessness',
        categories: ['harm_to_others'],
      },
    ]);
    expect(series.risk.alerts.map((a) => a.kind)).toEqual(['escalating', 'repeated']);
  });

  it('sees escalation up the C-SSRS ladder even at the same level: passive ideation, then a plan', () => {
    // Prepare / Act
    const series = analyzeSeries(weekly([summary('high', ['passive_ideation', 'access_to_means']), summary('high', ['suicidal_plan'])]));

    // Assess
    expect(series.risk.alerts[0]).toMatchObject({
      kind: 'escalating',
      sessionId: 's2',
      reasons: ['suicide_ladder'],
      suicideCategory: 'suicidal_plan',
      previousSuicideCategory: 'passive_ideation',
    });
  });

  it('does not call a return to an earlier rung or level an escalation', () => {
    // Prepare / Act
    const series = analyzeSeries(
      weekly([summary('high', ['suicidal_intent']), summary('moderate', ['active_ideation']), summary('high', ['suicidal_method'])]),
    );

    // Assess
    expect(series.risk.alerts.map((a) => a.kind)).toEqual(['repeated']);
  });

  it('orders the sessions by date, and leaves out sessions never checked for risk', () => {
    // Prepare
    const sessions = weekly([summary('low', ['hopelessness']), undefined, summary('moderate', ['self_injury'])]).reverse();

    // Act
    const series = analyzeSeries(sessions);

    // Assess
    expect(series.risk.sessions.map((s) => s.sessionId)).toEqual(['s1', 's3']);
    expect(series.risk.alerts.find((a) => a.kind === 'escalating')).toMatchObject({ sessionId: 's3', previousLevel: 'low', level: 'moderate' });
  });
});
