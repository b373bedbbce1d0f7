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
import { SupervisionReportSchema, type SupervisionMoment, type SupervisionReport } from '../../../schemas/supervision.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { allianceOf } from './alliance.js';
import { processOf, techniqueMoments } from './process.js';
import { relationshipMoments } from './relationship.js';
import { assessmentTurns, safetyMoments } from './safety.js';
import { ALTERNATIVES, ITEM_WORDS, MARKER_WORDS, RISK_WHY, RUPTURE_ALTERNATIVES, WHY } from './wording.js';

export { bandOf, PATTERN_OF } from './alliance.js';
export { MITI } from './process.js';

export const SUPERVISION_ENGINE_VERSION = '0.1.0';

/** A hash of every sentence the report can write, so a change of wording shows in every report's provenance. */
export const SUPERVISION_RUBRIC_VERSION = createHash('sha256')
  .update(
    [
      SUPERVISION_ENGINE_VERSION,
      ...Object.values(WHY),
      ...Object.values(ALTERNATIVES),
      ...Object.values(RUPTURE_ALTERNATIVES),
      ...Object.values(MARKER_WORDS),
      ...Object.values(ITEM_WORDS),
      ...Object.values(RISK_WHY),
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
  const session = codeSession(transcript);
  const known = new Set(transcript.turns.map((t) => t.id));
  const span = [transcript.turns[0]!.id, transcript.turns.at(-1)!.id];
  const moments: SupervisionMoment[] = [
    ...safetyMoments(analysis.risk, known),
    ...relationshipMoments(session, analysis.alliance),
    ...techniqueMoments(session, analysis.metrics, assessmentTurns(analysis.risk)),
  ];
  return SupervisionReportSchema.parse({
    version: 1,
    status: 'draft',
    turns: transcript.turns.length,
    process: processOf(analysis.metrics),
    alliance: allianceOf(analysis.alliance, known, [...new Set(span)]),
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
