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
 * An execution past the state machine's timeout (WORKFLOW_TIMEOUT_HOURS), stopped, or failed outside that
 * path reaches MarkFailed through an EventBridge rule instead (execution-failures.ts).
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
  type IChainable,
  type INextable,
  type RetryProps,
  type State,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, EventBridgePutEvents, LambdaInvoke, type CallAwsServiceProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { COMPLETED_DETAIL_TYPE, EVENT_SOURCE, FAILED_DETAIL_TYPE, MAX_TRANSCRIPTION_WAIT_MINUTES, WORKFLOW_TIMEOUT_HOURS } from '../../schemas/workflow.js';
import { AttuneExecutionFailures } from './execution-failures.js';
import type { AttuneFunctions } from './functions.js';
import { artifactKeyTemplate } from '../../schemas/storage-layout.js';
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
   * How long to wait for a transcription job before failing the session (above 0, at most 240: the
   * workflow's timeout, WORKFLOW_TIMEOUT_HOURS, leaves room for that and no more).
   * @default 120
   */
  readonly maxTranscriptionWaitMinutes?: number;
  /**
   * The language of the recordings. Transcribe Medical only supports en-US: another language with
   * `transcribeMode: 'medical'` throws.
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

/** The transcription job of this execution: `attune-<execution name>`. */
const jobName = () => JsonPath.format(`${JOB_PREFIX}{}`, JsonPath.executionName);

/**
 * A stretch of the workflow: the state it starts at, and a way to say where it goes on to once it is done.
 * Stages end open so the constructor can read in flow order: it builds them top to bottom and joins each
 * one's way on to the next one's start.
 */
interface Stage {
  readonly start: State;
  /** Joins the stage's way on to `next` (what the joining call answers is not used). */
  readonly onward: (next: IChainable) => unknown;
}

/** A stage that is one state with one way on. */
const step = (state: TaskStateBase | Parallel): Stage => ({ start: state, onward: (next) => state.next(next) });

/** Joins the stages in order, the last going on to `end`; answers the first stage's start. */
function inSequence(stages: readonly [Stage, ...Stage[]], end: IChainable): State {
  stages.forEach((stage, position) => {
    stage.onward(stages[position + 1]?.start ?? end);
  });
  return stages[0].start;
}

/** The upload ValidateUpload answered with (`$.validation.upload`), one field of it. */
const upload = (field: string) => JsonPath.stringAt(`$.validation.upload.${field}`);
/** What both analyses and PersistResults read: the upload, and the transcript and analysis NormalizeTranscript stored. */
const analysisPayload = () => ({ upload: JsonPath.objectAt('$.validation.upload'), normalized: JsonPath.objectAt('$.normalized') });

export class AttuneWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  /**
   * Events EventBridge could not deliver: upload events to the state machine, and execution status events
   * to MarkFailed (`executionFailures`).
   */
  readonly deadLetterQueue: Queue;
  readonly uploadRule: Rule;
  /** Marks FAILED the session of an execution that timed out, was stopped or failed outside its failure path. */
  readonly executionFailures: AttuneExecutionFailures;

  private readonly props: AttuneWorkflowProps;
  private readonly medical: boolean;
  private readonly maxWaitMinutes: number;
  /** The failure path's first state: every task's Catch, and every check that fails a session, lead here. */
  private readonly markFailed: TaskStateBase;
  /** Where an execution ends when another execution owns its session. */
  private readonly alreadyProcessed: Succeed;

  constructor(scope: Construct, id: string, props: AttuneWorkflowProps) {
    super(scope, id);
    this.props = props;
    this.medical = (props.transcribeMode ?? 'standard') === 'medical';
    this.maxWaitMinutes = props.maxTranscriptionWaitMinutes ?? 120;
    if (this.medical && props.languageCode !== undefined && props.languageCode !== 'en-US') {
      throw new Error(`AttuneWorkflow: Amazon Transcribe Medical transcribes en-US only, not '${props.languageCode}'; use transcribeMode 'standard'`);
    }
    if (!(this.maxWaitMinutes > 0 && this.maxWaitMinutes <= MAX_TRANSCRIPTION_WAIT_MINUTES)) {
      throw new Error(
        `AttuneWorkflow: maxTranscriptionWaitMinutes must be above 0 and at most ${MAX_TRANSCRIPTION_WAIT_MINUTES} (the workflow's ${WORKFLOW_TIMEOUT_HOURS}-hour timeout leaves room for no more), not ${this.maxWaitMinutes}`,
      );
    }

    // Built first because every stage's Catch leads into it; it runs last.
    this.markFailed = this.failurePath();
    this.alreadyProcessed = new Succeed(this, 'AlreadyProcessed', { comment: 'Another execution owns this session' });

    const definition = inSequence(
      [
        this.uploadValidated(),
        this.transcribedOrNormalized(),
        this.rawAudioDeleted(),
        this.sessionAnalyzed(),
        this.resultsPersisted(),
        this.completionPublished(),
      ],
      new Succeed(this, 'Done'),
    );

    this.stateMachine = this.createStateMachine(definition);
    this.grantTranscribeStorage();
    const trigger = this.startOnUpload();
    this.deadLetterQueue = trigger.deadLetterQueue;
    this.uploadRule = trigger.rule;
    this.executionFailures = new AttuneExecutionFailures(this, 'ExecutionFailures', {
      stateMachine: this.stateMachine,
      markFailed: props.functions.markFailed,
      deadLetterQueue: this.deadLetterQueue,
    });
    // On that path MarkFailed publishes `attune.session.failed` itself, on the bus PublishFailed uses.
    props.functions.publishEventsTo(props.eventBus);
  }

  // ---- Success path, in flow order ----

  /**
   * ValidateUpload → IsUploadValid? → IsDuplicate? → on with a new upload. An invalid upload is an answer,
   * not an error: MarkFailed reads the reason from `$.validation.failure`.
   */
  private uploadValidated(): Stage {
    const validate = this.orFail(
      this.invoke('ValidateUpload', this.props.functions.validateUpload, { event: JsonPath.entirePayload, executionId: JsonPath.executionId }, '$.validation'),
    );
    const isUploadValid = new Choice(this, 'IsUploadValid?');
    const isDuplicate = new Choice(this, 'IsDuplicate?');
    const isRedelivery = new Choice(this, 'IsRedelivery?');
    // A new version of a session already processed deletes only itself; a redelivered event for the version
    // another execution owns deletes nothing (that execution deletes every version when it is done).
    // A duplicate's failure to delete goes to MarkFailed too; the owning execution's PersistResults still completes the session.
    const deleteDuplicate = this.orFail(
      this.invoke(
        'DeleteDuplicateUpload',
        this.props.functions.deleteRawAudio,
        { bucket: upload('bucket'), key: upload('key'), onlyVersionId: upload('versionId') },
        '$.deletion',
      ),
    );

    validate.next(isUploadValid);
    isUploadValid.when(Condition.booleanEquals('$.validation.valid', true), isDuplicate).otherwise(this.markFailed);
    isDuplicate.when(Condition.booleanEquals('$.validation.duplicate', true), isRedelivery);
    isRedelivery.when(Condition.booleanEquals('$.validation.redelivery', true), this.alreadyProcessed).otherwise(deleteDuplicate);
    deleteDuplicate.next(this.alreadyProcessed);
    return { start: validate, onward: (next) => isDuplicate.otherwise(next) };
  }

  /** IsAudio? → (a recording) the transcription → NormalizeTranscript; a transcript upload is normalized at once. */
  private transcribedOrNormalized(): Stage {
    const isAudio = new Choice(this, 'IsAudio?');
    const transcription = this.transcription();
    // NormalizeTranscript parses and analyses the transcript once; GenerateNote and ScoreAlliance read what it stored.
    const normalize = this.orFail(
      this.invoke('NormalizeTranscript', this.props.functions.normalizeTranscript, { upload: JsonPath.objectAt('$.validation.upload') }, '$.normalized'),
    );

    isAudio.when(Condition.stringEquals('$.validation.upload.kind', 'audio'), transcription.start).otherwise(normalize);
    transcription.onward(normalize);
    return { start: isAudio, onward: (next) => normalize.next(next) };
  }

  /**
   * IsStereo? → StartTranscription(Stereo) → InitWait → WaitForTranscript → GetTranscriptionJob → TranscriptReady?:
   * COMPLETED goes on; FAILED, or not done within maxTranscriptionWaitMinutes, fails the session.
   */
  private transcription(): Stage {
    const isStereo = new Choice(this, 'IsStereo?');
    // Stereo recordings carry one speaker per channel: channel identification beats telling voices apart.
    const startStereo = this.startTranscription('StartTranscriptionStereo', { ChannelIdentification: true });
    const startMono = this.startTranscription('StartTranscription', { ShowSpeakerLabels: true, MaxSpeakerLabels: 2 });
    const initWait = new Pass(this, 'InitWait', { result: Result.fromObject({ attempts: 0 }), resultPath: '$.wait' });
    const waitForTranscript = new Wait(this, 'WaitForTranscript', { time: WaitTime.duration(Duration.seconds(TRANSCRIPT_POLL_SECONDS)) });
    const getJob = this.getTranscriptionJob();
    const transcriptReady = new Choice(this, 'TranscriptReady?');
    const transcriptionFailed = new Pass(this, 'TranscriptionFailed', {
      result: Result.fromObject({ Error: 'TranscriptionFailed', Cause: 'Amazon Transcribe could not transcribe the recording' }),
      resultPath: '$.error',
    });
    const countWait = new Pass(this, 'CountWait', {
      parameters: { attempts: JsonPath.mathAdd(JsonPath.numberAt('$.wait.attempts'), 1) },
      resultPath: '$.wait',
    });
    const waitedTooLong = new Choice(this, 'WaitedTooLong?');
    const timedOut = new Pass(this, 'TranscriptionTimedOut', {
      result: Result.fromObject({ Error: 'TranscriptionTimedOut', Cause: `Amazon Transcribe did not finish within ${this.maxWaitMinutes} minutes` }),
      resultPath: '$.error',
    });
    const maxPolls = Math.ceil((this.maxWaitMinutes * 60) / TRANSCRIPT_POLL_SECONDS);

    isStereo.when(Condition.numberEquals('$.validation.upload.channels', 2), startStereo).otherwise(startMono);
    for (const start of [startStereo, startMono] as INextable[]) start.next(initWait);
    initWait.next(waitForTranscript).next(getJob).next(transcriptReady);
    transcriptionFailed.next(this.markFailed);
    countWait.next(waitedTooLong);
    waitedTooLong.when(Condition.numberGreaterThanEquals('$.wait.attempts', maxPolls), timedOut).otherwise(waitForTranscript);
    timedOut.next(this.markFailed);
    return {
      start: isStereo,
      // The way on is TranscriptReady?'s first choice, so its choices are listed once that is known.
      onward: (next) =>
        transcriptReady
          .when(Condition.stringEquals('$.transcription.job.status', 'COMPLETED'), next)
          .when(Condition.stringEquals('$.transcription.job.status', 'FAILED'), transcriptionFailed)
          .otherwise(countWait),
    };
  }

  /** DeleteRawAudio: the recording is not needed once the transcript is stored. */
  private rawAudioDeleted(): Stage {
    return step(
      this.orFail(this.invoke('DeleteRawAudio', this.props.functions.deleteRawAudio, { bucket: upload('bucket'), key: upload('key') }, '$.deletion')),
    );
  }

  /** AnalyzeSession: GenerateNote and ScoreAlliance side by side, their answers at `$.results.note` and `$.results.alliance`. */
  private sessionAnalyzed(): Stage {
    const fns = this.props.functions;
    // A Parallel answers an array in branch order; the ResultSelector names each answer after its branch,
    // with positions derived from the order the branches are added, so nothing downstream reads a position.
    const branches = {
      note: this.invoke('GenerateNote', fns.generateNote, analysisPayload()),
      alliance: this.invoke('ScoreAlliance', fns.scoreAlliance, analysisPayload()),
    };
    const analyze = this.orFail(
      new Parallel(this, 'AnalyzeSession', {
        resultSelector: Object.fromEntries(Object.keys(branches).map((name, position) => [name, JsonPath.objectAt(`$[${position}]`)])),
        resultPath: '$.results',
      }),
    );
    for (const branch of Object.values(branches)) analyze.branch(branch);
    return step(analyze);
  }

  /** PersistResults → AlreadyCompleted?: PersistResults answers duplicate: true when another execution completed the session first. */
  private resultsPersisted(): Stage {
    const persist = this.orFail(
      this.invoke(
        'PersistResults',
        this.props.functions.persistResults,
        { ...analysisPayload(), results: JsonPath.objectAt('$.results'), executionId: JsonPath.executionId, startedAt: JsonPath.executionStartTime },
        '$.persisted',
      ).addRetry(backoff(LAMBDA_CRASH_ERRORS)),
    );
    const alreadyCompleted = new Choice(this, 'AlreadyCompleted?').when(Condition.booleanEquals('$.persisted.duplicate', true), this.alreadyProcessed);

    persist.next(alreadyCompleted);
    return { start: persist, onward: (next) => alreadyCompleted.otherwise(next) };
  }

  /** PublishCompleted: `attune.session.completed`, with the event PersistResults wrote. */
  private completionPublished(): Stage {
    return step(
      this.orFail(
        new EventBridgePutEvents(this, 'PublishCompleted', {
          entries: [
            { eventBus: this.props.eventBus, source: EVENT_SOURCE, detailType: COMPLETED_DETAIL_TYPE, detail: TaskInput.fromJsonPathAt('$.persisted.event') },
          ],
          resultPath: JsonPath.DISCARD,
        }).addRetry(backoff(EVENTBRIDGE_TRANSIENT_ERRORS)),
      ),
    );
  }

  // ---- Failure path ----

  /**
   * MarkFailed (records the reason) → DeleteRawAudioOnFailure → HasFailureEvent? → PublishFailed → SessionFailed.
   * Each of these that fails goes on all the same: a failing session still loses its recording and is
   * reported wherever possible. Answers MarkFailed.
   */
  private failurePath(): TaskStateBase {
    const fns = this.props.functions;
    const markFailed = this.invoke('MarkFailed', fns.markFailed, { state: JsonPath.entirePayload, executionId: JsonPath.executionId }, '$.failed');
    // MarkFailed is written never to throw; should it fail anyway, the recording is found from the S3 event itself.
    const locateFromEvent = new Pass(this, 'LocateUploadFromEvent', {
      parameters: { bucket: JsonPath.stringAt('$.detail.bucket.name'), key: JsonPath.stringAt('$.detail.object.key'), onlyVersionId: '' },
      resultPath: '$.failed',
    });
    const deleteOnFailure = this.invoke(
      'DeleteRawAudioOnFailure',
      fns.deleteRawAudio,
      { bucket: JsonPath.stringAt('$.failed.bucket'), key: JsonPath.stringAt('$.failed.key'), onlyVersionId: JsonPath.stringAt('$.failed.onlyVersionId') },
      '$.failureDeletion',
    );
    const hasFailureEvent = new Choice(this, 'HasFailureEvent?');
    const publishFailed = new EventBridgePutEvents(this, 'PublishFailed', {
      entries: [{ eventBus: this.props.eventBus, source: EVENT_SOURCE, detailType: FAILED_DETAIL_TYPE, detail: TaskInput.fromJsonPathAt('$.failed.event') }],
      resultPath: JsonPath.DISCARD,
    }).addRetry(backoff(EVENTBRIDGE_TRANSIENT_ERRORS));
    const sessionFailed = new Fail(this, 'SessionFailed', {
      error: 'SessionFailed',
      cause: 'The session could not be processed; its record holds the reason',
    });

    markFailed.addCatch(locateFromEvent, { errors: [Errors.ALL], resultPath: '$.markFailedError' }).next(deleteOnFailure);
    locateFromEvent.next(deleteOnFailure);
    deleteOnFailure.addCatch(hasFailureEvent, { errors: [Errors.ALL], resultPath: '$.failureDeletionError' }).next(hasFailureEvent);
    hasFailureEvent.when(Condition.isPresent('$.failed.event'), publishFailed).otherwise(sessionFailed);
    publishFailed.addCatch(sessionFailed, { errors: [Errors.ALL], resultPath: '$.publishError' }).next(sessionFailed);
    return markFailed;
  }

  // ---- States ----

  /** A Lambda task answering its function's payload, transient Lambda errors retried. A Parallel branch's task takes no resultPath: its result is the branch's output. */
  private invoke(stateId: string, fn: IFunction, payload: Record<string, unknown>, resultPath?: string): TaskStateBase {
    return new LambdaInvoke(this, stateId, {
      lambdaFunction: fn,
      payload: TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      ...(resultPath ? { resultPath } : {}),
    }).addRetry(backoff(LAMBDA_TRANSIENT_ERRORS));
  }

  /** Sends the state's every error, at `$.error`, to the failure path. */
  private orFail<T extends TaskStateBase | Parallel>(state: T): T {
    state.addCatch(this.markFailed, { errors: [Errors.ALL], resultPath: '$.error' });
    return state;
  }

  /** Starts the transcription job `attune-<execution name>`, its output the artifacts bucket's, encrypted with the stack's key. */
  private startTranscription(stateId: string, settings: Record<string, unknown>): TaskStateBase {
    const { storage } = this.props;
    const medical = this.medical;
    return this.orFail(
      new ConditionedCallAwsService(this, stateId, {
        service: 'transcribe',
        action: medical ? 'startMedicalTranscriptionJob' : 'startTranscriptionJob',
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
          [medical ? 'MedicalTranscriptionJobName' : 'TranscriptionJobName']: jobName(),
          LanguageCode: this.props.languageCode ?? 'en-US',
          Media: { MediaFileUri: JsonPath.format('s3://{}/{}', upload('bucket'), upload('key')) },
          MediaFormat: upload('mediaFormat'),
          OutputBucketName: storage.artifactsBucket.bucketName,
          OutputKey: JsonPath.format(artifactKeyTemplate('transcribeOutput'), upload('tenantId'), upload('clientId'), upload('sessionId')),
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
  }

  /** Reads the job's status into `$.transcription.job.status`. */
  private getTranscriptionJob(): TaskStateBase {
    const medical = this.medical;
    return this.orFail(
      new CallAwsService(this, 'GetTranscriptionJob', {
        service: 'transcribe',
        action: medical ? 'getMedicalTranscriptionJob' : 'getTranscriptionJob',
        iamAction: medical ? 'transcribe:GetMedicalTranscriptionJob' : 'transcribe:GetTranscriptionJob',
        iamResources: [
          Stack.of(this).formatArn({
            service: 'transcribe',
            resource: medical ? 'medical-transcription-job' : 'transcription-job',
            resourceName: `${JOB_PREFIX}*`,
          }),
        ],
        parameters: { [medical ? 'MedicalTranscriptionJobName' : 'TranscriptionJobName']: jobName() },
        resultSelector: {
          status: JsonPath.stringAt(medical ? '$.MedicalTranscriptionJob.TranscriptionJobStatus' : '$.TranscriptionJob.TranscriptionJobStatus'),
        },
        resultPath: '$.transcription.job',
      }).addRetry(backoff(TRANSCRIBE_TRANSIENT_ERRORS)),
    );
  }

  // ---- The state machine, its permissions and its trigger ----

  private createStateMachine(definition: State): StateMachine {
    const logs = new LogGroup(this, 'ExecutionLogs', {
      retention: this.props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: this.props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      encryptionKey: this.props.storage.key,
    });
    return new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(definition),
      stateMachineType: StateMachineType.STANDARD,
      tracingEnabled: true,
      // Every state entered and left, as an audit trail of what happened to each session. Payloads carry ids
      // only, but execution data (state inputs and outputs) stays out of the logs all the same.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Attune: a recorded session to a progress note and alliance scores',
      // An execution still running after this is stopped (TIMED_OUT): its session is then marked FAILED
      // (AttuneExecutionFailures), and erasure takes a session left in processing longer than this.
      timeout: Duration.hours(WORKFLOW_TIMEOUT_HOURS),
    });
  }

  /** Amazon Transcribe reads the recording and writes its output with the caller's (this role's) permissions. */
  private grantTranscribeStorage(): void {
    const { storage } = this.props;
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [storage.uploadsBucket.arnForObjects(`${UPLOADS_PREFIX}*`)] }),
    );
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [storage.artifactsBucket.arnForObjects(`${TRANSCRIBE_OUTPUT_PREFIX}*`)] }),
    );
    storage.key.grant(this.stateMachine, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
  }

  /** Every "Object Created" under uploads/ starts an execution with the S3 event as its input. */
  private startOnUpload(): { rule: Rule; deadLetterQueue: Queue } {
    // Holds upload events (bucket, key with session ids): encrypted with the customer key, as every store of
    // session data is. EventBridge's use of the key is granted beside the webhook queue (webhook-delivery.ts).
    const deadLetterQueue = new Queue(this, 'UploadEventsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.props.storage.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const rule = new Rule(this, 'UploadCreated', {
      description: 'Attune: start the session workflow for each new upload',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.props.storage.uploadsBucket.bucketName] }, object: { key: Match.prefix(UPLOADS_PREFIX) } },
      },
      targets: [new SfnStateMachine(this.stateMachine, { deadLetterQueue, retryAttempts: 20, maxEventAge: Duration.hours(6) })],
    });
    return { rule, deadLetterQueue };
  }
}
