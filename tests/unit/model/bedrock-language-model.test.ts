import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ModelNotReadyException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockLanguageModel, bedrockLanguageModelFromEnv, createBedrockRuntimeClient } from '../../../lambdas/adapters/bedrock/bedrock-language-model.js';
import { ModelRefusedError, ModelThrottledError, ModelUnavailableError } from '../../../lambdas/ports/language-model.js';

const bedrock = mockClient(BedrockRuntimeClient);
afterEach(() => bedrock.reset());

const REQUEST = {
  system: 'You write notes.',
  messages: [{ role: 'user' as const, text: '<transcript>…</transcript>' }],
  maxTokens: 1234,
  temperature: 0,
};

function modelOf(modelId = 'anthropic.claude-3-5-sonnet-20240620-v1:0'): BedrockLanguageModel {
  return new BedrockLanguageModel({ modelId, client: new BedrockRuntimeClient({ region: 'eu-west-1' }) });
}

function replyWith(text: string, stopReason: string) {
  bedrock.on(ConverseCommand).resolves({
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: stopReason as never,
    usage: undefined,
    metrics: undefined,
  });
}

describe('BedrockLanguageModel', () => {
  it('sends one Converse request with the system prompt apart from the messages and returns the text', async () => {
    // Prepare
    replyWith('{"ok": true}', 'end_turn');
    // Act
    const answer = await modelOf('amazon.nova-pro-v1:0').converse(REQUEST);
    // Assess
    expect(answer).toEqual({ text: '{"ok": true}', stopReason: 'end_turn' });
    const sent = bedrock.commandCalls(ConverseCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input).toEqual({
      modelId: 'amazon.nova-pro-v1:0',
      system: [{ text: 'You write notes.' }],
      messages: [{ role: 'user', content: [{ text: '<transcript>…</transcript>' }] }],
      inferenceConfig: { maxTokens: 1234, temperature: 0 },
    });
  });

  it('returns a truncated answer as it is (max_tokens): the answer validator rejects it', async () => {
    replyWith('{"sections": [', 'max_tokens');
    await expect(modelOf().converse(REQUEST)).resolves.toEqual({ text: '{"sections": [', stopReason: 'max_tokens' });
  });

  it.each(['content_filtered', 'guardrail_intervened'])('treats stop reason %s as a refusal', async (stopReason) => {
    replyWith('', stopReason);
    const failure = modelOf().converse(REQUEST);
    await expect(failure).rejects.toBeInstanceOf(ModelRefusedError);
    await expect(failure).rejects.toMatchObject({ code: `model_${stopReason}` });
  });

  const meta = (httpStatusCode?: number) => ({ message: 'service said so', $metadata: httpStatusCode ? { httpStatusCode } : {} });
  it.each([
    ['ThrottlingException', new ThrottlingException(meta(429)), ModelThrottledError, 'model_throttled'],
    ['ServiceQuotaExceededException', new ServiceQuotaExceededException(meta(400)), ModelThrottledError, 'model_throttled'],
    ['ModelNotReadyException', new ModelNotReadyException(meta(429)), ModelThrottledError, 'model_throttled'],
    [
      'a bare HTTP 429',
      Object.assign(new Error('slow down'), { name: 'TooManyRequests', $metadata: { httpStatusCode: 429 } }),
      ModelThrottledError,
      'model_throttled',
    ],
    ['AccessDeniedException', new AccessDeniedException(meta(403)), ModelUnavailableError, 'model_access_denied'],
    ['ResourceNotFoundException', new ResourceNotFoundException(meta(404)), ModelUnavailableError, 'model_not_found'],
    ['ValidationException', new ValidationException(meta(400)), ModelUnavailableError, 'model_request_invalid'],
    ['ModelTimeoutException', new ModelTimeoutException(meta(408)), ModelUnavailableError, 'model_timeout'],
    ['ServiceUnavailableException', new ServiceUnavailableException(meta(503)), ModelUnavailableError, 'model_service_unavailable'],
    ['a network failure', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), ModelUnavailableError, 'model_network'],
  ])('maps %s onto the port error the retry policy expects', async (_name, error, type, code) => {
    bedrock.on(ConverseCommand).rejects(error);
    const failure = modelOf('us.anthropic.claude-sonnet-4-20250514-v1:0').converse(REQUEST);
    await expect(failure).rejects.toBeInstanceOf(type);
    await expect(failure).rejects.toMatchObject({ code });
    // The message names the model, never the request or the service's own text.
    await expect(failure).rejects.toThrow(/us\.anthropic\.claude-sonnet-4/);
    await expect(failure).rejects.not.toThrow(/transcript|service said so|socket hang up/);
  });

  it('builds its own client with the SDK retries off, so ours is the only retry policy', async () => {
    const client = createBedrockRuntimeClient('us-west-2');
    expect(await client.config.maxAttempts()).toBe(1);
    expect(await client.config.region()).toBe('us-west-2');
  });

  it('is configured by ATTUNE_BEDROCK_MODEL_ID, and absent without it (the local engine writes the note)', () => {
    expect(bedrockLanguageModelFromEnv({})).toBeNull();
    expect(bedrockLanguageModelFromEnv({ ATTUNE_BEDROCK_MODEL_ID: '  ' })).toBeNull();
    expect(bedrockLanguageModelFromEnv({ ATTUNE_BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0', AWS_REGION: 'us-east-1' })?.modelId).toBe('amazon.nova-pro-v1:0');
  });
});
