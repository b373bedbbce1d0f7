/**
 * Goal tracking across sessions on the shared language layer: noun-phrase heads for what a mention is about,
 * the client's own report of the goal's activity as the status evidence (hedges, failures, counts), verdicts
 * pointing back, revisions proposed as questions, and citations of the turns that show the status. Every
 * sentence here is written for the test, none is taken from a fixture.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { sentencesOf, nounPhrases, tentative } from '../../../lambdas/core/language/index.js';
import { asksForGoals } from '../../../lambdas/core/plans/goal-statements.js';
import { buildClientPlan, type PlanSessionInput } from '../../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import type { PlanGoal } from '../../../schemas/plan.js';

const DATES = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26'];

function client(...sessions: string[][]): PlanGoal[] {
  const inputs: PlanSessionInput[] = sessions.map((lines, i) => {
    const transcript = parseTranscript(lines.join('\n'));
    return { session: DATES[i]!, date: DATES[i]!, transcript, ...analyzeTranscript(transcript) };
  });
  return buildClientPlan(inputs).goals;
}

const statusIn = (goal: PlanGoal | undefined, session: string) => goal?.history.find((h) => h.session === session)?.status;
const first = (text: string) => sentencesOf(text)[0]!;
const phrasesOf = (text: string) => first(text).clauses.flatMap((c) => nounPhrases(c.tokens));

describe('noun phrases from the language layer', () => {
  it('finds the head and its modifiers, and reads a verb-tagged word after a determiner as the head', () => {
    // Prepare / Act
    const evening = phrasesOf('We had a quiet family evening.');
    const bake = phrasesOf('I miss my Sunday bake.');
    // Assess
    expect(evening).toContainEqual(expect.objectContaining({ head: 'evening', modifiers: ['quiet', 'family'], compound: ['family'] }));
    expect(bake).toContainEqual(expect.objectContaining({ head: 'bake', definite: true, tagged: false }));
  });

  it('leaves the verb an auxiliary is waiting for out of the phrase before it', () => {
    expect(phrasesOf('How did the long drive go?').map((p) => p.head)).toEqual(['drive']);
  });
});

describe('hedges from the language layer', () => {
  it('reads "sort of", "I suppose" as tentative and an opinion frame alone as a judgement', () => {
    expect(tentative(first('Sort of calmer, I suppose.').text)).toBe(true);
    expect(tentative(first("I think that one's finished.").text)).toBe(false);
    expect(tentative(first("I'd say it's done.").text)).toBe(false);
  });
});

describe('goal questions', () => {
  it('takes a pictured outcome or a difference asked in the conditional as a goal question', () => {
    expect(asksForGoals(first('What would a good weekend look like for you?'))).toBe(true);
    expect(asksForGoals(first('And at home, what would be different?'))).toBe(true);
  });

  it('does not take a question about a goal already set, or a task for the week, as asking for goals', () => {
    expect(asksForGoals(first('How would you say that goal is going?'))).toBe(false);
    expect(asksForGoals(first('Where does that leave the reading goal?'))).toBe(false);
    expect(asksForGoals(first('And the gym at work, is that still something you want?'))).toBe(false);
    expect(asksForGoals(first('Do you still want to go back to the choir?'))).toBe(false);
    expect(asksForGoals(first('Would you like to ring her this week?'))).toBe(false);
  });
});

describe('goals across sessions', () => {
  it('follows a goal given in answer to a pictured-outcome question by the activity named later, with a count as progress and a hedge as no more than worked on', () => {
    // Prepare / Act
    const goals = client(
      ['Therapist: What would a good week look like for you?', 'Client: Cycling to the office twice a week.'],
      ['Therapist: How did the cycling go?', 'Client: Both days, actually.'],
      ['Therapist: And the cycling lately?', 'Client: Sort of better, I suppose.'],
    );
    // Assess
    expect(goals).toHaveLength(1);
    expect(goals[0]!.measurable).toBe('twice a week');
    expect(statusIn(goals[0], DATES[1]!)).toBe('progress');
    expect(statusIn(goals[0], DATES[2]!)).toBe('worked_on');
  });

  it('cites the turn that shows the status, not the question before it', () => {
    const goals = client(
      ['Therapist: What would a good week look like for you?', 'Client: Cycling to the office twice a week.'],
      ['Therapist: How did the cycling go?', 'Client: I cycled in on Tuesday and Thursday.'],
    );
    const progress = goals[0]!.history.find((h) => h.session === DATES[1]);
    expect(progress).toMatchObject({ status: 'progress', turnIds: ['t0002'] });
  });

  it('never calls a deed that is not the goal, or an attempt that failed, progress', () => {
    const goals = client(
      ['Therapist: What would you like to work on?', 'Client: Swimming at the leisure centre on Fridays.'],
      ['Therapist: And the swimming?', 'Client: I bought new goggles.'],
      ['Therapist: And the swimming this week?', "Client: I got as far as the car park and then didn't go in."],
    );
    expect(goals).toHaveLength(1);
    expect(statusIn(goals[0], DATES[1]!)).toBe('worked_on');
    expect(statusIn(goals[0], DATES[2]!)).toBe('worked_on');
    expect(goals[0]!.history.map((h) => h.status)).not.toContain('progress');
  });

  it('takes a verdict pointing back for the goal the conversation was just about, and a verdict on several for none', () => {
    const goals = client(
      [
        'Therapist: What would you like to be different by the spring?',
        'Client: Reading to my son every night.',
        'Therapist: Anything else?',
        'Client: Phoning my aunt on Sundays.',
      ],
      [
        'Therapist: How has the reading been?',
        'Client: Every night this week.',
        'Therapist: How would you say that goal stands now?',
        "Client: I'd call that one done.",
        'Therapist: Looking back at what we set out to do?',
        'Client: Two of them are done, I think.',
      ],
    );
    const reading = goals.find((g) => g.text.startsWith('Reading'));
    const aunt = goals.find((g) => g.text.startsWith('Phoning'));
    expect(statusIn(reading, DATES[1]!)).toBe('met');
    expect(reading!.history.at(-1)!.turnIds).toEqual(['t0004']);
    expect(statusIn(aunt, DATES[1]!)).toBeUndefined();
  });

  it('reads a smaller target the client proposes as a question as a revision of the same goal', () => {
    const goals = client(
      ['Therapist: What would you want to work toward?', 'Client: Running three mornings a week.'],
      ['Therapist: How does three mornings a week sound now?', 'Client: Too much. Could we say two mornings a week?'],
    );
    expect(goals).toHaveLength(1);
    expect(statusIn(goals[0], DATES[1]!)).toBe('revised');
    expect(goals[0]!.measurable).toBe('two mornings a week');
  });

  it('takes a goal the therapist offers as a question when the client accepts it, and not when the client declines', () => {
    const accepted = client(['Therapist: And the piano, would you want that back as well?', 'Client: Yes, twice a week.']);
    const declined = client(['Therapist: And the piano, would you want that back as well?', "Client: No, I don't think so."]);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ wordsOf: 'therapist', measurable: 'twice a week' });
    expect(declined).toHaveLength(0);
  });

  it('matches a goal restated around the same person to the goal first said', () => {
    const goals = client(
      ['Therapist: And with family, what would be different?', "Client: I'd visit my grandmother once a week."],
      ['Therapist: What would you want to keep working on?', 'Client: Keeping the lunches with my grandmother going.'],
    );
    expect(goals).toHaveLength(1);
    expect(goals[0]!.history.map((h) => h.session)).toEqual([DATES[0], DATES[1]]);
  });
});

describe('work as a topic', () => {
  it('reads "work" the noun as what a goal is about ("back at work", "And work?"), and "work" the verb as saying nothing of it', () => {
    const goals = client(
      [
        'Therapist: What would you like to be different by the spring?',
        'Client: I want to be back at work by the spring, even part time.',
        'Therapist: Okay. We can keep that in view.',
      ],
      [
        'Therapist: Good to see you. And work, have you heard from your manager?',
        'Client: She rang on Tuesday. They want me to start with two mornings a week.',
        'Therapist: How do you feel about that?',
        'Client: Nervous, but it feels right.',
      ],
      ['Therapist: How did the breathing practice work out?', 'Client: It worked well most days, I did it every evening.'],
    );
    const back = goals.find((g) => /back at work/.test(g.text));
    expect(statusIn(back, DATES[1]!)).toBe('worked_on');
    expect(statusIn(back, DATES[2]!)).toBeUndefined();
  });
});

describe('a wish whose object is a pronoun', () => {
  it('is about what the question asked ("And the sleeping pills?" "… I want to be off them by the summer"), so "And the pills?" later is about it', () => {
    const goals = client(
      [
        'Therapist: What would you like to work on?',
        'Client: Sleeping through, mainly.',
        'Therapist: And the sleeping pills?',
        'Client: The GP has a plan for cutting down. I want to be off them by the summer, slowly.',
      ],
      ['Therapist: And the pills, how is the cutting down going?', 'Client: I am on half a dose now, no problems so far.'],
    );
    const pills = goals.find((g) => /off them/.test(g.text));
    expect(statusIn(pills, DATES[1]!)).toBeDefined();
  });
});

describe('a part of the way done', () => {
  it('does not read "First week done." or "Half done." as the goal met', () => {
    const goals = client(
      ['Therapist: What would you like to be different?', 'Client: I want to run five kilometres without stopping by June.'],
      ['Therapist: How is the running plan going?', 'Client: First week done. I ran three times.'],
      ['Therapist: And the running?', 'Client: Half done, the programme I mean. Running is easier now.'],
    );
    const run = goals.find((g) => /five kilometres/.test(g.text));
    expect(statusIn(run, DATES[1]!)).not.toBe('met');
    expect(statusIn(run, DATES[2]!)).not.toBe('met');
    expect(run?.status).not.toBe('met');
  });
});

describe('a new date to reach a goal by', () => {
  it('reads a date said as a change ("by the end of May now, not Easter") or a wish restated with a new date as a revision', () => {
    const goals = client(
      ['Therapist: What do you want from these sessions?', 'Client: I want to be back driving by Easter.'],
      ['Therapist: And the driving?', 'Client: The consultant says not yet. So back driving by the end of May now, not Easter.'],
      ['Therapist: Where are we with the driving?', 'Client: I want to be back driving by the summer holidays, really.', 'Therapist: Okay.'],
    );
    const driving = goals.find((g) => /back driving by Easter/.test(g.text));
    expect(statusIn(driving, DATES[1]!)).toBe('revised');
  });

  it('does not read a date said without a change as a revision', () => {
    const goals = client(
      ['Therapist: What do you want from these sessions?', 'Client: I want to be back driving by Easter.'],
      ['Therapist: And the driving?', 'Client: I drove round the estate on Sunday. Still on for Easter.'],
    );
    const driving = goals.find((g) => /back driving/.test(g.text));
    expect(statusIn(driving, DATES[1]!)).not.toBe('revised');
  });
});

describe('speaking up said in other words', () => {
  it('reads "I have spoken at both" as a step toward "one comment of my own in the team meeting each week"', () => {
    const goals = client(
      ['Therapist: What would you like to be different?', 'Client: I want to make one comment of my own in the team meeting each week.'],
      ['Therapist: And the team meetings?', 'Client: I have spoken at both since I saw you. My voice shook a bit.'],
    );
    expect(statusIn(goals[0], DATES[1]!)).toBe('progress');
  });
});

describe('steps said as states, counts of none and how it is now', () => {
  it('reads "Fell asleep before midnight three times." and "Most school nights I\'m asleep by eleven now." as steps toward sleep, not "I fell asleep on the sofa."', () => {
    const goals = client(
      ['Therapist: What would you want from coming here?', 'Client: Sleep better. I want to sleep properly on school nights.'],
      ['Therapist: And sleep?', 'Client: Fell asleep before midnight three times. Which is a record.'],
      ["Therapist: How's sleep been?", "Client: Most school nights I'm asleep by eleven now. Weekends are still a mess."],
    );
    const sleep = goals.find((g) => /sleep/i.test(g.text));
    expect(statusIn(sleep, DATES[1]!)).toBe('progress');
    expect(statusIn(sleep, DATES[2]!)).toBe('progress');
    const sofa = client(
      ['Therapist: What would you want from coming here?', 'Client: Sleep better. I want to sleep properly on school nights.'],
      ['Therapist: And sleep?', 'Client: I fell asleep on the sofa again. Then I was up till three.'],
    );
    expect(
      statusIn(
        sofa.find((g) => /sleep/i.test(g.text)),
        DATES[1]!,
      ),
    ).not.toBe('progress');
  });

  it('reads "Not once." about a goal of doing without as a step', () => {
    const goals = client(
      ['Therapist: Goal: no work email after six.', 'Client: Yes. That.'],
      ['Therapist: Emails?', 'Client: Not once. I forgot my password on Thursday.'],
    );
    expect(statusIn(goals[0], DATES[1]!)).toBe('progress');
  });
});

describe('a mixed or unchanged verdict', () => {
  it('reads no step from a turn that calls it mixed or the same as before, whatever one sentence tells', () => {
    const goals = client(
      ['Therapist: What would you like to be different?', 'Client: I want to go to the gym three times a week.'],
      ['Therapist: How is the gym going?', 'Client: Mixed, honestly. I went to the gym on Monday. But then I skipped the rest of the week.'],
      ['Therapist: And the gym?', 'Client: I went to the gym once, on Tuesday. Same as before really.'],
    );
    expect(statusIn(goals[0], DATES[1]!)).toBe('worked_on');
    expect(statusIn(goals[0], DATES[2]!)).toBe('worked_on');
  });
});

describe("the therapist's verdict, taken or corrected", () => {
  const first = ['Therapist: What would you like to be different?', 'Client: I want to swim twice a week again.'];
  it('reads a goal met when the client takes the therapist\'s verdict ("Yeah. Did it, didn\'t I.")', () => {
    const goals = client(first, [
      'Therapist: Twice a week was what you wanted for the swimming, and you have done it three weeks running.',
      "Client: Yeah. Did it, didn't I.",
    ]);
    expect(statusIn(goals[0], DATES[1]!)).toBe('met');
  });

  it('keeps it where it was when the client hedges or corrects it', () => {
    for (const answer of ["Client: I wouldn't go that far. Some weeks it's once.", 'Client: Sort of, I suppose.']) {
      const goals = client(first, ["Therapist: Would you say that's the goal done now, the swimming?", answer]);
      expect(statusIn(goals[0], DATES[1]!)).not.toBe('met');
    }
  });
});
