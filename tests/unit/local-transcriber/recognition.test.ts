import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { RecognitionReader, type Utterance } from '../../../local/stand-ins/transcriber/recognition.js';
import { channelIdentificationOutput, MONO_SPEAKERS_WARNING, speakerLabelsOutput } from '../../../local/stand-ins/transcriber/transcribe-output.js';
import { isQuestion, soundsLikeTherapist } from '../../../local/stand-ins/transcriber/utterance-cues.js';

/** What `pocketsphinx_continuous -time yes` printed for two utterances (hypothesis line, then tokens). */
const OUTPUT = `and mister john how
<s> 0.000 0.140 0.999400
and(2) 0.150 0.360 0.260057
mister 0.370 0.620 0.988762
<sil> 0.630 0.700 0.553348
[NOISE] 0.710 0.800 0.400000
john 0.810 1.000 1.000300
how 1.010 1.330 -0.000100
</s> 1.340 1.400 1.000000

<s> 2.000 2.100 1.000000
</s> 2.110 2.500 1.000000
it will
<s> 3.000 3.100 0.999300
it 3.110 3.300 0.281747
will 3.310 3.600 0.746893
</s> 3.610 3.800 1.000000
`;

function read(output: string, chunkSize = output.length): { utterances: Utterance[]; heard: number[] } {
  const reader = new RecognitionReader();
  const heard: number[] = [];
  for (let at = 0; at < output.length; at += chunkSize) {
    reader.push(output.slice(at, at + chunkSize));
    heard.push(reader.heardUntil);
  }
  return { utterances: reader.finish(), heard };
}

const utterance = (start: number, words: string[]): Utterance => ({
  start,
  end: start + words.length * 0.3,
  words: words.map((word, index) => ({ word, start: start + index * 0.3, end: start + index * 0.3 + 0.25, confidence: 0.8 })),
});

describe('reading pocketsphinx output', () => {
  it('keeps words with times and confidence, dropping fillers, sentence markers and pronunciation variants', () => {
    // Act
    const { utterances } = read(OUTPUT);

    // Assess
    expect(utterances).toHaveLength(2);
    expect(utterances[0]?.words.map((word) => word.word)).toEqual(['and', 'mister', 'john', 'how']);
    expect(utterances[0]).toMatchObject({ start: 0.15, end: 1.33 });
    expect(utterances[0]?.words[0]).toEqual({ word: 'and', start: 0.15, end: 0.36, confidence: 0.260057 });
    expect(utterances[0]?.words.map((word) => word.confidence)).toEqual([0.260057, 0.988762, 1, 0]);
    expect(utterances[1]?.words.map((word) => word.word)).toEqual(['it', 'will']);
  });

  it('reads the same words whatever the chunks, and reports how far the decoder has got as it goes', () => {
    // Act
    const whole = read(OUTPUT);
    const trickled = read(OUTPUT, 7);

    // Assess
    expect(trickled.utterances).toEqual(whole.utterances);
    expect(trickled.heard).toEqual([...trickled.heard].sort((a, b) => a - b));
    expect(trickled.heard.at(-1)).toBe(3.8);
  });

  it('finds nothing in silence', () => {
    expect(read('\n<s> 0.000 0.080 1.000000\n</s> 0.090 1.060 1.000000\n').utterances).toEqual([]);
  });
});

describe('utterance cues', () => {
  it.each([
    [['how', 'are', 'things'], true],
    [['do', 'you', 'want', 'to', 'start'], true],
    [['did', 'that', 'help'], true],
    [['i', 'did', 'one'], false],
    [['you', 'did', 'one'], false],
  ])('%j is a question: %s', (words, expected) => {
    expect(isQuestion(words)).toBe(expected);
  });

  it.each([
    [['what', 'was', 'the', 'situation'], true],
    [['it', 'sounds', 'like', 'the', 'worksheets', 'feel', 'disconnected'], true],
    [['so', 'you', 'are', 'carrying', 'double', 'the', 'load'], true],
    [['i', 'did', 'one'], false],
    [['my', 'manager', 'sent', 'an', 'email'], false],
    [['okay'], false],
  ])('%j sounds like the therapist: %s', (words, expected) => {
    expect(soundsLikeTherapist(words)).toBe(expected);
  });
});

describe('Transcribe JSON from recognised utterances', () => {
  it('merges two channels by time under channel_labels, ending each utterance with punctuation', () => {
    // Prepare
    const left = [utterance(0.2, ['how', 'was', 'your', 'week']), utterance(6, ['tell', 'me', 'more'])];
    const right = [utterance(3, ['pretty', 'rough'])];

    // Act
    const output = channelIdentificationOutput('job', [left, right], { ch_0: 'therapist', ch_1: 'client' });

    // Assess
    expect(output.results.items.map((item) => item.alternatives[0].content).join(' ')).toBe('how was your week ? pretty rough . tell me more .');
    expect(output.results.items.map((item) => item.id)).toEqual(output.results.items.map((_, index) => index));
    expect(output.results.channel_labels?.channels.map((channel) => channel.items.length)).toEqual([9, 3]);
    expect(output.results.transcripts[0].transcript).toBe('how was your week? pretty rough. tell me more.');
    expect(output.attune_channel_roles).toEqual({ ch_0: 'therapist', ch_1: 'client' });
    const transcript = parseTranscript(JSON.stringify(output), { format: 'transcribe-json' });
    expect(transcript.turns.map((turn) => [turn.speaker, turn.text, turn.start])).toEqual([
      ['ch_0', 'how was your week?', 0.2],
      ['ch_1', 'pretty rough.', 3],
      ['ch_0', 'tell me more.', 6],
    ]);
  });

  it('gives each mono utterance to spk_0 or spk_1 by its cues and carries the warning into the transcript', () => {
    // Prepare
    const utterances = [
      utterance(0, ['how', 'have', 'you', 'been']),
      utterance(2, ['i', 'have', 'not', 'slept']),
      utterance(4, ['so', 'you', 'are', 'exhausted']),
    ];

    // Act
    const output = speakerLabelsOutput('job', utterances);

    // Assess
    expect(output.results.speaker_labels?.segments.map((segment) => segment.speaker_label)).toEqual(['spk_0', 'spk_1', 'spk_0']);
    expect(output.attune_warnings).toEqual([MONO_SPEAKERS_WARNING]);
    const transcript = parseTranscript(JSON.stringify(output), { format: 'transcribe-json' });
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['spk_0', 'spk_1', 'spk_0']);
    expect(transcript.warnings[0]).toBe(MONO_SPEAKERS_WARNING);
  });
});
