/**
 * The work of therapy carried from one session to the next (issue 16): measures as series, goals across
 * sessions, a treatment plan draft and the pre-session brief. Every item cites the sessions and turns it
 * came from (`{ session, turnId }`); what no session showed is a gap, never an invented item.
 *
 * These contracts are shared by `attune plan`, and later by the API routes, FHIR export (CarePlan, Goal,
 * Observation) and plan signing; types are inferred from them.
 */
import { z } from 'zod';
import { SessionDateSchema } from './series.js';
import { TurnIdSchema } from './transcript.js';

// ── Measures ───────────────────────────────────────────────────────────────────────────────────────────

/** Instruments a score can be said or entered for; `rating` is a 0–10 (or 0–100) rating of something named. */
export const InstrumentSchema = z.enum(['PHQ-9', 'GAD-7', 'PCL-5', 'AUDIT', 'ORS', 'SRS', 'SUDS', 'rating']).meta({ id: 'Instrument' });
export type Instrument = z.infer<typeof InstrumentSchema>;

/** Where an entered score came from. */
export const MeasureSourceSchema = z.enum(['client_self_report', 'clinician', 'imported']).meta({
  description: '`client_self_report` a questionnaire the client filled in; `clinician` scored or rated by the clinician; `imported` from another record',
});
export type MeasureSource = z.infer<typeof MeasureSourceSchema>;

/**
 * A score entered outside a session (`POST /clients/{clientId}/measures`, later). The range, the rating's
 * subject and the date not in the future are checked by `validateEnteredMeasure` (lambdas/core/measures),
 * which names the field that is wrong.
 */
export const EnteredMeasureSchema = z.object({
  instrument: InstrumentSchema,
  value: z.number(),
  date: SessionDateSchema,
  source: MeasureSourceSchema,
  /** What a `rating` is of ("mood", "sleep"); only for `rating`. */
  ratingOf: z.string().min(1).max(60).optional(),
  /** A `rating`'s scale top: 10 (the default) or 100. */
  outOf: z.union([z.literal(10), z.literal(100)]).optional(),
});
export type EnteredMeasure = z.infer<typeof EnteredMeasureSchema>;

/** One score: said in a session (with its session and turn) or entered (with its date and source). */
export const MeasurePointSchema = z.object({
  instrument: InstrumentSchema,
  /** For `rating`: what was rated, as asked; null when not said. */
  ratingOf: z.string().nullable(),
  value: z.number(),
  /** The instrument's severity band for the value (PHQ-9, GAD-7, AUDIT, SRS); null for raw scales. */
  band: z.string().nullable(),
  date: SessionDateSchema,
  /** The session it was said in; absent for an entered score. */
  session: z.string().optional(),
  /** The turn that gives the value; absent for an entered score. */
  turnId: TurnIdSchema.optional(),
  /** An entered score's source; absent for a score said in session. */
  source: MeasureSourceSchema.optional(),
});
export type MeasurePoint = z.infer<typeof MeasurePointSchema>;

/** Published criteria for clinically meaningful change on one instrument, with their source. */
export const ChangeCriteriaSchema = z.object({
  /** A change of at least this many points is reliable (beyond measurement error). */
  reliableChangePoints: z.number().positive(),
  /** Response: a fall of at least this share of the baseline score (0.5 = 50 %). */
  responseFraction: z.number().positive().max(1),
  /** Remission: a score below this. */
  remissionBelow: z.number().positive(),
  source: z.string(),
});
export type ChangeCriteria = z.infer<typeof ChangeCriteriaSchema>;

/** From the first score of a series (the baseline) to the latest. */
export const MeasureChangeSchema = z.object({
  baseline: MeasurePointSchema,
  latest: MeasurePointSchema,
  /** latest − baseline; negative is fewer symptoms on PHQ-9 and GAD-7. */
  difference: z.number(),
  reliableChange: z.enum(['reliable_improvement', 'reliable_deterioration', 'no_reliable_change']),
  response: z.boolean(),
  remission: z.boolean(),
});
export type MeasureChange = z.infer<typeof MeasureChangeSchema>;

/** One instrument's scores in date order, with clinically meaningful change where the instrument has published criteria. */
export const MeasureSeriesSchema = z.object({
  instrument: InstrumentSchema,
  ratingOf: z.string().nullable(),
  scale: z.object({ min: z.number(), max: z.number() }),
  points: z.array(MeasurePointSchema).min(1),
  /** null below two scores, or for an instrument without published change criteria (a raw series). */
  change: MeasureChangeSchema.nullable(),
  criteria: ChangeCriteriaSchema.nullable(),
});
export type MeasureSeries = z.infer<typeof MeasureSeriesSchema>;

// ── Citations ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Where an item came from: a session (its id) and a turn of it. `turnId` is absent only for what is a
 * reading of the whole session (its alliance scores), never for words or a said score.
 */
export const PlanCitationSchema = z.object({ session: z.string().min(1), turnId: TurnIdSchema.optional() });
export type PlanCitation = z.infer<typeof PlanCitationSchema>;

// ── Goals ──────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Where a goal stands after a session: `introduced` first stated; `worked_on` talked about or worked at;
 * `progress` the client reported a step or an improvement toward it; `met` reached, as said; `revised` its
 * measurable form changed; `dropped` set aside, as said. Never inferred from silence.
 */
export const GoalStatusSchema = z.enum(['introduced', 'worked_on', 'progress', 'met', 'revised', 'dropped']).meta({ id: 'GoalStatus' });
export type GoalStatus = z.infer<typeof GoalStatusSchema>;

/** What one session showed of a goal. */
export const GoalEventSchema = z.object({
  session: z.string(),
  date: SessionDateSchema,
  status: GoalStatusSchema,
  /** The turns that show it, in order. */
  turnIds: z.array(TurnIdSchema).min(1),
  /** The words that show it, verbatim (the client's where they said it). */
  quote: z.string().min(1),
});
export type GoalEvent = z.infer<typeof GoalEventSchema>;

export const PlanGoalSchema = z.object({
  /** Stable within one plan: `goal-1`, `goal-2`, … in order of first mention. */
  id: z.string(),
  /** The goal in the client's words when first stated, verbatim. */
  text: z.string().min(1),
  /** Who put it into words: the client, or the therapist with the client's agreement. */
  wordsOf: z.enum(['client', 'therapist']),
  /** A measurable form as said ("at least three days a week"); the latest one when it was revised. null when never said. */
  measurable: z.string().nullable(),
  /** Where `measurable` was said (empty when it never was). */
  measurableEvidence: z.array(PlanCitationSchema),
  /** A time frame as said ("in, say, two months"); null when never said. */
  targetDate: z.string().nullable(),
  /** The status after the latest session that showed the goal. */
  status: GoalStatusSchema,
  history: z.array(GoalEventSchema).min(1),
  evidence: z.array(PlanCitationSchema).min(1),
});
export type PlanGoal = z.infer<typeof PlanGoalSchema>;

/** Goal Agreement (the alliance's sub-score, WAI-SR goal and task) per session, with the same trend rule as the alliance dimensions. */
export const GoalAgreementSeriesSchema = z.object({
  points: z.array(z.object({ session: z.string(), date: SessionDateSchema, score: z.number().min(0).max(100).nullable() })),
  direction: z.enum(['improving', 'stable', 'declining', 'insufficient_data']),
  baseline: z.number().nullable(),
  latest: z.number().nullable(),
});
export type GoalAgreementSeries = z.infer<typeof GoalAgreementSeriesSchema>;

// ── Treatment plan ─────────────────────────────────────────────────────────────────────────────────────

/** An item of the plan: a finding with its citations, or a gap (nothing found) that cites nothing. */
export const PlanItemSchema = z
  .object({
    text: z.string().min(1),
    kind: z.enum(['finding', 'gap']),
    evidence: z.array(PlanCitationSchema),
  })
  .refine((item) => (item.kind === 'finding' ? item.evidence.length > 0 : item.evidence.length === 0), {
    message: 'a finding cites where it came from; a gap cites nothing',
  });
export type PlanItem = z.infer<typeof PlanItemSchema>;

export const PlanInterventionSchema = z.object({
  /** Its clinical name ("thought record", "safety planning"). */
  label: z.string().min(1),
  modality: z.string(),
  /** `used` in a session; `planned` named for future sessions and not yet used. */
  state: z.enum(['used', 'planned']),
  /** The sessions it was used or planned in, in order. */
  sessions: z.array(z.string()).min(1),
  evidence: z.array(PlanCitationSchema).min(1),
});
export type PlanIntervention = z.infer<typeof PlanInterventionSchema>;

export const TreatmentPlanSchema = z.object({
  status: z.literal('draft'),
  /** Presenting concerns across the sessions, in order first raised. */
  problems: z.array(PlanItemSchema).min(1),
  /** The goals (ids of `goals`), each with its objectives: the measurable steps and tasks toward it, as said. */
  goals: z.array(
    z.object({
      goalId: z.string(),
      text: z.string().min(1),
      targetDate: z.string().nullable(),
      objectives: z.array(PlanItemSchema).min(1),
      evidence: z.array(PlanCitationSchema).min(1),
    }),
  ),
  interventions: z.array(PlanInterventionSchema),
  /** A plan with no goal found says so here (a gap), and nothing is invented. */
  gaps: z.array(PlanItemSchema),
});
export type TreatmentPlan = z.infer<typeof TreatmentPlanSchema>;

// ── Pre-session brief ──────────────────────────────────────────────────────────────────────────────────

export const BriefTopicSchema = z.enum(['homework', 'goal', 'risk', 'measure', 'alliance', 'rupture']);
export type BriefTopic = z.infer<typeof BriefTopicSchema>;

/** At most this many lines: a brief is read in a minute. */
export const MAX_BRIEF_LINES = 12;

export const BriefLineSchema = z
  .object({
    topic: BriefTopicSchema,
    text: z.string().min(1),
    kind: z.enum(['finding', 'gap']),
    evidence: z.array(PlanCitationSchema),
  })
  .refine((line) => (line.kind === 'finding' ? line.evidence.length > 0 : line.evidence.length === 0), {
    message: 'a finding cites where it came from; a gap cites nothing',
  });
export type BriefLine = z.infer<typeof BriefLineSchema>;

export const BriefSchema = z.object({
  /** The last session read: the brief prepares the one after it. */
  afterSession: z.string(),
  lines: z.array(BriefLineSchema).min(1).max(MAX_BRIEF_LINES),
});
export type Brief = z.infer<typeof BriefSchema>;

// ── What `attune plan --json` prints ───────────────────────────────────────────────────────────────────

export const ClientPlanSchema = z.object({
  sessions: z.array(z.object({ session: z.string(), date: SessionDateSchema })).min(1),
  goals: z.array(PlanGoalSchema),
  plan: TreatmentPlanSchema,
  /** Every score, in date order. */
  measures: z.array(MeasurePointSchema),
  /** The same scores as one series per instrument, with change. */
  measureSeries: z.array(MeasureSeriesSchema),
  goalAgreement: GoalAgreementSeriesSchema,
  brief: BriefSchema,
});
export type ClientPlan = z.infer<typeof ClientPlanSchema>;
