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
 * - **Tasks the next session shows were set.** A review prompt early in a session ("And the egg timer?")
 *   answered with how it went, naming a thing no task read from the session before names, points back to what
 *   was set: the first sentence of the second half of the session before that names the same thing and sets
 *   something (a request or instruction from the therapist, "Twenty minutes on the egg timer, then a sit-down";
 *   or the client's own "I'll…") is that task, taken as the answer to it took it, and the prompt reviews it.
 *   A task turned down is not set.
 *
 * A task the note engine already found (a turn it cites) is not found twice. Pure.
 */
import { answerAfter, type ReadTurn } from '../notes/extract/input.js';
import type { HomeworkReview, HomeworkTask } from '../notes/extract/homework.js';
import { completionOf, isQuestion, openingOf, uptakeOf } from '../notes/extract/uptake.js';
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
    // "How's the fortnight been?" shares only the interval with "for the next fortnight, …": a time is no task's.
    const words = new Set([...sentenceLemmas(question)].filter((w) => !INTERVAL_WORDS.has(w)));
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

/** Words of the interval between sessions and its parts, which every task set "for the next fortnight" holds. */
const INTERVAL_WORDS = new Set(['week', 'fortnight', 'day', 'night', 'morning', 'evening', 'weekend', 'month', 'time', 'today', 'session']);

interface LastTask {
  task: HomeworkTask;
  words: Set<string>;
  names: Set<string>;
}

/** The roots of the things a sentence names: its noun phrase heads, not the interval ("How's the fortnight been?"). */
const namedIn = (sentence: Sentence) => {
  const topic = topicOf(sentence);
  return new Set([...topic.heads, ...topic.things].filter((w) => !INTERVAL_WORDS.has(w)));
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

/** A therapist turn's review prompt (its last) and the things it asks about, or undefined when it asks for a rating or about what is to come. */
function reviewPrompt(turn: ReadTurn): { prompt: Sentence; things: Set<string> } | undefined {
  const i = turn.sentences.findLastIndex(asPrompt);
  const prompt = turn.sentences[i];
  if (!prompt || NOT_A_REVIEW.test(prompt.text)) return undefined;
  // "Let's start with the alarm. How did that go?": a prompt pointing back asks about what its turn just named
  // ("Tell me about Thursday." names a day, and points back to nothing).
  const pointsBack = /\b(?:it|that|they|them|those|this)\b/.test(prompt.text) && topicOf(prompt).occasions.size === 0;
  const things = namedIn(prompt);
  return { prompt, things: things.size === 0 && pointsBack && i > 0 ? namedIn(turn.sentences[i - 1]!) : things };
}

/** A therapist's question or prompt naming a thing a task set last time named, answered with how it went. */
function promptNaming(s: Pick<PlanSession, 'input'>, turn: ReadTurn, tasks: readonly LastTask[]): HomeworkReview | undefined {
  const asked = reviewPrompt(turn);
  if (!asked) return undefined;
  const { prompt, things } = asked;
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

/** A therapist sentence that sets something: a request, a suggestion or an instruction. */
const SETS =
  /^(?:(?:so|and|okay|ok|right|then|well|now)[, ]+)*(?:could you|would you|can you|will you|i (?:would|'d) like you to|i want you to|how about|what if|what about|try|keep|let(?:'s| us)|maybe|perhaps|see if you can|just)\b/;
/** Setting something for the weeks between sessions. */
const FOR_THE_INTERVAL =
  /\b(?:this|the next|next) (?:week|fortnight|couple of weeks|two weeks|few weeks|three weeks)\b|\b(?:before|until|till) (?:next time|next session|i see you|we meet)\b|\bevery (?:day|night|morning|evening)\b|\beach (?:day|night|morning|evening)\b/;

/** The first word is a verb in its base form with no subject before it: "Drop it at the door", "Put those on a card". */
const imperative = (sentence: Sentence) => {
  const first = sentence.clauses[0]?.tokens.find((t) => /^[a-z]/.test(t.word));
  return first !== undefined && first.pos === 'VERB' && first.word === first.lemma;
};

function setsSomething(sentence: Sentence, role: string): boolean {
  if (role === 'client') return sentence.clauses.some((c) => c.subject === 'speaker' && c.tense === 'future' && !c.negated);
  return SETS.test(sentence.text) || imperative(sentence) || FOR_THE_INTERVAL.test(sentence.text);
}

/**
 * Tasks set in the session before that this session's reviews show, each with its review (see the file's
 * comment). Adds the tasks to `before.homework.assigned` and returns the reviews.
 */
export function tasksSetBefore(
  s: Pick<PlanSession, 'input'> & { homework: { assigned: HomeworkTask[]; reviewed: HomeworkReview[] } },
  before: (Pick<PlanSession, 'input'> & { homework: { assigned: HomeworkTask[] } }) | undefined,
): HomeworkReview[] {
  if (!before) return [];
  const out: HomeworkReview[] = [];
  // What the tasks already read from the session before are named by; a task read here joins them.
  const known = before.homework.assigned.map((task) => taskNames(before, task));
  const late = before.input.turns.filter((t) => t.index >= before.input.turns.length / 2);
  for (const turn of s.input.therapist) {
    if (turn.index >= s.input.turns.length / 2) break;
    if (cites(s.homework.reviewed, turn.id) || cites(s.homework.assigned, turn.id)) continue;
    const asked = reviewPrompt(turn);
    if (!asked) continue;
    const { prompt, things } = asked;
    if (things.size === 0 || known.some((names) => [...names].some((w) => things.has(w)))) continue;
    const answer = answerAfter(s.input, turn.index);
    if (answer?.role !== 'client') continue;
    const completion = completionOf(answer);
    if (completion === 'unclear') continue;
    const set = firstSetting(before, late, things);
    if (!set) continue;
    // One sentence setting two things ("the meeting and the dentist") is one task, reviewed by each prompt.
    if (!before.homework.assigned.some((t) => t.quote === set.quote)) {
      const task = { id: `homework-${before.homework.assigned.length + 1}`, ...set };
      before.homework.assigned.push(task);
      known.push(taskNames(before, task));
    }
    out.push({ task: set.task, completion, turnIds: [turn.id, answer.id], quote: prompt.original.trim() });
  }
  return out;
}

/**
 * The first sentence of `turns` that names one of `things` and sets something, as a task (the proposal, with its
 * details, not the summing up that follows: "So just the log"); none when it was turned down.
 */
function firstSetting(before: Pick<PlanSession, 'input'>, turns: readonly ReadTurn[], things: ReadonlySet<string>): Omit<HomeworkTask, 'id'> | undefined {
  for (const turn of turns) {
    if (turn.role !== 'therapist' && turn.role !== 'client') continue;
    const sentence = turn.sentences.find((x) => [...namedIn(x)].some((w) => things.has(w)) && setsSomething(x, turn.role) && !NOT_A_TASK.test(x.text));
    if (!sentence) continue;
    const task = sentence.text
      .replace(/[?.!]+$/, '')
      .replace(LEAD, '')
      .split(' ')
      .slice(0, 16)
      .join(' ');
    if (turn.role === 'client') return { task, source: 'client', uptake: 'committed', turnIds: [turn.id], quote: sentence.original.trim() };
    const answer = answerAfter(before.input, turn.index);
    const taken = answer?.role === 'client' ? uptakeOf(answer) : { uptake: 'imposed' as const };
    if (taken.uptake === 'declined') return undefined;
    return {
      task,
      source: 'therapist',
      uptake: taken.uptake,
      turnIds: answer?.role === 'client' ? [turn.id, answer.id] : [turn.id],
      quote: sentence.original.trim(),
      ...(answer?.role === 'client' ? { responseQuote: openingOf(answer, 25) } : {}),
    };
  }
  return undefined;
}

/** How a sentence setting tasks leads in: "So for the next fortnight:", "Then, for this week,". */
const LEAD =
  /^(?:(?:so|and|then|okay|ok|right|well)[,:]? )*(?:for (?:this|the next|the) (?:week|fortnight|couple of weeks|two weeks|few weeks)[,:]? )?(?:then[,:]? )?/;

/** A sentence about the session itself or the past, not something to do: "Let's look at the diary.", "What if it went wrong?" */
const NOT_A_TASK = /\b(?:let(?:'s| us) (?:look|talk|think|go back|start|stop|pause|come back)|did|was|were|had|last (?:week|time))\b/;
