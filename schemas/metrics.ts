import { z } from 'zod';

const RoleTalkSchema = z.object({
  words: z.number().int().nonnegative(),
  /** Share of all words spoken (0-1). */
  wordShare: z.number().min(0).max(1),
  /** Seconds spoken and their share, when the transcript is timed. */
  seconds: z.number().nonnegative().optional(),
  secondsShare: z.number().min(0).max(1).optional(),
  turns: z.number().int().nonnegative(),
  meanTurnWords: z.number().nonnegative(),
  longestTurnWords: z.number().int().nonnegative(),
});

/**
 * Session metrics are counted by code, never estimated by a model. The behaviour codes follow the
 * MITI 4.2 therapist codes (questions, simple/complex reflections, affirmation, advice with/without
 * permission, confrontation) and MISC client language (change talk vs sustain talk).
 */
export const SessionMetricsSchema = z.object({
  turns: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
  talk: z.object({ therapist: RoleTalkSchema, client: RoleTalkSchema }),
  therapist: z.object({
    questions: z.object({ open: z.number().int(), closed: z.number().int() }),
    reflections: z.object({ simple: z.number().int(), complex: z.number().int() }),
    affirmations: z.number().int(),
    advice: z.object({ withPermission: z.number().int(), withoutPermission: z.number().int() }),
    information: z.number().int(),
    confrontations: z.number().int(),
    /** MITI summary scores: reflections per question, % complex reflections, % open questions. */
    reflectionToQuestionRatio: z.number().nonnegative().nullable(),
    percentComplexReflections: z.number().min(0).max(1).nullable(),
    percentOpenQuestions: z.number().min(0).max(1).nullable(),
  }),
  client: z.object({
    changeTalk: z.number().int(),
    sustainTalk: z.number().int(),
    /** Change talk / (change + sustain); null when the client voiced neither. */
    percentChangeTalk: z.number().min(0).max(1).nullable(),
  }),
  timing: z
    .object({
      durationSeconds: z.number().nonnegative(),
      wordsPerMinute: z.number().nonnegative(),
      /** Gaps of 3 s or more between turns. */
      silences: z.number().int().nonnegative(),
      longestSilenceSeconds: z.number().nonnegative(),
      /** Turns that start before the previous speaker's turn ended. */
      overlaps: z.number().int().nonnegative(),
    })
    .optional(),
});
export type SessionMetrics = z.infer<typeof SessionMetricsSchema>;
