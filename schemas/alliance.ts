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

/**
 * What a 0-100 alliance score means, in four named bands (docs/method.md, "Calibration"). A calibrated score is
 * the chance, in a population with as many good as poor sessions, that an expert would rate a session showing
 * this evidence as good work: 50 is a coin toss, 60 and above most experts would call good.
 */
export const AllianceBandSchema = z.enum(['strong', 'adequate', 'mixed', 'weak']).meta({
  description:
    '`strong` ≥ 75: clear, consistent evidence of a working alliance; `adequate` 60-74: a working alliance with room to grow; `mixed` 50-59: evidence both ways, worth a look; `weak` below 50: strain outweighs alliance, worth supervision',
});
export type AllianceBand = z.infer<typeof AllianceBandSchema>;

/** The lower bound of each band, highest first: the one source of the thresholds. */
export const ALLIANCE_BAND_FLOORS: readonly (readonly [AllianceBand, number])[] = [
  ['strong', 75],
  ['adequate', 60],
  ['mixed', 50],
  ['weak', 0],
];

/** The band of a 0-100 score; null when the score is null (not scored). */
export function allianceBandOf(score: number | null): AllianceBand | null {
  if (score === null) return null;
  return ALLIANCE_BAND_FLOORS.find(([, floor]) => score >= floor)![0];
}

export const DimensionScoreSchema = z.object({
  /** 0-100, or null when the engine abstained. */
  score: z.number().min(0).max(100).nullable(),
  /** The band of `score`; absent on results written before bands existed. */
  band: AllianceBandSchema.nullable().optional(),
  abstained: z.boolean(),
  /** Why the engine abstained; present only when it did. */
  abstentionReason: z.string().optional(),
  rationale: z.string(),
  /** The counted signals behind the score, by name. */
  indicators: z.record(z.string(), z.number()),
  evidence: z.array(EvidenceSchema),
});
export type DimensionScore = z.infer<typeof DimensionScoreSchema>;

const FLAG_TYPES = z.enum([
  'client_resistance',
  'emotional_withdrawal',
  'overemphasis_on_technique',
  'miscommunication',
  'cultural_differences',
  'lack_of_engagement',
  'low_therapist_engagement',
  'therapeutic_rupture',
]);
/**
 * Flag names that were renamed, old → new. `therapist_burnout` labelled the person; what the engine observes is
 * low engagement in the session (CLINICAL-GUIDE §4: describe behaviour, no labels about the person). Results
 * stored before the rename, and model answers, may still carry the old name: they read as the new one.
 */
export const RENAMED_FLAG_TYPES: Readonly<Record<string, FlagType>> = { therapist_burnout: 'low_therapist_engagement' };

/** A flag's type. Reads a renamed type (`therapist_burnout`) as its current name; `.options` lists the current names. */
export const FlagTypeSchema = Object.assign(
  z.preprocess((value) => (typeof value === 'string' && Object.hasOwn(RENAMED_FLAG_TYPES, value) ? RENAMED_FLAG_TYPES[value] : value), FLAG_TYPES),
  { options: FLAG_TYPES.options },
);
export type FlagType = z.infer<typeof FLAG_TYPES>;

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
  /**
   * What a confrontation is aimed at (3RS): the therapist ("you're not listening"), the therapy ("this isn't
   * helping") or the task ("I'm not doing another worksheet"). Absent on withdrawal and on older results.
   */
  target: z.enum(['therapist', 'therapy', 'task']).optional(),
  /** Whether the therapist attended to it within the next few turns (MI/Safran & Muran repair moves). */
  repaired: z.boolean(),
  repairTurnId: TurnIdSchema.optional(),
  /**
   * How the therapist repaired it (3RS resolution strategies): owning their part, apologising, reflecting or
   * acknowledging the complaint, inviting feedback on the session, or changing course. Absent when unrepaired.
   */
  repairKind: z.enum(['owning', 'apologising', 'reflecting', 'inviting_feedback', 'changing_course']).optional(),
});
export type RuptureMarker = z.infer<typeof RuptureMarkerSchema>;

/**
 * The kind of work a session is: its norms differ (a structured CBT or psychiatric session asks more than it
 * reflects; crisis work asks direct risk questions), so the dimensions read it against its own kind.
 */
export const ModalitySchema = z.enum(['mi', 'cbt', 'supportive', 'psychiatric', 'crisis', 'peer_support']).meta({
  description:
    '`mi` motivational interviewing about a target behaviour; `cbt` structured cognitive-behavioural work; `supportive` counselling; `psychiatric` medication follow-up; `crisis` acute risk or distress; `peer_support` a peer supporter in a text chat',
});
export type Modality = z.infer<typeof ModalitySchema>;

export const ModalityReadingSchema = z.object({
  kind: ModalitySchema,
  /** 0-1: how clearly the session showed its kind; `supportive` with low confidence is the default. */
  confidence: z.number().min(0).max(1),
  /** What was seen, in the engine's words (no transcript text): e.g. "medication and dose discussed in 9 turns". */
  cues: z.array(z.string()),
});
export type ModalityReading = z.infer<typeof ModalityReadingSchema>;

export const AllianceSchema = z.object({
  overall: z.object({
    score: z.number().min(0).max(100).nullable(),
    abstained: z.boolean(),
    abstentionReason: z.string().optional(),
    /** The band of `score` (schemas/alliance.ts ALLIANCE_BAND_FLOORS); absent on results written before bands existed. */
    band: AllianceBandSchema.nullable().optional(),
    /** The raw mean of the dimensions before calibration, for audit; absent on older results. */
    raw: z.number().min(0).max(100).nullable().optional(),
    /** Why the score was held below `mixed` whatever the dimensions say (a risk disclosure left unassessed). */
    cappedBecause: z.string().optional(),
  }),
  /** The kind of session the dimensions were read against; absent on results written before it existed. */
  modality: ModalityReadingSchema.optional(),
  /**
   * Goal Agreement (Bordin's goals and tasks, the WAI-SR goal and task items): agreement on what the work is for
   * and how to do it, from both sides. A sub-score beside the five dimensions; absent on older results.
   */
  goalAgreement: DimensionScoreSchema.optional(),
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
