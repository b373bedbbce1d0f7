/**
 * What a clinician reading the plan would notice was wrong before: someone else's score in the client's
 * series, a day's peak read as the week's rating, concerns listed as problems from one passing word, a
 * homework list not seen as homework, a goal restated in other words split in two, a goal called met or
 * dropped on words that do not say so.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { buildClientPlan, type PlanSessionInput } from '../../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';

function session(date: string, lines: readonly string[]): PlanSessionInput {
  const transcript = parseTranscript(lines.join('\n'));
  return { session: date, date, transcript, ...analyzeTranscript(transcript) };
}
const points = (plan: ReturnType<typeof buildClientPlan>) => plan.measures.map((m) => `${m.instrument} ${m.value} ${m.session}`);

describe("the client's series holds only the client's scores, as the client gave them", () => {
  it("leaves out a relative's score said in session and keeps the client's own", () => {
    // Prepare
    const s = session('2026-05-05', [
      'Therapist: How has your mood been?',
      "Client: Okay. Better than my sister. Her PHQ was 20 last month, she's really struggling.",
      'Therapist: And you filled in the same questionnaire this morning: your PHQ-9 is 8 today.',
      'Client: That sounds about right.',
      'Therapist: How about your partner?',
      "Client: My partner's AUDIT score was 19 when his GP did it. Mine was never like that.",
    ]);
    // Act
    const plan = buildClientPlan([s]);
    // Assess
    expect(points(plan)).toEqual(['PHQ-9 8 2026-05-05']);
  });

  it('reads the rating a client gives the week ("mostly fives"), not one day\'s peak said after it', () => {
    const s = session('2026-09-22', ['Therapist: And mood, zero to ten?', 'Client: Mostly fives this week. One seven, on climbing day.', 'Therapist: Thanks.']);
    const plan = buildClientPlan([s]);
    expect(plan.measures).toHaveLength(1);
    expect(plan.measures[0]).toMatchObject({ instrument: 'rating', value: 5, turnId: 't0002' });
  });

  it('keeps a single rating as given', () => {
    const s = session('2026-09-01', ['Therapist: How is your mood, zero to ten?', 'Client: Maybe a three. Some days a two.']);
    expect(buildClientPlan([s]).measures.map((m) => m.value)).toEqual([3]);
  });
});

const goalsOf = (plan: ReturnType<typeof buildClientPlan>) => plan.goals.map((g) => [g.text, g.history.map((h) => h.status).join(' → ')]);

describe('goals: one goal however it is restated, and a status only on words that say so', () => {
  it('keeps a qualifying fragment ("Even just a walk.") with the goal before it instead of making it a goal', () => {
    const s = session('2026-03-02', [
      'Therapist: When you think about the next couple of months, what would you like to be different?',
      "Client: I'd like to get out of the flat at the weekend. Even just a walk. And I want to start cooking proper meals again.",
    ]);
    // A goal naming one thing is quoted with its qualifier: what later sessions say about it is there.
    expect(buildClientPlan([s]).goals.map((g) => g.text)).toEqual([
      "I'd like to get out of the flat at the weekend. Even just a walk",
      'I want to start cooking proper meals again',
    ]);
  });

  it('reads a goal\'s time frame as the note engine does ("by the end of the year"), and "in, say, two months" too', () => {
    const endOfYear = session('2026-03-02', [
      'Therapist: What would you like to be different?',
      'Client: I want to be swimming twice a week by the end of the year.',
    ]);
    const inTwoMonths = session('2026-03-02', ['Therapist: What would you want to be different in, say, two months?', 'Client: Sleep through most nights.']);
    expect(buildClientPlan([endOfYear]).goals.map((g) => g.targetDate)).toEqual(['by the end of the year']);
    expect(buildClientPlan([inTwoMonths]).goals.map((g) => g.targetDate)).toEqual(['in, say, two months']);
  });

  it('matches a goal restated with a word of the same class ("talk to her" / "the conversation with your manager")', () => {
    const first = session('2026-09-22', [
      'Therapist: Where would you like to go from here?',
      'Client: I want to talk to my manager about the workload properly.',
    ]);
    const second = session('2026-09-29', [
      'Therapist: How did the conversation with your manager go?',
      'Client: We had it on Thursday. She took two projects off me.',
    ]);
    const plan = buildClientPlan([first, second]);
    expect(plan.goals).toHaveLength(1);
    expect(plan.goals[0]!.history.map((h) => h.session)).toEqual(['2026-09-22', '2026-09-29']);
  });

  it('does not drop a goal the client says they will not give up on, and drops one they set aside by pointing back to it', () => {
    const first = session('2026-07-21', [
      'Therapist: Is there anything you would like to work towards?',
      "Client: I'd like to go into the garden without falling apart. And get back to the lunch club every Wednesday.",
    ]);
    const second = session('2026-08-04', [
      'Therapist: Would you like to keep the garden as something to work towards, or put it aside?',
      "Client: Keep it. I'm not ready to give up on it.",
      'Therapist: And the lunch club?',
      "Client: The club is too far with my knee. I'd rather let that go. Let's drop that one.",
    ]);
    const plan = buildClientPlan([first, second]);
    const [garden, club] = plan.goals;
    expect(garden!.status).not.toBe('dropped');
    expect(club!.status).toBe('dropped');
  });

  it('never takes a declined or hypothetical wish as a goal', () => {
    const s = session('2026-04-06', [
      'Therapist: What would you want to change, if anything?',
      "Client: If I cut down, it would only be to save money. I'm not saying I'm going to.",
      'Therapist: Some people set a goal of stopping completely. How would that sit with you?',
      "Client: No. I don't want to aim for that yet.",
    ]);
    expect(buildClientPlan([s]).goals).toEqual([]);
  });

  it('calls a goal met only on a verdict, not on a deed that uses the same word ("I met Dan", "I\'ve done two walks")', () => {
    const first = session('2026-03-02', [
      'Therapist: What would you like to be different?',
      'Client: I want to meet my friend Dan for a coffee every fortnight.',
    ]);
    const second = session('2026-03-16', ['Therapist: How about Dan?', 'Client: I met Dan for a coffee on Friday. It was good to see him.']);
    const plan = buildClientPlan([first, second]);
    expect(goalsOf(plan)).toHaveLength(1);
    expect(plan.goals[0]!.status).not.toBe('met');
  });
});

describe('the plan draft and the brief: problems on real evidence, homework as it was set and reviewed', () => {
  it('lists a concern as a problem when the client says it is ongoing, not from one past-tense remark', () => {
    const s = session('2026-09-22', [
      'Therapist: Tell me about the climbing.',
      'Client: I went Saturday with my sister. I was terrible, my arms were shaking. But I loved it.',
      'Therapist: And sleep?',
      "Client: Not great. I'm waking up at three or four every night and then I just lie there.",
    ]);
    const problems = buildClientPlan([s]).plan.problems.map((p) => p.text);
    expect(problems.some((p) => /sleep/i.test(p))).toBe(true);
    expect(problems.some((p) => /mood/i.test(p))).toBe(false);
  });

  it('reads a list of tasks for the week the client agrees to as homework set, and its review next session', () => {
    const first = session('2026-09-22', [
      'Therapist: Great. So for this week: climbing on Saturday, leaving by six at least three days, no email in bed, and bring the project list. Does that capture it?',
      'Client: That is it. I can do that.',
    ]);
    const second = session('2026-09-29', [
      'Therapist: How did the climbing and leaving by six go?',
      'Client: Climbing, yes. Leaving by six, only twice, not the three times I said.',
    ]);
    const plan = buildClientPlan([first, second]);
    const homework = plan.brief.lines.filter((l) => l.topic === 'homework');
    expect(homework.map((l) => l.text)).toEqual([
      'Homework reviewed 2026-09-29: "How did the climbing and leaving by six go?" (partly).',
      expect.stringMatching(/^Homework set 2026-09-22: "So for this week: climbing on Saturday.*\(client committed\)\.$/),
    ]);
    expect(homework[1]!.evidence).toEqual([
      { session: '2026-09-22', turnId: 't0001' },
      { session: '2026-09-22', turnId: 't0002' },
    ]);
  });
});
