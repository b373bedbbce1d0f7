/**
 * M4 (issue 15), in AWS: an execution that timed out, was stopped or failed outside its failure path runs no
 * MarkFailed state, and left its session RECEIVED, TRANSCRIBING or ANALYZING for good. An EventBridge rule on
 * the workflow's execution status events now invokes MarkFailed, which marks the session FAILED in one
 * conditional write (still in processing, by that execution): idempotent, and never over a COMPLETED session
 * or a reason the failure path recorded. When it marks the session it also does what the failure path would
 * have: deletes every version of the recording and publishes `attune.session.failed`. DynamoDB, S3 (FakeS3)
 * and EventBridge are mocked with aws-sdk-client-mock.
 */
import './handler-env.js';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSessionRepository } from '../../../lambdas/adapters/dynamodb/session-repository.js';
import { EventBridgeEventBus } from '../../../lambdas/adapters/eventbridge/event-bus.js';
import { FAILURE_MESSAGES, createMarkFailedHandler } from '../../../lambdas/mark-failed/handler.js';
import { SessionEventDetailSchema } from '../../../schemas/workflow.js';
import { FakeS3, UPLOADS, captureLogs } from './fake-s3.js';

const TABLE = 'attune-sessions';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:000000000000:execution:AttuneWorkflowStateMachine:5f1c-upload';
const CANARY = 'Zanzibarquokka';
const BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/attune-events';
const KEY = 'uploads/acme/c1/s1.wav';

const dynamo = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
let s3: FakeS3;
let sessions: DynamoSessionRepository;
let markFailed: ReturnType<typeof createMarkFailedHandler>;

beforeEach(() => {
  dynamo.reset();
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  s3 = new FakeS3();
  sessions = new DynamoSessionRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), TABLE, {
    now: () => new Date('2026-10-01T12:00:00.000Z'),
  });
  const events = new EventBridgeEventBus(new EventBridgeClient({ region: 'us-east-1' }), BUS);
  markFailed = createMarkFailedHandler({ sessions, stopped: { store: s3.store, uploadsBucket: UPLOADS, events } });
});
afterEach(() => {
  dynamo.reset();
  eventBridge.reset();
  s3.restore();
});

/** The recording as the stopped execution left it: two takes and a delete marker between them, and a neighbour. */
function seedRecording(): void {
  s3.put(UPLOADS, KEY, 'take 1');
  s3.deleteMarker(UPLOADS, KEY);
  s3.put(UPLOADS, KEY, 'take 2');
  s3.put(UPLOADS, 'uploads/acme/c1/s2.wav', 'another session');
}

/** The PutEvents entries sent, with their details parsed. */
function publishedEntries() {
  return eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => ({ ...entry, Detail: JSON.parse(entry.Detail ?? 'null') as unknown }));
}

/** The S3 "Object Created" event that started the execution: its input. */
const s3Event = (key = KEY, bucket = UPLOADS) => ({
  version: '0',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  detail: { bucket: { name: bucket }, object: { key, size: 10, 'version-id': 'v1' } },
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

  it('throws when the table is unavailable, so EventBridge and Lambda retry the event, and deletes and publishes nothing meanwhile', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    seedRecording();

    // Act
    const marking = markFailed(statusChange('TIMED_OUT'));

    // Assess
    await expect(marking).rejects.toThrow();
    expect(s3.versionCount(UPLOADS, KEY)).toBe(3);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe('MarkFailed on an execution status event: the recording and the failure event (M4)', () => {
  it.each([
    ['TIMED_OUT', 'workflow_timeout'],
    ['ABORTED', 'workflow_stopped'],
    ['FAILED', 'internal_error'],
  ])(
    'after marking the session of an execution that ended %s, deletes every version of its recording and publishes one failed event (%s)',
    async (status, code) => {
      // Prepare
      dynamo.on(UpdateCommand).resolves({});
      seedRecording();

      // Act
      await markFailed(statusChange(status));

      // Assess: no version or delete marker of the recording is left; the other session's upload is.
      expect(s3.versionCount(UPLOADS, KEY)).toBe(0);
      expect(s3.versionCount(UPLOADS, 'uploads/acme/c1/s2.wav')).toBe(1);
      expect(publishedEntries()).toEqual([
        {
          EventBusName: BUS,
          Source: 'attune',
          DetailType: 'attune.session.failed',
          Detail: { tenantId: 'acme', clientId: 'c1', sessionId: 's1', status: 'FAILED', failureCode: code },
        },
      ]);
    },
  );

  it('publishes ids and the failure code only: no reason text, no key, no file name', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    s3.put(UPLOADS, `uploads/acme/c1/${CANARY}.wav`, 'recording');

    // Act
    await markFailed(statusChange('TIMED_OUT', s3Event(`uploads/acme/c1/${CANARY}.wav`)));

    // Assess
    const [entry] = publishedEntries();
    expect(Object.keys(entry!.Detail as object).sort()).toEqual(['clientId', 'failureCode', 'sessionId', 'status', 'tenantId']);
    const sent = JSON.stringify(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input));
    expect(sent).not.toContain(FAILURE_MESSAGES.workflowTimedOut.message);
    expect(sent).not.toContain('.wav');
  });

  it('deletes nothing and publishes nothing when it did not mark the session (completed, or failed by its failure path, which deleted and published already)', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    seedRecording();

    // Act
    await markFailed(statusChange('FAILED'));

    // Assess
    expect(s3.stub.commandCalls(ListObjectVersionsCommand)).toHaveLength(0);
    expect(s3.stub.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
    expect(s3.versionCount(UPLOADS, KEY)).toBe(3);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('a recording that cannot be deleted: the failure is still published, and the invocation fails so it shows', async () => {
    // Prepare: S3 refuses one version (object lock, a missing grant).
    dynamo.on(UpdateCommand).resolves({});
    seedRecording();
    s3.undeletable.add('v3');

    // Act
    const marking = markFailed(statusChange('ABORTED'));

    // Assess
    await expect(marking).rejects.toThrow();
    expect(publishedEntries()).toHaveLength(1);
    expect(publishedEntries()[0]!.Detail).toMatchObject({ sessionId: 's1', failureCode: 'workflow_stopped' });
  });

  it('never deletes outside the uploads bucket, whatever bucket the execution input names; the failure is still published', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    s3.put('attune-artifacts', KEY, 'not an upload');

    // Act
    const marking = markFailed(statusChange('TIMED_OUT', s3Event(KEY, 'attune-artifacts')));

    // Assess
    await expect(marking).rejects.toThrow(/refused to delete/);
    expect(s3.versionCount('attune-artifacts', KEY)).toBe(1);
    expect(publishedEntries()).toHaveLength(1);
  });

  it('an event the bus refuses fails the invocation, after the recording is deleted', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] });
    seedRecording();

    // Act
    const marking = markFailed(statusChange('TIMED_OUT'));

    // Assess
    await expect(marking).rejects.toThrow(/ThrottlingException/);
    expect(s3.versionCount(UPLOADS, KEY)).toBe(0);
  });

  it('built without what this path needs, refuses the event before marking anything', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    const bare = createMarkFailedHandler({ sessions });

    // Act
    const marking = bare(statusChange('TIMED_OUT'));

    // Assess
    await expect(marking).rejects.toThrow(/stopped/);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
