import { z } from 'zod';
import { NoteSentenceSchema } from './note.js';
import { ProvenanceSchema } from './provenance.js';
import { AssessmentItemSchema, RiskEpisodeSchema } from './risk.js';
import { TurnIdSchema } from './transcript.js';

/**
 * The supervision report: the therapist's work in one session, for the therapist and their supervisor.
 * It is the second of a session's two documents. The progress note is about the client and goes to the
 * chart and to EHR exports; this report is about the therapist and never leaves as a clinical note.
 *
 * It holds no transcript text: moments cite turn ids and describe what happened in the engine's words, so
 * a supervisor (who may not read quotes) can read all of it. This file imports nothing from alliance.ts,
 * so that the AllianceReport can carry a report without an import cycle.
 */

/** The five alliance dimensions, by the names `AllianceSchema.dimensions` uses (a unit test keeps them equal). */
export const SUPERVISION_DIMENSIONS = [
  'therapeuticFramework',
  'sessionManagement',
  'therapeuticRelationship',
  'therapeuticProcess',
  'collaborativeProgress',
] as const;

/**
 * The alliance bands, as `AllianceBandSchema` names them (a unit test keeps them equal); their floors live in
 * schemas/alliance.ts `ALLIANCE_BAND_FLOORS`, the one source of the thresholds.
 */
export const SupervisionBandSchema = z.enum(['strong', 'adequate', 'mixed', 'weak']).meta({
  description:
    '`strong` ≥ 75: clear, consistent evidence of a working alliance; `adequate` 60-74: a working alliance with room to grow; `mixed` 50-59: evidence both ways, worth a look; `weak` below 50: strain outweighs alliance, worth supervision',
});
export type SupervisionBand = z.infer<typeof SupervisionBandSchema>;

/** The kinds of work, as `ModalitySchema` names them (a unit test keeps them equal). */
export const SupervisionModalitySchema = z.enum(['mi', 'cbt', 'supportive', 'psychiatric', 'crisis', 'peer_support']).meta({
  description:
    '`mi` motivational interviewing; `cbt` structured cognitive-behavioural work; `supportive` counselling; `psychiatric` medication follow-up; `crisis` acute risk or distress; `peer_support` a peer supporter in a text chat',
});
export type SupervisionModality = z.infer<typeof SupervisionModalitySchema>;

/** How a count compares with the MITI 4.2 thresholds; `not_applicable` when there was nothing to count. */
export const MitiBandSchema = z
  .enum(['good', 'fair', 'below_fair', 'not_applicable'])
  .meta({ description: 'Against the MITI 4.2 thresholds: `good`, `fair`, `below_fair`; `not_applicable` when nothing was counted' });
export type MitiBand = z.infer<typeof MitiBandSchema>;

const RoleTalkShareSchema = z.object({
  words: z.number().int().nonnegative(),
  wordShare: z.number().min(0).max(1).meta({ description: 'Share of all words spoken (0-1)' }),
  secondsShare: z.number().min(0).max(1).optional().meta({ description: 'Share of speaking time (0-1), when the transcript is timed' }),
  turns: z.number().int().nonnegative(),
  meanTurnWords: z.number().nonnegative(),
});

/** The behaviour counts of schemas/metrics.ts, laid out for a supervisor, with the MITI bands. */
export const SupervisionProcessSchema = z
  .object({
    talkShare: z.object({ therapist: RoleTalkShareSchema, client: RoleTalkShareSchema }).meta({ description: 'Who held the floor, by role' }),
    questions: z.object({
      open: z.number().int().nonnegative(),
      closed: z.number().int().nonnegative(),
      percentOpen: z.number().min(0).max(1).nullable().meta({ description: 'Open / all questions; null when none was asked' }),
    }),
    reflections: z.object({
      simple: z.number().int().nonnegative(),
      complex: z.number().int().nonnegative(),
      percentComplex: z.number().min(0).max(1).nullable().meta({ description: 'Complex / all reflections (MITI %CR); null when there was no reflection' }),
    }),
    reflectionToQuestionRatio: z
      .number()
      .nonnegative()
      .nullable()
      .meta({ description: 'Reflections per question (MITI R:Q); null when no question was asked' }),
    affirmations: z.number().int().nonnegative(),
    advice: z.object({ withPermission: z.number().int().nonnegative(), withoutPermission: z.number().int().nonnegative() }),
    information: z.number().int().nonnegative().meta({ description: 'Turns giving information' }),
    confrontations: z.number().int().nonnegative(),
    clientLanguage: z.object({
      changeTalk: z.number().int().nonnegative(),
      sustainTalk: z.number().int().nonnegative(),
      percentChangeTalk: z.number().min(0).max(1).nullable(),
    }),
    miti: z
      .object({
        reflectionToQuestion: MitiBandSchema.meta({ description: 'R:Q: good ≥ 2, fair ≥ 1' }),
        percentComplexReflections: MitiBandSchema.meta({ description: '%CR: good ≥ 50%, fair ≥ 40%' }),
        percentOpenQuestions: MitiBandSchema.meta({ description: '%OQ (MITI 3.1): good ≥ 70%, fair ≥ 50%' }),
      })
      .optional()
      .meta({
        description:
          'The summary scores against the MITI thresholds, which are MI norms: given as reference points for MI, supportive and peer-support sessions only, absent for CBT, psychiatric and crisis work',
      }),
  })
  .meta({ id: 'SupervisionProcess' });
export type SupervisionProcess = z.infer<typeof SupervisionProcessSchema>;

const DimensionSummarySchema = z.object({
  score: z.number().min(0).max(100).nullable(),
  abstained: z.boolean(),
  band: SupervisionBandSchema.nullable().meta({ description: 'strong ≥ 75, adequate ≥ 60, mixed ≥ 50, weak below; null when not scored' }),
});

/**
 * A pattern the alliance engine flagged, named by the behaviour seen, never as a label about a person
 * (the engine's `low_therapist_engagement`, once `therapist_burnout`, is `therapist_attention_lapses` here).
 */
export const SupervisionPatternSchema = z.enum([
  'client_discord',
  'client_withdrawal',
  'technique_before_feeling',
  'misunderstanding',
  'cultural_content_unexplored',
  'low_client_engagement',
  'therapist_attention_lapses',
  'rupture',
]);
export type SupervisionPattern = z.infer<typeof SupervisionPatternSchema>;

export const SupervisionAllianceSchema = z
  .object({
    overall: z.object({
      score: z.number().min(0).max(100).nullable(),
      abstained: z.boolean(),
      abstentionReason: z.string().optional(),
      band: SupervisionBandSchema.nullable()
        .optional()
        .meta({ description: 'The band of `score`; null when not scored; absent on reports written before bands' }),
    }),
    dimensions: z.object(
      Object.fromEntries(SUPERVISION_DIMENSIONS.map((d) => [d, DimensionSummarySchema])) as Record<
        (typeof SUPERVISION_DIMENSIONS)[number],
        typeof DimensionSummarySchema
      >,
    ),
    goalAgreement: DimensionSummarySchema.optional().meta({
      description: "Goal Agreement (Bordin's goals and tasks, WAI-SR): a sub-score beside the five dimensions, when the analysis carried one",
    }),
    patterns: z
      .array(
        z.object({
          pattern: SupervisionPatternSchema,
          severity: z.enum(['low', 'medium', 'high']),
          description: z.string().min(1).meta({ description: 'What was counted, in behaviour words; no transcript text' }),
          evidence: z.array(TurnIdSchema),
        }),
      )
      .meta({ description: "The alliance engine's challenge flags, as observable behaviour" }),
    ruptures: z.object({
      total: z.number().int().nonnegative(),
      repaired: z.number().int().nonnegative(),
    }),
    summary: z
      .array(NoteSentenceSchema)
      .meta({ description: 'The alliance in a few cited sentences (what the progress note used to carry as its alliance summary)' }),
  })
  .meta({ id: 'SupervisionAlliance' });
export type SupervisionAlliance = z.infer<typeof SupervisionAllianceSchema>;

/** Where a moment belongs: the report leads with safety, then the relationship, then technique. */
export const SupervisionDomainSchema = z.enum(['safety', 'relationship', 'technique']);
export type SupervisionDomain = z.infer<typeof SupervisionDomainSchema>;

export const MomentKindSchema = z.enum(['risk_follow_up', 'rupture', 'missed_follow_up', 'strength', 'technique']).meta({
  description:
    '`risk_follow_up`: a disclosure whose assessment left items unasked; `rupture`: a confrontation or withdrawal and how it was met; ' +
    '`missed_follow_up`: something the client brought that the next turns did not take up; `technique`: a counted behaviour against its MITI threshold; ' +
    '`strength`: something done well, named so it is kept',
});
export type MomentKind = z.infer<typeof MomentKindSchema>;

/** How much a moment matters for supervision; `none` for a strength. */
export const MomentSeveritySchema = z.enum(['high', 'medium', 'low', 'none']);
export type MomentSeverity = z.infer<typeof MomentSeveritySchema>;

const RuptureDetailSchema = z.object({
  kind: z.enum(['confrontation', 'withdrawal']),
  marker: z.string().meta({ description: 'The marker heard: `challenges_helpfulness`, `minimal_answers`, `topic_shift`, …' }),
  target: z
    .enum(['therapist', 'therapy', 'task'])
    .optional()
    .meta({ description: 'What a confrontation was aimed at (3RS): the therapist, the therapy or the task; absent when it could not be told' }),
  repaired: z.boolean(),
  repairTurnId: TurnIdSchema.optional(),
  repairKind: z
    .enum(['owning', 'apologising', 'reflecting', 'inviting_feedback', 'changing_course'])
    .optional()
    .meta({ description: 'The repair move (3RS resolution strategies), when repaired' }),
  nextTherapistTurnId: TurnIdSchema.optional().meta({ description: "The therapist's first response after the marker, when there was one" }),
});

const RiskDetailSchema = z.object({
  domain: RiskEpisodeSchema.shape.domain,
  status: RiskEpisodeSchema.shape.assessment.shape.status,
  asked: z.array(AssessmentItemSchema).meta({ description: 'Assessment items asked (C-SSRS and safety-plan items)' }),
  notAsked: z.array(AssessmentItemSchema).meta({ description: 'Assessment items the screener would ask that were not heard' }),
});

/**
 * One moment a supervisor would stop the recording at: the turn, what happened, why it matters and one
 * response written for that moment. Every moment cites the turns it is about (`evidence`, the first being
 * `turnId`), and says nothing a transcript said.
 */
export const SupervisionMomentSchema = z
  .object({
    domain: SupervisionDomainSchema,
    kind: MomentKindSchema,
    severity: MomentSeveritySchema,
    title: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The moment in a few words with its turn, as the summary names it; absent on reports written before titles' }),
    turnId: TurnIdSchema.meta({ description: 'The turn the moment is about (the disclosure, the rupture marker, the run of questions)' }),
    evidence: z.array(TurnIdSchema).min(1).meta({ description: 'Every turn the moment cites, `turnId` first' }),
    what: z.string().min(1).meta({ description: 'What happened, as observable behaviour (no transcript text, no label about the person)' }),
    whyItMatters: z.string().min(1),
    alternative: z.string().min(1).nullable().meta({
      description:
        'One response written for that moment, from what it holds (the marker and its target, the feeling or topic the client raised as a category word, what the therapist did next, the modality); may suggest therapist wording, never quotes the client; null for a strength',
    }),
    rupture: RuptureDetailSchema.optional().meta({ description: 'For `rupture` moments' }),
    risk: RiskDetailSchema.optional().meta({ description: 'For `risk_follow_up` moments and safety strengths' }),
  })
  .superRefine((m, ctx) => {
    if (m.evidence[0] !== m.turnId) ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'a moment cites its own turn first' });
    if ((m.kind === 'strength') !== (m.severity === 'none')) {
      ctx.addIssue({ code: 'custom', path: ['severity'], message: 'a strength has severity "none", and only a strength has' });
    }
    if (m.kind === 'strength' && m.alternative !== null) ctx.addIssue({ code: 'custom', path: ['alternative'], message: 'a strength needs no alternative' });
    if (m.kind === 'rupture' && m.rupture === undefined) ctx.addIssue({ code: 'custom', path: ['rupture'], message: 'a rupture moment says how it was met' });
    if (m.kind === 'risk_follow_up' && m.risk === undefined)
      ctx.addIssue({ code: 'custom', path: ['risk'], message: 'a risk follow-up names what was and was not asked' });
  })
  .meta({ id: 'SupervisionMoment' });
export type SupervisionMoment = z.infer<typeof SupervisionMomentSchema>;

const DOMAIN_ORDER: Record<SupervisionDomain, number> = { safety: 0, relationship: 1, technique: 2 };

export const SupervisionReportSchema = z
  .object({
    version: z.literal(1).meta({ description: 'The report format; a change that breaks readers adds one' }),
    status: z.literal('draft').meta({ description: 'Always `draft`: the engine writes it, a supervisor reads it with the therapist' }),
    turns: z.number().int().nonnegative().meta({ description: 'Turns in the session the report was written from' }),
    summary: z.array(NoteSentenceSchema).min(1).max(4).optional().meta({
      description:
        "For the supervisor, at the top: the alliance's band and what it means, read against the session's modality; the first thing to discuss (safety first); one strength. Each sentence cites its turns. Absent on reports written before summaries",
    }),
    modality: z
      .object({ kind: SupervisionModalitySchema, confidence: z.number().min(0).max(1) })
      .optional()
      .meta({ description: 'The kind of work the session was read as, whose norms the technique moments follow; absent when the analysis carried none' }),
    process: SupervisionProcessSchema,
    alliance: SupervisionAllianceSchema,
    moments: z
      .array(SupervisionMomentSchema)
      .meta({ description: 'Safety first, then the relationship, then technique; within each, the most serious first and strengths last' }),
    provenance: ProvenanceSchema,
  })
  .superRefine((report, ctx) => {
    for (let i = 1; i < report.moments.length; i++) {
      if (DOMAIN_ORDER[report.moments[i]!.domain] < DOMAIN_ORDER[report.moments[i - 1]!.domain]) {
        ctx.addIssue({ code: 'custom', path: ['moments', i], message: 'moments are ordered safety, relationship, technique' });
        return;
      }
    }
  })
  .meta({ id: 'SupervisionReport' });
export type SupervisionReport = z.infer<typeof SupervisionReportSchema>;
