/**
 * The Clients table's rows: each client of GET /clients with what its alliance answer adds (the last
 * session, its alliance band, the overall trend, how many sessions were scored), and the highest risk still
 * open. Sorting and filtering are the table's own, on these rows.
 */
import type { RiskLevelOrNone } from '../../../../schemas/risk.js';
import { overallValues } from './alliance.js';
import type { ClientAlliance, ClientItem } from './types.js';

export type TrendState = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'done'; alliance: ClientAlliance };

export interface ClientRow {
  clientId: string;
  /** The newest session date the answers show; null while unknown. */
  lastSession: string | null;
  /** The overall alliance of the last scored session; null when none is scored (or still loading). */
  lastAlliance: number | null;
  values: (number | null)[];
  scoredSessions: number | null;
  /** The highest risk level of the sessions awaiting review, else the latest session's; null when never checked. */
  risk: RiskLevelOrNone | null;
  awaitingReview: number;
  trend: TrendState['state'];
}

const LEVEL_RANK: Readonly<Record<RiskLevelOrNone, number>> = { none: 0, low: 1, moderate: 2, high: 3 };

export function riskRank(level: RiskLevelOrNone | null): number {
  return level === null ? -1 : LEVEL_RANK[level];
}

export function clientRow(client: ClientItem, trend: TrendState | undefined): ClientRow {
  const alliance = trend?.state === 'done' ? trend.alliance : undefined;
  const series = alliance?.series ?? null;
  const values = overallValues(series);
  const lastScored = [...values].reverse().find((value) => value !== null) ?? null;
  const dates = [client.risk.latest?.sessionDate ?? null, series?.sessions.at(-1)?.date ?? null].filter((date): date is string => date !== null);
  const lastSession = dates.length > 0 ? dates.sort().at(-1)! : null;
  let risk: RiskLevelOrNone | null = client.risk.latest?.summary.highestLevel ?? null;
  if (client.risk.awaitingReview > 0 && series) {
    // The sessions awaiting review are among those whose risk requires it: the highest of those is still open.
    for (const point of series.risk.sessions) {
      if (point.reviewRequired && riskRank(point.highestLevel) > riskRank(risk)) risk = point.highestLevel;
    }
  }
  return {
    clientId: client.clientId,
    lastSession,
    lastAlliance: lastScored,
    values,
    scoredSessions: alliance ? alliance.scoredSessions : null,
    risk,
    awaitingReview: client.risk.awaitingReview,
    trend: trend?.state ?? 'loading',
  };
}

/** Rows whose client id holds the filter text (case-insensitive). */
export function filterRows(rows: readonly ClientRow[], text: string): ClientRow[] {
  const needle = text.trim().toLowerCase();
  return needle === '' ? [...rows] : rows.filter((row) => row.clientId.toLowerCase().includes(needle));
}

export type SortKey = 'clientId' | 'lastSession' | 'lastAlliance' | 'risk' | 'scoredSessions';

/** Rows in order of a column; unknown values (null) last in either direction. */
export function sortRows(rows: readonly ClientRow[], key: SortKey, descending: boolean): ClientRow[] {
  const sortValue = (row: ClientRow): string | number | null =>
    key === 'risk' ? (row.risk === null ? null : riskRank(row.risk) * 1000 + row.awaitingReview) : row[key];
  return [...rows].sort((a, b) => {
    const x = sortValue(a);
    const y = sortValue(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
}
