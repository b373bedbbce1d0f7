import { InvalidInputError } from '../errors.js';

const BINARY_MESSAGE = 'the file looks binary (e.g. audio), not a transcript: give a .txt, .vtt, .srt or Amazon Transcribe .json file';
const EMPTY_MESSAGE = 'the transcript is empty: give a file with at least one `Therapist: …` / `Client: …` turn';
const NOT_UTF8_MESSAGE =
  'the file is text but not UTF-8 (perhaps Windows-1252 or Latin-1): save it as UTF-8 and give it again as a .txt, .vtt, .srt or Amazon Transcribe .json file';

/** Above this share of control characters the input is not text, whatever its encoding claims. */
const MAX_CONTROL_SHARE = 0.02;
/**
 * Text in a legacy 8-bit encoding is mostly ASCII (accents and curly quotes are the exceptions); random
 * or compressed bytes are ASCII only about 40 % of the time.
 */
const MIN_ASCII_SHARE_OF_LEGACY_TEXT = 0.75;
// C0 controls other than tab/newline/CR/form feed, DEL, C1 controls and U+FFFD (a decoder's "I gave up").
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFFFD]/g;
const LINE_BREAKS = /\r\n?/g;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/**
 * Turns raw upload bytes (or an already-decoded string) into clean text: BOM stripped, UTF-16 decoded,
 * line breaks normalised to `\n`. Rejects binary data and empty input before any parser sees it.
 */
export function decodeTranscriptInput(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : decodeBytes(input);
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  rejectBinaryText(withoutBom);
  const normalised = withoutBom.replace(LINE_BREAKS, '\n');
  if (normalised.trim() === '') throw new InvalidInputError(EMPTY_MESSAGE, 'empty_input');
  return normalised;
}

function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InvalidInputError(EMPTY_MESSAGE, 'empty_input');
  const b0 = bytes[0];
  const b1 = bytes[1];
  try {
    if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf8.decode(bytes.subarray(3));
    if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes.subarray(2), 'le');
    if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes.subarray(2), 'be');
    const bomless = guessBomlessUtf16(bytes);
    if (bomless) return decodeUtf16(bytes, bomless);
    if (bytes.includes(0)) throw binary();
    return utf8.decode(bytes);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    // The decoder rejected the bytes: not valid UTF-8 / UTF-16. Say which, so the fix is clear.
    if (looksLikeLegacyText(bytes)) throw new InvalidInputError(NOT_UTF8_MESSAGE, 'binary_input');
    throw binary();
  }
}

/** Bytes that read as text in a single-byte encoding: almost no control bytes, mostly ASCII. */
function looksLikeLegacyText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let controls = 0;
  let ascii = 0;
  for (const byte of sample) {
    if (byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d || (byte >= 0x20 && byte < 0x7f)) ascii++;
    else if (byte < 0x20 || byte === 0x7f) controls++;
  }
  return controls <= sample.length * MAX_CONTROL_SHARE && ascii >= sample.length * MIN_ASCII_SHARE_OF_LEGACY_TEXT;
}

function decodeUtf16(bytes: Uint8Array, endianness: 'le' | 'be'): string {
  if (bytes.length % 2 !== 0) throw binary();
  if (endianness === 'le') return utf16le.decode(bytes);
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1] ?? 0;
    swapped[i + 1] = bytes[i] ?? 0;
  }
  return utf16le.decode(swapped);
}

/**
 * Notepad-style UTF-16 without a BOM: mostly-ASCII text leaves every other byte zero. Demand a clear
 * pattern (at least 16 bytes, ≥ 90 % zeros on one side, none on the other) so audio is not mistaken for it.
 */
function guessBomlessUtf16(bytes: Uint8Array): 'le' | 'be' | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1);
  if (sample.length < 16) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  if (oddZeros >= pairs * 0.9 && evenZeros === 0) return 'le';
  if (evenZeros >= pairs * 0.9 && oddZeros === 0) return 'be';
  return undefined;
}

function rejectBinaryText(text: string): void {
  if (text.includes('\u0000')) throw binary();
  const controls = text.match(CONTROL_CHARS)?.length ?? 0;
  if (controls > 0 && controls / text.length > MAX_CONTROL_SHARE) throw binary();
}

function binary(): InvalidInputError {
  return new InvalidInputError(BINARY_MESSAGE, 'binary_input');
}
