/**
 * Handler configuration, read from the environment once at cold start and validated with zod, so a
 * misconfigured deployment fails on its first invocation with a message naming the variable.
 */
import { z } from 'zod';

const Positive = z.coerce.number().int().positive();

export const HandlerConfigSchema = z.object({
  UPLOADS_BUCKET: z.string().min(1),
  ARTIFACTS_BUCKET: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  /** The customer-managed key every object the handlers write is encrypted with. */
  KMS_KEY_ID: z.string().min(1),
  MAX_UPLOAD_BYTES: Positive.default(2 * 1024 ** 3),
  RETENTION_DAYS: Positive.default(365),
  /** `local` for the deterministic engines, or a Bedrock model id. */
  BEDROCK_MODEL_ID: z.string().min(1).default('local'),
  /** The progress-note format the workflow writes. */
  NOTE_FORMAT: z.enum(['soap', 'dap', 'birp', 'girp', 'narrative']).default('soap'),
  /**
   * Which channel of a two-channel recording carries the therapist's microphone (the other is the
   * client's). NormalizeTranscript assigns roles from it instead of inferring them.
   */
  THERAPIST_CHANNEL: z.enum(['left', 'right']).default('left'),
  EVENT_BUS_NAME: z.string().min(1).default('default'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
});
export type HandlerConfig = z.infer<typeof HandlerConfigSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Validates `env` against the schema, naming every bad or missing variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new ConfigurationError(`invalid handler configuration: ${problems}`);
}

/** The subset of the config a handler needs, picked by key so each function can be given only its own variables. */
export function pickConfig<K extends keyof typeof HandlerConfigSchema.shape>(keys: readonly K[], env: Record<string, string | undefined> = process.env) {
  const shape = Object.fromEntries(keys.map((k) => [k, HandlerConfigSchema.shape[k]])) as Pick<typeof HandlerConfigSchema.shape, K>;
  return loadConfig(z.object(shape), env);
}
