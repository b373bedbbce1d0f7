/**
 * The model path of `attune analyze`: which model (if any) the user chose (an Amazon Bedrock model, or a
 * self-hosted OpenAI-compatible server such as Ollama, vLLM or llama-server), the model itself, and the
 * one stderr line that says when it gave no usable answer and the local engine stood in.
 */
import { modelChoiceFromEnv, ModelConfigurationError } from '../../lambdas/adapters/language-model-from-env.js';
import { MODEL_NAME_VARIABLE, MODEL_URL_VARIABLE } from '../../lambdas/adapters/openai-compatible/endpoint.js';
import type { OpenAiCompatibleLanguageModel } from '../../lambdas/adapters/openai-compatible/openai-compatible-language-model.js';
import type { LanguageModel } from '../../lambdas/ports/language-model.js';
import type { Provenance } from '../../schemas/provenance.js';
import { UsageError } from './args.js';
import type { CliDeps } from './io.js';
import { printablePath } from './failure.js';

/**
 * The variable the Lambdas read too (MODEL_ID_VARIABLE in the Bedrock adapter). Not imported from
 * there: that module loads the AWS SDK, which the local path should never pay for at start-up.
 */
const MODEL_ID_VARIABLE = 'ATTUNE_BEDROCK_MODEL_ID';

/** The command line's say in the choice; each flag wins over its environment variable. */
export interface ModelFlags {
  /** `--model`: a Bedrock model id. */
  model: string | null;
  /** `--model-url`: an OpenAI-compatible server's base URL. */
  modelUrl?: string | null;
  /** `--model-name`: the model that server runs. */
  modelName?: string | null;
}

export type ModelChoice =
  | { provider: 'bedrock'; modelId: string; region: string }
  | { provider: 'openai-compatible'; modelId: string; model: OpenAiCompatibleLanguageModel };

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The environment as the flags amend it: a flag for one provider sets the other's variables aside. */
function effectiveEnv(flags: ModelFlags | null, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bedrock = nonEmpty(flags?.model);
  const url = nonEmpty(flags?.modelUrl);
  const name = nonEmpty(flags?.modelName);
  if (bedrock !== undefined && (url !== undefined || name !== undefined)) {
    throw new UsageError('--model chooses an Amazon Bedrock model and --model-url/--model-name your own server: give one of them');
  }
  if (bedrock !== undefined) return { ...env, [MODEL_ID_VARIABLE]: bedrock, [MODEL_URL_VARIABLE]: undefined, [MODEL_NAME_VARIABLE]: undefined };
  if (url === undefined && name === undefined) return env;
  const merged = {
    ...env,
    [MODEL_ID_VARIABLE]: undefined,
    [MODEL_URL_VARIABLE]: url ?? env[MODEL_URL_VARIABLE],
    [MODEL_NAME_VARIABLE]: name ?? env[MODEL_NAME_VARIABLE],
  };
  if (nonEmpty(merged[MODEL_NAME_VARIABLE]) === undefined) {
    throw new UsageError(`--model-url needs the model the server runs: add --model-name <name> (e.g. llama3.1:8b) or set ${MODEL_NAME_VARIABLE}`);
  }
  if (nonEmpty(merged[MODEL_URL_VARIABLE]) === undefined) {
    throw new UsageError(`--model-name needs the server that runs it: add --model-url <url> (e.g. http://localhost:11434/v1) or set ${MODEL_URL_VARIABLE}`);
  }
  return merged;
}

/**
 * The flags win over the environment; null means the local engines. A Bedrock model without a region,
 * both providers at once, or half of a server's URL and name is a usage error (exit 2), found before
 * any file is read. No request is made here.
 */
export function chooseModel(flags: ModelFlags | null, env: NodeJS.ProcessEnv): ModelChoice | null {
  let choice: ReturnType<typeof modelChoiceFromEnv>;
  try {
    choice = modelChoiceFromEnv(effectiveEnv(flags, env));
  } catch (error) {
    if (error instanceof ModelConfigurationError) throw new UsageError(error.message);
    throw error;
  }
  if (choice === null) return null;
  if (choice.provider === 'openai-compatible') return { provider: 'openai-compatible', modelId: choice.model.modelId, model: choice.model };
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region === undefined) {
    const from = nonEmpty(flags?.model) === undefined ? `${MODEL_ID_VARIABLE} chooses a Bedrock model` : '--model chooses a Bedrock model';
    throw new UsageError(
      `${from} but no AWS region is set: export AWS_REGION (or AWS_DEFAULT_REGION) as the region Bedrock runs it in, e.g. 'export AWS_REGION=us-east-1'`,
    );
  }
  return { provider: 'bedrock', modelId: choice.modelId, region };
}

/** The Bedrock adapter, loaded only when a Bedrock model was chosen. */
export async function bedrockModel(modelId: string, region: string): Promise<LanguageModel> {
  const { BedrockLanguageModel, createBedrockRuntimeClient } = await import('../../lambdas/adapters/bedrock/bedrock-language-model.js');
  return new BedrockLanguageModel({ modelId, client: createBedrockRuntimeClient(region) });
}

/** The chosen model; a Bedrock one through `deps.languageModel` when a test gives one. */
export async function modelFor(choice: ModelChoice | null, deps: CliDeps = {}): Promise<LanguageModel | null> {
  if (choice === null) return null;
  if (choice.provider === 'openai-compatible') return choice.model;
  return (deps.languageModel ?? bedrockModel)(choice.modelId, choice.region);
}

/** generateWithModel writes `<engine>: <reason>; local engine used`; the CLI line says the rest itself. */
function reasonOf(provenance: Provenance): string {
  const given = provenance.degradedReason ?? 'no reason given';
  const reason = /^(?:bedrock|openai-compatible): (.*); local engine used$/.exec(given)?.[1] ?? given;
  // `unavailable (model_access_denied)` would read "Bedrock unavailable (unavailable (…))".
  return /^unavailable \((.*)\)$/.exec(reason)?.[1] ?? reason;
}

/** What a self-hoster does about the codes that are theirs to fix (the adapter's full messages name the same). */
const SERVER_REMEDIES: Record<string, string> = {
  model_server_unreachable: `start it or unset ${MODEL_URL_VARIABLE}`,
  model_not_found: `check ${MODEL_NAME_VARIABLE} and that ${MODEL_URL_VARIABLE} ends in /v1`,
  model_access_denied: 'check ATTUNE_MODEL_API_KEY',
  model_timeout: 'choose a smaller model or raise ATTUNE_MODEL_TIMEOUT_SECONDS',
  model_response_invalid: `check that ${MODEL_URL_VARIABLE} is the server's OpenAI base URL`,
  model_context_window_exceeded: 'give the server a larger context (see docs/models.md)',
};

/**
 * `attune: <file>: Bedrock unavailable (<reason>); local engine used` (or, for a self-hosted server,
 * `… no usable answer from the model server at <host:port> (<reason>: <remedy>); …`), or null when
 * nothing was degraded. Reasons are kinds and codes from the retry policy, never model or transcript text.
 */
export function degradedLine(path: string, provenances: ReadonlyArray<Provenance | undefined>, model: LanguageModel | null = null): string | null {
  const reasons = [...new Set(provenances.filter((p) => p?.status === 'degraded').map((p) => reasonOf(p!)))];
  if (reasons.length === 0) return null;
  const where = model !== null && 'where' in model && typeof model.where === 'string' ? model.where : null;
  if (where === null) return `attune: ${printablePath(path)}: Bedrock unavailable (${reasons.join('; ')}); local engine used`;
  const explained = reasons.map((r) => (SERVER_REMEDIES[r] ? `${r}: ${SERVER_REMEDIES[r]}` : r));
  return `attune: ${printablePath(path)}: no usable answer from the model server at ${where} (${explained.join('; ')}); local engine used`;
}
