/**
 * M4 (issue 15) in AWS: an execution that times out, is stopped or fails outside its failure path runs no
 * MarkFailed state. The state machine has a timeout (WORKFLOW_TIMEOUT_HOURS, the limit erasure reads too), and
 * an EventBridge rule on its execution status events invokes MarkFailed, with retries and a dead-letter queue.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { configFromProps } from '../../lib/config.js';
import { AttuneFunctions } from '../../lib/constructs/functions.js';
import { AttuneStorage } from '../../lib/constructs/storage.js';
import { AttuneWorkflow } from '../../lib/constructs/workflow.js';
import { WORKFLOW_TIMEOUT_HOURS } from '../../schemas/workflow.js';
import { synthStack } from './synth.js';

const { stack, template } = synthStack();

type Target = { Arn: unknown; DeadLetterConfig?: { Arn: unknown }; RetryPolicy?: unknown };
const rules = template.findResources('AWS::Events::Rule') as Record<string, { Properties: { EventPattern: { source?: string[] }; Targets: Target[] } }>;
const stoppedRule = Object.values(rules).find((rule) => rule.Properties.EventPattern.source?.includes('aws.states'));

describe('stopped workflow executions (M4)', () => {
  it(`stops an execution after the workflow's ${WORKFLOW_TIMEOUT_HOURS}-hour limit`, () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { DefinitionString: Match.anyValue() });
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionString: unknown } }[];
    // The timeout is the definition's TimeoutSeconds (aws-cdk-lib writes it into the definition).
    const definition = JSON.stringify(stack.resolve(machine!.Properties.DefinitionString));
    expect(definition).toContain(`\\"TimeoutSeconds\\":${WORKFLOW_TIMEOUT_HOURS * 3600}`);
  });

  it("sends this state machine's FAILED, TIMED_OUT and ABORTED execution status events to MarkFailed", () => {
    expect(stoppedRule).toBeDefined();
    expect(stoppedRule!.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { stateMachineArn: [{ Ref: expect.stringMatching(/^AttuneWorkflowStateMachine/) }], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
    });
    expect(stoppedRule!.Properties.Targets).toHaveLength(1);
    expect(stoppedRule!.Properties.Targets[0]).toMatchObject({
      Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneFunctionsMarkFailed/), 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneWorkflowUploadEventsDlq/), 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 21600 },
    });
  });

  it('lets EventBridge invoke MarkFailed from that rule only, and send what it cannot deliver to the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneFunctionsMarkFailed'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneWorkflowExecutionFailuresStoppedExecutions'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneWorkflowExecutionFailuresStoppedExecutions'), 'Arn'] } },
            },
          }),
        ]),
      },
    });
  });

  it('refuses at synth a transcription wait the timeout leaves no room for', () => {
    const scope = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Props');
    const storage = new AttuneStorage(scope, 'Storage', {});
    const functions = new AttuneFunctions(scope, 'Functions', { storage, config: configFromProps({}) });
    const props = { storage, functions, eventBus: EventBus.fromEventBusName(scope, 'Bus', 'attune') };

    expect(() => new AttuneWorkflow(scope, 'Workflow', { ...props, maxTranscriptionWaitMinutes: 241 })).toThrow(/at most 240 .*not 241/);
  });
});
