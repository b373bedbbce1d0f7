/**
 * Handler configuration, read from the environment once at cold start and validated with zod, so a
 * misconfigured deployment fails on its first invocation with a message naming the variable.
 */
import type { z } from 'zod';
import { functionEnvironmentSchema, type FunctionConfig, type FunctionEnvironment, type FunctionName } from '../../schemas/function-environment.js';

export type { FunctionConfig, FunctionName } from '../../schemas/function-environment.js';

/** Every variable any handler reads (schemas/function-environment.ts); each function is given only its own. */
export type HandlerConfig = FunctionEnvironment;

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

/**
 * `fn`'s configuration: the variables the stack gives it (schemas/function-environment.ts) and AWS_REGION,
 * read once at cold start.
 * @throws ConfigurationError naming every missing or malformed variable
 * @example
 * const config = functionConfig('DeleteRawAudio'); // { UPLOADS_BUCKET, AWS_REGION }
 */
export function functionConfig<F extends FunctionName>(fn: F, env: Record<string, string | undefined> = process.env): FunctionConfig<F> {
  return loadConfig(functionEnvironmentSchema(fn), env) as FunctionConfig<F>;
}
