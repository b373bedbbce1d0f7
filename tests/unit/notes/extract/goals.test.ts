import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractGoals } from '../../../../lambdas/core/notes/extract/goals.js';

/** A session from alternating lines, therapist first. */
function goalsOf(...lines: string[]) {
  return extractGoals(readSession(parseTranscript(lines.map((l, i) => `${i % 2 === 0 ? 'Therapist' : 'Client'}: ${l}`).join('\n'))));
}

describe('goals the client states', () => {
  it('an answer to "what would you like to be different", with its time frame and measurable target', () => {
    // Act
    const goals = goalsOf(
      'What would you like to be different by the end of our work together?',
      'I want to be able to go to the shop on my own by the summer.',
    );
    // Assess
    expect(goals).toEqual([
      {
        what: 'I want to be able to go to the shop on my own by the summer.',
        wordsOf: 'client',
        timeFrame: 'by the summer',
        target: 'go to the shop on my own',
        status: 'new',
        proposedBy: 'client',
        agreement: 'own_words',
        turnIds: ['t0002'],
      },
    ]);
  });

  it('"my goal is…" unprompted, and not the goal someone else has for the client', () => {
    const goals = goalsOf('What brings you here?', "My goal is to sleep six hours a night. And my wife's goal is for me to stop drinking.");
    expect(goals).toMatchObject([{ what: 'My goal is to sleep six hours a night.', target: 'sleep six hours a night', status: 'new', proposedBy: 'client' }]);
  });

  it('"I want to be able to…" with a time frame needs no question', () => {
    const goals = goalsOf('How was the week?', 'Rough. I want to be able to drive again in six weeks.');
    expect(goals).toMatchObject([{ what: 'I want to be able to drive again in six weeks.', timeFrame: 'in six weeks' }]);
  });

  it('speech-recogniser text without punctuation or apostrophes', () => {
    const goals = goalsOf(
      'what would you like to get out of these sessions',
      'honestly i just wanna feel like myself again and not be so anxious all the time',
    );
    expect(goals).toMatchObject([
      { what: 'honestly i just wanna feel like myself again and not be so anxious all the time', wordsOf: 'client', status: 'new' },
    ]);
  });

  it('a wish put as a condition, in answer to a goal question', () => {
    const goals = goalsOf('What would you like to be different?', "If I could go to the shop on my own, I'd be happy. My sister wants me to get a job.");
    expect(goals).toMatchObject([{ what: "If I could go to the shop on my own, I'd be happy.", target: 'go to the shop on my own' }]);
  });
});

describe('goals the therapist proposes', () => {
  it('"let\'s make that one of our goals", taken up: the client\'s words, proposed by the therapist, agreed', () => {
    const goals = goalsOf('So what do you want?', 'I want to stop drinking so much.', "Let's make that one of our goals.", 'Yeah, definitely.');
    expect(goals).toEqual([
      {
        what: 'I want to stop drinking so much.',
        wordsOf: 'client',
        status: 'new',
        proposedBy: 'therapist',
        agreement: 'agreed',
        turnIds: ['t0002', 't0003', 't0004'],
      },
    ]);
  });

  it("the therapist's words when the client only acquiesces: tentative", () => {
    const goals = goalsOf('I was thinking one goal could be going for a walk three times a week.', 'Okay, I guess I can try.');
    expect(goals).toMatchObject([
      {
        what: 'going for a walk three times a week',
        wordsOf: 'therapist',
        target: 'going for a walk three times a week',
        proposedBy: 'therapist',
        agreement: 'tentative',
        turnIds: ['t0001', 't0002'],
      },
    ]);
  });

  it('a proposal the client turns down is not a goal', () => {
    expect(goalsOf('So what do you want?', 'I want to stop drinking so much.', "Let's make that one of our goals.", "No, I'm not ready for that.")).toEqual([]);
    expect(goalsOf('Maybe your goal could be to go to one party this month?', "No. That's not what I want.")).toEqual([]);
  });

  it('a proposal nobody answers is not a goal', () => {
    expect(goalsOf('One goal could be to call your brother every week. Anyway, how is work?', 'Work is fine.')).toEqual([]);
  });
});

describe('goals looked back on', () => {
  it('progress reported on a goal from last time', () => {
    const goals = goalsOf("Last time you said you wanted to go back to work by Christmas. How's that going?", 'I managed two half days this week.');
    expect(goals).toMatchObject([
      {
        what: 'go back to work by Christmas',
        wordsOf: 'therapist',
        timeFrame: 'by Christmas',
        status: 'progress_reported',
        proposedBy: 'client',
        turnIds: ['t0001', 't0002'],
      },
    ]);
  });

  it('a goal achieved', () => {
    const goals = goalsOf('How are you getting on with your goal of sleeping through the night?', 'I did it! Five nights in a row.');
    expect(goals).toMatchObject([{ what: 'sleeping through the night', status: 'achieved', proposedBy: 'not_stated', turnIds: ['t0001', 't0002'] }]);
  });

  it('a goal revised', () => {
    const goals = goalsOf(
      'We set the goal of going to the gym five times a week. How has that been?',
      "Honestly it's too much with work.",
      "Let's make it smaller. How about we aim for twice a week instead?",
      'Yes, that feels doable.',
    );
    expect(goals.at(-1)).toMatchObject({ what: 'twice a week instead', wordsOf: 'therapist', status: 'revised', agreement: 'agreed' });
  });
});

describe('what is not a goal', () => {
  it.each([
    ['an everyday intention', ['How was your week?', 'Fine. I want to get a coffee after this.']],
    ['sustain talk', ['What are your goals?', "I don't want to stop drinking."]],
    ["someone else's wish for the client", ['What would you like to be different?', 'My mum wants me to get a job.']],
    ['wanting someone else to change', ['What would you like to be different?', 'I want my husband to stop shouting.']],
    ['the past', ['What would you like to work on?', 'When I was younger I wanted to be able to run a marathon.']],
    ['a change wish with no goal framing', ['How was your week?', 'I want to stop drinking so much.']],
    ['a short session with none', ['Hi.', 'Hi.', 'Shall we start?', 'Sure.']],
  ])('%s', (_why, lines) => {
    expect(goalsOf(...lines)).toEqual([]);
  });
});

describe('goals the therapist names from an earlier session', () => {
  it('reads "the aim, as you said at the start, is to…" and "the goal you set with me at the start, …"', () => {
    const first = extractGoals(
      readSession(
        parseTranscript(
          [
            'Therapist: The aim, as you said at the start, is to drive to your sister’s on your own by the summer holidays.',
            'Client: By August. Yes. That’s the aim.',
          ].join('\n'),
        ),
      ),
    );
    expect(first[0]).toMatchObject({ status: 'revisited', wordsOf: 'therapist' });
    expect(first[0]!.what).toMatch(/^drive to your sister’s on your own by the summer holidays/);
    const second = extractGoals(
      readSession(
        parseTranscript(
          ['Therapist: And the goal you set with me at the start, six months without self-harm by the summer, you are at four.', 'Client: Two more.'].join(
            '\n',
          ),
        ),
      ),
    );
    expect(second[0]!.what).toMatch(/^six months without self-harm by the summer/);
  });
});

describe('goals the therapist reads back as a list, then asks about one by one', () => {
  const goals = goalsOf(
    'Before we finish, I want to look back at the goals we agreed in March: walking the dog every morning, phoning my brother on Sundays, and cooking a proper tea.',
    'Go on.',
    'How is the walking going?',
    "Every morning bar one. I'd count that one done.",
    'And your brother?',
    'Better. We spoke twice, though it was short.',
    'What about cooking?',
    'Beans on toast most nights, if I am honest.',
  );

  it('charts each goal of the list, where the answer about it puts it, citing the list, the question and the answer', () => {
    expect(goals.map((g) => [g.what, g.status])).toEqual([
      ['walking the dog every morning', 'achieved'],
      ['phoning my brother on Sundays', 'progress_reported'],
      ['cooking a proper tea', 'revisited'],
    ]);
    expect(goals[0]).toMatchObject({ wordsOf: 'therapist', proposedBy: 'not_stated', turnIds: ['t0001', 't0003', 't0004'], restated: true });
    // No answer that says where it stands: the list's turn alone.
    expect(goals[2]!.turnIds).toEqual(['t0001']);
  });

  it('a goal reported met in the client\'s words ("the sleep goal is met")', () => {
    const met = goalsOf(
      'Our goals from the start: sleeping through, and getting back to the pool. Where are you with sleep?',
      'I think the sleep goal is met now.',
    );
    expect(met[0]).toMatchObject({ what: 'sleeping through', status: 'achieved', turnIds: ['t0001', 't0002'] });
    expect(met[1]).toMatchObject({ what: 'getting back to the pool', status: 'revisited' });
  });

  it('a single goal after a colon, or a list of something else, is not read as a list of goals', () => {
    expect(goalsOf('The plan for this week: the diary, the walk and the call. Does that sound right?', 'Yes.')).toEqual([]);
  });
});

describe('a goal changed in the session ("so the goal becomes…")', () => {
  it("is revised, in the therapist's words, when the client agrees", () => {
    const goals = goalsOf(
      'Does three runs a week still feel right?',
      'Maybe two while the exams are on.',
      'So the goal becomes two runs a week until the exams finish. Is that right?',
      "Yes, that's fair.",
    );
    expect(goals).toMatchObject([
      { what: 'two runs a week until the exams finish', status: 'revised', wordsOf: 'therapist', agreement: 'agreed', turnIds: ['t0003', 't0004'] },
    ]);
  });

  it('is not a goal when the client turns it down', () => {
    expect(goalsOf('So the goal becomes two runs a week. Is that right?', 'No, I want to keep it at three.')).toEqual([]);
  });
});

describe('an outcome pictured and answered as the outcome itself', () => {
  it('reads "What would success look like?" answered with an activity as a goal in the client\'s words', () => {
    expect(goalsOf('What would success look like?', "Driving on the motorway to my sister's in Leeds, on my own.")).toMatchObject([
      { what: "Driving on the motorway to my sister's in Leeds, on my own", wordsOf: 'client', status: 'new', agreement: 'own_words', turnIds: ['t0002'] },
    ]);
  });

  it('reads no goal from a telling, a negation or the past in the answer', () => {
    expect(goalsOf('What would success look like?', 'I drove to Leeds once, years ago. Not the motorway though.')).toEqual([]);
  });
});
