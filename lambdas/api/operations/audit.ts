/** GET /audit: the tenant's audit trail for its administrators (ids, actions, outcomes; never content). */
import { json, type Access, type ApiDeps, type OperationSet } from '../context.js';
import { Problem } from '../problem.js';

const DAY_MS = 24 * 3600 * 1000;
/** One query spans at most this many days (the adapter reads one partition per day). */
export const MAX_AUDIT_DAYS = 92;

export function createAuditOperations(deps: ApiDeps, _access?: Access): OperationSet<'listAudit'> {
  return {
    async listAudit(ctx) {
      const { limit, cursor, from, to } = ctx.query as { limit: number; cursor?: string; from?: string; to?: string };
      const today = deps.now().toISOString().slice(0, 10);
      const last = to ?? today;
      const first = from ?? new Date(Date.parse(`${last}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
      if (first > last) throw new Problem('invalid-request', 'from must not be after to', { errors: [{ pointer: '?from', detail: 'after to' }] });
      const days = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS + 1;
      if (days > MAX_AUDIT_DAYS) {
        throw new Problem('invalid-request', `ask for at most ${MAX_AUDIT_DAYS} days at a time (from..to spans ${days})`, {
          errors: [{ pointer: '?from', detail: 'range too long' }],
        });
      }
      const page = await deps.audit.list(ctx.principal.tenantId, { from: first, to: last, limit, ...(cursor ? { cursor } : {}) });
      return json(200, { items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) });
    },
  };
}
