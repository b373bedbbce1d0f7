/**
 * The DynamoDB adapter of the IdempotencyStore port, in the sessions table.
 *
 * Key design:
 * - record: `pk` = `TENANT#<tenant>#IDEMPOTENCY#<sha256 hex of the key>`, `sk` = `IDEMPOTENCY`. The key
 *   is the caller's text (up to 255 characters, anything printable): its hash keeps `#` and length out
 *   of our keys, and the raw key is never stored.
 * - pointer, written when a request concerns a session (created it, or named it in its path, as signing
 *   its note does, whose answer holds the note): `pk` = `TENANT#<tenant>#SESSION#<session>` (the
 *   session's own partition), `sk` = `IDEMPOTENCY#<hash>`, so erasing a session finds the responses that
 *   name it with one Query, not a Scan.
 * - neither has `gsi1pk`/`gsi1sk`: they stay out of the `byClient` index.
 * - TTL attribute `expiresAt` (epoch seconds). DynamoDB deletes expired items lazily (often hours late),
 *   so every read and condition here treats an item past `expiresAt` as absent.
 *
 * DynamoDB Local stand-ins (dynalite) have no transactions, so the two items are written one after the
 * other, in the order that leaves nothing unerasable after a crash (see `complete`).
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AttuneError, InvalidInputError } from '../../core/errors.js';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../../ports/idempotency.js';
import { sessionPk } from './session-repository.js';
import { badFields, isConditionalFailure, validId } from './keys.js';

const RECORD_SK = 'IDEMPOTENCY';
const POINTER_PREFIX = 'IDEMPOTENCY#';
const DEFAULT_TTL_SECONDS = 24 * 3600;
/**
 * An in-progress record older than this belongs to an invocation that died (a Lambda timeout or crash
 * never reaches `release`). The API function's timeout is well under a minute, so a live first request
 * is never taken over; a retry of the same request after this long runs again instead of waiting 24 h.
 */
export const ABANDONED_AFTER_MS = 60_000;
/**
 * The largest response kept for replay. DynamoDB refuses items over 400 KB; the margin covers the
 * headers, the fingerprint and attribute names. The API's idempotent routes answer a few KB.
 */
export const MAX_STORED_RESPONSE_BYTES = 300 * 1024;

const StoredResponseSchema = z.object({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});

const RecordSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('in-progress'), fingerprint: z.string(), createdAt: z.string(), expiresAt: z.number() }),
  z.object({ state: z.literal('done'), fingerprint: z.string(), createdAt: z.string(), expiresAt: z.number(), response: StoredResponseSchema }),
]);
type IdempotencyRecord = z.infer<typeof RecordSchema>;

/** An idempotency record that no longer matches the schema (names the fields, never their values). */
export class CorruptIdempotencyRecordError extends AttuneError {
  constructor(fields: string) {
    super(`a stored idempotency record does not match the schema (${fields}); check for a manual edit or a migration`, 'corrupt_idempotency_record');
  }
}

function keyHash(key: string): string {
  if (key.length === 0) throw new InvalidInputError('the Idempotency-Key is empty: send 1-255 printable ASCII characters', 'invalid_idempotency_key');
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const recordPk = (tenantId: string, hash: string) => `TENANT#${validId(tenantId, 'tenant')}#IDEMPOTENCY#${hash}`;

export function idempotencyPk(tenantId: string, key: string): string {
  return recordPk(tenantId, keyHash(key));
}

const recordKey = (tenantId: string, key: string) => ({ pk: idempotencyPk(tenantId, key), sk: RECORD_SK });

function toRecord(item: Record<string, unknown>): IdempotencyRecord {
  const parsed = RecordSchema.safeParse(item);
  if (!parsed.success) throw new CorruptIdempotencyRecordError(badFields(parsed.error.issues));
  return parsed.data;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const abandonedBefore = (now: Date) => new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString();

export interface DynamoIdempotencyStoreOptions {
  /** @default () => new Date() */
  now?: () => Date;
  /** How long a key is remembered after its request finished. @default 86400 (24 hours) */
  ttlSeconds?: number;
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly now: () => Date;
  private readonly ttlSeconds: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoIdempotencyStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(this.ttlSeconds) || this.ttlSeconds < 60) {
      throw new InvalidInputError(`ttlSeconds must be a whole number of seconds, at least 60 (got ${this.ttlSeconds})`, 'invalid_ttl');
    }
  }

  async begin(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyBegin> {
    if (fingerprint.length === 0 || fingerprint.length > 256) {
      throw new InvalidInputError('the request fingerprint must be 1-256 characters (a hash of user, route and body)', 'invalid_fingerprint');
    }
    const Key = recordKey(tenantId, key);
    // Three tries: a record that expires, is released or is taken over between our Put and our read
    // leaves the key free again, and the next Put decides. Past that, another request is clearly busy.
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.now();
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...Key, state: 'in-progress', fingerprint, createdAt: now.toISOString(), expiresAt: epochSeconds(now) + this.ttlSeconds },
            // Free when absent, expired (TTL deletes lazily), or abandoned by a dead invocation of this same
            // request. createdAt is always toISOString() (fixed width, UTC), so strings compare as times.
            ConditionExpression:
              'attribute_not_exists(pk) OR #expiresAt < :now OR (#state = :inProgress AND #fingerprint = :fingerprint AND #createdAt < :abandonedBefore)',
            ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#state': 'state', '#fingerprint': 'fingerprint', '#createdAt': 'createdAt' },
            ExpressionAttributeValues: {
              ':now': epochSeconds(now),
              ':inProgress': 'in-progress',
              ':fingerprint': fingerprint,
              ':abandonedBefore': abandonedBefore(now),
            },
          }),
        );
        return { state: 'new' };
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
      }
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
      if (!Item) continue;
      const record = toRecord(Item);
      if (record.expiresAt < epochSeconds(this.now())) continue;
      // Another request's key: refused even while the first is running, so its answer is never mixed up.
      if (record.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (record.state === 'done') return { state: 'replay', response: record.response };
      // Abandoned since our Put was refused: the next Put takes it over.
      if (record.createdAt < abandonedBefore(this.now())) continue;
      return { state: 'in-progress' };
    }
    return { state: 'in-progress' };
  }

  /**
   * Stores the answer for replay. When the request concerns a session, the pointer is written first:
   * a crash between the two writes then leaves a pointer to an unfinished record (harmless, and erased
   * with the session), never a stored response that names the session with no pointer to find it.
   * Both get the same expiry, 24 h from now, so the replay window counts from the answer.
   *
   * A response over MAX_STORED_RESPONSE_BYTES would not fit in an item. Rather than fail a request that
   * succeeded, or mark the key done with nothing to replay, the record is released: a retry with the key
   * runs the operation again, as if the key were new (the operations behind idempotent routes are
   * themselves conditional writes, so a second run does not create a second session).
   */
  async complete(tenantId: string, key: string, response: StoredResponse, sessionId?: string): Promise<void> {
    const parsed = StoredResponseSchema.safeParse(response);
    if (!parsed.success) {
      throw new AttuneError(
        `the response to store is not valid (${badFields(parsed.error.issues)}): give a status code and string headers and body`,
        'invalid_stored_response',
      );
    }
    const valid = parsed.data;
    const Key = recordKey(tenantId, key);
    if (Buffer.byteLength(JSON.stringify(valid), 'utf8') > MAX_STORED_RESPONSE_BYTES) {
      await this.release(tenantId, key);
      return;
    }
    const expiresAt = epochSeconds(this.now()) + this.ttlSeconds;
    const pointer = sessionId === undefined ? undefined : { pk: sessionPk(tenantId, sessionId), sk: `${POINTER_PREFIX}${keyHash(key)}` };
    if (pointer) await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...pointer, expiresAt } }));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: `SET #state = :done, #response = :response, #expiresAt = :expiresAt${sessionId === undefined ? '' : ', #sessionId = :sessionId'}`,
          // Only the request that began the key completes it: a record released, expired or already
          // answered is not overwritten (an Update would otherwise create a record with no fingerprint).
          ConditionExpression: 'attribute_exists(pk) AND #state = :inProgress',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#response': 'response',
            '#expiresAt': 'expiresAt',
            ...(sessionId === undefined ? {} : { '#sessionId': 'sessionId' }),
          },
          ExpressionAttributeValues: {
            ':done': 'done',
            ':inProgress': 'in-progress',
            ':response': { statusCode: valid.statusCode, headers: valid.headers, body: valid.body },
            ':expiresAt': expiresAt,
            ...(sessionId === undefined ? {} : { ':sessionId': sessionId }),
          },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      // Nothing to replay from (the key was released or expired mid-request): the answer already went
      // out, so failing now would only turn a success into a 500. The pointer has nothing to point at.
      if (pointer) await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: pointer }));
    }
  }

  async release(tenantId: string, key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: recordKey(tenantId, key),
          // Forgets an unfinished key only: a stored answer is what a retry must get back.
          ConditionExpression: '#state = :inProgress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress' },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async removeForSession(tenantId: string, sessionId: string): Promise<number> {
    const pk = sessionPk(tenantId, sessionId);
    let removed = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': POINTER_PREFIX },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const pointer of output.Items ?? []) {
        const hash = String(pointer.sk).slice(POINTER_PREFIX.length);
        if (/^[0-9a-f]{64}$/.test(hash) && (await this.removeRecord(tenantId, hash, sessionId))) removed++;
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: pointer.pk, sk: pointer.sk } }));
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return removed;
  }

  /**
   * Deletes a record only while it still holds this session's answer: after the key expired it may have
   * been used again for another request, whose record is not this erasure's to remove.
   */
  private async removeRecord(tenantId: string, hash: string, sessionId: string): Promise<boolean> {
    try {
      const output = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: recordPk(tenantId, hash), sk: RECORD_SK },
          ConditionExpression: '#sessionId = :sessionId',
          ExpressionAttributeNames: { '#sessionId': 'sessionId' },
          ExpressionAttributeValues: { ':sessionId': sessionId },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return output.Attributes !== undefined;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
