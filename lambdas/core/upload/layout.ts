/**
 * Where an upload is put and what it may be: `uploads/<tenant>/<client>/<session>.<ext>`, an audio
 * recording or a transcript file.
 */
import { PREFIXES, UPLOAD_KEY_LAYOUT } from '../../../schemas/storage-layout.js';
import type { Upload } from '../../../schemas/workflow.js';

/** The uploads' prefix and layout, from the one storage layout (schemas/storage-layout.ts). */
export const UPLOAD_PREFIX = PREFIXES.uploads;
export const KEY_LAYOUT = UPLOAD_KEY_LAYOUT;

/** Transcribe's MediaFormat per audio extension: an `.m4a` is an MPEG-4 audio container. */
const AUDIO_FORMATS = { wav: 'wav', flac: 'flac', mp3: 'mp3', mp4: 'mp4', m4a: 'mp4', ogg: 'ogg', webm: 'webm' } as const;
const TRANSCRIPT_EXTENSIONS = ['vtt', 'srt', 'txt', 'json'] as const;
/** Every accepted extension, as a refusal lists them. */
export const EXTENSIONS = [...Object.keys(AUDIO_FORMATS), ...TRANSCRIPT_EXTENSIONS].join(', ');

export function isExtension(value: string): value is Upload['extension'] {
  return value in AUDIO_FORMATS || (TRANSCRIPT_EXTENSIONS as readonly string[]).includes(value);
}

export function classify(extension: Upload['extension']): Pick<Upload, 'kind' | 'mediaFormat'> {
  const mediaFormat = AUDIO_FORMATS[extension as keyof typeof AUDIO_FORMATS];
  return mediaFormat ? { kind: 'audio', mediaFormat } : { kind: 'transcript' };
}
