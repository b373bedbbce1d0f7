/**
 * Technique: the MITI 4.2 behaviour counts laid out for supervision, compared with their thresholds where MI
 * norms apply, and the moments that show them: where a run of questions went unreflected, where advice came
 * unasked, where the therapist held the floor. Counts come from schemas/metrics.ts (counted by code, never
 * estimated); the moments point at the turns the coders marked, and each alternative is written at its turn.
 *
 * Thresholds (MITI 4.2.1, Moyers et al. 2016): reflection-to-question ratio fair 1, good 2; percent complex
 * reflections fair 40%, good 50%. Percent open questions is MITI 3.1's (fair 50%, good 70%): MITI 4
 * dropped it, supervisors still ask for it.
 */
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { MitiBand, SupervisionModality, SupervisionMoment, SupervisionProcess } from '../../../schemas/supervision.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';
import { handBackAlternative, rollWithItAlternative, techniqueAlternative } from './alternatives.js';
import { feelingIn, readsMitiNorms, taskAt, topicAt, type SessionContext, type Topic } from './context.js';
import { atTurns, citing, percent, plural, SEVERITY_RANK } from './phrasing.js';
import { WHY } from './wording.js';

export const MITI = {
  reflectionToQuestion: { good: 2, fair: 1 },
  percentComplexReflections: { good: 0.5, fair: 0.4 },
  percentOpenQuestions: { good: 0.7, fair: 0.5 },
} as const;

/** A technique moment is only drawn from a session with at least this many questions (or reflections). */
const MIN_COUNTED = 4;
/** The therapist holding this share of the words is a moment; from the higher one it is medium. */
const FLOOR_SHARE = 0.6;
const FLOOR_SHARE_MEDIUM = 0.75;

function band(value: number | null, thresholds: { good: number; fair: number }): MitiBand {
  if (value === null) return 'not_applicable';
  return value >= thresholds.good ? 'good' : value >= thresholds.fair ? 'fair' : 'below_fair';
}

/** The counts for a supervisor; the MITI bands only where MI norms apply (MI, supportive, peer support). */
export function processOf(metrics: SessionMetrics, modality: SupervisionModality = 'supportive'): SupervisionProcess {
  const t = metrics.therapist;
  const talk = (role: 'therapist' | 'client') => {
    const r = metrics.talk[role];
    return {
      words: r.words,
      wordShare: r.wordShare,
      ...(r.secondsShare === undefined ? {} : { secondsShare: r.secondsShare }),
      turns: r.turns,
      meanTurnWords: r.meanTurnWords,
    };
  };
  const questions = t.questions.open + t.questions.closed;
  const reflections = t.reflections.simple + t.reflections.complex;
  // A ratio is only a MITI summary score when there was something to divide.
  const ratio = questions === 0 ? null : t.reflectionToQuestionRatio;
  const percentOpen = questions === 0 ? null : t.percentOpenQuestions;
  const percentComplex = reflections === 0 ? null : t.percentComplexReflections;
  return {
    talkShare: { therapist: talk('therapist'), client: talk('client') },
    questions: { open: t.questions.open, closed: t.questions.closed, percentOpen },
    reflections: { simple: t.reflections.simple, complex: t.reflections.complex, percentComplex },
    reflectionToQuestionRatio: ratio,
    affirmations: t.affirmations,
    advice: { withPermission: t.advice.withPermission, withoutPermission: t.advice.withoutPermission },
    information: t.information,
    confrontations: t.confrontations,
    clientLanguage: { changeTalk: metrics.client.changeTalk, sustainTalk: metrics.client.sustainTalk, percentChangeTalk: metrics.client.percentChangeTalk },
    ...(readsMitiNorms(modality)
      ? {
          miti: {
            reflectionToQuestion: band(ratio, MITI.reflectionToQuestion),
            percentComplexReflections: band(percentComplex, MITI.percentComplexReflections),
            percentOpenQuestions: band(percentOpen, MITI.percentOpenQuestions),
          },
        }
      : {}),
  };
}

const asks = (t: CodedTurn) => t.therapist!.questions.open + t.therapist!.questions.closed > 0;
const reflects = (t: CodedTurn) => t.therapist!.reflections.simple + t.therapist!.reflections.complex > 0;

/** The longest run of therapist turns that asked and did not reflect (client turns between them are the answers). */
function longestQuestionRun(session: CodedSession, unreflected: (t: CodedTurn) => boolean): CodedTurn[] {
  let best: CodedTurn[] = [];
  let run: CodedTurn[] = [];
  for (const t of session.therapistTurns) {
    if (unreflected(t)) run.push(t);
    else run = [];
    if (run.length > best.length) best = [...run];
  }
  return best;
}

function moment(turns: readonly CodedTurn[], fields: Omit<SupervisionMoment, 'domain' | 'turnId' | 'evidence'>): SupervisionMoment | null {
  const first = turns[0];
  if (!first) return null;
  return {
    domain: 'technique',
    turnId: first.turn.id,
    evidence: citing(
      first.turn.id,
      turns.map((t) => t.turn.id),
      4,
    ),
    ...fields,
  };
}

const ratioText = (r: number) => String(Number(r.toFixed(2)));

/**
 * The question counts outside the risk assessment: asking about intent, plan and means after a disclosure
 * is good care, closed by nature, and never counted against the therapist's reflective listening.
 */
function questionsOutsideRisk(session: CodedSession, metrics: SessionMetrics, assessment: ReadonlySet<string>) {
  let open = metrics.therapist.questions.open;
  let closed = metrics.therapist.questions.closed;
  for (const t of session.therapistTurns) {
    if (!assessment.has(t.turn.id)) continue;
    open -= t.therapist!.questions.open;
    closed -= t.therapist!.questions.closed;
  }
  return { open: Math.max(0, open), closed: Math.max(0, closed), excluded: assessment.size > 0 };
}

/** The client's turn a therapist turn answered, if any. */
function answerBefore(ctx: SessionContext, asking: CodedTurn): CodedTurn | undefined {
  return asking.previousOther === null ? undefined : ctx.session.turns[asking.previousOther];
}

/**
 * Technique moments and strengths, the concerns first. `assessment`: the turns that asked about a disclosure.
 * The MITI counts (reflections per question, complex reflections, open questions, advice without permission)
 * are MI norms: they are raised only for MI-like work (`readsMitiNorms`), and shown as MI reference points. A
 * structured CBT, psychiatric or crisis session is judged by its own practice instead (practice.ts). Arguing
 * with the client and holding the floor strain any kind of work.
 */
export function techniqueMoments(ctx: SessionContext, metrics: SessionMetrics, assessment: ReadonlySet<string> = new Set()): SupervisionMoment[] {
  const { session, modality } = ctx;
  const miti = readsMitiNorms(modality);
  const t = metrics.therapist;
  const therapists = session.therapistTurns;
  const counted = questionsOutsideRisk(session, metrics, assessment);
  const questions = counted.open + counted.closed;
  const reflections = t.reflections.simple + t.reflections.complex;
  const outside = counted.excluded ? ' outside the risk assessment' : '';
  const out: (SupervisionMoment | null)[] = [];
  const unreflected = (x: CodedTurn) => asks(x) && !reflects(x) && !assessment.has(x.turn.id);

  // Reflections per question, shown at the longest unreflected run of questions.
  const ratio = questions === 0 ? null : reflections / questions;
  if (miti && questions >= MIN_COUNTED && ratio !== null && ratio < MITI.reflectionToQuestion.fair) {
    const run = longestQuestionRun(session, unreflected);
    const runText =
      run.length >= 2
        ? ` From ${run[0]!.turn.id} to ${run.at(-1)!.turn.id} the therapist asked ${run.length} questions in a row without reflecting an answer.`
        : '';
    const turns = run.length > 0 ? run : therapists.filter(unreflected);
    // The question that could have been a reflection: the second of the run, after the first answer.
    const at = turns[1] ?? turns[0];
    out.push(
      moment(turns, {
        kind: 'technique',
        severity: ratio < MITI.reflectionToQuestion.fair / 2 ? 'medium' : 'low',
        title:
          run.length >= 2
            ? `questions without reflections from ${run[0]!.turn.id} to ${run.at(-1)!.turn.id}`
            : `more questions than reflections, from ${turns[0]?.turn.id ?? 'the start'}`,
        what: `${plural(questions, 'question')}${outside} to ${plural(reflections, 'reflection')} (${ratioText(ratio)} reflections per question; as MI reference points, MITI counts 1 as fair and 2 as good).${runText}`,
        whyItMatters: WHY.questionRun,
        alternative: at ? techniqueAlternative('reflectInstead', at.turn.id, topicAt(ctx, answerBefore(ctx, at))) : null,
      }),
    );
  }

  // Depth of reflection: simple reflections repeat, complex ones add meaning or feeling.
  const percentComplex = t.percentComplexReflections;
  if (miti && reflections >= MIN_COUNTED && percentComplex !== null && percentComplex < MITI.percentComplexReflections.fair) {
    const simple = therapists.filter((x) => x.therapist!.reflections.simple > 0 && x.therapist!.reflections.complex === 0);
    const first = simple[0];
    out.push(
      moment(simple, {
        kind: 'technique',
        severity: 'low',
        title: `mostly simple reflections, as at ${atTurns(simple.slice(0, 2).map((x) => x.turn.id))}`,
        what: `${t.reflections.complex} of ${plural(reflections, 'reflection')} were complex (${percent(percentComplex)}; as MI reference points, MITI counts 40% as fair and 50% as good): most reflections repeated what was said, as at ${atTurns(simple.slice(0, 3).map((x) => x.turn.id))}.`,
        whyItMatters: WHY.simpleReflections,
        alternative: first ? techniqueAlternative('complexReflection', first.turn.id, null, feelingIn(answerBefore(ctx, first))) : null,
      }),
    );
  }

  const percentOpen = questions === 0 ? null : counted.open / questions;
  if (miti && questions >= MIN_COUNTED && percentOpen !== null && percentOpen < MITI.percentOpenQuestions.fair) {
    const closed = therapists.filter((x) => x.therapist!.questions.closed > 0 && x.therapist!.questions.open === 0 && !assessment.has(x.turn.id));
    const first = closed[0];
    out.push(
      moment(closed, {
        kind: 'technique',
        severity: 'low',
        title: `closed questions, as at ${atTurns(closed.slice(0, 2).map((x) => x.turn.id))}`,
        what: `${counted.closed} of ${plural(questions, 'question')}${outside} were closed (${percent(1 - percentOpen)}), answerable in a word, as at ${atTurns(closed.slice(0, 3).map((x) => x.turn.id))}; as an MI reference point, MITI 3.1 counts 50% open as fair and 70% as good.`,
        whyItMatters: WHY.closedQuestions,
        alternative: first ? techniqueAlternative('openQuestion', first.turn.id, topicAt(ctx, answerBefore(ctx, first))) : null,
      }),
    );
  }

  // Advice without permission is an MI norm (MITI persuade): structured work gives direction as its task.
  if (miti && t.advice.withoutPermission > 0) {
    const unasked = therapists.filter((x) => x.therapist!.advice === 'without_permission');
    const first = unasked[0];
    out.push(
      moment(unasked, {
        kind: 'technique',
        severity: t.advice.withoutPermission >= 3 ? 'medium' : 'low',
        title: `advice without asking permission, first at ${first?.turn.id ?? 'an uncoded turn'}`,
        what: `Advice was given ${t.advice.withoutPermission === 1 ? 'once' : `${t.advice.withoutPermission} times`} without first asking permission, first at ${first?.turn.id ?? 'an uncoded turn'}.`,
        whyItMatters: WHY.unaskedAdvice,
        alternative: first
          ? techniqueAlternative('askPermission', first.turn.id, topicAt(ctx, first) ?? topicAt(ctx, answerBefore(ctx, first)) ?? behaviourTopic(ctx))
          : null,
      }),
    );
  }

  if (t.confrontations > 0) {
    const confronting = therapists.filter((x) => x.therapist!.confrontation);
    const first = confronting[0];
    out.push(
      moment(confronting, {
        kind: 'technique',
        severity: 'medium',
        title: `arguing with the client, first at ${first?.turn.id ?? 'an uncoded turn'}`,
        what: `The therapist confronted the client (argued, warned or disagreed directly) in ${plural(confronting.length, 'turn')}, first at ${first?.turn.id ?? 'an uncoded turn'}.`,
        whyItMatters: WHY.confrontation,
        alternative: first
          ? rollWithItAlternative(first.turn.id, ctx.modality === 'psychiatric' ? (taskAt(ctx, first.index) ?? 'the plan') : ctx.behaviour, ctx.modality)
          : null,
      }),
    );
  }

  // Talk share says nothing in a peer-support chat; structured work explains more, so only the higher share is raised there.
  const talk = metrics.talk;
  const floor = miti ? FLOOR_SHARE : FLOOR_SHARE_MEDIUM;
  if (modality !== 'peer_support' && talk.client.turns > 0 && talk.therapist.turns > 0 && talk.therapist.wordShare >= floor) {
    const longest = therapists.reduce((a, b) => (b.words > a.words ? b : a));
    out.push(
      moment([longest], {
        kind: 'technique',
        severity: talk.therapist.wordShare >= FLOOR_SHARE_MEDIUM ? 'medium' : 'low',
        title: `the therapist holding the floor (${percent(talk.therapist.wordShare)} of the words), longest at ${longest.turn.id}`,
        what: `The therapist spoke ${percent(talk.therapist.wordShare)} of the words, averaging ${Math.round(talk.therapist.meanTurnWords)} words a turn against the client's ${Math.round(talk.client.meanTurnWords)}; the longest turn, at ${longest.turn.id}, ran ${longest.words} words.`,
        whyItMatters: WHY.floor,
        alternative: handBackAlternative(longest.turn.id, taskAt(ctx, longest.index), ctx.modality),
      }),
    );
  }

  // Strengths: named so they are kept. Permission first: it is a moment, the others are counts.
  if (t.advice.withPermission > 0) {
    const asked = therapists.filter((x) => x.therapist!.advice === 'with_permission');
    out.push(
      moment(asked, {
        kind: 'strength',
        severity: 'none',
        title: `permission asked before advice at ${asked[0]?.turn.id ?? 'an uncoded turn'}`,
        what: `Advice came after asking permission ${t.advice.withPermission === 1 ? 'once' : `${t.advice.withPermission} times`}, first at ${asked[0]?.turn.id ?? 'an uncoded turn'}.`,
        whyItMatters: WHY.permission,
        alternative: null,
      }),
    );
  }
  if (reflections >= 2 && percentComplex !== null && percentComplex >= MITI.percentComplexReflections.good) {
    const complex = therapists.filter((x) => x.therapist!.reflections.complex > 0);
    out.push(
      moment(complex, {
        kind: 'strength',
        severity: 'none',
        title: `complex reflections (${percent(percentComplex)} of reflections), as at ${atTurns(complex.slice(0, 2).map((x) => x.turn.id))}`,
        what: `${t.reflections.complex} of ${plural(reflections, 'reflection')} were complex (${percent(percentComplex)}), adding meaning or feeling to what was said, as at ${atTurns(complex.slice(0, 3).map((x) => x.turn.id))}.`,
        whyItMatters: WHY.complexReflections,
        alternative: null,
      }),
    );
  }
  if (miti && questions >= 2 && ratio !== null && ratio >= MITI.reflectionToQuestion.good) {
    const reflecting = therapists.filter(reflects);
    out.push(
      moment(reflecting, {
        kind: 'strength',
        severity: 'none',
        title: `listening more than asking (${ratioText(ratio)} reflections per question)`,
        what: `${plural(reflections, 'reflection')} to ${plural(questions, 'question')}${outside} (${ratioText(ratio)} per question, at the MITI "good" level for MI): the therapist listened more than asked, as at ${atTurns(reflecting.slice(0, 3).map((x) => x.turn.id))}.`,
        whyItMatters: WHY.reflectiveListening,
        alternative: null,
      }),
    );
  }
  if (t.affirmations > 0) {
    const affirming = therapists.filter((x) => x.therapist!.affirmation);
    out.push(
      moment(affirming, {
        kind: 'strength',
        severity: 'none',
        title: `affirming the client's efforts, first at ${affirming[0]?.turn.id ?? 'an uncoded turn'}`,
        what: `The therapist affirmed the client's efforts or strengths ${t.affirmations === 1 ? 'once' : `${t.affirmations} times`}, first at ${affirming[0]?.turn.id ?? 'an uncoded turn'}.`,
        whyItMatters: WHY.affirmation,
        alternative: null,
      }),
    );
  }
  // Stable: concerns keep the order above within a severity, and strengths (severity none) come last.
  return out.filter((m): m is SupervisionMoment => m !== null).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function behaviourTopic(ctx: SessionContext): Topic | null {
  return ctx.behaviour === null ? null : { kind: 'behaviour', name: ctx.behaviour };
}
