import type { Failure, SessionRecord, SessionStatus } from '../../../schemas/session-record.js';
import { SessionRecordSchema } from '../../../schemas/session-record.js';
import {
  REVIEW_LEVELS,
  reviewLevelOf,
  type NoteExpectation,
  type Page,
  type SessionKey,
  type SessionRepository,
} from '../../../lambdas/ports/session-repository.js';

const RANK: Record<SessionStatus, number> = { AWAITING_UPLOAD: 0, RECEIVED: 1, TRANSCRIBING: 2, ANALYZING: 3, COMPLETED: 4, FAILED: 4 };

/**
 * An in-memory SessionRepository with the DynamoDB adapter's rules: conditional create (only over a
 * FAILED session of another upload version, or an AWAITING_UPLOAD one), forward-only status, COMPLETED
 * never failed, `fail` never creates a record.
 */
export class FakeSessionRepository implements SessionRepository {
  readonly records = new Map<string, SessionRecord>();
  /** Set to make every call reject, as an unavailable table would. */
  unavailable: Error | null = null;

  constructor(private readonly now: () => Date = () => new Date('2025-03-14T12:00:00Z')) {}

  private id(key: SessionKey): string {
    return `${key.tenantId}#${key.sessionId}`;
  }

  private check(): void {
    if (this.unavailable) throw this.unavailable;
  }

  seed(record: SessionRecord): void {
    this.records.set(this.id(record), structuredClone(SessionRecordSchema.parse(record)));
  }

  async createReceived(record: SessionRecord): Promise<{ created: boolean; existing?: SessionRecord }> {
    this.check();
    const existing = this.records.get(this.id(record));
    const versionId = record.upload?.versionId;
    const failedThisVersion = existing?.status === 'FAILED' && versionId !== undefined && existing.upload?.versionId === versionId;
    if (existing && ((existing.status !== 'FAILED' && existing.status !== 'AWAITING_UPLOAD') || failedThisVersion))
      return { created: false, existing: structuredClone(existing) };
    this.records.set(this.id(record), structuredClone(SessionRecordSchema.parse(record)));
    return { created: true };
  }

  async updateStatus(key: SessionKey, status: SessionStatus, timings: Record<string, number> = {}): Promise<void> {
    this.check();
    if (RANK[status] >= RANK.COMPLETED) throw new Error(`updateStatus cannot set ${status}`);
    const record = this.records.get(this.id(key));
    if (!record) throw new Error(`no session ${key.sessionId}`);
    if (RANK[record.status] > RANK[status]) return;
    record.status = status;
    record.updatedAt = this.now().toISOString();
    record.timings = { ...record.timings, ...timings };
  }

  async complete(
    key: SessionKey,
    results: Pick<SessionRecord, 'metrics' | 'alliance' | 'note' | 'risk' | 'provenance' | 'transcriptKey' | 'timings' | 'executionId'>,
  ): Promise<{ written: boolean }> {
    this.check();
    const record = this.records.get(this.id(key));
    if (!record) throw new Error(`no session ${key.sessionId}`);
    if (record.status === 'COMPLETED' && (results.executionId === undefined || record.executionId !== results.executionId)) return { written: false };
    const { timings = {}, ...content } = results;
    Object.assign(record, structuredClone(content), { status: 'COMPLETED', timings: { ...record.timings, ...timings } });
    delete record.failure;
    return { written: true };
  }

  async fail(key: SessionKey, failure: Failure): Promise<void> {
    this.check();
    const record = this.records.get(this.id(key));
    if (!record || record.status === 'COMPLETED') return;
    record.status = 'FAILED';
    record.failure = { ...failure };
    record.updatedAt = this.now().toISOString();
  }

  async createAwaitingUpload(record: SessionRecord): Promise<boolean> {
    this.check();
    if (this.records.has(this.id(record))) return false;
    this.records.set(this.id(record), structuredClone(SessionRecordSchema.parse(record)));
    return true;
  }

  async updateNote(key: SessionKey, expected: NoteExpectation, fields: Parameters<SessionRepository['updateNote']>[2]): Promise<boolean> {
    this.check();
    const record = this.records.get(this.id(key));
    if (record?.status !== 'COMPLETED' || (record.noteVersion ?? 1) !== expected.version || (record.noteSignature !== undefined) !== expected.signed)
      return false;
    Object.assign(record, structuredClone(fields));
    return true;
  }

  async delete(key: SessionKey): Promise<boolean> {
    this.check();
    return this.records.delete(this.id(key));
  }

  async get(key: SessionKey): Promise<SessionRecord | null> {
    this.check();
    const record = this.records.get(this.id(key));
    return record ? structuredClone(record) : null;
  }

  async listByClient(tenantId: string, clientId: string, options: { limit: number; cursor?: string }): Promise<Page<SessionRecord>> {
    this.check();
    const all = [...this.records.values()]
      .filter((r) => r.tenantId === tenantId && r.clientId === clientId)
      .sort((a, b) => (b.sessionDate ?? '0000-00-00').localeCompare(a.sessionDate ?? '0000-00-00') || b.sessionId.localeCompare(a.sessionId));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = all.slice(start, start + options.limit).map((r) => structuredClone(r));
    const next = start + options.limit;
    return next < all.length ? { items, cursor: String(next) } : { items };
  }

  async listReviewQueue(tenantId: string, options: { limit: number; cursor?: string; clientIds?: ReadonlySet<string> }): Promise<Page<SessionRecord>> {
    this.check();
    const rank = (r: SessionRecord) => REVIEW_LEVELS.indexOf(reviewLevelOf(r)!);
    const all = [...this.records.values()]
      .filter((r) => r.tenantId === tenantId && reviewLevelOf(r) !== null && (!options.clientIds || options.clientIds.has(r.clientId)))
      .sort(
        (a, b) => rank(a) - rank(b) || (b.sessionDate ?? '0000-00-00').localeCompare(a.sessionDate ?? '0000-00-00') || b.sessionId.localeCompare(a.sessionId),
      );
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = all.slice(start, start + options.limit).map((r) => structuredClone(r));
    const next = start + options.limit;
    return next < all.length ? { items, cursor: String(next) } : { items };
  }
}
