import { describe, expect, it } from 'vitest';
import { codeSession } from '../../../lambdas/core/metrics/coded-session.js';
import { computeSessionMetrics } from '../../../lambdas/core/metrics/session-metrics.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { inlineTranscript } from '../../helpers.js';

function metricsOf(lines: string[]) {
  return computeSessionMetrics(codeSession(inlineTranscript(lines)));
}

describe('session metrics', () => {
  it('counts talk share, turns, mean and longest turn by role', () => {
    const m = metricsOf([
      'Therapist: What brings you in?',
      'Client: My sleep has been terrible for a month and I am exhausted at work.',
      'Therapist: That sounds exhausting.',
      'Client: It is.',
    ]);
    expect(m.turns).toBe(4);
    expect(m.talk.therapist.turns).toBe(2);
    expect(m.talk.therapist.words).toBe(7);
    expect(m.talk.client.words).toBe(16);
    expect(m.talk.client.longestTurnWords).toBe(14);
    expect(m.talk.client.meanTurnWords).toBe(8);
    expect(m.talk.therapist.wordShare + m.talk.client.wordShare).toBeCloseTo(1);
    expect(m.timing).toBeUndefined();
  });

  it('computes the MITI summary scores and change-talk share', () => {
    const m = metricsOf([
      'Therapist: What would you like to talk about?',
      'Client: I want to cut down on drinking. But honestly it helps me relax.',
      'Therapist: It sounds like part of you wants a change and part of you worries about losing your way to unwind.',
      "Client: I'm going to try two nights off this week.",
      'Therapist: Did you drink last night?',
      'Client: A little.',
    ]);
    expect(m.therapist.questions).toEqual({ open: 1, closed: 1 });
    expect(m.therapist.reflections.complex).toBe(1);
    expect(m.therapist.reflectionToQuestionRatio).toBe(0.5);
    expect(m.therapist.percentOpenQuestions).toBe(0.5);
    expect(m.client.changeTalk).toBe(2);
    expect(m.client.percentChangeTalk).toBe(1);
  });

  it('counts advice with and without permission, affirmations and confrontation', () => {
    const m = metricsOf([
      'Therapist: Would it be okay if I shared something that helps some people? You could try a wind-down hour.',
      'Client: Sure.',
      'Therapist: You need to stop scrolling in bed.',
      'Client: Everyone does it.',
      "Therapist: You're just making excuses.",
      'Client: Fine.',
      'Therapist: Coming here today took a lot of courage.',
    ]);
    expect(m.therapist.advice).toEqual({ withPermission: 1, withoutPermission: 1 });
    expect(m.therapist.confrontations).toBe(1);
    expect(m.therapist.affirmations).toBe(1);
  });

  it('measures silences, overlaps and pace when the transcript is timed', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:00.000 --> 00:00:04.000',
      '<v Therapist>How have you been since we last met?',
      '',
      '00:00:08.000 --> 00:00:14.000',
      '<v Client>Not great, honestly, the week was long and I barely slept at all.',
      '',
      '00:00:13.500 --> 00:00:16.000',
      '<v Therapist>That sounds like a hard week.',
    ].join('\n');
    const m = computeSessionMetrics(codeSession(parseTranscript(vtt, { filename: 'session.vtt' })));
    expect(m.timing?.durationSeconds).toBe(16);
    expect(m.timing?.silences).toBe(1);
    expect(m.timing?.longestSilenceSeconds).toBe(4);
    expect(m.timing?.overlaps).toBe(1);
    expect(m.timing?.wordsPerMinute).toBeCloseTo((m.words / 16) * 60);
    expect(m.talk.client.seconds).toBe(6);
  });
});
