/**
 * Partner scopes: what a machine-to-machine caller (an EHR vendor's server, with an OAuth2
 * client-credentials token) may do, by route family. One source for the Cognito resource server's scopes
 * and each partner app client's allowed scopes (lib/constructs/partner-access.ts), API Gateway's
 * `authorizationScopes` per method, the handler's check (lambdas/api/middlewares/caller.ts), the local
 * tokens (`attune token --partner`) and the OpenAPI document's OAuth2 security scheme.
 *
 * Keyed by operation id: every route of the table (schemas/routes.ts) has exactly one scope or is public,
 * and a new route does not compile until it has one here.
 */
import { z } from 'zod';
import type { OperationId } from './routes.js';

export const ScopeSchema = z
  .enum([
    'sessions.read',
    'sessions.write',
    'notes.read',
    'notes.write',
    'notes.sign',
    'supervision.read',
    'erase',
    'clients.read',
    'clients.write',
    'plans.read',
    'plans.write',
    'plans.sign',
    'measures.read',
    'measures.write',
    'webhooks.manage',
    'audit.read',
  ])
  .meta({ description: 'A partner scope (OAuth2 client credentials), granted per app client' });
export type Scope = z.infer<typeof ScopeSchema>;
export const SCOPES: readonly Scope[] = ScopeSchema.options;

/** What each scope lets a partner do: the resource server's scope descriptions and the docs' table. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'sessions.read': 'Read sessions (status, scores, risk summary) and the review queue',
  'sessions.write': 'Create sessions: upload URLs and transcripts',
  'notes.read': 'Read progress notes, in any format or as FHIR',
  'notes.write': 'Edit progress notes (a new version)',
  'notes.sign': 'Sign progress notes',
  'supervision.read': 'Read supervision reports',
  erase: 'Erase sessions and clients',
  'clients.read': "List clients, a client's sessions and alliance",
  'clients.write': 'Assign clients to clinicians',
  'plans.read': "Read a client's treatment plan, goals and pre-session brief",
  'plans.write': "Edit a client's treatment plan (a new version)",
  'plans.sign': 'Sign treatment plans',
  'measures.read': "Read a client's measures (series with bands and change)",
  'measures.write': 'Enter measures taken outside sessions',
  'webhooks.manage': 'Register, list and remove webhooks',
  'audit.read': "Read the tenant's audit trail",
};

/**
 * A partner's name: its app client, API key and usage plan are named after it, and audit records name it.
 * Lowercase letters, digits and '-', starting with a letter (so it is an id too).
 */
export const PARTNER_NAME = /^[a-z][a-z0-9-]{0,47}$/;

/** The Cognito resource server's identifier: a scope in a token reads `attune/notes.read`. */
export const RESOURCE_SERVER_ID = 'attune';

/** The scope as it appears in an access token's `scope` claim and in API Gateway's method scopes. */
export const scopeClaim = (scope: Scope): string => `${RESOURCE_SERVER_ID}/${scope}`;

/** The scope each operation needs; 'public' for an operation anyone may call (no token). */
export const ROUTE_SCOPES: Record<OperationId, Scope | 'public'> = {
  getOpenApi: 'public',
  createSession: 'sessions.write',
  listReviewQueue: 'sessions.read',
  getSession: 'sessions.read',
  deleteSession: 'erase',
  getNote: 'notes.read',
  editNote: 'notes.write',
  signNote: 'notes.sign',
  getSupervision: 'supervision.read',
  listClients: 'clients.read',
  listClientSessions: 'clients.read',
  getClientAlliance: 'clients.read',
  assignClinician: 'clients.write',
  getClientPlan: 'plans.read',
  editClientPlan: 'plans.write',
  signClientPlan: 'plans.sign',
  getClientBrief: 'plans.read',
  listClientMeasures: 'measures.read',
  enterClientMeasure: 'measures.write',
  deleteClient: 'erase',
  createWebhook: 'webhooks.manage',
  listWebhooks: 'webhooks.manage',
  deleteWebhook: 'webhooks.manage',
  listAudit: 'audit.read',
};

/** The scope an operation needs, or undefined for a public one. */
export function requiredScope(operationId: OperationId): Scope | undefined {
  const scope = ROUTE_SCOPES[operationId];
  return scope === 'public' ? undefined : scope;
}

/**
 * The Attune scopes of a token's `scope` claim: OAuth2's space-delimited list (RFC 6749 §3.3), each entry
 * compared whole (`attune/notes.read`); anything else (another resource server's scope, Cognito's own,
 * text) is ignored, never guessed at.
 */
export function scopesOfClaim(value: unknown): Scope[] {
  const entries = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? value.split(' ') : [];
  const known = new Map(SCOPES.map((scope) => [scopeClaim(scope), scope]));
  return [...new Set(entries.map((entry) => known.get(entry)).filter((scope): scope is Scope => scope !== undefined))];
}

/** The issuer of the local runtime's tokens (local/stand-ins/auth.ts), the stand-in for Cognito's. */
export const LOCAL_TOKEN_ISSUER = 'attune-local';
