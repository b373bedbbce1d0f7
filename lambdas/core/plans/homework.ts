/**
 * Homework as the plan reads it across sessions, on top of the note engine's per-session reader
 * (notes/extract/homework.ts), which reads one session alone and so misses what a clinician sees across two:
 *
 * - **Reviews of last session's tasks.** "How did Saturday go?", "Did you manage to phone the lunch club?"
 *   name the task set last time in their own words, not the word "homework". A therapist question whose
 *   content words hold at least half of a task set in the session before (SAME_GOAL_OVERLAP, the same rule
 *   that matches goals) reviews it, with the completion the client's answer gives. Only the session just
 *   before: a task from weeks ago is not what "how did it go" asks about.
 *
 * A task the note engine already found (a turn it cites) is not found twice. Pure.
 */
import { answerAfter } from '../notes/extract/input.js';
import type { HomeworkReview, HomeworkTask } from '../notes/extract/homework.js';
import { completionOf, isQuestion } from '../notes/extract/uptake.js';
import type { Sentence } from '../language/index.js';
import { SAME_GOAL_OVERLAP, overlap, sentenceLemmas } from './words.js';
import type { PlanSession } from './session.js';

const cites = (tasks: readonly { turnIds: readonly string[] }[], id: string) => tasks.some((t) => t.turnIds.includes(id));

/** The content words of what a task set: its sentence and the client's answer to it. */
function taskWords(s: Pick<PlanSession, 'input'>, task: HomeworkTask): Set<string> {
  const sentences: Sentence[] = s.input.turns
    .filter((t) => task.turnIds.includes(t.id))
    .flatMap((t) => t.sentences.filter((x) => task.quote.includes(x.original.trim()) || x.original.includes(task.quote) || t.role === 'client'));
  return new Set(sentences.flatMap((x) => [...sentenceLemmas(x)]));
}

/** Questions about the tasks set in the session before, each with how the client says it went. */
export function reviewsOfLastTasks(
  s: Pick<PlanSession, 'input'>,
  before: (Pick<PlanSession, 'input'> & { homework: { assigned: HomeworkTask[] } }) | undefined,
  already: readonly HomeworkReview[],
): HomeworkReview[] {
  if (!before || before.homework.assigned.length === 0) return [];
  const tasks = before.homework.assigned.map((task) => ({ task, words: taskWords(before, task) }));
  const out: HomeworkReview[] = [];
  for (const turn of s.input.therapist) {
    if (cites(already, turn.id) || cites(out, turn.id)) continue;
    const question = turn.sentences.find(
      (x) => isQuestion(x) && /^(?:(?:so|and|okay|first|right|let us start with)[, ]+)*(?:how|did|were|was|have)\b/.test(x.text),
    );
    // "How would you rate sleep this week, 0-10?" asks for a rating, not how the task went.
    if (!question || /\b(?:rate|scale|(?:zero|nought|0) ?(?:to|-) ?(?:ten|10)|out of (?:ten|10))\b/.test(question.text)) continue;
    const words = sentenceLemmas(question);
    const about = tasks.find((t) => words.size > 0 && overlap(words, t.words) >= SAME_GOAL_OVERLAP);
    const answer = answerAfter(s.input, turn.index);
    if (!about || !answer || answer.role !== 'client') continue;
    out.push({ task: about.task.task, completion: completionOf(answer), turnIds: [turn.id, answer.id], quote: question.original.trim() });
  }
  return out;
}
