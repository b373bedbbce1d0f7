/**
 * The model path: a progress note and an alliance rating from a language model, checked and bounded by
 * code, with the local engines as the fallback. Metrics are always counted by code; the model never
 * estimates them, and is given them as facts.
 */
import type { Alliance } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { ProgressNoteSchema, type NoteFormat, type ProgressNote } from '../../../schemas/note.js';
import type { Provenance } from '../../../schemas/provenance.js';
import { AllianceSchema } from '../../../schemas/alliance.js';
import type { Transcript } from '../../../schemas/transcript.js';
import type { LanguageModel, ModelRequest } from '../../ports/language-model.js';
import { analyzeTranscript, localProvenance, type SessionAnalysis } from '../alliance/engine.js';
import { findRiskStatements, NOTE_ENGINE_VERSION, writeProgressNote } from '../notes/index.js';
import { AllianceAnswerSchema, MalformedAnswerError, noteAnswerSchema, parseAnswer, total, verifyAllianceAnswer, verifyNoteAnswer } from './answers.js';
import { anchorAlliance, mergeRiskStatements } from './anchoring.js';
import { buildAllianceRequest, buildNoteRequest, PROMPT_VERSION, withCorrection } from './prompts.js';
import { DEFAULT_MAX_ATTEMPTS, withRetries, type RetryPolicy } from './retry.js';

export interface GenerateWithModelInput {
  model: LanguageModel;
  transcript: Transcript;
  format: NoteFormat;
  /** YYYY-MM-DD, when known. */
  sessionDate: string | null;
  createdAt: Date;
  /** @default setTimeout; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per answer (note and alliance each), including the first. @default 3 */
  maxAttempts?: number;
  /** @default Math.random */
  random?: () => number;
}

export type NoteProvenance = ProgressNote['provenance'];

export interface ModelGeneration {
  note: ProgressNote;
  alliance: Alliance;
  metrics: SessionMetrics;
  noteProvenance: NoteProvenance;
  allianceProvenance: Provenance;
  /** Citations, quotes, sentences and flags the checks removed from each answer (0 when the local engine answered). */
  droppedEvidence: { note: number; alliance: number };
}

export interface NoteGeneration {
  note: ProgressNote;
  droppedEvidence: number;
}

export interface AllianceGeneration {
  alliance: Alliance;
  provenance: Provenance;
  droppedEvidence: number;
}

/** One task's input; `analysis` is the local engine's, when the caller already has it. */
export type ModelTaskInput = GenerateWithModelInput & { analysis?: SessionAnalysis };

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function policyOf(input: GenerateWithModelInput): RetryPolicy {
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a whole number of at least 1');
  return { maxAttempts, sleep: input.sleep ?? wait, random: input.random ?? Math.random };
}

const degradedReason = (model: LanguageModel, reason: string): string => `${model.engine ?? 'bedrock'}: ${reason}; local engine used`;

/**
 * Asks `model` for an answer until one parses, validates and survives verification (see withRetries).
 * After an unusable answer, the retry shows the model its answer and what was wrong with it.
 */
async function askUntilUsable<T>(model: LanguageModel, request: ModelRequest, build: (text: string) => T, policy: RetryPolicy) {
  let next = request;
  return withRetries(async () => {
    const asked = next;
    next = request;
    const answer = await model.converse(asked);
    try {
      return build(answer.text);
    } catch (error) {
      if (error instanceof MalformedAnswerError) next = withCorrection(request, answer.text, error.message);
      throw error;
    }
  }, policy);
}

/** The note from the model, or the local note marked degraded. Risk statements the model missed are added. */
export async function generateNoteWithModel(input: ModelTaskInput): Promise<NoteGeneration> {
  const { model, transcript, format, sessionDate, createdAt } = input;
  const policy = policyOf(input);
  const analysis = input.analysis ?? analyzeTranscript(transcript);
  const localNote = writeProgressNote({ transcript, analysis, format, sessionDate, createdAt });
  const foundRisks = findRiskStatements(transcript, analysis.risk);
  const request = buildNoteRequest(format, { transcript, metrics: analysis.metrics, sessionDate });
  const outcome = await askUntilUsable(
    model,
    request,
    (text) => {
      const verified = verifyNoteAnswer(parseAnswer(noteAnswerSchema(format), text), format, transcript);
      if (verified.sections.every((s) => s.sentences.length === 0)) {
        throw new MalformedAnswerError('no sentence of the note cited a turn that exists');
      }
      const riskStatements = mergeRiskStatements(verified.riskStatements, foundRisks);
      const droppedEvidence = total(verified.dropped);
      const parsed = ProgressNoteSchema.safeParse({
        format,
        status: 'draft',
        sessionFacts: localNote.sessionFacts,
        sections: verified.sections,
        riskStatements,
        reviewRequired: riskStatements.length > 0,
        homework: verified.homework,
        planForNextSession: verified.planForNextSession,
        // Evaluation of the therapist is the supervision report's, never the chart's, whatever the model wrote.
        allianceSummary: [],
        provenance: {
          engine: model.engine ?? 'bedrock',
          engineVersion: NOTE_ENGINE_VERSION,
          modelId: model.modelId,
          rubricVersion: PROMPT_VERSION,
          createdAt: createdAt.toISOString(),
          status: 'ok',
          droppedEvidence,
        },
      } satisfies ProgressNote);
      if (!parsed.success) throw new MalformedAnswerError('the note built from the answer did not validate');
      return { note: parsed.data, droppedEvidence };
    },
    policy,
  );
  if (outcome.ok) return outcome.value;
  const note = ProgressNoteSchema.parse({
    ...localNote,
    provenance: { ...localNote.provenance, status: 'degraded', degradedReason: degradedReason(model, outcome.reason), droppedEvidence: 0 },
  });
  return { note, droppedEvidence: 0 };
}

/** The alliance from the model, bounded by the local engine's scores, or the local alliance marked degraded. */
export async function scoreAllianceWithModel(input: ModelTaskInput): Promise<AllianceGeneration> {
  const { model, transcript, createdAt, sessionDate } = input;
  const policy = policyOf(input);
  const analysis = input.analysis ?? analyzeTranscript(transcript);
  const local: Provenance = localProvenance(createdAt);
  // Too short, one speaker, or roles unsure: no number can be defended, so none is asked for (and the
  // transcript is not sent). The local abstention, with its reason, is the answer either path would give.
  if (analysis.alliance.overall.abstained) return { alliance: analysis.alliance, provenance: local, droppedEvidence: 0 };
  const request = buildAllianceRequest({ transcript, metrics: analysis.metrics, sessionDate });
  const outcome = await askUntilUsable(
    model,
    request,
    (text) => {
      const verified = verifyAllianceAnswer(parseAnswer(AllianceAnswerSchema, text), transcript);
      const parsed = AllianceSchema.safeParse(anchorAlliance(verified, analysis.alliance, transcript));
      if (!parsed.success) throw new MalformedAnswerError('the alliance built from the answer did not validate');
      return { alliance: parsed.data, droppedEvidence: total(verified.dropped) };
    },
    policy,
  );
  if (outcome.ok) {
    return {
      ...outcome.value,
      provenance: { ...local, engine: model.engine ?? 'bedrock', modelId: model.modelId, rubricVersion: PROMPT_VERSION },
    };
  }
  return {
    alliance: analysis.alliance,
    provenance: { ...local, status: 'degraded', degradedReason: degradedReason(model, outcome.reason) },
    droppedEvidence: 0,
  };
}

/**
 * A progress note and an alliance rating for one session, written by `model` (two calls, in parallel)
 * and checked by code: every cited turn exists, every quote is verbatim, scores stay within
 * MAX_MODEL_DEVIATION of the local engine's, and no risk statement the local finder sees is lost. Each
 * answer that cannot be had within `maxAttempts` comes from the local engine instead, with provenance
 * `status: 'degraded'` and the reason. Never throws for a model failure.
 *
 * @example
 * const model = new BedrockLanguageModel({ modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0' });
 * const { note, alliance, noteProvenance } = await generateWithModel({ model, transcript, format: 'soap', sessionDate: '2026-09-15', createdAt: new Date() });
 */
export async function generateWithModel(input: GenerateWithModelInput): Promise<ModelGeneration> {
  policyOf(input); // fail on a bad maxAttempts before either call
  const analysis = analyzeTranscript(input.transcript);
  const task: ModelTaskInput = { ...input, analysis };
  const [noteResult, allianceResult] = await Promise.all([generateNoteWithModel(task), scoreAllianceWithModel(task)]);
  return {
    note: noteResult.note,
    alliance: allianceResult.alliance,
    metrics: analysis.metrics,
    noteProvenance: noteResult.note.provenance,
    allianceProvenance: allianceResult.provenance,
    droppedEvidence: { note: noteResult.droppedEvidence, alliance: allianceResult.droppedEvidence },
  };
}
