/**
 * The DynamoDB adapter of the ClientPlanStore port, in the sessions table.
 *
 * Key design: one partition per client, `pk` = `TENANT#<tenant>#CLIENT#<client>#PLAN`, holding
 * - `sk` = `PLAN`: the current version, whole, with `signed`; every write of the plan is a conditional write
 *   of this item on the version and signed state the writer read (of two concurrent writes one wins);
 * - `sk` = `PLAN#VERSION#<10-digit version>`: each version as written (a signed one with its signature),
 *   written after the current item; a version item is never replaced by an unsigned copy once signed;
 * - `sk` = `MEASURE#<yyyy-mm-dd>#<measureId>`: a score entered through the API.
 * No `gsi1*` attributes (the byClient index lists sessions only) and no `expiresAt` (they live until the
 * client is erased). Every key starts with the tenant, and ids are IdSchema-valid (no `#`).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AttuneError } from '../../core/errors.js';
import type { ClientKey, ClientPlanStore, PlanExpectation, PlanRemoval } from '../../ports/client-plans.js';
import { MeasureRecordSchema, PlanVersionSchema, type MeasureRecord, type PlanSignature, type PlanVersion } from '../../../schemas/plan.js';
import { badFields, isConditionalFailure, plain, validId } from './keys.js';

const CURRENT = 'PLAN';
const VERSION_PREFIX = 'PLAN#VERSION#';
const MEASURE_PREFIX = 'MEASURE#';

/** A stored plan or measure that no longer matches its schema (names the fields, never their values). */
export class CorruptPlanItemError extends AttuneError {
  constructor(what: string, fields: string) {
    super(`a stored ${what} does not match the schema (${fields}); check for a manual edit or a migration`, 'corrupt_plan_item');
  }
}

export function plansPk(key: ClientKey): string {
  return `TENANT#${validId(key.tenantId, 'tenant')}#CLIENT#${validId(key.clientId, 'client')}#PLAN`;
}

export const planVersionSk = (version: number): string => `${VERSION_PREFIX}${String(version).padStart(10, '0')}`;

function toVersion(item: Record<string, unknown>): PlanVersion {
  const parsed = PlanVersionSchema.safeParse(item);
  if (!parsed.success) throw new CorruptPlanItemError('plan version', badFields(parsed.error.issues));
  return parsed.data;
}

function toMeasure(item: Record<string, unknown>): MeasureRecord {
  const parsed = MeasureRecordSchema.safeParse(item);
  if (!parsed.success) throw new CorruptPlanItemError('measure', badFields(parsed.error.issues));
  return parsed.data;
}

export class DynamoClientPlanStore implements ClientPlanStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return Item;
  }

  async current(key: ClientKey): Promise<PlanVersion | null> {
    const item = await this.getItem(plansPk(key), CURRENT);
    return item ? toVersion(item) : null;
  }

  async version(key: ClientKey, version: number): Promise<PlanVersion | null> {
    const current = await this.current(key);
    if (!current || version > current.version) return null;
    // The current version is read from its own item: its version item may not be written yet.
    if (version === current.version) return current;
    const item = await this.getItem(plansPk(key), planVersionSk(version));
    return item ? toVersion(item) : null;
  }

  /** Writes a version item, unless a signed copy of it is there already (a version's content never changes). */
  private async putVersionItem(key: ClientKey, version: PlanVersion): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: plain({ pk: plansPk(key), sk: planVersionSk(version.version), tenantId: key.tenantId, signed: version.signature !== undefined, ...version }),
          ConditionExpression: 'attribute_not_exists(pk) OR #signed = :false',
          ExpressionAttributeNames: { '#signed': 'signed' },
          ExpressionAttributeValues: { ':false': false },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async writeVersion(key: ClientKey, next: PlanVersion, expected: PlanExpectation): Promise<boolean> {
    const pk = plansPk(key);
    // The version being superseded keeps its item (a write that stopped after the current item was replaced left none).
    if (expected.version > 0) {
      const read = await this.current(key);
      if (read && read.version === expected.version && (read.signature !== undefined) === expected.signed) await this.putVersionItem(key, read);
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: plain({ pk, sk: CURRENT, tenantId: key.tenantId, signed: next.signature !== undefined, ...next }),
          ...(expected.version === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version AND #signed = :signed',
                ExpressionAttributeNames: { '#version': 'version', '#signed': 'signed' },
                ExpressionAttributeValues: { ':version': expected.version, ':signed': expected.signed },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
    await this.putVersionItem(key, next);
    return true;
  }

  async sign(key: ClientKey, version: number, signature: PlanSignature, plan: PlanVersion['plan']): Promise<boolean> {
    let signed: PlanVersion;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: plansPk(key), sk: CURRENT },
          UpdateExpression: 'SET #signature = :signature, #plan = :plan, #signed = :true',
          ConditionExpression: '#version = :version AND #signed = :false',
          ExpressionAttributeNames: { '#signature': 'signature', '#plan': 'plan', '#signed': 'signed', '#version': 'version' },
          ExpressionAttributeValues: { ':signature': plain(signature), ':plan': plain(plan), ':true': true, ':false': false, ':version': version },
          ReturnValues: 'ALL_NEW',
        }),
      );
      signed = toVersion(Attributes ?? {});
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
    await this.putVersionItem(key, signed);
    return true;
  }

  async addMeasure(key: ClientKey, measure: MeasureRecord): Promise<void> {
    const sk = `${MEASURE_PREFIX}${measure.date}#${validId(measure.measureId, 'measure')}`;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: plain({ pk: plansPk(key), sk, tenantId: key.tenantId, clientId: key.clientId, ...measure }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  private async *items(pk: string, prefix?: string): AsyncGenerator<Record<string, unknown>> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      yield* output.Items ?? [];
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  }

  async listMeasures(key: ClientKey): Promise<MeasureRecord[]> {
    const out: MeasureRecord[] = [];
    for await (const item of this.items(plansPk(key), MEASURE_PREFIX)) out.push(toMeasure(item));
    return out;
  }

  async removeAll(key: ClientKey): Promise<PlanRemoval> {
    const pk = plansPk(key);
    const removed: PlanRemoval = { planRecords: 0, measureRecords: 0 };
    const keys: string[] = [];
    for await (const item of this.items(pk)) keys.push(String(item.sk));
    for (const sk of keys) {
      const { Attributes } = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk }, ReturnValues: 'ALL_OLD' }));
      if (!Attributes) continue;
      if (sk.startsWith(MEASURE_PREFIX)) removed.measureRecords += 1;
      else removed.planRecords += 1;
    }
    return removed;
  }
}
