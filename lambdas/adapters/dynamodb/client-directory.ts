/**
 * The DynamoDB adapter of the ClientDirectory port, in the sessions table.
 *
 * Key design:
 * - `pk` = `TENANT#<tenant>#CLIENTS`, `sk` = `CLIENT#<client>`: one partition per tenant, so a listing is
 *   a Query in client-id order, and the directory never shares a partition with a session.
 * - no `gsi1pk`/`gsi1sk`: assignments stay out of the `byClient` index, which lists sessions only.
 * - no `expiresAt`: an assignment lives until the client is erased.
 *
 * Every key starts with the tenant and ids are IdSchema-valid (no `#`), so no read or write reaches
 * another tenant's items, and a listing cursor is accepted only when it points into the caller's tenant.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AttuneError, InvalidInputError } from '../../core/errors.js';
import { IdSchema } from '../../../schemas/session-record.js';
import type { ClientAssignment, ClientDirectory } from '../../ports/client-directory.js';
import type { Page } from '../../ports/session-repository.js';
import { MAX_PAGE_SIZE } from './session-repository.js';
import { badFields, fromCursor, invalidCursor, isConditionalFailure, toCursor, validId } from './keys.js';

/**
 * Items one filtered Query reads at most. A clinician may hold a few of a tenant's thousands of clients:
 * reading in large batches keeps that listing to a few round trips, while a Limit still bounds each one.
 */
const FILTERED_BATCH = 500;

const ClientAssignmentSchema = z.object({
  tenantId: IdSchema,
  clientId: IdSchema,
  // The principal's user id (a Cognito sub or an email): never part of a key, so any short text.
  clinicianId: z.string().min(1).max(256),
  createdAt: z.iso.datetime({ offset: true }),
});

/** A directory item that no longer matches the schema (names the fields, never their values). */
export class CorruptClientAssignmentError extends AttuneError {
  constructor(fields: string) {
    super(`a stored client assignment does not match the schema (${fields}); check for a manual edit or a migration`, 'corrupt_client_assignment');
  }
}

export function clientsPk(tenantId: string): string {
  return `TENANT#${validId(tenantId, 'tenant')}#CLIENTS`;
}

export function clientsSk(clientId: string): string {
  return `CLIENT#${validId(clientId, 'client')}`;
}

function validAssignment(assignment: ClientAssignment): ClientAssignment {
  const parsed = ClientAssignmentSchema.safeParse(assignment);
  if (!parsed.success) {
    throw new InvalidInputError(
      `the client assignment is not valid (${badFields(parsed.error.issues)}); ids are 1-64 letters, digits, "-" or "_"`,
      'invalid_client_assignment',
    );
  }
  return parsed.data;
}

function toAssignment(item: Record<string, unknown>): ClientAssignment {
  const parsed = ClientAssignmentSchema.safeParse(item);
  if (!parsed.success) throw new CorruptClientAssignmentError(badFields(parsed.error.issues));
  return parsed.data;
}

const CursorKeySchema = z.strictObject({ pk: z.string(), sk: z.string() });
type CursorKey = z.infer<typeof CursorKeySchema>;

/** Accepts a cursor only when it names a client position inside this tenant's directory. */
function readCursor(cursor: string, tenantId: string): CursorKey {
  const key: CursorKey = fromCursor(cursor, CursorKeySchema);
  const client = key.sk.match(/^CLIENT#(.+)$/);
  if (key.pk !== clientsPk(tenantId) || client === null || !IdSchema.safeParse(client[1]).success) throw invalidCursor();
  return key;
}

function encodeCursor(key: CursorKey): string {
  return toCursor({ pk: key.pk, sk: key.sk });
}

export class DynamoClientDirectory implements ClientDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, clientId: string): Promise<ClientAssignment | null> {
    // Consistent: a session is created right after its client is assigned, and access is checked on this read.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: clientsPk(tenantId), sk: clientsSk(clientId) }, ConsistentRead: true }),
    );
    return Item ? toAssignment(Item) : null;
  }

  async assign(assignment: ClientAssignment): Promise<ClientAssignment> {
    const valid = validAssignment(assignment);
    const item = { pk: clientsPk(valid.tenantId), sk: clientsSk(valid.clientId), ...valid };
    // Two tries: an assignment removed between our failed Put and the read leaves the client free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return valid;
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
      }
      // The first clinician to assign the client keeps them: answer theirs, not the caller's.
      const existing = await this.get(valid.tenantId, valid.clientId);
      if (existing) return existing;
    }
    throw new AttuneError(`client ${valid.clientId} was assigned and removed while this request ran; try again`, 'client_assignment_contended');
  }

  async setClinician(assignment: ClientAssignment): Promise<{ assignment: ClientAssignment; previousClinicianId: string | null }> {
    const valid = validAssignment(assignment);
    // One unconditional update: the last admin to assign wins, and the first assignment's date stays.
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: clientsPk(valid.tenantId), sk: clientsSk(valid.clientId) },
        UpdateExpression: 'SET #tenantId = :tenantId, #clientId = :clientId, #clinicianId = :clinicianId, #createdAt = if_not_exists(#createdAt, :createdAt)',
        ExpressionAttributeNames: { '#tenantId': 'tenantId', '#clientId': 'clientId', '#clinicianId': 'clinicianId', '#createdAt': 'createdAt' },
        ExpressionAttributeValues: {
          ':tenantId': valid.tenantId,
          ':clientId': valid.clientId,
          ':clinicianId': valid.clinicianId,
          ':createdAt': valid.createdAt,
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const previous = Attributes ? toAssignment(Attributes) : null;
    return { assignment: { ...valid, createdAt: previous?.createdAt ?? valid.createdAt }, previousClinicianId: previous?.clinicianId ?? null };
  }

  async list(tenantId: string, options: { limit: number; cursor?: string; clinicianId?: string }): Promise<Page<ClientAssignment>> {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`the page size must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 'invalid_limit');
    }
    const pk = clientsPk(tenantId);
    const filtered = options.clinicianId !== undefined;
    let startKey: CursorKey | undefined = options.cursor === undefined ? undefined : readCursor(options.cursor, tenantId);
    const items: ClientAssignment[] = [];
    // The next page starts after the last client answered, whatever the last Query read beyond it.
    const after = (last: ClientAssignment | undefined) => (last ? { items, cursor: encodeCursor({ pk, sk: clientsSk(last.clientId) }) } : { items });
    // A filter is applied after DynamoDB's Limit, so one Query may answer few or no matches while the
    // partition goes on: keep reading until the page is full or the partition ends.
    for (;;) {
      const remaining = options.limit - items.length;
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(filtered ? { ':clinicianId': options.clinicianId } : {}) },
          ...(filtered ? { FilterExpression: '#clinicianId = :clinicianId', ExpressionAttributeNames: { '#clinicianId': 'clinicianId' } } : {}),
          ScanIndexForward: true,
          Limit: filtered ? FILTERED_BATCH : remaining,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const matches = output.Items ?? [];
      items.push(...matches.slice(0, remaining).map(toAssignment));
      if (matches.length > remaining) return after(items.at(-1));
      if (!output.LastEvaluatedKey) return { items };
      if (items.length === options.limit) return after(items.at(-1));
      startKey = CursorKeySchema.parse(output.LastEvaluatedKey);
    }
  }

  async remove(tenantId: string, clientId: string): Promise<boolean> {
    const output = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: clientsPk(tenantId), sk: clientsSk(clientId) }, ReturnValues: 'ALL_OLD' }),
    );
    return output.Attributes !== undefined;
  }
}
