/**
 * The session workflow: a Step Functions Standard state machine in JSONPath (the local runtime,
 * aws-local-stepfunctions, runs this same definition, so: no JSONata, no variables, no Distributed Map).
 * State names are a contract: the local runtime keys its handlers by them.
 *
 * Success: ValidateUpload → (audio) StartTranscription → wait loop → NormalizeTranscript (parses and
 * analyses, once) → DeleteRawAudio → AnalyzeSession[GenerateNote, ScoreAlliance] (both read that analysis;
 * their answers named `$.results.note` and `$.results.alliance`) → PersistResults → PublishCompleted → Done.
 * Any failure: Catch → MarkFailed → DeleteRawAudioOnFailure → PublishFailed → SessionFailed. The raw
 * recording is deleted on both paths; the uploads bucket's one-day lifecycle rule is the backstop.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Parallel,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
  type INextable,
  type RetryProps,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, EventBridgePutEvents, LambdaInvoke, type CallAwsServiceProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { COMPLETED_DETAIL_TYPE, EVENT_SOURCE, FAILED_DETAIL_TYPE } from '../../schemas/workflow.js';
import type { AttuneFunctions } from './functions.js';
import { TRANSCRIBE_OUTPUT_PREFIX, UPLOADS_PREFIX, type AttuneStorage } from './storage.js';

export { COMPLETED_DETAIL_TYPE, EVENT_SOURCE, FAILED_DETAIL_TYPE };
/** Transcription jobs are named `attune-<execution name>`; IAM scopes job reads to this prefix. */
const JOB_PREFIX = 'attune-';
/** The wait between two GetTranscriptionJob calls. */
export const TRANSCRIPT_POLL_SECONDS = 30;

const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];
/**
 * A Lambda that died mid-invocation. Retried only where the handler is idempotent: PersistResults' write
 * is conditional on the session not being completed by another execution, so a retry after a crash that
 * followed the write finds its own execution's write and goes on to publish the completion.
 */
const LAMBDA_CRASH_ERRORS = ['Sandbox.Timedout', 'Lambda.Unknown', 'Runtime.ExitError'];
/** AWS SDK integration errors are `<Service>.<Exception>`; Transcribe throttles with LimitExceededException. */
const TRANSCRIBE_TRANSIENT_ERRORS = ['Transcribe.LimitExceededException', 'Transcribe.InternalFailureException'];
/** The optimized PutEvents integration fails with EventBridge.FailedEntry when an entry is throttled. */
const EVENTBRIDGE_TRANSIENT_ERRORS = ['EventBridge.FailedEntry', 'EventBridge.InternalException', 'EventBridge.ThrottlingException'];

const backoff = (errors: string[]): RetryProps => ({ errors, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 5 });

/**
 * Starting a job past the Region's quota of concurrent batch transcription jobs (250 by default, 25
 * StartTranscriptionJob calls a second) answers LimitExceededException. A burst of uploads must wait for
 * a free slot, not fail, so the start states retry it far longer than any other error:
 * - the ceilings grow 5 s, 10 s, … 160 s, then stay at 5 min (maxDelay): 315 s + 23 × 300 s ≈ 2 h in all;
 * - full jitter waits a random time between 0 and the ceiling, so a session waits about 1 h on average
 *   (the sum of 29 random waits stays within minutes of its mean) before the Catch fails it, and the
 *   waiting executions spread out instead of retrying in step when a slot frees;
 * - waiting executions retry on average every 150 s, so even 3,000 of them send 20 calls a second,
 *   below the 25 a second StartTranscriptionJob allows;
 * - 29 attempts add under 200 history events, far below Step Functions' 25,000.
 * An hour lets a session wait out the jobs ahead of it on a saturated quota; a steady load above the
 * quota needs a larger quota (Service Quotas), not longer retries.
 */
const TRANSCRIBE_QUOTA_RETRY: RetryProps = {
  errors: ['Transcribe.LimitExceededException'],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  maxAttempts: 29,
  jitterStrategy: JitterType.FULL,
};

export interface AttuneWorkflowProps {
  readonly storage: AttuneStorage;
  readonly functions: AttuneFunctions;
  /** Where `attune.session.completed` / `attune.session.failed` go. */
  readonly eventBus: IEventBus;
  /**
   * `medical` uses Amazon Transcribe Medical (US English, PRIMARYCARE, CONVERSATION).
   * @default 'standard'
   */
  readonly transcribeMode?: 'standard' | 'medical';
  /**
   * How long to wait for a transcription job before failing the session.
   * @default 120
   */
  readonly maxTranscriptionWaitMinutes?: number;
  /**
   * The language of the recordings (Transcribe Medical only supports en-US).
   * @default 'en-US'
   */
  readonly languageCode?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * CallAwsService whose generated statement carries IAM conditions: Transcribe's Start*TranscriptionJob
 * actions have no resource type, so `Resource: '*'` is unavoidable and the conditions do the scoping.
 */
class ConditionedCallAwsService extends CallAwsService {
  constructor(scope: Construct, id: string, props: CallAwsServiceProps & { readonly iamConditions: Record<string, unknown> }) {
    const { iamConditions, ...rest } = props;
    super(scope, id, rest);
    this.taskPolicies?.[0]?.addConditions(iamConditions);
  }
}

export class AttuneWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  /** Upload events EventBridge could not deliver to the state machine. */
  readonly deadLetterQueue: Queue;
  readonly uploadRule: Rule;

  constructor(scope: Construct, id: string, props: AttuneWorkflowProps) {
    super(scope, id);
    const { storage, functions: fns, eventBus } = props;
    const medical = (props.transcribeMode ?? 'standard') === 'medical';
    const maxPolls = Math.ceil(((props.maxTranscriptionWaitMinutes ?? 120) * 60) / TRANSCRIPT_POLL_SECONDS);
    const stack = Stack.of(this);

    // A branch task's result is the branch's output: no resultPath there.
    const invoke = (stateId: string, fn: IFunction, payload: Record<string, unknown>, resultPath?: string) =>
      new LambdaInvoke(this, stateId, {
        lambdaFunction: fn,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        ...(resultPath ? { resultPath } : {}),
      }).addRetry(backoff(LAMBDA_TRANSIENT_ERRORS));
    const upload = (field: string) => JsonPath.stringAt(`$.validation.upload.${field}`);

    // ---- Failure path: record the reason, delete the recording, tell subscribers, fail. ----
    const sessionFailed = new Fail(this, 'SessionFailed', {
      error: 'SessionFailed',
      cause: 'The session could not be processed; its record holds the reason',
    });
    const publishFailed = new EventBridgePutEvents(this, 'PublishFailed', {
      entries: [{ eventBus, source: EVENT_SOURCE, detailType: FAILED_DETAIL_TYPE, detail: TaskInput.fromJsonPathAt('$.failed.event') }],
      resultPath: JsonPath.DISCARD,
    })
      .addRetry(backoff(EVENTBRIDGE_TRANSIENT_ERRORS))
      .addCatch(sessionFailed, { errors: [Errors.ALL], resultPath: '$.publishError' });
    publishFailed.next(sessionFailed);
    const hasFailureEvent = new Choice(this, 'HasFailureEvent?')
      .when(Condition.isPresent('$.failed.event'), publishFailed)
      .otherwise(sessionFailed);
    const deleteOnFailure = invoke(
      'DeleteRawAudioOnFailure',
      fns.deleteRawAudio,
      { bucket: JsonPath.stringAt('$.failed.bucket'), key: JsonPath.stringAt('$.failed.key'), onlyVersionId: JsonPath.stringAt('$.failed.onlyVersionId') },
      '$.failureDeletion',
    ).addCatch(hasFailureEvent, { errors: [Errors.ALL], resultPath: '$.failureDeletionError' });
    deleteOnFailure.next(hasFailureEvent);
    // MarkFailed is written never to throw; should it fail anyway, the recording is found from the S3 event itself.
    const locateFromEvent = new Pass(this, 'LocateUploadFromEvent', {
      parameters: { bucket: JsonPath.stringAt('$.detail.bucket.name'), key: JsonPath.stringAt('$.detail.object.key'), onlyVersionId: '' },
      resultPath: '$.failed',
    }).next(deleteOnFailure);
    const markFailed = invoke('MarkFailed', fns.markFailed, { state: JsonPath.entirePayload, executionId: JsonPath.executionId }, '$.failed').addCatch(
      locateFromEvent,
      { errors: [Errors.ALL], resultPath: '$.markFailedError' },
    );
    markFailed.next(deleteOnFailure);

    const orFail = <T extends TaskStateBase | Parallel>(state: T): T => {
      state.addCatch(markFailed, { errors: [Errors.ALL], resultPath: '$.error' });
      return state;
    };

    // ---- Success path ----
    const done = new Succeed(this, 'Done');
    const alreadyProcessed = new Succeed(this, 'AlreadyProcessed', { comment: 'Another execution owns this session' });

    const publishCompleted = orFail(
      new EventBridgePutEvents(this, 'PublishCompleted', {
        entries: [{ eventBus, source: EVENT_SOURCE, detailType: COMPLETED_DETAIL_TYPE, detail: TaskInput.fromJsonPathAt('$.persisted.event') }],
        resultPath: JsonPath.DISCARD,
      }).addRetry(backoff(EVENTBRIDGE_TRANSIENT_ERRORS)),
    );
    publishCompleted.next(done);
    // PersistResults answers duplicate: true when another execution completed the session first.
    const alreadyCompleted = new Choice(this, 'AlreadyCompleted?')
      .when(Condition.booleanEquals('$.persisted.duplicate', true), alreadyProcessed)
      .otherwise(publishCompleted);

    // `normalized` names the transcript and the analysis NormalizeTranscript stored: both branches read those.
    const analysisPayload = { upload: JsonPath.objectAt('$.validation.upload'), normalized: JsonPath.objectAt('$.normalized') };
    const persist = orFail(
      invoke(
        'PersistResults',
        fns.persistResults,
        {
          ...analysisPayload,
          results: JsonPath.objectAt('$.results'),
          executionId: JsonPath.executionId,
          startedAt: JsonPath.executionStartTime,
        },
        '$.persisted',
      ).addRetry(backoff(LAMBDA_CRASH_ERRORS)),
    );
    persist.next(alreadyCompleted);

    // A Parallel answers an array in branch order; the ResultSelector names each answer after its branch,
    // with positions derived from the order the branches are added, so nothing downstream reads a position.
    const branches = {
      note: invoke('GenerateNote', fns.generateNote, analysisPayload),
      alliance: invoke('ScoreAlliance', fns.scoreAlliance, analysisPayload),
    };
    const analyze = orFail(
      new Parallel(this, 'AnalyzeSession', {
        resultSelector: Object.fromEntries(Object.keys(branches).map((name, position) => [name, JsonPath.objectAt(`$[${position}]`)])),
        resultPath: '$.results',
      }),
    );
    for (const branch of Object.values(branches)) analyze.branch(branch);
    analyze.next(persist);

    const deleteRawAudio = orFail(invoke('DeleteRawAudio', fns.deleteRawAudio, { bucket: upload('bucket'), key: upload('key') }, '$.deletion'));
    deleteRawAudio.next(analyze);

    const normalize = orFail(
      invoke('NormalizeTranscript', fns.normalizeTranscript, { upload: JsonPath.objectAt('$.validation.upload') }, '$.normalized'),
    );
    normalize.next(deleteRawAudio);

    // ---- Transcription and its bounded wait loop ----
    const outputKey = JsonPath.format(`${TRANSCRIBE_OUTPUT_PREFIX}{}/{}/{}.json`, upload('tenantId'), upload('clientId'), upload('sessionId'));
    const jobName = JsonPath.format(`${JOB_PREFIX}{}`, JsonPath.executionName);
    const startAction = medical ? 'startMedicalTranscriptionJob' : 'startTranscriptionJob';
    const startTranscription = (stateId: string, settings: Record<string, unknown>) =>
      orFail(
        new ConditionedCallAwsService(this, stateId, {
          service: 'transcribe',
          action: startAction,
          iamAction: medical ? 'transcribe:StartMedicalTranscriptionJob' : 'transcribe:StartTranscriptionJob',
          iamResources: ['*'],
          iamConditions: {
            StringEquals: {
              'transcribe:OutputBucketName': storage.artifactsBucket.bucketName,
              'transcribe:OutputEncryptionKMSKeyId': storage.key.keyArn,
            },
            StringLike: { 'transcribe:OutputKey': `${TRANSCRIBE_OUTPUT_PREFIX}*` },
          },
          parameters: {
            [medical ? 'MedicalTranscriptionJobName' : 'TranscriptionJobName']: jobName,
            LanguageCode: props.languageCode ?? 'en-US',
            Media: { MediaFileUri: JsonPath.format('s3://{}/{}', upload('bucket'), upload('key')) },
            MediaFormat: upload('mediaFormat'),
            OutputBucketName: storage.artifactsBucket.bucketName,
            OutputKey: outputKey,
            OutputEncryptionKMSKeyId: storage.key.keyArn,
            Settings: settings,
            ...(medical ? { Specialty: 'PRIMARYCARE', Type: 'CONVERSATION' } : {}),
          },
          // The answer names the job and its settings (ids, no text); the wait loop reads the job by name.
          resultPath: '$.transcription',
        })
          .addRetry(TRANSCRIBE_QUOTA_RETRY)
          .addRetry(backoff(['Transcribe.InternalFailureException'])),
      );
    // Stereo recordings carry one speaker per channel: channel identification beats telling voices apart.
    const startStereo = startTranscription('StartTranscriptionStereo', { ChannelIdentification: true });
    const startMono = startTranscription('StartTranscription', { ShowSpeakerLabels: true, MaxSpeakerLabels: 2 });

    const getJob = orFail(
      new CallAwsService(this, 'GetTranscriptionJob', {
        service: 'transcribe',
        action: medical ? 'getMedicalTranscriptionJob' : 'getTranscriptionJob',
        iamAction: medical ? 'transcribe:GetMedicalTranscriptionJob' : 'transcribe:GetTranscriptionJob',
        iamResources: [
          stack.formatArn({ service: 'transcribe', resource: medical ? 'medical-transcription-job' : 'transcription-job', resourceName: `${JOB_PREFIX}*` }),
        ],
        parameters: { [medical ? 'MedicalTranscriptionJobName' : 'TranscriptionJobName']: jobName },
        resultSelector: {
          status: JsonPath.stringAt(medical ? '$.MedicalTranscriptionJob.TranscriptionJobStatus' : '$.TranscriptionJob.TranscriptionJobStatus'),
        },
        resultPath: '$.transcription.job',
      }).addRetry(backoff(TRANSCRIBE_TRANSIENT_ERRORS)),
    );

    const transcriptionFailed = new Pass(this, 'TranscriptionFailed', {
      result: Result.fromObject({ Error: 'TranscriptionFailed', Cause: 'Amazon Transcribe could not transcribe the recording' }),
      resultPath: '$.error',
    }).next(markFailed);
    const timedOut = new Pass(this, 'TranscriptionTimedOut', {
      result: Result.fromObject({ Error: 'TranscriptionTimedOut', Cause: `Amazon Transcribe did not finish within ${props.maxTranscriptionWaitMinutes ?? 120} minutes` }),
      resultPath: '$.error',
    }).next(markFailed);

    const waitForTranscript = new Wait(this, 'WaitForTranscript', { time: WaitTime.duration(Duration.seconds(TRANSCRIPT_POLL_SECONDS)) });
    const waitedTooLong = new Choice(this, 'WaitedTooLong?')
      .when(Condition.numberGreaterThanEquals('$.wait.attempts', maxPolls), timedOut)
      .otherwise(waitForTranscript);
    const countWait = new Pass(this, 'CountWait', {
      parameters: { attempts: JsonPath.mathAdd(JsonPath.numberAt('$.wait.attempts'), 1) },
      resultPath: '$.wait',
    }).next(waitedTooLong);
    const transcriptReady = new Choice(this, 'TranscriptReady?')
      .when(Condition.stringEquals('$.transcription.job.status', 'COMPLETED'), normalize)
      .when(Condition.stringEquals('$.transcription.job.status', 'FAILED'), transcriptionFailed)
      .otherwise(countWait);
    waitForTranscript.next(getJob);
    getJob.next(transcriptReady);
    const initWait = new Pass(this, 'InitWait', { result: Result.fromObject({ attempts: 0 }), resultPath: '$.wait' }).next(waitForTranscript);
    for (const start of [startStereo, startMono] as INextable[]) start.next(initWait);

    // ---- Entry: validation and routing ----
    const isStereo = new Choice(this, 'IsStereo?').when(Condition.numberEquals('$.validation.upload.channels', 2), startStereo).otherwise(startMono);
    const isAudio = new Choice(this, 'IsAudio?').when(Condition.stringEquals('$.validation.upload.kind', 'audio'), isStereo).otherwise(normalize);
    // A duplicate's failure to delete goes to MarkFailed too; the owning execution's PersistResults still completes the session.
    // A new version of a session already processed deletes only itself; a redelivered event for the version
    // another execution owns deletes nothing (that execution deletes every version when it is done).
    const deleteDuplicate = orFail(
      invoke('DeleteDuplicateUpload', fns.deleteRawAudio, { bucket: upload('bucket'), key: upload('key'), onlyVersionId: upload('versionId') }, '$.deletion'),
    );
    deleteDuplicate.next(alreadyProcessed);
    const isRedelivery = new Choice(this, 'IsRedelivery?').when(Condition.booleanEquals('$.validation.redelivery', true), alreadyProcessed).otherwise(deleteDuplicate);
    const isDuplicate = new Choice(this, 'IsDuplicate?').when(Condition.booleanEquals('$.validation.duplicate', true), isRedelivery).otherwise(isAudio);
    // An invalid upload is an answer, not an error: MarkFailed reads the reason from $.validation.failure.
    const isUploadValid = new Choice(this, 'IsUploadValid?').when(Condition.booleanEquals('$.validation.valid', true), isDuplicate).otherwise(markFailed);
    const validate = orFail(
      invoke('ValidateUpload', fns.validateUpload, { event: JsonPath.entirePayload, executionId: JsonPath.executionId }, '$.validation'),
    );
    validate.next(isUploadValid);

    const logs = new LogGroup(this, 'ExecutionLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      encryptionKey: storage.key,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(validate),
      stateMachineType: StateMachineType.STANDARD,
      tracingEnabled: true,
      // Every state entered and left, as an audit trail of what happened to each session. Payloads carry ids
      // only, but execution data (state inputs and outputs) stays out of the logs all the same.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Attune: a recorded session to a progress note and alliance scores',
    });

    // Amazon Transcribe reads the recording and writes its output with the caller's (this role's) permissions.
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [storage.uploadsBucket.arnForObjects(`${UPLOADS_PREFIX}*`)] }));
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [storage.artifactsBucket.arnForObjects(`${TRANSCRIBE_OUTPUT_PREFIX}*`)] }),
    );
    storage.key.grant(this.stateMachine, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');

    // Every "Object Created" under uploads/ starts an execution with the S3 event as its input.
    this.deadLetterQueue = new Queue(this, 'UploadEventsDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.uploadRule = new Rule(this, 'UploadCreated', {
      description: 'Attune: start the session workflow for each new upload',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [storage.uploadsBucket.bucketName] }, object: { key: Match.prefix(UPLOADS_PREFIX) } },
      },
      targets: [
        new SfnStateMachine(this.stateMachine, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 20,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
