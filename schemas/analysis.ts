import { z } from 'zod';
import { AllianceSchema, DimensionNameSchema } from './alliance.js';
import { SessionMetricsSchema } from './metrics.js';
import { ProvenanceSchema } from './provenance.js';
import { RiskReportSchema } from './risk.js';
import { artifactKey, type SessionIds } from './storage-layout.js';

/**
 * The deterministic analysis of one session (the local engine's `analyzeTranscript`): metrics, the
 * alliance, the risk detector's report. NormalizeTranscript computes it once, right after parsing, and
 * stores it; the progress note, the alliance scores (local or a model's, anchored to these), the
 * supervision report and every note rendered later in another format are all read from this one copy.
 */
export const SessionAnalysisSchema = z.object({
  metrics: SessionMetricsSchema,
  alliance: AllianceSchema,
  risk: RiskReportSchema,
  /** The weighted means before calibration (bench/calibrate.ts); absent when the alliance abstained. */
  raw: z.object({ dimensions: z.record(DimensionNameSchema, z.number()), goalAgreement: z.number() }).optional(),
});

/** The analysis as stored, with how it was produced (the local engine's version, its rubric, when). */
export const StoredSessionAnalysisSchema = SessionAnalysisSchema.extend({ provenance: ProvenanceSchema });

/**
 * Where a session's analysis is kept: beside its transcript, under the same `transcripts/` prefix. It
 * holds quotes of the session, so it is protected, retained and erased exactly as the transcript is:
 * the same grants (NormalizeTranscript writes, the analysis steps and the API read), the same
 * retention rule, and an erasure of `transcripts/<tenant>/<client>/<session>.` takes both.
 */
export const sessionAnalysisKey = (ids: SessionIds): string => artifactKey(ids, 'analysis');
