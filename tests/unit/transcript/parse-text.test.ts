import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { expectInvalidInput, fixtureBytes, fixtureText, SECRET } from './helpers.js';

describe('plain-text transcripts', () => {
  it('numbers turns in order and keeps consecutive lines of one speaker as separate turns', () => {
    // Prepare
    const input = fixtureBytes('therapist-client.txt');

    // Act
    const transcript = parseTranscript(input, { filename: 'therapist-client.txt' });

    // Assess
    expect(transcript.format).toBe('text');
    expect(transcript.turns.map((turn) => turn.id)).toEqual(['t0001', 't0002', 't0003', 't0004', 't0005', 't0006', 't0007', 't0008']);
    expect(transcript.turns.map((turn) => turn.role)).toEqual(['therapist', 'client', 'client', 'therapist', 'client', 'therapist', 'client', 'therapist']);
    expect(transcript.turns[2]?.text).toBe('And then I lie awake going over everything I said in meetings.');
    expect(transcript.timed).toBe(false);
    expect(transcript.roleAssignment).toMatchObject({ method: 'explicit', confidence: 1 });
  });

  it('joins wrapped lines onto the turn they continue, even one that opens with "Well:"', () => {
    // Prepare
    const input = fixtureText('therapist-client.txt');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    const wrapped = transcript.turns[4];
    expect(wrapped?.speaker).toBe('Client');
    expect(wrapped?.text).toBe(
      "Right. I keep thinking someone will notice I'm out of my depth, and the worry follows me home. " +
        "My sister put it bluntly over dinner. Well: you're burning out, she said.",
    );
    expect(Object.keys(transcript.roleAssignment.speakers)).toEqual(['Therapist', 'Client']);
  });

  it('drops the title line and stage notes, and says so', () => {
    // Prepare
    const input = fixtureText('therapist-client.txt');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.some((turn) => turn.text.includes('long pause'))).toBe(false);
    expect(transcript.turns.some((turn) => turn.text.includes('Practice session'))).toBe(false);
    expect(transcript.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/before the first speaker/), expect.stringMatching(/stage-note/)]));
  });

  it('takes leading [hh:mm:ss] timestamps as start times', () => {
    // Prepare
    const input = fixtureText('doctor-first-name.txt');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => turn.start)).toEqual([4, 11, 19, 23, 31, 38, 44, 51]);
    expect(transcript.turns[0]?.text).toBe('Hi Maya, thanks for coming in. Where would you like to start today?');
    expect(transcript.timed).toBe(false); // a start without an end is not a timed turn
  });

  it('reads `T:` / `C:` shorthand as therapist and client', () => {
    // Prepare
    const input = fixtureText('t-c.txt');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.roleAssignment.speakers).toEqual({ T: 'therapist', C: 'client' });
    expect(transcript.turns).toHaveLength(8);
    expect(transcript.turns[2]).toMatchObject({ id: 't0003', role: 'therapist', text: 'Twice! How did that feel?' });
  });

  it('ignores timestamps that only some turns have, with a warning', () => {
    // Prepare
    const input = '[00:00:01] Therapist: Hello there.\nClient: Hi.\n[00:00:09] Therapist: How are things?';

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.every((turn) => turn.start === undefined)).toBe(true);
    expect(transcript.warnings).toContainEqual(expect.stringMatching(/timestamps were on only 2 of 3 turns/));
  });

  it('reads labels that carry their own timestamp and labels on a line of their own', () => {
    // Prepare
    const input = [
      'Speaker 1  0:03',
      'How are you doing this week?',
      'Speaker 2  0:07',
      'Not bad, all things considered.',
      'Speaker 1 (00:12): What has been on your mind?',
    ].join('\n');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => [turn.speaker, turn.start, turn.text])).toEqual([
      ['Speaker 1', 3, 'How are you doing this week?'],
      ['Speaker 2', 7, 'Not bad, all things considered.'],
      ['Speaker 1', 12, 'What has been on your mind?'],
    ]);
  });

  it('keeps a clock time that opens a wrapped line as speech', () => {
    // Prepare
    const input = 'Therapist: When did you get up?\nClient: I was up at\n6:30 and could not get back to sleep.';

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns[1]?.text).toBe('I was up at 6:30 and could not get back to sleep.');
  });

  it('does not take a one-off capitalised word before a colon for a new speaker', () => {
    // Prepare
    const input = [
      'Maya: I had a plan for the week.',
      'Leo: What was the plan?',
      'Maya: Work all week, then a weekend away.',
      'Paris: that was meant to be the reward at the end.',
      'Leo: And how did it go?',
    ].join('\n');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(Object.keys(transcript.roleAssignment.speakers)).toEqual(['Maya', 'Leo']);
    expect(transcript.turns[2]?.text).toBe('Work all week, then a weekend away. Paris: that was meant to be the reward at the end.');
  });

  it('accepts names that occur once when the dialogue is that short', () => {
    // Prepare
    const input = 'Maya: Shall we start?\nLeo: Sure.';

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['Maya', 'Leo']);
  });

  it('gives the same turns for CRLF and LF line endings', () => {
    // Prepare
    const lf = fixtureText('t-c.txt');
    const crlf = lf.replace(/\n/g, '\r\n');

    // Act
    const fromLf = parseTranscript(lf);
    const fromCrlf = parseTranscript(crlf);

    // Assess
    expect(fromCrlf).toEqual(fromLf);
  });

  it('refuses text without speaker labels, without quoting it', () => {
    // Prepare
    const input = `I talked about ${SECRET} for a while.\nThen we sat quietly.`;

    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'no_speakers');

    // Assess
    expect(message).toMatch(/Therapist: …/);
  });
});
