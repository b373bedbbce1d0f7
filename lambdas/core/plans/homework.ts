/**
 * Homework as the plan reads it across sessions, on top of the note engine's per-session reader
 * (notes/extract/homework.ts), which reads one session alone and so misses two things a clinician sees:
 *
 * - **Tasks gathered for the interval.** At the end of a session the therapist often sums up what the
 *   client will do before the next one as a list ("So for this week: climbing on Saturday, leaving by six at
 *   least three days, no email in bed, and bring the project list. Does that capture it?"). A therapist
 *   sentence that names the interval between sessions (this week, next week, before next time, until we
 *   meet) and is followed by the client agreeing is homework set, with the client's uptake.
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
import { completionOf, isQuestion, uptakeOf } from '../notes/extract/uptake.js';
import type { Sentence } from '../language/index.js';
import { SAME_GOAL_OVERLAP, overlap, sentenceLemmas, takesUp } from './words.js';
import type { PlanSession } from './session.js';

/** The interval between sessions, as a therapist names it when setting what happens in it. */
const INTERVAL =
  /\b(?:for|over|during) (?:this|the|next) (?:coming |next )?(?:week|fortnight|two weeks|couple of weeks)\b|\b(?:this week|this fortnight)\s*:|\b(?:before|until|till) (?:next time|next session|next week|we meet|i see you)\b|\bbetween (?:now and next|sessions)\b/;

const cites = (tasks: readonly { turnIds: readonly string[] }[], id: string) => tasks.some((t) => t.turnIds.includes(id));

/** Tasks the therapist gathers for the interval and the client agrees to. */
export function tasksForTheInterval(s: Pick<PlanSession, 'input'>, already: readonly HomeworkTask[]): HomeworkTask[] {
  const out: HomeworkTask[] = [];
  for (const turn of s.input.therapist) {
    if (cites(already, turn.id)) continue;
    const sentence = turn.sentences.find((x) => INTERVAL.test(x.text) && !/^(?:how|what|did|was)\b/.test(x.text));
    const answer = answerAfter(s.input, turn.index);
    if (!sentence || !takesUp(answer)) continue;
    const { uptake, quote } = uptakeOf(answer);
    out.push({
      id: `homework-${already.length + out.length + 1}`,
      task: sentence.text,
      source: 'therapist',
      uptake: uptake === 'imposed' ? 'committed' : uptake,
      turnIds: [turn.id, answer.id],
      quote: sentence.original.trim(),
      ...(quote ? { responseQuote: quote } : {}),
    });
  }
  return out;
}

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
