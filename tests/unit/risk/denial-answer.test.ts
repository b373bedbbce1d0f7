import { describe, expect, it } from 'vitest';
import { detectRisk } from '../../../lambdas/core/risk/index.js';
import { inlineTranscript } from '../../helpers.js';

describe('an answer to an assessment question', () => {
  const session = (answer: string) =>
    detectRisk(
      inlineTranscript([
        'Therapist: How have you been?',
        'Client: Some nights I wish I could just not wake up.',
        'Therapist: Have you had thoughts of killing yourself?',
        `Client: ${answer}`,
      ]),
    ).episodes[0]!.assessment.asked.find((q) => q.item === 'thoughts');

  it('is a denial when it refuses the item', () => {
    expect(session('No, never.')).toMatchObject({ turnId: 't0003', answerTurnId: 't0004', denied: true });
    expect(session("I don't, no.")).toMatchObject({ denied: true });
  });

  it('is not a denial when the client does not know or is not sure', () => {
    expect(session("Um, I don't know. I'm not sure I can.")).toMatchObject({ answerTurnId: 't0004', denied: false });
    expect(session("I'm not sure, maybe sometimes.")).toMatchObject({ denied: false });
  });
});
