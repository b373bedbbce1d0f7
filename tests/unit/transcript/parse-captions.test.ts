import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { expectInvalidInput, fixtureBytes, fixtureText, SECRET } from './helpers.js';

describe('WebVTT captions', () => {
  it('reads Zoom cues with `Name:` prefixes and merges an utterance split over contiguous cues', () => {
    // Prepare
    const input = fixtureBytes('zoom.vtt');

    // Act
    const transcript = parseTranscript(input, { filename: 'zoom.vtt' });

    // Assess
    expect(transcript.format).toBe('vtt');
    expect(transcript.timed).toBe(true);
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['Alex Rivera', 'Priya Shah', 'Alex Rivera', 'Priya Shah', 'Alex Rivera', 'Priya Shah']);
    expect(transcript.turns[1]).toMatchObject({
      id: 't0002',
      start: 6.1,
      end: 12.3,
      text: "A bit scattered. I came straight from a hospital visit with my dad. He's doing okay, but it was a long morning.",
    });
    expect(transcript.warnings).toContainEqual(expect.stringMatching(/merged 1 caption cue/));
  });

  it('reads Teams voice tags, mm:ss timings, and strips other markup', () => {
    // Prepare
    const input = fixtureText('teams.vtt');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.roleAssignment.speakers).toEqual({ 'Dr. Okafor': 'therapist', 'Lena Fischer': 'client' });
    expect(transcript.turns).toHaveLength(6);
    expect(transcript.turns[0]).toMatchObject({ start: 2, end: 5.5, role: 'therapist' });
    expect(transcript.turns[1]?.text).toBe("It's fine. Sorry, my camera is being difficult.");
    expect(transcript.turns[4]?.text).toBe('You sound surprised & a little relieved.');
  });

  it('keeps cues of one speaker apart when a pause of a second or more separates them', () => {
    // Prepare
    const input = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:03.000',
      'Therapist: First thought.',
      '',
      '00:00:04.500 --> 00:00:06.000',
      'Therapist: Second thought, after a pause.',
      '',
      '00:00:06.200 --> 00:00:08.000',
      'Client: Okay.',
    ].join('\n');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => turn.text)).toEqual(['First thought.', 'Second thought, after a pause.', 'Okay.']);
  });

  it('gives a cue without a name to the previous speaker and splits cues that hold two voices', () => {
    // Prepare
    const input = [
      'WEBVTT',
      '',
      '00:01.000 --> 00:03.000',
      '<v Therapist>How was it?</v>',
      '<v Client>Hard.</v>',
      '',
      '00:05.000 --> 00:07.000',
      'Really hard, to be honest.',
    ].join('\n');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => [turn.speaker, turn.text])).toEqual([
      ['Therapist', 'How was it?'],
      ['Client', 'Hard.'],
      ['Client', 'Really hard, to be honest.'],
    ]);
  });

  it('names the cue and line of a malformed timing, without quoting the captions', () => {
    // Prepare
    const input = ['WEBVTT', '', '00:00:01.000 --> 00:00:02.000', `Therapist: ${SECRET}`, '', '2', '00:00:03 --> 00:00:04', 'Client: Hi.'].join('\n');

    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'malformed_vtt');

    // Assess
    expect(message).toMatch(/cue 2 \(line 7\)/);
  });

  it('refuses a cue that ends before it starts and a block that has no timing line', () => {
    // Prepare
    const backwards = 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nTherapist: Hi.';
    const noTiming = `WEBVTT\n\nTherapist: ${SECRET}\nClient: hello`;

    // Act
    const backwardsMessage = expectInvalidInput(() => parseTranscript(backwards), 'malformed_vtt');
    expectInvalidInput(() => parseTranscript(noTiming), 'malformed_vtt');

    // Assess
    expect(backwardsMessage).toMatch(/ends before it starts/);
  });

  it('reads a .vtt file that lacks its header, with a warning', () => {
    // Prepare
    const input = '00:00:01.000 --> 00:00:02.000\nTherapist: Hi.\n\n00:00:03.000 --> 00:00:04.000\nClient: Hello.';

    // Act
    const transcript = parseTranscript(input, { filename: 'call.vtt' });

    // Assess
    expect(transcript.turns).toHaveLength(2);
    expect(transcript.warnings).toContainEqual(expect.stringMatching(/no WEBVTT header/));
  });

  it('asks for speaker names when no cue has one', () => {
    // Prepare
    const input = `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${SECRET} said hello.`;

    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'no_speakers');

    // Assess
    expect(message).toMatch(/speaker names/);
  });
});

describe('SRT subtitles', () => {
  it('reads [Name], >> Name: and Name: prefixes, multi-line subtitles and italics', () => {
    // Prepare
    const input = fixtureBytes('session.srt');

    // Act
    const transcript = parseTranscript(input, { filename: 'session.srt' });

    // Assess
    expect(transcript.format).toBe('srt');
    expect(transcript.roleAssignment.speakers).toEqual({ Counselor: 'therapist', Client: 'client' });
    expect(transcript.turns.map((turn) => turn.role)).toEqual(['therapist', 'client', 'therapist', 'client', 'therapist', 'client']);
    expect(transcript.turns[1]).toMatchObject({ start: 5, end: 8.6, text: 'The exam results came out. I passed two of three.' });
    expect(transcript.turns[3]?.text).toBe('Mostly relieved. But the one I failed is the one I need for the course.');
    expect(transcript.timed).toBe(true);
  });

  it('names the subtitle of a malformed timing', () => {
    // Prepare
    const input = `1\n00:00:01,000 --> 00:00:02,000\nTherapist: Hi.\n\n2\n00:00:03,000 -> 00:00:04,000\nClient: ${SECRET}`;

    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'malformed_srt');

    // Assess
    expect(message).toMatch(/subtitle 2 \(line 6\)/);
  });

  it('refuses a subtitle that ends before it starts', () => {
    // Prepare
    const input = '1\n00:00:09,000 --> 00:00:02,000\nTherapist: Hi.';

    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'malformed_srt');

    // Assess
    expect(message).toMatch(/ends before it starts/);
  });
});
