/**
 * One client's alliance across sessions: trends per dimension, sessions that fall sharply below the
 * client's own baseline (a possible rupture between sessions), the flags only a series can show, and
 * repeated or escalating risk (risk-series.ts).
 * Pure: the caller loads the sessions; nothing here reads a clock or a store.
 *
 * Sources: routine outcome and alliance monitoring compares each session with the client's own
 * trajectory (Lambert 2010 "Prevention of Treatment Failure"; Duncan & Miller, SRS). Sudden alliance
 * drops mark ruptures worth raising in the next session (Safran & Muran 2000; Eubanks et al. 2018).
 */
import { DimensionNameSchema, type DimensionName } from '../../../schemas/alliance.js';
import { SeriesInputSchema, type AllianceSeries, type RuptureAlert, type SeriesFlag, type SeriesSession, type Trend } from '../../../schemas/series.js';
import { InvalidInputError } from '../errors.js';
import { riskSeries } from './risk-series.js';

export type { SeriesSession, AllianceSeries } from '../../../schemas/series.js';

/** A trend needs this many scored sessions. */
export const MIN_TREND_SESSIONS = 3;
/** The latest session within this many points of the client's baseline (or within its spread) is stable. */
export const STABLE_CHANGE = 5;
/** A rupture alert compares a session with the mean of up to this many previous scored sessions (at least 2). */
export const BASELINE_WINDOW = 5;
const MIN_BASELINE_SESSIONS = 2;
/** An alert fires below baseline − max(10 points, 1.5 × SD of the baseline sessions). */
const MIN_ALERT_DROP = 10;
const ALERT_SD_MULTIPLE = 1.5;
/** Recurring ruptures: unrepaired markers in at least 2 of the last 4 sessions. */
const RUPTURE_LOOKBACK = 4;
const RECURRING_RUPTURES = 2;

const DIMENSIONS: readonly DimensionName[] = DimensionNameSchema.options;

// ---- small numeric helpers ----

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const pct = (share: number) => `${Math.round(share * 100)}%`;

function sampleSd(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Least-squares slope of y over x. */
function slopeOf(points: Array<{ x: number; y: number }>): number {
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Series values by session position, nulls skipped. */
function present(values: Array<number | null>): Array<{ x: number; y: number }> {
  return values.flatMap((y, x) => (y === null ? [] : [{ x, y }]));
}

/**
 * The fitted change from the first to the last present value (slope × span), or null with fewer than
 * three values: "falling across ≥3 sessions" means this is at or below −minDrop.
 */
function fittedChange(values: Array<number | null>): number | null {
  const points = present(values);
  if (points.length < MIN_TREND_SESSIONS) return null;
  return slopeOf(points) * (points.at(-1)!.x - points[0]!.x);
}

function falls(values: Array<number | null>, minDrop: number): boolean {
  const change = fittedChange(values);
  return change !== null && change <= -minDrop;
}

function listOf(values: Array<number | null>, format: (v: number) => string): string {
  return values.map((v) => (v === null ? 'n/a' : format(v))).join(' → ');
}

// ---- validation ----

function validated(input: unknown): SeriesSession[] {
  const parsed = SeriesInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'series';
    return `${where}: ${issue.message}`;
  });
  throw new InvalidInputError(
    `invalid session series (${problems.join('; ')}): pass an array of { sessionId, date: YYYY-MM-DD, alliance, metrics, risk? } with unique sessionIds`,
    'invalid_series',
  );
}

// ---- trends ----

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Theil-Sen slope: the median of the pairwise slopes, which one outlying session cannot swing. */
function theilSen(points: Array<{ x: number; y: number }>): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) slopes.push((points[j]!.y - points[i]!.y) / (points[j]!.x - points[i]!.x));
  return slopes.length === 0 ? 0 : median(slopes);
}

/**
 * Direction from the latest session against the client's own baseline (the median of their earlier scored
 * sessions), not from a slope one session can dominate: `improving` or `declining` when the latest score is
 * more than max(STABLE_CHANGE, the baseline's robust spread) above or below it, `stable` otherwise. So a
 * dimension whose latest score is above the earlier sessions is never "declining". The slope is reported
 * as a robust Theil-Sen estimate, for context.
 */
function trendOf(sessions: SeriesSession[], scoreOf: (s: SeriesSession) => number | null): Trend {
  const points = sessions.map((s) => ({ sessionId: s.sessionId, date: s.date, score: scoreOf(s) }));
  const scored = present(points.map((p) => p.score));
  const latest = scored.at(-1)?.y ?? null;
  const earlier = scored.slice(0, -1).map((p) => p.y);
  const baseline = earlier.length > 0 ? round(median(earlier)) : null;
  if (scored.length < MIN_TREND_SESSIONS || latest === null || baseline === null)
    return { direction: 'insufficient_data', slopePerSession: null, baseline, latest, points };
  // 1.4826 × the median absolute deviation estimates the SD of normally spread scores, robustly.
  const spread = 1.4826 * median(earlier.map((v) => Math.abs(v - median(earlier))));
  const threshold = Math.max(STABLE_CHANGE, spread);
  const change = latest - median(earlier);
  const direction = Math.abs(change) <= threshold ? 'stable' : change > 0 ? 'improving' : 'declining';
  return { direction, slopePerSession: round(theilSen(scored), 2), baseline, latest, points };
}

const overallOf = (s: SeriesSession) => (s.alliance.overall.abstained ? null : s.alliance.overall.score);

// ---- rupture alerts ----

function ruptureAlerts(sessions: SeriesSession[]): RuptureAlert[] {
  const alerts: RuptureAlert[] = [];
  const previous: number[] = [];
  for (const s of sessions) {
    const score = overallOf(s);
    if (score === null) continue;
    const window = previous.slice(-BASELINE_WINDOW);
    if (window.length >= MIN_BASELINE_SESSIONS) {
      const baseline = mean(window);
      const threshold = baseline - Math.max(MIN_ALERT_DROP, ALERT_SD_MULTIPLE * sampleSd(window));
      if (score < threshold) {
        alerts.push({
          sessionId: s.sessionId,
          date: s.date,
          score,
          baseline: round(baseline),
          threshold: round(threshold),
          drop: round(baseline - score),
          ruptureMarkers: s.alliance.ruptureMarkers.length,
          unrepairedRuptureMarkers: s.alliance.ruptureMarkers.filter((m) => !m.repaired).length,
        });
      }
    }
    previous.push(score);
  }
  return alerts;
}

// ---- series flags ----

/** Sessions with both speakers: a one-speaker session says nothing about engagement or the therapist. */
function conversational(sessions: SeriesSession[]): SeriesSession[] {
  return sessions.filter((s) => s.metrics.talk.client.turns > 0 && s.metrics.talk.therapist.turns > 0);
}

/**
 * Client engagement across sessions (Holdsworth et al. 2014; MI "evoking"). Falling: client word share
 * fitted drop ≥10 points AND change talk per client turn fitted drop ≥0.1, over ≥3 sessions.
 * Consistently low: client word share <25% in each of the last 3 sessions.
 * high: falling and latest share <25%, or the last 3 all <15%; medium otherwise.
 */
function engagementFlag(all: SeriesSession[]): SeriesFlag | null {
  const sessions = conversational(all);
  if (sessions.length < MIN_TREND_SESSIONS) return null;
  const share = sessions.map((s) => s.metrics.talk.client.wordShare);
  const changeRate = sessions.map((s) => s.metrics.client.changeTalk / s.metrics.talk.client.turns);
  const falling = falls(share, 0.1) && falls(changeRate, 0.1);
  const lastThree = share.slice(-MIN_TREND_SESSIONS);
  const consistentlyLow = lastThree.every((v) => v < 0.25);
  if (!falling && !consistentlyLow) return null;
  const latest = share.at(-1)!;
  const severity = (falling && latest < 0.25) || lastThree.every((v) => v < 0.15) ? 'high' : 'medium';
  const ids = (falling ? sessions : sessions.slice(-MIN_TREND_SESSIONS)).map((s) => s.sessionId);
  const rationale =
    `Across sessions ${sessions.map((s) => s.sessionId).join(', ')} the client's share of the words went ${listOf(share, pct)} ` +
    `and change talk per client turn went ${listOf(changeRate, (v) => v.toFixed(2))}` +
    (falling ? '; both fell.' : '; the share stayed below 25% in each of the last three sessions.');
  return {
    type: 'lack_of_engagement',
    severity,
    rationale,
    evidence: [],
    sessionIds: ids,
    suggestion:
      'Revisit goals and fit with the client: elicit their own goals and values, ask each session how the work is landing for them (e.g. SRS), and agree together whether the focus or pace should change.',
  };
}

/**
 * The therapist's engagement falling across sessions (observable behaviour, not a judgement of the person:
 * CLINICAL-GUIDE §4). Signals over ≥3 sessions: reflections per therapist turn fitted drop ≥0.2; % complex
 * reflections drop ≥15 points; responsive turns per therapist turn drop ≥0.2 (when the engine reports them);
 * sessions shrinking by ≥25% of their mean length (minutes when every session is timed, else words); in-session
 * `low_therapist_engagement` flags in ≥2 of the last 4 sessions. Emitted for ≥2 signals other than length; high
 * ≥4, medium 3, low 2.
 */
function therapistEngagementFlag(all: SeriesSession[]): SeriesFlag | null {
  const sessions = conversational(all);
  if (sessions.length < MIN_TREND_SESSIONS) return null;
  const reflectionsPerTurn = sessions.map(
    (s) => (s.metrics.therapist.reflections.simple + s.metrics.therapist.reflections.complex) / s.metrics.talk.therapist.turns,
  );
  const complex = sessions.map((s) => s.metrics.therapist.percentComplexReflections);
  const responsiveness = sessions.map((s) => {
    const responsive = s.alliance.dimensions.therapeuticRelationship.indicators.responsiveTurns;
    return responsive === undefined ? null : responsive / s.metrics.talk.therapist.turns;
  });
  const timed = sessions.every((s) => s.metrics.timing !== undefined);
  const size = sessions.map((s) => (timed ? s.metrics.timing!.durationSeconds / 60 : s.metrics.words));
  const recent = sessions.slice(-RUPTURE_LOOKBACK);
  const flagged = recent.filter((s) => s.alliance.flags.some((f) => f.type === 'low_therapist_engagement'));
  const signals: string[] = [];
  if (falls(reflectionsPerTurn, 0.2)) signals.push(`reflections per therapist turn fell (${listOf(reflectionsPerTurn, (v) => v.toFixed(2))})`);
  if (falls(complex, 0.15)) signals.push(`the share of complex reflections fell (${listOf(complex, pct)})`);
  if (falls(responsiveness, 0.2)) signals.push(`responsive therapist turns fell (${listOf(responsiveness, pct)})`);
  if (flagged.length >= RECURRING_RUPTURES)
    signals.push(`in-session signs of low therapist engagement were flagged in ${flagged.length} of the last ${recent.length} sessions`);
  // Session length varies for many reasons: it adds weight to behavioural signs but never raises the flag alone.
  if (signals.length < 2) return null;
  if (falls(size, 0.25 * mean(size))) signals.push(`sessions shrank (${listOf(size, (v) => (timed ? `${Math.round(v)} min` : `${v} words`))})`);
  const severity = signals.length >= 4 ? 'high' : signals.length === 3 ? 'medium' : 'low';
  return {
    type: 'low_therapist_engagement',
    severity,
    rationale: `Across sessions ${sessions.map((s) => s.sessionId).join(', ')}: ${signals.join('; ')}.`,
    evidence: [],
    sessionIds: sessions.map((s) => s.sessionId),
    suggestion:
      'Bring this trend to supervision with an early and a recent session side by side: compare how often you reflected and followed the client then and now, choose one concrete change for the next session (a reflection before each question, say), and check whether scheduling leaves time to prepare for this client.',
  };
}

/** Unrepaired ruptures in ≥2 of the last 4 sessions (3RS; Safran & Muran 2000). high: ≥3 of 4; medium: 2. */
function recurringRuptureFlag(sessions: SeriesSession[]): SeriesFlag | null {
  const recent = sessions.slice(-RUPTURE_LOOKBACK);
  const withUnrepaired = recent.filter((s) => s.alliance.ruptureMarkers.some((m) => !m.repaired));
  if (withUnrepaired.length < RECURRING_RUPTURES) return null;
  const markers = withUnrepaired.map((s) => `${s.sessionId} (${s.alliance.ruptureMarkers.filter((m) => !m.repaired).length} unrepaired)`);
  return {
    type: 'therapeutic_rupture',
    severity: withUnrepaired.length >= 3 ? 'high' : 'medium',
    rationale: `Unrepaired rupture markers in ${withUnrepaired.length} of the last ${recent.length} sessions: ${markers.join(', ')}.`,
    evidence: [],
    sessionIds: withUnrepaired.map((s) => s.sessionId),
    suggestion:
      'Name the recurring pattern with the client and metacommunicate about it: validate their experience, take responsibility for your part, and agree what would help; review the episodes in supervision (3RS) and ask for alliance feedback at the end of each session.',
  };
}

/** Trends, rupture alerts, series flags and risk across one client's dated sessions. Throws InvalidInputError on bad input. */
export function analyzeSeries(input: SeriesSession[]): AllianceSeries {
  const sessions = validated(input)
    .map((s, order) => ({ s, order }))
    .sort((a, b) => (a.s.date === b.s.date ? a.order - b.order : a.s.date < b.s.date ? -1 : 1))
    .map(({ s }) => s);
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, trendOf(sessions, (s) => (s.alliance.dimensions[d].abstained ? null : s.alliance.dimensions[d].score))]),
  ) as AllianceSeries['dimensions'];
  const flags = [engagementFlag(sessions), therapistEngagementFlag(sessions), recurringRuptureFlag(sessions)].filter((f): f is SeriesFlag => f !== null);
  return {
    sessions: sessions.map((s) => ({ sessionId: s.sessionId, date: s.date })),
    overall: trendOf(sessions, overallOf),
    dimensions,
    ruptureAlerts: ruptureAlerts(sessions),
    flags,
    risk: riskSeries(sessions),
  };
}
