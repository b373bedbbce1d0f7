import '../handlers/handler-env.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { channelRoles } from '../../../lambdas/normalize-transcript/handler.js';
import {
  createLocalTranscribe,
  MONO_SPEAKERS_WARNING,
  POCKETSPHINX_MISSING,
  type LocalTranscribe,
  type LocalTranscribeDeps,
} from '../../../local/stand-ins/transcriber/index.js';
import { CLIENT_STARTS_AT, missingTools, renderAudioFixtures, renderBrokenFixtures, type AudioFixtures } from './audio-fixtures.js';
import { MemoryObjectStore } from './memory-store.js';

const UPLOADS = 'attune-uploads';
const ARTIFACTS = 'attune-artifacts';
const NO_POCKETSPHINX = '/nonexistent/pocketsphinx_continuous';

let scratch: string;
let workDir: string;
let store: MemoryObjectStore;
let transcribe: LocalTranscribe | undefined;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'attune-transcriber-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeEach(async () => {
  await transcribe?.close();
  transcribe = undefined;
  workDir = mkdtempSync(join(scratch, 'work-'));
  store = new MemoryObjectStore();
});

function transcriber(deps: Partial<LocalTranscribeDeps> = {}): LocalTranscribe {
  transcribe = createLocalTranscribe({ store, uploadsBucket: UPLOADS, workDir, ...deps });
  return transcribe;
}

async function upload(file: string, key: string): Promise<string> {
  await store.write(UPLOADS, key, readFileSync(file), 'audio/wav');
  return `s3://${UPLOADS}/${key}`;
}

function stereoRequest(name: string, uri: string) {
  return {
    TranscriptionJobName: name,
    LanguageCode: 'en-US',
    Media: { MediaFileUri: uri },
    MediaFormat: 'wav',
    OutputBucketName: ARTIFACTS,
    OutputKey: `transcribe/${name}.json`,
    OutputEncryptionKMSKeyId: 'arn:aws:kms:us-east-1:000000000000:key/test',
    Settings: { ChannelIdentification: true },
  };
}

function monoRequest(name: string, uri: string) {
  return { ...stereoRequest(name, uri), Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: 2 } };
}

const filesLeft = (): string[] => readdirSync(workDir, { recursive: true }).map(String);

describe('the local transcriber without speech tools', () => {
  let broken: ReturnType<typeof renderBrokenFixtures>;
  beforeAll(() => {
    broken = renderBrokenFixtures(mkdtempSync(join(scratch, 'broken-')));
  });

  it('fails a job with the install hint when pocketsphinx is missing, and leaves no files', async () => {
    // Prepare
    const local = transcriber({ pocketsphinxCommand: NO_POCKETSPHINX });
    const uri = await upload(broken.corruptWav, 'uploads/acme/c1/s1.wav');

    // Act
    await local.startTranscriptionJob(stereoRequest('attune-no-pocketsphinx', uri));
    await local.whenFinished('attune-no-pocketsphinx');

    // Assess
    const { TranscriptionJob: job } = await local.getTranscriptionJob({ TranscriptionJobName: 'attune-no-pocketsphinx' });
    expect(job).toMatchObject({ TranscriptionJobStatus: 'FAILED', FailureReason: POCKETSPHINX_MISSING });
    expect(POCKETSPHINX_MISSING).toContain('apt-get install pocketsphinx pocketsphinx-en-us');
    expect(store.text(ARTIFACTS, 'transcribe/attune-no-pocketsphinx.json')).toBeUndefined();
    expect(filesLeft()).toEqual([]);
  });

  it('refuses a job name already used, as Transcribe does, finished jobs included', async () => {
    // Prepare
    const local = transcriber({ pocketsphinxCommand: NO_POCKETSPHINX });
    const uri = await upload(broken.corruptWav, 'uploads/acme/c1/s1.wav');
    await local.startTranscriptionJob(stereoRequest('attune-once', uri));
    await local.whenFinished('attune-once');

    // Act
    const again = local.startTranscriptionJob(stereoRequest('attune-once', uri));

    // Assess
    await expect(again).rejects.toMatchObject({ name: 'ConflictException', message: expect.stringContaining('already exists') });
  });

  it('answers bad requests and unknown jobs with Transcribe’s error names', async () => {
    // Prepare
    const local = transcriber({ pocketsphinxCommand: NO_POCKETSPHINX });

    // Act
    const otherBucket = local.startTranscriptionJob(stereoRequest('attune-x', 's3://someone-elses-bucket/a.wav'));
    const bothSettings = local.startTranscriptionJob({
      ...stereoRequest('attune-y', `s3://${UPLOADS}/a.wav`),
      Settings: { ChannelIdentification: true, ShowSpeakerLabels: true, MaxSpeakerLabels: 2 },
    });
    const badName = local.startTranscriptionJob(stereoRequest('not a name!', `s3://${UPLOADS}/a.wav`));
    const unknown = local.getTranscriptionJob({ TranscriptionJobName: 'attune-never-started' });

    // Assess
    await expect(otherBucket).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringContaining(UPLOADS) });
    await expect(bothSettings).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('ChannelIdentification') });
    await expect(badName).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('TranscriptionJobName') });
    await expect(unknown).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('runs no more jobs at once than it is allowed; the others wait IN_PROGRESS', async () => {
    // Prepare
    const local = transcriber({ pocketsphinxCommand: NO_POCKETSPHINX, maxConcurrentJobs: 1 });
    const uri = await upload(broken.corruptWav, 'uploads/acme/c1/s1.wav');

    // Act
    await local.startTranscriptionJob(stereoRequest('attune-first', uri));
    const second = await local.startTranscriptionJob(stereoRequest('attune-second', uri));
    await Promise.all([local.whenFinished('attune-first'), local.whenFinished('attune-second')]);

    // Assess
    expect(second.TranscriptionJob.TranscriptionJobStatus).toBe('IN_PROGRESS');
    const first = (await local.getTranscriptionJob({ TranscriptionJobName: 'attune-first' })).TranscriptionJob;
    const later = (await local.getTranscriptionJob({ TranscriptionJobName: 'attune-second' })).TranscriptionJob;
    expect(later.StartTime!.getTime()).toBeGreaterThanOrEqual(first.CompletionTime!.getTime());
  });
});

const skipReason = missingTools();
describe.skipIf(skipReason !== undefined)(`the local transcriber on real audio${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let audio: AudioFixtures;
  beforeAll(() => {
    audio = renderAudioFixtures(mkdtempSync(join(scratch, 'audio-')));
  });

  it('transcribes a two-channel recording per channel: the therapist’s left channel speaks first, in time order', async () => {
    // Prepare
    const progress: number[] = [];
    const local = transcriber({ onProgress: (jobName, fraction) => jobName === 'attune-stereo' && progress.push(fraction) });
    const uri = await upload(audio.stereoWav, 'uploads/acme/c1/s1.wav');

    // Act
    const started = await local.startTranscriptionJob(stereoRequest('attune-stereo', uri));
    const finished = await local.whenFinished('attune-stereo');

    // Assess
    expect(started.TranscriptionJob.TranscriptionJobStatus).toBe('IN_PROGRESS');
    expect(finished).toMatchObject({ status: 'COMPLETED' });
    const { TranscriptionJob: job } = await local.getTranscriptionJob({ TranscriptionJobName: 'attune-stereo' });
    expect(job).toMatchObject({ TranscriptionJobStatus: 'COMPLETED', Transcript: { TranscriptFileUri: `s3://${ARTIFACTS}/transcribe/attune-stereo.json` } });
    const json = store.text(ARTIFACTS, 'transcribe/attune-stereo.json')!;
    const channels = (JSON.parse(json) as { results: { channel_labels: { channels: { channel_label: string; items: unknown[] }[] } } }).results.channel_labels
      .channels;
    expect(channels.map((channel) => channel.channel_label)).toEqual(['ch_0', 'ch_1']);
    expect(channels.every((channel) => channel.items.length > 0)).toBe(true);

    const transcript = parseTranscript(json, { format: 'transcribe-json', speakerRoles: channelRoles('left') });
    expect(transcript.turns[0]).toMatchObject({ speaker: 'ch_0', role: 'therapist' });
    const clientTurn = transcript.turns.find((turn) => turn.role === 'client');
    expect(clientTurn).toMatchObject({ speaker: 'ch_1' });
    expect(clientTurn!.start).toBeGreaterThan(CLIENT_STARTS_AT - 0.5);
    const starts = transcript.turns.map((turn) => turn.start ?? -1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(transcript.roleAssignment).toMatchObject({ method: 'explicit', confidence: 1, basis: expect.stringContaining('channel assignment') });
    expect(transcript.turns.every((turn) => turn.confidence !== undefined && turn.confidence >= 0 && turn.confidence <= 1)).toBe(true);

    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(filesLeft()).toEqual([]);
  });

  it('gives the right channel to the therapist when THERAPIST_CHANNEL says so', async () => {
    // Prepare
    const local = transcriber({ therapistChannel: 'right' });
    const uri = await upload(audio.stereoWav, 'uploads/acme/c1/s1.wav');
    await local.startTranscriptionJob(stereoRequest('attune-right', uri));
    await local.whenFinished('attune-right');

    // Act
    const json = store.text(ARTIFACTS, 'transcribe/attune-right.json')!;
    const transcript = parseTranscript(json, { format: 'transcribe-json', speakerRoles: channelRoles('right') });

    // Assess
    expect(transcript.roleAssignment.speakers).toEqual({ ch_0: 'client', ch_1: 'therapist' });
    expect(JSON.parse(json)).toMatchObject({ attune_channel_roles: { ch_0: 'client', ch_1: 'therapist' } });
  });

  it('labels a one-channel recording’s utterances spk_0/spk_1 and says the speakers were inferred', async () => {
    // Prepare
    const local = transcriber();
    const uri = await upload(audio.monoWav, 'uploads/acme/c1/s2.wav');

    // Act
    await local.startTranscriptionJob(monoRequest('attune-mono', uri));
    const finished = await local.whenFinished('attune-mono');

    // Assess
    expect(finished).toMatchObject({ status: 'COMPLETED' });
    const json = store.text(ARTIFACTS, 'transcribe/attune-mono.json')!;
    const output = JSON.parse(json) as {
      results: { speaker_labels: { segments: { speaker_label: string }[] }; channel_labels?: unknown };
      attune_warnings: string[];
    };
    expect(output.results.speaker_labels.segments.length).toBeGreaterThan(0);
    expect(output.results.channel_labels).toBeUndefined();
    expect(output.attune_warnings).toEqual([MONO_SPEAKERS_WARNING]);
    const transcript = parseTranscript(json, { format: 'transcribe-json', speakerRoles: channelRoles('left') });
    expect(transcript.turns.every((turn) => turn.speaker.startsWith('spk_'))).toBe(true);
    expect(transcript.warnings).toContain(MONO_SPEAKERS_WARNING);
    expect(filesLeft()).toEqual([]);
  });

  it('runs a medical job on the same engine and writes where Transcribe Medical does by default', async () => {
    // Prepare
    const local = transcriber();
    const uri = await upload(audio.monoWav, 'uploads/acme/c1/s3.wav');
    const { OutputKey: _default, TranscriptionJobName: _name, ...request } = monoRequest('unused', uri);

    // Act
    const started = await local.startMedicalTranscriptionJob({
      ...request,
      MedicalTranscriptionJobName: 'attune-medical',
      Specialty: 'PRIMARYCARE',
      Type: 'CONVERSATION',
    });
    await local.whenFinished('attune-medical');

    // Assess
    expect(started.MedicalTranscriptionJob).toMatchObject({
      MedicalTranscriptionJobName: 'attune-medical',
      TranscriptionJobStatus: 'IN_PROGRESS',
      Specialty: 'PRIMARYCARE',
    });
    const { MedicalTranscriptionJob: job } = await local.getMedicalTranscriptionJob({ MedicalTranscriptionJobName: 'attune-medical' });
    expect(job.TranscriptionJobStatus).toBe('COMPLETED');
    expect(store.text(ARTIFACTS, 'medical/attune-medical.json')).toContain('"results"');
    await expect(local.getTranscriptionJob({ TranscriptionJobName: 'attune-medical' })).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it.each([
    ['random bytes named .wav', 'corruptWav', /could not be read as wav audio/],
    ['a zero-length file', 'emptyWav', /empty \(0 bytes\)/],
  ] as const)('fails %s with a reason, writes no transcript and leaves no files', async (_label, fixture, reason) => {
    // Prepare
    const local = transcriber();
    const uri = await upload(audio[fixture], 'uploads/acme/c1/s4.wav');

    // Act
    await local.startTranscriptionJob(stereoRequest('attune-broken', uri));
    const finished = await local.whenFinished('attune-broken');

    // Assess
    expect(finished.status).toBe('FAILED');
    expect(finished.failureReason).toMatch(reason);
    const { TranscriptionJob: job } = await local.getTranscriptionJob({ TranscriptionJobName: 'attune-broken' });
    expect(job).toMatchObject({ TranscriptionJobStatus: 'FAILED', FailureReason: finished.failureReason });
    expect(store.text(ARTIFACTS, 'transcribe/attune-broken.json')).toBeUndefined();
    expect(filesLeft()).toEqual([]);
  });

  it('fails the job when one channel’s decoder fails, stopping the other', async () => {
    // Prepare: a decoder that fails on the left channel and is pocketsphinx on the right.
    const decoder = join(scratch, 'failing-decoder.sh');
    writeFileSync(decoder, '#!/bin/sh\ncase "$2" in *left.wav) exit 3 ;; esac\nexec pocketsphinx_continuous "$@"\n', { mode: 0o755 });
    const local = transcriber({ pocketsphinxCommand: decoder });
    const uri = await upload(audio.stereoWav, 'uploads/acme/c1/s7.wav');

    // Act
    await local.startTranscriptionJob(stereoRequest('attune-half', uri));
    const finished = await local.whenFinished('attune-half');

    // Assess
    expect(finished).toEqual({ status: 'FAILED', failureReason: expect.stringContaining('exit code 3') });
    expect(store.text(ARTIFACTS, 'transcribe/attune-half.json')).toBeUndefined();
    expect(filesLeft()).toEqual([]);
  });

  it('fails a recording without speech instead of writing an empty transcript', async () => {
    // Prepare
    const silence = join(scratch, 'silence.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-b', '16', '-c', '2', silence, 'trim', '0', '2']);
    const local = transcriber();
    const uri = await upload(silence, 'uploads/acme/c1/s5.wav');

    // Act
    await local.startTranscriptionJob(stereoRequest('attune-silent', uri));
    const finished = await local.whenFinished('attune-silent');

    // Assess
    expect(finished).toEqual({ status: 'FAILED', failureReason: expect.stringContaining('no speech') });
    expect(filesLeft()).toEqual([]);
  });

  it('stops running jobs on close: each ends FAILED and its audio copy is deleted', async () => {
    // Prepare
    const local = transcriber();
    const uri = await upload(audio.stereoWav, 'uploads/acme/c1/s6.wav');
    await local.startTranscriptionJob(stereoRequest('attune-stopped', uri));

    // Act
    await new Promise((resolve) => setTimeout(resolve, 300));
    await local.close();

    // Assess
    expect(await local.whenFinished('attune-stopped')).toMatchObject({ status: 'FAILED', failureReason: expect.stringContaining('stopped') });
    expect(filesLeft()).toEqual([]);
  });
});
