/**
 * The DynamoDB adapter of the SessionRepository port: one item per session in a single table.
 *
 * Key design (the CDK storage construct creates the table with exactly these names):
 * - base table: `pk` = `TENANT#<tenant>#SESSION#<session>`, `sk` = `SESSION`
 * - GSI `byClient`: `gsi1pk` = `TENANT#<tenant>#CLIENT#<client>`,
 *   `gsi1sk` = `DATE#<yyyy-mm-dd | 0000-00-00>#SESSION#<session>`, projection ALL
 * - TTL attribute `expiresAt` (epoch seconds)
 * - sparse GSI `reviewQueue`: `reviewQueue` = `TENANT#<tenant>#REVIEW#<high | moderate | low | none>`, sort key
 *   `gsi1sk`, projection the keys and `clientId`; only sessions in the review queue (reviewLevelOf) carry it
 *
 * Every key starts with the tenant, and ids are IdSchema-valid (no `#`), so no read or write can reach
 * another tenant's items. Every write is conditional: the status never moves backwards and a COMPLETED
 * session is never overwritten, whatever order redelivered events arrive in.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { IN_PROGRESS } from '../../core/erasure/receipt.js';
import { AttuneError, InvalidInputError, NotFoundError } from '../../core/errors.js';
import { RiskLevelOrNoneSchema } from '../../../schemas/risk.js';
import { IdSchema, SessionRecordSchema, type Failure, type SessionRecord, type SessionStatus } from '../../../schemas/session-record.js';
import {
  REVIEW_LEVELS,
  reviewLevelOf,
  type NoteExpectation,
  type Page,
  type ReviewLevel,
  type SessionKey,
  type SessionRepository,
} from '../../ports/session-repository.js';
import type { ErasureClaim, ErasureClaimAnswer, ErasureClaims, UnfinishedSessions } from '../../ports/session-lifecycle.js';
import { badFields, fromCursor, invalidCursor, isConditionalFailure, plain, toCursor, validId } from './keys.js';

export const BY_CLIENT_INDEX = 'byClient';
export const REVIEW_QUEUE_INDEX = 'reviewQueue';
/** The review queue is read this many index entries at a time (keys and client ids only: small). */
const REVIEW_QUERY_LIMIT = 100;
/** One page of the queue reads at most this many batches of the index, then answers what it has and a cursor. */
const MAX_REVIEW_QUERIES = 20;
export const MAX_PAGE_SIZE = 100;
/** DynamoDB's hard limit is 400 KB per item; the margin covers attribute-name overhead and the upload fields. */
export const MAX_ITEM_BYTES = 350 * 1024;
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'reviewQueue'] as const;
const UNDATED = '0000-00-00';

/** The order a session moves in; COMPLETED and FAILED are both terminal. */
const STATUS_RANK: Record<SessionStatus, number> = {
  AWAITING_UPLOAD: 0,
  RECEIVED: 1,
  TRANSCRIBING: 2,
  ANALYZING: 3,
  COMPLETED: 4,
  FAILED: 4,
};

/** Statuses of a session whose workflow may still write to it. */
const UNFINISHED = IN_PROGRESS;
/**
 * The attribute an erasure's claim is kept in, on the session item (ErasureClaims): ids and a time, never
 * content. SessionRecordSchema does not read it, so no answer of the API carries it; the item's deletion ends it.
 */
const ERASURE_ATTRIBUTE = 'erasure';
const ErasureClaimSchema = z.object({ receiptId: z.string(), requestedBy: z.string(), claimedAt: z.string() });

/** A session record that would not fit in one DynamoDB item. */
export class SessionRecordTooLargeError extends AttuneError {
  constructor(bytes: number) {
    super(
      `the session record would be ${Math.round(bytes / 1024)} KB, over the ${MAX_ITEM_BYTES / 1024} KB limit for one item; ` +
        'split the session into shorter recordings or move the note to the artifacts bucket',
      'session_record_too_large',
    );
  }
}

/** An item in the table that no longer matches SessionRecordSchema (names the fields, never their values). */
export class CorruptSessionRecordError extends AttuneError {
  constructor(fields: string) {
    super(`a stored session record does not match the schema (${fields}); check for a manual edit or a migration`, 'corrupt_session_record');
  }
}

export function sessionPk(tenantId: string, sessionId: string): string {
  return `TENANT#${validId(tenantId, 'tenant')}#SESSION#${validId(sessionId, 'session')}`;
}

export function clientPk(tenantId: string, clientId: string): string {
  return `TENANT#${validId(tenantId, 'tenant')}#CLIENT#${validId(clientId, 'client')}`;
}

export function clientSk(sessionDate: string | null, sessionId: string): string {
  return `DATE#${sessionDate ?? UNDATED}#SESSION#${validId(sessionId, 'session')}`;
}

/** The review queue's partition for one level of one tenant. */
export function reviewQueuePk(tenantId: string, level: ReviewLevel): string {
  return `TENANT#${validId(tenantId, 'tenant')}#REVIEW#${level}`;
}

const primaryKey = (key: SessionKey) => ({ pk: sessionPk(key.tenantId, key.sessionId), sk: 'SESSION' });

function itemBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function assertFits(bytes: number): void {
  if (bytes > MAX_ITEM_BYTES) throw new SessionRecordTooLargeError(bytes);
}

/**
 * A valid session record as its table item, with its keys and the byClient index's; a record that would
 * not fit in one item is {@link SessionRecordTooLargeError}. Every Put of a whole session builds it here.
 */
export function sessionItem(valid: SessionRecord): Record<string, unknown> {
  const item = {
    ...plain(valid),
    ...primaryKey(valid),
    gsi1pk: clientPk(valid.tenantId, valid.clientId),
    gsi1sk: clientSk(valid.sessionDate, valid.sessionId),
  };
  assertFits(itemBytes(item));
  return item;
}

function toRecord(item: Record<string, unknown>): SessionRecord {
  const content = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete content[attribute];
  const parsed = SessionRecordSchema.safeParse(content);
  if (!parsed.success) throw new CorruptSessionRecordError(badFields(parsed.error.issues));
  return parsed.data;
}

const CursorKeySchema = z.strictObject({ pk: z.string(), sk: z.literal('SESSION'), gsi1pk: z.string(), gsi1sk: z.string() });
type CursorKey = z.infer<typeof CursorKeySchema>;

/**
 * Reads a cursor back into the LastEvaluatedKey it came from, and accepts it only when every key in it
 * belongs to this tenant's client: a cursor edited to point into another listing is refused, not followed.
 */
function readCursor(cursor: string, tenantId: string, clientId: string): CursorKey {
  const key: CursorKey = fromCursor(cursor, CursorKeySchema);
  const session = key.pk.match(/^TENANT#([^#]+)#SESSION#([^#]+)$/);
  const position = key.gsi1sk.match(/^DATE#(\d{4}-\d{2}-\d{2})#SESSION#([^#]+)$/);
  const consistent =
    session !== null &&
    position !== null &&
    session[1] === tenantId &&
    IdSchema.safeParse(session[2]).success &&
    position[2] === session[2] &&
    key.gsi1pk === clientPk(tenantId, clientId);
  if (!consistent) throw invalidCursor();
  return key;
}

const ReviewPositionSchema = z.strictObject({ level: RiskLevelOrNoneSchema, pk: z.string(), gsi1sk: z.string() });
type ReviewPosition = z.infer<typeof ReviewPositionSchema>;

/** A review-queue cursor (the last index entry a page consumed), accepted only when it points into this tenant's queue. */
function readReviewCursor(cursor: string, tenantId: string): ReviewPosition {
  const position: ReviewPosition = fromCursor(cursor, ReviewPositionSchema);
  const session = position.pk.match(/^TENANT#([^#]+)#SESSION#([^#]+)$/);
  const at = position.gsi1sk.match(/^DATE#(\d{4}-\d{2}-\d{2})#SESSION#([^#]+)$/);
  const consistent = session !== null && at !== null && session[1] === tenantId && IdSchema.safeParse(session[2]).success && at[2] === session[2];
  if (!consistent) throw invalidCursor();
  return position;
}

function encodeCursor(lastEvaluatedKey: Record<string, unknown>): string {
  const key = CursorKeySchema.parse(lastEvaluatedKey);
  return toCursor(key);
}

export interface DynamoSessionRepositoryOptions {
  /** @default () => new Date() */
  now?: () => Date;
}

export class DynamoSessionRepository implements SessionRepository, UnfinishedSessions, ErasureClaims {
  private readonly now: () => Date;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoSessionRepositoryOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async createReceived(record: SessionRecord): Promise<{ created: boolean; existing?: SessionRecord }> {
    const valid = SessionRecordSchema.parse(record);
    const item = sessionItem(valid);
    // A FAILED session may be retried by a new upload of the same session id, and a session the API
    // created waits for exactly this upload; anything else is a redelivery. That includes the event of
    // the very version that failed, delivered again: it must not reopen the session or replace its reason.
    const versionId = valid.upload?.versionId;
    const condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> =
      versionId === undefined
        ? {
            ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:failed, :awaiting)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':failed': 'FAILED', ':awaiting': 'AWAITING_UPLOAD' },
          }
        : {
            ConditionExpression:
              'attribute_not_exists(pk) OR #status = :awaiting OR (#status = :failed AND (attribute_not_exists(#upload.#versionId) OR #upload.#versionId <> :versionId))',
            ExpressionAttributeNames: { '#status': 'status', '#upload': 'upload', '#versionId': 'versionId' },
            ExpressionAttributeValues: { ':failed': 'FAILED', ':awaiting': 'AWAITING_UPLOAD', ':versionId': versionId },
          };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
      return { created: true };
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      const existing = await this.get(valid);
      return existing ? { created: false, existing } : { created: false };
    }
  }

  async updateStatus(key: SessionKey, status: SessionStatus, timings: Record<string, number> = {}): Promise<void> {
    if (STATUS_RANK[status] >= STATUS_RANK.COMPLETED) {
      throw new InvalidInputError(`updateStatus moves a session along; use complete() or fail() for ${status}`, 'terminal_status');
    }
    // Allowed from any earlier status, and from the same one so a retried state is a no-op rather than an error.
    const from = (Object.keys(STATUS_RANK) as SessionStatus[]).filter((s) => STATUS_RANK[s] <= STATUS_RANK[status]);
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':status': status, ':updatedAt': this.now().toISOString() };
    from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    const sets = ['#status = :status', '#updatedAt = :updatedAt', ...this.timingSets(timings, names, values)];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: primaryKey(key),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      // The session is already further along (a late or redelivered step): leave it as it is.
      if (!error.Item) throw new NotFoundError(`no session ${key.sessionId} exists for this tenant`, 'session_not_found');
    }
  }

  async complete(
    key: SessionKey,
    results: Pick<SessionRecord, 'metrics' | 'alliance' | 'note' | 'risk' | 'supervision' | 'provenance' | 'transcriptKey' | 'timings' | 'executionId'>,
  ): Promise<{ written: boolean }> {
    const { timings = {}, ...content } = results;
    // The base record (ids, upload, consent, keys) is well under 4 KB; the results are what can grow.
    assertFits(itemBytes(results) + 4 * 1024);
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt', '#failure': 'failure' };
    const values: Record<string, unknown> = { ':completed': 'COMPLETED', ':updatedAt': this.now().toISOString() };
    const sets = ['#status = :completed', '#updatedAt = :updatedAt'];
    Object.entries(content).forEach(([field, value], i) => {
      if (value === undefined) return;
      names[`#r${i}`] = field;
      values[`:r${i}`] = plain(value);
      sets.push(`#r${i} = :r${i}`);
    });
    sets.push(...this.timingSets(timings, names, values));
    const removes = ['#failure', ...this.reviewQueueSet(key.tenantId, reviewLevelOf({ status: 'COMPLETED', ...content }), names, values, sets)];
    // The execution that completed the session may write again: its first attempt went through but the
    // answer was lost, and Step Functions retried the state. That is no duplicate, or no execution would
    // ever publish the completion.
    let sameExecution = '';
    if (content.executionId !== undefined) {
      names['#executionId'] = 'executionId';
      values[':executionId'] = content.executionId;
      sameExecution = ' OR #executionId = :executionId';
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: primaryKey(key),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND (#status <> :completed${sameExecution})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true };
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      if (!error.Item) throw new NotFoundError(`no session ${key.sessionId} exists for this tenant`, 'session_not_found');
      return { written: false };
    }
  }

  async fail(key: SessionKey, failure: Failure): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: primaryKey(key),
          UpdateExpression: 'SET #status = :failed, #failure = :failure, #updatedAt = :updatedAt',
          // attribute_exists: an Update would otherwise create a half-record with no client or dates.
          ConditionExpression: 'attribute_exists(pk) AND #status <> :completed',
          ExpressionAttributeNames: { '#status': 'status', '#failure': 'failure', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: {
            ':failed': 'FAILED',
            ':completed': 'COMPLETED',
            ':failure': { code: failure.code, message: failure.message },
            ':updatedAt': this.now().toISOString(),
          },
        }),
      );
    } catch (error) {
      // COMPLETED stays COMPLETED, and a session never recorded has nothing to mark.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async failUnfinished(key: SessionKey, failure: Failure, executionId: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: primaryKey(key),
          UpdateExpression: 'SET #status = :failed, #failure = :failure, #updatedAt = :updatedAt',
          ConditionExpression: `attribute_exists(pk) AND #executionId = :executionId AND #status IN (${UNFINISHED.map((_, i) => `:u${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', '#failure': 'failure', '#updatedAt': 'updatedAt', '#executionId': 'executionId' },
          ExpressionAttributeValues: {
            ':failed': 'FAILED',
            ':failure': { code: failure.code, message: failure.message },
            ':updatedAt': this.now().toISOString(),
            ':executionId': executionId,
            ...Object.fromEntries(UNFINISHED.map((status, i) => [`:u${i}`, status])),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      return false;
    }
  }

  async claimErasure(key: SessionKey, claim: ErasureClaim, limits: { abandonedBefore: string; stuckBefore: string }): Promise<ErasureClaimAnswer> {
    const Key = primaryKey(key);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET #erasure = :claim',
          // ISO times from toISOString() (fixed width, UTC) compare as strings.
          ConditionExpression: [
            'attribute_exists(pk)',
            '(attribute_not_exists(#erasure) OR #erasure.#claimedAt < :abandonedBefore)',
            `(NOT #status IN (${UNFINISHED.map((_, i) => `:u${i}`).join(', ')}) OR #updatedAt < :stuckBefore)`,
          ].join(' AND '),
          ExpressionAttributeNames: { '#erasure': ERASURE_ATTRIBUTE, '#claimedAt': 'claimedAt', '#status': 'status', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: {
            ':claim': { receiptId: claim.receiptId, requestedBy: claim.requestedBy, claimedAt: claim.claimedAt },
            ':abandonedBefore': limits.abandonedBefore,
            ':stuckBefore': limits.stuckBefore,
            ...Object.fromEntries(UNFINISHED.map((status, i) => [`:u${i}`, status])),
          },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
    // Why it was refused, read consistently (the refusal's ALL_OLD item is not read by every stand-in).
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    if (!Item) return { claimed: false, reason: 'gone' };
    const held = ErasureClaimSchema.safeParse(Item[ERASURE_ATTRIBUTE]);
    if (held.success && !(held.data.claimedAt < limits.abandonedBefore)) return { claimed: false, reason: 'claimed', heldBy: held.data };
    return { claimed: false, reason: 'processing' };
  }

  async releaseErasure(key: SessionKey, receiptId: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: primaryKey(key),
          UpdateExpression: 'REMOVE #erasure',
          ConditionExpression: '#erasure.#receiptId = :receiptId',
          ExpressionAttributeNames: { '#erasure': ERASURE_ATTRIBUTE, '#receiptId': 'receiptId' },
          ExpressionAttributeValues: { ':receiptId': receiptId },
        }),
      );
    } catch (error) {
      // Another erasure's claim, or no item: nothing of ours to let go of.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async get(key: SessionKey): Promise<SessionRecord | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: primaryKey(key), ConsistentRead: true }));
    return Item ? toRecord(Item) : null;
  }

  async createAwaitingUpload(record: SessionRecord): Promise<boolean> {
    const valid = SessionRecordSchema.parse(record);
    if (valid.status !== 'AWAITING_UPLOAD') throw new InvalidInputError('createAwaitingUpload records AWAITING_UPLOAD sessions only', 'invalid_status');
    const item = sessionItem(valid);
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async updateNote(key: SessionKey, expected: NoteExpectation, fields: Parameters<SessionRepository['updateNote']>[2]): Promise<boolean> {
    assertFits(itemBytes(fields) + 64 * 1024);
    const names: Record<string, string> = { '#status': 'status', '#note': 'note', '#noteVersion': 'noteVersion', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = {
      ':completed': 'COMPLETED',
      ':note': plain(fields.note),
      ':version': fields.noteVersion,
      ':expected': expected.version,
      ':updatedAt': this.now().toISOString(),
    };
    const sets = ['#note = :note', '#noteVersion = :version', '#updatedAt = :updatedAt'];
    const removes: string[] = [];
    for (const field of ['noteSignature', 'noteHistory', 'noteEditedBy', 'noteEditedAt'] as const) {
      names[`#${field}`] = field;
      if (fields[field] === undefined) removes.push(`#${field}`);
      else {
        values[`:${field}`] = plain(fields[field]);
        sets.push(`#${field} = :${field}`);
      }
    }
    if (fields.reviewLevel !== undefined) removes.push(...this.reviewQueueSet(key.tenantId, fields.reviewLevel, names, values, sets));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: primaryKey(key),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          // A note the workflow wrote has no version attribute yet: it is version 1. The signature is only ever
          // the current version's (an edit removes it), so its presence tells a signed version from the unsigned one.
          ConditionExpression: [
            'attribute_exists(pk) AND #status = :completed',
            expected.version === 1 ? '(attribute_not_exists(#noteVersion) OR #noteVersion = :expected)' : '#noteVersion = :expected',
            expected.signed ? 'attribute_exists(#noteSignature)' : 'attribute_not_exists(#noteSignature)',
          ].join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async delete(key: SessionKey): Promise<boolean> {
    const output = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: primaryKey(key), ReturnValues: 'ALL_OLD' }));
    return output.Attributes !== undefined;
  }

  async listByClient(tenantId: string, clientId: string, options: { limit: number; cursor?: string }): Promise<Page<SessionRecord>> {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`the page size must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 'invalid_limit');
    }
    const gsi1pk = clientPk(tenantId, clientId);
    const startKey = options.cursor === undefined ? undefined : readCursor(options.cursor, tenantId, clientId);
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: BY_CLIENT_INDEX,
        KeyConditionExpression: 'gsi1pk = :gsi1pk',
        ExpressionAttributeValues: { ':gsi1pk': gsi1pk },
        // Newest session date first; undated sessions (0000-00-00) come last.
        ScanIndexForward: false,
        Limit: options.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = (output.Items ?? []).map(toRecord);
    return output.LastEvaluatedKey ? { items, cursor: encodeCursor(output.LastEvaluatedKey) } : { items };
  }

  async listReviewQueue(tenantId: string, options: { limit: number; cursor?: string; clientIds?: ReadonlySet<string> }): Promise<Page<SessionRecord>> {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`the page size must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 'invalid_limit');
    }
    const start = options.cursor === undefined ? undefined : readReviewCursor(options.cursor, tenantId);
    const { clientIds } = options;
    const items: SessionRecord[] = [];
    let queries = 0;
    let consumed: ReviewPosition | undefined;
    for (const level of REVIEW_LEVELS.slice(start ? REVIEW_LEVELS.indexOf(start.level) : 0)) {
      const partition = reviewQueuePk(tenantId, level);
      let startKey: Record<string, unknown> | undefined =
        start?.level === level ? { pk: start.pk, sk: 'SESSION', reviewQueue: partition, gsi1sk: start.gsi1sk } : undefined;
      do {
        if (queries >= MAX_REVIEW_QUERIES && consumed) return { items, cursor: toCursor(consumed) };
        queries++;
        const output = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: REVIEW_QUEUE_INDEX,
            KeyConditionExpression: 'reviewQueue = :queue',
            ExpressionAttributeValues: { ':queue': partition },
            // Newest session date first within a level (gsi1sk is DATE#…#SESSION#…).
            ScanIndexForward: false,
            Limit: REVIEW_QUERY_LIMIT,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        const entries = (output.Items ?? []).map((item) => ({
          level,
          pk: String(item.pk),
          gsi1sk: String(item.gsi1sk),
          clientId: typeof item.clientId === 'string' ? item.clientId : undefined,
        }));
        let next = 0;
        while (next < entries.length) {
          // Only as many sessions are read as the page still needs: the client id in the index filters first.
          const wanted: typeof entries = [];
          while (next < entries.length && wanted.length < options.limit - items.length) {
            const entry = entries[next++]!;
            // An index without the projected client id (an older local table) is filtered after the read.
            if (!clientIds || entry.clientId === undefined || clientIds.has(entry.clientId)) wanted.push(entry);
          }
          const records = await Promise.all(wanted.map((entry) => this.getByPk(entry.pk)));
          // The index is eventually consistent and only points: the session itself decides whether it is in the queue.
          for (const record of records) {
            if (record && record.tenantId === tenantId && reviewLevelOf(record) !== null && (!clientIds || clientIds.has(record.clientId))) items.push(record);
          }
          const last = entries[next - 1]!;
          consumed = { level: last.level, pk: last.pk, gsi1sk: last.gsi1sk };
          if (items.length === options.limit) return { items, cursor: toCursor(consumed) };
        }
        startKey = output.LastEvaluatedKey;
      } while (startKey);
    }
    return { items };
  }

  private async getByPk(pk: string): Promise<SessionRecord | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: 'SESSION' }, ConsistentRead: true }));
    return Item ? toRecord(Item) : null;
  }

  /** `SET reviewQueue` to the level's partition, or answers the REMOVE that takes the session out of the queue. */
  private reviewQueueSet(
    tenantId: string,
    level: ReviewLevel | null,
    names: Record<string, string>,
    values: Record<string, unknown>,
    sets: string[],
  ): string[] {
    names['#reviewQueue'] = 'reviewQueue';
    if (level === null) return ['#reviewQueue'];
    values[':reviewQueue'] = reviewQueuePk(tenantId, level);
    sets.push('#reviewQueue = :reviewQueue');
    return [];
  }

  /**
   * `SET #timings.#tN = :tN` per state, so each step adds its own time without replacing the others'.
   * (DynamoDB refuses unused expression names, so `#timings` is declared only when used.)
   */
  private timingSets(timings: Record<string, number>, names: Record<string, string>, values: Record<string, unknown>): string[] {
    const entries = Object.entries(timings);
    if (entries.length > 0) names['#timings'] = 'timings';
    return entries.map(([state, ms], i) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new InvalidInputError(`the timing for ${state} must be a non-negative number of milliseconds`, 'invalid_timing');
      names[`#t${i}`] = state;
      values[`:t${i}`] = ms;
      return `#timings.#t${i} = :t${i}`;
    });
  }
}
