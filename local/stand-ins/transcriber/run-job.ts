/**
 * One transcription job, start to end: the recording from the object store → a private work directory
 * → sox → pocketsphinx (one process per channel, in parallel) → Transcribe JSON in the object store.
 * The work directory holds a copy of the session's audio, so it is deleted whatever happens.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ObjectStore } from '../../../lambdas/ports/object-store.js';
import { prepareAudio, type AudioTools } from './audio.js';
import { JobFailure } from './job-failure.js';
import { findRecognizer, recognize, type Recognizer } from './pocketsphinx.js';
import { findExecutable } from './processes.js';
import type { MediaFormat } from './requests.js';
import { channelIdentificationOutput, speakerLabelsOutput } from './transcribe-output.js';

export interface JobPlan {
  jobName: string;
  media: { bucket: string; key: string; format: MediaFormat };
  output: { bucket: string; key: string };
  channelIdentification: boolean;
  /** Who is on which channel, written into the output for its reader (`attune_channel_roles`). */
  channelRoles?: Record<string, 'therapist' | 'client'>;
}

export interface JobEnvironment {
  store: ObjectStore;
  workDir: string;
  commands: { pocketsphinx: string; sox: string; ffmpeg: string };
  signal: AbortSignal;
  /** 0-1, as the decoder gets through the audio; 1 once the transcript is written. */
  onProgress: (fraction: number) => void;
}

/** Where a completed job's time went. */
export interface JobTimings {
  /** Seconds of audio per channel. */
  audioSeconds: number;
  /** Reading the recording, writing the work copy, sox. */
  preparingMs: number;
  /** pocketsphinx, all channels at once. */
  recognizingMs: number;
  /** Building the JSON and writing it to the object store. */
  writingMs: number;
}

const NO_SPEECH = 'no speech was recognised in the recording: check that it is the session recording and that it is not silent';

async function findTools(commands: JobEnvironment['commands']): Promise<{ audio: AudioTools; recognizer: Recognizer }> {
  const [recognizer, sox, ffmpeg] = await Promise.all([findRecognizer(commands.pocketsphinx), findExecutable(commands.sox), findExecutable(commands.ffmpeg)]);
  if (!sox) throw new JobFailure('sox is not installed: apt-get install sox');
  return { audio: { sox, ffmpeg }, recognizer };
}

/** Runs the job; throws JobFailure with the reason a person reads, or any other error for a fault. */
export async function runJob(plan: JobPlan, environment: JobEnvironment): Promise<JobTimings> {
  const started = performance.now();
  const { store, signal } = environment;
  const tools = await findTools(environment.commands);
  const info = await store.head(plan.media.bucket, plan.media.key);
  if (!info) throw new JobFailure(`the recording s3://${plan.media.bucket}/${plan.media.key} does not exist`);
  if (info.bytes === 0) throw new JobFailure('the recording is empty (0 bytes)');

  await mkdir(environment.workDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(environment.workDir, 'job-'));
  try {
    const media = join(dir, `media.${plan.media.format}`);
    await writeFile(media, await store.read(plan.media.bucket, plan.media.key), { mode: 0o600 });
    const audio = await prepareAudio({ tools: tools.audio, media, format: plan.media.format, dir, channelIdentification: plan.channelIdentification, signal });

    const prepared = performance.now();
    const progress = progressOf(audio.durations, environment.onProgress);
    const channels = await allOrNone(
      audio.wavs.map((wav, channel) => (taskSignal: AbortSignal) => recognize(tools.recognizer, wav, taskSignal, (seconds) => progress(channel, seconds))),
      signal,
    );
    const recognized = performance.now();
    if (channels.every((utterances) => utterances.length === 0)) throw new JobFailure(NO_SPEECH);

    const output = plan.channelIdentification
      ? channelIdentificationOutput(plan.jobName, channels, plan.channelRoles)
      : speakerLabelsOutput(plan.jobName, channels[0] ?? []);
    await store.write(plan.output.bucket, plan.output.key, JSON.stringify(output), 'application/json');
    environment.onProgress(1);
    return {
      audioSeconds: Math.max(0, ...audio.durations),
      preparingMs: prepared - started,
      recognizingMs: recognized - prepared,
      writingMs: performance.now() - recognized,
    };
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Seconds heard per channel → one fraction for the job, rising by whole percents and held below 1 until written. */
function progressOf(durations: readonly number[], onProgress: (fraction: number) => void): (channel: number, seconds: number) => void {
  const total = durations.reduce((sum, duration) => sum + duration, 0);
  const heard = durations.map(() => 0);
  let reported = 0;
  return (channel, seconds) => {
    heard[channel] = Math.min(seconds, durations[channel] ?? 0);
    if (total <= 0) return;
    const fraction = Math.floor((heard.reduce((sum, value) => sum + value, 0) / total) * 100) / 100;
    const capped = Math.min(fraction, 0.99);
    if (capped > reported) {
      reported = capped;
      onProgress(capped);
    }
  };
}

/**
 * Every task's result, or the first failure once the other tasks are stopped and have exited: a decoder
 * left running would hold a core, and a file in the work directory, after the job has ended.
 */
async function allOrNone<T>(tasks: readonly ((signal: AbortSignal) => Promise<T>)[], parent: AbortSignal): Promise<T[]> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', stop, { once: true });
  let firstFailure: { error: unknown } | undefined;
  try {
    const settled = await Promise.allSettled(
      tasks.map((task) =>
        task(controller.signal).catch((error: unknown) => {
          firstFailure ??= { error };
          controller.abort();
          throw error;
        }),
      ),
    );
    if (firstFailure) throw firstFailure.error;
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  } finally {
    parent.removeEventListener('abort', stop);
  }
}
