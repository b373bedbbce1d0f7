/**
 * The facts of a session, read once by the extractors (extract/), written once as note sentences: the bank
 * every format draws from. Pure.
 */
import type { RiskStatement } from '../../../schemas/note.js';
import type { Transcript } from '../../../schemas/transcript.js';
import type { SessionAnalysis } from '../alliance/engine.js';
import { changeTalkSentences } from './change-note.js';
import {
  affectShiftSentence,
  checkInSentence,
  concernSentences,
  engagementSentence,
  insightSentence,
  moodWordsSentence,
  openingReportSentence,
  ruptureSentence,
} from './client-account.js';
import { extractChangeTalk, summariseChangeTalk } from './extract/change-talk.js';
import { extractConcerns } from './extract/concerns.js';
import { extractFeelings } from './extract/feelings.js';
import { extractHomework } from './extract/homework.js';
import { readSession, type ExtractInput } from './extract/input.js';
import { clientsMeasures } from '../measures/said.js';
import { extractMeasures } from './extract/measures.js';
import { extractNextAppointment } from './extract/appointment.js';
import { extractGoals } from './extract/goals.js';
import { extractInterventions } from './extract/interventions.js';
import { goalSentences } from './goals-note.js';
import { extractStrengths } from './extract/strengths.js';
import { strengthSentences } from './strengths-note.js';
import { interventionSentences } from './intervention-note.js';
import { appointmentSentences, nextFocusSentence } from './plan-note.js';
import { homeworkReviewSentences, homeworkSentences } from './homework-note.js';
import { impressionSentences } from './impression.js';
import { instrumentSentences, measureImpression, ratingSentences } from './measures-note.js';
import { assessRisks, type AssessedRisk } from './risk.js';
import type { NoteBank } from './sections.js';

/**
 * Client turns inside a risk assessment or safety plan ("not sleeping two nights in a row" as a warning
 * sign) describe the plan, not presenting concerns.
 */
function riskAnswerTurns(input: ExtractInput, risks: readonly AssessedRisk[]): Set<string> {
  const out = new Set<string>();
  for (const risk of risks) {
    const disclosed = new Set(risk.disclosure.evidence);
    const span = risk.statement.evidence.map((id) => input.turns.findIndex((t) => t.id === id)).filter((i) => i >= 0);
    if (span.length === 0) continue;
    for (let i = Math.min(...span); i <= Math.max(...span) + 1 && i < input.turns.length; i++) {
      const turn = input.turns[i]!;
      if (turn.role === 'client' && !disclosed.has(turn.id)) out.add(turn.id);
    }
  }
  return out;
}

export function buildBank(transcript: Transcript, analysis: SessionAnalysis, names: ReadonlySet<string>): NoteBank & { riskStatements: RiskStatement[] } {
  const input = readSession(transcript);
  const risks = assessRisks(transcript, names, analysis.risk);
  const concerns = extractConcerns(input, { skipTurns: riskAnswerTurns(input, risks), names });
  const feelings = extractFeelings(input, names);
  // Only the client's own scores, with the value the client gave as the answer (a day's peak is not the week's rating).
  const measures = clientsMeasures(input, extractMeasures(input));
  const homework = extractHomework(input);
  const goals = extractGoals(input);
  // A goal already charted in the client's words is not repeated as a change statement.
  const goalTurns = new Set(goals.flatMap((g) => g.turnIds));
  const change = extractChangeTalk(input).filter((c) => !goalTurns.has(c.turnId));
  const concernSentencesList = concernSentences(concerns);
  return {
    riskStatements: risks.map((r) => r.statement),
    riskDisclosures: risks.map((r) => r.disclosure),
    risk: risks.flatMap((r) => [r.finding, ...r.assessment]),
    riskFollowUps: risks.flatMap((r) => (r.followUp ? [r.followUp] : [])),
    riskSummaries: risks.map((r) => r.summary),
    // With no question about the week, the account of what the session opens on: "How did the rehearsal go?".
    checkIn: checkInSentence(input, names) ?? openingReportSentence(input, names, new Set(homework.reviewed.flatMap((r) => r.turnIds))),
    concerns: concernSentencesList,
    mood: [moodWordsSentence(feelings)].filter((s) => s !== null),
    selfRatings: ratingSentences(measures),
    instruments: instrumentSentences(measures),
    medication: [],
    homeworkReview: homeworkReviewSentences(homework.reviewed, names),
    goals: goalSentences(goals),
    goalsStated: goalSentences(goals.filter((g) => g.status === 'new' || g.status === 'revisited')),
    strengths: strengthSentences(extractStrengths(input)),
    engagement: engagementSentence(input, names),
    affectShift: affectShiftSentence(feelings, input.turns.length),
    // Risk work is charted where the risk module found risk to work on; elsewhere a question about "a plan" is about something else.
    interventions: interventionSentences(
      extractInterventions(input).filter((i) => i.modality !== 'risk' || analysis.risk.episodes.length > 0),
      names,
    ),
    insight: insightSentence(input, names),
    changeTalk: changeTalkSentences(change, summariseChangeTalk(change, input)),
    rupture: ruptureSentence(input, analysis.alliance.ruptureMarkers, names),
    impression: [...impressionSentences(concerns), ...measureImpression(measures)],
    // Progress toward goals is the Assessment's (CLINICAL-GUIDE §1): a goal reported on, reached or changed.
    progress: goalSentences(goals.filter((g) => g.status === 'progress_reported' || g.status === 'achieved' || g.status === 'revised')),
    homework: homeworkSentences(homework.assigned, homework.noneSet, names),
    plan: [nextFocusSentence(input, names), ...appointmentSentences(extractNextAppointment(input))].filter((s) => s !== null),
  };
}
