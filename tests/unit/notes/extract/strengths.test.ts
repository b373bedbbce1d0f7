import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractStrengths } from '../../../../lambdas/core/notes/extract/strengths.js';

/** A session from alternating lines, therapist first. */
function strengthsOf(...lines: string[]) {
  return extractStrengths(readSession(parseTranscript(lines.map((l, i) => `${i % 2 === 0 ? 'Therapist' : 'Client'}: ${l}`).join('\n'))));
}
const said = (line: string) => strengthsOf('Tell me more about that.', line);

describe("strengths and protective factors in the client's words", () => {
  it.each([
    ['My sister checks on me every day.', 'support'],
    ["I've got really good friends.", 'support'],
    ['I can talk to my brother about anything.', 'support'],
    ['Going for a walk really helps me when I feel anxious.', 'coping'],
    ['music calms me down', 'coping'],
    ['My kids are the reason I keep going.', 'reason_for_living'],
    ['I could never do that to my mum.', 'reason_for_living'],
    ["I'm looking forward to my daughter's wedding.", 'reason_for_living'],
    ["I'm good with people.", 'skill'],
    ['I know how to talk myself down now.', 'skill'],
    ['I did the thought record every day this week.', 'engagement'],
    ['these sessions have been really helpful', 'engagement'],
    ['Family is really important to me.', 'value'],
  ])('%s → %s', (line, kind) => {
    // Act
    const strengths = said(line);
    // Assess
    expect(strengths).toEqual([{ kind, quote: line, turnIds: ['t0002'] }]);
  });

  it('quotes what "it" is when the client says it helps', () => {
    expect(said('When I get panicky I do the breathing. It really helps.')).toEqual([
      { kind: 'coping', quote: 'When I get panicky I do the breathing. It really helps.', turnIds: ['t0002'] },
    ]);
  });

  it('reads speech-recogniser text without punctuation or apostrophes', () => {
    const strengths = said('honestly my dog keeps me going and my mum checks in on me most days');
    expect(strengths.map((s) => s.kind)).toEqual(['reason_for_living', 'support']);
  });
});

describe('what is not a strength', () => {
  it.each([
    ['no one', "I don't have anyone."],
    ['nothing to live for', 'i have nothing to live for'],
    ['a supporter who no longer is', 'my mum doesnt talk to me anymore'],
    ['long past', 'I used to run every morning.'],
    ['a supporter in the past', 'My sister used to help me but she moved away.'],
    ['coping that harms', 'Drinking helps me relax.'],
    ['a harmful skill', 'im good at hiding it'],
    ['nothing helps', 'Nothing helps.'],
    ['a question', 'Does walking help?'],
    ['someone watching, not supporting', 'He checks my phone every day.'],
  ])('%s: %s', (_why, line) => {
    expect(said(line)).toEqual([]);
  });

  it("the therapist's praise alone", () => {
    expect(strengthsOf("You're so resilient, you should be proud.", 'Thanks.')).toEqual([]);
  });

  it('a short session with none', () => {
    expect(strengthsOf('Hi, how are you?', 'Okay.', 'Shall we start?', 'Sure.')).toEqual([]);
  });
});

describe("the therapist's affirmation, when it names what the client did", () => {
  it("cites both turns, the client's words and the affirmation", () => {
    // Act
    const strengths = strengthsOf(
      'How was the week?',
      'I felt really low on Tuesday so I went for a walk by the river.',
      "It's great that you went for a walk when you felt that low.",
      'Yeah.',
    );
    // Assess
    expect(strengths).toEqual([
      {
        kind: 'coping',
        quote: 'I went for a walk by the river.',
        affirmation: "It's great that you went for a walk when you felt that low.",
        turnIds: ['t0002', 't0003'],
      },
    ]);
  });

  it('adds itself to a strength the client already named', () => {
    const strengths = strengthsOf(
      'How was the week?',
      'I did the breathing every night this week.',
      'Well done for sticking with the breathing every night.',
      'Thanks.',
    );
    expect(strengths).toEqual([
      {
        kind: 'engagement',
        quote: 'I did the breathing every night this week.',
        affirmation: 'Well done for sticking with the breathing every night.',
        turnIds: ['t0002', 't0003'],
      },
    ]);
  });

  it('does not affirm something the client said they did not do', () => {
    expect(strengthsOf('How was the week?', "I didn't go for a walk at all.", 'Well done for thinking about going for a walk.', 'Okay.')).toEqual([]);
  });
});
