/**
 * The five alliance dimensions and the Goal Agreement sub-score. Each is a weighted mean of components in
 * [0, 1]; every component is a counted behaviour of the therapist or of the client, mapped onto anchors that
 * come from an instrument (MITI 4.2 thresholds, the CTRS items, the WAI-SR goal, task and bond items, the SRS)
 * and are read against the session's own kind of work (norms.ts). The weights are clinical judgement,
 * written down beside the items they stand for so they can be argued; none was fitted to labelled sessions.
 *
 * Three rules from CLINICAL-GUIDE §3 run through all of them: what the client does is evidence of the alliance
 * as much as what the therapist says; a structured session is not poor for asking more than it reflects; and
 * a risk assessment is good care, never a penalty (its questions are set apart, and following a disclosure up
 * is credited).
 */
import type { DimensionName, DimensionScore, Evidence, Modality, RuptureMarker } from '../../../schemas/alliance.js';
import type { RiskReport } from '../../../schemas/risk.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';
import { AFFIRM as AFFIRMATION, PERMISSION } from '../metrics/utterance-codes.js';
import { extractGoals } from '../notes/extract/goals.js';
import { extractHomework } from '../notes/extract/homework.js';
import { CLIENT_DISAGREEMENT, CUES } from './cues.js';
import { NORMS, type Anchor } from './norms.js';
import { gatherSignals, type Signals } from './signals.js';

/** Linear map of `value` from [poor, good] onto [0, 1], clamped; works for either direction. */
export function scale(value: number, poor: number, good: number): number {
  const t = (value - poor) / (good - poor);
  return Math.max(0, Math.min(1, t));
}

const on = (value: number, [poor, good]: Anchor) => scale(value, poor, good);

interface Component {
  weight: number;
  value: number;
}

/** The weighted mean on 0-100, unrounded (the engine calibrates, then rounds). */
function weighted(components: Component[]): number {
  const used = components.filter((c) => c.weight > 0);
  const total = used.reduce((s, c) => s + c.weight, 0);
  return (100 * used.reduce((s, c) => s + c.weight * c.value, 0)) / total;
}

function evidenceFrom(turns: readonly CodedTurn[], limit: number, pattern?: RegExp): Evidence[] {
  return turns.slice(0, limit).map((t) => ({ turnId: t.turn.id, quote: quoteOf(t.turn, t.therapist?.cueSentence ?? 0, pattern) }));
}

function evidence(...groups: Evidence[][]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of groups.flat()) {
    if (seen.has(e.turnId)) continue;
    seen.add(e.turnId);
    out.push(e);
  }
  return out.slice(0, 5);
}

function complexFirst(turns: readonly CodedTurn[]): CodedTurn[] {
  return [...turns].sort((a, b) => b.therapist!.reflections.complex - a.therapist!.reflections.complex);
}

/** The longest therapist turn shows the pacing at its extreme. */
function longestTurn(turns: readonly CodedTurn[]): CodedTurn[] {
  let longest: CodedTurn | undefined;
  for (const t of turns) if (!longest || t.words > longest.words) longest = t;
  return longest ? [longest] : [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A score before calibration: the dimension's weighted mean (0-100, unrounded) with its reading. */
export type RawScore = Omit<DimensionScore, 'abstained' | 'abstentionReason' | 'band'> & { score: number };

export interface ScoredSession {
  dimensions: Record<DimensionName, RawScore>;
  goalAgreement: RawScore;
  signals: Signals;
}

/** How the therapist met the session's risk disclosures: 1 all assessed, 0 none assessed; null when there were none. */
export function riskFollowUp(risk: RiskReport): number | null {
  const serious = risk.episodes.filter((e) => e.domain !== 'other' || e.level !== 'low');
  if (serious.length === 0) return null;
  const value = { assessed: 1, partial: 0.5, not_assessed: 0 } as const;
  return serious.reduce((s, e) => s + value[e.assessment.status], 0) / serious.length;
}

/** Scores the five dimensions and Goal Agreement of one session read as `modality`. */
export function scoreDimensions(
  session: CodedSession,
  metrics: SessionMetrics,
  risk: RiskReport,
  modality: Modality,
  ruptures: readonly RuptureMarker[],
): ScoredSession {
  const norms = NORMS[modality];
  const s = gatherSignals(session, risk, norms.closedQuestionsEvoke);
  const substantive = Math.max(1, s.substantive.length);
  const clientTurns = Math.max(1, s.clientTurns);
  const questions = s.questions.open + s.questions.closed;
  // The bond is read over the turns that were not risk-assessment questions: asking them is care, and a
  // thorough assessment must not thin out the share of reflective or validating turns.
  const bondTurns = Math.max(1, s.substantive.filter((t) => !s.riskQuestions.has(t.turn.id)).length);
  const reflectionShare = s.reflectionTurns.length / bondTurns;
  const rq = questions === 0 ? (s.reflections > 0 ? 2 : 0) : s.reflections / questions;
  const openShare = questions === 0 ? null : s.questions.open / questions;
  const unsolicitedRate = s.unsolicitedInput.length / substantive;
  const confrontRate = s.confrontations.length / substantive;
  const followUp = riskFollowUp(risk);
  const confrontationRuptures = ruptures.filter((r) => r.kind === 'confrontation');
  const unrepaired = ruptures.filter((r) => !r.repaired).length;
  const repaired = ruptures.length - unrepaired;
  const feelingsMet = s.feelings.filter((f) => f.acknowledged).length;
  const has = (k: keyof typeof CUES) => s.cue[k].length > 0;

  // WAI-SR bond, SRS "relationship", MITI empathy global, CTRS 3 (interpersonal effectiveness); the client's
  // side: self-disclosure and building on what the therapist hands back. Strain moves (warning, lecturing,
  // confronting) and ruptures left unmet erode it; a rupture that was repaired does not.
  const therapeuticRelationship: RawScore = {
    score: weighted([
      { weight: 0.2, value: on(reflectionShare, norms.reflectionShare) },
      { weight: 0.1, value: s.reflections === 0 ? 0.3 : scale(s.complexReflections / s.reflections, 0.2, 0.6) },
      { weight: 0.15, value: scale((s.validation.length + s.affirmations.length) / bondTurns, 0, 0.12) },
      { weight: 0.15, value: s.feelings.length === 0 ? 0.6 : feelingsMet / s.feelings.length },
      { weight: 0.15, value: scale(s.strain.length / bondTurns, 0.12, 0) },
      { weight: 0.15, value: scale((s.disclosures.length + s.buildsOn.length) / clientTurns, 0.1, 0.6) },
      { weight: 0.1, value: ruptures.length === 0 ? 0.8 : repaired / ruptures.length },
    ]),
    rationale:
      `${plural(s.reflectionTurns.length, 'turn')} with reflections (${s.complexReflections} complex) in ${plural(s.substantive.length, 'substantive therapist turn')}; ` +
      `${plural(s.validation.length + s.affirmations.length, 'validating or affirming turn')}; ${feelingsMet} of ${plural(s.feelings.length, 'feeling')} the client named taken up in the next turn; ` +
      `${plural(s.strain.length, 'warning, lecture or confrontation')}; the client spoke about themselves in ${s.disclosures.length} of ${plural(s.clientTurns, 'turn')}; ` +
      `${plural(ruptures.length, 'rupture marker')}, ${repaired} repaired.`,
    indicators: {
      reflections: s.reflections,
      complexReflections: s.complexReflections,
      validation: s.validation.length,
      affirmations: s.affirmations.length,
      feelingsNamed: s.feelings.length,
      feelingsTakenUp: feelingsMet,
      strainMoves: s.strain.length,
      clientSelfDisclosure: s.disclosures.length,
      clientBuildsOn: s.buildsOn.length,
      ruptures: ruptures.length,
      rupturesRepaired: repaired,
    },
    evidence: evidence(
      evidenceFrom(complexFirst(s.reflectionTurns), 2),
      evidenceFrom(s.validation, 1, CUES.validation),
      evidenceFrom(s.affirmations, 1, AFFIRMATION),
      evidenceFrom(s.buildsOn, 1),
      evidenceFrom(s.strain, 1),
    ),
  };

  // WAI-SR task; CTRS 1 (agenda) and 10 (application of techniques with a rationale); MITI: information offered
  // with permission is collaborative, unsolicited advice, warning and lecturing are the righting reflex.
  const informing = s.unsolicitedInput.length + s.adviceWithPermission;
  const therapeuticFramework: RawScore = {
    score: weighted([
      { weight: 0.4, value: scale(unsolicitedRate, 0.3, 0.02) },
      { weight: 0.15, value: scale(confrontRate, 0.1, 0) },
      { weight: 0.2, value: Math.min(1, 0.4 + 0.3 * (s.cue.agenda.length + s.cue.rationale.length)) },
      { weight: 0.25, value: informing === 0 ? 0.6 : (s.adviceWithPermission + s.permissionTurns.length) / (informing + s.permissionTurns.length) },
    ]),
    rationale:
      `${plural(s.unsolicitedInput.length, 'turn')} of advice, information, warning or lecturing without permission and ${plural(s.confrontations.length, 'confrontation')} ` +
      `in ${plural(s.substantive.length, 'substantive therapist turn')}; permission asked ${plural(s.permissionTurns.length, 'time')}; ` +
      `${plural(s.cue.agenda.length, 'agenda-setting turn')} and ${plural(s.cue.rationale.length, 'turn')} giving a rationale or psychoeducation.`,
    indicators: {
      unsolicitedInput: s.unsolicitedInput.length,
      confrontations: s.confrontations.length,
      permissionAsked: s.permissionTurns.length,
      informingWithPermission: s.adviceWithPermission,
      agendaSetting: s.cue.agenda.length,
      rationaleOrPsychoeducation: s.cue.rationale.length,
    },
    evidence: evidence(
      evidenceFrom(s.cue.agenda, 1, CUES.agenda),
      evidenceFrom(s.cue.rationale, 1, CUES.rationale),
      evidenceFrom(s.permissionTurns, 1, PERMISSION),
      evidenceFrom(s.unsolicitedInput, 2),
      evidenceFrom(s.confrontations, 1),
    ),
  };

  // CTRS 4 (pacing and efficient use of time) and the session's structure (check-in, agenda, summary,
  // homework or next step); following the client's words; the client's answers holding up over the session
  // rather than shrinking; and the thread kept (no lost place or forgotten content).
  const therapistShare = metrics.talk.therapist.wordShare;
  const tellingShare = s.unsolicitedInput.reduce((a, t) => a + t.words, 0) / Math.max(1, metrics.words);
  const STRUCTURE_NAMES = { checkIn: 'check-in', agenda: 'agenda', homework: 'homework or next step', summary: 'summary' } as const;
  const structureParts = (Object.keys(STRUCTURE_NAMES) as (keyof typeof STRUCTURE_NAMES)[]).filter(has);
  const sessionManagement: RawScore = {
    score: weighted([
      // Pacing is the heart of CTRS 4: who holds the floor, for how long at a time, and how much of the
      // session's time goes to the therapist telling (advice, information, warning, lecturing) unasked.
      { weight: norms.therapistWordShare ? 0.15 : 0, value: norms.therapistWordShare ? on(therapistShare, norms.therapistWordShare) : 0 },
      { weight: 0.2, value: scale(tellingShare, 0.35, 0.05) },
      { weight: norms.therapistTurnWords ? 0.15 : 0, value: norms.therapistTurnWords ? on(metrics.talk.therapist.meanTurnWords, norms.therapistTurnWords) : 0 },
      { weight: norms.replyWords ? 0.3 : 0, value: norms.replyWords ? on(s.therapistReplyWords, norms.replyWords) : 0 },
      { weight: 0.2, value: 0.3 + 0.7 * (structureParts.length / 4) },
      { weight: 0.15, value: scale(s.responsive / substantive, 0.2, 0.7) },
      { weight: 0.1, value: scale(s.clientTrajectory, 0.4, 1) },
      { weight: 0.05, value: scale(s.lostThread.length, 2, 0) },
    ]),
    rationale:
      `The therapist spoke ${Math.round(therapistShare * 100)}% of the words (${Math.round(tellingShare * 100)}% telling unasked), ${Math.round(metrics.talk.therapist.meanTurnWords)} words a turn on average; ` +
      `${s.responsive} of ${plural(s.substantive.length, 'substantive turn')} took up the client's words; session structure seen: ${structureParts.length > 0 ? structureParts.map((k) => STRUCTURE_NAMES[k]).join(', ') : 'none of check-in, agenda, homework, summary'}; ` +
      `the client's answers in the last third ran ${Math.round(s.clientTrajectory * 100)}% of the length of the first third.`,
    indicators: {
      therapistWordShare: Number(therapistShare.toFixed(3)),
      tellingWordShare: Number(tellingShare.toFixed(3)),
      therapistMeanTurnWords: Number(metrics.talk.therapist.meanTurnWords.toFixed(1)),
      therapistReplyWords: Number(s.therapistReplyWords.toFixed(1)),
      checkIn: s.cue.checkIn.length,
      agenda: s.cue.agenda.length,
      homework: s.cue.homework.length,
      summary: s.cue.summary.length,
      responsiveTurns: s.responsive,
      clientAnswerTrajectory: Number(s.clientTrajectory.toFixed(2)),
      lostThread: s.lostThread.length,
    },
    evidence: evidence(
      evidenceFrom(s.cue.checkIn, 1, CUES.checkIn),
      evidenceFrom(s.cue.agenda, 1, CUES.agenda),
      evidenceFrom(s.cue.homework, 1, CUES.homework),
      evidenceFrom(s.cue.summary, 1, CUES.summary),
      evidenceFrom(s.lostThread, 1),
      evidenceFrom(longestTurn(session.therapistTurns), 1),
    ),
  };

  // CTRS 6-10 (guided discovery, strategy for change, techniques, homework); MITI evocation: drawing the
  // client's own reasons and ideas out (asking and reflecting, in the kind's evocative form; exploring what the
  // client brings rather than answering it with advice; the client answering at length). The reflection-to-
  // question ratio is reported, not scored: it is an MI norm that would mark structured work down rather than supplying them (the righting reflex:
  // advice, information, warning and lecturing without permission); and, whenever the client disclosed risk,
  // whether it was followed up (C-SSRS): good care in every kind of work.
  const adviceRate = s.unsolicitedInput.filter((t) => t.therapist!.advice !== null).length / substantive;
  const toldInReply = s.clientMaterial.toldInReply.length / Math.max(1, s.clientMaterial.answered);
  const therapeuticProcess: RawScore = {
    score: weighted([
      { weight: 0.15, value: openShare === null ? 0.4 : on(openShare, norms.openQuestionShare) },
      { weight: 0.2, value: on(s.eliciting.length / substantive, norms.elicitingShare) },
      // What the therapist does with the client's material: explores it, or answers it by telling.
      { weight: 0.2, value: s.clientMaterial.answered === 0 ? 0.5 : scale(toldInReply, 0.3, 0) },
      { weight: 0.15, value: s.evokedAnswerWords === null ? 0.3 : scale(s.evokedAnswerWords, 5, 25) },
      { weight: 0.1, value: scale(unsolicitedRate, 0.3, 0.02) },
      { weight: 0.15, value: Math.min(1, 0.4 + 0.2 * (s.cue.technique.length + s.cue.homework.length)) },
      { weight: followUp === null ? 0 : 0.3, value: followUp ?? 0 },
    ]),
    rationale:
      `${s.questions.open} open and ${s.questions.closed} closed questions${s.riskQuestions.size > 0 ? ` (and ${plural(s.riskQuestions.size, 'risk-assessment turn')}, counted as care, not as questions)` : ''}; ` +
      `${plural(s.eliciting.length, 'turn')} asking or reflecting (${s.reflections} reflections, ${rq.toFixed(2)} per question); ` +
      `${s.clientMaterial.toldInReply.length} of ${plural(s.clientMaterial.answered, 'client turn')} of substance answered by telling unasked; the client answered questions and reflections in ${s.evokedAnswerWords === null ? 'no' : Math.round(s.evokedAnswerWords)} words on average; ` +
      `${plural(s.unsolicitedInput.length, 'turn')} of advice, information, warning or lecturing without permission; ` +
      `${plural(s.cue.technique.length + s.cue.homework.length, 'turn')} introducing a technique or homework` +
      (followUp === null ? '.' : `; risk disclosures followed up: ${followUp === 1 ? 'all assessed' : followUp === 0 ? 'none assessed' : 'partly'}.`),
    indicators: {
      openQuestions: s.questions.open,
      closedQuestions: s.questions.closed,
      elicitingTurns: s.eliciting.length,
      clientTurnsAnsweredByTelling: s.clientMaterial.toldInReply.length,
      riskAssessmentTurns: s.riskQuestions.size,
      reflectionToQuestionRatio: Number(rq.toFixed(2)),
      adviceWithoutPermission: Math.round(adviceRate * substantive),
      unsolicitedInput: s.unsolicitedInput.length,
      ...(s.evokedAnswerWords === null ? {} : { clientAnswerWords: Math.round(s.evokedAnswerWords) }),
      techniqueTurns: s.cue.technique.length,
      homeworkTurns: s.cue.homework.length,
      ...(followUp === null ? {} : { riskFollowUp: followUp }),
    },
    evidence: evidence(
      evidenceFrom(s.openQuestionTurns, 2),
      evidenceFrom(s.cue.technique, 1, CUES.technique),
      evidenceFrom(s.cue.homework, 1, CUES.homework),
      evidenceFrom(s.unsolicitedInput, 1),
    ),
  };

  const goalAgreement = scoreGoalAgreement(session, s);

  // WAI-SR goal and task, SRS "goals and topics" and "approach", MITI partnership: the therapist asking for
  // feedback and ideas and leaving the choice to the client rather than taking the expert's role; the client agreeing and building rather than
  // arguing or shrugging; Goal Agreement; and, in MI, the client's change talk over sustain talk.
  const changeShare = s.changeTalk.length + s.sustainTalk.length === 0 ? null : s.changeTalk.length / (s.changeTalk.length + s.sustainTalk.length);
  const agreement =
    (s.agreements.length + s.buildsOn.length + 1) / (s.agreements.length + s.buildsOn.length + 2 * (s.disagreements.length + s.compliance.length) + 2);
  const collaborativeProgress: RawScore = {
    score: weighted([
      { weight: 0.25, value: scale(s.collaboration.length / substantive, 0, 0.12) },
      // MITI partnership is low when the therapist takes the expert role: telling and persuading unasked.
      { weight: 0.2, value: scale(unsolicitedRate, 0.3, 0.02) },
      { weight: 0.2, value: agreement },
      { weight: 0.25, value: goalAgreement.score / 100 },
      { weight: 0.1, value: scale(s.cue.we.length / substantive, 0, 0.25) },
      { weight: 0.2 * norms.changeTalkWeight, value: changeShare === null ? 0.5 : scale(changeShare, 0.3, 0.8) },
    ]),
    rationale:
      `${plural(s.collaboration.length, 'turn')} asking for feedback, ideas or permission or leaving the choice to the client; ` +
      `the client agreed ${plural(s.agreements.length, 'time')} (${s.buildsOn.length} building on what was said), disagreed ${plural(s.disagreements.length, 'time')} and went along without committing ${plural(s.compliance.length, 'time')}; ` +
      `goal agreement ${Math.round(goalAgreement.score)}; change talk ${s.changeTalk.length} vs sustain talk ${s.sustainTalk.length}.`,
    indicators: {
      collaborationMoves: s.collaboration.length,
      permissionAsked: s.permissionTurns.length,
      feedbackElicited: s.cue.feedback.length,
      autonomySupport: s.cue.autonomy.length,
      weLanguage: s.cue.we.length,
      clientAgreements: s.agreements.length,
      clientDisagreements: s.disagreements.length,
      clientCompliance: s.compliance.length,
      changeTalk: s.changeTalk.length,
      sustainTalk: s.sustainTalk.length,
    },
    evidence: evidence(
      evidenceFrom(s.cue.feedback, 1, CUES.feedback),
      evidenceFrom(s.collaboration, 1),
      evidenceFrom(s.buildsOn, 1),
      evidenceFrom(s.changeTalk, 1),
      evidenceFrom(s.disagreements, 1, CLIENT_DISAGREEMENT),
    ),
  };

  // The rupture markers sit in the relationship; confrontation ruptures also in the framework (the task contested).
  if (confrontationRuptures.length > 0) therapeuticFramework.indicators.confrontationRuptures = confrontationRuptures.length;

  return {
    dimensions: { therapeuticFramework, sessionManagement, therapeuticRelationship, therapeuticProcess, collaborativeProgress },
    goalAgreement,
    signals: s,
  };
}

const UPTAKE_VALUE = { committed: 1, tentative: 0.55, declined: 0.25, imposed: 0.1 } as const;
const GOAL_VALUE = { own_words: 1, agreed: 0.9, tentative: 0.55, not_stated: 0.6 } as const;

/**
 * Goal Agreement: Bordin's agreement on goals and on tasks (the WAI-SR goal and task items; SRS "goals and
 * topics"). Goals count by whose words they are and how the client took them up (the note engine's goal
 * reader); tasks by how the client took up what was agreed for between sessions (committed, tentative,
 * declined, imposed: the note engine's homework reader); the therapist checking the fit; and the client's
 * open disagreement or shrugging compliance against agreement.
 */
function scoreGoalAgreement(session: CodedSession, s: Signals): RawScore {
  const goals = extractGoals(s.read);
  const homework = extractHomework(s.read).assigned;
  const substantive = Math.max(1, s.substantive.length);
  const goalValue = goals.length === 0 ? (s.cue.sharedGoal.length > 0 ? 0.55 : 0.4) : goals.reduce((a, g) => a + GOAL_VALUE[g.agreement], 0) / goals.length;
  const taskValue =
    homework.length === 0
      ? (s.agreements.length + 1) / (s.agreements.length + 2 * (s.disagreements.length + s.compliance.length) + 2)
      : homework.reduce((a, h) => a + UPTAKE_VALUE[h.uptake], 0) / homework.length;
  const checking = s.cue.feedback.length + s.cue.sharedGoal.length + s.cue.autonomy.length + s.permissionTurns.length;
  const contested = s.disagreements.length + s.compliance.length;
  const byId = new Map(session.turns.map((t) => [t.turn.id, t]));
  const goalTurns = goals
    .flatMap((g) => g.turnIds.slice(0, 1))
    .map((id) => byId.get(id))
    .filter((t): t is CodedTurn => t !== undefined);
  const taskTurns = homework.map((h) => byId.get(h.turnIds.at(-1)!)).filter((t): t is CodedTurn => t !== undefined);
  const own = goals.filter((g) => g.agreement === 'own_words' || g.agreement === 'agreed').length;
  const committed = homework.filter((h) => h.uptake === 'committed').length;
  return {
    score: weighted([
      { weight: 0.35, value: goalValue },
      { weight: 0.3, value: taskValue },
      { weight: 0.2, value: scale(checking / substantive, 0, 0.1) },
      { weight: 0.15, value: scale(contested / Math.max(1, s.clientTurns), 0.15, 0) },
    ]),
    rationale:
      `${plural(goals.length, 'goal')} stated or revisited, ${own} in the client's words or agreed by the client; ` +
      `${plural(homework.length, 'task')} for between sessions, ${committed} taken up with commitment; ` +
      `${plural(checking, 'turn')} eliciting goals, checking fit or leaving the choice to the client; ` +
      `${plural(contested, 'client turn')} disagreeing or going along without committing.`,
    indicators: {
      goals: goals.length,
      goalsOwnedOrAgreed: own,
      tasks: homework.length,
      tasksCommitted: committed,
      fitChecked: checking,
      contested,
    },
    evidence: evidence(
      evidenceFrom(goalTurns, 2),
      evidenceFrom(taskTurns, 2),
      evidenceFrom(s.cue.sharedGoal, 1, CUES.sharedGoal),
      evidenceFrom(s.compliance, 1),
    ),
  };
}
