/**
 * The admin page's logic, apart from React: the audit log's date range (at most 92 days, as GET /audit
 * takes it), the webhook form's checks and the API's field errors on it, and partner activity read from
 * the audit records (partners are configured in the CDK app, and no route lists them).
 */
import type { AuditEntry } from '../../../../schemas/api.js';

/** GET /audit spans at most this many days, both ends included (lambdas/api/operations/audit.ts). */
export const MAX_AUDIT_DAYS = 92;
const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Today in UTC, the audit trail's days (YYYY-MM-DD). */
export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The API's default range: the last 30 days, today included. */
export function defaultAuditRange(today: string): { from: string; to: string } {
  return { from: addDays(today, -29), to: today };
}

/** Days in from..to, both included. */
export function rangeDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Why a range cannot be asked for, or undefined when it can. */
export function auditRangeProblem(from: string, to: string): string | undefined {
  if (!isRealDate(from) || !isRealDate(to)) return 'Give both dates as YYYY-MM-DD.';
  if (from > to) return 'The first day must not be after the last day.';
  const days = rangeDays(from, to);
  if (days > MAX_AUDIT_DAYS) return `Choose at most ${MAX_AUDIT_DAYS} days at a time (this range is ${days} days).`;
  return undefined;
}

export function auditPath(range: { from: string; to: string }, cursor?: string, limit = 50): string {
  const query = new URLSearchParams({ from: range.from, to: range.to, limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return `/audit?${query.toString()}`;
}

/** The ids an audit record names, as one cell: never content (the API has none). */
export function auditIds(entry: Pick<AuditEntry, 'clientId' | 'sessionId' | 'webhookId' | 'receiptId'>): string {
  const parts: string[] = [];
  if (entry.clientId) parts.push(`client ${entry.clientId}`);
  if (entry.sessionId) parts.push(`session ${entry.sessionId}`);
  if (entry.webhookId) parts.push(`webhook ${entry.webhookId}`);
  if (entry.receiptId) parts.push(`receipt ${entry.receiptId}`);
  return parts.join(', ');
}

/** Who acted, as the role column shows it: the roles, or "partner" for a partner's call. */
export function auditRole(entry: Pick<AuditEntry, 'roles' | 'partner'>): string {
  if (entry.partner) return 'partner';
  return entry.roles.length > 0 ? entry.roles.join(', ') : '—';
}

export interface PartnerActivity {
  partner: string;
  calls: number;
  refused: number;
  lastAt: string;
  actions: string[];
  scopes: string[];
}

/** Each partner that called in the records, with its calls, refusals, latest call, actions and scopes; busiest first. */
export function partnerActivity(entries: readonly AuditEntry[]): PartnerActivity[] {
  const byPartner = new Map<string, PartnerActivity>();
  for (const entry of entries) {
    const name = entry.partner ?? (entry.actor.startsWith('partner:') ? entry.actor.slice('partner:'.length) : undefined);
    if (!name) continue;
    let activity = byPartner.get(name);
    if (!activity) {
      activity = { partner: name, calls: 0, refused: 0, lastAt: entry.at, actions: [], scopes: [] };
      byPartner.set(name, activity);
    }
    activity.calls += 1;
    if (entry.status >= 400) activity.refused += 1;
    if (entry.at > activity.lastAt) activity.lastAt = entry.at;
    if (!activity.actions.includes(entry.action)) activity.actions.push(entry.action);
    for (const scope of entry.scopes ?? []) if (!activity.scopes.includes(scope)) activity.scopes.push(scope);
  }
  for (const activity of byPartner.values()) {
    activity.actions.sort();
    activity.scopes.sort();
  }
  return [...byPartner.values()].sort((a, b) => b.calls - a.calls || a.partner.localeCompare(b.partner));
}

export const WEBHOOK_EVENTS = [
  { value: 'session.completed', label: 'Session completed' },
  { value: 'session.failed', label: 'Session failed' },
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]['value'];

export const MIN_SECRET_CHARS = 32;
export const MAX_SECRET_CHARS = 256;

export interface WebhookForm {
  url: string;
  secret: string;
  events: WebhookEvent[];
}

export type WebhookField = 'url' | 'secret' | 'events';
export type WebhookErrors = Partial<Record<WebhookField, string>>;

/** The checks made before sending (the API checks again: the host rule is its own). */
export function validateWebhook(form: WebhookForm): WebhookErrors {
  const errors: WebhookErrors = {};
  let url: URL | undefined;
  try {
    url = new URL(form.url);
  } catch {
    errors.url = "Give the receiver's absolute address, starting with https://.";
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') errors.url = 'Use an https:// address.';
  if (form.secret.length < MIN_SECRET_CHARS) errors.secret = `The secret must be at least ${MIN_SECRET_CHARS} characters (it has ${form.secret.length}).`;
  else if (form.secret.length > MAX_SECRET_CHARS) errors.secret = `The secret must be at most ${MAX_SECRET_CHARS} characters.`;
  if (form.events.length === 0) errors.events = 'Choose at least one event.';
  return errors;
}

/** The API's field errors (pointers /url, /secret, /events…) next to the webhook form's fields; the rest stays above it. */
export function placeWebhookErrors(problem: { detail?: string; errors?: { pointer: string; detail?: string }[] }): {
  fields: WebhookErrors;
  unplaced: { pointer: string; detail?: string }[];
} {
  const fields: WebhookErrors = {};
  const unplaced: { pointer: string; detail?: string }[] = [];
  const errors = problem.errors ?? [];
  for (const error of errors) {
    const field = /^\/(url|secret|events)(\/|$)/.exec(error.pointer)?.[1] as WebhookField | undefined;
    if (!field) {
      unplaced.push(error);
      continue;
    }
    // A bare code (`after_to`) says less than the problem's detail, which then speaks for a lone error.
    const coded = error.detail === undefined || /^[a-z][a-z0-9_]*$/.test(error.detail);
    const words = coded && errors.length === 1 && problem.detail ? problem.detail : (error.detail ?? 'not valid');
    fields[field] = fields[field] ? `${fields[field]}; ${words}` : words;
  }
  return { fields, unplaced };
}

/** A random secret of 48 hexadecimal characters, for the "Generate" button (the admin hands it to the receiver). */
export function generateSecret(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  return [...random(new Uint8Array(24))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
