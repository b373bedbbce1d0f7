import { describe, expect, it } from 'vitest';
import { extractHomework } from '../../../../lambdas/core/notes/extract/homework.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';

function homeworkOf(lines: string[]) {
  return extractHomework(readSession(parseTranscript(lines.join('\n'))));
}

describe('homework assigned', () => {
  it('keeps what, when and a committed answer', () => {
    // Prepare / Act
    const { assigned } = homeworkOf(['Therapist: This week, could you keep a thought record every evening?', 'Client: Yes, I can do that.']);
    // Assess
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({
      task: 'keep a thought record',
      when: 'every evening',
      source: 'therapist',
      uptake: 'committed',
      turnIds: ['t0001', 't0002'],
    });
    expect(assigned[0]!.quote).toBe('This week, could you keep a thought record every evening?');
    expect(assigned[0]!.responseQuote).toBe('Yes, I can do that.');
  });

  it('reads a request for "this fortnight" as set for the interval, as "this week" is', () => {
    const { assigned } = homeworkOf([
      'Therapist: Would you be willing to try that this fortnight, just naming the thought when it turns up?',
      'Client: Sounds odd. But yes, I will give it a go.',
    ]);
    expect(assigned[0]).toMatchObject({ task: 'try that, just naming the thought when it turns up', when: 'this fortnight' });
  });

  it('reads the client\'s own plan in answer to a terse "This week?" as the task', () => {
    const { assigned } = homeworkOf(['Therapist: Right. This week?', "Client: I'll keep the food diary again, every meal this time.", 'Therapist: Walks?']);
    expect(assigned[0]).toMatchObject({ source: 'client', uptake: 'committed', turnIds: ['t0001', 't0002'] });
    expect(assigned[0]!.task).toMatch(/^keep the food diary again/);
  });

  it('reads tasks set under a header for the interval ("Next two weeks. …", "Can I suggest something for the next couple of weeks? …") and taken by saying them back', () => {
    const header = homeworkOf(['Therapist: Okay. Next two weeks. Walk to the corner shop twice.', 'Client: Corner shop, twice. Fine.']);
    expect(header.assigned[0]).toMatchObject({ quote: 'Next two weeks. Walk to the corner shop twice.', uptake: 'committed', turnIds: ['t0001', 't0002'] });
    const offer = homeworkOf([
      'Therapist: Can I suggest something for the next couple of weeks? Practise sitting in the quiet on purpose. Five minutes a day with the radio off.',
      'Client: Sitting in the quiet on purpose. My wife will think I have lost it.',
    ]);
    expect(offer.assigned).toHaveLength(1);
    expect(offer.assigned[0]!.quote).toContain('Practise sitting in the quiet on purpose.');
    // A header with nothing set after it, or a task the client questions, sets nothing.
    expect(homeworkOf(['Therapist: Right. Next two weeks.', 'Client: Yes.']).assigned).toEqual([]);
    expect(homeworkOf(['Therapist: Next two weeks. Say no once.', 'Client: Anyone? Like my husband?']).assigned).toEqual([]);
  });

  it('reads the client\'s own plan with its time, approved with a terse "Good.", as the task; not a plan without a time', () => {
    const timed = homeworkOf(["Client: And I'm going to delete the work app off my phone. Tonight.", 'Therapist: Good. What else?']);
    expect(timed.assigned[0]).toMatchObject({ source: 'client', task: 'delete the work app off my phone', turnIds: ['t0001', 't0002'] });
    expect(homeworkOf(["Client: I'm going to see how it goes.", 'Therapist: Good. What else?']).assigned).toEqual([]);
  });

  it('reads a peer supporter\'s "maybe …" and "fancy …" with a time as a suggestion set, and "Maybe that is why…" as none', () => {
    const maybe = homeworkOf(['Helper: ooh good idea. maybe jot that down and send it to him before sunday?', 'Client: yeah ok. ill try']);
    expect(maybe.assigned[0]).toMatchObject({ source: 'therapist', turnIds: ['t0001', 't0002'] });
    expect(maybe.assigned[0]!.task).toMatch(/^jot that down and send it/);
    const fancy = homeworkOf(['Helper: fancy sending him the list this week?', "Client: ok. i'll send it by friday"]);
    expect(fancy.assigned[0]!.task).toMatch(/^sending him the list/);
    expect(homeworkOf(['Therapist: Maybe that is why you feel tired every morning.', 'Client: Maybe.']).assigned).toEqual([]);
  });

  it('reads a day-specific commitment in the client’s own words and takes the day', () => {
    const { assigned } = homeworkOf(['Therapist: For homework, I want you to ring the GP surgery about your sleep.', "Client: I'll do it Wednesday."]);
    expect(assigned[0]).toMatchObject({ task: 'ring the gp surgery about your sleep', uptake: 'committed', when: 'wednesday' });
  });

  it.each([['I guess I could try.'], ['Maybe, if I have time.'], ["I'll try."], ['we will see']])('hedged answer %s is tentative', (answer) => {
    const { assigned } = homeworkOf(['Therapist: For homework I’d like you to go for a ten minute walk on Monday, Wednesday and Friday.', `Client: ${answer}`]);
    expect(assigned[0]).toMatchObject({ task: 'go for a ten minute walk', when: 'on monday, wednesday and friday', uptake: 'tentative' });
  });

  it.each([["I don't think I'll do that, honestly. She won't listen."], ['No, that is not going to work for me.'], ["I'd rather not."]])(
    'refusal %s is declined',
    (answer) => {
      const { assigned } = homeworkOf(['Therapist: I’d like you to call your sister before Thursday and ask her for help with the kids.', `Client: ${answer}`]);
      expect(assigned[0]).toMatchObject({ when: 'before thursday', uptake: 'declined' });
      expect(assigned[0]!.task).toMatch(/^call your sister/);
    },
  );

  it.each([['Okay.'], ['Fine.'], ['mm']])('bare acknowledgement %s is imposed', (answer) => {
    const { assigned } = homeworkOf(['Therapist: Between now and next session I want you to write down three things you did each day.', `Client: ${answer}`]);
    expect(assigned[0]).toMatchObject({ source: 'therapist', uptake: 'imposed' });
  });

  it('silence after the task is imposed', () => {
    const { assigned } = homeworkOf([
      'Therapist: For homework, fill in the activity diary every day. Now, before we finish, anything else on your mind?',
      'Client: Not really.',
    ]);
    expect(assigned[0]).toMatchObject({ task: 'fill in the activity diary', when: 'every day', uptake: 'imposed' });
  });

  it('reads speech-recogniser text without punctuation or apostrophes', () => {
    const { assigned } = homeworkOf([
      'Therapist: so between now and next session id like you to practise the breathing twice a day',
      'Client: yeah ill definitely do that',
    ]);
    expect(assigned[0]).toMatchObject({ task: 'practise the breathing', when: 'twice a day', uptake: 'committed' });
  });

  it('takes the client’s own plan when the therapist asks for one', () => {
    const { assigned } = homeworkOf([
      'Therapist: What could you try this week to get a bit more rest?',
      "Client: I think I'll go to bed by eleven on weeknights.",
      'Therapist: That sounds like a good plan.',
    ]);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ task: 'go to bed by eleven', source: 'client', uptake: 'committed', turnIds: ['t0001', 't0002', 't0003'] });
  });

  it('takes a plan the client offers when the therapist makes it the task', () => {
    const { assigned } = homeworkOf([
      'Client: I could maybe text Amy on Saturday and see if she wants to get coffee.',
      "Therapist: Let's make that your homework.",
    ]);
    expect(assigned[0]).toMatchObject({ source: 'client', uptake: 'tentative', turnIds: ['t0001', 't0002'] });
    expect(assigned[0]!.task).toMatch(/^text amy/);
  });

  it('notes with whom', () => {
    const { assigned } = homeworkOf(['Therapist: This week, try to plan one meal together with your partner.', 'Client: Sure, we can do Sunday.']);
    expect(assigned[0]!.withWhom).toBe('together with your partner');
  });

  it('a task restated at the end is one task, with both turns', () => {
    const { assigned } = homeworkOf([
      'Therapist: For homework, keep the sleep diary every morning.',
      'Client: Okay.',
      'Therapist: So just to recap, the sleep diary every morning, yes?',
      'Client: Yes, I will put it by my bed.',
    ]);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ uptake: 'committed', turnIds: ['t0001', 't0002', 't0003', 't0004'] });
  });

  describe('refuses', () => {
    it.each([
      ['a plan for the next session', ['Therapist: So next time we’ll look at your core beliefs.', 'Client: Okay.']],
      ['a plan for the next session, unpunctuated', ['Therapist: next session i want to go through the exposure hierarchy with you', 'Client: ok']],
      ['advice in passing', ['Therapist: It might help to get more sleep.', 'Client: Yeah.']],
      ['advice without a time', ['Therapist: Try to be a bit kinder to yourself.', 'Client: I know.']],
      ['a habit the client has anyway', ['Client: I walk the dog every morning anyway.', 'Therapist: That’s great.']],
      ['a task for someone else', ['Therapist: I’d like your husband to do the school run every morning this week.', 'Client: Fine.']],
      ['a past assignment told as history', ['Therapist: Your last therapist had you do thought records years ago, right?', 'Client: Yes, I hated them.']],
      [
        'a question about now with a trigger in it',
        ['Therapist: Can you tell me what goes through your mind every time you get anxious?', 'Client: That I’m going to fail.'],
      ],
      ['a negated task', ['Therapist: You don’t have to do any homework this week.', 'Client: Phew.']],
      ['the therapist asking, not setting', ['Therapist: What could you do this week to look after yourself?', 'Client: I don’t know.']],
    ])('%s', (_name, lines) => {
      expect(homeworkOf(lines).assigned).toEqual([]);
    });
  });
});

describe('homework reviewed', () => {
  it.each([
    ['I did it a couple of times but not every day.', 'partly'],
    ['yeah most days', 'partly'],
    ["I didn't get round to it, work was crazy.", 'not done'],
    ['No, I forgot.', 'not done'],
    ['Yes, every night.', 'done'],
    ['I filled it in after dinner each day.', 'done'],
    ['It was a strange week.', 'unclear'],
    // Occasions counted of occasions meant: all, some, none; a scale's top said without a unit is a rating.
    ['The record got filled in four evenings out of six.', 'partly'],
    ['Seven out of seven!', 'done'],
    ['Zero out of five days, sadly.', 'not done'],
    ['The evening one got done every time. The morning one, not really.', 'partly'],
    ['It went about eight out of ten, I would say.', 'unclear'],
    ['Mixed. The first week it got done every night, then it slipped.', 'partly'],
    ['Done. Three times a day.', 'done'],
  ])('answer %s reads as %s', (answer, completion) => {
    const { reviewed, assigned } = homeworkOf(['Therapist: How did the thought record go?', `Client: ${answer}`]);
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]).toMatchObject({ task: 'thought record', completion, turnIds: ['t0001', 't0002'], clientQuote: answer });
    expect(assigned).toEqual([]);
  });

  it('names the task from what was agreed last time', () => {
    const { reviewed } = homeworkOf([
      'Therapist: Last week we agreed you would go to the gym twice. How did that go?',
      'Client: Yeah I went both times actually.',
    ]);
    expect(reviewed[0]).toMatchObject({ task: 'go to the gym twice', completion: 'done' });
  });

  it('reads an unpunctuated review', () => {
    const { reviewed } = homeworkOf(['Therapist: we said last time youd try the activity schedule did you manage to fill it in', 'Client: yeah most days']);
    expect(reviewed[0]).toMatchObject({ task: 'try the activity schedule', completion: 'partly' });
  });

  it('takes the client raising it unprompted', () => {
    const { reviewed } = homeworkOf(['Therapist: Where would you like to start?', 'Client: So I did the homework you gave me, the breathing, most mornings.']);
    expect(reviewed[0]).toMatchObject({ completion: 'partly', turnIds: ['t0002'] });
  });

  it.each([
    ['a technique from years ago', ['Therapist: Did you ever do breathing exercises in your last therapy?', 'Client: Yes, years ago.']],
    ['a question about something that is not homework', ['Therapist: Did you manage to see your mum?', 'Client: Yes.']],
    ['something talked about that was not a task', ['Therapist: Last week we talked about your trip. How was it?', 'Client: Lovely.']],
  ])('refuses %s', (_name, lines) => {
    expect(homeworkOf(lines).reviewed).toEqual([]);
  });
});

describe('a session with no homework', () => {
  it('gives empty arrays, never an invented task', () => {
    const result = homeworkOf([
      'Therapist: How have things been since we last met?',
      'Client: Honestly pretty rough. Work is a lot.',
      'Therapist: It sounds like work has been taking a lot out of you.',
      'Client: Yeah. I just want to sleep all weekend.',
      'Therapist: We will need to stop there for today. Same time next week?',
      'Client: Sure.',
    ]);
    expect(result).toEqual({ assigned: [], reviewed: [] });
  });
});
