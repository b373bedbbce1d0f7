/**
 * The two answers a model gives, as zod contracts, and the checks that run before any of it is kept:
 * the answer is one JSON object of the documented shape, every cited turn exists, and every quote is
 * verbatim text of the turn it cites. What fails a check is dropped and counted, never repaired.
 */
import { z } from 'zod';
import { ChallengeFlagSchema, DimensionNameSchema, FlagTypeSchema, type DimensionName, type Evidence } from '../../../schemas/alliance.js';
import { NOTE_SECTIONS, type NoteFormat, type NoteSentence } from '../../../schemas/note.js';
import { RiskCategorySchema } from '../../../schemas/risk.js';
import type { Transcript, Turn } from '../../../schemas/transcript.js';
import { AttuneError } from '../errors.js';
import { unescapeData } from './transcript-data.js';

/** The model's answer is not one JSON object of the asked-for shape (or nothing in it survived the checks). */
export class MalformedAnswerError extends AttuneError {
  constructor(message: string) {
    super(message, 'model_malformed_answer');
  }
}

// ---- shapes ----

// Turn ids are plain strings here, not TurnIdSchema: a made-up id is dropped and counted by the
// verifier, not a reason to throw away (and pay again for) the whole answer.
const ModelSentenceSchema = z.object({ text: z.string().trim().min(1), evidence: z.array(z.string()) });
const ModelEvidenceSchema = z.object({ turnId: z.string(), quote: z.string() });

export function noteAnswerSchema(format: NoteFormat) {
  const expected = NOTE_SECTIONS[format];
  return z.object({
    sections: z
      .array(z.object({ name: z.string(), sentences: z.array(ModelSentenceSchema) }))
      .refine(
        (sections) => sections.length === expected.length && sections.every((s, i) => s.name.trim().toLowerCase() === expected[i]?.toLowerCase()),
        `sections must be exactly ${expected.join(', ')}, in that order`,
      ),
    riskStatements: z.array(
      z.object({ type: RiskCategorySchema, text: z.string().trim().min(1), evidence: z.array(z.string()), assessedInSession: z.boolean() }),
    ),
    homework: z.array(ModelSentenceSchema).default([]),
    planForNextSession: z.array(ModelSentenceSchema).default([]),
    allianceSummary: z.array(ModelSentenceSchema).default([]),
  });
}
export type NoteAnswer = z.infer<ReturnType<typeof noteAnswerSchema>>;

const ModelDimensionSchema = z.object({
  score: z.number().min(0).max(100),
  rationale: z.string().trim().min(1),
  evidence: z.array(ModelEvidenceSchema),
});

export const AllianceAnswerSchema = z.object({
  dimensions: z.object(
    Object.fromEntries(DimensionNameSchema.options.map((d) => [d, ModelDimensionSchema])) as Record<DimensionName, typeof ModelDimensionSchema>,
  ),
  flags: z.array(
    z.object({
      type: FlagTypeSchema,
      severity: ChallengeFlagSchema.shape.severity,
      rationale: z.string().trim().min(1),
      evidence: z.array(ModelEvidenceSchema),
      suggestion: z.string().trim().min(1),
    }),
  ),
});
export type AllianceAnswer = z.infer<typeof AllianceAnswerSchema>;

// ---- parsing ----

const FENCED = /^```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i;

/** A bare JSON object, or one inside a ```json fence; anything else (prose around it, an array) is refused. */
export function parseModelJson(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  const body = (FENCED.exec(trimmed)?.[1] ?? trimmed).trim();
  if (!body.startsWith('{') || !body.endsWith('}')) {
    throw new MalformedAnswerError(
      body.length === 0 ? 'the model gave an empty answer' : 'the answer was not a single JSON object (text outside it, or cut off)',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedAnswerError('the answer was not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedAnswerError('the answer was not a JSON object');
  return value as Record<string, unknown>;
}

/** Zod's verdict as paths and messages: it names fields, never values, so it carries no transcript text. */
export function parseAnswer<T>(schema: z.ZodType<T>, text: string): T {
  const result = schema.safeParse(parseModelJson(text));
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new MalformedAnswerError(`the JSON did not have the asked-for shape (${problems.join('; ')})`);
}

// ---- verification ----

const CURLY_SINGLE = /[\u2018\u2019\u201B]/g;
const CURLY_DOUBLE = /[\u201C\u201D]/g;

/**
 * The turn's own text for `quote`, compared with runs of whitespace as one space and curly quotes as
 * straight ones (models straighten them); null when the quote is not in the turn.
 */
export function findVerbatim(turnText: string, quote: string): string | null {
  const wanted = unescapeData(quote).replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, '"').replace(/\s+/g, ' ').trim();
  if (wanted.length === 0) return null;
  // Collapse the turn's whitespace the same way, remembering where each kept character came from.
  let flat = '';
  const origin: number[] = [];
  for (let i = 0; i < turnText.length; i++) {
    const ch = turnText[i]!;
    if (/\s/.test(ch)) {
      if (flat.length === 0 || flat.endsWith(' ')) continue;
      flat += ' ';
    } else {
      flat += ch.replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, '"');
    }
    origin.push(i);
  }
  const at = flat.indexOf(wanted);
  if (at < 0) return null;
  return turnText.slice(origin[at], origin[at + wanted.length - 1]! + 1);
}

export interface VerifiedEvidence {
  evidence: Evidence[];
  dropped: number;
}

/** Keeps the quotes that are verbatim text of an existing turn, as the turn spells them; counts the rest. */
export function verifyEvidence(items: { turnId: string; quote: string }[], turns: ReadonlyMap<string, Turn>): VerifiedEvidence {
  const evidence: Evidence[] = [];
  let dropped = 0;
  for (const item of items) {
    const turn = turns.get(item.turnId);
    const quote = turn ? findVerbatim(turn.text, item.quote) : null;
    if (turn && quote !== null) evidence.push({ turnId: turn.id, quote });
    else dropped++;
  }
  return { evidence, dropped };
}

/** Keeps the cited ids that exist (each once); counts the rest. */
export function verifyCitations(ids: string[], turns: ReadonlyMap<string, Turn>): { ids: string[]; dropped: number } {
  const kept = [...new Set(ids.filter((id) => turns.has(id)))];
  return { ids: kept, dropped: ids.filter((id) => !turns.has(id)).length };
}

export function turnsById(transcript: Transcript): Map<string, Turn> {
  return new Map(transcript.turns.map((t) => [t.id, t]));
}

/** What verification removed from one answer. */
export interface DroppedCounts {
  /** Citations of turns that do not exist, and quotes that are not verbatim text of their turn. */
  evidence: number;
  /** Note sentences and flags left with no evidence at all. */
  items: number;
}

export const total = (d: DroppedCounts): number => d.evidence + d.items;

function verifySentences(sentences: { text: string; evidence: string[] }[], turns: ReadonlyMap<string, Turn>, dropped: DroppedCounts): NoteSentence[] {
  const kept: NoteSentence[] = [];
  for (const s of sentences) {
    const cited = verifyCitations(s.evidence, turns);
    dropped.evidence += cited.dropped;
    if (cited.ids.length === 0) dropped.items++;
    else kept.push({ text: s.text, kind: 'finding', evidence: cited.ids });
  }
  return kept;
}

export interface VerifiedNote {
  sections: { name: string; sentences: NoteSentence[] }[];
  riskStatements: (Omit<NoteSentence, 'kind'> & { type: NoteAnswer['riskStatements'][number]['type']; assessedInSession: boolean })[];
  homework: NoteSentence[];
  planForNextSession: NoteSentence[];
  allianceSummary: NoteSentence[];
  dropped: DroppedCounts;
}

/** Section names come back as NOTE_SECTIONS spells them, whatever case the model used. */
export function verifyNoteAnswer(answer: NoteAnswer, format: NoteFormat, transcript: Transcript): VerifiedNote {
  const turns = turnsById(transcript);
  const dropped: DroppedCounts = { evidence: 0, items: 0 };
  const sections = answer.sections.map((s, i) => ({ name: NOTE_SECTIONS[format][i] ?? s.name, sentences: verifySentences(s.sentences, turns, dropped) }));
  const riskStatements = answer.riskStatements.flatMap((r) =>
    verifySentences([r], turns, dropped).map((s) => ({ ...s, type: r.type, assessedInSession: r.assessedInSession })),
  );
  return {
    sections,
    riskStatements,
    homework: verifySentences(answer.homework, turns, dropped),
    planForNextSession: verifySentences(answer.planForNextSession, turns, dropped),
    allianceSummary: verifySentences(answer.allianceSummary, turns, dropped),
    dropped,
  };
}

export interface VerifiedAlliance {
  dimensions: Record<z.infer<typeof DimensionNameSchema>, { score: number; rationale: string; evidence: Evidence[] }>;
  flags: (Omit<AllianceAnswer['flags'][number], 'evidence'> & { evidence: Evidence[] })[];
  dropped: DroppedCounts;
}

/** A flag is only raised on evidence: one whose every quote failed is dropped. Repeated flag types keep the first. */
export function verifyAllianceAnswer(answer: AllianceAnswer, transcript: Transcript): VerifiedAlliance {
  const turns = turnsById(transcript);
  const dropped: DroppedCounts = { evidence: 0, items: 0 };
  const dimensions = Object.fromEntries(
    DimensionNameSchema.options.map((d) => {
      const verified = verifyEvidence(answer.dimensions[d].evidence, turns);
      dropped.evidence += verified.dropped;
      return [d, { ...answer.dimensions[d], evidence: verified.evidence }];
    }),
  ) as VerifiedAlliance['dimensions'];
  const flags: VerifiedAlliance['flags'] = [];
  for (const flag of answer.flags) {
    const verified = verifyEvidence(flag.evidence, turns);
    dropped.evidence += verified.dropped;
    if (verified.evidence.length === 0) dropped.items++;
    else if (!flags.some((f) => f.type === flag.type)) flags.push({ ...flag, evidence: verified.evidence });
  }
  return { dimensions, flags, dropped };
}

// ---- rationales carry no transcript text ----

const QUOTE_WINDOW = 6;

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(CURLY_SINGLE, "'")
      .match(/[a-z0-9']+/g) ?? []
  );
}

/**
 * Whether `text` repeats six or more consecutive words of any turn. Rationales and flag descriptions are
 * stored and shown apart from the evidence, so they must describe, not quote (README: Privacy).
 */
export function makeQuoteDetector(transcript: Transcript): (text: string) => boolean {
  const windows = new Set<string>();
  for (const turn of transcript.turns) {
    const w = words(turn.text);
    for (let i = 0; i + QUOTE_WINDOW <= w.length; i++) windows.add(w.slice(i, i + QUOTE_WINDOW).join(' '));
  }
  return (text) => {
    const w = words(text);
    for (let i = 0; i + QUOTE_WINDOW <= w.length; i++) if (windows.has(w.slice(i, i + QUOTE_WINDOW).join(' '))) return true;
    return false;
  };
}
