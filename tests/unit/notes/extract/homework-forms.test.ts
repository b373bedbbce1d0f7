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
