/**
 * What an API operation receives and may use. Operations are plain async functions over ports: the
 * dispatcher (handler.ts) has already authenticated the caller, checked their role against the route,
 * validated the path ids, the query and the body with the route's schemas, and will write the audit
 * record and keep the answer for an Idempotency-Key.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { SessionRecord } from '../../schemas/session-record.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { ClientAssignment, ClientDirectory } from '../ports/client-directory.js';
import type { ClientPlanStore } from '../ports/client-plans.js';
import type { IdempotencyStore } from '../ports/idempotency.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { WebhookRegistry } from '../ports/webhook-registry.js';
import type { NoteFormat } from '../../schemas/note.js';
import { hasRole, type Principal } from './principal.js';
import { JSON_HEADERS, Problem } from './problem.js';
import type { OperationId, RouteSpec } from '../../schemas/routes.js';

export interface ApiConfig {
  uploadsBucket: string;
  artifactsBucket: string;
  /** The largest recording a caller may declare (bytes). */
  maxUploadBytes: number;
  /** How long a presigned upload URL stays valid (UPLOAD_URL_SECONDS). */
  uploadUrlSeconds: number;
  /** The note format the workflow writes. */
  noteFormat: NoteFormat;
  /** Webhook URLs may be http:// to loopback (the local runtime only). */
  allowLoopbackWebhooks: boolean;
  /** The web app's origin, answered with CORS headers (WEB_ORIGIN); none when the app shares the API's origin. */
  webOrigin?: string;
}

/** How long a presigned upload URL stays valid, in seconds. */
export const UPLOAD_URL_SECONDS = 900;

/** The API's configuration from the function's environment (as functionConfig('Api') reads it), in AWS and locally alike. */
export function apiConfig(
  env: { UPLOADS_BUCKET: string; ARTIFACTS_BUCKET: string; MAX_UPLOAD_BYTES: number; NOTE_FORMAT: NoteFormat; WEB_ORIGIN?: string | undefined },
  options: { allowLoopbackWebhooks: boolean },
): ApiConfig {
  return {
    uploadsBucket: env.UPLOADS_BUCKET,
    artifactsBucket: env.ARTIFACTS_BUCKET,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    uploadUrlSeconds: UPLOAD_URL_SECONDS,
    noteFormat: env.NOTE_FORMAT,
    allowLoopbackWebhooks: options.allowLoopbackWebhooks,
    ...(env.WEB_ORIGIN ? { webOrigin: env.WEB_ORIGIN.replace(/\/+$/, '') } : {}),
  };
}

export interface ApiDeps {
  sessions: SessionRepository;
  clients: ClientDirectory;
  idempotency: IdempotencyStore;
  audit: AuditLog;
  webhooks: WebhookRegistry;
  /** Clients' treatment plan versions and entered measures (issue 16). */
  plans: ClientPlanStore;
  /** Both buckets: uploads (presigned PUTs, inline transcripts, erasure) and artifacts. */
  objects: ObjectStore;
  config: ApiConfig;
  now: () => Date;
  newId: () => string;
  /**
   * Called after an erasure has deleted items and objects. The local runtime compacts its database
   * here, so erased text does not stay readable in its files; in AWS there is nothing to do.
   */
  afterErase?: () => Promise<void>;
}

export interface RequestContext<Q = Record<string, unknown>, B = unknown> {
  principal: Principal;
  route: RouteSpec;
  /** Path parameters, each a valid id. */
  params: Record<string, string>;
  query: Q;
  body: B;
  headers: Record<string, string>;
  requestId: string;
  event: APIGatewayProxyEvent;
  /** Ids the operation touched, for the audit record (the path's ids are added by the dispatcher). */
  touched: { clientId?: string; sessionId?: string; webhookId?: string; receiptId?: string };
}

// biome-ignore lint/suspicious/noExplicitAny: each operation narrows query and body to its route's schemas, and the dispatcher calls them all with one context; parameter variance leaves no precise common type
export type Operation = (ctx: RequestContext<any, any>) => Promise<APIGatewayProxyResult>;
/** Every route's operation: a route of the table without one does not compile (operation-map.ts). */
export type Operations = Record<OperationId, Operation>;
/** The operations one feature implements (operations/*.ts), named, so the map's spread is checked whole. */
export type OperationSet<Id extends OperationId> = Pick<Operations, Id>;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * The access rules, in one place:
 * - admin: every client and session of their tenant;
 * - clinician: the clients assigned to them, and those clients' sessions;
 * - supervisor: every client's scores, trends, statuses and risk levels, but not note text, transcripts or
 *   any quote (`content: true` asks for those; without it the views drop every quote: operations/risk.ts).
 * Anything of another tenant, or a client a clinician may not see, is 404: indistinguishable from missing.
 */
export class Access {
  constructor(private readonly deps: Pick<ApiDeps, 'sessions' | 'clients'>) {}

  /** May the caller see this client at all? Answers its assignment (null when it has none). */
  async client(principal: Principal, clientId: string): Promise<ClientAssignment | null> {
    const assignment = await this.deps.clients.get(principal.tenantId, clientId);
    if (hasRole(principal, 'admin', 'supervisor')) return assignment;
    if (assignment && assignment.clinicianId === principal.userId) return assignment;
    throw new Problem('not-found', 'no client with this id exists, or it is not one of yours');
  }

  /** The session, when the caller may see it; with `content`, when they may also read its note and transcript. */
  async session(principal: Principal, sessionId: string, options: { content?: boolean } = {}): Promise<SessionRecord> {
    return (await this.sessionAccess(principal, sessionId, options)).record;
  }

  /** The session and whether the caller may read its content, from one read of the client's assignment. */
  async sessionAccess(principal: Principal, sessionId: string, options: { content?: boolean } = {}): Promise<{ record: SessionRecord; content: boolean }> {
    const record = await this.deps.sessions.get({ tenantId: principal.tenantId, sessionId });
    const notFound = new Problem('not-found', 'no session with this id exists, or it is not one of yours');
    if (!record) throw notFound;
    if (await this.mayReadContent(principal, record)) return { record, content: true };
    if (hasRole(principal, 'supervisor')) {
      if (!options.content) return { record, content: false };
      throw new Problem('forbidden', "supervisors see scores, trends and statuses, not note text or transcripts; ask the client's clinician");
    }
    throw notFound;
  }

  /** Admins, and the clinician of the session's client, may read its note and transcript. */
  async mayReadContent(principal: Principal, record: SessionRecord): Promise<boolean> {
    if (hasRole(principal, 'admin')) return true;
    if (!hasRole(principal, 'clinician')) return false;
    const assignment = await this.deps.clients.get(principal.tenantId, record.clientId);
    return assignment?.clinicianId === principal.userId;
  }
}
