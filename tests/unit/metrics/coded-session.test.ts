import { describe, expect, it } from 'vitest';
import { codeSession, quoteOf } from '../../../lambdas/core/metrics/coded-session.js';
import { detectRisk } from '../../../lambdas/core/risk/index.js';
import { fixtureTranscript, inlineTranscript } from '../../helpers.js';

describe('a session coded turn by turn', () => {
  it('codes a bare "yeah" by the therapist turn it answers, past a backchannel', () => {
    // Prepare
    const transcript = inlineTranscript([
      'Therapist: So you would like to cut down on the drinking?',
      'Client: Yeah.',
      'Therapist: Mm-hmm.',
      'Client: Yeah, I really would.',
      'Therapist: How was the drive over?',
      'Client: Yeah, fine.',
    ]);
    // Act
    const { clientTurns } = codeSession(transcript);
    // Assess
    expect(clientTurns.map((t) => t.client)).toEqual(['change', 'change', 'neutral']);
  });

  it('keeps the code of a statement a backchannel cut in two', () => {
    const { clientTurns } = codeSession(
      inlineTranscript([
        'Therapist: What would you like to be different?',
        "Client: I've been wanting to quit smoking-",
        'Therapist: Mm-hmm.',
        'Client: -for years now.',
      ]),
    );
    expect(clientTurns.map((t) => t.client)).toEqual(['change', 'change']);
  });

  it('carries change talk on past a "mm-hmm" into the story that goes on with it, but not sustain talk or a turn after a real reply', () => {
    const { clientTurns } = codeSession(
      inlineTranscript([
        'Therapist: What would be different if you cut back?',
        'Client: I really want to be around for my daughter.',
        'Therapist: Mm-hmm.',
        "Client: She's getting married in June.",
        'Therapist: How was the drive over?',
        'Client: The traffic was awful.',
        'Therapist: Tell me about your evenings.',
        'Client: Honestly, drinking helps me relax after work.',
        'Therapist: Mm-hmm.',
        'Client: The kids were at their dad’s all week.',
      ]),
    );
    expect(clientTurns.map((t) => t.client)).toEqual(['change', 'change', 'neutral', 'sustain', 'neutral']);
  });

  it('counts advice after a permission question the client said yes to as given with permission', () => {
    const { therapistTurns } = codeSession(
      inlineTranscript([
        'Therapist: Would it be okay if I shared an idea that has helped other people?',
        'Client: Sure.',
        'Therapist: You could try leaving your phone in the kitchen at night.',
      ]),
    );
    expect(therapistTurns[1]!.therapist!.advice).toBe('with_permission');
  });

  it('points the evidence quote at the sentence that carries the main behaviour', () => {
    const transcript = inlineTranscript(['Client: I keep missing my sessions.', 'Therapist: Okay. That sounds frustrating. What gets in the way?']);
    const turn = codeSession(transcript).therapistTurns[0]!;
    expect(turn.therapist!.primary).toBe('question');
    expect(quoteOf(turn.turn, turn.therapist!.cueSentence)).toBe('What gets in the way?');
  });

  it('codes the same with the session risk findings handed in as without them', () => {
    const transcript = fixtureTranscript('passive-ideation.txt');
    const own = codeSession(transcript).clientTurns.map((t) => t.client);
    const handedIn = codeSession(transcript, { riskFindings: detectRisk(transcript).findings }).clientTurns.map((t) => t.client);
    expect(handedIn).toEqual(own);
  });

  it('never codes a risk statement as change talk, even as an answer to a change question', () => {
    const transcript = inlineTranscript(['Therapist: So you want things to change?', 'Client: Yeah. I just want it all to end.']);
    const risk = detectRisk(transcript).findings;
    expect(codeSession(transcript).clientTurns[0]!.client).toBe('neutral');
    expect(codeSession(transcript, { riskFindings: risk }).clientTurns[0]!.client).toBe('neutral');
  });
});
