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

/**
 * The most one session's transcript may hold: more is refused when it is read for a session (POST /sessions with
 * a pasted transcript answers 413; an uploaded file fails the session with the reason), so that one transcript
 * cannot hold the analysis for everyone else. Why these numbers: a three-hour session, the longest a clinic
 * books, is under about 6,000 turns (quick exchanges run at about 30 turns a minute) and under about 1 MB of text
 * (two people speaking 150-160 words a minute for three hours is about 30,000 words, some 170,000 characters).
 * The limits leave room for any real session, chats included, while the analysis of one that fits takes seconds.
 */
export const MAX_TRANSCRIPT_TURNS = 10_000;
/** The most characters of speech (the turns' text, without labels or timings) one session's transcript may hold. */
export const MAX_TRANSCRIPT_CHARACTERS = 2_000_000;

/**
 * `GET /sessions/{id}?include=transcript` answers the transcript a page of turns at a time: this many by default
 * (an hour's session in one page), at most {@link TRANSCRIPT_PAGE_MAX_TURNS}, and a page stops early once its
 * turns hold {@link TRANSCRIPT_PAGE_CHARACTERS} characters, so an answer stays far below API Gateway's and
 * Lambda's 6 MB response limit whatever the turns hold.
 */
export const TRANSCRIPT_PAGE_TURNS = 500;
export const TRANSCRIPT_PAGE_MAX_TURNS = 2_000;
export const TRANSCRIPT_PAGE_CHARACTERS = 1_000_000;

/** One page of a transcript's turns: the transcript as stored, with `turns` cut to the page and where the page is. */
export const TranscriptPageSchema = TranscriptSchema.extend({
  page: z.object({
    turnsFrom: z.number().int().nonnegative().meta({ description: 'Index of the page’s first turn (0 is the first turn, t0001)' }),
    turns: z.number().int().nonnegative().meta({ description: 'How many turns this page holds' }),
    totalTurns: z.number().int().nonnegative().meta({ description: 'How many turns the whole transcript holds' }),
    next: z.string().optional().meta({ description: 'The path of the next page (GET it with the same token); absent on the last page' }),
  }),
});
export type TranscriptPage = z.infer<typeof TranscriptPageSchema>;
