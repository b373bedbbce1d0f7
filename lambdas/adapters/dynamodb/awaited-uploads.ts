/**
 * The DynamoDB adapter of the AwaitedUploads port, on the sessions table's items as the session
 * repository writes them (session-repository.ts has the key design): one conditional Put, so an upload
 * racing an erasure either lands on the awaiting record or writes nothing.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../core/errors.js';
import { SessionRecordSchema, type SessionRecord } from '../../../schemas/session-record.js';
import type { AwaitedUploads } from '../../ports/awaited-uploads.js';
import { isConditionalFailure } from './keys.js';
import { sessionItem } from './session-repository.js';

export class DynamoAwaitedUploads implements AwaitedUploads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async receive(record: SessionRecord): Promise<boolean> {
    const valid = SessionRecordSchema.parse(record);
    if (valid.status !== 'RECEIVED' && valid.status !== 'FAILED') {
      throw new InvalidInputError('an awaited upload is received (RECEIVED) or refused (FAILED)', 'invalid_status');
    }
    const item = sessionItem(valid);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // A missing item has no status: the condition fails, so nothing is created.
          ConditionExpression: '#status = :awaiting AND #clientId = :clientId',
          ExpressionAttributeNames: { '#status': 'status', '#clientId': 'clientId' },
          ExpressionAttributeValues: { ':awaiting': 'AWAITING_UPLOAD', ':clientId': valid.clientId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
