import { describe, expect, it } from 'vitest';
import { explicitRoleOf, parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { fixtureText } from './helpers.js';

/** A few turns in a therapist's style and a client's style, under any labels. */
function session(therapist: string, client: string, exchanges = 6): string {
  const therapistLines = [
    'What brings you in today?',
    'It sounds like that has been weighing on you.',
    'How did you handle it when that happened?',
    'So you felt let down, and also a bit relieved?',
    'What would you like to be different next week?',
    'You mentioned your sister earlier. How is she doing?',
  ];
  const clientLines = [
    'I have been sleeping badly and my work is slipping.',
    'Yes. I keep replaying the argument in my head.',
    'I just went for a walk and tried to forget about it.',
    'I guess I was. My plans fell apart again.',
    'I want to get to bed before midnight at least.',
    'My sister is fine. I worry about her anyway.',
  ];
  const lines: string[] = [];
  for (let i = 0; i < exchanges; i++) {
    lines.push(`${client}: ${clientLines[i % clientLines.length]}`);
    lines.push(`${therapist}: ${therapistLines[i % therapistLines.length]}`);
  }
  return lines.join('\n');
}

describe('role assignment', () => {
  it.each([
    ['Therapist', 'therapist'],
    ['Counsellor', 'therapist'],
    ['Counselor', 'therapist'],
    ['Clinician', 'therapist'],
    ['Psychologist', 'therapist'],
    ['Psychiatrist', 'therapist'],
    ['Interviewer', 'therapist'],
    ['Dr Smith', 'therapist'],
    ['Dr. Patel', 'therapist'],
    ['T', 'therapist'],
    ['Th', 'therapist'],
    ['Client', 'client'],
    ['Patient', 'client'],
    ['Pt', 'client'],
    ['C', 'client'],
    ['Participant', 'client'],
    ['Maya', undefined],
    ['Speaker 1', undefined],
    ['spk_0', undefined],
    ['ch_1', undefined],
    ['Speaker C', undefined],
  ])('reads the label %j as %s', (label, role) => {
    // Act
    const result = explicitRoleOf(label);

    // Assess
    expect(result).toBe(role);
  });

  it('lets explicit labels win over talk style', () => {
    // Prepare: the speaker labelled Client talks like a therapist
    const input = session('Client', 'Therapist');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.roleAssignment).toMatchObject({
      method: 'explicit',
      confidence: 1,
      speakers: { Client: 'client', Therapist: 'therapist' },
    });
    expect(transcript.warnings).toEqual([]);
  });

  it('gives the unnamed speaker the other role when only one label names a role', () => {
    // Prepare
    const namedClient = session('Sam', 'Patient');

    // Act
    const transcript = parseTranscript(namedClient);

    // Assess
    expect(transcript.roleAssignment.method).toBe('explicit');
    expect(transcript.roleAssignment.speakers).toEqual({ Patient: 'client', Sam: 'therapist' });
  });

  it('infers the therapist from how each speaker talks, even when the client speaks first', () => {
    // Prepare
    const input = fixtureText('first-names.txt');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    const { roleAssignment } = transcript;
    expect(roleAssignment.method).toBe('inferred');
    expect(roleAssignment.speakers).toEqual({ Sam: 'client', Jordan: 'therapist' });
    expect(roleAssignment.confidence).toBeGreaterThanOrEqual(0.5);
    expect(roleAssignment.confidence).toBeLessThanOrEqual(0.99);
    expect(roleAssignment.basis).toMatch(/'Jordan' asked questions in \d+ of 5 turns/);
    expect(transcript.turns.filter((turn) => turn.role === 'therapist').map((turn) => turn.speaker)).toEqual(Array(5).fill('Jordan'));
    expect(transcript.warnings).toContainEqual(expect.stringMatching(/roles were inferred/));
  });

  it('picks the same therapist whichever name comes first in the alphabet or the session', () => {
    // Prepare
    const a = session('Zoe', 'Adam');
    const b = session('Adam', 'Zoe');

    // Act
    const first = parseTranscript(a).roleAssignment.speakers;
    const second = parseTranscript(b).roleAssignment.speakers;

    // Assess
    expect(first).toEqual({ Adam: 'client', Zoe: 'therapist' });
    expect(second).toEqual({ Zoe: 'client', Adam: 'therapist' });
  });

  it('is less confident when there is little talk to go on', () => {
    // Prepare
    const short = session('spk_0', 'spk_1', 2);
    const long = session('spk_0', 'spk_1', 12);

    // Act
    const shortConfidence = parseTranscript(short).roleAssignment.confidence;
    const longConfidence = parseTranscript(long).roleAssignment.confidence;

    // Assess
    expect(shortConfidence).toBeLessThan(longConfidence);
    expect(shortConfidence).toBeGreaterThanOrEqual(0.5);
  });

  it('never quotes the transcript in the basis', () => {
    // Prepare
    const input = session('Speaker 1', 'Speaker 2');

    // Act
    const { basis } = parseTranscript(input).roleAssignment;

    // Assess
    expect(basis).not.toMatch(/sleeping|sister|argument|weighing/);
  });

  it('takes one therapist and otherwise clients among three unnamed speakers, with low confidence', () => {
    // Prepare
    const input = `${session('Rosa', 'Ben')}\nLiam: I think my brother is right about that.\nLiam: I agree with him.`;

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.roleAssignment.speakers).toEqual({ Ben: 'client', Rosa: 'therapist', Liam: 'client' });
    expect(transcript.roleAssignment.confidence).toBeLessThanOrEqual(0.6);
    expect(transcript.warnings).toContainEqual(expect.stringMatching(/3 speakers/));
  });

  it('marks a lone unnamed speaker unknown and a lone named one by its label, warning both times', () => {
    // Prepare
    const unnamed = 'Maya: I spent the whole hour talking to myself.';
    const named = 'Therapist: Hello? Is anyone on the line?';

    // Act
    const unnamedTranscript = parseTranscript(unnamed);
    const namedTranscript = parseTranscript(named);

    // Assess
    expect(unnamedTranscript.turns[0]?.role).toBe('unknown');
    expect(unnamedTranscript.roleAssignment.speakers).toEqual({ Maya: 'unknown' });
    expect(namedTranscript.turns[0]?.role).toBe('therapist');
    for (const transcript of [unnamedTranscript, namedTranscript]) {
      expect(transcript.warnings).toContainEqual(expect.stringMatching(/only one speaker/));
    }
  });
});

describe('roles given by recording channel', () => {
  const channelJson = (channels: Record<string, string[]>): string =>
    JSON.stringify({
      results: {
        transcripts: [],
        channel_labels: {
          channels: Object.entries(channels).map(([label, words], channel) => ({
            channel_label: label,
            items: words.map((content, index) => ({
              start_time: String(channel * 2 + index * 0.3),
              end_time: String(channel * 2 + index * 0.3 + 0.2),
              alternatives: [{ confidence: '0.9', content }],
              type: 'pronunciation',
            })),
          })),
        },
      },
    });

  it('assigns the given roles explicitly, even when the words alone would suggest otherwise', () => {
    // Prepare: the therapist's channel holds the client-sounding words.
    const input = channelJson({ ch_0: ['I', 'have', 'been', 'sleeping', 'badly'], ch_1: ['How', 'have', 'you', 'been?'] });

    // Act
    const transcript = parseTranscript(input, { speakerRoles: { ch_0: 'therapist', ch_1: 'client' } });

    // Assess
    expect(transcript.roleAssignment).toEqual({
      method: 'explicit',
      confidence: 1,
      speakers: { ch_0: 'therapist', ch_1: 'client' },
      basis: "channel assignment: 'ch_0' → therapist, 'ch_1' → client",
    });
    expect(transcript.turns.map((turn) => turn.role)).toEqual(['therapist', 'client']);
    expect(transcript.warnings.some((warning) => warning.includes('inferred'))).toBe(false);
  });

  it('takes a speaker on another channel as a client when the therapist’s channel is given', () => {
    // Prepare
    const input = channelJson({ ch_0: ['Welcome', 'both'], ch_1: ['Thanks'], ch_2: ['Hello'] });

    // Act
    const transcript = parseTranscript(input, { speakerRoles: { ch_0: 'therapist', ch_1: 'client' } });

    // Assess
    expect(transcript.roleAssignment.speakers).toEqual({ ch_0: 'therapist', ch_1: 'client', ch_2: 'client' });
    expect(transcript.roleAssignment.confidence).toBeLessThan(1);
  });

  it('ignores roles for labels the transcript does not use', () => {
    // Prepare
    const input = fixtureText('transcribe-speaker-labels.json');

    // Act
    const given = parseTranscript(input, { speakerRoles: { ch_0: 'client', ch_1: 'therapist' } });
    const plain = parseTranscript(input);

    // Assess
    expect(given.roleAssignment).toEqual(plain.roleAssignment);
  });
});
