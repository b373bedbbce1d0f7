/**
 * Reviews of last session's tasks that name the task by a thing it named, not by its words: "And the egg
 * timer?", "Diary?", "Tell me about the bus stop.", and reports the client offers unasked. Each is a review only
 * when the answer says how it went; questions about content, ratings, the future or a day are not reviews.
 * The sessions are written for this file.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { buildClientPlan, type PlanSessionInput } from '../../../lambdas/core/plans/index.js';
import { readPlanSessions } from '../../../lambdas/core/plans/session.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';

function session(date: string, lines: readonly string[]): PlanSessionInput {
  const transcript = parseTranscript(lines.join('\n'));
  return { session: date, date, transcript, ...analyzeTranscript(transcript) };
}

/** Last week: two tasks set, each taken up. */
const lastWeek = session('2027-01-04', [
  'Client: The evenings are the worst. I just sit there.',
  'Therapist: For this week, could you set the kitchen timer for twenty minutes before each job in the garden, and stop when it rings?',
  "Client: Yes, I'll do that.",
  'Therapist: And could you write down each evening what you did that day, in the notebook?',
  'Client: Okay, I can do that.',
]);

const reviews = (next: PlanSessionInput) => {
  const read = readPlanSessions([lastWeek, next]);
  expect(read[0]!.homework.assigned).toHaveLength(2);
  return read[1]!.homework.reviewed.map((r) => ({ task: r.task, completion: r.completion, turnIds: r.turnIds }));
};

describe('a prompt naming a thing last week’s task named', () => {
  it('reads "And the timer?" answered with how it went as a review of the timer task, partly done', () => {
    const next = session('2027-01-11', [
      'Therapist: Good to see you. And the timer?',
      'Client: Half and half. I used it on Saturday and then forgot on Sunday.',
    ]);
    const found = reviews(next);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ completion: 'partly', turnIds: ['t0001', 't0002'] });
    expect(found[0]!.task).toMatch(/timer/);
  });

  it('reads a terse "Notebook?" answered "Every evening." as done', () => {
    const next = session('2027-01-11', ['Therapist: Notebook?', 'Client: Every evening. I filled it in before bed.']);
    expect(reviews(next)).toEqual([expect.objectContaining({ completion: 'done', turnIds: ['t0001', 't0002'] })]);
    expect(reviews(next)[0]!.task).toMatch(/notebook|write/);
  });

  it('reads "Let\'s start with the notebook. How did that go?" by what the turn named before the question', () => {
    const next = session('2027-01-11', ["Therapist: Let's start with the notebook. How did that go?", "Client: I didn't do it. The week got away from me."]);
    expect(reviews(next)).toEqual([expect.objectContaining({ completion: 'not done' })]);
  });

  it('reads no review when the answer does not say how it went', () => {
    const next = session('2027-01-11', ['Therapist: And the timer?', "Client: It's a red one, from my mother's kitchen."]);
    expect(reviews(next)).toEqual([]);
  });

  it('reads no review from a question about what is to come', () => {
    const next = session('2027-01-11', ['Therapist: How would the timer work next week?', 'Client: I did think about it, yes. Every job.']);
    expect(reviews(next)).toEqual([]);
  });

  it('reads no review from a rating question', () => {
    const next = session('2027-01-11', ['Therapist: How useful was the notebook, zero to ten?', 'Client: I did use it every evening, so seven.']);
    expect(reviews(next)).toEqual([]);
  });

  it('reads no review from a prompt about a day after a sentence naming the task', () => {
    const next = session('2027-01-11', ['Therapist: You had the notebook out all week. Tell me about Thursday.', "Client: I didn't sleep at all on Thursday."]);
    expect(reviews(next)).toEqual([]);
  });

  it('reads no review when the prompt names a thing two tasks named', () => {
    const both = session('2027-01-04', [
      'Therapist: For this week, could you take the dog out every morning?',
      'Client: Yes, I will.',
      'Therapist: And for this week, could you write down each evening how the dog walk felt, in your notebook?',
      'Client: Okay, I can do that.',
    ]);
    const next = session('2027-01-11', ['Therapist: And the dog?', 'Client: Every day, rain or shine.']);
    const read = readPlanSessions([both, next]);
    expect(read[0]!.homework.assigned).toHaveLength(2);
    expect(read[1]!.homework.reviewed).toEqual([]);
  });
});

describe('a question about the interval itself', () => {
  it('reads "How\'s the fortnight been?" as no review of a task set "for the next fortnight"', () => {
    const one = session('2027-01-04', [
      'Client: The evenings are the worst.',
      'Therapist: For the next fortnight, could you walk to the bus stop and back every day?',
      "Client: Aye, I'll do that.",
    ]);
    const two = session('2027-01-18', ["Therapist: How's the fortnight been?", 'Client: Mixed bag, honestly. Some good days.']);
    const read = readPlanSessions([one, two]);
    expect(read[0]!.homework.assigned).toHaveLength(1);
    expect(read[1]!.homework.reviewed).toEqual([]);
  });
});

describe('a report the client offers unasked', () => {
  it('reads "I did do the notebook, every evening" as a review of the notebook task, quoted in the client’s words', () => {
    const next = session('2027-01-11', ['Therapist: Hello again. How have things been?', 'Client: Busy. Oh, I did do the notebook, every evening.']);
    const read = readPlanSessions([lastWeek, next]);
    const [review] = read[1]!.homework.reviewed;
    expect(review).toMatchObject({ completion: 'done', turnIds: ['t0002'], clientQuote: 'Oh, I did do the notebook, every evening.' });
  });

  it('reads no review from a wish or a plan naming the same thing', () => {
    const next = session('2027-01-11', ['Therapist: How have things been?', "Client: I'll do the notebook every evening this week, I want to."]);
    expect(reviews(next)).toEqual([]);
  });
});

describe('a task the next session shows was set', () => {
  const first = (...closing: string[]) =>
    session('2027-02-01', [
      'Therapist: How has the back been this week?',
      'Client: Sore. I did the whole hedge on Saturday and paid for it till Tuesday.',
      'Therapist: That boom and bust pattern again.',
      'Client: Aye, that is me all over.',
      ...closing,
    ]);
  const second = (...opening: string[]) => session('2027-02-15', [...opening, 'Therapist: What else has happened?', 'Client: Not much, to be honest.']);

  it('reads "Twenty minutes on the egg timer, then a sit-down" as set, and "And the egg timer?" as its review', () => {
    const one = first('Therapist: For the next fortnight, twenty minutes on the egg timer, then a sit-down, for any job.', 'Client: Aye, fair enough.');
    const two = second('Therapist: Good to see you. And the egg timer?', 'Client: Half and half. I used it for the car but not the garden.');
    const read = readPlanSessions([one, two]);
    expect(readPlanSessions([one])[0]!.homework.assigned).toEqual([]);
    expect(read[0]!.homework.assigned).toEqual([
      expect.objectContaining({ task: 'twenty minutes on the egg timer, then a sit-down, for any job', source: 'therapist', turnIds: ['t0005', 't0006'] }),
    ]);
    expect(read[1]!.homework.reviewed).toEqual([expect.objectContaining({ completion: 'partly', turnIds: ['t0001', 't0002'], quote: 'And the egg timer?' })]);
  });

  it('reads a task set for "the next two weeks" when the next session reviews it ("Phone?")', () => {
    const one = first('Therapist: Sleep. For the next two weeks, the phone charges in the kitchen overnight.', 'Client: I use it as my alarm, though.');
    const two = second('Therapist: Phone?', 'Client: Mixed. First week it was in the kitchen every night, then it crept back in.');
    const read = readPlanSessions([one, two]);
    expect(read[0]!.homework.assigned).toEqual([expect.objectContaining({ source: 'therapist', turnIds: ['t0005', 't0006'] })]);
    expect(read[1]!.homework.reviewed).toEqual([expect.objectContaining({ completion: 'partly', quote: 'Phone?' })]);
  });

  it('reads the client\'s own "I\'ll…" as the task the next session reviews', () => {
    const one = first('Therapist: The weekends sound lonely.', "Client: They are. I'll phone Lorna, she always cheers me up.");
    const two = second('Therapist: Did you get hold of Lorna?', 'Client: I did, and we talked for an hour.');
    const read = readPlanSessions([one, two]);
    expect(read[0]!.homework.assigned).toEqual([expect.objectContaining({ source: 'client', uptake: 'committed', turnIds: ['t0006'] })]);
    expect(read[1]!.homework.reviewed).toEqual([expect.objectContaining({ completion: 'done' })]);
  });

  it('reads nothing set when the client turned it down, or when the thing was only talked about', () => {
    const declined = first('Therapist: For the next fortnight, twenty minutes on the egg timer, then a sit-down.', "Client: No, I won't do that, it's daft.");
    const talked = first('Therapist: Your sister sounds like a real support.', 'Client: She is.');
    for (const [one, two] of [
      [declined, second('Therapist: And the egg timer?', 'Client: I did use it once.')],
      [talked, second('Therapist: And your sister?', 'Client: I did ring her, yes.')],
    ] as const) {
      const read = readPlanSessions([one, two]);
      expect(read[0]!.homework.assigned).toEqual([]);
      expect(read[1]!.homework.reviewed).toEqual([]);
    }
  });

  it('reads a prompt late in the session as no review of what was set', () => {
    const one = first('Therapist: For the next fortnight, twenty minutes on the egg timer, then a sit-down.', 'Client: Aye, fair enough.');
    const two = session('2027-02-15', [
      'Therapist: How are you?',
      'Client: Fine.',
      'Therapist: And the back?',
      'Client: Sore.',
      'Therapist: Tell me about the weekend.',
      'Client: Quiet.',
      'Therapist: And the egg timer?',
      'Client: I did use it.',
    ]);
    const read = readPlanSessions([one, two]);
    expect(read[1]!.homework.reviewed).toEqual([]);
  });
});

describe('a reviewed task as a step toward a goal', () => {
  it('is a step only when the deed the answer tells is the goal\'s activity ("I brought it" is not talking to her)', () => {
    const one = session('2027-03-01', [
      'Therapist: What would you like to be different?',
      'Client: I want to talk to my manager about the workload properly, not project by project.',
      'Therapist: For this week, could you have a go at a list of the projects you are on?',
      "Client: Yes, I'll bring the list.",
    ]);
    const two = session('2027-03-08', ['Therapist: And the project list?', 'Client: I brought it. Eleven projects.']);
    const plan = buildClientPlan([one, two]);
    expect(readPlanSessions([one, two])[1]!.homework.reviewed).toHaveLength(1);
    expect(plan.goals[0]!.history.map((h) => h.status)).not.toContain('progress');
  });
});
