/**
 * `AttuneExecutionFailures`: an execution of the session workflow that times out (the state machine's
 * timeout, WORKFLOW_TIMEOUT_HOURS), is stopped (StopExecution, a redeploy) or fails outside its failure path
 * runs no MarkFailed state, and would leave its session RECEIVED, TRANSCRIBING or ANALYZING for good. Step
 * Functions puts an "Execution Status Change" event on the account's default bus for each; this rule sends
 * the workflow's FAILED, TIMED_OUT and ABORTED ones to MarkFailed, which marks the session FAILED only while
 * that execution still holds it in processing (one conditional write: lambdas/mark-failed/handler.ts), so the
 * FAILED event of an execution whose failure path ran changes nothing. When it marks the session, it also
 * does what the failure path would have: deletes the recording (every version and delete marker) and puts
 * `attune.session.failed` on the Attune bus (its grants: AttuneFunctions, publishEventsTo).
 */
import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EXECUTION_STATUS_DETAIL_TYPE, STOPPED_EXECUTION_STATUSES } from '../../schemas/workflow.js';

/** EventBridge keeps retrying an event this long, at most (its maximum is 24 hours). */
const MAX_EVENT_AGE = Duration.hours(6);

export interface AttuneExecutionFailuresProps {
  /** The session workflow whose executions are watched (only its own: the rule matches its ARN). */
  readonly stateMachine: IStateMachine;
  /** MarkFailed (`AttuneFunctions.markFailed`), which accepts the execution status event as well as its workflow state. */
  readonly markFailed: IFunction;
  /** Where events EventBridge could not give to MarkFailed after every retry go (the workflow's dead-letter queue, which an alarm watches). */
  readonly deadLetterQueue: IQueue;
  /**
   * How many times EventBridge retries giving an event to MarkFailed (0-185).
   * @default 20
   */
  readonly retryAttempts?: number;
}

export class AttuneExecutionFailures extends Construct {
  /** Sends the workflow's FAILED, TIMED_OUT and ABORTED execution status events to MarkFailed. */
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: AttuneExecutionFailuresProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 20;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(`AttuneExecutionFailures: retryAttempts must be a whole number from 0 to 185, not ${retryAttempts}`);
    }
    this.rule = new Rule(this, 'StoppedExecutions', {
      description: 'Attune: mark FAILED the session of a workflow execution that timed out, was stopped or failed outside its failure path',
      eventPattern: {
        source: ['aws.states'],
        detailType: [EXECUTION_STATUS_DETAIL_TYPE],
        detail: { stateMachineArn: [props.stateMachine.stateMachineArn], status: [...STOPPED_EXECUTION_STATUSES] },
      },
      targets: [new LambdaFunction(props.markFailed, { deadLetterQueue: props.deadLetterQueue, retryAttempts, maxEventAge: MAX_EVENT_AGE })],
    });
  }
}
