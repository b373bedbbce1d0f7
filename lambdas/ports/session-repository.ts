import { RiskLevelSchema, type RiskLevelOrNone } from '../../schemas/risk.js';
import type { Failure, SessionRecord, SessionStatus } from '../../schemas/session-record.js';

export interface SessionKey {
  tenantId: string;
  sessionId: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, absent on the last page. */
  cursor?: string;
}

/** Where a session sits in the review queue: its highest risk level; `none` when only its note asks for review. */
export type ReviewLevel = RiskLevelOrNone;

/** The queue's order: the highest level first, then sessions whose note alone asks for review. */
export const REVIEW_LEVELS: readonly ReviewLevel[] = [...[...RiskLevelSchema.options].reverse(), 'none'];

/**
 * The review queue's rule, in one place: a COMPLETED session whose risk (the detector's summary) or note
 * requires a clinician's review, and whose current note is not signed. Answers its level, or null when it
 * is not in the queue.
 */
export function reviewLevelOf(record: Pick<SessionRecord, 'status' | 'risk' | 'note' | 'noteSignature'>): ReviewLevel | null {
  if (record.status !== 'COMPLETED' || record.noteSignature !== undefined) return null;
  if (record.risk?.summary.reviewRequired !== true && record.note?.reviewRequired !== true) return null;
  return record.risk?.summary.highestLevel ?? 'none';
}

/**
 * The note a write started from. A signature keeps the version number, so the number alone cannot tell a
 * signed version from the unsigned one it was read as: a write is conditional on both, or two signatures
 * of one version both land, and an edit of the unsigned version replaces the signed one without keeping it.
 */
export interface NoteExpectation {
  version: number;
  signed: boolean;
}

/**
 * Session storage (DynamoDB in AWS, dynalite locally). Every read and write is keyed by tenant; every
 * listing is a Query, never a Scan.
 */
export interface SessionRepository {
  /**
   * Records a newly received upload. Conditional: returns `created: false` (and writes nothing) when
   * the session already exists and is not FAILED, so a redelivered event never makes a second session;
   * nor when it FAILED with this very upload version (the failed upload's event, delivered again).
   */
  createReceived(record: SessionRecord): Promise<{ created: boolean; existing?: SessionRecord }>;
  /** Moves a session along (RECEIVED → TRANSCRIBING → ANALYZING); never backwards, never out of COMPLETED. */
  updateStatus(key: SessionKey, status: SessionStatus, timings?: Record<string, number>): Promise<void>;
  /**
   * Writes the results and COMPLETED, conditional on the session not being COMPLETED already by another
   * execution: returns `written: false` for a duplicate. The execution that completed it may write again
   * (a retried state): that answers `written: true`.
   */
  complete(
    key: SessionKey,
    results: Pick<SessionRecord, 'metrics' | 'alliance' | 'note' | 'risk' | 'supervision' | 'provenance' | 'transcriptKey' | 'timings' | 'executionId'>,
  ): Promise<{ written: boolean }>;
  /** Marks FAILED with a reason; a COMPLETED session is never marked failed. */
  fail(key: SessionKey, failure: Failure): Promise<void>;
  get(key: SessionKey): Promise<SessionRecord | null>;
  /**
   * Records a session the API created before its recording arrives (AWAITING_UPLOAD); the upload's
   * createReceived then replaces it. Conditional: false when the session id exists already.
   */
  createAwaitingUpload(record: SessionRecord): Promise<boolean>;
  /**
   * Replaces the note fields of a COMPLETED session, conditional on its note still being as `expected`
   * (optimistic locking): false, writing nothing, when another edit or signature came first.
   */
  updateNote(
    key: SessionKey,
    expected: NoteExpectation,
    fields: Required<Pick<SessionRecord, 'note' | 'noteVersion'>> &
      Pick<SessionRecord, 'noteSignature' | 'noteHistory' | 'noteEditedBy' | 'noteEditedAt'> & {
        /** The session's place in the review queue after this write (reviewLevelOf); null: out of it; absent: unchanged. */
        reviewLevel?: ReviewLevel | null;
      },
  ): Promise<boolean>;
  /** Deletes the session's item; answers whether there was one. */
  delete(key: SessionKey): Promise<boolean>;
  /** A client's sessions, newest session date first. */
  listByClient(tenantId: string, clientId: string, options: { limit: number; cursor?: string }): Promise<Page<SessionRecord>>;
  /**
   * The tenant's review queue (reviewLevelOf): highest level first (high, moderate, low, then sessions
   * only their note flags), newest session date first within a level. With `clientIds`, only those
   * clients' sessions. A page may hold fewer than `limit` sessions while a cursor says there are more.
   */
  listReviewQueue(tenantId: string, options: { limit: number; cursor?: string; clientIds?: ReadonlySet<string> }): Promise<Page<SessionRecord>>;
}
