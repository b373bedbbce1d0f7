import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { detectFormat, parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { TranscriptFormatSchema, TranscriptSchema, type Transcript, type TranscriptFormat } from '../../../schemas/transcript.js';
import { INPUT_ERROR_CODES, SECRET, expectInvalidInput } from './helpers.js';
import { clock, renderSrt, renderTranscribe, renderVtt, textOf, type Line, type Variant } from './render.js';

const word = fc.stringMatching(/^[a-z][a-zé']{0,7}$/);
const token = fc.tuple(word, fc.constantFrom('', '', '', ',', '.', '?', '!')).map(([w, p]) => w + p);

/** Random dialogues over a fixed set of speakers: every label occurs in its own way in real files. */
function dialogue(speakers: readonly string[]): fc.Arbitrary<Line[]> {
  return fc.array(fc.record({ speaker: fc.constantFrom(...speakers), tokens: fc.array(token, { minLength: 1, maxLength: 12 }) }), {
    minLength: 1,
    maxLength: 15,
  });
}

const TEXT_SPEAKERS = [
  ['Therapist', 'Client'],
  ['Dr. Patel', 'Maya'],
  ['T', 'C'],
  ['Counsellor', 'Jo Ann Lee'],
  ['Speaker 1', 'Speaker 2', 'Speaker 3'],
] as const;
const CAPTION_SPEAKERS = [
  ['Alex Rivera', "maya's iPhone"],
  ['Dr. Okafor', 'Lena Fischer'],
  ['Therapist', 'Client', 'Partner'],
] as const;

const spoken = (lines: readonly Line[]): [string, string][] => lines.map((line) => [line.speaker, textOf(line)]);
const parsedTurns = (transcript: Transcript): [string, string][] => transcript.turns.map((turn) => [turn.speaker, turn.text]);

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

/** Whitespace as editors and exporters leave it, chosen once per file and cycled through its lines. */
interface Noise {
  gaps: string[];
  ending: '\n' | '\r\n';
  blankLines: boolean;
  indent: string;
  trailing: string;
}
const noise: fc.Arbitrary<Noise> = fc.record({
  gaps: fc.array(fc.constantFrom(' ', '  ', '\t', ' \t '), { minLength: 1, maxLength: 8 }),
  ending: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  blankLines: fc.boolean(),
  indent: fc.constantFrom('', ' ', '\t'),
  trailing: fc.constantFrom('', ' ', '\t '),
});

/** The line's words with the noise's runs of whitespace between them. */
function spaced(line: Line, n: Noise, salt: number): string {
  return line.tokens.map((tok, i) => (i === 0 ? '' : n.gaps[(i + salt) % n.gaps.length]) + tok).join('');
}

/** Lines (or caption blocks, which need one blank line between them), with an extra blank line if the noise says so. */
function joinLines(lines: string[], n: Noise, between: 'line' | 'block'): string {
  const breaks = 1 + (between === 'block' ? 1 : 0) + (n.blankLines ? 1 : 0);
  return lines.join(n.ending.repeat(breaks)) + n.ending;
}

/** A dialogue as a file in `format`, with the noise applied wherever that format allows whitespace. */
function renderNoisy(format: TranscriptFormat, lines: readonly Line[], n: Noise): string {
  const cueTimes = (i: number, separator: '.' | ',') => `${clock(3 * i, separator)} --> ${clock(3 * i + 2, separator)}`;
  switch (format) {
    case 'text':
      return joinLines(
        lines.map((line, i) => `${n.indent}${line.speaker}:${n.gaps[i % n.gaps.length]}${spaced(line, n, i)}${n.trailing}`),
        n,
        'line',
      );
    case 'vtt': {
      const cues = lines.map((line, i) =>
        [String(i + 1), cueTimes(i, '.'), `${line.speaker}:${n.gaps[i % n.gaps.length]}${spaced(line, n, i)}${n.trailing}`].join(n.ending),
      );
      return joinLines(['WEBVTT', `NOTE exported${n.gaps[0]}by a video call`, ...cues], n, 'block');
    }
    case 'srt':
      return joinLines(
        lines.map((line, i) => [String(i + 1), cueTimes(i, ','), `${line.speaker}: ${spaced(line, n, i)}${n.trailing}`].join(n.ending)),
        n,
        'block',
      );
    case 'transcribe-json':
      // JSON allows whitespace only between tokens: pretty-printing is the noise a real file carries.
      return JSON.stringify(JSON.parse(renderTranscribe(lines, 'item-speakers')), null, n.gaps[0]?.includes('\t') ? '\t' : 2).replace(/\n/g, n.ending);
  }
}

const ROUND_TRIP_SPEAKERS: Record<TranscriptFormat, readonly (readonly string[])[]> = {
  text: TEXT_SPEAKERS,
  vtt: CAPTION_SPEAKERS,
  srt: CAPTION_SPEAKERS,
  'transcribe-json': [
    ['spk_0', 'spk_1'],
    ['spk_0', 'spk_1', 'spk_2'],
  ],
};
const roundTripCase = fc
  .constantFrom<TranscriptFormat>('text', 'vtt', 'srt', 'transcribe-json')
  .chain((format) => fc.tuple(fc.constant(format), fc.constantFrom(...ROUND_TRIP_SPEAKERS[format]).chain(dialogue), noise));

/** Caption and text parsers keep every line as a turn; Transcribe has no boundary inside one speaker's run. */
const expectedTurns = (format: TranscriptFormat, lines: readonly Line[]) => (format === 'transcribe-json' ? mergeRuns(lines) : spoken(lines));

/** The same text in every encoding the decoder reads; the BOM-less UTF-16 guess needs 16 bytes to go on. */
function encodings(text: string): [string, Uint8Array][] {
  const le = new Uint8Array(Buffer.from(text, 'utf16le'));
  const be = le.map((_, i) => le[i ^ 1] ?? 0);
  const utf8 = new TextEncoder().encode(text);
  const withBom = (bom: number[], bytes: Uint8Array) => new Uint8Array([...bom, ...bytes]);
  const all: [string, Uint8Array][] = [
    ['UTF-8', utf8],
    ['UTF-8 with BOM', withBom([0xef, 0xbb, 0xbf], utf8)],
    ['UTF-16 LE with BOM', withBom([0xff, 0xfe], le)],
    ['UTF-16 BE with BOM', withBom([0xfe, 0xff], be)],
  ];
  if (le.length >= 16) all.push(['UTF-16 LE without BOM', le], ['UTF-16 BE without BOM', be]);
  return all;
}

describe('round trips survive what real files carry', () => {
  it('runs of spaces and tabs, indentation, CRLF line ends, blank lines and NOTE blocks change no turn, speaker or word', () => {
    fc.assert(
      fc.property(roundTripCase, ([format, lines, n]) => {
        // Prepare
        const input = renderNoisy(format, lines, n);

        // Act
        const transcript = parseTranscript(input);

        // Assess: the format is recognised from the content alone, and the turns are the dialogue's
        expect(transcript.format).toBe(format);
        expect(parsedTurns(transcript)).toEqual(expectedTurns(format, lines));
        expect(new Set(transcript.turns.map((turn) => turn.speaker))).toEqual(new Set(lines.map((line) => line.speaker)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same dialogue alike as UTF-8 or UTF-16, with or without a byte-order mark', () => {
    fc.assert(
      fc.property(roundTripCase, ([format, lines, n]) => {
        // Prepare
        const text = renderNoisy(format, lines, n);
        const expected = parsedTurns(parseTranscript(text));

        for (const [encoding, bytes] of encodings(text)) {
          // Act
          const transcript = parseTranscript(bytes);

          // Assess
          expect(parsedTurns(transcript), encoding).toEqual(expected);
        }
      }),
      { numRuns: 150 },
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
    // Messages reach logs and terminals: they never quote the transcript.
    expect((error as InvalidInputError).message).not.toContain(SECRET);
    return;
  }
  expect(TranscriptSchema.safeParse(result).success).toBe(true);
  expect(result.turns.map((turn) => turn.id)).toEqual(result.turns.map((_, i) => `t${String(i + 1).padStart(4, '0')}`));
  for (const turn of result.turns) {
    expect(result.roleAssignment.speakers[turn.speaker]).toBe(turn.role);
    // Reports quote turns and compute durations from them: one line of speech, and time never runs backwards.
    expect(turn.text).toBe(turn.text.trim());
    expect(turn.text).not.toMatch(/[\n\r]/);
    if (turn.start !== undefined && turn.end !== undefined) expect(turn.end).toBeGreaterThanOrEqual(turn.start);
  }
  expect(result.timed).toBe(result.turns.every((turn) => turn.start !== undefined && turn.end !== undefined));
}

const FRAGMENTS = [
  'WEBVTT',
  '\n',
  '\n\n',
  '\r\n',
  ' ',
  '-->',
  '00:00:01.000',
  '00:01.500',
  '00:00:02,000',
  '99:99:99.999',
  '1',
  '2',
  'Therapist:',
  'Client:',
  'Maya:',
  'Dr. Lee:',
  'Speaker 1',
  '<v Maya>',
  '</v>',
  '<i>',
  '[Client]',
  '>> ',
  'NOTE',
  '[00:00:04]',
  '(laughs)',
  'hello',
  'why?',
  'you',
  'I',
  '{',
  '}',
  '[',
  ']',
  '"results"',
  '"items"',
  ':',
  ',',
  '"',
  '\u0000',
  '\uFEFF',
  '\u0001',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '__proto__',
  '<v __proto__>',
  'constructor',
  'Well:',
  SECRET,
  `${SECRET}:`,
  '1:',
  '(0',
  '&',
  '<',
  ' --> ',
  '\t',
  'é',
  '’',
  '<v ',
  '&#',
  '**',
  '>>',
];
const formatish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

const loose = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constant(undefined) });
const looseItem = fc.record(
  {
    type: loose(fc.constantFrom('pronunciation', 'punctuation')),
    start_time: loose(fc.double({ min: 0, max: 100, noNaN: true }).map(String)),
    end_time: loose(fc.double({ min: 0, max: 100, noNaN: true }).map(String)),
    alternatives: loose(
      fc.array(
        fc.record({
          content: loose(fc.oneof(fc.string(), fc.stringMatching(/^[a-z \t\n\u2028]{0,8}$/))),
          confidence: loose(fc.constantFrom('0.5', '1', '0.0', '2')),
        }),
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

/**
 * The pieces joined and repeated to `size` characters. Properties draw the pieces and the size, not the
 * string: a counterexample then reads `{parts: ['<'], size: 20000}`, not 20 000 characters.
 */
function repeatTo({ parts, size }: { parts: string[]; size: number }): string {
  const pattern = parts.join('') || ' ';
  return pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
}

describe('any input: a valid Transcript or an InvalidInputError, never anything else', () => {
  it('arbitrary strings, read as any format', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(text, formats, (input, format) => parsesOrRefusesCleanly(input, format)),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => parsesOrRefusesCleanly(bytes)),
      { numRuns: 300 },
    );
  });

  it('strings built from pieces of every format', () => {
    fc.assert(
      fc.property(formatish, formats, (text, format) => parsesOrRefusesCleanly(text, format)),
      { numRuns: 500 },
    );
  });

  it('JSON shaped like Transcribe output with fields missing, mistyped or out of range', () => {
    fc.assert(
      fc.property(looseTranscribe, (json) => parsesOrRefusesCleanly(json)),
      { numRuns: 500 },
    );
  });

  it('Transcribe JSON whose words carry stray whitespace (a hand-edited or converted file)', () => {
    const item = fc.record({
      type: fc.constantFrom('pronunciation', 'punctuation'),
      speaker_label: fc.constantFrom('spk_0', 'spk_1'),
      alternatives: fc.tuple(fc.record({ content: fc.stringMatching(/^[a-z \t\n\r\u2028]{1,8}$/), confidence: fc.constant('0.8') })),
    });
    const json = fc.array(item, { minLength: 1, maxLength: 12 }).map((items) => JSON.stringify({ results: { items } }));
    fc.assert(
      fc.property(json, (input) => parsesOrRefusesCleanly(input)),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes behind a byte-order mark, and in either UTF-16 byte order', () => {
    const boms = fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], []);
    const bytes = fc.tuple(boms, fc.uint8Array({ maxLength: 300 })).map(([bom, body]) => new Uint8Array([...bom, ...body]));
    fc.assert(
      fc.property(bytes, (input) => parsesOrRefusesCleanly(input)),
      { numRuns: 300 },
    );
  });

  it('long repetitive input finishes quickly: no pattern sends a parser into a backtracking spiral', () => {
    // 50-200 KB of one short pattern, repeated: the shape that makes a careless regular expression hang.
    const repeated = fc.record({
      parts: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }),
      size: fc.integer({ min: 50_000, max: 200_000 }),
    });
    fc.assert(
      fc.property(repeated, formats, (shape, format) => {
        // Act / Assess: linear parsers read 200 KB in milliseconds; a quadratic one takes minutes and runs
        // past the test's timeout. No wall-clock bound here: speed belongs to `npm run bench`.
        parsesOrRefusesCleanly(repeatTo(shape), format);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('one very long line finishes quickly in every format', () => {
  // The shape repetition alone cannot build: a well-formed file whose one line runs to 100 KB of a
  // repeated pattern, where a caption's markup patterns scan ahead for a closing `>` or `}`.
  const LINE_PIECES = ['<', '<v ', '<v.loud ', '<i', '{\\', '{', '&#', '&', '[', '(', ' ', '\t', 'a', 'Maya:', '>>', '-->', '00:01.000'];
  const longLine = fc.record({
    parts: fc.array(fc.constantFrom(...LINE_PIECES), { minLength: 1, maxLength: 4 }),
    size: fc.integer({ min: 20_000, max: 100_000 }),
  });
  const HEADS: Record<TranscriptFormat, string> = {
    text: 'Therapist: ',
    vtt: 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n',
    srt: '1\n00:00:01,000 --> 00:00:04,000\n',
    'transcribe-json': '{"results":{"items":[{"type":"pronunciation","speaker_label":"spk_0","alternatives":[{"content":"',
  };

  it('a caption, text or Transcribe word of 20-100 KB is read or refused in well under a few seconds', () => {
    fc.assert(
      fc.property(fc.constantFrom<TranscriptFormat>('text', 'vtt', 'srt', 'transcribe-json'), longLine, (format, shape) => {
        // Prepare
        const line = repeatTo(shape);
        const body = format === 'transcribe-json' ? `${JSON.stringify(line).slice(1, -1)}"}]}]}}` : `${line}\n`;

        // Act / Assess: a linear reader needs milliseconds; a scan per `<` needs minutes at this size and runs
        // past the test's timeout.
        parsesOrRefusesCleanly(HEADS[format] + body, format);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('detectFormat is total', () => {
  const extensions = fc.constantFrom('txt', 'vtt', 'srt', 'json', 'md', 'wav', 'm4a', 'docx', 'PDF', 'Vtt', 'tar.gz', '', 'exe');
  const filename = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 20 }),
    fc.tuple(fc.string({ maxLength: 12 }), extensions).map(([name, extension]) => `${name}.${extension}`),
  );
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), formatish);

  it('names one of the four formats for any text and file name, or refuses with unknown_format', () => {
    fc.assert(
      fc.property(text, filename, (input, name) => {
        let detected: TranscriptFormat;
        try {
          // Act
          detected = detectFormat(input, name);
        } catch (error) {
          // Assess
          expect(error).toBeInstanceOf(InvalidInputError);
          expect((error as InvalidInputError).code).toBe('unknown_format');
          return;
        }
        expect(TranscriptFormatSchema.options).toContain(detected);
        expect(detectFormat(input, name)).toBe(detected);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('regressions', () => {
  /** Windows-1252 bytes for a line of text: 0x92 is ’, 0x96 is –. */
  const windows1252 = (text: string) => new Uint8Array(Buffer.from(text.replace(/’/g, '\x92').replace(/–/g, '\x96'), 'latin1'));

  it('names a Windows-1252 transcript as not UTF-8, not as binary (found by the bad-input corpus)', () => {
    // Prepare: it used to be refused as "the file looks binary (e.g. audio)", which sends the user the wrong way
    const bytes = windows1252(`Therapist: How was the week, Renée?\r\nClient: It’s been long – ${SECRET} again.\r\n`);

    // Act
    const message = expectInvalidInput(() => parseTranscript(bytes), 'binary_input');

    // Assess
    expect(message).toMatch(/not UTF-8 \(perhaps Windows-1252 or Latin-1\): save it as UTF-8/);
  });

  it('folds whitespace inside a Transcribe word, so a turn stays one line (found by the stray-whitespace property)', () => {
    // Prepare: a converted file with a line break and a double space inside words
    const word = (content: string, speaker: string) => ({ type: 'pronunciation', speaker_label: speaker, alternatives: [{ confidence: '0.9', content }] });
    const json = JSON.stringify({ results: { items: [word('good\nmorning', 'spk_0'), word('how  are', 'spk_0'), word('fine\r\n', 'spk_1')] } });

    // Act
    const transcript = parseTranscript(json);

    // Assess
    expect(parsedTurns(transcript)).toEqual([
      ['spk_0', 'good morning how are'],
      ['spk_1', 'fine'],
    ]);
  });

  it('reads a caption line of 200 KB of unclosed `<` in linear time (found by the long-line property)', () => {
    // Prepare: each `<` used to scan to the end of the line for a `>`: 100 KB took 25 s, 5 MB (the API's inline
    // limit) would have held the API for hours
    const vtt = `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nMaya: ${'<v <'.repeat(50_000)}\n`;
    const srt = `1\n00:00:01,000 --> 00:00:04,000\nMaya: ${'{\\'.repeat(100_000)}\n`;

    for (const input of [vtt, srt]) {
      // Act / Assess: read or refused cleanly, within the test's timeout (a scan per tag would run for minutes)
      parsesOrRefusesCleanly(input);
    }
  });

  it('says "not UTF-8" for any mostly-ASCII dialogue with an accented letter in a legacy encoding, and "binary" for noise', () => {
    const accented = fc.constantFrom('é', 'ü', 'ñ', 'ß', 'à', 'ç');
    const asciiDialogue = fc
      .constantFrom(...TEXT_SPEAKERS)
      .chain(dialogue)
      .map((lines) => lines.map((line) => `${line.speaker}: ${textOf(line).replace(/é/g, 'e')}`).join('\n'));
    fc.assert(
      fc.property(asciiDialogue, accented, fc.nat(), (text, letter, at) => {
        // Prepare: one accented letter somewhere in at least 8 characters of ASCII
        const padded = text.length >= 8 ? text : `${text} and so on`;
        const position = at % (padded.length + 1);
        const bytes = windows1252(`${padded.slice(0, position)}${letter}${padded.slice(position)}`);

        // Act
        const message = expectInvalidInput(() => parseTranscript(bytes), 'binary_input');

        // Assess
        expect(message).toMatch(/not UTF-8/);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 512 }).filter((bytes) => bytes.some((byte) => byte < 0x20 && byte !== 0x0a)),
        (bytes) => {
          let message = '';
          try {
            parseTranscript(bytes);
          } catch (error) {
            message = (error as Error).message;
          }
          expect(message).not.toMatch(/not UTF-8/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
