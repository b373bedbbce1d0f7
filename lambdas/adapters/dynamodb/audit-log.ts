/**
 * The DynamoDB adapter of the AuditLog port, in the sessions table.
 *
 * Key design:
 * - `pk` = `TENANT#<tenant>#AUDIT#<yyyy-mm-dd>` (the UTC day of the entry): one partition per tenant and
 *   day keeps a busy tenant's writes spread out and a date-range listing to one Query per day.
 * - `sk` = `<entry.at in UTC, toISOString()>#<requestId>`: fixed-width UTC times sort as strings, so a
 *   Query in reverse order answers newest first. The entry keeps `at` exactly as it was given.
 * - no `gsi1pk`/`gsi1sk`: entries stay out of the `byClient` index.
 * - TTL attribute `expiresAt` (epoch seconds): `retentionDays` after the entry, six years by default,
 *   HIPAA's retention for documentation of its required policies and activity (45 CFR 164.316(b)(2)).
 *
 * Entries are validated with AuditEntrySchema before they are written: it admits ids, route and status,
 * never session content, so the trail can be kept after the data it describes has been erased.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AttuneError, InvalidInputError } from '../../core/errors.js';
import { AuditEntrySchema, type AuditEntry } from '../../../schemas/api.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Page } from '../../ports/session-repository.js';
import { MAX_PAGE_SIZE } from './session-repository.js';
import { fromCursor, invalidCursor, isConditionalFailure, toCursor, validId } from './keys.js';

/** Six years of 365.25 days: HIPAA keeps required documentation six years from its creation. */
const DEFAULT_RETENTION_DAYS = 2192;
/** The longest range one listing covers: a quarter, so one request reads at most 92 day partitions. */
export const MAX_RANGE_DAYS = 92;
const DAY_MS = 24 * 3600 * 1000;

/** An audit entry that does not match the schema. A bug in the caller, so not a 4xx: names the fields only. */
export class InvalidAuditEntryError extends AttuneError {
  constructor(fields: string) {
    super(`the audit entry is not valid (${fields}); audit entries hold ids, route and status only`, 'invalid_audit_entry');
  }
}

/** A stored entry that no longer matches the schema (names the fields, never their values). */
export class CorruptAuditEntryError extends AttuneError {
  constructor(fields: string) {
    super(`a stored audit entry does not match the schema (${fields}); check for a manual edit or a migration`, 'corrupt_audit_entry');
  }
}

const fieldsOf = (error: z.ZodError) => [...new Set(error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');

export function auditPk(tenantId: string, day: string): string {
  return `TENANT#${validId(tenantId, 'tenant')}#AUDIT#${day}`;
}

/** A YYYY-MM-DD that is a real calendar day, as epoch ms at its UTC midnight; null otherwise. */
function dayMs(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  // Date.parse rolls 2026-02-30 over to March: a round trip catches it.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? null : ms;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const CursorSchema = z.strictObject({
  day: z.string(),
  lastKey: z.strictObject({ pk: z.string(), sk: z.string() }),
});
type Cursor = z.infer<typeof CursorSchema>;

/**
 * Accepts a cursor only when it points into one of this tenant's day partitions inside the range asked
 * for, at an entry of that day: an edited cursor cannot reach another tenant or widen the range.
 */
function decodeCursor(cursor: string, tenantId: string, from: string, to: string): Cursor & { dayMs: number } {
  const decoded: Cursor = fromCursor(cursor, CursorSchema);
  const { day, lastKey } = decoded;
  const ms = dayMs(day);
  const consistent =
    ms !== null &&
    day >= from &&
    day <= to &&
    lastKey.pk === auditPk(tenantId, day) &&
    lastKey.sk.startsWith(`${day}T`) &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#./.test(lastKey.sk);
  if (!consistent) throw invalidCursor();
  return { ...decoded, dayMs: ms };
}

export interface DynamoAuditLogOptions {
  /** How long entries are kept (DynamoDB TTL). @default 2192 (six years) */
  retentionDays?: number;
}

export class DynamoAuditLog implements AuditLog {
  private readonly retentionDays: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoAuditLogOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    if (!Number.isInteger(this.retentionDays) || this.retentionDays < 1) {
      throw new InvalidInputError(`retentionDays must be a whole number of days, at least 1 (got ${this.retentionDays})`, 'invalid_retention');
    }
  }

  async record(entry: AuditEntry): Promise<void> {
    const parsed = AuditEntrySchema.safeParse(entry);
    if (!parsed.success) throw new InvalidAuditEntryError(fieldsOf(parsed.error));
    const valid = parsed.data;
    const at = new Date(valid.at);
    const utc = at.toISOString();
    const item = {
      // The schema object strips unknown fields; JSON drops the optional ones left undefined.
      ...(JSON.parse(JSON.stringify(valid)) as AuditEntry),
      pk: auditPk(valid.tenantId, utc.slice(0, 10)),
      sk: `${utc}#${valid.requestId}`,
      expiresAt: Math.floor(at.getTime() / 1000) + this.retentionDays * 86_400,
    };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      // The same request recorded twice (a retried invocation): the first record stands, unaltered.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async list(tenantId: string, options: { from: string; to: string; limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
    const { from, to, limit } = options;
    const fromMs = dayMs(from);
    const toMs = dayMs(to);
    if (fromMs === null) throw new InvalidInputError(`from must be a date (YYYY-MM-DD), e.g. ${dayOf(Date.now())}`, 'invalid_from');
    if (toMs === null) throw new InvalidInputError(`to must be a date (YYYY-MM-DD), e.g. ${dayOf(Date.now())}`, 'invalid_to');
    if (fromMs > toMs) throw new InvalidInputError(`from (${from}) is after to (${to}): give the earlier day as from`, 'invalid_range');
    if ((toMs - fromMs) / DAY_MS + 1 > MAX_RANGE_DAYS) {
      throw new InvalidInputError(
        `from ${from} to ${to} spans more than ${MAX_RANGE_DAYS} days: list a shorter range, one quarter at a time`,
        'range_too_long',
      );
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`the page size must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 'invalid_limit');
    }
    const resume = options.cursor === undefined ? undefined : decodeCursor(options.cursor, tenantId, from, to);

    const items: AuditEntry[] = [];
    let last: Cursor | undefined;
    // Newest day first; within a day, newest entry first. Each Query asks only for what the page still
    // needs, so no entry is read and thrown away, and the cursor is simply the last entry answered.
    for (let ms = resume ? resume.dayMs : toMs; ms >= fromMs; ms -= DAY_MS) {
      const day = dayOf(ms);
      let startKey: Record<string, unknown> | undefined = resume?.day === day ? resume.lastKey : undefined;
      do {
        const output = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': auditPk(tenantId, day) },
            ScanIndexForward: false,
            Limit: limit - items.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of output.Items ?? []) {
          const parsed = AuditEntrySchema.safeParse(item);
          if (!parsed.success) throw new CorruptAuditEntryError(fieldsOf(parsed.error));
          items.push(parsed.data);
          last = { day, lastKey: { pk: String(item.pk), sk: String(item.sk) } };
        }
        startKey = output.LastEvaluatedKey;
        if (items.length === limit) {
          // Full: there is more unless this was the last entry of the range's first day.
          const more = startKey !== undefined || ms > fromMs;
          return more && last ? { items, cursor: toCursor(last) } : { items };
        }
      } while (startKey);
    }
    return { items };
  }
}
