/**
 * A fault-injecting Amazon Transcribe for the local runtime's `createTranscribe` hook. Each recording
 * (by its key in the uploads bucket) is told in advance how its job ends:
 * - `complete`: IN_PROGRESS on the first poll, then COMPLETED, with the output JSON written where the
 *   request's OutputBucketName/OutputKey say, in the format the local transcriber writes (which is
 *   Transcribe's own: speaker labels for a one-channel job);
 * - `fail`: IN_PROGRESS, then FAILED with a FailureReason, as Transcribe fails a file it cannot decode;
 * - `never`: IN_PROGRESS for ever, as a job stuck behind the account's quota.
 * Like the local transcriber, a running job keeps a copy of the recording in the runtime's work
 * directory and deletes it when the job ends; a job that never ends never deletes it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalTranscribe } from '../../../local/runtime/handlers.js';
import type { TranscriberDeps } from '../../../local/runtime/runtime.js';
import type { Utterance } from '../../../local/stand-ins/transcriber/recognition.js';
import { speakerLabelsOutput } from '../../../local/stand-ins/transcriber/transcribe-output.js';

export type JobEnding = { kind: 'complete' } | { kind: 'fail'; reason: string } | { kind: 'never' };

type Status = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

interface Job {
  name: string;
  mediaKey: string;
  ending: JobEnding;
  output: { bucket: string; key: string };
  status: Status;
  failureReason?: string;
  polls: number;
  scratch: string;
}

/** What the recording "says": a short exchange, one utterance a line, the therapist first. */
const DIALOGUE = [
  'how have you been since we last met',
  'not great work has been really stressful this week',
  'it sounds like work has taken a lot out of you',
  'yes I have not been sleeping and I feel tired all the time',
  'what would you like us to focus on today',
  'I want to find a way to switch off in the evenings',
  'so you want your evenings back for yourself',
  'exactly I think that would help me a lot',
];

function spokenUtterances(): Utterance[] {
  let at = 0;
  return DIALOGUE.map((line) => {
    const words = line.split(' ').map((word) => {
      const start = at;
      at += 0.4;
      return { word, start, end: start + 0.35, confidence: 0.9 };
    });
    at += 0.8;
    return { start: words[0]!.start, end: words[words.length - 1]!.end, words };
  });
}

function notFound(): Error {
  const error = new Error("The requested job couldn't be found. Check the job name and try again.");
  error.name = 'NotFoundException';
  return error;
}

export class FaultyTranscribe implements LocalTranscribe {
  private readonly endings = new Map<string, JobEnding>();
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly deps: TranscriberDeps) {}

  /** How the job for the recording at `mediaKey` (in the uploads bucket) will end. @default complete */
  plan(mediaKey: string, ending: JobEnding): void {
    this.endings.set(mediaKey, ending);
  }

  /** The jobs started for a recording, by name. */
  jobsFor(mediaKey: string): string[] {
    return [...this.jobs.values()].filter((job) => job.mediaKey === mediaKey).map((job) => job.name);
  }

  async startTranscriptionJob(params: Record<string, unknown>): Promise<unknown> {
    const name = String(params.TranscriptionJobName);
    if (this.jobs.has(name)) {
      const conflict = new Error('The requested job name already exists. Use a different job name.');
      conflict.name = 'ConflictException';
      throw conflict;
    }
    const uri = String((params.Media as { MediaFileUri?: unknown } | undefined)?.MediaFileUri ?? '');
    const mediaKey = uri.replace(`s3://${this.deps.uploadsBucket}/`, '');
    // Transcribe reads the recording when the job starts; the copy stays while the job runs.
    const scratch = join(this.deps.workDir, `job-${name}`);
    mkdirSync(scratch, { recursive: true, mode: 0o700 });
    writeFileSync(join(scratch, 'media.wav'), await this.deps.store.read(this.deps.uploadsBucket, mediaKey));
    const job: Job = {
      name,
      mediaKey,
      ending: this.endings.get(mediaKey) ?? { kind: 'complete' },
      output: { bucket: String(params.OutputBucketName), key: String(params.OutputKey) },
      status: 'IN_PROGRESS',
      polls: 0,
      scratch,
    };
    this.jobs.set(name, job);
    return { TranscriptionJob: this.describe(job) };
  }

  startMedicalTranscriptionJob(params: Record<string, unknown>): Promise<unknown> {
    return this.startTranscriptionJob({ ...params, TranscriptionJobName: params.MedicalTranscriptionJobName });
  }

  async getTranscriptionJob(params: { TranscriptionJobName: string }) {
    const job = this.jobs.get(params.TranscriptionJobName);
    if (!job) throw notFound();
    job.polls++;
    // The first poll finds the job running, as it always is 30 s after it started.
    if (job.status === 'IN_PROGRESS' && job.polls > 1) await this.finish(job);
    return { TranscriptionJob: this.describe(job) };
  }

  close(): void {
    for (const job of this.jobs.values()) rmSync(job.scratch, { recursive: true, force: true });
  }

  private async finish(job: Job): Promise<void> {
    if (job.ending.kind === 'never') return;
    if (job.ending.kind === 'fail') {
      job.status = 'FAILED';
      job.failureReason = job.ending.reason;
    } else {
      const output = speakerLabelsOutput(job.name, spokenUtterances());
      await this.deps.store.write(job.output.bucket, job.output.key, JSON.stringify(output), 'application/json');
      job.status = 'COMPLETED';
    }
    rmSync(job.scratch, { recursive: true, force: true });
  }

  private describe(job: Job) {
    return {
      TranscriptionJobName: job.name,
      TranscriptionJobStatus: job.status,
      ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
      ...(job.status === 'COMPLETED' ? { Transcript: { TranscriptFileUri: `s3://${job.output.bucket}/${job.output.key}` } } : {}),
    };
  }
}

/** A valid one-channel 16 kHz 16-bit PCM WAV: the 44-byte header and `seconds` of silence. */
export function silentWav(seconds = 1): Uint8Array {
  const sampleRate = 16_000;
  const dataBytes = sampleRate * 2 * seconds;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM format chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // channels
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return new Uint8Array(Buffer.concat([header, Buffer.alloc(dataBytes)]));
}
