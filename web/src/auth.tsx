/**
 * Who is signed in. The token lives in memory and in this tab's sessionStorage (so a reload keeps the
 * session, and closing the tab ends it); never in a URL, a cookie or localStorage. Its claims are decoded
 * here only to show the user and choose the menus: the API verifies the token and decides what each role may do.
 */
import { createContext, useContext } from 'react';
import type { Role } from '../../schemas/api.js';

export const ROLES: readonly Role[] = ['clinician', 'supervisor', 'admin'];

/** sessionStorage keys. */
export const TOKEN_KEY = 'attune.token';
/** Why the last session ended, shown on the sign-in page (kept across the hosted sign-out's round trip). */
export const SIGNED_OUT_KEY = 'attune.signed-out';

export const SESSION_ENDED = 'Your session ended; sign in again.';

export interface Session {
  user: string;
  tenant: string;
  roles: Role[];
  signOut(reason?: string): void;
}

export interface Claims {
  user: string;
  tenant: string;
  roles: Role[];
  /** Expiry, in seconds since the epoch; undefined when the token carries none. */
  exp?: number;
}

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * The claims of a JWT (a Cognito ID token, or `attune token`'s local one), unverified; null when it is not a
 * JWT or names no tenant. `cognito:groups` may be a list or, as API Gateway passes it on, a comma-separated string.
 */
export function decodeClaims(token: string): Claims | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let payload: unknown;
  try {
    payload = decodeSegment(parts[1]);
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const claims = payload as Record<string, unknown>;
  const tenant = claims['custom:tenant'];
  if (typeof tenant !== 'string' || tenant.length === 0) return null;
  const groups = claims['cognito:groups'];
  const names = Array.isArray(groups) ? groups : typeof groups === 'string' ? groups.split(',') : [];
  const roles = ROLES.filter((role) => names.some((name) => typeof name === 'string' && name.trim() === role));
  const user = [claims.email, claims['cognito:username'], claims.sub].find((value): value is string => typeof value === 'string' && value.length > 0);
  const result: Claims = { user: user ?? 'unknown user', tenant, roles };
  if (typeof claims.exp === 'number') result.exp = claims.exp;
  return result;
}

/** True when the token has expired (or will within `slackMs`). */
export function isExpired(claims: Claims, now = Date.now(), slackMs = 0): boolean {
  return claims.exp !== undefined && claims.exp * 1000 <= now + slackMs;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user (claims for display and menus only) and sign-out. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the signed-in app');
  return session;
}

/** How a role is named on screen. */
export function roleLabel(role: Role): string {
  return { clinician: 'Clinician', supervisor: 'Supervisor', admin: 'Administrator' }[role];
}
