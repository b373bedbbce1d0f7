/**
 * Homework set in the session (the therapist's cue, the tasks, the client's agreement and any barriers
 * planned for) and the plan for the next session. When there is none the note says so as a documentation
 * gap, citing nothing; the next appointment is written only as it was said, never a default.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { findConcerns, type Concern } from './client-report.js';
import { clientAnswerAfter, clientAnswersAfter, position, type NoteContext } from './context.js';
import { capitalise, gap, joinClauses, quoteAround, sentence } from './phrasing.js';
import {
  BARRIER_QUESTION,
  BARRIERS,
  BARRIER_SOLUTIONS,
  FUTURE_WORK,
  HOMEWORK_PAST,
  HOMEWORK_SET,
  NEXT_DAY,
  NEXT_SESSION,
  TASKS,
  USE_SAFETY_PLAN,
} from './therapist-lexicon.js';

const ASSENT = /^(?:(?:um+|uh+|well|oh)[\s,]+)*(?:yes|yeah|yep|sure|okay|ok|doable|sounds good|that's (?:it|fine|good)|that sounds|i can|i'll|i could|i will|definitely|fine|let's)\b|\b(?:i can do (?:that|it)|i'll (?:try|do)|doable)\b/;
const PROPOSAL = /\bi(?: could|'ll| will| can| might|'m going to| am going to) (?:call|go|see|try|walk|visit|join|take|book|ask|talk|meet|cook|bring|keep|plan|do|start)\b/;

export interface Homework {
  sentences: NoteSentence[];
  /** The therapist turns that set it. */
  turns: string[];
  /** Client turns this section quotes. */
  quoted: string[];
  tasks: string[];
}

function homeworkTurns(ctx: NoteContext): CodedTurn[] {
  // A cue about the past ("how did the homework go?") is a review; homework is set in the later part of a session.
  return ctx.session.therapistTurns.filter((t) => position(ctx, t) >= 0.3 && HOMEWORK_SET.test(t.norm) && !HOMEWORK_PAST.test(t.norm.slice(0, 40)));
}

function tasksIn(turns: readonly CodedTurn[]): string[] {
  // Only what follows the homework cue: a summary turn's earlier sentences are about other things.
  const text = turns.map((t) => t.norm.slice(Math.max(0, t.norm.search(HOMEWORK_SET)))).join(' ');
  const tasks = TASKS.filter((task) => task.pattern.test(text)).map((task) => task.phrase);
  // "complete a thought record when …" already says "complete a thought record".
  return tasks.filter((t) => !tasks.some((other) => other !== t && other.startsWith(t)));
}

function barrierSentence(ctx: NoteContext, after: number): NoteSentence | null {
  const question = ctx.session.therapistTurns.find((t) => t.index > after && t.index <= after + 6 && BARRIER_QUESTION.test(t.norm));
  if (!question) return null;
  const window = ctx.session.turns.slice(question.index, question.index + 5);
  const answers = window.filter((t) => t.turn.role === 'client');
  const barriers = BARRIERS.filter((b) => answers.some((a) => b.pattern.test(a.norm))).map((b) => b.phrase);
  const solutions = BARRIER_SOLUTIONS.filter((s) => window.some((a) => a.turn.role === 'client' && s.pattern.test(a.norm))).map((s) => s.phrase);
  if (barriers.length === 0 && solutions.length === 0) return null;
  const named = barriers.length > 0 ? `Possible barriers (${joinClauses(barriers)}) were identified` : 'Possible barriers were discussed';
  const plan = solutions.length > 0 ? `, and Client planned to ${joinClauses(solutions)}` : '';
  return sentence(`${named}${plan}.`, [question.turn.id, ...answers.map((a) => a.turn.id)]);
}

export function findHomework(ctx: NoteContext): Homework {
  const turns = homeworkTurns(ctx);
  if (turns.length === 0) {
    return { sentences: [gap('Homework: none identified in the transcript.')], turns: [], tasks: [], quoted: [] };
  }
  const tasks = tasksIn(turns);
  const answers = turns.flatMap((t) => clientAnswersAfter(ctx, t.index, 2));
  const agreed = answers.some((a) => ASSENT.test(a.norm) || PROPOSAL.test(a.norm));
  const setIds = turns.map((t) => t.turn.id);
  const sentences: NoteSentence[] = [];
  const answerIds = answers.map((a) => a.turn.id);
  if (tasks.length > 0) {
    const what = joinClauses(tasks);
    sentences.push(
      agreed
        ? sentence(`Client agreed to ${what} before the next session.`, [...setIds, ...answerIds])
        : sentence(`Therapist suggested that Client ${what}; Client's agreement was not clearly stated.`, [...setIds, ...answerIds]),
    );
  } else {
    // The wording did not name a task the engine knows: say so rather than guess.
    sentences.push(
      sentence(
        agreed ? 'Client agreed to homework for the coming week; the task is not clear from the wording and should be checked.' : "Homework was set for the coming week; the task is not clear from the wording, and Client's agreement was not clearly stated.",
        [...setIds, ...answerIds],
      ),
    );
  }
  const proposal = answers.find((a) => PROPOSAL.test(a.norm));
  const proposed = proposal ? quoteAround(proposal.turn.text, PROPOSAL, ctx.names, true) : null;
  if (proposal && proposed) sentences.push(sentence(`Client proposed specific activities ("${proposed}").`, [proposal.turn.id]));
  const barriers = barrierSentence(ctx, turns[0]!.index);
  if (barriers) sentences.push(barriers);
  return { sentences, turns: setIds, tasks, quoted: proposal && proposed ? [proposal.turn.id] : [] };
}

/** What the turns just before a "we'll work on that" were about, most specific first. */
function topicNear(ctx: NoteContext, turn: CodedTurn): string | null {
  const near = ctx.session.turns.slice(Math.max(0, turn.index - 3), turn.index + 1);
  const found: Concern[] = findConcerns(ctx, near);
  const named = found.slice(0, 2).map((c) => c.details[0] ?? c.cue.label);
  return named.length > 0 ? joinClauses(named) : null;
}

export function findPlan(ctx: NoteContext, homework: Homework): NoteSentence[] {
  const out: NoteSentence[] = [];
  const turns = ctx.session.turns;
  const next = [...turns].reverse().find((t) => t.turn.role !== 'unknown' && position(ctx, t) >= 0.5 && NEXT_SESSION.test(t.norm));
  for (const t of ctx.session.therapistTurns) {
    if (!FUTURE_WORK.test(t.norm)) continue;
    const what = topicNear(ctx, t) ?? 'the issues raised today';
    const answer = clientAnswerAfter(ctx, t.index);
    const agreed = answer !== undefined && ASSENT.test(answer.norm);
    const when = /\bnext (?:week|session|time)\b/.test(t.norm) ? 'at the next session' : 'in future sessions';
    out.push(
      agreed
        ? sentence(`Therapist and Client agreed to work on ${what} ${when}.`, [t.turn.id, answer.turn.id])
        : sentence(`Therapist indicated that ${what} would be addressed ${when}.`, [t.turn.id]),
    );
  }
  if (homework.tasks.length > 0 || homework.turns.length > 0) {
    out.push(sentence('Homework will be reviewed at the start of the next session.', homework.turns.slice(-1)));
  }
  const safety = [...ctx.session.therapistTurns].reverse().find((t) => position(ctx, t) >= 0.6 && USE_SAFETY_PLAN.test(t.norm));
  if (safety && ctx.risks.length > 0) out.push(sentence('Client was reminded to use the safety plan if needed before the next session.', [safety.turn.id]));
  if (next) {
    const asked = next.turn.role === 'client' ? (turns[next.index - 1]?.norm ?? '') : '';
    const day = NEXT_DAY.exec(next.norm)?.[1] ?? NEXT_DAY.exec(asked)?.[1];
    const said = `${asked} ${next.norm}`;
    // The appointment as said ("next Thursday", "in two weeks", "next week"); "see you next time" names no date.
    const when =
      day ? `for next ${capitalise(day)}`
      : /\bin two weeks\b/.test(said) ? 'in two weeks'
      : /\bnext week\b/.test(said) ? 'for the following week'
      : null;
    const ids = next.turn.role === 'client' && next.index > 0 ? [turns[next.index - 1]!.turn.id, next.turn.id] : [next.turn.id];
    out.unshift(sentence(when ? `The next session is planned ${when}.` : 'A further session was mentioned; its timing was not stated.', ids));
  }
  if (out.length === 0) out.push(gap('Plan for the next session: none stated in the transcript.'));
  return out;
}
