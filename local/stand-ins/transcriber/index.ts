/**
 * Amazon Transcribe on one machine: the four calls the workflow makes (Start/Get, standard and medical),
 * answered the way Transcribe answers them, with pocketsphinx doing the listening. A job runs once, in
 * the background; Get reports IN_PROGRESS, then COMPLETED with the transcript JSON written to
 * OutputBucketName/OutputKey, or FAILED with a FailureReason.
 *
 * @example
 * const transcribe = createLocalTranscribe({ store, uploadsBucket: 'attune-uploads', workDir: '.attune/work' });
 * await transcribe.startTranscriptionJob({
 *   TranscriptionJobName: 'attune-run-1',
 *   Media: { MediaFileUri: 's3://attune-uploads/uploads/acme/c1/s1.flac' },
 *   MediaFormat: 'flac',
 *   OutputBucketName: 'attune-artifacts',
 *   OutputKey: 'transcribe/acme/c1/s1.json',
 *   Settings: { ChannelIdentification: true },
 * });
 * (await transcribe.getTranscriptionJob({ TranscriptionJobName: 'attune-run-1' })).TranscriptionJob.TranscriptionJobStatus; // 'IN_PROGRESS'
 */
import { availableParallelism } from 'node:os';
import type { ObjectStore } from '../../../lambdas/ports/object-store.js';
import { JobFailure } from './job-failure.js';
import {
  BadRequestException,
  ConflictException,
  GetMedicalTranscriptionJobRequestSchema,
  GetTranscriptionJobRequestSchema,
  mediaFormatOf,
  NotFoundException,
  outputKeyOf,
  parseRequest,
  splitS3Uri,
  StartMedicalTranscriptionJobRequestSchema,
  StartTranscriptionJobRequestSchema,
} from './requests.js';
import { runJob, type JobPlan, type JobTimings } from './run-job.js';
import { Slots } from './slots.js';

export { BadRequestException, ConflictException, NotFoundException } from './requests.js';
export type {
  GetMedicalTranscriptionJobRequest,
  GetTranscriptionJobRequest,
  StartMedicalTranscriptionJobRequest,
  StartTranscriptionJobRequest,
} from './requests.js';
export { POCKETSPHINX_MISSING } from './pocketsphinx.js';
export { MONO_SPEAKERS_WARNING } from './transcribe-output.js';
export type { JobTimings } from './run-job.js';

export interface LocalTranscribeDeps {
  store: ObjectStore;
  /** The only bucket media is read from: the workflow transcribes uploads and nothing else. */
  uploadsBucket: string;
  /** Where a job's audio copy and converted WAVs live while it runs (one private subdirectory per job, always deleted). */
  workDir: string;
  /**
   * The channel the therapist's microphone is on in a two-channel recording. The output labels the left
   * channel `ch_0` and the right `ch_1` either way; roles are assigned by NormalizeTranscript from its
   * `THERAPIST_CHANNEL`, which must say the same. Recorded in the output JSON as `attune_channel_roles`.
   * @default 'left'
   */
  therapistChannel?: 'left' | 'right';
  /** How far a job has got, 0-1 (from the audio the decoder has passed); 1 once the transcript is written. */
  onProgress?: (jobName: string, fraction: number) => void;
  /** @default 'pocketsphinx_continuous' (looked up on PATH) */
  pocketsphinxCommand?: string;
  /** @default 'sox' */
  soxCommand?: string;
  /** Used for formats sox cannot read (mp4/m4a, webm, mp3 without libsox-fmt-mp3) when installed. @default 'ffmpeg' */
  ffmpegCommand?: string;
  /** Jobs transcribed at once; later ones wait IN_PROGRESS. A two-channel job runs two decoders. @default the number of cores */
  maxConcurrentJobs?: number;
}

export type TranscriptionJobStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** What Get and Start answer about a job (Transcribe's TranscriptionJob, less what the local engine has no use for). */
export interface TranscriptionJobDescription {
  TranscriptionJobStatus: TranscriptionJobStatus;
  LanguageCode: string;
  MediaFormat: string;
  Media: { MediaFileUri: string };
  Settings?: { ShowSpeakerLabels?: boolean; MaxSpeakerLabels?: number; ChannelIdentification?: boolean };
  CreationTime: Date;
  StartTime?: Date;
  CompletionTime?: Date;
  FailureReason?: string;
  Transcript?: { TranscriptFileUri: string };
}

export interface TranscriptionJobResponse {
  TranscriptionJob: TranscriptionJobDescription & { TranscriptionJobName: string };
}
export interface MedicalTranscriptionJobResponse {
  MedicalTranscriptionJob: TranscriptionJobDescription & { MedicalTranscriptionJobName: string; Specialty: string; Type: string };
}

export interface FinishedJob {
  status: Exclude<TranscriptionJobStatus, 'IN_PROGRESS'>;
  failureReason?: string;
  /** Where a completed job's time went (not part of Transcribe's answer). */
  timings?: JobTimings;
}

export interface LocalTranscribe {
  /** Starts a job; throws ConflictException for a name already used, BadRequestException for a bad request. Requests are validated here. */
  startTranscriptionJob(request: unknown): Promise<TranscriptionJobResponse>;
  startMedicalTranscriptionJob(request: unknown): Promise<MedicalTranscriptionJobResponse>;
  /** Throws NotFoundException for an unknown name. */
  getTranscriptionJob(request: unknown): Promise<TranscriptionJobResponse>;
  getMedicalTranscriptionJob(request: unknown): Promise<MedicalTranscriptionJobResponse>;
  /** Resolves once the job (standard or medical) has COMPLETED or FAILED, for callers that would otherwise poll. */
  whenFinished(jobName: string): Promise<FinishedJob>;
  /** Stops every running job (each ends FAILED) and resolves once their work files are deleted. */
  close(): Promise<void>;
}

type Kind = 'standard' | 'medical';

interface Job {
  name: string;
  description: TranscriptionJobDescription;
  medical?: { Specialty: string; Type: string };
  finished: Promise<FinishedJob>;
}

const CONFLICT = 'The requested job name already exists. Use a different job name.';
const NOT_FOUND = "The requested job couldn't be found. Check the job name and try again.";
const STOPPED = 'the local transcriber was stopped before the job finished: start the session again';

export function createLocalTranscribe(deps: LocalTranscribeDeps): LocalTranscribe {
  const jobs: Record<Kind, Map<string, Job>> = { standard: new Map(), medical: new Map() };
  const slots = new Slots(deps.maxConcurrentJobs ?? availableParallelism());
  const stop = new AbortController();
  const therapistChannel = deps.therapistChannel ?? 'left';
  const commands = {
    pocketsphinx: deps.pocketsphinxCommand ?? 'pocketsphinx_continuous',
    sox: deps.soxCommand ?? 'sox',
    ffmpeg: deps.ffmpegCommand ?? 'ffmpeg',
  };

  const reportProgress = (jobName: string, fraction: number): void => {
    try {
      deps.onProgress?.(jobName, fraction);
    } catch {
      // A listener's fault must not fail the job it listens to.
    }
  };

  /** Runs a job when a slot is free, recording the outcome in its description; never rejects. */
  async function execute(description: TranscriptionJobDescription, plan: JobPlan): Promise<FinishedJob> {
    const release = await slots.acquire();
    try {
      if (stop.signal.aborted) throw new JobFailure(STOPPED);
      description.StartTime = new Date();
      const timings = await runJob(plan, {
        store: deps.store,
        workDir: deps.workDir,
        commands,
        signal: stop.signal,
        onProgress: (fraction) => reportProgress(plan.jobName, fraction),
      });
      description.TranscriptionJobStatus = 'COMPLETED';
      description.Transcript = { TranscriptFileUri: `s3://${plan.output.bucket}/${plan.output.key}` };
      return { status: 'COMPLETED', timings };
    } catch (error) {
      const reason = stop.signal.aborted
        ? STOPPED
        : error instanceof JobFailure
          ? error.message
          : `the local transcriber failed: ${error instanceof Error ? error.message : String(error)}`;
      description.TranscriptionJobStatus = 'FAILED';
      description.FailureReason = reason;
      return { status: 'FAILED', failureReason: reason };
    } finally {
      description.CompletionTime = new Date();
      release();
    }
  }

  function start(
    kind: Kind,
    name: string,
    medical: Job['medical'],
    request: {
      Media: { MediaFileUri: string };
      MediaFormat?: JobPlan['media']['format'] | undefined;
      LanguageCode?: string | undefined;
      OutputBucketName: string;
      OutputKey?: string | undefined;
      Settings?: TranscriptionJobDescription['Settings'] | undefined;
    },
  ): Job {
    if (stop.signal.aborted) throw new BadRequestException('the local transcriber has been closed', 'transcriber_closed');
    if (jobs[kind].has(name)) throw new ConflictException(CONFLICT, 'job_name_conflict');
    const media = splitS3Uri(request.Media.MediaFileUri);
    if (media.bucket !== deps.uploadsBucket) {
      throw new BadRequestException(`the local transcriber reads recordings from the uploads bucket (${deps.uploadsBucket}) only`, 'invalid_request');
    }
    const format = mediaFormatOf(request.MediaFormat, media.key);
    const channelIdentification = request.Settings?.ChannelIdentification === true;
    const plan: JobPlan = {
      jobName: name,
      media: { ...media, format },
      output: { bucket: request.OutputBucketName, key: outputKeyOf(request.OutputKey, name, kind === 'medical' ? 'medical/' : '') },
      channelIdentification,
      ...(channelIdentification
        ? { channelRoles: therapistChannel === 'right' ? { ch_0: 'client', ch_1: 'therapist' } : { ch_0: 'therapist', ch_1: 'client' } }
        : {}),
    };
    const description: TranscriptionJobDescription = {
      TranscriptionJobStatus: 'IN_PROGRESS',
      LanguageCode: request.LanguageCode ?? 'en-US',
      MediaFormat: format,
      Media: { MediaFileUri: request.Media.MediaFileUri },
      ...(request.Settings ? { Settings: request.Settings } : {}),
      CreationTime: new Date(),
    };
    const job: Job = { name, description, ...(medical ? { medical } : {}), finished: execute(description, plan) };
    jobs[kind].set(name, job);
    return job;
  }

  function find(kind: Kind, name: string): Job {
    const job = jobs[kind].get(name);
    if (!job) throw new NotFoundException(NOT_FOUND, 'job_not_found');
    return job;
  }

  // Copies, so a caller holding an answer never sees it change.
  const standardAnswer = (job: Job): TranscriptionJobResponse => ({
    TranscriptionJob: { TranscriptionJobName: job.name, ...structuredClone(job.description) },
  });
  const medicalAnswer = (job: Job): MedicalTranscriptionJobResponse => ({
    MedicalTranscriptionJob: {
      MedicalTranscriptionJobName: job.name,
      ...structuredClone(job.description),
      Specialty: job.medical?.Specialty ?? 'PRIMARYCARE',
      Type: job.medical?.Type ?? 'CONVERSATION',
    },
  });

  return {
    async startTranscriptionJob(request) {
      const parsed = parseRequest(StartTranscriptionJobRequestSchema, 'StartTranscriptionJob', request);
      return standardAnswer(start('standard', parsed.TranscriptionJobName, undefined, parsed));
    },
    async startMedicalTranscriptionJob(request) {
      const parsed = parseRequest(StartMedicalTranscriptionJobRequestSchema, 'StartMedicalTranscriptionJob', request);
      return medicalAnswer(start('medical', parsed.MedicalTranscriptionJobName, { Specialty: parsed.Specialty, Type: parsed.Type }, parsed));
    },
    async getTranscriptionJob(request) {
      const parsed = parseRequest(GetTranscriptionJobRequestSchema, 'GetTranscriptionJob', request);
      return standardAnswer(find('standard', parsed.TranscriptionJobName));
    },
    async getMedicalTranscriptionJob(request) {
      const parsed = parseRequest(GetMedicalTranscriptionJobRequestSchema, 'GetMedicalTranscriptionJob', request);
      return medicalAnswer(find('medical', parsed.MedicalTranscriptionJobName));
    },
    async whenFinished(jobName) {
      const job = jobs.standard.get(jobName) ?? jobs.medical.get(jobName);
      if (!job) throw new NotFoundException(NOT_FOUND, 'job_not_found');
      return job.finished;
    },
    async close() {
      stop.abort();
      await Promise.all([...jobs.standard.values(), ...jobs.medical.values()].map((job) => job.finished));
    },
  };
}
