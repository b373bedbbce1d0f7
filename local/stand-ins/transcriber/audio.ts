/**
 * Recording → what pocketsphinx reads: 16 kHz, 16-bit, mono WAV, one file per channel for channel
 * identification. sox does the work; formats this machine's sox cannot read (mp4/m4a and webm always,
 * mp3 without libsox-fmt-mp3) go through ffmpeg when it is installed.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { JobFailure } from './job-failure.js';
import { run } from './processes.js';
import type { MediaFormat } from './requests.js';

export interface AudioTools {
  sox: string;
  /** Absent when ffmpeg is not installed. */
  ffmpeg: string | undefined;
}

/** 16 kHz × 2 bytes, the rate of the WAV files pocketsphinx reads. */
const BYTES_PER_SECOND = 32_000;
/** sox writes the canonical 44-byte header for 16-bit PCM. */
const WAV_HEADER_BYTES = 44;

const soxFormatsByCommand = new Map<string, Promise<Set<string>>>();

/** The file types this sox was built to read (`sox -h` lists them). */
function soxFormats(sox: string): Promise<Set<string>> {
  let formats = soxFormatsByCommand.get(sox);
  if (!formats) {
    formats = run(sox, ['-h']).then(({ stdoutText }) => {
      const line = /AUDIO FILE FORMATS:(.*)/.exec(stdoutText)?.[1] ?? '';
      return new Set(line.trim().split(/\s+/));
    });
    soxFormatsByCommand.set(sox, formats);
  }
  return formats;
}

/** What sox calls the file type; mp4 and m4a are containers it never reads. */
function soxType(format: MediaFormat): string {
  return format === 'amr' ? 'amr-nb' : format;
}

function installHint(format: MediaFormat): string {
  return format === 'mp3' ? 'apt-get install libsox-fmt-mp3 (or ffmpeg)' : 'apt-get install ffmpeg';
}

/** sox's reason without the work file's path: `WAVE: RIFF header not found`. */
export function soxReason(stderr: string): string {
  const line = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  const afterPath = /`[^']*':\s*(.*)$/.exec(line)?.[1];
  return (afterPath ?? line.replace(/^sox (FAIL|WARN) \S+:\s*/, '')).slice(0, 200) || 'no reason given';
}

/** The recording as a WAV sox can read: itself, or ffmpeg's decoding of it. */
async function readableSource(tools: AudioTools, media: string, format: MediaFormat, dir: string, signal: AbortSignal): Promise<string> {
  const formats = await soxFormats(tools.sox);
  if (formats.has(soxType(format))) {
    const probe = await run(tools.sox, ['--i', '-c', media], { signal });
    if (probe.code === 0) return media;
    if (!tools.ffmpeg) throw new JobFailure(`the recording could not be read as ${format} audio (sox: ${soxReason(probe.stderr)})`);
    // sox knows the container but not this codec (Opus in Ogg): ffmpeg may.
  } else if (!tools.ffmpeg) {
    throw new JobFailure(`the recording is ${format}, which sox on this machine cannot read: ${installHint(format)}`);
  }
  const decoded = join(dir, 'decoded.wav');
  const result = await run(tools.ffmpeg, ['-nostdin', '-v', 'error', '-i', media, '-vn', '-acodec', 'pcm_s16le', decoded], { signal });
  if (result.code !== 0) {
    const reason =
      result.stderr
        .trim()
        .split('\n')
        .pop()
        ?.replace(/^.*?: /, '')
        .slice(0, 200) ?? 'no reason given';
    throw new JobFailure(`the recording could not be read as ${format} audio (ffmpeg: ${reason})`);
  }
  return decoded;
}

export interface PreparedAudio {
  /** One 16 kHz mono WAV per channel to recognise: [left, right] for channel identification, else [mix]. */
  wavs: string[];
  /** Seconds of audio in each WAV, for progress. */
  durations: number[];
}

export async function prepareAudio(options: {
  tools: AudioTools;
  media: string;
  format: MediaFormat;
  dir: string;
  channelIdentification: boolean;
  signal: AbortSignal;
}): Promise<PreparedAudio> {
  const { tools, format, dir, signal } = options;
  const source = await readableSource(tools, options.media, format, dir, signal);
  const probe = await run(tools.sox, ['--i', '-c', source], { signal });
  const channels = Number(probe.stdoutText.trim());
  if (probe.code !== 0 || !Number.isInteger(channels) || channels < 1) {
    throw new JobFailure(`the recording could not be read as ${format} audio (sox: ${soxReason(probe.stderr)})`);
  }
  if (options.channelIdentification && channels < 2) {
    throw new JobFailure('channel identification needs a two-channel recording and this one has one channel: transcribe it with speaker labels instead');
  }
  // Channel 1 is the left, channel 2 the right (WAV and FLAC channel order).
  const targets = options.channelIdentification
    ? [
        { wav: join(dir, 'left.wav'), effects: ['remix', '1'] },
        { wav: join(dir, 'right.wav'), effects: ['remix', '2'] },
      ]
    : [{ wav: join(dir, 'mono.wav'), effects: [] as string[] }];
  const conversions = await Promise.all(
    targets.map((target) =>
      run(tools.sox, ['-V1', source, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', target.wav, ...target.effects], { signal }),
    ),
  );
  const failed = conversions.find((conversion) => conversion.code !== 0);
  if (failed) throw new JobFailure(`the recording could not be converted (sox: ${soxReason(failed.stderr)})`);
  const durations = await Promise.all(targets.map(async (target) => Math.max(0, (await stat(target.wav)).size - WAV_HEADER_BYTES) / BYTES_PER_SECOND));
  return { wavs: targets.map((target) => target.wav), durations };
}
