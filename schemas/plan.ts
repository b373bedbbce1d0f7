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
export const InstrumentSchema = z
  .enum(['PHQ-9', 'GAD-7', 'PCL-5', 'AUDIT', 'AUDIT-C', 'ORS', 'SRS', 'SUDS', 'ISI', 'PGSI', 'CORE-10', 'EPDS', 'WSAS', 'rating'])
  .meta({ id: 'Instrument' });
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
  /** The instrument's severity band for the value (PHQ-9, GAD-7, AUDIT, SRS, ISI, PGSI, CORE-10, EPDS, WSAS); null for raw scales. */
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

// ── Over the API (issue 16): plan versions, signatures, entered measures ─────────────────────────────────
// The routes' bodies (schemas/routes.ts): GET/PUT /clients/{clientId}/plan, POST …/plan/sign,
// GET/POST …/measures and GET …/brief. A stored plan is versioned and signed like a note; every item of an
// edited plan still cites sessions and turns, or says it was entered by the clinician.

const PlanIsoDateTime = z.iso.datetime({ offset: true });
const PlanText = z.string().min(1).max(4000);

/**
 * An item of a stored plan: a finding (cites sessions and turns), a gap (cites nothing), or an item the
 * clinician entered (`clinician_entered`: their own words; it may cite, and need not).
 */
export const PlanEntrySchema = z
  .object({ text: PlanText, kind: z.enum(['finding', 'gap', 'clinician_entered']), evidence: z.array(PlanCitationSchema).max(200) })
  .refine((item) => (item.kind === 'finding' ? item.evidence.length > 0 : item.kind === 'gap' ? item.evidence.length === 0 : true), {
    message: 'a finding cites where it came from; a gap cites nothing; mark your own items kind: clinician_entered',
    path: ['evidence'],
  })
  .meta({ id: 'PlanEntry' });
export type PlanEntry = z.infer<typeof PlanEntrySchema>;

/** `true` on a goal or intervention the clinician added: it need not cite a session. */
const EnteredByClinician = z.literal('clinician').optional().meta({ description: 'Set on what the clinician added: it need not cite a session' });

export const StoredPlanGoalSchema = z
  .object({
    goalId: z.string().min(1).max(64),
    text: PlanText,
    targetDate: z.string().max(200).nullable(),
    objectives: z.array(PlanEntrySchema).max(200),
    evidence: z.array(PlanCitationSchema).max(200),
    enteredBy: EnteredByClinician,
  })
  .refine((goal) => goal.enteredBy === 'clinician' || goal.evidence.length > 0, {
    message: 'a goal cites where it was said, or is marked enteredBy: clinician',
    path: ['evidence'],
  });

export const StoredPlanInterventionSchema = z
  .object({
    label: z.string().min(1).max(200),
    modality: z.string().max(200),
    state: z.enum(['used', 'planned']),
    sessions: z.array(z.string().min(1).max(64)).max(1000),
    evidence: z.array(PlanCitationSchema).max(200),
    enteredBy: EnteredByClinician,
  })
  .refine((intervention) => intervention.enteredBy === 'clinician' || intervention.evidence.length > 0, {
    message: 'an intervention cites where it was used or planned, or is marked enteredBy: clinician',
    path: ['evidence'],
  });

/**
 * The treatment plan as stored and edited: the draft's shape (TreatmentPlan), whose items may also be the
 * clinician's own. `final` once signed.
 */
export const StoredTreatmentPlanSchema = z
  .object({
    status: z.enum(['draft', 'final']),
    problems: z.array(PlanEntrySchema).max(200),
    goals: z.array(StoredPlanGoalSchema).max(200),
    interventions: z.array(StoredPlanInterventionSchema).max(200),
    gaps: z.array(PlanEntrySchema).max(200),
  })
  .meta({ id: 'StoredTreatmentPlan' });
export type StoredTreatmentPlan = z.infer<typeof StoredTreatmentPlanSchema>;

export const PlanSignatureSchema = z
  .object({
    version: z.number().int().positive(),
    signedBy: z.string(),
    signedAt: PlanIsoDateTime,
    sha256: z.string().meta({ description: "SHA-256 of the signed plan's canonical JSON" }),
    attestation: z.string().max(500).optional(),
  })
  .meta({ id: 'PlanSignature' });
export type PlanSignature = z.infer<typeof PlanSignatureSchema>;

/** One stored version of a client's plan: a new one per edit; a signed one is final and never changed. */
export const PlanVersionSchema = z
  .object({
    clientId: z.string(),
    version: z.number().int().positive(),
    plan: StoredTreatmentPlanSchema,
    editedBy: z.string(),
    editedAt: PlanIsoDateTime,
    signature: PlanSignatureSchema.optional(),
  })
  .meta({ id: 'PlanVersion' });
export type PlanVersion = z.infer<typeof PlanVersionSchema>;

export const EditPlanRequestSchema = z
  .object({
    baseVersion: z.number().int().min(0).meta({ description: 'The version you edited (0: the computed draft, when no version is stored): a stale one is 409' }),
    plan: StoredTreatmentPlanSchema.meta({ description: 'The whole plan; `status` is set by Attune (draft until signed)' }),
  })
  .meta({ id: 'EditPlanRequest' });
export type EditPlanRequest = z.infer<typeof EditPlanRequestSchema>;

export const SignPlanRequestSchema = z
  .object({
    version: z.number().int().positive().meta({ description: 'The stored version you reviewed and sign: a stale one is 409' }),
    attestation: z.string().max(500).optional(),
  })
  .meta({ id: 'SignPlanRequest' });
export type SignPlanRequest = z.infer<typeof SignPlanRequestSchema>;

/** Which plan an answer holds: the latest stored version, or the draft computed from the sessions (version 0). */
export const PlanVersionInfoSchema = z.object({
  source: z.enum(['stored', 'computed']),
  /** 0 for a computed draft: edit it with baseVersion 0. */
  version: z.number().int().min(0),
  signed: z.boolean(),
  editedBy: z.string().optional(),
  editedAt: PlanIsoDateTime.optional(),
  signature: PlanSignatureSchema.optional(),
});

/** GET /clients/{clientId}/plan, for the client's clinician and admins. */
export const ClientPlanViewSchema = z
  .object({
    clientId: z.string(),
    sessions: z.array(z.object({ session: z.string(), date: SessionDateSchema })),
    version: PlanVersionInfoSchema,
    goals: z.array(PlanGoalSchema),
    plan: StoredTreatmentPlanSchema,
    measures: z.array(MeasurePointSchema),
    measureSeries: z.array(MeasureSeriesSchema),
    goalAgreement: GoalAgreementSeriesSchema.nullable(),
  })
  .meta({ id: 'ClientPlanView' });
export type ClientPlanView = z.infer<typeof ClientPlanViewSchema>;

/** A score entered through the API, as stored. */
export const MeasureRecordSchema = EnteredMeasureSchema.extend({
  measureId: z.string(),
  enteredBy: z.string(),
  enteredAt: PlanIsoDateTime,
}).meta({ id: 'MeasureRecord' });
export type MeasureRecord = z.infer<typeof MeasureRecordSchema>;

export const EnterMeasureRequestSchema = EnteredMeasureSchema.meta({
  id: 'EnterMeasureRequest',
  description: 'A score taken outside a session; range, date (not after today) and source are checked, and a 400 names the field',
});

/** GET /clients/{clientId}/measures: one series per instrument (said in session and entered), with bands and change. */
export const ClientMeasuresSchema = z
  .object({ clientId: z.string(), series: z.array(MeasureSeriesSchema), entered: z.array(MeasureRecordSchema) })
  .meta({ id: 'ClientMeasures' });
export type ClientMeasures = z.infer<typeof ClientMeasuresSchema>;

export const ClientBriefSchema = z.object({ clientId: z.string(), brief: BriefSchema }).meta({ id: 'ClientBrief' });

// What a supervisor reads of the same routes: statuses, scores, kinds and citations; no goal text, quote,
// plan item text, measurable form, target date, intervention label, rating subject or brief line text.
const CitedOnly = z.object({ kind: z.enum(['finding', 'gap', 'clinician_entered']), evidence: z.array(PlanCitationSchema) });
const SupervisorMeasurePointSchema = MeasurePointSchema.omit({ ratingOf: true });
const SupervisorMeasureSeriesSchema = z.object({
  instrument: InstrumentSchema,
  scale: z.object({ min: z.number(), max: z.number() }),
  points: z.array(SupervisorMeasurePointSchema),
  change: z
    .object({
      baseline: SupervisorMeasurePointSchema,
      latest: SupervisorMeasurePointSchema,
      difference: z.number(),
      reliableChange: MeasureChangeSchema.shape.reliableChange,
      response: z.boolean(),
      remission: z.boolean(),
    })
    .nullable(),
  criteria: ChangeCriteriaSchema.nullable(),
});

export const SupervisorPlanViewSchema = z
  .object({
    clientId: z.string(),
    sessions: z.array(z.object({ session: z.string(), date: SessionDateSchema })),
    version: PlanVersionInfoSchema.omit({ signature: true }).extend({ signature: PlanSignatureSchema.omit({ attestation: true }).optional() }),
    goals: z.array(
      z.object({
        id: z.string(),
        wordsOf: z.enum(['client', 'therapist']),
        measurableEvidence: z.array(PlanCitationSchema),
        status: GoalStatusSchema,
        history: z.array(z.object({ session: z.string(), date: SessionDateSchema, status: GoalStatusSchema, turnIds: z.array(TurnIdSchema) })),
        evidence: z.array(PlanCitationSchema),
      }),
    ),
    plan: z.object({
      status: z.enum(['draft', 'final']),
      problems: z.array(CitedOnly),
      goals: z.array(
        z.object({ goalId: z.string(), objectives: z.array(CitedOnly), evidence: z.array(PlanCitationSchema), enteredBy: z.literal('clinician').optional() }),
      ),
      interventions: z.array(
        z.object({
          state: z.enum(['used', 'planned']),
          sessions: z.array(z.string()),
          evidence: z.array(PlanCitationSchema),
          enteredBy: z.literal('clinician').optional(),
        }),
      ),
      gaps: z.array(CitedOnly),
    }),
    measures: z.array(SupervisorMeasurePointSchema),
    measureSeries: z.array(SupervisorMeasureSeriesSchema),
    goalAgreement: GoalAgreementSeriesSchema.nullable(),
  })
  .meta({ id: 'SupervisorPlanView', description: 'The plan without any text: what a supervisor sees' });

export const SupervisorMeasuresSchema = z
  .object({
    clientId: z.string(),
    series: z.array(SupervisorMeasureSeriesSchema),
    entered: z.array(MeasureRecordSchema.omit({ ratingOf: true })),
  })
  .meta({ id: 'SupervisorMeasures', description: 'The measures without what a rating was of: what a supervisor sees' });

export const SupervisorBriefSchema = z
  .object({
    clientId: z.string(),
    brief: z.object({
      afterSession: z.string(),
      lines: z.array(z.object({ topic: BriefTopicSchema, kind: z.enum(['finding', 'gap']), evidence: z.array(PlanCitationSchema) })),
    }),
  })
  .meta({ id: 'SupervisorBrief', description: "The brief's topics and citations without its text: what a supervisor sees" });

/**
 * What signing and entering a score answer: ids, the version and the seal only. These routes take an
 * Idempotency-Key, and a kept answer outlives the client's erasure by up to a day: it holds no text and no score.
 */
export const SignedPlanSchema = z
  .object({ clientId: z.string(), version: z.number().int().positive(), signature: PlanSignatureSchema.omit({ attestation: true }) })
  .meta({ id: 'SignedPlan' });
export const EnteredMeasureReceiptSchema = z
  .object({ clientId: z.string(), measureId: z.string(), enteredAt: PlanIsoDateTime })
  .meta({ id: 'EnteredMeasureReceipt', description: 'The score was stored: read it back with GET /clients/{clientId}/measures' });
export const PlanQuerySchema = z.object({
  format: z.enum(['fhir']).optional().meta({ description: 'fhir: the plan as a FHIR R4 Bundle (CarePlan, Goal, Observation); default: the JSON view' }),
});
