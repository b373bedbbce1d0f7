/**
 * Alarms and a dashboard: a failed or timed-out execution, an upload event that could not start one,
 * and API server errors each raise an alarm on one SNS topic (with an email subscription when configured).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  SingleValueWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AttuneObservabilityProps {
  readonly stateMachine: StateMachine;
  /** Queues whose depth means lost work. */
  readonly deadLetterQueues: IQueue[];
  /** Functions to chart, by name. */
  readonly functions: Record<string, IFunction>;
  readonly api: RestApi;
  /**
   * Where alarm notifications are emailed.
   * @default no subscription (subscribe to the `alarmTopic` yourself)
   */
  readonly alarmEmail?: string;
  /**
   * The customer-managed KMS key that encrypts the alarm topic. CloudWatch alarms can only publish to a topic
   * under a key whose policy lets `cloudwatch.amazonaws.com` use it: this construct adds that statement to a
   * key its stack created; for any other key, add it yourself (COMPLIANCE.md shows it).
   * @default the topic is not encrypted at rest (alarm messages carry metric names, never session data)
   */
  readonly encryptionKey?: IKey;
  /**
   * Failed executions in 5 minutes that raise the alarm. A rejected upload fails its execution too: raise
   * this when uploads are often rejected.
   * @default 1
   */
  readonly failedExecutionsThreshold?: number;
}

export class AttuneObservability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: AttuneObservabilityProps) {
    super(scope, id);
    const { stateMachine, api } = props;
    const period = Duration.minutes(5);

    // Alarm messages carry metric names, never session data; encrypted at rest all the same. CloudWatch cannot
    // publish under the AWS-managed SNS key, so the key must be customer-managed and let CloudWatch use it, for
    // SNS topics of this account only (SNS names the topic in the encryption context).
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Attune alarms',
      enforceSSL: true,
      ...(props.encryptionKey ? { masterKey: props.encryptionKey } : {}),
    });
    if (props.encryptionKey) {
      const stack = Stack.of(this);
      props.encryptionKey.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${stack.partition}:sns:${stack.region}:${stack.account}:*` } },
        }),
      );
    }
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.alarmTopic);

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    alarm(
      'ExecutionsFailed',
      stateMachine.metricFailed({ period, statistic: 'Sum' }),
      props.failedExecutionsThreshold ?? 1,
      'Session workflows failed: the session records say why (a rejected upload, a transcription failure, or an error).',
    );
    alarm('ExecutionsTimedOut', stateMachine.metricTimedOut({ period, statistic: 'Sum' }), 1, 'A session workflow timed out.');
    props.deadLetterQueues.forEach((queue, i) => {
      alarm(
        `DeadLetters${i === 0 ? '' : i + 1}`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        1,
        'Upload events could not start a workflow: redrive them from the dead-letter queue once the cause is fixed.',
      );
    });
    alarm('ApiServerErrors', api.metricServerError({ period, statistic: 'Sum' }), 5, 'The API answered with 5xx errors.');

    const fnMetrics = (metric: (fn: IFunction) => IMetric) => Object.values(props.functions).map(metric);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new GraphWidget({
            title: 'Sessions (workflow executions)',
            left: [
              stateMachine.metricStarted({ period, label: 'started' }),
              stateMachine.metricSucceeded({ period, label: 'succeeded' }),
              stateMachine.metricFailed({ period, label: 'failed' }),
              stateMachine.metricTimedOut({ period, label: 'timed out' }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'Time per session (p50, p90)',
            left: [stateMachine.metricTime({ period, statistic: 'p50', label: 'p50' }), stateMachine.metricTime({ period, statistic: 'p90', label: 'p90' })],
            width: 12,
          }),
        ],
        [
          new GraphWidget({ title: 'Function errors', left: fnMetrics((fn) => fn.metricErrors({ period, label: fn.node.id })), width: 8 }),
          new GraphWidget({
            title: 'Function duration (p90)',
            left: fnMetrics((fn) => fn.metricDuration({ period, statistic: 'p90', label: fn.node.id })),
            width: 8,
          }),
          new GraphWidget({ title: 'Function throttles', left: fnMetrics((fn) => fn.metricThrottles({ period, label: fn.node.id })), width: 8 }),
        ],
        [
          new GraphWidget({
            title: 'API requests and errors',
            left: [
              api.metricCount({ period, label: 'requests' }),
              api.metricClientError({ period, label: '4xx' }),
              api.metricServerError({ period, label: '5xx' }),
            ],
            right: [api.metricLatency({ period, statistic: 'p90', label: 'latency p90' })],
            width: 12,
          }),
          new SingleValueWidget({
            title: 'Upload events dead-lettered',
            metrics: props.deadLetterQueues.map((q) => q.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })),
            width: 6,
          }),
          new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 6 }),
        ],
      ],
    });
  }
}
