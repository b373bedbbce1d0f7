import { z } from 'zod';
import { TranscriptSchema, TurnIdSchema } from './transcript.js';
import { SessionMetricsSchema } from './metrics.js';
import { ProgressNoteSchema } from './note.js';
import { ProvenanceSchema } from './provenance.js';
import { RiskReportSchema } from './risk.js';
import { SupervisionReportSchema } from './supervision.js';

/** A verbatim quote from one turn: `quote` is a substring of that turn's text. */
export const EvidenceSchema = z.object({ turnId: TurnIdSchema, quote: z.string().min(1) });
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DimensionNameSchema = z.enum([
  'therapeuticFramework',
  'sessionManagement',
  'therapeuticRelationship',
  'therapeuticProcess',
  'collaborativeProgress',
]);
export type DimensionName = z.infer<typeof DimensionNameSchema>;

export const DimensionScoreSchema = z.object({
  /** 0-100, or null when the engine abstained. */
  score: z.number().min(0).max(100).nullable(),
  abstained: z.boolean(),
  /** Why the engine abstained; present only when it did. */
  abstentionReason: z.string().optional(),
  rationale: z.string(),
  /** The counted signals behind the score, by name. */
  indicators: z.record(z.string(), z.number()),
  evidence: z.array(EvidenceSchema),
});
export type DimensionScore = z.infer<typeof DimensionScoreSchema>;

export const FlagTypeSchema = z.enum([
  'client_resistance',
  'emotional_withdrawal',
  'overemphasis_on_technique',
  'miscommunication',
  'cultural_differences',
  'lack_of_engagement',
  'therapist_burnout',
  'therapeutic_rupture',
]);
export type FlagType = z.infer<typeof FlagTypeSchema>;

export const ChallengeFlagSchema = z.object({
  type: FlagTypeSchema,
  severity: z.enum(['low', 'medium', 'high']),
  /** What was seen, in words that carry no transcript text. */
  rationale: z.string(),
  evidence: z.array(EvidenceSchema),
  /** The strategy a supervisor would suggest. */
  suggestion: z.string(),
});
export type ChallengeFlag = z.infer<typeof ChallengeFlagSchema>;

export const RuptureMarkerSchema = z.object({
  turnId: TurnIdSchema,
  kind: z.enum(['confrontation', 'withdrawal']),
  /** Which marker: `challenges_helpfulness`, `feels_misunderstood`, `minimal_answers`, `dont_know`, `topic_shift`, … */
  marker: z.string(),
  quote: z.string(),
  /** Whether the therapist attended to it within the next few turns (MI/Safran & Muran repair moves). */
  repaired: z.boolean(),
  repairTurnId: TurnIdSchema.optional(),
});
export type RuptureMarker = z.infer<typeof RuptureMarkerSchema>;

export const AllianceSchema = z.object({
  overall: z.object({
    score: z.number().min(0).max(100).nullable(),
    abstained: z.boolean(),
    abstentionReason: z.string().optional(),
  }),
  dimensions: z.object({
    therapeuticFramework: DimensionScoreSchema,
    sessionManagement: DimensionScoreSchema,
    therapeuticRelationship: DimensionScoreSchema,
    therapeuticProcess: DimensionScoreSchema,
    collaborativeProgress: DimensionScoreSchema,
  }),
  flags: z.array(ChallengeFlagSchema),
  ruptureMarkers: z.array(RuptureMarkerSchema),
});
export type Alliance = z.infer<typeof AllianceSchema>;



export const AllianceReportSchema = z.object({
  source: z.string(),
  transcript: TranscriptSchema,
  metrics: SessionMetricsSchema,
  alliance: AllianceSchema,
  provenance: ProvenanceSchema,
  /**
   * Risk the detector found (with the client's words: this report is the clinician's own). Computed
   * whether or not the alliance abstained: a session too short to score can still hold a disclosure.
   */
  risk: RiskReportSchema,
  /** The progress note, when one was asked for (`attune analyze --note soap`). */
  note: ProgressNoteSchema.optional(),
  /**
   * The supervision report (the therapist's work: schemas/supervision.ts), beside the note: `attune analyze`
   * and the workflow's ScoreAlliance write one; results written before it existed have none.
   */
  supervision: SupervisionReportSchema.optional(),
});
export type AllianceReport = z.infer<typeof AllianceReportSchema>;

/**
 * What the workflow's ScoreAlliance step stores in the artifacts bucket and PersistResults reads: the
 * AllianceReport without the transcript (that has its own object) and without a note (GenerateNote's), with the
 * supervision report written from the same analysis.
 */
export const AllianceResultSchema = AllianceReportSchema.pick({ metrics: true, alliance: true, provenance: true, risk: true, supervision: true });
export type AllianceResult = z.infer<typeof AllianceResultSchema>;
