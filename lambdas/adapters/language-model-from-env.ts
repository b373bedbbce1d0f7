/**
 * Which language model writes notes and rates the alliance, as the environment says: Amazon Bedrock
 * (ATTUNE_BEDROCK_MODEL_ID), a self-hosted OpenAI-compatible server (ATTUNE_MODEL_URL + ATTUNE_MODEL_NAME),
 * or none (the local engines). Used by the CLI and the local runtime; the Lambdas read their own
 * BEDROCK_MODEL_ID (see docs/models.md).
 */
import type { LanguageModel } from '../ports/language-model.js';
import { MODEL_NAME_VARIABLE, MODEL_URL_VARIABLE, ModelConfigurationError } from './openai-compatible/endpoint.js';
import { openAiCompatibleLanguageModelFromEnv, type OpenAiCompatibleLanguageModel } from './openai-compatible/openai-compatible-language-model.js';

export { ModelConfigurationError } from './openai-compatible/endpoint.js';

/** Kept here as well as in the Bedrock adapter: importing that module loads the AWS SDK. */
export const BEDROCK_MODEL_VARIABLE = 'ATTUNE_BEDROCK_MODEL_ID';

export type ModelChoiceFromEnv = { provider: 'bedrock'; modelId: string } | { provider: 'openai-compatible'; model: OpenAiCompatibleLanguageModel } | null;

const given = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * The environment's choice, checked without loading the AWS SDK: a half-configured or doubly configured
 * model is refused here, so it stops a command or the local server at start-up rather than sending every
 * session to the local engine unnoticed.
 * @throws ModelConfigurationError
 */
export function modelChoiceFromEnv(env: Record<string, string | undefined>): ModelChoiceFromEnv {
  const bedrock = given(env[BEDROCK_MODEL_VARIABLE]);
  const endpointNamed = given(env[MODEL_URL_VARIABLE]) !== undefined || given(env[MODEL_NAME_VARIABLE]) !== undefined;
  if (bedrock !== undefined && endpointNamed) {
    throw new ModelConfigurationError(
      `both ${BEDROCK_MODEL_VARIABLE} and ${MODEL_URL_VARIABLE}/${MODEL_NAME_VARIABLE} choose a model: unset ${BEDROCK_MODEL_VARIABLE} to use your own server, or the other two to use Amazon Bedrock`,
    );
  }
  if (bedrock !== undefined) return { provider: 'bedrock', modelId: bedrock };
  const model = openAiCompatibleLanguageModelFromEnv(env);
  return model === null ? null : { provider: 'openai-compatible', model };
}

/**
 * The configured model, or null for the local engines. The Bedrock adapter (and the AWS SDK) is loaded
 * only when Bedrock is chosen; its region comes from AWS_REGION or the SDK's chain.
 * @throws ModelConfigurationError
 * @example
 * // ATTUNE_MODEL_URL=http://localhost:11434/v1 ATTUNE_MODEL_NAME=llama3.1:8b
 * const model = await languageModelFromEnv(process.env);
 * const result = model ? await generateWithModel({ model, transcript, format: 'soap', sessionDate: null, createdAt: new Date() }) : null;
 */
export async function languageModelFromEnv(env: Record<string, string | undefined>): Promise<LanguageModel | null> {
  const choice = modelChoiceFromEnv(env);
  if (choice === null) return null;
  if (choice.provider === 'openai-compatible') return choice.model;
  const { BedrockLanguageModel } = await import('./bedrock/bedrock-language-model.js');
  return new BedrockLanguageModel({ modelId: choice.modelId, ...(given(env.AWS_REGION) ? { region: given(env.AWS_REGION)! } : {}) });
}
