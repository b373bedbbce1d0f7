/**
 * The model path of `attune analyze`: which Bedrock model (if any) the user chose, the model itself,
 * and the one stderr line that says when Bedrock gave no usable answer and the local engine stood in.
 */
import type { LanguageModel } from '../../lambdas/ports/language-model.js';
import type { Provenance } from '../../schemas/provenance.js';
import { UsageError } from './args.js';
import { printablePath } from './failure.js';

/**
 * The variable the Lambdas read too (MODEL_ID_VARIABLE in the Bedrock adapter). Not imported from
 * there: that module loads the AWS SDK, which the local path should never pay for at start-up.
 */
const MODEL_ID_VARIABLE = 'ATTUNE_BEDROCK_MODEL_ID';

export interface ModelChoice {
  modelId: string;
  region: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `--model` wins over the environment; null means the local engines. A model without a region is a usage error. */
export function chooseModel(flag: string | null, env: NodeJS.ProcessEnv): ModelChoice | null {
  const modelId = nonEmpty(flag ?? undefined) ?? nonEmpty(env[MODEL_ID_VARIABLE]);
  if (modelId === undefined) return null;
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region === undefined) {
    const from = flag === null ? `${MODEL_ID_VARIABLE} chooses a Bedrock model` : '--model chooses a Bedrock model';
    throw new UsageError(
      `${from} but no AWS region is set: export AWS_REGION (or AWS_DEFAULT_REGION) as the region Bedrock runs it in, e.g. 'export AWS_REGION=us-east-1'`,
    );
  }
  return { modelId, region };
}

/** The Bedrock adapter, loaded only when a model was chosen. */
export async function bedrockModel(modelId: string, region: string): Promise<LanguageModel> {
  const { BedrockLanguageModel, createBedrockRuntimeClient } = await import('../../lambdas/adapters/bedrock/bedrock-language-model.js');
  return new BedrockLanguageModel({ modelId, client: createBedrockRuntimeClient(region) });
}

/** generateWithModel writes `bedrock: <reason>; local engine used`; the CLI line says the rest itself. */
function reasonOf(provenance: Provenance): string {
  const given = provenance.degradedReason ?? 'no reason given';
  const reason = /^bedrock: (.*); local engine used$/.exec(given)?.[1] ?? given;
  // `unavailable (model_access_denied)` would read "Bedrock unavailable (unavailable (…))".
  return /^unavailable \((.*)\)$/.exec(reason)?.[1] ?? reason;
}

/**
 * `attune: <file>: Bedrock unavailable (<reason>); local engine used`, or null when nothing was
 * degraded. Reasons are kinds and codes from the retry policy, never model or transcript text.
 */
export function degradedLine(path: string, provenances: ReadonlyArray<Provenance | undefined>): string | null {
  const reasons = [...new Set(provenances.filter((p) => p?.status === 'degraded').map((p) => reasonOf(p!)))];
  if (reasons.length === 0) return null;
  return `attune: ${printablePath(path)}: Bedrock unavailable (${reasons.join('; ')}); local engine used`;
}
