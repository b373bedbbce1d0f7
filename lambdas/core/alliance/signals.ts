/**
 * What the dimensions read, gathered in one pass: the therapist's moves (after MITI 4.2 and the CTRS) and,
 * as CLINICAL-GUIDE §3 asks, what the client does (elaborates, discloses, agrees and builds, pushes back,
 * commits, or goes quiet and complies without committing). Risk-assessment questions are set apart: asking
 * them is good care in every kind of work, so they never count against the therapist's question balance.
 */
import type { RiskReport } from '../../../schemas/risk.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';
import { contentWords } from '../metrics/text.js';
import { extractFeelings } from '../notes/extract/feelings.js';
import { readSession, type ExtractInput } from '../notes/extract/input.js';
import { CLIENT_AGREEMENT, CLIENT_DISAGREEMENT, CUES, FORGETS, LOST_THREAD, MINIMAL_TURN } from './cues.js';

/** The client going along without committing: the whole turn is a shrug. */
const COMPLIANCE =
  /^(?:(?:um+|uh+|well|oh)[\s,.]*)*(?:fine|i guess(?: so)?|i suppose(?: so)?|whatever(?: you (?:think|say|want))?|if you (?:say|think) so|sure,? whatever|okay,? i guess|(?:ok|okay|fine),? if you (?:say|think) so|you're the (?:doctor|expert|boss))[\s.,!?]*$/;

export interface Signals {
  /** The session read once by the language layer (the note engine's reader: goals, homework, feelings). */
  read: ExtractInput;
  therapistTurns: number;
  /** Therapist turns with content (not a backchannel). */
  substantive: CodedTurn[];
  /** Therapist turns that ask risk-assessment questions (set apart from the question balance). */
  riskQuestions: Set<string>;
  questions: { open: number; closed: number };
  openQuestionTurns: CodedTurn[];
  /** Substantive turns that ask (a question of the kind's evocative form) or reflect, and tell nothing unasked. */
  eliciting: CodedTurn[];
  reflectionTurns: CodedTurn[];
  complexReflections: number;
  reflections: number;
  affirmations: CodedTurn[];
  validation: CodedTurn[];
  /** Advice or information without permission, and warnings and lectures: the righting reflex. */
  unsolicitedInput: CodedTurn[];
  /** Warnings, lectures and confrontations: moves that strain the bond whatever the permission. */
  strain: CodedTurn[];
  confrontations: CodedTurn[];
  permissionTurns: CodedTurn[];
  /** Asking for feedback, offering choices, emphasising autonomy, seeking the client's ideas. */
  collaboration: CodedTurn[];
  adviceWithPermission: number;
  /** Therapist turns that take up the client's previous words. */
  responsive: number;
  lostThread: CodedTurn[];
  cue: Record<keyof typeof CUES, CodedTurn[]>;
  // The client.
  clientTurns: number;
  clientWords: number;
  /** Client turns in which the client says something about themselves (a first-person clause), beyond a minimal answer. */
  disclosures: CodedTurn[];
  /** Client turns that agree and go on ("yes, and …", at least six more words). */
  buildsOn: CodedTurn[];
  agreements: CodedTurn[];
  disagreements: CodedTurn[];
  compliance: CodedTurn[];
  changeTalk: CodedTurn[];
  sustainTalk: CodedTurn[];
  /** Feelings the client named about themselves, and whether the therapist's next turn took them up. */
  feelings: { turn: CodedTurn; acknowledged: boolean; by?: CodedTurn }[];
  /** Mean client words per turn in the last third over the first third (1 = steady, below = shrinking). */
  clientTrajectory: number;
  /**
   * Evocation seen from the client's side: the mean words of the client's answer (their consecutive lines, so a
   * chat's several short messages are one answer) to an open question or a reflection; null when none was asked.
   */
  evokedAnswerWords: number | null;
  /** Mean words per therapist reply (consecutive therapist lines taken as one reply, as a chat's messages are). */
  therapistReplyWords: number;
  /** Client turns of some substance (8 words or more) the therapist answered directly, and those answered by telling unasked. */
  clientMaterial: { answered: number; toldInReply: CodedTurn[] };
}

function nextTherapistTurn(session: CodedSession, index: number): CodedTurn | undefined {
  for (let i = index + 1; i < session.turns.length; i++) {
    const t = session.turns[i]!;
    if (t.therapist && !isTherapistBackchannel(t)) return t;
    if (t.client && t.words > 3) return undefined;
  }
  return undefined;
}

/** A therapist turn that only passes the floor back ("mm-hmm", "right"). */
export function isTherapistBackchannel(t: CodedTurn): boolean {
  return MINIMAL_TURN.test(t.norm) || t.therapist?.backchannel === true;
}

/** Does this therapist turn take up a feeling or the words of the client turn before it? */
function acknowledges(t: CodedTurn, feelingTurn: CodedTurn): boolean {
  const c = t.therapist!;
  if (c.reflections.simple + c.reflections.complex > 0 || c.affirmation || CUES.validation.test(t.norm)) return true;
  if (c.primary === 'input' && !c.asksPermission) return false;
  const theirs = contentWords(feelingTurn.norm);
  let shared = 0;
  for (const w of contentWords(t.norm)) if (theirs.has(w)) shared++;
  return shared >= 2 || /\b(?:feel|feeling|felt|sounds|must be|hard|sorry)\b/.test(t.norm);
}

/**
 * @param closedQuestionsEvoke whether a closed question counts as evocative: in structured work (CBT's guided
 * discovery, a medication review, crisis work) many evocative questions are closed ("Is there another way to
 * see it?"); in MI-like work the open question is the evocative form.
 */
export function gatherSignals(session: CodedSession, risk: RiskReport, closedQuestionsEvoke = false): Signals {
  const input = readSession(session.transcript);
  const riskQuestions = new Set<string>();
  for (const e of risk.episodes) for (const q of e.assessment.asked) riskQuestions.add(q.turnId);
  // A screening question answered with a denial is an assessment question too.
  for (const d of risk.denials) {
    const i = session.turns.findIndex((t) => t.turn.id === d.turnId);
    const asked = i > 0 ? session.turns[i - 1] : undefined;
    if (asked?.therapist) riskQuestions.add(asked.turn.id);
  }
  const cue = Object.fromEntries(Object.keys(CUES).map((k) => [k, [] as CodedTurn[]])) as Signals['cue'];
  const s: Signals = {
    read: input,
    therapistTurns: session.therapistTurns.length,
    substantive: [],
    riskQuestions,
    questions: { open: 0, closed: 0 },
    openQuestionTurns: [],
    eliciting: [],
    reflectionTurns: [],
    complexReflections: 0,
    reflections: 0,
    affirmations: [],
    validation: [],
    unsolicitedInput: [],
    strain: [],
    confrontations: [],
    permissionTurns: [],
    collaboration: [],
    adviceWithPermission: 0,
    responsive: 0,
    lostThread: [],
    cue,
    clientTurns: session.clientTurns.length,
    clientWords: 0,
    disclosures: [],
    buildsOn: [],
    agreements: [],
    disagreements: [],
    compliance: [],
    changeTalk: [],
    sustainTalk: [],
    feelings: [],
    clientTrajectory: 1,
    evokedAnswerWords: null,
    clientMaterial: { answered: 0, toldInReply: [] },
    therapistReplyWords: 0,
  };
  let permissionRecently = false;
  const telling = new Set<CodedTurn>();
  for (const t of session.therapistTurns) {
    const c = t.therapist!;
    for (const key of Object.keys(CUES) as (keyof typeof CUES)[]) if (CUES[key].test(t.norm)) cue[key].push(t);
    if (isTherapistBackchannel(t)) continue;
    s.substantive.push(t);
    if (!riskQuestions.has(t.turn.id)) {
      s.questions.open += c.questions.open;
      s.questions.closed += c.questions.closed;
      if (c.questions.open > 0) s.openQuestionTurns.push(t);
    }
    const reflections = c.reflections.simple + c.reflections.complex;
    if (reflections > 0) s.reflectionTurns.push(t);
    s.reflections += reflections;
    s.complexReflections += c.reflections.complex;
    if (c.affirmation) s.affirmations.push(t);
    if (CUES.validation.test(t.norm)) s.validation.push(t);
    if (c.asksPermission) s.permissionTurns.push(t);
    if (c.asksPermission || CUES.feedback.test(t.norm) || CUES.autonomy.test(t.norm) || c.autonomy || c.seeksCollaboration) s.collaboration.push(t);
    // Advice or information right after the client agreed to hear it counts as permitted (MITI).
    const permitted = c.asksPermission || permissionRecently;
    const warnsOrLectures = c.warning || c.lecture;
    if (c.confrontation) s.confrontations.push(t);
    const strains = c.confrontation || (warnsOrLectures && !permitted);
    const tells = !c.confrontation && (((c.advice !== null || c.information) && !permitted && c.primary === 'input') || (warnsOrLectures && !permitted));
    if (strains) s.strain.push(t);
    if (tells) {
      s.unsolicitedInput.push(t);
      telling.add(t);
    }
    if (c.advice === 'with_permission' || ((c.advice !== null || c.information) && permitted)) s.adviceWithPermission++;
    permissionRecently = c.asksPermission;
    if (LOST_THREAD.test(t.norm) || FORGETS.test(t.norm)) s.lostThread.push(t);
    const asks = c.questions.open > 0 || (closedQuestionsEvoke && c.questions.closed > 0);
    if ((asks || reflections > 0) && !tells && !strains) s.eliciting.push(t);
    const previous = t.previousOther === null ? undefined : session.turns[t.previousOther];
    if (previous) {
      const mine = contentWords(t.norm);
      let shared = 0;
      for (const w of contentWords(previous.norm)) if (mine.has(w)) shared++;
      if (shared >= 1) s.responsive++;
    }
  }
  const byIndex = new Map(input.turns.map((t) => [t.index, t]));
  for (const t of session.clientTurns) {
    s.clientWords += t.words;
    const prompt = t.previousOther === null ? undefined : session.turns[t.previousOther];
    const afterSummaryOrReflection =
      prompt?.therapist !== undefined && (prompt.therapist.reflections.simple + prompt.therapist.reflections.complex > 0 || CUES.summary.test(prompt.norm));
    if (CLIENT_AGREEMENT.test(t.norm)) {
      s.agreements.push(t);
      if (t.words >= 7 && afterSummaryOrReflection) s.buildsOn.push(t);
    }
    if (CLIENT_DISAGREEMENT.test(t.norm)) s.disagreements.push(t);
    // A shrug is compliance when it answers a proposal (advice, a plan, a statement), not a question about how things are.
    if (
      COMPLIANCE.test(t.norm) &&
      prompt?.therapist &&
      (prompt.therapist.advice !== null || prompt.therapist.primary === 'input' || CUES.homework.test(prompt.norm) || !prompt.turn.text.trim().endsWith('?'))
    )
      s.compliance.push(t);
    if (t.client === 'change') s.changeTalk.push(t);
    if (t.client === 'sustain') s.sustainTalk.push(t);
    const read = byIndex.get(t.index);
    if (read && t.words >= 6 && read.sentences.some((sentence) => sentence.clauses.some((cl) => cl.subject === 'speaker'))) s.disclosures.push(t);
  }
  for (const f of extractFeelings(input)) {
    const turn = session.turns[f.turnIndex];
    if (!turn?.client || s.feelings.some((x) => x.turn === turn)) continue;
    const next = nextTherapistTurn(session, f.turnIndex);
    if (!next) continue;
    s.feelings.push({ turn, acknowledged: acknowledges(next, turn), ...(acknowledges(next, turn) ? { by: next } : {}) });
  }
  const answers: number[] = [];
  for (let i = 0; i < session.turns.length; i++) {
    const t = session.turns[i]!;
    const c = t.therapist;
    if (!c || riskQuestions.has(t.turn.id) || c.questions.open + c.reflections.simple + c.reflections.complex === 0) continue;
    let words = 0;
    let j = i + 1;
    for (; j < session.turns.length && session.turns[j]!.client !== undefined; j++) words += session.turns[j]!.words;
    if (j > i + 1) answers.push(words);
  }
  for (const t of session.clientTurns) {
    const reply = session.turns[t.index + 1];
    if (t.words < 8 || !reply?.therapist) continue;
    s.clientMaterial.answered++;
    if (telling.has(reply)) s.clientMaterial.toldInReply.push(reply);
  }
  const replies: number[] = [];
  for (const t of session.turns) {
    if (!t.therapist) continue;
    const previous = t.index > 0 ? session.turns[t.index - 1] : undefined;
    if (previous?.therapist) replies[replies.length - 1]! += t.words;
    else replies.push(t.words);
  }
  s.therapistReplyWords = replies.length === 0 ? 0 : replies.reduce((a, b) => a + b, 0) / replies.length;
  s.evokedAnswerWords = answers.length === 0 ? null : answers.reduce((a, b) => a + b, 0) / answers.length;
  const n = session.clientTurns.length;
  if (n >= 6) {
    const third = Math.floor(n / 3);
    const mean = (xs: CodedTurn[]) => xs.reduce((a, t) => a + t.words, 0) / Math.max(1, xs.length);
    const first = mean(session.clientTurns.slice(0, third));
    const last = mean(session.clientTurns.slice(n - third));
    s.clientTrajectory = first === 0 ? 1 : last / first;
  }
  return s;
}
