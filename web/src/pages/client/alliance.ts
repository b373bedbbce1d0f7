/**
 * The client's alliance answer (GET /clients/{clientId}/alliance) as charts: one line per dimension and one
 * for the overall score across sessions, each session a category on the x axis, with the rupture alerts as
 * vertical markers at their sessions, and the same numbers as a table and as words for screen readers.
 */
import type { DimensionName } from '../../../../schemas/alliance.js';
import type { AllianceSeries } from './types.js';

export type AllianceKey = 'overall' | DimensionName;

export const ALLIANCE_LABELS: Readonly<Record<AllianceKey, string>> = {
  overall: 'Overall alliance',
  therapeuticFramework: 'Therapeutic framework',
  sessionManagement: 'Session management',
  therapeuticRelationship: 'Therapeutic relationship',
  therapeuticProcess: 'Therapeutic process',
  collaborativeProgress: 'Collaborative progress',
};

export const ALLIANCE_KEYS: readonly AllianceKey[] = [
  'overall',
  'therapeuticFramework',
  'sessionManagement',
  'therapeuticRelationship',
  'therapeuticProcess',
  'collaborativeProgress',
];

const DIRECTION_WORDS: Readonly<Record<string, string>> = {
  improving: 'improving',
  stable: 'stable',
  declining: 'declining',
  insufficient_data: 'too few sessions for a trend',
};

export function directionWords(direction: string): string {
  return DIRECTION_WORDS[direction] ?? direction.replaceAll('_', ' ');
}

export interface ChartPoint {
  x: string;
  y: number;
}

/** A vertical marker at a session whose overall score fell below the client's baseline. */
export interface RuptureMarker {
  x: string;
  sessionId: string;
  title: string;
}

export interface AllianceChart {
  key: AllianceKey;
  title: string;
  /** The x categories in session order (one per session, scored or not). */
  xDomain: string[];
  /** Scored sessions only: a session the engine abstained on has no point. */
  points: ChartPoint[];
  /** Sessions with no score, by x label. */
  unscored: string[];
  ruptures: RuptureMarker[];
  direction: string;
  /** The chart in words: its name, its trend, every value and every rupture marker. */
  description: string;
}

/**
 * One label per session for the x axis: its date, and "2026-09-15 (2)" for a second session on the same
 * date, so two sessions never share a category.
 */
export function sessionLabels(sessions: readonly { sessionId: string; date: string }[]): Map<string, string> {
  const labels = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const session of sessions) {
    const count = (seen.get(session.date) ?? 0) + 1;
    seen.set(session.date, count);
    labels.set(session.sessionId, count === 1 ? session.date : `${session.date} (${count})`);
  }
  return labels;
}

export function ruptureMarkers(series: AllianceSeries, labels: Map<string, string>): RuptureMarker[] {
  return series.ruptureAlerts.flatMap((alert) => {
    const x = labels.get(alert.sessionId);
    if (x === undefined) return [];
    return [{ x, sessionId: alert.sessionId, title: `Rupture alert ${x}: overall ${alert.score}, below ${round(alert.threshold)}` }];
  });
}

/** The overall score and each dimension as a chart, in ALLIANCE_KEYS order. */
export function allianceCharts(series: AllianceSeries): AllianceChart[] {
  const labels = sessionLabels(series.sessions);
  const xDomain = series.sessions.map((session) => labels.get(session.sessionId)!);
  const ruptures = ruptureMarkers(series, labels);
  return ALLIANCE_KEYS.map((key) => {
    const trend = key === 'overall' ? series.overall : series.dimensions[key];
    const points: ChartPoint[] = [];
    const unscored: string[] = [];
    for (const point of trend.points) {
      const x = labels.get(point.sessionId);
      if (x === undefined) continue;
      if (point.score === null) unscored.push(x);
      else points.push({ x, y: point.score });
    }
    const title = ALLIANCE_LABELS[key];
    return {
      key,
      title,
      xDomain,
      points,
      unscored,
      ruptures,
      direction: trend.direction,
      description: describe(title, trend.direction, points, unscored, ruptures),
    };
  });
}

function describe(title: string, direction: string, points: ChartPoint[], unscored: string[], ruptures: RuptureMarker[]): string {
  const parts = [`${title} across ${points.length + unscored.length} sessions, ${directionWords(direction)}.`];
  if (points.length > 0) parts.push(`Scores: ${points.map((point) => `${point.x} ${point.y}`).join(', ')}.`);
  if (unscored.length > 0) parts.push(`Not scored: ${unscored.join(', ')}.`);
  parts.push(ruptures.length > 0 ? `Rupture alerts: ${ruptures.map((rupture) => rupture.x).join(', ')}.` : 'No rupture alerts.');
  return parts.join(' ');
}

/** One row per session: the table every chart of the tab can be read from. */
export interface AllianceRow {
  sessionId: string;
  x: string;
  scores: Record<AllianceKey, number | null>;
  rupture: boolean;
}

export function allianceRows(series: AllianceSeries): AllianceRow[] {
  const labels = sessionLabels(series.sessions);
  const ruptured = new Set(series.ruptureAlerts.map((alert) => alert.sessionId));
  const scoreOf = (key: AllianceKey, sessionId: string): number | null => {
    const trend = key === 'overall' ? series.overall : series.dimensions[key];
    return trend.points.find((point) => point.sessionId === sessionId)?.score ?? null;
  };
  return series.sessions.map((session) => ({
    sessionId: session.sessionId,
    x: labels.get(session.sessionId)!,
    scores: Object.fromEntries(ALLIANCE_KEYS.map((key) => [key, scoreOf(key, session.sessionId)])) as Record<AllianceKey, number | null>,
    rupture: ruptured.has(session.sessionId),
  }));
}

/** y axis: the scores' 0–100 scale. */
export const ALLIANCE_Y_DOMAIN: [number, number] = [0, 100];

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const FLAG_WORDS: Readonly<Record<string, string>> = {
  client_resistance: 'Client resistance',
  emotional_withdrawal: 'Emotional withdrawal',
  overemphasis_on_technique: 'Overemphasis on technique',
  miscommunication: 'Miscommunication',
  cultural_differences: 'Cultural differences',
  lack_of_engagement: 'Lack of engagement',
  low_therapist_engagement: 'Low therapist engagement',
  therapeutic_rupture: 'Therapeutic rupture',
};

export function flagWords(type: string): string {
  return FLAG_WORDS[type] ?? type.replaceAll('_', ' ');
}

/** The overall score of each session in order, null where not scored: what the Clients table's sparkline draws. */
export function overallValues(series: AllianceSeries | null | undefined): (number | null)[] {
  if (!series) return [];
  const bySession = new Map(series.overall.points.map((point) => [point.sessionId, point.score]));
  return series.sessions.map((session) => bySession.get(session.sessionId) ?? null);
}
