import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { expectInvalidInput, fixtureBytes, fixtureText, SECRET } from './helpers.js';

interface FixtureItem {
  type: string;
  start_time?: string;
  end_time?: string;
  alternatives: { confidence: string; content: string }[];
}

/** One word item the way Transcribe writes it: times and confidence as strings. */
function word(content: string, start: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    start_time: start.toFixed(2),
    end_time: (start + 0.3).toFixed(2),
    alternatives: [{ confidence: '0.9', content }],
    type: 'pronunciation',
    ...extra,
  };
}

function punctuation(content: string): Record<string, unknown> {
  return { alternatives: [{ confidence: '0.0', content }], type: 'punctuation' };
}

function transcribeJson(results: Record<string, unknown>): string {
  return JSON.stringify({ jobName: 'test-job', accountId: '000000000000', status: 'COMPLETED', results: { transcripts: [], ...results } });
}

describe('Amazon Transcribe output', () => {
  it('builds one turn per run of a speaker from `speaker_labels`, gluing punctuation to the word before', () => {
    // Prepare
    const input = fixtureBytes('transcribe-speaker-labels.json');

    // Act
    const transcript = parseTranscript(input, { filename: 'job.json' });

    // Assess
    expect(transcript.format).toBe('transcribe-json');
    expect(transcript.timed).toBe(true);
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['spk_0', 'spk_1', 'spk_0', 'spk_1', 'spk_0', 'spk_1', 'spk_0']);
    expect(transcript.turns[0]?.text).toBe('Hi Chris, come on in. How have things been since last week?');
    expect(transcript.turns[5]?.text).toBe("Yeah, it did. I didn't expect that.");
  });

  it('times each turn from its first and last word and scores it with the mean word confidence', () => {
    // Prepare
    const raw = fixtureText('transcribe-speaker-labels.json');
    const items = (JSON.parse(raw) as { results: { items: FixtureItem[] } }).results.items;
    const firstTurnWords = items
      .slice(
        0,
        items.findIndex((item) => item.alternatives[0]?.content === 'Better'),
      )
      .filter((item) => item.type === 'pronunciation');
    const meanConfidence = firstTurnWords.reduce((sum, item) => sum + Number(item.alternatives[0]?.confidence), 0) / firstTurnWords.length;

    // Act
    const transcript = parseTranscript(raw);

    // Assess
    const first = transcript.turns[0];
    expect(first?.start).toBe(Number(firstTurnWords[0]?.start_time));
    expect(first?.end).toBe(Number(firstTurnWords[firstTurnWords.length - 1]?.end_time));
    expect(first?.confidence).toBeCloseTo(meanConfidence, 3);
  });

  it('merges the channels of channel identification by time', () => {
    // Prepare
    const input = fixtureText('transcribe-channel-labels.json');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['ch_1', 'ch_0', 'ch_1', 'ch_0', 'ch_1', 'ch_0', 'ch_1']);
    expect(transcript.turns[1]?.text).toBe('Yes, loud and clear.');
    const starts = transcript.turns.map((turn) => turn.start ?? -1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(transcript.roleAssignment.speakers).toEqual({ ch_1: 'therapist', ch_0: 'client' });
  });

  it('reads the newer output where each item carries its own speaker_label', () => {
    // Prepare
    const input = transcribeJson({
      items: [
        word('How', 0.1, { speaker_label: 'spk_0' }),
        word('are', 0.5, { speaker_label: 'spk_0' }),
        word('you', 0.9, { speaker_label: 'spk_0' }),
        punctuation('?'),
        word('Tired', 2.0, { speaker_label: 'spk_1' }),
        punctuation('.'),
      ],
    });

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => [turn.speaker, turn.text, turn.start, turn.end])).toEqual([
      ['spk_0', 'How are you?', 0.1, 1.2],
      ['spk_1', 'Tired.', 2, 2.3],
    ]);
  });

  it('takes speakers from `audio_segments` when the items do not name them', () => {
    // Prepare
    const input = transcribeJson({
      items: [word('Hello', 0.1, { id: 0 }), punctuation('.'), word('Hi', 1.0, { id: 2 })],
      audio_segments: [
        { id: 0, transcript: 'x', start_time: '0.1', end_time: '0.4', speaker_label: 'spk_1', items: [0, 1] },
        { id: 1, transcript: 'x', start_time: '1.0', end_time: '1.3', speaker_label: 'spk_0', items: [2] },
      ],
    });

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => [turn.speaker, turn.text])).toEqual([
      ['spk_1', 'Hello.'],
      ['spk_0', 'Hi'],
    ]);
  });

  it('refuses text that is not JSON, and JSON that is not Transcribe output', () => {
    // Prepare
    const broken = `{"results": {"items": [${SECRET}]}}`;
    const foreign = JSON.stringify({ title: SECRET, turns: [] });

    // Act
    const brokenMessage = expectInvalidInput(() => parseTranscript(broken), 'malformed_json');
    const foreignMessage = expectInvalidInput(() => parseTranscript(foreign), 'malformed_json');

    // Assess
    expect(brokenMessage).toMatch(/not valid JSON/);
    expect(foreignMessage).toMatch(/`results`/);
  });

  it('names the missing or malformed field', () => {
    // Prepare
    const withoutItems = transcribeJson({ speaker_labels: { speakers: 2, segments: [] } });
    const badItem = transcribeJson({ items: [word('Hello', 0.1, { speaker_label: 'spk_0' }), { type: 'pronunciation', alternatives: [] }] });
    const badTime = transcribeJson({ items: [word('Hello', 0.1, { speaker_label: 'spk_0', start_time: SECRET })] });

    // Act
    const withoutItemsMessage = expectInvalidInput(() => parseTranscript(withoutItems), 'malformed_json');
    const badItemMessage = expectInvalidInput(() => parseTranscript(badItem), 'malformed_json');
    const badTimeMessage = expectInvalidInput(() => parseTranscript(badTime), 'malformed_json');

    // Assess
    expect(withoutItemsMessage).toMatch(/`results\.items`/);
    expect(badItemMessage).toMatch(/`results\.items\[1\]\.alternatives\[0\]\.content`/);
    expect(badTimeMessage).toMatch(/`results\.items\[0\]\.start_time`/);
  });

  it('calls a result without words empty, and one without speaker labels unusable', () => {
    // Prepare
    const silent = transcribeJson({ items: [] });
    const undiarised = transcribeJson({ items: [word(SECRET, 0.1), word('again', 0.5)] });

    // Act
    expectInvalidInput(() => parseTranscript(silent), 'empty_input');
    const message = expectInvalidInput(() => parseTranscript(undiarised), 'no_speakers');

    // Assess
    expect(message).toMatch(/ShowSpeakerLabels|channel identification/);
  });

  it('surfaces the notes a local transcriber leaves in `attune_warnings` among the transcript’s warnings', () => {
    // Prepare
    const note = 'mono recording: speakers were assigned per utterance by role inference';
    const items = [word('How', 0.1, { speaker_label: 'spk_0' }), word('fine', 1, { speaker_label: 'spk_1' })];
    const withNote = JSON.stringify({ results: { transcripts: [], items }, attune_warnings: [note] });
    const badNote = JSON.stringify({ results: { transcripts: [], items }, attune_warnings: [SECRET, 3] });

    // Act
    const transcript = parseTranscript(withNote);
    const message = expectInvalidInput(() => parseTranscript(badNote), 'malformed_json');

    // Assess
    expect(transcript.warnings[0]).toBe(note);
    expect(message).toMatch(/`attune_warnings`/);
    expect(message).not.toContain(SECRET);
  });
});
