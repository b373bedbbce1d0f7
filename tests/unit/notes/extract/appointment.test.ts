/**
 * The next appointment as said: the time in the speaker's words with a day count when clear, who said it,
 * whether it was agreed, any change in frequency; other appointments, past sessions and hypotheticals refused.
 */
import { describe, expect, it } from 'vitest';
import { extractNextAppointment, intervalOf } from '../../../../lambdas/core/notes/extract/appointment.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { inlineTranscript } from '../../../helpers.js';

const nextOf = (lines: string[]) => extractNextAppointment(readSession(inlineTranscript(lines)));

describe('the next appointment as said', () => {
  it('reads "Same time next week?" answered "Sure." as agreed, seven days on', () => {
    // Act
    const next = nextOf(["Therapist: Okay, we're nearly out of time. Same time next week?", 'Client: Sure.']);
    // Assess
    expect(next).toMatchObject({
      when: 'same time next week',
      intervalDays: 7,
      saidBy: 'therapist',
      agreed: true,
      said: 'Same time next week?',
      turnIds: ['t0001', 't0002'],
    });
  });

  it('reads "I\'ll see you in a month" as thirty days', () => {
    expect(nextOf(["Therapist: I'll see you in a month then.", 'Client: Okay, thanks.'])).toMatchObject({ when: 'in a month', intervalDays: 30, agreed: true });
  });

  it('keeps a weekday or a date as said, with no day count', () => {
    expect(nextOf(['therapist: alright so same time thursday then', 'client: yeah thats fine see you thursday'])).toMatchObject({
      when: 'same time thursday',
      intervalDays: null,
      agreed: true,
    });
    expect(nextOf(['Therapist: Our next session is on the 14th.', 'Client: Great.'])).toMatchObject({ when: 'on the 14th', intervalDays: null });
    expect(nextOf(["Therapist: Let's pick this up after the holidays.", 'Client: Okay.'])).toBeNull();
    expect(nextOf(["Therapist: We'll meet again after the holidays.", 'Client: Okay.'])).toMatchObject({ when: 'after the holidays' });
  });

  it('follows a rescheduling to the time both settled on, proposed by the client', () => {
    const next = nextOf([
      'Therapist: So our next session is on the 14th.',
      "Client: I can't do the 14th, I have a court date. Can we do the 16th?",
      'Therapist: Sure, the 16th it is.',
    ]);
    expect(next).toMatchObject({ when: 'the 16th', saidBy: 'client', agreed: true, turnIds: ['t0002', 't0003'] });
  });

  it('reads the client’s answer to "when would you like to come back"', () => {
    expect(nextOf(['therapist: when would you like to come back', 'client: maybe in three weeks', 'therapist: three weeks it is'])).toMatchObject({
      when: 'in three weeks',
      intervalDays: 21,
      saidBy: 'client',
      agreed: true,
    });
  });

  it('reads a change in frequency with the next session', () => {
    const next = nextOf([
      'Therapist: I think we can go to every other week now. Does that sound okay?',
      "Client: Yeah I think I'm ready.",
      "Therapist: Great, so I'll see you in two weeks.",
      'Client: See you then.',
    ]);
    expect(next).toMatchObject({
      when: 'in two weeks',
      intervalDays: 14,
      agreed: true,
      frequencyChange: { said: 'every other week', everyDays: 14, turnId: 't0001' },
    });
  });

  it('skips a declined time for the one offered instead', () => {
    expect(nextOf(['Client: Will I see you next week?', "Therapist: No, I'm away next week, so the week after.", 'Client: Okay.'])).toMatchObject({
      when: 'the week after',
      saidBy: 'therapist',
      agreed: true,
    });
  });

  it('reads unpunctuated recogniser text at the end of a session, with no answer', () => {
    expect(nextOf(['therapist: how did the week go', 'client: not bad', 'therapist: ok thats time for today see you next week'])).toMatchObject({
      when: 'next week',
      intervalDays: 7,
      agreed: null,
      saidBy: 'therapist',
    });
  });

  it('notes a next session named without a time', () => {
    expect(nextOf(['Therapist: Take care, see you next time.', 'Client: See you.'])).toMatchObject({ when: null, intervalDays: null, agreed: true });
    // A goodbye is not agreement to anything.
    expect(nextOf(['Therapist: Take care, see you next time.', 'Client: Bye.'])).toMatchObject({ when: null, agreed: null });
  });
});

describe('what is not the next appointment', () => {
  it('refuses someone else’s appointment: the GP, the psychiatrist, a court date', () => {
    expect(nextOf(['Therapist: When is your psychiatrist appointment?', 'Client: Next Thursday.'])).toBeNull();
    expect(nextOf(['Client: my court date is on the 14th', 'Therapist: ok. and your GP appointment is next week?', 'Client: yeah next wednesday'])).toBeNull();
    expect(nextOf(['Client: I have a job interview next week.', 'Therapist: How are you feeling about it?'])).toBeNull();
  });

  it('keeps our session when another appointment shares the sentence', () => {
    expect(nextOf(["Therapist: I'll see you next week, after your GP appointment on Monday.", 'Client: ok'])).toMatchObject({
      when: 'next week',
      intervalDays: 7,
    });
  });

  it('refuses past sessions and "next time" that is not a meeting', () => {
    expect(nextOf(['Therapist: Last week you said things were hard.', 'Client: Yeah.'])).toBeNull();
    expect(nextOf(['Therapist: We met on Thursday and you seemed low.', 'Client: I was.'])).toBeNull();
    expect(nextOf(['Therapist: Next time you feel that way, try the breathing.', 'Client: I will.'])).toBeNull();
  });

  it('refuses a hypothetical extra session', () => {
    expect(nextOf(['therapist: if things get worse we can meet next week instead', 'client: ok'])).toBeNull();
  });

  it('refuses "same time" that does not end the session', () => {
    expect(
      nextOf([
        'Client: I always wake up at the same time.',
        'Therapist: What time is that?',
        'Client: Five.',
        'Therapist: Tell me more.',
        'Client: It is just early.',
        'Therapist: Mm.',
        'Client: Yeah.',
        'Therapist: And then?',
        'Client: I lie there.',
      ]),
    ).toBeNull();
  });

  it('finds nothing in a short session with no mention', () => {
    expect(nextOf(['Therapist: How was your week?', 'Client: Fine.', 'Therapist: Anything you want to talk about?', 'Client: Not really.'])).toBeNull();
  });
});

describe('day counts', () => {
  it('counts days only when the words make it clear', () => {
    expect(
      [
        'next week',
        'in a week',
        'in two weeks',
        'in a fortnight',
        'in 3 weeks',
        'in a couple of weeks',
        'in a month',
        'in two months',
        'tomorrow',
        'next thursday',
        'on the 14th',
        'in a few weeks',
      ].map(intervalOf),
    ).toEqual([7, 7, 14, 14, 21, 14, 30, 60, 1, null, null, null]);
  });
});

describe('the appointment as a longer turn says it', () => {
  it('quotes the words around the time, and reads "No, that sounds good" as agreement', () => {
    const next = extractNextAppointment(
      readSession(
        inlineTranscript([
          'Therapist: And maybe just a walk, one time, and I say one time, you can go more, but go for one nice day between now and a few weeks from now when I get to see you again. How does that sound?',
          'Client: No, that sounds good.',
        ]),
      ),
    );
    expect(next).toMatchObject({ when: 'a few weeks from now', agreed: true });
    expect(next!.said).toContain('a few weeks from now');
  });
});
