/**
 * Risk in the API: what each role sees of it, and the review queue.
 *
 * Clinicians and admins read a session's risk in full, with the client's words. A supervisor sees scores,
 * not text: the summary, the episodes (categories, levels, turn ids, assessment) and each finding without
 * its quote; the alliance likewise loses its evidence quotes (one projection: supervisorView in
 * operations/sessions.ts). Lists (a client's sessions, the clients, the
 * review queue) carry only the text-free summary, whoever asks.
 *
 * The review queue (`GET /sessions?reviewRequired=true`) is the repository's: completed sessions whose
 * risk or note requires review and whose note is not signed (reviewLevelOf), highest level first.
 */
import type { z } from 'zod';
import type { ClientRiskSchema, ReviewQueueQuerySchema } from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { json, type ApiDeps, type OperationSet } from '../context.js';
import { hasRole, type Principal } from '../principal.js';

type ClientRisk = z.infer<typeof ClientRiskSchema>;

/** A client's newest sessions searched for the latest one checked for risk. */
const LATEST_WINDOW = 20;
/** How much of the review queue one listing of clients reads to count each client's sessions in it. */
const MAX_QUEUE_READ = 1000;
const PAGE = 100;

/** One row of the review queue: ids, date, status, the risk summary and the note's status; never text. */
export function reviewQueueItem(record: SessionRecord) {
  return {
    sessionId: record.sessionId,
    clientId: record.clientId,
    status: record.status,
    sessionDate: record.sessionDate,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    risk: record.risk?.summary ?? null,
    note: record.note ? { status: record.note.status, version: record.noteVersion ?? 1, reviewRequired: record.note.reviewRequired } : null,
  };
}

/** The client ids a clinician may see; undefined for supervisors and admins, who see the tenant. */
export async function visibleClientIds(deps: Pick<ApiDeps, 'clients'>, principal: Principal): Promise<ReadonlySet<string> | undefined> {
  if (hasRole(principal, 'admin', 'supervisor')) return undefined;
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.clients.list(principal.tenantId, { limit: PAGE, clinicianId: principal.userId, ...(cursor ? { cursor } : {}) });
    for (const assignment of page.items) ids.add(assignment.clientId);
    cursor = page.cursor;
  } while (cursor);
  return ids;
}

/** Each client's sessions awaiting review, and its latest session's risk summary. */
export async function clientRisks(deps: Pick<ApiDeps, 'sessions'>, tenantId: string, clientIds: readonly string[]): Promise<Map<string, ClientRisk>> {
  const awaiting = new Map<string, number>();
  if (clientIds.length > 0) {
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = await deps.sessions.listReviewQueue(tenantId, { limit: PAGE, clientIds: new Set(clientIds), ...(cursor ? { cursor } : {}) });
      for (const record of page.items) awaiting.set(record.clientId, (awaiting.get(record.clientId) ?? 0) + 1);
      read += page.items.length;
      cursor = page.cursor;
    } while (cursor && read < MAX_QUEUE_READ);
  }
  const latest = await Promise.all(
    clientIds.map(async (clientId) => {
      const { items } = await deps.sessions.listByClient(tenantId, clientId, { limit: LATEST_WINDOW });
      const checked = items.find((r) => r.status === 'COMPLETED' && r.risk !== undefined);
      return [clientId, checked?.risk ? { sessionId: checked.sessionId, sessionDate: checked.sessionDate, summary: checked.risk.summary } : null] as const;
    }),
  );
  return new Map(latest.map(([clientId, found]) => [clientId, { awaitingReview: awaiting.get(clientId) ?? 0, latest: found }]));
}

export function createRiskOperations(deps: ApiDeps): OperationSet<'listReviewQueue'> {
  return {
    async listReviewQueue(ctx) {
      const { limit, cursor } = ctx.query as z.infer<typeof ReviewQueueQuerySchema>;
      const clientIds = await visibleClientIds(deps, ctx.principal);
      if (clientIds?.size === 0) return json(200, { items: [] });
      const page = await deps.sessions.listReviewQueue(ctx.principal.tenantId, { limit, ...(cursor ? { cursor } : {}), ...(clientIds ? { clientIds } : {}) });
      return json(200, { items: page.items.map(reviewQueueItem), ...(page.cursor ? { cursor: page.cursor } : {}) });
    },
  };
}
