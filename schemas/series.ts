import { z } from 'zod';
import { AllianceSchema, ChallengeFlagSchema } from './alliance.js';
import { SessionMetricsSchema } from './metrics.js';
import { RiskCategorySchema, RiskSummarySchema } from './risk.js';

/** A calendar date, `YYYY-MM-DD`, that exists (no 2024-02-30). */
export const SessionDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates look like 2024-03-15 (YYYY-MM-DD)')
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
  }, 'not a real calendar date');

/** One analysed session of a client's series: what the engine produced for it, with its date. */
export const SeriesSessionSchema = z.object({
  sessionId: z.string().min(1),
  date: SessionDateSchema,
  alliance: AllianceSchema,
  metrics: SessionMetricsSchema,
  /** The risk detector's summary of the session; absent for a session analysed without it. */
  risk: RiskSummarySchema.optional(),
});
export type SeriesSession = z.infer<typeof SeriesSessionSchema>;

/** One client's sessions: at least one, each sessionId once. */
export const SeriesInputSchema = z
  .array(SeriesSessionSchema)
  .min(1, 'a series needs at least one session')
  .superRefine((sessions, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of sessions.entries()) {
      if (seen.has(s.sessionId)) ctx.addIssue({ code: 'custom', path: [i, 'sessionId'], message: `sessionId ${s.sessionId} appears more than once` });
      seen.add(s.sessionId);
    }
  });

export const TrendPointSchema = z.object({
  sessionId: z.string(),
  date: SessionDateSchema,
  /** null when the engine abstained for this session. */
  score: z.number().min(0).max(100).nullable(),
});

export const TrendSchema = z.object({
  /** `insufficient_data` below 3 scored sessions; otherwise the latest score against the baseline: `stable` within max(5 points, the baseline sessions' robust spread). */
  direction: z.enum(['improving', 'stable', 'declining', 'insufficient_data']),
  /** Theil-Sen slope (median of pairwise slopes) in score points per session, for context; null below 3 scored sessions. */
  slopePerSession: z.number().nullable(),
  /** Median of the scored sessions before the latest scored one (the client's baseline); null when there are none. */
  baseline: z.number().nullable(),
  /** The latest scored session's score. */
  latest: z.number().nullable(),
  points: z.array(TrendPointSchema),
});
export type Trend = z.infer<typeof TrendSchema>;

/** A session whose overall score fell well below the client's own recent baseline. */
export const RuptureAlertSchema = z.object({
  sessionId: z.string(),
  date: SessionDateSchema,
  score: z.number(),
  /** Mean overall score of the previous scored sessions (up to five). */
  baseline: z.number(),
  /** The alert fires below this: baseline − max(10, 1.5 × SD of those sessions). */
  threshold: z.number(),
  /** baseline − score, in points. */
  drop: z.number(),
  /** Rupture markers the engine found in this session, and how many of them were not repaired. */
  ruptureMarkers: z.number().int().nonnegative(),
  unrepairedRuptureMarkers: z.number().int().nonnegative(),
});
export type RuptureAlert = z.infer<typeof RuptureAlertSchema>;

/** A flag that only a series can show; evidence is usually empty, the sessions are named instead. */
export const SeriesFlagSchema = ChallengeFlagSchema.extend({ sessionIds: z.array(z.string()) });
export type SeriesFlag = z.infer<typeof SeriesFlagSchema>;

const RiskLevelOrNoneSchema = RiskSummarySchema.shape.highestLevel;

/** One session's risk in the series: levels and categories, never the client's words. */
export const RiskPointSchema = z.object({
  sessionId: z.string(),
  date: SessionDateSchema,
  highestLevel: RiskLevelOrNoneSchema,
  categories: z.array(RiskCategorySchema),
  reviewRequired: z.boolean(),
});
export type RiskPoint = z.infer<typeof RiskPointSchema>;

/** Risk found in two or more sessions of the client. */
export const RepeatedRiskAlertSchema = z.object({
  kind: z.literal('repeated'),
  /** Every session with a finding, in date order. */
  sessionIds: z.array(z.string()).min(2),
  /** Every category found across those sessions. */
  categories: z.array(RiskCategorySchema).min(1),
  /** The categories found in two or more of them. */
  recurringCategories: z.array(RiskCategorySchema),
  highestLevel: RiskSummarySchema.shape.highestLevel,
});

/**
 * A session whose risk is above everything earlier in the series: a higher level than any earlier
 * session's (`level`), or a suicide category higher on the C-SSRS ladder than any earlier one
 * (`suicide_ladder`: passive ideation < active ideation < method < intent < plan < preparatory behaviour
 * < attempt).
 */
export const EscalatingRiskAlertSchema = z.object({
  kind: z.literal('escalating'),
  sessionId: z.string(),
  date: SessionDateSchema,
  reasons: z.array(z.enum(['level', 'suicide_ladder'])).min(1),
  level: RiskLevelOrNoneSchema,
  /** The highest level of the earlier sessions. */
  previousLevel: RiskLevelOrNoneSchema,
  /** The highest suicide category of this session on the C-SSRS ladder, and of the earlier sessions (null: none). */
  suicideCategory: RiskCategorySchema.nullable(),
  previousSuicideCategory: RiskCategorySchema.nullable(),
  /** This session's categories. */
  categories: z.array(RiskCategorySchema),
});

export const RiskAlertSchema = z.discriminatedUnion('kind', [RepeatedRiskAlertSchema, EscalatingRiskAlertSchema]);
export type RiskAlert = z.infer<typeof RiskAlertSchema>;

/** Risk across the sessions that carry the detector's summary: text-free, safe for anyone who sees scores. */
export const RiskSeriesSchema = z.object({
  sessions: z.array(RiskPointSchema),
  alerts: z.array(RiskAlertSchema),
});
export type RiskSeries = z.infer<typeof RiskSeriesSchema>;

export const AllianceSeriesSchema = z.object({
  /** The sessions in date order. */
  sessions: z.array(z.object({ sessionId: z.string(), date: SessionDateSchema })),
  overall: TrendSchema,
  dimensions: z.object({
    therapeuticFramework: TrendSchema,
    sessionManagement: TrendSchema,
    therapeuticRelationship: TrendSchema,
    therapeuticProcess: TrendSchema,
    collaborativeProgress: TrendSchema,
  }),
  ruptureAlerts: z.array(RuptureAlertSchema),
  flags: z.array(SeriesFlagSchema),
  /** Repeated and escalating risk across the sessions. */
  risk: RiskSeriesSchema,
});
export type AllianceSeries = z.infer<typeof AllianceSeriesSchema>;
