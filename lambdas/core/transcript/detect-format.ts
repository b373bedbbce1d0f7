import type { TranscriptFormat } from '../../../schemas/transcript.js';
import { InvalidInputError } from '../errors.js';

/**
 * Which parser reads this text? The content decides when it is unambiguous (a `WEBVTT` header, a JSON
 * object, subtitle timing lines); otherwise the file name's extension; plain prose falls back to text.
 * Markup and office/PDF formats are refused rather than parsed as prose.
 */

const UNKNOWN_MESSAGE =
  'unrecognised transcript format: give plain text with `Therapist: …` / `Client: …` lines, ' +
  'a .vtt or .srt caption file, or Amazon Transcribe .json output';

const CUE_TIMING = /^\s*(?:\d+:)?\d{1,2}:\d{2}([.,])\d{1,3}[ \t]+-->[ \t]+/m;
const SRT_START = /^\s*\d+[ \t]*\n\s*(?:\d+:)?\d{1,2}:\d{2},\d{1,3}[ \t]+-->/;
const MARKUP_OR_DOCUMENT = /^\s*(?:<|%PDF|\{\\rtf|PK\u0003\u0004)/;
const JSON_ARRAY_START = /^\[\s*(?:[{\]"]|$)/;
const EXTENSION = /\.([a-z0-9]+)$/i;
const BY_EXTENSION: Record<string, TranscriptFormat> = {
  txt: 'text',
  text: 'text',
  md: 'text',
  vtt: 'vtt',
  webvtt: 'vtt',
  srt: 'srt',
  json: 'transcribe-json',
};
const UNSUPPORTED_EXTENSIONS = new Set([
  'doc',
  'docx',
  'odt',
  'rtf',
  'pdf',
  'html',
  'htm',
  'xml',
  'ttml',
  'dfxp',
  'sbv',
  'ass',
  'ssa',
  'csv',
  'tsv',
  'xlsx',
  'mp3',
  'mp4',
  'm4a',
  'wav',
  'flac',
  'ogg',
  'webm',
  'mov',
  'aac',
  'opus',
]);
/** Only the start of a long file is scanned for subtitle timings. */
const SCAN_CHARS = 4096;

export function detectFormat(text: string, filename?: string): TranscriptFormat {
  const head = text
    .slice(0, SCAN_CHARS)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('WEBVTT')) return 'vtt';
  if (head.startsWith('{') || JSON_ARRAY_START.test(head)) return 'transcribe-json';
  if (SRT_START.test(head)) return 'srt';

  const extension = filename === undefined ? undefined : EXTENSION.exec(filename)?.[1]?.toLowerCase();
  const byExtension = extension === undefined ? undefined : BY_EXTENSION[extension];
  if (byExtension) return byExtension;
  if (extension !== undefined && UNSUPPORTED_EXTENSIONS.has(extension)) {
    throw new InvalidInputError(UNKNOWN_MESSAGE, 'unknown_format');
  }

  const timing = CUE_TIMING.exec(head);
  if (timing) return timing[1] === ',' ? 'srt' : 'vtt';
  if (MARKUP_OR_DOCUMENT.test(head)) {
    throw new InvalidInputError(UNKNOWN_MESSAGE, 'unknown_format');
  }
  return 'text';
}
