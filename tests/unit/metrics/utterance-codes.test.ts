import { describe, expect, it } from 'vitest';
import { codeClientTurn, codeTherapistTurn } from '../../../lambdas/core/metrics/utterance-codes.js';

describe('therapist behaviour codes (MITI 4.2)', () => {
  it.each([
    ['What brings you in today?', 'open'],
    ['How has the week been for you?', 'open'],
    ['Tell me more about the argument.', 'open'],
    ['Did you go to bed by ten?', 'closed'],
    ['How many drinks do you have on a weekend night?', 'closed'],
    ['Are you still drinking coffee after lunch?', 'closed'],
  ])('codes "%s" as an %s question', (text, kind) => {
    const codes = codeTherapistTurn(text);
    expect(codes.primary).toBe('question');
    expect(codes.questions[kind as 'open' | 'closed']).toBe(1);
  });

  it('codes a restatement of the client\'s words as a simple reflection', () => {
    const codes = codeTherapistTurn('So you stopped going to the gym in March.', 'I stopped going to the gym back in March.');
    expect(codes.primary).toBe('reflection');
    expect(codes.reflections.simple).toBe(1);
  });

  it('codes a reflection that adds feeling or meaning as complex', () => {
    const codes = codeTherapistTurn('It sounds like part of you is scared of letting your family down.');
    expect(codes.primary).toBe('reflection');
    expect(codes.reflections.complex).toBe(1);
  });

  it('treats a rising-intonation restatement as a reflection, not a question', () => {
    const codes = codeTherapistTurn("So right now it feels almost too hard to even try, for you?");
    expect(codes.primary).toBe('reflection');
  });

  it('separates advice given with permission from advice without it', () => {
    const asked = codeTherapistTurn('Would it be okay if I shared an idea? You could try a short walk after dinner.');
    const unasked = codeTherapistTurn('You need to stop drinking coffee after lunch.');
    expect(asked.asksPermission).toBe(true);
    expect(asked.advice).toBe('with_permission');
    expect(unasked.advice).toBe('without_permission');
    expect(unasked.primary).toBe('input');
  });

  it('recognises confrontation and affirmation', () => {
    expect(codeTherapistTurn("You're just making excuses again.").confrontation).toBe(true);
    expect(codeTherapistTurn('That took a lot of courage to say.').affirmation).toBe(true);
    expect(codeTherapistTurn('Mm-hmm.').primary).toBe('other');
  });

  it('codes information giving as input', () => {
    const codes = codeTherapistTurn('Smoking really is bad for you. It causes lung cancer and heart disease.');
    expect(codes.primary).toBe('input');
    expect(codes.information).toBe(true);
  });
});

describe('client language (MISC change vs sustain talk)', () => {
  it.each([
    ["I really want to cut down before the baby comes.", 'change'],
    ["I'm going to call him this weekend.", 'change'],
    ["I've already started walking in the mornings.", 'change'],
    ["I don't want to end up like my dad.", 'change'],
    ["I don't think I have a problem with drinking.", 'sustain'],
    ['Honestly, it helps me relax after work.', 'sustain'],
    ["I've tried that before and it never works.", 'sustain'],
    ['We went to the lake on Sunday.', 'neutral'],
    ['Yeah.', 'neutral'],
  ])('codes "%s" as %s', (text, expected) => {
    expect(codeClientTurn(text)).toBe(expected);
  });
});

describe('reflective frames', () => {
  it('keeps a double-sided reflection a reflection even when it names what the client cannot keep doing', () => {
    const codes = codeTherapistTurn("Part of you wants to protect your reputation by saying yes, and part of you knows you can't keep doing that.");
    expect(codes.primary).toBe('reflection');
    expect(codes.confrontation).toBe(false);
  });

  it('still codes "so you need to …" as advice', () => {
    expect(codeTherapistTurn('So you need to take your medicine every day.').advice).toBe('without_permission');
  });
});
