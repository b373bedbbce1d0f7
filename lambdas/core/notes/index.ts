/**
 * The local note engine: a deterministic, model-free draft progress note (SOAP, DAP, BIRP, GIRP or a
 * short narrative) written from the coded session and the alliance analysis. Every sentence is a
 * paraphrase in the third person and cites the turns it came from; risk is always surfaced for review.
 * Pure: no I/O, and the same input always gives the same note.
 */
import { createHash } from 'node:crypto';
import type { SessionAnalysis } from '../alliance/engine.js';
import { InvalidInputError } from '../errors.js';
import { ProgressNoteSchema, type NoteFormat, type NoteUnavailableReason, type ProgressNote, type SessionFacts } from '../../../schemas/note.js';
import type { Role, Transcript } from '../../../schemas/transcript.js';
import type { RiskReport } from '../../../schemas/risk.js';
import { RISK_DETECTOR_VERSION } from '../risk/index.js';
import { buildBank } from './bank.js';
import { namesIn } from './phrasing.js';
import { findRiskStatements } from './risk.js';
import { checkable, sectionsFor } from './sections.js';
import { participantLabels } from './participants.js';

export { findRiskStatements };
export { renderNoteMarkdown } from './markdown.js';

export const NOTE_ENGINE_VERSION = '0.2.0';

/**
 * Identifies what the note engine hears and writes: its version with the risk detector's, so a change to
 * either shows in every note's provenance.
 */
export const NOTE_RUBRIC_VERSION = createHash('sha256').update([NOTE_ENGINE_VERSION, RISK_DETECTOR_VERSION].join('\n')).digest('hex').slice(0, 12);

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

/** Who took part (by role, never by label), how many turns, and how long when the transcript is timed: read from the transcript alone. */
function sessionFacts(transcript: Transcript, date: string | null): SessionFacts {
  const roles = new Map<string, Role>();
  for (const turn of transcript.turns) if (!roles.has(turn.speaker)) roles.set(turn.speaker, turn.role);
  const inOrder = [...roles.values()];
  const labels = participantLabels(inOrder);
  const participants: SessionFacts['participants'] = inOrder.map((role, i) => ({ role, label: labels[i]! }));
  const start = transcript.turns[0]?.start;
  const end = transcript.turns.at(-1)?.end;
  return {
    date,
    durationMinutes: transcript.timed && start !== undefined && end !== undefined ? Math.round(Math.max(0, end - start) / 60) : null,
    participants,
    turns: transcript.turns.length,
  };
}

/**
 * Writes a draft progress note in the given format. Never throws on a valid transcript and analysis
 * (only a malformed `sessionDate` is refused); a section with nothing to report says so in one
 * documentation gap (`kind: 'gap'`), which cites no turn.
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
  const bank = buildBank(transcript, analysis, names);
  // Every builder cites what it found; a finding that still has no turn to cite is a defect, left out and counted.
  const dropped = { findings: 0 };
  const sections = sectionsFor(format, bank, dropped);
  const homework = checkable(bank.homework, dropped);
  const planForNextSession = checkable(bank.plan, dropped);
  const riskStatements = bank.riskStatements;
  return ProgressNoteSchema.parse({
    format,
    status: 'draft',
    sessionFacts: sessionFacts(transcript, date),
    sections,
    riskStatements,
    reviewRequired: riskStatements.length > 0,
    homework,
    planForNextSession,
    // Evaluation of the therapist's work is the supervision report's, never the chart's.
    allianceSummary: [],
    provenance: {
      engine: 'local',
      engineVersion: NOTE_ENGINE_VERSION,
      modelId: null,
      rubricVersion: NOTE_RUBRIC_VERSION,
      createdAt: createdAt.toISOString(),
      status: 'ok',
      droppedEvidence: dropped.findings,
    },
  });
}

export interface UnavailableNoteInput {
  transcript: Transcript;
  format: NoteFormat;
  /** YYYY-MM-DD when known; anything else is left out. */
  sessionDate?: string | null;
  createdAt: Date;
  /** The session's risk report when the analysis already read it; otherwise the transcript is read for risk here. */
  risk?: RiskReport;
}

/** What an unavailable note says, whatever went wrong: never the error's own message, which may quote the session. */
export const NOTE_UNAVAILABLE_REASON: NoteUnavailableReason = {
  code: 'note_unavailable',
  message: 'The note engine could not write a progress note for this session.',
};

/**
 * The note a session gets when none could be written: no sections, the session facts, and the risk
 * statements found in the transcript directly (risk never depends on the note), always for review. A
 * clinician writes the note by editing it; it cannot be signed as it is.
 *
 * @example
 * try { note = writeProgressNote(input); } catch { note = unavailableNote(input); }
 * note.status; // 'unavailable'
 */
export function unavailableNote(input: UnavailableNoteInput): ProgressNote {
  const { transcript, format, createdAt } = input;
  const date = input.sessionDate !== undefined && input.sessionDate !== null && DATE.test(input.sessionDate) ? input.sessionDate : null;
  return ProgressNoteSchema.parse({
    format,
    status: 'unavailable',
    unavailableReason: NOTE_UNAVAILABLE_REASON,
    sessionFacts: sessionFacts(transcript, date),
    sections: [],
    riskStatements: findRiskStatements(transcript, input.risk),
    reviewRequired: true,
    homework: [],
    planForNextSession: [],
    allianceSummary: [],
    provenance: {
      engine: 'local',
      engineVersion: NOTE_ENGINE_VERSION,
      modelId: null,
      rubricVersion: NOTE_RUBRIC_VERSION,
      createdAt: createdAt.toISOString(),
      status: 'degraded',
      degradedReason: 'no note written: the note engine failed',
      droppedEvidence: 0,
    },
  });
}
