/** A response kept for replay: status, headers and body as the API answered them the first time. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  /** First use of the key: go ahead, then `complete` (or `release` on a failure worth retrying). */
  | { state: 'new' }
  /** The same request was answered before: answer the same. */
  | { state: 'replay'; response: StoredResponse }
  /** The key was used for a different request (another body, route or user). */
  | { state: 'mismatch' }
  /** The first request with this key has not finished. */
  | { state: 'in-progress' };

/**
 * `Idempotency-Key` records (DynamoDB, 24-hour TTL). Scoped by tenant and key; the fingerprint is a
 * hash of user, route and body, so a key reused for another request is refused, not replayed.
 */
export interface IdempotencyStore {
  begin(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyBegin>;
  /**
   * Keeps the answer for replay. `sessionId`: the session the request concerns (created, or named by the
   * path); the record is then erased with that session, since its answer may hold the session's content
   * (a signed note, ids and URLs).
   */
  complete(tenantId: string, key: string, response: StoredResponse, sessionId?: string): Promise<void>;
  /** Forgets an unfinished key, so a retry can run again (the first attempt failed with a 5xx). */
  release(tenantId: string, key: string): Promise<void>;
  /**
   * Erases every record linked to the session (its creation's, its note's signature…), so a replay after
   * the erasure runs as a new request: answers how many.
   */
  removeForSession(tenantId: string, sessionId: string): Promise<number>;
}
