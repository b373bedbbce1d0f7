import { z } from 'zod';

/** Who spoke a turn. `unknown` when neither an explicit label nor inference could tell. */
export const RoleSchema = z.enum(['therapist', 'client', 'unknown']);
export type Role = z.infer<typeof RoleSchema>;

export const TranscriptFormatSchema = z.enum(['text', 'vtt', 'srt', 'transcribe-json']);
export type TranscriptFormat = z.infer<typeof TranscriptFormatSchema>;

/** Turn ids are `t0001`, `t0002`, … in order; evidence everywhere points at them. */
export const TurnIdSchema = z.string().regex(/^t\d{4,}$/, 'turn ids look like t0001');

export const TurnSchema = z.object({
  id: TurnIdSchema,
  role: RoleSchema,
  /** The speaker label exactly as the source gave it (`Dr. Patel`, `spk_0`, `ch_1`, `T`). */
  speaker: z.string().min(1),
  /** Seconds from the start of the recording, when the source is timed. */
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
  /** Mean ASR confidence of the turn's words (0-1), when the source is speech recognition. */
  confidence: z.number().min(0).max(1).optional(),
  text: z.string().min(1),
});
export type Turn = z.infer<typeof TurnSchema>;

export const RoleAssignmentSchema = z.object({
  /** `explicit`: labels named the roles (Therapist:, Client:); `inferred`: worked out from how each speaker talks. */
  method: z.enum(['explicit', 'inferred']),
  /** 0-1: how sure the assignment is. Explicit labels are 1. */
  confidence: z.number().min(0).max(1),
  /** Raw speaker label → role. */
  speakers: z.record(z.string(), RoleSchema),
  /** Why the assignment was made, in plain words (no transcript text). */
  basis: z.string(),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

export const TranscriptSchema = z.object({
  format: TranscriptFormatSchema,
  turns: z.array(TurnSchema).min(1),
  roleAssignment: RoleAssignmentSchema,
  /** True when every turn has start and end seconds. */
  timed: z.boolean(),
  /** Things a reader should know about the input (merged cues, dropped empty lines, guessed roles). */
  warnings: z.array(z.string()),
});
export type Transcript = z.infer<typeof TranscriptSchema>;
