import type { AuditEntry } from '../../schemas/api.js';
import type { Page } from './session-repository.js';

/**
 * The audit trail (DynamoDB, one partition per tenant and day): who read or wrote which session data,
 * when, and with what outcome. Never content. Entries are kept after an erasure: they hold only ids.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first, days `from`..`to` (YYYY-MM-DD, UTC) inclusive. */
  list(tenantId: string, options: { from: string; to: string; limit: number; cursor?: string }): Promise<Page<AuditEntry>>;
}
