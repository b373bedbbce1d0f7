/**
 * A tenant's clients: the caller's list of clients, one client's sessions (paginated with the
 * repository's opaque cursor) and the alliance across them (trend, rupture alerts, cross-session flags
 * from the same series engine `attune trend` uses). A supervisor sees every client's scores and
 * trends; a clinician only their own clients. An admin assigns a client to its clinician: the only way a
 * client that exists gets a clinician other than the one who created it (use-cases/create-session.ts).
 */
import { analyzeSeries, type SeriesSession } from '../../core/alliance/series.js';
import { reviewLevelOf } from '../../ports/session-repository.js';
import type { AssignClinicianRequest } from '../../../schemas/api.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { hasRole } from '../principal.js';
import { Problem } from '../problem.js';
import { clientRisks } from './risk.js';

/** The alliance view reads at most this many of a client's sessions (newest first): years of weekly sessions. */
export const MAX_SERIES_SESSIONS = 1000;
const PAGE = 100;

/** One row of a client's listing: enough for a timeline or a trend chart, without the note or any quote. */
export function sessionSummary(record: SessionRecord) {
  return {
    sessionId: record.sessionId,
    clientId: record.clientId,
    status: record.status,
    sessionDate: record.sessionDate,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    overall: record.alliance?.overall.score ?? null,
    dimensions: record.alliance ? Object.fromEntries(Object.entries(record.alliance.dimensions).map(([name, d]) => [name, d.score])) : null,
    noteSigned: record.noteSignature !== undefined,
    risk: record.risk?.summary ?? null,
    awaitingReview: reviewLevelOf(record) !== null,
    ...(record.failure ? { failure: record.failure } : {}),
  };
}

export function createClientOperations(
  deps: ApiDeps,
  access: Access,
): OperationSet<'listClients' | 'listClientSessions' | 'getClientAlliance' | 'assignClinician'> {
  /** A client the caller may see; one with no clinician and no sessions does not exist. */
  async function visibleClient(ctx: Pick<RequestContext, 'principal' | 'touched'>, clientId: string): Promise<void> {
    const assignment = await access.client(ctx.principal, clientId);
    ctx.touched.clientId = clientId;
    if (assignment) return;
    const any = await deps.sessions.listByClient(ctx.principal.tenantId, clientId, { limit: 1 });
    if (any.items.length === 0) throw new Problem('not-found', 'no client with this id exists, or it is not one of yours');
  }

  async function allSessions(tenantId: string, clientId: string): Promise<{ records: SessionRecord[]; truncated: boolean }> {
    const records: SessionRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.sessions.listByClient(tenantId, clientId, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      records.push(...page.items);
      cursor = page.cursor;
    } while (cursor && records.length < MAX_SERIES_SESSIONS);
    return { records, truncated: cursor !== undefined };
  }

  return {
    async listClients(ctx) {
      const { limit, cursor } = ctx.query as { limit: number; cursor?: string };
      const everyone = hasRole(ctx.principal, 'admin', 'supervisor');
      const page = await deps.clients.list(ctx.principal.tenantId, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(everyone ? {} : { clinicianId: ctx.principal.userId }),
      });
      const risks = await clientRisks(
        deps,
        ctx.principal.tenantId,
        page.items.map((a) => a.clientId),
      );
      return json(200, {
        items: page.items.map(({ clientId, clinicianId, createdAt }) => ({ clientId, clinicianId, createdAt, risk: risks.get(clientId)! })),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
    },

    async listClientSessions(ctx) {
      const clientId = ctx.params.clientId!;
      await visibleClient(ctx, clientId);
      const { limit, cursor } = ctx.query as { limit: number; cursor?: string };
      const page = await deps.sessions.listByClient(ctx.principal.tenantId, clientId, { limit, ...(cursor ? { cursor } : {}) });
      return json(200, { items: page.items.map(sessionSummary), ...(page.cursor ? { cursor: page.cursor } : {}) });
    },

    async assignClinician(ctx: RequestContext<unknown, AssignClinicianRequest>) {
      const clientId = ctx.params.clientId!;
      // Only a client that exists: a new one is created by its clinician's first session.
      await visibleClient(ctx, clientId);
      const { assignment, previousClinicianId } = await deps.clients.setClinician({
        tenantId: ctx.principal.tenantId,
        clientId,
        clinicianId: ctx.body.clinicianId,
        createdAt: deps.now().toISOString(),
      });
      const { clinicianId, createdAt } = assignment;
      return json(200, { clientId, clinicianId, createdAt, previousClinicianId });
    },

    async getClientAlliance(ctx) {
      const clientId = ctx.params.clientId!;
      await visibleClient(ctx, clientId);
      const { records, truncated } = await allSessions(ctx.principal.tenantId, clientId);
      const scored: SeriesSession[] = records.flatMap((r) =>
        r.status === 'COMPLETED' && r.alliance && r.metrics
          ? [
              {
                sessionId: r.sessionId,
                date: r.sessionDate ?? r.createdAt.slice(0, 10),
                alliance: r.alliance,
                metrics: r.metrics,
                ...(r.risk ? { risk: r.risk.summary } : {}),
              },
            ]
          : [],
      );
      return json(
        200,
        { clientId, scoredSessions: scored.length, series: scored.length > 0 ? analyzeSeries(scored) : null },
        truncated ? { warning: `199 - "only the newest ${MAX_SERIES_SESSIONS} sessions are included"` } : {},
      );
    },
  };
}
