/**
 * Session metrics counted by code: talk share, turn lengths, MITI behaviour counts and summary scores,
 * client change vs sustain talk, and timing (silences, overlaps, pace) when the transcript is timed.
 */
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { Role } from '../../../schemas/transcript.js';
import type { CodedSession, CodedTurn } from './coded-session.js';

/** A gap between turns of at least this many seconds counts as a silence. */
export const SILENCE_SECONDS = 3;

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function roleTalk(turns: CodedTurn[], totalWords: number, totalSeconds: number | null) {
  let words = 0;
  let longest = 0;
  let seconds = 0;
  for (const t of turns) {
    words += t.words;
    if (t.words > longest) longest = t.words;
    if (t.turn.start !== undefined && t.turn.end !== undefined) seconds += Math.max(0, t.turn.end - t.turn.start);
  }
  const talk = {
    words,
    wordShare: totalWords > 0 ? words / totalWords : 0,
    turns: turns.length,
    meanTurnWords: turns.length > 0 ? words / turns.length : 0,
    longestTurnWords: longest,
  };
  if (totalSeconds === null) return talk;
  return { ...talk, seconds, secondsShare: totalSeconds > 0 ? Math.min(1, seconds / totalSeconds) : 0 };
}

function timing(session: CodedSession, totalWords: number): SessionMetrics['timing'] {
  if (!session.transcript.timed) return undefined;
  const turns = session.transcript.turns;
  const first = turns[0];
  const last = turns.at(-1);
  if (!first || !last || first.start === undefined || last.end === undefined) return undefined;
  let silences = 0;
  let longestSilence = 0;
  let overlaps = 0;
  for (let i = 1; i < turns.length; i++) {
    const previous = turns[i - 1]!;
    const current = turns[i]!;
    if (previous.end === undefined || current.start === undefined) continue;
    const gap = current.start - previous.end;
    if (gap >= SILENCE_SECONDS) silences++;
    if (gap > longestSilence) longestSilence = gap;
    if (gap < 0 && current.role !== previous.role) overlaps++;
  }
  const durationSeconds = Math.max(0, last.end - first.start);
  return {
    durationSeconds,
    wordsPerMinute: durationSeconds > 0 ? (totalWords / durationSeconds) * 60 : 0,
    silences,
    longestSilenceSeconds: longestSilence,
    overlaps,
  };
}

export function computeSessionMetrics(session: CodedSession): SessionMetrics {
  const totalWords = session.turns.reduce((sum, t) => sum + t.words, 0);
  const time = timing(session, totalWords);
  const totalSeconds = time ? session.turns.reduce((s, t) => s + Math.max(0, (t.turn.end ?? 0) - (t.turn.start ?? 0)), 0) : null;
  const therapist = {
    questions: { open: 0, closed: 0 },
    reflections: { simple: 0, complex: 0 },
    affirmations: 0,
    advice: { withPermission: 0, withoutPermission: 0 },
    information: 0,
    confrontations: 0,
  };
  for (const t of session.therapistTurns) {
    const c = t.therapist!;
    therapist.questions.open += c.questions.open;
    therapist.questions.closed += c.questions.closed;
    therapist.reflections.simple += c.reflections.simple;
    therapist.reflections.complex += c.reflections.complex;
    if (c.affirmation) therapist.affirmations++;
    if (c.advice === 'with_permission') therapist.advice.withPermission++;
    if (c.advice === 'without_permission') therapist.advice.withoutPermission++;
    if (c.information) therapist.information++;
    if (c.confrontation) therapist.confrontations++;
  }
  const questions = therapist.questions.open + therapist.questions.closed;
  const reflections = therapist.reflections.simple + therapist.reflections.complex;
  let changeTalk = 0;
  let sustainTalk = 0;
  for (const t of session.clientTurns) {
    if (t.client === 'change') changeTalk++;
    if (t.client === 'sustain') sustainTalk++;
  }
  const byRole = (role: Role) => session.turns.filter((t) => t.turn.role === role);
  return {
    turns: session.turns.length,
    words: totalWords,
    talk: {
      therapist: roleTalk(byRole('therapist'), totalWords, totalSeconds),
      client: roleTalk(byRole('client'), totalWords, totalSeconds),
    },
    therapist: {
      ...therapist,
      reflectionToQuestionRatio: ratio(reflections, questions),
      percentComplexReflections: ratio(therapist.reflections.complex, reflections),
      percentOpenQuestions: ratio(therapist.questions.open, questions),
    },
    client: { changeTalk, sustainTalk, percentChangeTalk: ratio(changeTalk, changeTalk + sustainTalk) },
    ...(time ? { timing: time } : {}),
  };
}
