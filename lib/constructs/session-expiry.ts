/**
 * `AttuneSessionExpiry`: expiry receipts. DynamoDB's TTL deletes a session's item; the stream's REMOVE record
 * (made by the service, not a user's DELETE) reaches ExpireSessions, which erases what the item pointed at and
 * writes a deletion receipt and an audit entry. Filtered so only the TTL's deletions of session items invoke it.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition, type IEventSourceDlq, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** DynamoDB keeps a stream record 24 hours: a record older than that is gone, retried or not. */
const STREAM_RECORD_LIFETIME = Duration.hours(24);

export interface AttuneSessionExpiryProps {
  /**
   * The function that erases an expired session and writes its receipt (`AttuneFunctions.expireSessions`). It
   * answers the records it failed on (ReportBatchItemFailures).
   */
  readonly expireSessions: IFunction;
  /** The sessions table (`AttuneStorage.table`); it must have a stream with old images. */
  readonly table: ITable;
  /** Encrypts the dead-letter queue. */
  readonly encryptionKey: IKey;
  /**
   * How old a stream record may grow while ExpireSessions fails on it before its position goes to the
   * dead-letter queue (1 minute up to the stream's 24 hours).
   * @default Duration.hours(6)
   */
  readonly maxRecordAge?: Duration;
}

/**
 * Its queue is created in `scope`, beside it, as `ExpiryEventsDlq`: the id it had when AttunePipeline made it
 * itself, so a deployed stack keeps its queue (and the records waiting in it) instead of replacing it. One per scope.
 */
export class AttuneSessionExpiry extends Construct {
  /** Stream records of expired sessions ExpireSessions failed on after every retry (ids and stream positions, no content). */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AttuneSessionExpiryProps) {
    super(scope, id);
    // Stream records live 24 hours; one still failing after 6 goes to the queue, where its alarm is.
    const maxRecordAge = props.maxRecordAge ?? Duration.hours(6);
    if (maxRecordAge.toSeconds() < 60 || maxRecordAge.toSeconds() >= STREAM_RECORD_LIFETIME.toSeconds()) {
      throw new Error(
        `AttuneSessionExpiry: maxRecordAge must be from 1 minute to under 24 hours (a stream record's life), not ${maxRecordAge.toHumanString()}`,
      );
    }
    const { expireSessions, encryptionKey } = props;

    this.deadLetterQueue = new Queue(scope, 'ExpiryEventsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // Lambda sends a failed batch's stream positions with the function's role: SendMessage and the key's data
    // key only, not the broader grant SqsDlq makes (GetQueueAttributes, kms:ReEncrypt*).
    const expiryFailures: IEventSourceDlq = { bind: () => ({ destination: this.deadLetterQueue.queueArn }) };
    expireSessions.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));
    encryptionKey.grant(expireSessions, 'kms:Decrypt', 'kms:GenerateDataKey');
    expireSessions.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 8,
        maxRecordAge,
        onFailure: expiryFailures,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('REMOVE'),
            userIdentity: { type: FilterRule.isEqual('Service'), principalId: FilterRule.isEqual('dynamodb.amazonaws.com') },
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual('SESSION') } } },
          }),
        ],
      }),
    );
  }
}
