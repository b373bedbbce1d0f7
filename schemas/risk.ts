import { z } from 'zod';
import { TurnIdSchema } from './transcript.js';

/**
 * Risk found in a session, after the Columbia Suicide Severity Rating Scale (C-SSRS) for suicide and the
 * common mandated-reporting duties for the rest. The detector reports what was said and what the therapist
 * asked; the clinician judges. A finding is never dropped: when the detector is unsure it reports.
 */
export const RiskCategorySchema = z
  .enum([
    /** C-SSRS 1: wish to be dead, to not wake up, to disappear; "better off without me". */
    'passive_ideation',
    /** C-SSRS 2: non-specific active thoughts of killing oneself. */
    'active_ideation',
    /** C-SSRS 3: thoughts of how (a method), without intent or a plan. */
    'suicidal_method',
    /** C-SSRS 4: some intent to act. */
    'suicidal_intent',
    /** C-SSRS 5: a worked-out plan (when, where, how). */
    'suicidal_plan',
    /** Preparatory behaviour: collecting pills, buying a means, goodbye letters, giving things away, researching methods. */
    'preparatory_behavior',
    /** Actual, interrupted or aborted attempts, recent or lifetime. */
    'suicide_attempt',
    /** Non-suicidal self-injury: cutting, burning, hitting oneself. */
    'self_injury',
    /** Threats, homicidal ideation, intent toward an identifiable person (duty-to-warn questions). */
    'harm_to_others',
    /** Firearms in the home, stockpiled medication, access to the method mentioned. */
    'access_to_means',
    /** Abuse or neglect of a child (mandated reporting). */
    'child_abuse_neglect',
    /** Abuse or neglect of an elder or a dependent adult (mandated reporting). */
    'elder_dependent_abuse',
    /** Intimate-partner violence: hitting, strangulation, threats to kill, escalation. */
    'intimate_partner_violence',
    /** Purging, severe restriction, laxative misuse. */
    'eating_disorder_behavior',
    /** Overdose, intoxicated driving, mixing depressants, dangerous withdrawal. */
    'dangerous_substance_use',
    /** Voices telling the client to harm themselves or others. */
    'command_hallucinations',
    /** A warning sign, not ideation: hopelessness, "can't go on", feeling trapped. */
    'hopelessness',
  ])
  .meta({ id: 'RiskCategory' });
export type RiskCategory = z.infer<typeof RiskCategorySchema>;

/** Triage level: `high` needs same-day attention, `moderate` follow-up this session, `low` a warning sign to note. */
export const RiskLevelSchema = z.enum(['low', 'moderate', 'high']).meta({ id: 'RiskLevel' });
/** A risk level, or `none` when nothing was found (the summary's highest level; the review queue's position). */
export const RiskLevelOrNoneSchema = z.enum(['none', ...RiskLevelSchema.options]);
export type RiskLevelOrNone = z.infer<typeof RiskLevelOrNoneSchema>;
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

/** When it happened or was felt: `current` now or ongoing, `recent` within about the last three months, `past` earlier. */
export const RiskRecencySchema = z.enum(['current', 'recent', 'past', 'unspecified']);
export type RiskRecency = z.infer<typeof RiskRecencySchema>;

/** One disclosure in one client turn. */
export const RiskFindingSchema = z
  .object({
    category: RiskCategorySchema,
    level: RiskLevelSchema,
    /** The C-SSRS ideation level (1 wish to be dead … 5 intent with a plan) for suicidal ideation; null otherwise. */
    cssrsLevel: z.number().int().min(1).max(5).nullable(),
    recency: RiskRecencySchema,
    turnId: TurnIdSchema,
    /** Verbatim text of that turn. */
    quote: z.string().min(1),
    /** True when the wording was unclear (a hedge, an idiom that may be literal, an unrecognised speaker). */
    uncertain: z.boolean(),
  })
  .meta({ id: 'RiskFinding' });
export type RiskFinding = z.infer<typeof RiskFindingSchema>;

/** A denial by the client ("I've never thought about killing myself"): documented, not a risk. */
export const RiskDenialSchema = z
  .object({
    category: RiskCategorySchema,
    turnId: TurnIdSchema,
    quote: z.string().min(1),
    /** The therapist question it answered, when there was one: a denial is documented only when asked. */
    inResponseTo: TurnIdSchema.nullable(),
  })
  .meta({ id: 'RiskDenial' });
export type RiskDenial = z.infer<typeof RiskDenialSchema>;

/** What a clinician asks about a disclosure (C-SSRS and the Stanley-Brown safety plan). */
export const AssessmentItemSchema = z.enum([
  'thoughts',
  'method',
  'intent',
  'plan',
  'behavior',
  'history',
  'means',
  'safety',
  'protective_factors',
  'safety_plan',
]);
export type AssessmentItem = z.infer<typeof AssessmentItemSchema>;

/** One assessment question the therapist asked about this risk, with the client's answer when there was one. */
export const AssessmentQuestionSchema = z.object({
  item: AssessmentItemSchema,
  turnId: TurnIdSchema,
  answerTurnId: TurnIdSchema.nullable(),
  /** The answer was a clear no. */
  denied: z.boolean(),
});
export type AssessmentQuestion = z.infer<typeof AssessmentQuestionSchema>;

/**
 * Findings of one kind close together in the session (one disclosure), with the assessment heard about it.
 * `assessment.status` is `assessed` only when the cited questions cover what the C-SSRS screener asks for
 * that kind of risk; `partial` when some were asked; `not_assessed` when none.
 */
export const RiskEpisodeSchema = z
  .object({
    /** The suicide categories form one episode; each other category is its own. */
    domain: z.enum(['suicide', 'self_injury', 'harm_to_others', 'abuse', 'other']),
    categories: z.array(RiskCategorySchema).min(1),
    level: RiskLevelSchema,
    cssrsLevel: z.number().int().min(1).max(5).nullable(),
    recency: RiskRecencySchema,
    /** Turn ids of the findings, in order. */
    turnIds: z.array(TurnIdSchema).min(1),
    assessment: z.object({
      status: z.enum(['assessed', 'partial', 'not_assessed']),
      asked: z.array(AssessmentQuestionSchema),
      /** The items the C-SSRS screener would ask that were not heard. */
      notAsked: z.array(AssessmentItemSchema),
    }),
    /** A clinician must follow this up: not fully assessed, or high. */
    followUpRequired: z.boolean(),
  })
  .meta({ id: 'RiskEpisode' });
export type RiskEpisode = z.infer<typeof RiskEpisodeSchema>;

/**
 * Safe to show anyone who may see scores (a supervisor, an event, a webhook): no text, only categories,
 * levels and whether it was assessed.
 */
export const RiskSummarySchema = z
  .object({
    reviewRequired: z.boolean(),
    highestLevel: RiskLevelOrNoneSchema,
    categories: z.array(RiskCategorySchema),
    /** The weakest assessment across the episodes; `not_applicable` when nothing was found. */
    assessment: z.enum(['not_applicable', 'not_assessed', 'partial', 'assessed']),
    findings: z.number().int().nonnegative(),
    denials: z.number().int().nonnegative(),
  })
  .meta({ id: 'RiskSummary' });
export type RiskSummary = z.infer<typeof RiskSummarySchema>;

/** Everything the detector found in one session. Holds verbatim quotes: it stays with the session's content. */
export const RiskReportSchema = z
  .object({
    summary: RiskSummarySchema,
    findings: z.array(RiskFindingSchema),
    denials: z.array(RiskDenialSchema),
    episodes: z.array(RiskEpisodeSchema),
    /** `local` for the detector alone, `merged` when a model's findings were added (a model never removes one). */
    source: z.enum(['local', 'merged']),
    detectorVersion: z.string(),
  })
  .meta({ id: 'RiskReport' });
export type RiskReport = z.infer<typeof RiskReportSchema>;
