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
 * - **Reviews by the thing the task named.** "Diary?", "And the egg timer?", "Tell me about the bus stop.",
 *   "How did the drives go?": a therapist question or prompt naming a thing (a noun phrase head, words.ts
 *   topicOf) that a task set in the session before also names, answered with how it went (done, partly or not
 *   done: a completion the answer gives, not "unclear"), reviews that task. A prompt naming nothing
 *   ("How did they go?") is about what its turn named just before ("Let's start with Malcolm and Thursday.").
 * - **Reports the client offers.** "Oh I did do the diary btw, all 7 days": a client sentence about their own
 *   past deed, naming a thing a task set last time names, with a completion, reviews it unasked.
 *
 * A task the note engine already found (a turn it cites) is not found twice. Pure.
 */
import { answerAfter, type ReadTurn } from '../notes/extract/input.js';
import type { HomeworkReview, HomeworkTask } from '../notes/extract/homework.js';
import { completionOf, isQuestion } from '../notes/extract/uptake.js';
import type { Sentence } from '../language/index.js';
import { SAME_GOAL_OVERLAP, overlap, rootOf, sentenceLemmas, topicOf, verbless } from './words.js';
import type { PlanSession } from './session.js';

const cites = (tasks: readonly { turnIds: readonly string[] }[], id: string) => tasks.some((t) => t.turnIds.includes(id));

/** The roots of the content words of the sentences that set a task (not the answer to it): what a later prompt names it by. */
function taskNames(s: Pick<PlanSession, 'input'>, task: HomeworkTask): Set<string> {
  const sentences = s.input.turns
    .filter((t) => task.turnIds.includes(t.id))
    .flatMap((t) => t.sentences.filter((x) => task.quote.includes(x.original.trim()) || x.original.includes(task.quote)));
  return new Set(sentences.flatMap((x) => [...sentenceLemmas(x)].map(rootOf)));
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
  s: Pick<PlanSession, 'input'> & { homework: { assigned: HomeworkTask[] } },
  before: (Pick<PlanSession, 'input'> & { homework: { assigned: HomeworkTask[] } }) | undefined,
  already: readonly HomeworkReview[],
): HomeworkReview[] {
  if (!before || before.homework.assigned.length === 0) return [];
  const tasks = before.homework.assigned.map((task) => ({ task, words: taskWords(before, task), names: taskNames(before, task) }));
  const setNow = new Set(s.homework.assigned.flatMap((t) => t.turnIds));
  const out: HomeworkReview[] = [];
  for (const turn of s.input.therapist) {
    if (cites(already, turn.id) || cites(out, turn.id)) continue;
    const question = turn.sentences.find(
      (x) => isQuestion(x) && /^(?:(?:so|and|okay|first|right|let us start with)[, ]+)*(?:how|did|were|was|have)\b/.test(x.text),
    );
    // "How would you rate sleep this week, 0-10?" asks for a rating, "How would the timer work next week?" about what is to come.
    if (!question || NOT_A_REVIEW.test(question.text)) continue;
    const words = sentenceLemmas(question);
    const about = tasks.find((t) => words.size > 0 && overlap(words, t.words) >= SAME_GOAL_OVERLAP);
    const answer = answerAfter(s.input, turn.index);
    if (!about || !answer || answer.role !== 'client') continue;
    out.push({ task: about.task.task, completion: completionOf(answer), turnIds: [turn.id, answer.id], quote: question.original.trim() });
  }
  for (const turn of s.input.turns) {
    if (cites(already, turn.id) || cites(out, turn.id) || setNow.has(turn.id)) continue;
    const found = turn.role === 'therapist' ? promptNaming(s, turn, tasks) : turn.role === 'client' ? reportNaming(turn, tasks) : undefined;
    if (found) out.push(found);
  }
  return out;
}

interface LastTask {
  task: HomeworkTask;
  words: Set<string>;
  names: Set<string>;
}

/** The roots of the things a sentence names: its noun phrase heads. */
const namedIn = (sentence: Sentence) => {
  const topic = topicOf(sentence);
  return new Set([...topic.heads, ...topic.things]);
};

/** The one task of the session before whose words name one of `things` (by root); none when several do. */
function taskNaming(tasks: readonly LastTask[], things: ReadonlySet<string>): LastTask | undefined {
  const naming = tasks.filter((t) => [...t.names].some((w) => things.has(w)));
  return naming.length === 1 ? naming[0] : undefined;
}

/** Asks for a rating or about what is to come, not how a task went. */
const NOT_A_REVIEW =
  /\b(?:rate|rating|scale|(?:zero|nought|0|one|1) ?(?:to|-) ?(?:ten|10|five|5|a hundred|100)|out of (?:ten|10|five|5)|will|would|could|going to|want|wanna|next)\b/;
/**
 * The forms of a review prompt: a thing named alone ("And the phone?", "Diary?"), a question about how it went
 * or whether it happened ("How did the drives go?", "Did the email go off?"), or a request for the account
 * ("Tell me about the bus stop.", "What about the tally?"). "What was the balanced thought?" asks for content.
 */
const REVIEW_PROMPT =
  /^(?:(?:so|and|okay|ok|right|first|now)[, ]+)*(?:how|did|have|has|had|was|were|any luck|what happened|tell me (?:about|how)|talk me through|let us (?:start|begin) with|what about|how about)\b/;
const asPrompt = (sentence: Sentence) => (isQuestion(sentence) && verbless(sentence)) || REVIEW_PROMPT.test(sentence.text);

/** A therapist's question or prompt naming a thing a task set last time named, answered with how it went. */
function promptNaming(s: Pick<PlanSession, 'input'>, turn: ReadTurn, tasks: readonly LastTask[]): HomeworkReview | undefined {
  const i = turn.sentences.findLastIndex(asPrompt);
  const prompt = turn.sentences[i];
  if (!prompt || NOT_A_REVIEW.test(prompt.text)) return undefined;
  let things = namedIn(prompt);
  // "Let's start with the alarm. How did that go?": a prompt pointing back asks about what its turn just named
  // ("Tell me about Thursday." names a day, and points back to nothing).
  const pointsBack = /\b(?:it|that|they|them|those|this)\b/.test(prompt.text) && topicOf(prompt).occasions.size === 0;
  if (things.size === 0 && pointsBack && i > 0) things = namedIn(turn.sentences[i - 1]!);
  const about = taskNaming(tasks, things);
  const answer = answerAfter(s.input, turn.index);
  if (!about || answer?.role !== 'client') return undefined;
  const completion = completionOf(answer);
  if (completion === 'unclear') return undefined;
  return { task: about.task.task, completion, turnIds: [turn.id, answer.id], quote: prompt.original.trim() };
}

/** A client's sentence about their own past deed naming a thing a task set last time named, with how it went. */
function reportNaming(turn: ReadTurn, tasks: readonly LastTask[]): HomeworkReview | undefined {
  for (const sentence of turn.sentences) {
    if (isQuestion(sentence) || !sentence.clauses.some((c) => c.subject === 'speaker' && c.tense === 'past')) continue;
    const about = taskNaming(tasks, namedIn(sentence));
    if (!about) continue;
    const completion = completionOf({ ...turn, sentences: [sentence, ...turn.sentences.filter((x) => x !== sentence)] });
    if (completion === 'unclear') continue;
    const quote = sentence.original.trim();
    return { task: about.task.task, completion, turnIds: [turn.id], quote, clientQuote: quote };
  }
  return undefined;
}
