/**
 * The supervisor's team view, apart from React: one row per client from the client listing and the
 * client's alliance series, and one row per session from the client's session summaries. Only scores,
 * levels, counts, dates, ids and enumerated kinds are read: a flag's rationale and suggestion (words)
 * are never copied into a row, so the view cannot show text whatever the API sends.
 */
import type { RiskLevelOrNone } from '../../../../schemas/risk.js';

export const DIMENSIONS = [
  { key: 'therapeuticFramework', label: 'Framework' },
  { key: 'sessionManagement', label: 'Session management' },
  { key: 'therapeuticRelationship', label: 'Relationship' },
  { key: 'therapeuticProcess', label: 'Process' },
  { key: 'collaborativeProgress', label: 'Collaborative progress' },
] as const;

export const FLAG_LABELS: Readonly<Record<string, string>> = {
  client_resistance: 'Client resistance',
  emotional_withdrawal: 'Emotional withdrawal',
  overemphasis_on_technique: 'Over-emphasis on technique',
  miscommunication: 'Miscommunication',
  cultural_differences: 'Cultural differences',
  lack_of_engagement: 'Lack of engagement',
  low_therapist_engagement: 'Low therapist engagement',
  therapeutic_rupture: 'Therapeutic rupture',
};

export function flagLabel(type: string): string {
  return FLAG_LABELS[type] ?? type.replace(/_/g, ' ');
}

/** The parts of GET /clients's items the view reads. */
export interface ClientInput {
  clientId: string;
  clinicianId: string;
  risk: {
    awaitingReview: number;
    latest: { sessionId: string; sessionDate: string | null; summary: { highestLevel: RiskLevelOrNone; categories: string[] } } | null;
  };
}

/** The parts of GET /clients/{clientId}/alliance the view reads. */
export interface AllianceInput {
  scoredSessions: number;
  series: {
    overall: { direction: string; latest: number | null; baseline: number | null };
    ruptureAlerts: readonly unknown[];
    flags: readonly { type: string; severity: string; sessionIds?: readonly string[] }[];
    risk?: { alerts: readonly { kind: string }[] };
  } | null;
}

export interface TeamRow {
  clientId: string;
  clinicianId: string;
  scoredSessions: number | null;
  latestScore: number | null;
  baseline: number | null;
  direction: string | null;
  ruptureAlerts: number;
  flags: { type: string; severity: string }[];
  riskLevel: RiskLevelOrNone | null;
  riskCategories: string[];
  riskAlerts: number;
  awaitingReview: number;
}

/** One client's row; `alliance` undefined while it loads or when it could not be read. */
export function teamRow(client: ClientInput, alliance?: AllianceInput): TeamRow {
  const series = alliance?.series ?? null;
  return {
    clientId: client.clientId,
    clinicianId: client.clinicianId,
    scoredSessions: alliance ? alliance.scoredSessions : null,
    latestScore: series?.overall.latest ?? null,
    baseline: series?.overall.baseline ?? null,
    direction: series?.overall.direction ?? null,
    ruptureAlerts: series?.ruptureAlerts.length ?? 0,
    flags: (series?.flags ?? []).map((flag) => ({ type: flag.type, severity: flag.severity })),
    riskLevel: client.risk.latest?.summary.highestLevel ?? null,
    riskCategories: [...(client.risk.latest?.summary.categories ?? [])],
    riskAlerts: series?.risk?.alerts.length ?? 0,
    awaitingReview: client.risk.awaitingReview,
  };
}

const LEVEL_ORDER: Record<string, number> = { high: 3, moderate: 2, low: 1, none: 0 };

/** Clients needing attention first: awaiting review, then the latest risk level, then rupture alerts, then id. */
export function sortTeamRows(rows: readonly TeamRow[]): TeamRow[] {
  return [...rows].sort(
    (a, b) =>
      b.awaitingReview - a.awaitingReview ||
      (LEVEL_ORDER[b.riskLevel ?? 'none'] ?? 0) - (LEVEL_ORDER[a.riskLevel ?? 'none'] ?? 0) ||
      b.ruptureAlerts - a.ruptureAlerts ||
      a.clientId.localeCompare(b.clientId),
  );
}

export const DIRECTION_LABELS: Readonly<Record<string, string>> = {
  improving: 'Improving',
  stable: 'Stable',
  declining: 'Declining',
  insufficient_data: 'Too few sessions',
};

/** The parts of a session summary (GET /clients/{clientId}/sessions) the view reads. */
export interface SessionInput {
  sessionId: string;
  sessionDate: string | null;
  status: string;
  overall: number | null;
  dimensions: Record<string, number | null> | null;
  noteSigned: boolean;
  awaitingReview: boolean;
  risk: { highestLevel: RiskLevelOrNone; categories: string[]; findings: number; assessment: string } | null;
}

export interface TeamSessionRow {
  sessionId: string;
  sessionDate: string | null;
  status: string;
  overall: number | null;
  dimensions: Record<string, number | null>;
  noteSigned: boolean;
  awaitingReview: boolean;
  riskLevel: RiskLevelOrNone | null;
  riskCategories: string[];
  riskFindings: number;
  riskAssessment: string | null;
}

/** A session's row: scores and levels only, copied field by field. */
export function teamSessionRow(session: SessionInput): TeamSessionRow {
  const dimensions: Record<string, number | null> = {};
  for (const { key } of DIMENSIONS) dimensions[key] = session.dimensions?.[key] ?? null;
  return {
    sessionId: session.sessionId,
    sessionDate: session.sessionDate,
    status: session.status,
    overall: session.overall,
    dimensions,
    noteSigned: session.noteSigned,
    awaitingReview: session.awaitingReview,
    riskLevel: session.risk?.highestLevel ?? null,
    riskCategories: [...(session.risk?.categories ?? [])],
    riskFindings: session.risk?.findings ?? 0,
    riskAssessment: session.risk?.assessment ?? null,
  };
}
