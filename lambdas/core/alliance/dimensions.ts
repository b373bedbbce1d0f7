/**
 * The five alliance dimensions. Each is a weighted mean of components in [0, 1], every component a
 * counted behaviour mapped onto a published anchor where one exists (MITI 4.2 "fair" and "good"
 * thresholds for reflection-to-question ratio, % complex reflections and % open questions). Nothing here
 * was fitted to labelled sessions: the weights are clinical judgement, written down so they can be argued.
 */
import type { DimensionName, DimensionScore, Evidence } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';
import { contentWords } from '../metrics/text.js';
import { AFFIRM as AFFIRMATION, PERMISSION } from '../metrics/utterance-codes.js';
import { CLIENT_AGREEMENT, CLIENT_DISAGREEMENT, CUES, MINIMAL_TURN } from './cues.js';

/** Linear map of `value` from [poor, good] onto [0, 1], clamped; works for either direction. */
export function scale(value: number, poor: number, good: number): number {
  const t = (value - poor) / (good - poor);
  return Math.max(0, Math.min(1, t));
}

interface Component {
  weight: number;
  value: number;
}

function weighted(components: Component[]): number {
  const total = components.reduce((s, c) => s + c.weight, 0);
  return Math.round((100 * components.reduce((s, c) => s + c.weight * c.value, 0)) / total);
}

/** Per-session counts the dimensions share, gathered in one pass over the therapist's turns. */
export interface SessionSignals {
  therapistTurns: number;
  /** Therapist turns with content (not "mm-hmm"). */
  substantive: number;
  reflectionTurns: CodedTurn[];
  openQuestionTurns: CodedTurn[];
  unsolicitedInput: CodedTurn[];
  confrontations: CodedTurn[];
  permissionTurns: CodedTurn[];
  responsive: number;
  cue: Record<keyof typeof CUES, CodedTurn[]>;
  affirmations: CodedTurn[];
  clientAgreements: CodedTurn[];
  clientDisagreements: CodedTurn[];
  changeTalk: CodedTurn[];
  sustainTalk: CodedTurn[];
}

export function gatherSignals(session: CodedSession): SessionSignals {
  const cue = Object.fromEntries(Object.keys(CUES).map((k) => [k, [] as CodedTurn[]])) as SessionSignals['cue'];
  const signals: SessionSignals = {
    therapistTurns: session.therapistTurns.length,
    substantive: 0,
    reflectionTurns: [],
    openQuestionTurns: [],
    unsolicitedInput: [],
    confrontations: [],
    permissionTurns: [],
    responsive: 0,
    cue,
    affirmations: [],
    clientAgreements: [],
    clientDisagreements: [],
    changeTalk: [],
    sustainTalk: [],
  };
  let permissionRecently = false;
  for (const t of session.therapistTurns) {
    const c = t.therapist!;
    if (!MINIMAL_TURN.test(t.norm)) signals.substantive++;
    if (c.reflections.simple + c.reflections.complex > 0) signals.reflectionTurns.push(t);
    if (c.questions.open > 0) signals.openQuestionTurns.push(t);
    if (c.asksPermission) signals.permissionTurns.push(t);
    // Advice or information right after the client agreed to hear it counts as permitted (MITI).
    const permitted = c.asksPermission || permissionRecently;
    if (c.confrontation) signals.confrontations.push(t);
    else if ((c.advice !== null || c.information) && !permitted && c.primary === 'input') signals.unsolicitedInput.push(t);
    permissionRecently = c.asksPermission;
    if (c.affirmation) signals.affirmations.push(t);
    for (const key of Object.keys(CUES) as (keyof typeof CUES)[]) if (CUES[key].test(t.norm)) cue[key].push(t);
    const previous = t.previousOther === null ? undefined : session.turns[t.previousOther];
    if (previous && !MINIMAL_TURN.test(t.norm)) {
      const mine = contentWords(t.norm);
      let shared = 0;
      for (const w of contentWords(previous.norm)) if (mine.has(w)) shared++;
      if (shared >= 1) signals.responsive++;
    }
  }
  for (const t of session.clientTurns) {
    if (CLIENT_AGREEMENT.test(t.norm)) signals.clientAgreements.push(t);
    if (CLIENT_DISAGREEMENT.test(t.norm)) signals.clientDisagreements.push(t);
    if (t.client === 'change') signals.changeTalk.push(t);
    if (t.client === 'sustain') signals.sustainTalk.push(t);
  }
  return signals;
}

function evidenceFrom(turns: CodedTurn[], limit: number, pattern?: RegExp): Evidence[] {
  return turns.slice(0, limit).map((t) => ({
    turnId: t.turn.id,
    quote: quoteOf(t.turn, t.therapist?.cueSentence ?? 0, pattern),
  }));
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

function complexFirst(turns: CodedTurn[]): CodedTurn[] {
  return [...turns].sort((a, b) => b.therapist!.reflections.complex - a.therapist!.reflections.complex);
}

function longestTurn(turns: CodedTurn[]): CodedTurn[] {
  let longest: CodedTurn | undefined;
  for (const t of turns) if (!longest || t.words > longest.words) longest = t;
  return longest ? [longest] : [];
}

type Scored = Omit<DimensionScore, 'abstained' | 'abstentionReason'>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Scores all five dimensions for one session. */
export function scoreDimensions(session: CodedSession, metrics: SessionMetrics): Record<DimensionName, Scored> {
  const s = gatherSignals(session);
  const t = metrics.therapist;
  const turns = Math.max(1, s.therapistTurns);
  const substantive = Math.max(1, s.substantive);
  const unsolicitedRate = s.unsolicitedInput.length / substantive;
  const confrontRate = s.confrontations.length / substantive;
  const reflectionShare = s.reflectionTurns.length / substantive;
  const rq = t.reflectionToQuestionRatio ?? (s.reflectionTurns.length > 0 ? 2 : 0);
  const has = (k: keyof typeof CUES) => s.cue[k].length > 0;
  const STRUCTURE_NAMES = { checkIn: 'check-in', agenda: 'agenda', homework: 'homework', summary: 'summary' } as const;
  const structureParts = (Object.keys(STRUCTURE_NAMES) as (keyof typeof STRUCTURE_NAMES)[]).filter(has);
  const informing = s.unsolicitedInput.length + t.advice.withPermission + s.cue.rationale.length;

  // CTRS 1 (agenda) and 10 (application of techniques with a rationale); WAI-SR task; MITI: information
  // offered with permission is MI-consistent, unsolicited advice and confrontation are not.
  const therapeuticFramework: Scored = {
    score: weighted([
      { weight: 0.45, value: scale(unsolicitedRate, 0.3, 0.02) },
      { weight: 0.15, value: scale(confrontRate, 0.1, 0) },
      { weight: 0.2, value: Math.min(1, 0.4 + 0.3 * (s.cue.agenda.length + s.cue.rationale.length)) },
      { weight: 0.2, value: informing === 0 ? 0.6 : (t.advice.withPermission + s.permissionTurns.length + s.cue.rationale.length) / (informing + s.permissionTurns.length) },
    ]),
    rationale:
      `${plural(s.unsolicitedInput.length, 'turn')} of unsolicited advice or information and ${plural(s.confrontations.length, 'confrontation')} ` +
      `in ${plural(s.substantive, 'substantive therapist turn')}; permission asked ${plural(s.permissionTurns.length, 'time')}; ` +
      `${plural(s.cue.agenda.length, 'agenda-setting turn')} and ${plural(s.cue.rationale.length, 'turn')} giving a rationale or psychoeducation.`,
    indicators: {
      unsolicitedInput: s.unsolicitedInput.length,
      confrontations: s.confrontations.length,
      permissionAsked: s.permissionTurns.length,
      agendaSetting: s.cue.agenda.length,
      rationaleOrPsychoeducation: s.cue.rationale.length,
    },
    evidence: evidence(evidenceFrom(s.cue.agenda, 1, CUES.agenda), evidenceFrom(s.cue.rationale, 1, CUES.rationale), evidenceFrom(s.permissionTurns, 1, PERMISSION), evidenceFrom(s.unsolicitedInput, 2), evidenceFrom(s.confrontations, 1)),
  };

  // CTRS 4 (pacing and efficient use of time) and the CBT session structure (check-in, agenda,
  // homework review, summary); talk-time balance as in MI (the client should do most of the talking).
  const therapistShare = metrics.talk.therapist.wordShare;
  const sessionManagement: Scored = {
    score: weighted([
      { weight: 0.35, value: scale(therapistShare, 0.75, 0.45) },
      { weight: 0.25, value: scale(metrics.talk.therapist.meanTurnWords, 60, 18) },
      { weight: 0.25, value: 0.3 + 0.7 * (structureParts.length / 4) },
      { weight: 0.15, value: scale(s.responsive / substantive, 0.2, 0.7) },
    ]),
    rationale:
      `The therapist spoke ${Math.round(therapistShare * 100)}% of the words, ${Math.round(metrics.talk.therapist.meanTurnWords)} words a turn on average ` +
      `(longest ${metrics.talk.therapist.longestTurnWords}); session structure seen: ${structureParts.length > 0 ? structureParts.map((k) => STRUCTURE_NAMES[k]).join(', ') : 'none of check-in, agenda, homework, summary'}.`,
    indicators: {
      therapistWordShare: Number(therapistShare.toFixed(3)),
      therapistMeanTurnWords: Number(metrics.talk.therapist.meanTurnWords.toFixed(1)),
      checkIn: s.cue.checkIn.length,
      agenda: s.cue.agenda.length,
      homework: s.cue.homework.length,
      summary: s.cue.summary.length,
      responsiveTurns: s.responsive,
    },
    // The longest therapist turn shows the pacing at its extreme.
    evidence: evidence(evidenceFrom(s.cue.checkIn, 1, CUES.checkIn), evidenceFrom(s.cue.agenda, 1, CUES.agenda), evidenceFrom(s.cue.homework, 1, CUES.homework), evidenceFrom(s.cue.summary, 1, CUES.summary), evidenceFrom(longestTurn(session.therapistTurns), 1)),
  };

  // WAI-SR bond, SRS "relationship", MITI empathy global (reflections, complex reflections), CTRS 3
  // interpersonal effectiveness (warmth, validation); confrontation erodes the bond.
  const therapeuticRelationship: Scored = {
    score: weighted([
      { weight: 0.35, value: scale(reflectionShare, 0.05, 0.45) },
      { weight: 0.2, value: t.percentComplexReflections === null ? 0.3 : scale(t.percentComplexReflections, 0.2, 0.6) },
      { weight: 0.2, value: scale((s.cue.validation.length + s.affirmations.length) / turns, 0, 0.12) },
      { weight: 0.15, value: scale(confrontRate, 0.1, 0) },
      { weight: 0.1, value: scale(s.responsive / substantive, 0.2, 0.7) },
    ]),
    rationale:
      `${plural(s.reflectionTurns.length, 'turn')} with reflections (${t.reflections.complex} complex, ${t.reflections.simple} simple) in ${plural(s.substantive, 'substantive therapist turn')}; ` +
      `${plural(s.cue.validation.length, 'validating turn')}, ${plural(s.affirmations.length, 'affirmation')}, ${plural(s.confrontations.length, 'confrontation')}.`,
    indicators: {
      reflections: t.reflections.simple + t.reflections.complex,
      complexReflections: t.reflections.complex,
      validation: s.cue.validation.length,
      affirmations: s.affirmations.length,
      confrontations: s.confrontations.length,
      responsiveTurns: s.responsive,
    },
    evidence: evidence(evidenceFrom(complexFirst(s.reflectionTurns), 2), evidenceFrom(s.cue.validation, 1, CUES.validation), evidenceFrom(s.affirmations, 1, AFFIRMATION), evidenceFrom(s.confrontations, 1)),
  };

  // CTRS 6-10 (guided discovery, strategy for change, techniques, homework); MITI evocation and
  // "cultivating change talk": open questions and reflections over closed questions and the righting reflex.
  const adviceRate = t.advice.withoutPermission / substantive;
  const therapeuticProcess: Scored = {
    score: weighted([
      { weight: 0.3, value: t.percentOpenQuestions === null ? 0.3 : scale(t.percentOpenQuestions, 0.2, 0.7) },
      { weight: 0.3, value: scale(rq, 0.3, 2) },
      { weight: 0.2, value: scale(adviceRate, 0.2, 0) },
      { weight: 0.2, value: Math.min(1, 0.4 + 0.2 * (s.cue.technique.length + s.cue.homework.length)) },
    ]),
    rationale:
      `${t.questions.open} open and ${t.questions.closed} closed questions; reflection-to-question ratio ${rq.toFixed(2)} (MITI: 1 fair, 2 good); ` +
      `${plural(t.advice.withoutPermission, 'piece')} of advice without permission; ${plural(s.cue.technique.length + s.cue.homework.length, 'turn')} introducing a technique or homework.`,
    indicators: {
      openQuestions: t.questions.open,
      closedQuestions: t.questions.closed,
      reflectionToQuestionRatio: Number(rq.toFixed(2)),
      adviceWithoutPermission: t.advice.withoutPermission,
      techniqueTurns: s.cue.technique.length,
      homeworkTurns: s.cue.homework.length,
    },
    evidence: evidence(evidenceFrom(s.openQuestionTurns, 2), evidenceFrom(s.cue.technique, 1, CUES.technique), evidenceFrom(s.cue.homework, 1, CUES.homework), evidenceFrom(session.therapistTurns.filter((x) => x.therapist!.advice === 'without_permission'), 1)),
  };

  // WAI-SR goal and task agreement, SRS "goals and topics" and "approach", MITI partnership: shared
  // goals, "we", asking for feedback and permission, autonomy, agreement, and the client's change talk.
  const collaboration = s.cue.feedback.length + s.permissionTurns.length + s.cue.autonomy.length;
  const agreement = (s.clientAgreements.length + 1) / (s.clientAgreements.length + 2 * s.clientDisagreements.length + 2);
  const changeShare = metrics.client.percentChangeTalk;
  const collaborativeProgress: Scored = {
    score: weighted([
      { weight: 0.15, value: scale(s.cue.we.length / turns, 0, 0.25) },
      { weight: 0.3, value: scale(collaboration / turns, 0, 0.12) },
      { weight: 0.15, value: Math.min(1, 0.3 + 0.35 * s.cue.sharedGoal.length) },
      { weight: 0.15, value: agreement },
      { weight: 0.25, value: changeShare === null ? 0.5 : scale(changeShare, 0.3, 0.8) },
    ]),
    rationale:
      `${plural(collaboration, 'turn')} asking for feedback or permission or stressing the client's choice; ${plural(s.cue.we.length, 'turn')} of "we" language; ` +
      `${plural(s.cue.sharedGoal.length, 'turn')} about the client's goals; client agreed ${plural(s.clientAgreements.length, 'time')} and disagreed ${plural(s.clientDisagreements.length, 'time')}; ` +
      `change talk ${metrics.client.changeTalk} vs sustain talk ${metrics.client.sustainTalk}.`,
    indicators: {
      feedbackElicited: s.cue.feedback.length,
      permissionAsked: s.permissionTurns.length,
      autonomySupport: s.cue.autonomy.length,
      weLanguage: s.cue.we.length,
      sharedGoals: s.cue.sharedGoal.length,
      clientAgreements: s.clientAgreements.length,
      clientDisagreements: s.clientDisagreements.length,
      changeTalk: metrics.client.changeTalk,
      sustainTalk: metrics.client.sustainTalk,
    },
    evidence: evidence(evidenceFrom(s.cue.feedback, 1, CUES.feedback), evidenceFrom(s.cue.sharedGoal, 1, CUES.sharedGoal), evidenceFrom(s.changeTalk, 2), evidenceFrom(s.clientDisagreements, 1, CLIENT_DISAGREEMENT)),
  };

  return { therapeuticFramework, sessionManagement, therapeuticRelationship, therapeuticProcess, collaborativeProgress };
}
