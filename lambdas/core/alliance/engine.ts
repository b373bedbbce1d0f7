/**
 * The local alliance engine: one pass of behaviour coding, then metrics, the five dimensions, rupture
 * markers and the challenge flags, with the risk detector's report beside them. Deterministic and pure: the same transcript always gives the same
 * report (apart from `createdAt`, which the caller passes in).
 */
import { createHash } from 'node:crypto';
import { allianceBandOf, DimensionNameSchema, type Alliance, type AllianceReport, type DimensionName, type DimensionScore } from '../../../schemas/alliance.js';
import type { Provenance } from '../../../schemas/provenance.js';
import type { RiskReport } from '../../../schemas/risk.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { codeSession, type CodedSession } from '../metrics/coded-session.js';
import { CODER_PATTERNS } from '../metrics/utterance-codes.js';
import { computeSessionMetrics } from '../metrics/session-metrics.js';
import { CLIENT_AGREEMENT, CLIENT_DISAGREEMENT, CUES, MINIMAL_TURN } from './cues.js';
import { CALIBRATION, calibrate } from './calibration.js';
import { scoreDimensions, type RawScore } from './dimensions.js';
import { detectFlags, FLAG_PATTERNS } from './flags.js';
import { findRuptureMarkers, RUPTURE_PATTERNS } from './ruptures.js';
import { detectRisk } from '../risk/index.js';
import { detectModality } from './modality.js';

export const ENGINE_VERSION = '0.2.0';

/**
 * The rubric's version is a hash of everything the engine matches (the coders' patterns and the cue
 * lexicons) and of the engine version, so any change to what is counted shows up in every report.
 */
export const RUBRIC_VERSION = createHash('sha256')
  .update(
    [
      ENGINE_VERSION,
      ...[...CODER_PATTERNS, ...RUPTURE_PATTERNS, ...FLAG_PATTERNS, ...Object.values(CUES), CLIENT_AGREEMENT, CLIENT_DISAGREEMENT, MINIMAL_TURN].map(
        (r) => r.source,
      ),
    ].join('\n'),
  )
  .digest('hex')
  .slice(0, 12);

/** Below these a session is too short to judge; the engine abstains rather than invent a number. */
export const MIN_TURNS = 8;
export const MIN_WORDS = 80;
/** An inferred role assignment below this confidence could score the client as the therapist. */
export const MIN_ROLE_CONFIDENCE = 0.6;
/** A session with a serious risk disclosure left unassessed scores below this (the floor of `mixed`). */
export const RISK_CAP = 50;

const DIMENSIONS: readonly DimensionName[] = DimensionNameSchema.options;

/** Why a whole session cannot be scored, or null when it can. */
export function abstentionReason(session: CodedSession, metrics: SessionMetrics): string | null {
  const t = session.transcript;
  if (session.therapistTurns.length === 0 || session.clientTurns.length === 0) {
    const speakers = Object.keys(t.roleAssignment.speakers).length;
    return speakers <= 1
      ? 'only one speaker was found; the alliance needs both the therapist and the client'
      : 'no turn could be attributed to both a therapist and a client; label the speakers as Therapist: and Client:';
  }
  if (metrics.turns < MIN_TURNS || metrics.words < MIN_WORDS) {
    return `the session is too short to judge (${metrics.turns} turns, ${metrics.words} words; at least ${MIN_TURNS} turns and ${MIN_WORDS} words are needed)`;
  }
  if (t.roleAssignment.method === 'inferred' && t.roleAssignment.confidence < MIN_ROLE_CONFIDENCE) {
    return `the therapist could not be told from the client with confidence (${t.roleAssignment.confidence.toFixed(2)}); label the speakers as Therapist: and Client:`;
  }
  return null;
}

function abstained(reason: string): DimensionScore {
  return { score: null, abstained: true, abstentionReason: reason, rationale: 'Not scored.', indicators: {}, evidence: [] };
}

export interface SessionAnalysis {
  metrics: SessionMetrics;
  alliance: Alliance;
  /** The risk detector's report: every consumer (report, note, workflow) takes it from here, computed once. */
  risk: RiskReport;
  /** The weighted means before calibration (bench/calibrate.ts fits the curves on them); absent when the alliance abstained. */
  raw?: { dimensions: Record<DimensionName, number>; goalAgreement: number };
}

/**
 * Scores one session and detects risk in it. Never throws on a valid Transcript: an unusable one
 * abstains with a reason, and its risk is detected all the same.
 */
export function analyzeTranscript(transcript: Transcript): SessionAnalysis {
  // Risk never depends on the alliance: a session too short to score can still hold a disclosure. It is read
  // first so the client coder (which never codes a risk statement as change or sustain talk) reads it once.
  const risk = detectRisk(transcript);
  const session = codeSession(transcript, { riskFindings: risk.findings });
  const metrics = computeSessionMetrics(session);
  const modality = detectModality(session, risk);
  const reason = abstentionReason(session, metrics);
  if (reason !== null) {
    const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, abstained(reason)])) as Alliance['dimensions'];
    return {
      metrics,
      alliance: { overall: { score: null, abstained: true, abstentionReason: reason, band: null }, modality, dimensions, flags: [], ruptureMarkers: [] },
      risk,
    };
  }
  const ruptureMarkers = findRuptureMarkers(session);
  const scored = scoreDimensions(session, metrics, risk, modality.kind, ruptureMarkers);
  const calibrated = (raw: RawScore, curve: (typeof CALIBRATION)['overall']): DimensionScore => {
    const score = calibrate(raw.score, curve);
    return { ...raw, score, band: allianceBandOf(score), abstained: false };
  };
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => {
      // The client's side of collaboration cannot be read from a client who barely spoke.
      if (d === 'collaborativeProgress' && metrics.talk.client.words < 30) {
        return [d, abstained(`the client spoke only ${metrics.talk.client.words} words; collaboration cannot be judged`)];
      }
      return [d, calibrated(scored.dimensions[d], CALIBRATION.dimensions[d])];
    }),
  ) as Alliance['dimensions'];
  const raws = DIMENSIONS.filter((d) => !dimensions[d].abstained).map((d) => scored.dimensions[d].score);
  const raw = raws.reduce((a, b) => a + b, 0) / raws.length;
  let overall = calibrate(raw, CALIBRATION.overall);
  // A serious disclosure nobody asked about outweighs any amount of warmth: the session is not good work.
  const unassessed = risk.episodes.filter((e) => e.assessment.status === 'not_assessed' && e.followUpRequired && (e.domain !== 'other' || e.level !== 'low'));
  const cappedBecause =
    unassessed.length > 0 && overall >= RISK_CAP
      ? `a risk disclosure (${unassessed.map((e) => e.domain.replace(/_/g, ' ')).join(', ')}) was not followed up with any assessment question, so the score is held below ${RISK_CAP}`
      : undefined;
  if (cappedBecause) overall = RISK_CAP - 1;
  const flags = detectFlags(session, metrics, ruptureMarkers, modality);
  const goalAgreement =
    metrics.talk.client.words < 30
      ? abstained(`the client spoke only ${metrics.talk.client.words} words; agreement cannot be judged`)
      : calibrated(scored.goalAgreement, CALIBRATION.goalAgreement);
  return {
    metrics,
    alliance: {
      overall: { score: overall, abstained: false, band: allianceBandOf(overall), raw: Math.round(raw * 10) / 10, ...(cappedBecause ? { cappedBecause } : {}) },
      modality,
      goalAgreement,
      dimensions,
      flags,
      ruptureMarkers,
    },
    risk,
    raw: {
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, scored.dimensions[d].score])) as Record<DimensionName, number>,
      goalAgreement: scored.goalAgreement.score,
    },
  };
}

/** The full report the CLI prints and the pipeline stores. */
export function buildAllianceReport(source: string, transcript: Transcript, createdAt: Date): AllianceReport {
  const { metrics, alliance, risk } = analyzeTranscript(transcript);
  return {
    source,
    transcript,
    metrics,
    alliance,
    provenance: localProvenance(createdAt),
    risk,
  };
}

/** Provenance of a result the local alliance engine produced. */
export function localProvenance(createdAt: Date): Provenance {
  return { engine: 'local', engineVersion: ENGINE_VERSION, modelId: null, rubricVersion: RUBRIC_VERSION, createdAt: createdAt.toISOString(), status: 'ok' };
}
