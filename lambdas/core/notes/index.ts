/**
 * The local note engine: a deterministic, model-free draft progress note (SOAP, DAP, BIRP, GIRP or a
 * short narrative) written from the coded session and the alliance analysis. Every sentence is a
 * paraphrase in the third person and cites the turns it came from; risk is always surfaced for review.
 * Pure: no I/O, and the same input always gives the same note.
 */
import { createHash } from 'node:crypto';
import type { SessionAnalysis } from '../alliance/engine.js';
import { codeSession } from '../metrics/coded-session.js';
import { InvalidInputError } from '../errors.js';
import { ProgressNoteSchema, type NoteFormat, type ProgressNote, type SessionFacts } from '../../../schemas/note.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { CLIENT_PATTERNS, CLIENT_PHRASES } from './client-lexicon.js';
import { makeContext } from './context.js';
import { namesIn } from './phrasing.js';
import { RISK_PATTERNS } from './risk-lexicon.js';
import { assessRisks } from './risk.js';
import { buildBank, sectionsFor } from './sections.js';
import { THERAPIST_PATTERNS, THERAPIST_PHRASES } from './therapist-lexicon.js';

export { findRiskStatements } from './risk.js';
export { renderNoteMarkdown } from './markdown.js';

export const NOTE_ENGINE_VERSION = '0.1.0';

/**
 * A hash of everything the note engine matches and the words it writes for each match, so a change to
 * what the engine hears or says shows in every note's provenance.
 */
export const NOTE_RUBRIC_VERSION = createHash('sha256')
  .update([NOTE_ENGINE_VERSION, ...[...CLIENT_PATTERNS, ...THERAPIST_PATTERNS, ...RISK_PATTERNS].map((r) => r.source), ...CLIENT_PHRASES, ...THERAPIST_PHRASES].join('\n'))
  .digest('hex')
  .slice(0, 12);

export interface WriteProgressNoteInput {
  transcript: Transcript;
  /** From `analyzeTranscript(transcript)`: the note reuses its metrics, alliance scores and rupture markers. */
  analysis: SessionAnalysis;
  format: NoteFormat;
  /** YYYY-MM-DD, when the caller knows it (file name, upload metadata). */
  sessionDate?: string | null;
  createdAt: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function sessionFacts(transcript: Transcript, analysis: SessionAnalysis, date: string | null): SessionFacts {
  const seen = new Set<string>();
  const participants: SessionFacts['participants'] = [];
  for (const turn of transcript.turns) {
    if (seen.has(turn.speaker)) continue;
    seen.add(turn.speaker);
    participants.push({ role: turn.role, label: turn.speaker });
  }
  const timing = analysis.metrics.timing;
  return {
    date,
    durationMinutes: transcript.timed && timing ? Math.round(timing.durationSeconds / 60) : null,
    participants,
    turns: transcript.turns.length,
  };
}

/**
 * Writes a draft progress note in the given format. Never throws on a valid transcript and analysis; a
 * section with nothing to report says so in one sentence that cites the most relevant turn.
 *
 * @example
 * const transcript = parseTranscript(text);
 * const note = writeProgressNote({ transcript, analysis: analyzeTranscript(transcript), format: 'soap', sessionDate: '2026-09-08', createdAt: new Date() });
 * note.sections.map((s) => s.name); // ['Subjective', 'Objective', 'Assessment', 'Plan']
 * note.reviewRequired;              // true when any risk statement exists
 */
export function writeProgressNote(input: WriteProgressNoteInput): ProgressNote {
  const { transcript, analysis, format, createdAt } = input;
  const date = input.sessionDate ?? null;
  if (date !== null && !DATE.test(date)) {
    throw new InvalidInputError(`the session date "${date}" is not a date: give it as YYYY-MM-DD`, 'invalid_session_date');
  }
  const names = namesIn(transcript);
  const risks = assessRisks(transcript, names);
  const ctx = makeContext(codeSession(transcript), analysis.metrics, analysis.alliance, risks, names);
  const bank = buildBank(ctx);
  const riskStatements = risks.map((r) => r.statement);
  return ProgressNoteSchema.parse({
    format,
    status: 'draft',
    sessionFacts: sessionFacts(transcript, analysis, date),
    sections: sectionsFor(format, bank, ctx.lastId),
    riskStatements,
    reviewRequired: riskStatements.length > 0,
    homework: bank.homework,
    planForNextSession: bank.plan,
    allianceSummary: bank.alliance,
    provenance: {
      engine: 'local',
      engineVersion: NOTE_ENGINE_VERSION,
      modelId: null,
      rubricVersion: NOTE_RUBRIC_VERSION,
      createdAt: createdAt.toISOString(),
      status: 'ok',
      droppedEvidence: 0,
    },
  });
}
