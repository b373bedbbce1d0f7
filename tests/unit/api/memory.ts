/**
 * In-memory implementations of the API's ports, for unit tests of the operations and the dispatcher:
 * they keep the same contracts as the DynamoDB and S3 adapters (conditional writes, tenant-keyed
 * reads), so an operation that works here works against dynalite. Integration tests use the real stack.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { AuditEntry } from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import type { ApiDeps } from '../../../lambdas/api/context.js';
import type { AuditLog } from '../../../lambdas/ports/audit-log.js';
import type { ClientAssignment, ClientDirectory } from '../../../lambdas/ports/client-directory.js';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../../../lambdas/ports/idempotency.js';
import type { ObjectStore, PresignedPut, PresignPutOptions, StoredObjectInfo } from '../../../lambdas/ports/object-store.js';
import {
  REVIEW_LEVELS,
  reviewLevelOf,
  type NoteExpectation,
  type Page,
  type SessionKey,
  type SessionRepository,
} from '../../../lambdas/ports/session-repository.js';
import type { WebhookRegistry, WebhookSubscription } from '../../../lambdas/ports/webhook-registry.js';
import type { ClientKey, ClientPlanStore, PlanExpectation } from '../../../lambdas/ports/client-plans.js';
import type { MeasureRecord, PlanSignature, PlanVersion } from '../../../schemas/plan.js';
import type { Role } from '../../../schemas/api.js';

function page<T>(all: T[], limit: number, cursor?: string): Page<T> {
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
  const items = all.slice(start, start + limit);
  return start + limit < all.length ? { items, cursor: Buffer.from(String(start + limit)).toString('base64url') } : { items };
}

export class MemorySessions implements SessionRepository {
  readonly items = new Map<string, SessionRecord>();
  private k = (key: SessionKey) => `${key.tenantId}/${key.sessionId}`;
  async createReceived(record: SessionRecord) {
    const existing = this.items.get(this.k(record));
    if (existing && existing.status !== 'FAILED' && existing.status !== 'AWAITING_UPLOAD') return { created: false, existing };
    this.items.set(this.k(record), structuredClone(record));
    return { created: true };
  }
  async createAwaitingUpload(record: SessionRecord) {
    if (this.items.has(this.k(record))) return false;
    this.items.set(this.k(record), structuredClone(record));
    return true;
  }
  async updateStatus(key: SessionKey, status: SessionRecord['status']) {
    const r = this.items.get(this.k(key));
    if (r) r.status = status;
  }
  async complete(key: SessionKey, results: Partial<SessionRecord>) {
    const r = this.items.get(this.k(key));
    if (!r || r.status === 'COMPLETED') return { written: false };
    Object.assign(r, structuredClone(results), { status: 'COMPLETED' });
    return { written: true };
  }
  async fail(key: SessionKey, failure: SessionRecord['failure']) {
    const r = this.items.get(this.k(key));
    if (r && r.status !== 'COMPLETED') Object.assign(r, { status: 'FAILED', failure });
  }
  async get(key: SessionKey) {
    const r = this.items.get(this.k(key));
    return r ? structuredClone(r) : null;
  }
  async updateNote(
    key: SessionKey,
    expected: NoteExpectation,
    fields: Pick<SessionRecord, 'note' | 'noteVersion' | 'noteSignature' | 'noteHistory' | 'noteEditedBy' | 'noteEditedAt'>,
  ) {
    const r = this.items.get(this.k(key));
    // As the DynamoDB adapter's condition: the version read, signed or not as it was read.
    if (r?.status !== 'COMPLETED' || (r.noteVersion ?? 1) !== expected.version || (r.noteSignature !== undefined) !== expected.signed) return false;
    r.note = structuredClone(fields.note);
    r.noteVersion = fields.noteVersion;
    for (const field of ['noteSignature', 'noteHistory', 'noteEditedBy', 'noteEditedAt'] as const) {
      if (fields[field] === undefined) delete r[field];
      else (r as Record<string, unknown>)[field] = structuredClone(fields[field]);
    }
    return true;
  }
  async delete(key: SessionKey) {
    return this.items.delete(this.k(key));
  }
  async listByClient(tenantId: string, clientId: string, options: { limit: number; cursor?: string }) {
    const all = [...this.items.values()]
      .filter((r) => r.tenantId === tenantId && r.clientId === clientId)
      .sort((a, b) => ((b.sessionDate ?? '') + b.sessionId).localeCompare((a.sessionDate ?? '') + a.sessionId));
    return page(
      all.map((r) => structuredClone(r)),
      options.limit,
      options.cursor,
    );
  }
  async listReviewQueue(tenantId: string, options: { limit: number; cursor?: string; clientIds?: ReadonlySet<string> }) {
    const rank = (r: SessionRecord) => REVIEW_LEVELS.indexOf(reviewLevelOf(r)!);
    const all = [...this.items.values()]
      .filter((r) => r.tenantId === tenantId && reviewLevelOf(r) !== null && (!options.clientIds || options.clientIds.has(r.clientId)))
      .sort((a, b) => rank(a) - rank(b) || ((b.sessionDate ?? '') + b.sessionId).localeCompare((a.sessionDate ?? '') + a.sessionId));
    return page(
      all.map((r) => structuredClone(r)),
      options.limit,
      options.cursor,
    );
  }
}

export class MemoryClients implements ClientDirectory {
  readonly items = new Map<string, ClientAssignment>();
  async get(tenantId: string, clientId: string) {
    return this.items.get(`${tenantId}/${clientId}`) ?? null;
  }
  async assign(a: ClientAssignment) {
    const existing = this.items.get(`${a.tenantId}/${a.clientId}`);
    if (existing) return existing;
    this.items.set(`${a.tenantId}/${a.clientId}`, { ...a });
    return a;
  }
  async setClinician(a: ClientAssignment) {
    const previous = this.items.get(`${a.tenantId}/${a.clientId}`);
    const assignment = { ...a, createdAt: previous?.createdAt ?? a.createdAt };
    this.items.set(`${a.tenantId}/${a.clientId}`, assignment);
    return { assignment: { ...assignment }, previousClinicianId: previous?.clinicianId ?? null };
  }
  async list(tenantId: string, options: { limit: number; cursor?: string; clinicianId?: string }) {
    const all = [...this.items.values()]
      .filter((a) => a.tenantId === tenantId && (!options.clinicianId || a.clinicianId === options.clinicianId))
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
    return page(all, options.limit, options.cursor);
  }
  async remove(tenantId: string, clientId: string) {
    return this.items.delete(`${tenantId}/${clientId}`);
  }
}

export class MemoryIdempotency implements IdempotencyStore {
  readonly items = new Map<string, { fingerprint: string; response?: StoredResponse; sessionId?: string }>();
  async begin(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyBegin> {
    const existing = this.items.get(`${tenantId}/${key}`);
    if (!existing) {
      this.items.set(`${tenantId}/${key}`, { fingerprint });
      return { state: 'new' };
    }
    if (existing.fingerprint !== fingerprint) return { state: 'mismatch' };
    return existing.response ? { state: 'replay', response: existing.response } : { state: 'in-progress' };
  }
  async complete(tenantId: string, key: string, response: StoredResponse, sessionId?: string) {
    const existing = this.items.get(`${tenantId}/${key}`);
    if (existing) Object.assign(existing, { response, ...(sessionId ? { sessionId } : {}) });
  }
  async release(tenantId: string, key: string) {
    this.items.delete(`${tenantId}/${key}`);
  }
  async removeForSession(tenantId: string, sessionId: string) {
    let n = 0;
    for (const [k, v] of this.items) if (k.startsWith(`${tenantId}/`) && v.sessionId === sessionId && this.items.delete(k)) n++;
    return n;
  }
}

export class MemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry) {
    this.entries.push(structuredClone(entry));
  }
  async list(tenantId: string, options: { from: string; to: string; limit: number; cursor?: string }) {
    const all = this.entries.filter((e) => e.tenantId === tenantId && e.at.slice(0, 10) >= options.from && e.at.slice(0, 10) <= options.to).reverse();
    return page(all, options.limit, options.cursor);
  }
}

export class MemoryWebhooks implements WebhookRegistry {
  readonly items: WebhookSubscription[] = [];
  async add(s: WebhookSubscription) {
    this.items.push({ ...s });
  }
  async list(tenantId: string) {
    return this.items.filter((s) => s.tenantId === tenantId);
  }
  async remove(tenantId: string, webhookId: string) {
    const i = this.items.findIndex((s) => s.tenantId === tenantId && s.webhookId === webhookId);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
}

/** Plan versions and entered measures, with the DynamoDB adapter's conditions (the current version as read). */
export class MemoryPlans implements ClientPlanStore {
  /** `${tenant}/${client}` → every stored version, oldest first (the last is current). */
  readonly versions = new Map<string, PlanVersion[]>();
  readonly measures = new Map<string, MeasureRecord[]>();
  private k = (key: ClientKey) => `${key.tenantId}/${key.clientId}`;
  async current(key: ClientKey) {
    const v = this.versions.get(this.k(key))?.at(-1);
    return v ? structuredClone(v) : null;
  }
  async version(key: ClientKey, version: number) {
    const v = this.versions.get(this.k(key))?.find((x) => x.version === version);
    return v ? structuredClone(v) : null;
  }
  async writeVersion(key: ClientKey, next: PlanVersion, expected: PlanExpectation) {
    const list = this.versions.get(this.k(key)) ?? [];
    const at = list.at(-1);
    if ((at?.version ?? 0) !== expected.version || (at?.signature !== undefined) !== expected.signed) return false;
    list.push(structuredClone(next));
    this.versions.set(this.k(key), list);
    return true;
  }
  async sign(key: ClientKey, version: number, signature: PlanSignature, plan: PlanVersion['plan']) {
    const at = this.versions.get(this.k(key))?.at(-1);
    if (!at || at.version !== version || at.signature) return false;
    Object.assign(at, { signature: structuredClone(signature), plan: structuredClone(plan) });
    return true;
  }
  async addMeasure(key: ClientKey, measure: MeasureRecord) {
    const list = this.measures.get(this.k(key)) ?? [];
    list.push(structuredClone(measure));
    list.sort((a, b) => (a.date + a.measureId).localeCompare(b.date + b.measureId));
    this.measures.set(this.k(key), list);
  }
  async listMeasures(key: ClientKey) {
    return structuredClone(this.measures.get(this.k(key)) ?? []);
  }
  async removeAll(key: ClientKey) {
    const planRecords = this.versions.get(this.k(key))?.length ?? 0;
    const measureRecords = this.measures.get(this.k(key))?.length ?? 0;
    this.versions.delete(this.k(key));
    this.measures.delete(this.k(key));
    // As the DynamoDB adapter counts: the current-version item and one item per version.
    return { planRecords: planRecords === 0 ? 0 : planRecords + 1, measureRecords };
  }
}

interface MemoryObject {
  body: Uint8Array;
  contentType?: string;
  metadata: Record<string, string>;
}

export class MemoryObjects implements ObjectStore {
  /** `${bucket}/${key}` → versions, oldest first. */
  readonly objects = new Map<string, MemoryObject[]>();
  async head(bucket: string, key: string): Promise<StoredObjectInfo | null> {
    const v = this.objects.get(`${bucket}/${key}`)?.at(-1);
    return v ? { bytes: v.body.length, metadata: v.metadata, ...(v.contentType ? { contentType: v.contentType } : {}) } : null;
  }
  async read(bucket: string, key: string, length?: number) {
    const v = this.objects.get(`${bucket}/${key}`)?.at(-1);
    if (!v) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return length === undefined ? v.body : v.body.slice(0, length);
  }
  async write(bucket: string, key: string, body: Uint8Array | string, contentType: string, metadata: Record<string, string> = {}) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const list = this.objects.get(`${bucket}/${key}`) ?? [];
    list.push({ body: bytes, contentType, metadata });
    this.objects.set(`${bucket}/${key}`, list);
  }
  async presignPut(bucket: string, key: string, options: PresignPutOptions): Promise<PresignedPut> {
    const headers: Record<string, string> = { 'content-type': options.contentType };
    for (const [name, value] of Object.entries(options.metadata)) headers[`x-amz-meta-${name}`] = value;
    return { url: `https://${bucket}.s3.test/${key}?signature=test`, headers, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }
  async deleteAllVersions(bucket: string, key: string) {
    const n = this.objects.get(`${bucket}/${key}`)?.length ?? 0;
    this.objects.delete(`${bucket}/${key}`);
    return n;
  }
  async deleteVersion(bucket: string, key: string) {
    const list = this.objects.get(`${bucket}/${key}`);
    if (!list || list.length === 0) return 0;
    list.pop();
    if (list.length === 0) this.objects.delete(`${bucket}/${key}`);
    return 1;
  }
  async deletePrefix(bucket: string, prefix: string) {
    const gone: { key: string; versions: number }[] = [];
    for (const [id, list] of [...this.objects]) {
      if (!id.startsWith(`${bucket}/${prefix}`)) continue;
      gone.push({ key: id.slice(bucket.length + 1), versions: list.length });
      this.objects.delete(id);
    }
    return gone;
  }
}

export interface MemoryDeps extends ApiDeps {
  sessions: MemorySessions;
  clients: MemoryClients;
  idempotency: MemoryIdempotency;
  audit: MemoryAudit;
  webhooks: MemoryWebhooks;
  plans: MemoryPlans;
  objects: MemoryObjects;
}

export function memoryDeps(overrides: Partial<ApiDeps> = {}): MemoryDeps {
  let n = 0;
  return {
    sessions: new MemorySessions(),
    clients: new MemoryClients(),
    idempotency: new MemoryIdempotency(),
    audit: new MemoryAudit(),
    webhooks: new MemoryWebhooks(),
    plans: new MemoryPlans(),
    objects: new MemoryObjects(),
    config: {
      uploadsBucket: 'uploads',
      artifactsBucket: 'artifacts',
      maxUploadBytes: 2 * 1024 ** 3,
      uploadUrlSeconds: 900,
      noteFormat: 'soap',
      allowLoopbackWebhooks: true,
    },
    now: () => new Date('2026-10-01T12:00:00Z'),
    newId: () => `id-${++n}-${randomUUID().slice(0, 8)}`,
    ...overrides,
  } as MemoryDeps;
}

export interface Caller {
  tenant: string;
  user: string;
  roles?: Role[];
}

/** The event API Gateway sends for a request, with the Cognito authorizer's claims for `caller`. */
export function apiEvent(
  method: string,
  path: string,
  options: { caller?: Caller | null; body?: unknown; headers?: Record<string, string>; query?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const caller = options.caller === undefined ? { tenant: 't1', user: 'u1', roles: ['clinician'] as Role[] } : options.caller;
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers = { ...(body !== null ? { 'content-type': 'application/json' } : {}), ...options.headers };
  return {
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      authorizer: caller ? { claims: { sub: caller.user, 'custom:tenant': caller.tenant, 'cognito:groups': caller.roles ?? ['clinician'] } } : null,
      identity: { sourceIp: '127.0.0.1' },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}
