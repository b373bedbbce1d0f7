/**
 * The supervision report: the therapist's work in one session, written from the analysis the alliance
 * engine already made (metrics, alliance, ruptures, the risk detector's episodes). It is the second of the
 * session's two documents: the progress note is about the client and goes to the chart; this is about the
 * therapist and never leaves as a clinical note (lambdas/core/fhir exports the note alone).
 *
 * Useful supervision names a moment, not a count: each moment cites its turns, says what happened and why it
 * matters, and offers one response written for that moment. Safety comes first (a disclosure not followed
 * up), then the relationship (ruptures and how they were met), then technique (the MITI counts against their
 * thresholds), with strengths named in each. Nothing is quoted from the session and nothing labels the
 * person: the report describes behaviour, so a supervisor who may not read transcripts can read all of it.
 *
 * Pure and deterministic: no I/O, and the same input always gives the same report (apart from `createdAt`).
 */
import { createHash } from 'node:crypto';
import type { SessionAnalysis } from '../alliance/engine.js';
import { codeSession } from '../metrics/coded-session.js';
import { SupervisionReportSchema, type SupervisionReport } from '../../../schemas/supervision.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { allianceOf } from './alliance.js';
import { ALTERNATIVE_WORDING } from './alternatives.js';
import { CONTEXT_WORDS, sessionContext } from './context.js';
import { practiceMoments } from './practice.js';
import { processOf, techniqueMoments } from './process.js';
import { relationshipMoments } from './relationship.js';
import { assessmentTurns, safetyMoments } from './safety.js';
import { selectMoments } from './select.js';
import { BAND_MEANING, MODALITY_SUMMARY, reportSummary, SUMMARY_WORDS } from './summary.js';
import { ITEM_WORDS, MARKER_WORDS, MOVE_WORDS, REPAIR_WORDS, RISK_QUESTIONS, RISK_WHY, TARGET_WORDS, WHY } from './wording.js';

export { bandOf, PATTERN_OF } from './alliance.js';
export { MITI } from './process.js';
export { MAX_MOMENTS, MAX_STRENGTHS } from './select.js';

export const SUPERVISION_ENGINE_VERSION = '0.2.0';

/** A hash of every sentence the report can write, so a change of wording shows in every report's provenance. */
export const SUPERVISION_RUBRIC_VERSION = createHash('sha256')
  .update(
    [
      SUPERVISION_ENGINE_VERSION,
      ...Object.values(WHY),
      ...ALTERNATIVE_WORDING,
      ...CONTEXT_WORDS,
      ...Object.values(MARKER_WORDS),
      ...Object.values(ITEM_WORDS),
      ...Object.values(RISK_WHY),
      ...RISK_QUESTIONS,
      ...Object.values(MOVE_WORDS),
      ...Object.values(TARGET_WORDS),
      ...Object.values(REPAIR_WORDS),
      ...Object.values(BAND_MEANING),
      ...Object.values(MODALITY_SUMMARY),
      ...Object.values(SUMMARY_WORDS),
    ].join('\n'),
  )
  .digest('hex')
  .slice(0, 12);

export interface WriteSupervisionReportInput {
  transcript: Transcript;
  /** From `analyzeTranscript(transcript)`, or the same shape with a model's alliance and a merged risk report. */
  analysis: SessionAnalysis;
  createdAt: Date;
}

/**
 * Writes the supervision report of one session. Never throws on a valid transcript and its analysis: a
 * session the alliance abstained on still gets its process counts and its safety moments.
 *
 * @example
 * const transcript = parseTranscript(text);
 * const report = writeSupervisionReport({ transcript, analysis: analyzeTranscript(transcript), createdAt: new Date() });
 * report.moments[0]; // the most serious safety moment, when there is one: { kind: 'risk_follow_up', turnId: 't0012', alternative: '"…"' }
 */
export function writeSupervisionReport(input: WriteSupervisionReportInput): SupervisionReport {
  const { transcript, analysis, createdAt } = input;
  // The same coding the engine used: the risk findings keep risk statements out of change and sustain talk.
  const session = codeSession(transcript, { riskFindings: analysis.risk.findings });
  const ctx = sessionContext(session, analysis.alliance, analysis.risk);
  const span = [...new Set([transcript.turns[0]!.id, transcript.turns.at(-1)!.id])];
  const assessment = assessmentTurns(analysis.risk);
  // Strengths are kept in this order when there are more than the report names: safety, repairs, then the
  // specific moments of practice before the counts.
  const moments = selectMoments([
    ...safetyMoments(ctx),
    ...relationshipMoments(ctx, analysis.alliance),
    ...practiceMoments(ctx, assessment),
    ...techniqueMoments(ctx, analysis.metrics, assessment),
  ]);
  const modality = analysis.alliance.modality;
  const alliance = allianceOf(analysis.alliance, ctx.known, span);
  return SupervisionReportSchema.parse({
    version: 1,
    status: 'draft',
    turns: transcript.turns.length,
    summary: reportSummary(analysis.alliance, alliance, moments, modality?.kind, span),
    ...(modality === undefined ? {} : { modality: { kind: modality.kind, confidence: modality.confidence } }),
    process: processOf(analysis.metrics, ctx.modality),
    alliance,
    moments,
    provenance: {
      engine: 'local',
      engineVersion: SUPERVISION_ENGINE_VERSION,
      modelId: null,
      rubricVersion: SUPERVISION_RUBRIC_VERSION,
      createdAt: createdAt.toISOString(),
      status: 'ok',
    },
  });
}
