/**
 * M4 (issue 15), in AWS: an execution that timed out, was stopped or failed outside its failure path runs no
 * MarkFailed state, and left its session RECEIVED, TRANSCRIBING or ANALYZING for good. An EventBridge rule on
 * the workflow's execution status events now invokes MarkFailed, which marks the session FAILED in one
 * conditional write (still in processing, by that execution): idempotent, and never over a COMPLETED session
 * or a reason the failure path recorded. DynamoDB is mocked with aws-sdk-client-mock.
 */
import './handler-env.js';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSessionRepository } from '../../../lambdas/adapters/dynamodb/session-repository.js';
import { createMarkFailedHandler } from '../../../lambdas/mark-failed/handler.js';
import { SessionEventDetailSchema } from '../../../schemas/workflow.js';
import { captureLogs } from './fake-s3.js';

const TABLE = 'attune-sessions';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:000000000000:execution:AttuneWorkflowStateMachine:5f1c-upload';
const CANARY = 'Zanzibarquokka';

const dynamo = mockClient(DynamoDBDocumentClient);
let markFailed: ReturnType<typeof createMarkFailedHandler>;

beforeEach(() => {
  dynamo.reset();
  const sessions = new DynamoSessionRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), TABLE, {
    now: () => new Date('2026-10-01T12:00:00.000Z'),
  });
  markFailed = createMarkFailedHandler({ sessions });
});
afterEach(() => dynamo.reset());

/** The S3 "Object Created" event that started the execution: its input. */
const s3Event = (key = 'uploads/acme/c1/s1.wav') => ({
  version: '0',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  detail: { bucket: { name: 'attune-uploads' }, object: { key, size: 10, 'version-id': 'v1' } },
});

/** Step Functions' execution status event, as EventBridge gives it to the rule's target. */
function statusChange(status: string, input: unknown = s3Event()) {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '000000000000',
    time: '2026-10-01T12:00:00Z',
    region: 'us-east-1',
    resources: [EXECUTION_ARN],
    detail: {
      executionArn: EXECUTION_ARN,
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:AttuneWorkflowStateMachine',
      name: '5f1c-upload',
      status,
      startDate: 1790000000000,
      stopDate: 1790028800000,
      input: typeof input === 'string' ? input : JSON.stringify(input),
      inputDetails: { included: true },
      output: null,
    },
  };
}

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });

describe('MarkFailed on an execution status event (M4)', () => {
  it.each([
    ['TIMED_OUT', 'workflow_timeout'],
    ['ABORTED', 'workflow_stopped'],
    ['FAILED', 'internal_error'],
  ])('marks the session of an execution that ended %s FAILED (%s), only while that execution holds it in processing', async (status, code) => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const result = await markFailed(statusChange(status));

    // Assess
    const updates = dynamo.commandCalls(UpdateCommand);
    expect(updates).toHaveLength(1);
    const update = updates[0]!.args[0].input;
    expect(update.Key).toEqual({ pk: 'TENANT#acme#SESSION#s1', sk: 'SESSION' });
    expect(update.ConditionExpression).toMatch(/#executionId = :executionId/);
    expect(update.ConditionExpression).toMatch(/#status IN \(/);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':executionId': EXECUTION_ARN, ':failed': 'FAILED', ':failure': { code } });
    const inProgress = Object.entries(update.ExpressionAttributeValues ?? {})
      .filter(([name]) => /^:u\d$/.test(name))
      .map(([, value]) => value);
    expect(inProgress.sort()).toEqual(['ANALYZING', 'RECEIVED', 'TRANSCRIBING']);
    expect(SessionEventDetailSchema.parse(result.event)).toEqual({ tenantId: 'acme', clientId: 'c1', sessionId: 's1', status: 'FAILED', failureCode: code });
  });

  it('changes nothing, and answers no event, when the session is not in processing by that execution (completed, failed by its failure path, newer upload)', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const result = await markFailed(statusChange('FAILED'));

    // Assess
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(result.event).toBeUndefined();
  });

  it('is idempotent: the same event delivered twice marks the session once', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());

    // Act
    const first = await markFailed(statusChange('TIMED_OUT'));
    const second = await markFailed(statusChange('TIMED_OUT'));

    // Assess
    expect(first.event?.failureCode).toBe('workflow_timeout');
    expect(second.event).toBeUndefined();
  });

  it('writes nothing for an input it cannot place (not JSON, a key outside the layout), and logs no input text', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    const logs = captureLogs();

    // Act
    try {
      await markFailed(statusChange('ABORTED', `not json ${CANARY}`));
      await markFailed(statusChange('ABORTED', s3Event(`elsewhere/${CANARY}.wav`)));
    } finally {
      logs.restore();
    }

    // Assess
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(logs.text()).not.toContain(CANARY);
  });

  it('throws when the table is unavailable, so EventBridge and Lambda retry the event', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));

    // Act
    const marking = markFailed(statusChange('TIMED_OUT'));

    // Assess
    await expect(marking).rejects.toThrow();
  });
});
