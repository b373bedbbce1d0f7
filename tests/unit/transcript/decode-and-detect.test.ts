import { describe, expect, it } from 'vitest';
import { detectFormat, parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { expectInvalidInput, fixtureText, SECRET } from './helpers.js';

const DIALOGUE = 'Therapist: How are you feeling today?\nClient: Calmer than last week, thank you.';

function utf16(text: string, endianness: 'le' | 'be', withBom: boolean): Uint8Array {
  const bytes: number[] = withBom ? (endianness === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = [unit & 0xff, unit >> 8];
    bytes.push(...(endianness === 'le' ? pair : pair.reverse()));
  }
  return new Uint8Array(bytes);
}

describe('decoding uploads', () => {
  it.each([
    ['UTF-8 with a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(DIALOGUE)])],
    ['UTF-16 LE with a BOM', utf16(DIALOGUE, 'le', true)],
    ['UTF-16 BE with a BOM', utf16(DIALOGUE, 'be', true)],
    ['UTF-16 LE without a BOM', utf16(DIALOGUE, 'le', false)],
    ['a string with a BOM', `\uFEFF${DIALOGUE}`],
  ])('reads %s like plain UTF-8', (_, input) => {
    // Prepare
    const expected = parseTranscript(DIALOGUE);

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript).toEqual(expected);
  });

  it('keeps non-ASCII text intact', () => {
    // Prepare
    const input = new TextEncoder().encode('Thérapeute: Ça va aujourd’hui ?\nClient: Très bien, merci. 😊');

    // Act
    const transcript = parseTranscript(input);

    // Assess
    expect(transcript.turns.map((turn) => turn.text)).toEqual(['Ça va aujourd’hui ?', 'Très bien, merci. 😊']);
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', ' \n\t\r\n  '],
    ['no bytes', new Uint8Array()],
  ])('refuses %s as empty', (_, input) => {
    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'empty_input');

    // Assess
    expect(message).toMatch(/empty/);
  });

  it.each([
    ['a NUL byte', new TextEncoder().encode(`Therapist: ${SECRET}\u0000 hi`)],
    ['invalid UTF-8', new Uint8Array([...new TextEncoder().encode(`Therapist: ${SECRET} `), 0xc3, 0x28, 0xff])],
    ['a WAV header', new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0x08, 0, 0, 0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20, 16, 0, 0, 0, 1, 0, 2, 0])],
    ['a string full of control characters', `Therapist: ${SECRET}\u0001\u0002\u0003\u0004\u0005`],
  ])('refuses %s as binary, pointing at the formats it accepts', (_, input) => {
    // Act
    const message = expectInvalidInput(() => parseTranscript(input), 'binary_input');

    // Assess
    expect(message).toMatch(/\.txt, \.vtt, \.srt or Amazon Transcribe \.json/);
  });
});

describe('format detection', () => {
  it.each([
    ['WEBVTT\n\n00:01.000 --> 00:02.000\nT: hi', undefined, 'vtt'],
    ['{"results": {}}', undefined, 'transcribe-json'],
    ['1\n00:00:01,000 --> 00:00:02,000\nT: hi', undefined, 'srt'],
    ['00:00:01,000 --> 00:00:02,000\nT: hi', undefined, 'srt'],
    ['00:00:01.000 --> 00:00:02.000\nT: hi', undefined, 'vtt'],
    ['Therapist: hi', undefined, 'text'],
    ['[00:00:04] Therapist: hi', undefined, 'text'],
    ['Therapist: hi', 'notes.vtt', 'vtt'],
    ['Therapist: hi', 'SESSION.SRT', 'srt'],
    ['Therapist: hi', 'session.txt', 'text'],
  ] as const)('reads %j (file %s) as %s', (text, filename, format) => {
    // Act
    const detected = detectFormat(text, filename);

    // Assess
    expect(detected).toBe(format);
  });

  it.each([
    ['markup', `<html><body>${SECRET}</body></html>`, undefined],
    ['a word-processor file name', `Therapist: ${SECRET}`, 'session.docx'],
    ['an audio file name', `Therapist: ${SECRET}`, 'session.m4a'],
  ])('refuses %s as an unknown format', (_, text, filename) => {
    // Act
    const message = expectInvalidInput(() => parseTranscript(text, { filename }), 'unknown_format');

    // Assess
    expect(message).toMatch(/\.vtt or \.srt/);
  });

  it('reads the input as the format the caller names, skipping detection', () => {
    // Prepare
    const vttWithoutHeader = fixtureText('zoom.vtt').replace('WEBVTT', '');

    // Act
    const transcript = parseTranscript(vttWithoutHeader, { format: 'vtt', filename: 'notes.txt' });

    // Assess
    expect(transcript.format).toBe('vtt');
    expect(transcript.timed).toBe(true);
  });
});
