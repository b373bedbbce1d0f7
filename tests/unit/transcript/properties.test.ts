import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { TranscriptSchema, type Transcript, type TranscriptFormat } from '../../../schemas/transcript.js';
import { INPUT_ERROR_CODES } from './helpers.js';

interface Line {
  speaker: string;
  /** Tokens: a word plus optional trailing punctuation. */
  tokens: string[];
}

const word = fc.stringMatching(/^[a-z][a-zé']{0,7}$/);
const token = fc.tuple(word, fc.constantFrom('', '', '', ',', '.', '?', '!')).map(([w, p]) => w + p);

/** Random dialogues over a fixed set of speakers: every label occurs in its own way in real files. */
function dialogue(speakers: readonly string[]): fc.Arbitrary<Line[]> {
  return fc.array(
    fc.record({ speaker: fc.constantFrom(...speakers), tokens: fc.array(token, { minLength: 1, maxLength: 12 }) }),
    { minLength: 1, maxLength: 15 },
  );
}

const TEXT_SPEAKERS = [
  ['Therapist', 'Client'],
  ['Dr. Patel', 'Maya'],
  ['T', 'C'],
  ['Counsellor', 'Jo Ann Lee'],
  ['Speaker 1', 'Speaker 2', 'Speaker 3'],
] as const;
const CAPTION_SPEAKERS = [['Alex Rivera', "maya's iPhone"], ['Dr. Okafor', 'Lena Fischer'], ['Therapist', 'Client', 'Partner']] as const;

const textOf = (line: Line): string => line.tokens.join(' ');
const spoken = (lines: readonly Line[]): [string, string][] => lines.map((line) => [line.speaker, textOf(line)]);
const parsedTurns = (transcript: Transcript): [string, string][] => transcript.turns.map((turn) => [turn.speaker, turn.text]);

function clock(seconds: number, separator: '.' | ','): string {
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const ss = String(Math.floor(seconds) % 60).padStart(2, '0');
  const ms = String(Math.round((seconds % 1) * 1000)).padStart(3, '0');
  return `${hh}:${mm}:${ss}${separator}${ms}`;
}

/** Cue i runs from 3i to 3i+2 s: one second apart, so no two cues are merged. */
function renderVtt(lines: readonly Line[], style: 'zoom' | 'teams'): string {
  const cues = lines.map((line, i) => {
    const payload = style === 'zoom' ? `${line.speaker}: ${textOf(line)}` : `<v ${line.speaker}>${textOf(line)}</v>`;
    return `${i + 1}\n${clock(3 * i, '.')} --> ${clock(3 * i + 2, '.')}\n${payload}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

function renderSrt(lines: readonly Line[], bracketed: boolean): string {
  return lines
    .map((line, i) => {
      const payload = bracketed ? `[${line.speaker}] ${textOf(line)}` : `${line.speaker}: ${textOf(line)}`;
      return `${i + 1}\n${clock(3 * i, ',')} --> ${clock(3 * i + 2, ',')}\n${payload}`;
    })
    .join('\n\n');
}

type Variant = 'item-speakers' | 'speaker-segments' | 'channels';

/** Transcribe output for the dialogue: one item per word, punctuation as its own item. */
function renderTranscribe(lines: readonly Line[], variant: Variant): string {
  const items: Record<string, unknown>[] = [];
  const segmentItems: Record<string, unknown>[] = [];
  const channels = new Map<string, Record<string, unknown>[]>();
  let time = 0;
  for (const line of lines) {
    for (const tok of line.tokens) {
      const [, content = '', punct = ''] = /^(.*?)([.,?!]?)$/.exec(tok) ?? [];
      const times = { start_time: time.toFixed(2), end_time: (time + 0.25).toFixed(2) };
      const wordItem: Record<string, unknown> = { ...times, alternatives: [{ confidence: '0.9', content }], type: 'pronunciation' };
      if (variant === 'item-speakers') wordItem['speaker_label'] = line.speaker;
      const group = [wordItem];
      if (punct) group.push({ alternatives: [{ confidence: '0.0', content: punct }], type: 'punctuation' });
      items.push(...group);
      segmentItems.push({ ...times, speaker_label: line.speaker });
      channels.set(line.speaker, [...(channels.get(line.speaker) ?? []), ...group]);
      time += 0.5;
    }
    time += 1;
  }
  const channelList = [...channels].map(([label, channelItems]) => ({ channel_label: label, items: channelItems }));
  const results: Record<string, unknown> =
    variant === 'channels' ? { channel_labels: { number_of_channels: channels.size, channels: channelList } } : { items };
  if (variant === 'speaker-segments') {
    const segment = { start_time: '0', end_time: String(time), speaker_label: 'x', items: segmentItems };
    results['speaker_labels'] = { speakers: 2, segments: [segment] };
  }
  return JSON.stringify({ jobName: 'round-trip', results: { transcripts: [], ...results } });
}

/** Transcribe marks no utterance boundary inside one speaker's run: consecutive lines of a speaker become one turn. */
function mergeRuns(lines: readonly Line[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const [speaker, text] of spoken(lines)) {
    const last = runs[runs.length - 1];
    if (last && last[0] === speaker) last[1] = `${last[1]} ${text}`;
    else runs.push([speaker, text]);
  }
  return runs;
}

describe('round trips: render a dialogue, parse it back', () => {
  it('plain text keeps every line as a turn, in order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_SPEAKERS).chain(dialogue), (lines) => {
        // Prepare
        const input = lines.map((line) => `${line.speaker}: ${textOf(line)}`).join('\n');

        // Act
        const transcript = parseTranscript(input);

        // Assess
        expect(parsedTurns(transcript)).toEqual(spoken(lines));
        expect(transcript.turns.map((turn) => turn.id)).toEqual(lines.map((_, i) => `t${String(i + 1).padStart(4, '0')}`));
      }),
    );
  });

  it('WebVTT (Zoom and Teams style) keeps speakers, text and cue times', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CAPTION_SPEAKERS).chain(dialogue), fc.constantFrom('zoom', 'teams'), (lines, style) => {
        // Prepare
        const input = renderVtt(lines, style as 'zoom' | 'teams');

        // Act
        const transcript = parseTranscript(input);

        // Assess
        expect(parsedTurns(transcript)).toEqual(spoken(lines));
        expect(transcript.turns.map((turn) => [turn.start, turn.end])).toEqual(lines.map((_, i) => [3 * i, 3 * i + 2]));
        expect(transcript.timed).toBe(true);
      }),
    );
  });

  it('WebVTT cues that cut one utterance into contiguous pieces are merged back into it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CAPTION_SPEAKERS).chain(dialogue), fc.integer({ min: 1, max: 4 }), (lines, chunkSize) => {
        // Prepare: each line split into cues of `chunkSize` words, back to back; lines 1 s apart
        const cues: string[] = [];
        let time = 0;
        for (const line of lines) {
          for (let i = 0; i < line.tokens.length; i += chunkSize) {
            const chunk = line.tokens.slice(i, i + chunkSize).join(' ');
            cues.push(`${clock(time, '.')} --> ${clock(time + 0.5, '.')}\n${line.speaker}: ${chunk}`);
            time += 0.5;
          }
          time += 1;
        }

        // Act
        const transcript = parseTranscript(`WEBVTT\n\n${cues.join('\n\n')}`);

        // Assess
        expect(parsedTurns(transcript)).toEqual(spoken(lines));
      }),
    );
  });

  it('SRT with `Name:` or `[Name]` prefixes keeps speakers and text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CAPTION_SPEAKERS).chain(dialogue), fc.boolean(), (lines, bracketed) => {
        // Prepare
        const input = renderSrt(lines, bracketed);

        // Act
        const transcript = parseTranscript(input);

        // Assess
        expect(transcript.format).toBe('srt');
        expect(parsedTurns(transcript)).toEqual(spoken(lines));
      }),
    );
  });

  it('Transcribe JSON (item labels, speaker segments, channels) gives each speaker run as a turn', () => {
    const variants = fc.constantFrom<Variant>('item-speakers', 'speaker-segments', 'channels');
    const cases = variants.chain((variant) =>
      dialogue(variant === 'channels' ? ['ch_0', 'ch_1'] : ['spk_0', 'spk_1', 'spk_2']).map((lines) => ({ variant, lines })),
    );
    fc.assert(
      fc.property(cases, ({ variant, lines }) => {
        // Prepare
        const input = renderTranscribe(lines, variant);

        // Act
        const transcript = parseTranscript(input);

        // Assess
        expect(parsedTurns(transcript)).toEqual(mergeRuns(lines));
        expect(transcript.turns.every((turn) => turn.confidence === 0.9)).toBe(true);
      }),
    );
  });
});

/** The contract for any input at all: a valid Transcript, or an InvalidInputError with a known code. */
function parsesOrRefusesCleanly(input: string | Uint8Array, format?: TranscriptFormat): void {
  let result: Transcript | undefined;
  try {
    result = parseTranscript(input, format ? { format } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(INPUT_ERROR_CODES).toContain((error as InvalidInputError).code);
    expect((error as InvalidInputError).message).not.toContain('\n');
    return;
  }
  expect(TranscriptSchema.safeParse(result).success).toBe(true);
  expect(result.turns.map((turn) => turn.id)).toEqual(result.turns.map((_, i) => `t${String(i + 1).padStart(4, '0')}`));
  for (const turn of result.turns) expect(result.roleAssignment.speakers[turn.speaker]).toBe(turn.role);
}

const FRAGMENTS = [
  'WEBVTT', '\n', '\n\n', '\r\n', ' ', '-->', '00:00:01.000', '00:01.500', '00:00:02,000', '99:99:99.999', '1', '2',
  'Therapist:', 'Client:', 'Maya:', 'Dr. Lee:', 'Speaker 1', '<v Maya>', '</v>', '<i>', '[Client]', '>> ', 'NOTE',
  '[00:00:04]', '(laughs)', 'hello', 'why?', 'you', 'I', '{', '}', '[', ']', '"results"', '"items"', ':', ',', '"',
  '\u0000', '\uFEFF', '\u0001', '&amp;', '&#0;', '&#x110000;', '__proto__', '<v __proto__>', 'constructor', 'Well:',
];
const formatish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

const loose = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const looseItem = fc.record(
  {
    type: loose(fc.constantFrom('pronunciation', 'punctuation')),
    start_time: loose(fc.double({ min: 0, max: 100, noNaN: true }).map(String)),
    end_time: loose(fc.double({ min: 0, max: 100, noNaN: true }).map(String)),
    alternatives: loose(
      fc.array(
        fc.record({ content: loose(fc.string()), confidence: loose(fc.constantFrom('0.5', '1', '0.0', '2')) }),
        { maxLength: 2 },
      ),
    ),
    speaker_label: loose(fc.constantFrom('spk_0', 'spk_1', '__proto__', ' ')),
    channel_label: loose(fc.constantFrom('ch_0', 'ch_1')),
    id: loose(fc.nat(20)),
  },
  { requiredKeys: [] },
);
const looseSegment = fc.record({
  speaker_label: loose(fc.constantFrom('spk_0', 'spk_1')),
  items: loose(fc.array(looseItem, { maxLength: 4 })),
});
const looseChannel = fc.record({
  channel_label: loose(fc.constantFrom('ch_0', 'ch_1')),
  items: loose(fc.array(looseItem, { maxLength: 6 })),
});
const looseAudioSegment = fc.record({
  speaker_label: loose(fc.constantFrom('spk_0', 'spk_1')),
  items: loose(fc.array(fc.nat(20))),
});
const looseTranscribe = fc
  .record(
    {
      items: loose(fc.array(looseItem, { maxLength: 12 })),
      speaker_labels: loose(fc.record({ segments: loose(fc.array(looseSegment, { maxLength: 3 })) })),
      channel_labels: loose(fc.record({ channels: loose(fc.array(looseChannel, { maxLength: 2 })) })),
      audio_segments: loose(fc.array(looseAudioSegment, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  )
  .map((results) => JSON.stringify({ jobName: 'fuzz', results }));

const formats = fc.constantFrom<TranscriptFormat | undefined>(undefined, 'text', 'vtt', 'srt', 'transcribe-json');

describe('any input: a valid Transcript or an InvalidInputError, never anything else', () => {
  it('arbitrary strings, read as any format', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(fc.property(text, formats, (input, format) => parsesOrRefusesCleanly(input, format)), { numRuns: 300 });
  });

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => parsesOrRefusesCleanly(bytes)), { numRuns: 300 });
  });

  it('strings built from pieces of every format', () => {
    fc.assert(fc.property(formatish, formats, (text, format) => parsesOrRefusesCleanly(text, format)), { numRuns: 500 });
  });

  it('JSON shaped like Transcribe output with fields missing, mistyped or out of range', () => {
    fc.assert(fc.property(looseTranscribe, (json) => parsesOrRefusesCleanly(json)), { numRuns: 500 });
  });
});
