import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { AttuneStack } from '../../lib/attune-stack.js';
import { AttuneConfigError, CONFIG_DEFAULTS, configFromContext, configFromProps } from '../../lib/config.js';
import { AttunePipeline } from '../../lib/constructs/pipeline.js';
import { cdkJsonContext } from './synth.js';

const fromContext = (context: Record<string, unknown>) => configFromContext(new App({ context: { ...cdkJsonContext, ...context } }).node);

describe('configuration from cdk.json context', () => {
  it('gives the documented defaults for the shipped cdk.json', () => {
    const config = fromContext({});

    // The tests' context points attune:webDistDir at a stand-in build (synth.ts); cdk.json does not set it.
    expect(config).toEqual({ ...CONFIG_DEFAULTS, webDistDir: cdkJsonContext['attune:webDistDir'] });
  });

  it('accepts numbers given as strings, as `-c key=value` passes them', () => {
    const config = fromContext({ 'attune:retentionDays': '30', 'attune:maxUploadBytes': '1048576', 'attune:maxTranscriptionWaitMinutes': '45' });

    expect(config).toMatchObject({ retentionDays: 30, maxUploadBytes: 1048576, maxTranscriptionWaitMinutes: 45 });
  });

  it('accepts a Bedrock model id, an inference profile id and a model ARN', () => {
    for (const id of [
      'anthropic.claude-3-5-haiku-20241022-v1:0',
      'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',
    ]) {
      expect(fromContext({ 'attune:bedrockModelId': id }).bedrockModelId).toBe(id);
    }
  });

  it.each([
    ['attune:retentionDays', 'abc', "cdk.json context 'attune:retentionDays' must be a whole number of days from 1 to 3650 (got 'abc')"],
    ['attune:retentionDays', 0, "cdk.json context 'attune:retentionDays' must be a whole number of days from 1 to 3650 (got '0')"],
    ['attune:retentionDays', 12.5, "'attune:retentionDays' must be a whole number"],
    ['attune:transcribeMode', 'fast', "cdk.json context 'attune:transcribeMode' must be one of 'standard', 'medical' (got 'fast')"],
    ['attune:bedrockModelId', 'gpt 4!', "cdk.json context 'attune:bedrockModelId' must be 'local' or an Amazon Bedrock model id"],
    ['attune:maxUploadBytes', 3 * 1024 ** 3, "cdk.json context 'attune:maxUploadBytes' must be a whole number of bytes from 1 to 2147483648"],
    ['attune:existingKmsKeyArn', 'alias/mine', "cdk.json context 'attune:existingKmsKeyArn' must be a KMS key ARN"],
    ['attune:existingUserPoolId', 'pool', "cdk.json context 'attune:existingUserPoolId' must be a Cognito user pool id"],
    ['attune:noteFormat', 'essay', "cdk.json context 'attune:noteFormat' must be one of 'soap', 'dap', 'birp', 'girp', 'narrative' (got 'essay')"],
    ['attune:maxTranscriptionWaitMinutes', 1000, "'attune:maxTranscriptionWaitMinutes' must be a whole number of minutes from 1 to 240"],
    ['attune:alarmEmail', 'ops', "cdk.json context 'attune:alarmEmail' must be an email address (got 'ops')"],
  ])('rejects %s = %j with a message that names the key', (key, value, message) => {
    expect(() => fromContext({ [key]: value })).toThrow(AttuneConfigError);
    expect(() => fromContext({ [key]: value })).toThrow(message);
  });

  it('names every bad key at once, so one synth shows every mistake', () => {
    const attempt = () => fromContext({ 'attune:retentionDays': -1, 'attune:transcribeMode': 'loud' });

    expect(attempt).toThrow("'attune:retentionDays' must be");
    expect(attempt).toThrow("'attune:transcribeMode' must be");
  });

  it('fails the stack, before any resource exists, on bad context', () => {
    const app = new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], 'attune:transcribeMode': 'medicall' } });

    expect(() => new AttuneStack(app, 'Attune')).toThrow("cdk.json context 'attune:transcribeMode' must be one of 'standard', 'medical' (got 'medicall')");
  });
});

describe('configuration as AttunePipeline props', () => {
  it('names the prop, not the context key', () => {
    expect(() => configFromProps({ retentionDays: 4000 })).toThrow(
      "AttunePipeline prop 'retentionDays' must be a whole number of days from 1 to 3650 (got '4000')",
    );
  });

  it('throws early on an impossible combination of props', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Host');
    const attempt = () =>
      new AttunePipeline(stack, 'Attune', {
        existingKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        encryptionKey: { keyArn: 'x' } as never,
      });

    expect(attempt).toThrow("give 'encryptionKey' or 'existingKmsKeyArn', not both");
  });
});
