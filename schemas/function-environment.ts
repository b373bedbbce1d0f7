/**
 * Every Lambda function's environment in one place: the variables, their types and defaults, and which
 * function is given which. The stack sets exactly these (lib/constructs/functions.ts), each handler reads
 * its own at cold start and fails fast naming a missing one (lambdas/shared/config.ts `functionConfig`),
 * and the local runtime builds the same config from the synthesized template (local/runtime/handlers.ts).
 */
import { z } from 'zod';
import { NoteFormatSchema } from './note.js';

const Positive = z.coerce.number().int().positive();

export const FunctionEnvironmentSchema = z.object({
  UPLOADS_BUCKET: z.string().min(1),
  ARTIFACTS_BUCKET: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  /**
   * The Attune event bus (its ARN; PutEvents takes a name too) `attune.session.*` events are put on: by MarkFailed for an execution
   * that ended outside its failure path (the workflow's own Publish states name the bus in the definition).
   */
  EVENT_BUS_NAME: z.string().min(1),
  /** The customer-managed key every object the handlers write is encrypted with. */
  KMS_KEY_ID: z.string().min(1),
  MAX_UPLOAD_BYTES: Positive.default(2 * 1024 ** 3),
  RETENTION_DAYS: Positive.default(365),
  /** `local` for the deterministic engines, or a Bedrock model id. */
  BEDROCK_MODEL_ID: z.string().min(1).default('local'),
  /** The progress-note format the workflow writes. */
  NOTE_FORMAT: NoteFormatSchema.default('soap'),
  /**
   * The clinic's note templates as JSON (cdk.json context `attune:noteTemplates`, validated at synth);
   * set only when there are any.
   */
  NOTE_TEMPLATES: z.string().optional(),
  /**
   * Which channel of a two-channel recording carries the therapist's microphone (the other is the
   * client's). NormalizeTranscript assigns roles from it instead of inferring them.
   */
  THERAPIST_CHANNEL: z.enum(['left', 'right']).default('left'),
  /**
   * The clinician web app's origin (`https://<distribution>.cloudfront.net`), set by the stack when it deploys
   * the site (lib/constructs/web-site.ts): the API answers a browser request from exactly this origin with
   * `Access-Control-Allow-Origin`. Unset: no CORS headers (the local server serves the app on its own origin).
   */
  WEB_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  /** Set by Lambda itself in AWS, never by the stack. */
  AWS_REGION: z.string().min(1).default('us-east-1'),
});
export type FunctionEnvironment = z.infer<typeof FunctionEnvironmentSchema>;
export type EnvironmentVariable = keyof typeof FunctionEnvironmentSchema.shape;
/** The variables the stack sets (the runtime sets AWS_REGION). */
export type StackVariable = Exclude<EnvironmentVariable, 'AWS_REGION'>;

/** Each function's handler folder under `lambdas/` and the variables the stack gives it (and it reads). */
export const FUNCTION_ENVIRONMENT = {
  ValidateUpload: { dir: 'validate-upload', variables: ['TABLE_NAME', 'MAX_UPLOAD_BYTES', 'RETENTION_DAYS'] },
  NormalizeTranscript: { dir: 'normalize-transcript', variables: ['UPLOADS_BUCKET', 'ARTIFACTS_BUCKET', 'TABLE_NAME', 'KMS_KEY_ID', 'THERAPIST_CHANNEL'] },
  DeleteRawAudio: { dir: 'delete-raw-audio', variables: ['UPLOADS_BUCKET'] },
  MarkFailed: { dir: 'mark-failed', variables: ['TABLE_NAME', 'UPLOADS_BUCKET', 'EVENT_BUS_NAME'] },
  GenerateNote: { dir: 'generate-note', variables: ['ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'BEDROCK_MODEL_ID', 'NOTE_FORMAT', 'NOTE_TEMPLATES'] },
  ScoreAlliance: { dir: 'score-alliance', variables: ['ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'BEDROCK_MODEL_ID', 'NOTE_FORMAT'] },
  PersistResults: { dir: 'persist-results', variables: ['ARTIFACTS_BUCKET', 'TABLE_NAME'] },
  Api: { dir: 'api', variables: ['TABLE_NAME', 'UPLOADS_BUCKET', 'ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'MAX_UPLOAD_BYTES', 'NOTE_FORMAT', 'WEB_ORIGIN'] },
  DeliverWebhooks: { dir: 'deliver-webhooks', variables: ['TABLE_NAME'] },
  ExpireSessions: { dir: 'expire-sessions', variables: ['TABLE_NAME', 'UPLOADS_BUCKET', 'ARTIFACTS_BUCKET', 'KMS_KEY_ID'] },
} as const satisfies Record<string, { dir: string; variables: readonly StackVariable[] }>;

/** A function by its construct id, which is also its name in the local runtime. */
export type FunctionName = keyof typeof FUNCTION_ENVIRONMENT;
export const FUNCTION_NAMES = Object.keys(FUNCTION_ENVIRONMENT) as FunctionName[];

/** The variables `fn` reads: its own, and the region Lambda sets. */
export type FunctionVariable<F extends FunctionName> = (typeof FUNCTION_ENVIRONMENT)[F]['variables'][number] | 'AWS_REGION';

/** What `fn`'s handler gets from its environment, typed and with the defaults applied. */
export type FunctionConfig<F extends FunctionName> = Pick<FunctionEnvironment, FunctionVariable<F>>;

/** The schema of `fn`'s environment: its variables and AWS_REGION, nothing else. */
export function functionEnvironmentSchema<F extends FunctionName>(fn: F) {
  const names: readonly EnvironmentVariable[] = [...FUNCTION_ENVIRONMENT[fn].variables, 'AWS_REGION'];
  const shape = Object.fromEntries(names.map((name) => [name, FunctionEnvironmentSchema.shape[name]]));
  return z.object(shape as Pick<typeof FunctionEnvironmentSchema.shape, FunctionVariable<F>>);
}
