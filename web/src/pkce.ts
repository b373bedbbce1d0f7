/**
 * Sign-in through the Cognito user pool's hosted pages: the OAuth 2.0 authorization-code flow with PKCE
 * (RFC 7636, S256) for a public client (no secret in the page). The verifier and the `state` live in
 * sessionStorage for the round trip only; the answer's `state` must be the one this tab sent. The app uses
 * the ID token as the bearer (the API's authorizer reads the ID token's `custom:tenant` and groups).
 */
import type { WebAuth } from '../../schemas/web-config.js';

export type CognitoAuth = Extract<WebAuth, { mode: 'cognito' }>;

/** Where the verifier and state wait for the redirect back. */
export const PKCE_KEY = 'attune.pkce';

export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random string of 43 base64url characters (32 random bytes), fit for a verifier or a state. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The hosted sign-in address to send the browser to; stores the verifier and state for the way back. */
export async function authorizeUrl(auth: CognitoAuth, storage: Storage): Promise<string> {
  const verifier = randomToken();
  const state = randomToken();
  storage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: auth.scopes.join(' '),
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return `${auth.domain.replace(/\/+$/, '')}/oauth2/authorize?${query}`;
}

/** True when the page was opened by the hosted sign-in's redirect (a code or an error in the query). */
export function isCallback(search: string): boolean {
  const query = new URLSearchParams(search);
  return query.has('code') || query.has('error');
}

/**
 * Completes the sign-in from the redirect's query: checks `state` against the one stored, exchanges the
 * code and the verifier for tokens, and answers the ID token. The stored verifier is removed whatever happens.
 */
export async function completeSignIn(auth: CognitoAuth, search: string, storage: Storage, doFetch: typeof fetch = fetch): Promise<string> {
  const query = new URLSearchParams(search);
  const stored = storage.getItem(PKCE_KEY);
  storage.removeItem(PKCE_KEY);
  const error = query.get('error');
  if (error) {
    const description = query.get('error_description');
    throw new SignInError(`The sign-in was not completed (${error}${description ? `: ${description}` : ''}); sign in again.`);
  }
  let pending: { verifier?: unknown; state?: unknown } = {};
  try {
    pending = stored ? JSON.parse(stored) : {};
  } catch {
    pending = {};
  }
  const code = query.get('code');
  const state = query.get('state');
  if (typeof pending.verifier !== 'string' || typeof pending.state !== 'string' || !state || state !== pending.state) {
    throw new SignInError('This sign-in answer does not match a sign-in started in this tab; sign in again.');
  }
  if (!code) throw new SignInError('The sign-in answer carries no code; sign in again.');
  let response: Response;
  try {
    response = await doFetch(`${auth.domain.replace(/\/+$/, '')}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code,
        redirect_uri: auth.redirectUri,
        code_verifier: pending.verifier,
      }).toString(),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new SignInError('The sign-in service could not be reached: check the network connection and sign in again.');
  }
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!response.ok || typeof body.id_token !== 'string') {
    const reason = typeof body.error === 'string' ? ` (${body.error})` : '';
    throw new SignInError(`The sign-in service refused the sign-in${reason}; sign in again.`);
  }
  return body.id_token;
}

/** The hosted sign-out address: ends the user pool's session too, then comes back to the app. */
export function logoutUrl(auth: CognitoAuth): string {
  const query = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri });
  return `${auth.domain.replace(/\/+$/, '')}/logout?${query}`;
}
