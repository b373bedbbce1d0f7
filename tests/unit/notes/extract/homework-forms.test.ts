/**
 * Homework set the way therapists set it when they do not say "homework": a request the client takes up
 * with a time of their own, a diary kept going, a terse clinician's "Thought record. When the dip comes.",
 * an offer ("would you like to…", "want to try…"); and what stays no homework (an instruction for now
 * answered with a story, a request turned down). Sessions written for this file.
 */
import { describe, expect, it } from 'vitest';
import { extractHomework } from '../../../../lambdas/core/notes/extract/homework.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { inlineTranscript } from '../../../helpers.js';

const assigned = (lines: string[]) => extractHomework(readSession(inlineTranscript(lines))).assigned;

describe('homework set without the word', () => {
  it('reads a request the client takes up with a time of their own', () => {
    const [task] = assigned([
      'Therapist: Could you text your brother instead, just to ask about the weekend?',
      "Client: A text I can do. I'll send it tomorrow.",
    ]);
    expect(task).toMatchObject({ task: expect.stringMatching(/^text your brother/), uptake: 'committed', turnIds: ['t0001', 't0002'] });
  });

  it('reads "would you like to … this week" and "want to try … tomorrow"', () => {
    expect(
      assigned(['Therapist: Would you like to go out and sit on the balcony for a few minutes this week?', 'Client: I could do that.']).map((t) => t.task),
    ).toEqual(['go out and sit on the balcony for a few minutes']);
    expect(assigned(['Supporter: want to try walking the dog tomorrow and tell me how it goes?', 'Member: yeah ok. ill try'])).toHaveLength(1);
  });

  it('reads a diary kept going with no time said, since a diary is kept between sessions', () => {
    expect(assigned(['Therapist: Keep the food diary going as well, if you would.', 'Client: Yeah, that stays.']).map((t) => t.task)).toEqual([
      'keep the food diary going as well',
    ]);
  });

  it("reads a terse clinician's homework thing and its time or trigger", () => {
    expect(assigned(['Therapist: Activity diary. Each day: what you did, and mood nought to ten.', 'Client: Right. Fine.'])[0]).toMatchObject({
      task: 'activity diary',
      when: 'each day',
    });
    expect(assigned(['Therapist: Thought record. When the evening dip comes.', 'Client: I can try.'])[0]).toMatchObject({ task: 'thought record' });
  });

  it('reads a request set for a named day ("For Thursday, would you write down three examples")', () => {
    expect(
      assigned(['Therapist: For Thursday, would you write down three examples of times you handled a complaint well?', "Client: Three. I'll pick the best."]),
    ).toHaveLength(1);
  });
});

describe('what stays no homework', () => {
  it('reads no task from an instruction for now answered with a story that names a day', () => {
    expect(assigned(['Therapist: Go ahead with the meeting.', 'Client: So on Thursday she asked me to take the new starters.'])).toEqual([]);
  });

  it('reads no time from a client who turns the request down', () => {
    expect(assigned(['Therapist: Could you ring your sister?', "Client: No, I can't face her. Maybe I'll see her on Sunday anyway."])).toEqual([]);
  });

  it('reads no task from a homework word said alone with nothing about when', () => {
    expect(assigned(['Therapist: Thought records.', 'Client: What about them?'])).toEqual([]);
  });
});

describe('homework set in the forms of structured therapies', () => {
  it('reads "I\'d also like you to…", "please write…" after "for this week…", and "make X part of this week\'s practice"', () => {
    expect(assigned(['Therapist: For this fortnight I would also like you to do a worksheet on that belief.', 'Client: Okay.']).map((t) => t.task)).toEqual([
      'do a worksheet on that belief',
    ]);
    expect(
      assigned([
        "Therapist: For this week I'd like to give you an assignment. Please write one page on what the accident changed for you.",
        'Client: One page. Okay.',
      ]).map((t) => t.task),
    ).toEqual(['write one page on what the accident changed for you']);
    expect(
      assigned(["Therapist: Shall we make phoning the surgery part of this week's practice?", "Client: Okay. I'll phone on Monday."]).map((t) => t.task),
    ).toEqual(['phoning the surgery']);
  });

  it('reads "So: keep the diary going, …" and "And please keep the lamp on every night"', () => {
    expect(assigned(['Therapist: So: keep the diary going, and the early walk.', 'Client: Diary, walk. Got it.'])).toHaveLength(1);
    expect(assigned(['Therapist: And please keep the small lamp on every night.', 'Client: Yes. Small lamp only.'])).toHaveLength(1);
  });

  it('reads the next task of a list a turn or two later ("Second: when you get home, set a timer…")', () => {
    const tasks = assigned([
      "Therapist: Two small experiments for this week. First, a planner. Before you leave each class, write down what's due.",
      "Client: I've got a planner. It's empty but I've got it.",
      'Therapist: Then it is ready to go. Second: when you get home, set a twenty-minute timer and just start.',
      'Client: The timer I can do.',
    ]).map((t) => t.task);
    expect(tasks).toEqual(['write down what is due', 'set a twenty-minute timer and just start']);
  });

  it('does not take an instruction for now, a turn after a task, for another task', () => {
    const tasks = assigned([
      'Therapist: I would also like you to keep a mood diary, a line or two each evening.',
      'Client: Fine.',
      'Therapist: At the end I ask you to fill in the rating scale about today. Take your time with it.',
      'Client: There you go.',
    ]).map((t) => t.task);
    expect(tasks).toEqual(['keep a mood diary, a line or two']);
  });
});

describe("homework set as the client's idea taken up, or after a time of day", () => {
  it('reads "Let\'s do exactly that this week: dressing gown out, lamp on…" and "Done." as taken on', () => {
    const [task] = assigned([
      "Therapist: Let's do exactly that this week: dressing gown out, lamp on, heating till one, and up if you're not asleep.",
      "Client: Done. That's a plan I can cost.",
    ]);
    expect(task).toMatchObject({ task: expect.stringMatching(/^dressing gown out, lamp on/), uptake: 'committed', when: 'this week' });
  });

  it('reads an instruction after a time of day ("At about eight each evening, sit…"), and "tomorrow\'s list" as a list, not a time', () => {
    const [task] = assigned([
      "Therapist: At about eight each evening, sit at the table for fifteen minutes and write tomorrow's list.",
      'Client: A worry ledger. I like it.',
    ]);
    expect(task).toMatchObject({ task: "sit at the table for fifteen minutes and write tomorrow's list", when: 'each evening', uptake: 'committed' });
  });

  it('quotes a task named by a pronoun ("Try that this week.") with the sentence that names it', () => {
    const [task] = assigned([
      'Client: I could stand at the counter instead of sitting.',
      'Therapist: Try that this week. Standing at the counter from when you get in.',
      'Client: Aye, all right.',
    ]);
    expect(task).toMatchObject({
      task: 'standing at the counter from when you get in',
      quote: 'Try that this week. Standing at the counter from when you get in.',
    });
  });
});

describe('the client\'s own task, asked for with "anything else"', () => {
  it('reads the answer to "Anything else you\'d want to practise before next week?" as the client\'s task', () => {
    const [task] = assigned([
      "Therapist: Anything else you'd want to practise before next week?",
      'Client: I was thinking, I could write out a DEAR MAN for asking Mam to knock first.',
      'Therapist: I like that. Write it out and bring it in.',
      'Client: Grand.',
    ]);
    expect(task).toMatchObject({ source: 'client', task: expect.stringMatching(/^write out a dear man/) });
  });
});

describe('a review of homework named by its gerund', () => {
  it('reads "Card first, as always. How did filling it in at night go?" as a review, partly done', () => {
    const { reviewed } = extractHomework(
      readSession(
        inlineTranscript([
          'Therapist: Card first, as always. How did filling it in at night go?',
          'Client: Half and half. Four nights I did it in bed, the other three on the bus the next day.',
        ]),
      ),
    );
    expect(reviewed).toMatchObject([{ completion: 'partly', turnIds: ['t0001', 't0002'] }]);
  });

  it('does not take "How did talking to her go?" with no homework named for a review', () => {
    expect(extractHomework(readSession(inlineTranscript(['Therapist: How did talking to her go?', 'Client: Fine.']))).reviewed).toEqual([]);
  });
});

describe('plans the client makes and reviews the therapist asks for, as they are said', () => {
  const reviewed = (lines: string[]) => extractHomework(readSession(inlineTranscript(lines))).reviewed;

  it('reads the client\'s own plan taken up by "That\'s your idea and I like it", and one whose time follows it ("…back. Tonight.")', () => {
    expect(
      assigned([
        'Client: Maybe. Actually, yeah. I will go in and see the lads this Thursday. For a brew, not to work.',
        "Therapist: That's your idea and I like it.",
      ]).map((t) => [t.task, t.source]),
    ).toEqual([['go in and see the lads', 'client']]);
    expect(assigned(["Client: I'm going to text her back. Tonight.", 'Therapist: Good idea.']).map((t) => t.task)).toEqual(['text her back']);
    // No time and no taking up: a thought, not a plan.
    expect(assigned(["Client: I'm going to text her back.", 'Therapist: Mm.'])).toEqual([]);
  });

  it('reads "Did you end up ringing them, like you\'d planned?" as a review, done when the answer tells the deed ("I rang. Twice.")', () => {
    expect(
      reviewed(["Therapist: Did you end up ringing them, like you'd planned?", 'Client: I rang. Twice. The first time I hung up.']).map((r) => [
        r.task,
        r.completion,
      ]),
    ).toEqual([['ringing them', 'done']]);
    expect(reviewed(["Therapist: Did you end up ringing them, like you'd planned?", 'Client: I was so busy, honestly.'])[0]?.completion).toBe('unclear');
  });
});

describe('a task that names someone', () => {
  it('is charted with its quote cut before the name, never with the name, in the homework and the intervention', async () => {
    const { inlineNote, noteText } = await import('../note-helpers.js');
    const { note } = inlineNote([
      'Therapist: How sure are you that they have forgotten you?',
      'Client: Not very. Margaret sent a card at Christmas.',
      'Therapist: Margaret remembered you. Would you be willing to ring Margaret rather than the club?',
      'Client: Margaret, yes. I can ring Margaret on Sunday.',
      'Therapist: Good.',
    ]);
    const text = noteText(note);
    expect(text).not.toMatch(/margaret/i);
    expect(text).toMatch(/"Would you be willing to ring …"/);
  });
});
