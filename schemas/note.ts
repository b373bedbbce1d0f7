import { z } from 'zod';
import { ProvenanceSchema } from './provenance.js';
import { RiskCategorySchema, RiskLevelSchema } from './risk.js';
import { RoleSchema, TurnIdSchema } from './transcript.js';

/** SOAP, DAP, BIRP and GIRP progress notes, and a short narrative summary. */
export const NoteFormatSchema = z.enum(['soap', 'dap', 'birp', 'girp', 'narrative']);
export type NoteFormat = z.infer<typeof NoteFormatSchema>;

/**
 * The sections of each format, in order: the one source of the section names. Exhaustive over the formats,
 * and literal, so a map keyed by `NoteSectionName<F>` (the local writers, the model's guidance) does not
 * compile until it covers every section of every format.
 */
export const NOTE_SECTIONS = {
  soap: ['Subjective', 'Objective', 'Assessment', 'Plan'],
  dap: ['Data', 'Assessment', 'Plan'],
  birp: ['Behavior', 'Intervention', 'Response', 'Plan'],
  girp: ['Goals', 'Intervention', 'Response', 'Plan'],
  narrative: ['Summary'],
} as const satisfies Record<NoteFormat, readonly [string, ...string[]]>;

/** The name of one of a format's sections (`NoteSectionName<'soap'>` is `'Subjective' | 'Objective' | …`). */
export type NoteSectionName<F extends NoteFormat = NoteFormat> = (typeof NOTE_SECTIONS)[F][number];

/** Each format's name as a reader sees it, in titles and document labels. */
export const NOTE_FORMAT_TITLES: Record<NoteFormat, string> = {
  soap: 'SOAP',
  dap: 'DAP',
  birp: 'BIRP',
  girp: 'GIRP',
  narrative: 'Narrative',
};

/**
 * One sentence of the note. A **finding** states what the session shows and cites the turns it came from
 * (every id exists in the session's transcript); a **documentation gap** says the transcript holds nothing
 * on a topic ("Homework: none identified in the transcript.") and cites nothing, because no turn shows an
 * absence. Notes stored before gaps existed carry no `kind` and are findings.
 */
export const NoteSentenceSchema = z
  .object({
    text: z.string().min(1),
    kind: z
      .enum(['finding', 'gap'])
      .default('finding')
      .meta({ description: '`finding`: cites at least one turn in `evidence`. `gap`: the transcript holds nothing on the topic; `evidence` is empty' }),
    evidence: z.array(TurnIdSchema),
  })
  .superRefine(({ kind, evidence }, ctx) => {
    if (kind === 'finding' && evidence.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['evidence'],
        message: 'a finding must cite at least one turn; a sentence about something not found is kind "gap"',
      });
    }
    if (kind === 'gap' && evidence.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'a documentation gap cites no turn; a sentence that cites turns is kind "finding"' });
    }
  });
export type NoteSentence = z.infer<typeof NoteSentenceSchema>;

export const NoteSectionSchema = z.object({
  name: z.string().min(1),
  sentences: z.array(NoteSentenceSchema),
  /** The clinic's heading for the section (docs/templates.md); `name` stays the format's, which exports map to codes. */
  heading: z.string().min(1).optional().meta({ description: "The clinic's display heading; `name` stays the format's section name" }),
});
export type NoteSection = z.infer<typeof NoteSectionSchema>;

/**
 * Any mention of self-harm, suicidal ideation or harm to others. Always surfaced, never dropped, and
 * always for clinician review: the engine reports what was said, the clinician judges the risk.
 */
export const RiskStatementSchema = z.object({
  /** The most serious category of the disclosure (RiskCategory); `suicidal_ideation` and `self_harm` appear only in notes written before the risk module. */
  type: z.enum([...RiskCategorySchema.options, 'suicidal_ideation', 'self_harm']),
  /** A clinical sentence in the third person ("Client described passive suicidal ideation …"). */
  text: z.string().min(1),
  evidence: z.array(TurnIdSchema).min(1),
  /** True only when the cited questions cover what the C-SSRS screener asks for this kind of risk. */
  assessedInSession: z.boolean(),
  requiresClinicianReview: z.literal(true),
  /** Triage level, when the risk module wrote it. */
  level: RiskLevelSchema.optional(),
  /** Not fully assessed: the Plan carries "risk follow-up required". */
  followUpRequired: z.boolean().optional(),
});
export type RiskStatement = z.infer<typeof RiskStatementSchema>;

export const SessionFactsSchema = z.object({
  /** YYYY-MM-DD when known. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  /** Minutes, from the transcript's timing when it has any. */
  durationMinutes: z.number().nonnegative().nullable(),
  participants: z.array(z.object({ role: RoleSchema, label: z.string() })),
  turns: z.number().int().nonnegative(),
});
export type SessionFacts = z.infer<typeof SessionFactsSchema>;

/** Why no note could be written: a stable code and a sentence for the clinician, never transcript text. */
export const NoteUnavailableReasonSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/),
  message: z.string().min(1),
});
export type NoteUnavailableReason = z.infer<typeof NoteUnavailableReasonSchema>;

export const ProgressNoteSchema = z
  .object({
    format: NoteFormatSchema,
    /**
     * A note is a draft until a clinician signs it. `unavailable`: the engine could not write one; the
     * session still has its scores and risk statements, and a clinician writes the note by editing it.
     */
    status: z.enum(['draft', 'final', 'unavailable']),
    /** Present exactly when `status` is `unavailable`. */
    unavailableReason: NoteUnavailableReasonSchema.optional().meta({
      description: 'Why no note was written (a code and a message, never session text); present exactly when `status` is `unavailable`',
    }),
    sessionFacts: SessionFactsSchema,
    /** The format's sections; empty only in an unavailable note. */
    sections: z.array(NoteSectionSchema).meta({ description: "The format's sections, in order; empty only when `status` is `unavailable`" }),
    riskStatements: z.array(RiskStatementSchema),
    /** True when any risk statement exists: the note must not be signed unread. */
    reviewRequired: z.boolean(),
    homework: z.array(NoteSentenceSchema),
    planForNextSession: z.array(NoteSentenceSchema),
    /** The alliance engine's findings in clinician language. */
    allianceSummary: z.array(NoteSentenceSchema),
    provenance: ProvenanceSchema.extend({
      /**
       * Evidence the model cited that did not exist or was not verbatim, and sentences left with none,
       * dropped before the note was kept; for the local engine, findings it could not cite (always 0 unless a defect).
       */
      droppedEvidence: z.number().int().nonnegative().default(0),
    }),
    /**
     * Lines the clinic's template requires (docs/templates.md). Each is written into its section as a
     * gap for the clinician; the note cannot be signed until each section has a sentence "<label>: …"
     * that is not that gap.
     */
    requiredLines: z
      .array(z.object({ id: z.string().min(1), section: z.string().min(1), label: z.string().min(1), prompt: z.string().min(1).optional() }))
      .optional()
      .meta({ description: 'Lines the clinic requires before signing; each section must have a sentence "<label>: …" written by the clinician' }),
  })
  .superRefine((note, ctx) => {
    const unavailable = note.status === 'unavailable';
    if (unavailable && note.unavailableReason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['unavailableReason'], message: 'an unavailable note says why in unavailableReason' });
    }
    if (!unavailable && note.unavailableReason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['unavailableReason'], message: `a ${note.status} note has no unavailableReason` });
    }
    if (!unavailable && note.sections.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'a written note has at least one section' });
    }
  });
export type ProgressNote = z.infer<typeof ProgressNoteSchema>;

export const NoteSignatureSchema = z
  .object({
    version: z.number().int().positive(),
    signedBy: z.string(),
    signedAt: z.iso.datetime({ offset: true }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: 'SHA-256 of the signed note (canonical JSON)' }),
    attestation: z.string().optional(),
  })
  .meta({ id: 'NoteSignature' });

/** One version of a session's note: the current one, or a signed one an edit superseded. */
export const NoteVersionSchema = z
  .object({
    version: z.number().int().positive(),
    note: ProgressNoteSchema,
    editedBy: z.string().optional(),
    editedAt: z.iso.datetime({ offset: true }).optional(),
    signature: NoteSignatureSchema.optional(),
  })
  .meta({ id: 'NoteVersion' });
export type NoteSignature = z.infer<typeof NoteSignatureSchema>;
export type NoteVersion = z.infer<typeof NoteVersionSchema>;

/**
 * The most a session's record may measure, as UTF-8 JSON, once a note edit is written. The record is one
 * DynamoDB item, and DynamoDB refuses an item over 400 KB; the note, and every signed version it keeps
 * whole, is most of it. 50 KB of the 400 are left for what the JSON does not show: the item's key and
 * index attributes (pk, sk, gsi1pk, gsi1sk, reviewQueue; a few hundred bytes) and DynamoDB's per-attribute
 * overhead (JSON's quotes and commas already count more than DynamoDB does for names, strings and maps).
 * The same 350 KB the session repository checks before it writes a record.
 */
export const MAX_NOTE_RECORD_BYTES = 350 * 1024;
