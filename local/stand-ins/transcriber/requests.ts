/**
 * The Amazon Transcribe requests the workflow sends (StartTranscriptionJob, StartMedicalTranscriptionJob
 * and their Get), validated the way the service validates them, and the errors it answers with: same
 * names (`ConflictException`, `BadRequestException`, `NotFoundException`), so a state machine's Retry
 * and Catch treat a local job exactly like a real one.
 */
import { z } from 'zod';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../lambdas/core/errors.js';

/** A job name is already taken (Transcribe keeps names unique, finished jobs included). */
export class ConflictException extends ConflictError {}
/** The request is malformed, or asks for something the local transcriber cannot do. */
export class BadRequestException extends InvalidInputError {}
/** No job has that name. */
export class NotFoundException extends NotFoundError {}

const JobName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[0-9a-zA-Z._-]+$/, 'only letters, digits, ".", "_" and "-"');
const S3Uri = /^s3:\/\/([^/]+)\/(.+)$/;
const Media = z.object({ MediaFileUri: z.string().regex(S3Uri, 'an s3://bucket/key URI') });
const MediaFormatSchema = z.enum(['mp3', 'mp4', 'wav', 'flac', 'ogg', 'amr', 'webm', 'm4a']);
const OutputKey = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[a-zA-Z0-9-_.!*'()/]+$/, "letters, digits and -_.!*'()/");
// pocketsphinx's model is US English; Transcribe's English variants are the nearest it can honour.
const EnglishLanguage = z.string().regex(/^en-[A-Z]{2}$/, 'the local transcriber recognises English only (pocketsphinx en-us model)');

const SettingsSchema = z
  .object({
    ShowSpeakerLabels: z.boolean().optional(),
    MaxSpeakerLabels: z.number().int().min(2).max(30).optional(),
    ChannelIdentification: z.boolean().optional(),
  })
  .superRefine((settings, context) => {
    // Both rules are Transcribe's own.
    if (settings.ShowSpeakerLabels && settings.ChannelIdentification) {
      context.addIssue({ code: 'custom', message: 'ShowSpeakerLabels and ChannelIdentification cannot both be set' });
    }
    if ((settings.ShowSpeakerLabels === true) !== (settings.MaxSpeakerLabels !== undefined)) {
      context.addIssue({ code: 'custom', message: 'ShowSpeakerLabels and MaxSpeakerLabels go together' });
    }
  });

/** What both kinds of job share. Fields the local engine has no use for are accepted and dropped. */
const jobFields = {
  Media,
  MediaFormat: MediaFormatSchema.optional(),
  MediaSampleRateHertz: z.number().int().min(8000).max(48000).optional(),
  // Transcribe can write to a bucket of its own; the local transcriber has none.
  OutputBucketName: z.string().min(1, 'the local transcriber needs OutputBucketName'),
  OutputKey: OutputKey.optional(),
  /** Accepted for compatibility: the local object store encrypts everything it writes. */
  OutputEncryptionKMSKeyId: z.string().min(1).optional(),
  Settings: SettingsSchema.optional(),
};

export const StartTranscriptionJobRequestSchema = z.object({
  TranscriptionJobName: JobName,
  LanguageCode: EnglishLanguage.optional(),
  ...jobFields,
});
export type StartTranscriptionJobRequest = z.input<typeof StartTranscriptionJobRequestSchema>;

export const StartMedicalTranscriptionJobRequestSchema = z.object({
  MedicalTranscriptionJobName: JobName,
  LanguageCode: z.literal('en-US'),
  Specialty: z.literal('PRIMARYCARE'),
  Type: z.enum(['CONVERSATION', 'DICTATION']),
  ContentIdentificationType: z.literal('PHI').optional(),
  ...jobFields,
});
export type StartMedicalTranscriptionJobRequest = z.input<typeof StartMedicalTranscriptionJobRequestSchema>;

export const GetTranscriptionJobRequestSchema = z.object({ TranscriptionJobName: JobName });
export type GetTranscriptionJobRequest = z.input<typeof GetTranscriptionJobRequestSchema>;
export const GetMedicalTranscriptionJobRequestSchema = z.object({ MedicalTranscriptionJobName: JobName });
export type GetMedicalTranscriptionJobRequest = z.input<typeof GetMedicalTranscriptionJobRequestSchema>;

/** Parses a request, or throws BadRequestException naming every bad field. */
export function parseRequest<S extends z.ZodType>(schema: S, operation: string, request: unknown): z.output<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
  throw new BadRequestException(`invalid ${operation} request: ${problems}`, 'invalid_request');
}

export function splitS3Uri(uri: string): { bucket: string; key: string } {
  const [, bucket = '', key = ''] = S3Uri.exec(uri) ?? [];
  return { bucket, key };
}

export type MediaFormat = z.infer<typeof MediaFormatSchema>;

/** The request's format, else the key's extension, else WAV (what sox would guess from nothing). */
export function mediaFormatOf(format: MediaFormat | undefined, key: string): MediaFormat {
  if (format) return format;
  const extension = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  const parsed = MediaFormatSchema.safeParse(extension);
  return parsed.success ? parsed.data : 'wav';
}

/** Where the transcript goes: OutputKey, `OutputKey` + `<job>.json` when it ends in `/`, or Transcribe's default. */
export function outputKeyOf(outputKey: string | undefined, jobName: string, defaultPrefix: string): string {
  if (outputKey === undefined) return `${defaultPrefix}${jobName}.json`;
  return outputKey.endsWith('/') ? `${outputKey}${jobName}.json` : outputKey;
}
