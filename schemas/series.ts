import { z } from 'zod';
import { AllianceSchema, ChallengeFlagSchema } from './alliance.js';
import { SessionMetricsSchema } from './metrics.js';

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
  /** `insufficient_data` below 3 scored sessions; `stable` when |slope| < 2 points a session. */
  direction: z.enum(['improving', 'stable', 'declining', 'insufficient_data']),
  /** Least-squares slope in score points per session (session number in date order); null below 3 scored sessions. */
  slopePerSession: z.number().nullable(),
  /** Mean of the scored sessions before the latest scored one; null when there are none. */
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
});
export type AllianceSeries = z.infer<typeof AllianceSeriesSchema>;
