/**
 * The AWS sign-in in Debian's chromium: the app configured for Cognito (config.json in `cognito` mode, as the
 * CDK app deploys it) against a stand-in for the user pool's hosted pages, routed by Playwright. Checks the
 * authorization-code flow with PKCE end to end: the authorize request (S256 challenge, state, client, redirect,
 * scopes), the token request (the verifier whose SHA-256 is the challenge, the code, no client secret), the
 * ID token used as the bearer against the real local API, the code gone from the address afterwards, a forged
 * `state` refused, and sign-out through the pool's /logout.
 *
 * The local server's CSP allows only its own origin (connect-src 'self'); the site's CSP in AWS adds the Cognito
 * domain (lib/constructs/web-site.ts, tested in tests/infra/web-site.test.ts). This context therefore bypasses
 * the CSP: the flow is what is tested here, the header is tested there.
 */
import { createHash } from 'node:crypto';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, CHROMIUM_ARGS, chromiumPath, FLOW_TIMEOUT_MS, HOOK_TIMEOUT_MS, startApp, UI_TIMEOUT_MS, VIEWPORT } from './harness.js';

const DOMAIN = 'https://attune-test.auth.eu-west-1.amazoncognito.com';
const CLIENT_ID = 'web-client-id';

let app: App;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })]);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await app?.close();
}, HOOK_TIMEOUT_MS);

interface HostedPages {
  authorize: URLSearchParams[];
  token: URLSearchParams[];
  tokenHeaders: Record<string, string>[];
  logout: URLSearchParams[];
}

/** A page whose config.json says Cognito, and whose Cognito domain is answered by a stand-in issuing `idToken`. */
async function cognitoPage(idToken: string): Promise<{ page: Page; hosted: HostedPages }> {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const hosted: HostedPages = { authorize: [], token: [], tokenHeaders: [], logout: [] };
  await page.route(`${app.base}/config.json`, (route) =>
    route.fulfill({
      json: {
        apiBase: '',
        auth: { mode: 'cognito', domain: DOMAIN, clientId: CLIENT_ID, redirectUri: `${app.base}/`, scopes: ['openid', 'email'] },
        idleMinutes: 15,
      },
    }),
  );
  await page.route(`${DOMAIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/oauth2/authorize') {
      hosted.authorize.push(url.searchParams);
      // The user signs in (and passes MFA) on the hosted page; it sends the browser back with a code.
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state') ?? '' }).toString();
      return route.fulfill({ status: 302, headers: { location: back.toString() } });
    }
    if (url.pathname === '/oauth2/token') {
      hosted.token.push(new URLSearchParams(route.request().postData() ?? ''));
      hosted.tokenHeaders.push(route.request().headers());
      return route.fulfill({
        json: { id_token: idToken, access_token: 'not-used', token_type: 'Bearer', expires_in: 3600 },
        headers: { 'access-control-allow-origin': app.base },
      });
    }
    if (url.pathname === '/logout') {
      hosted.logout.push(url.searchParams);
      return route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri')! } });
    }
    return route.abort();
  });
  return { page, hosted };
}

describe('sign-in through Cognito (authorization code with PKCE)', () => {
  it(
    'sends the S256 challenge, exchanges the code with its verifier and no secret, and calls the API with the ID token',
    async () => {
      // Arrange
      const { page, hosted } = await cognitoPage(await app.token({ role: 'clinician' }));

      // Act
      await page.goto(`${app.base}/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: UI_TIMEOUT_MS });

      // Assert: the authorize request
      expect(hosted.authorize).toHaveLength(1);
      const authorize = hosted.authorize[0]!;
      expect(authorize.get('response_type')).toBe('code');
      expect(authorize.get('client_id')).toBe(CLIENT_ID);
      expect(authorize.get('redirect_uri')).toBe(`${app.base}/`);
      expect(authorize.get('scope')?.split(' ').sort()).toEqual(['email', 'openid']);
      expect(authorize.get('code_challenge_method')).toBe('S256');
      expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      // The token request: the verifier hashes to the challenge; the code comes back; a public client has no secret.
      expect(hosted.token).toHaveLength(1);
      const token = hosted.token[0]!;
      expect(token.get('grant_type')).toBe('authorization_code');
      expect(token.get('code')).toBe('the-code');
      expect(token.get('client_id')).toBe(CLIENT_ID);
      expect(token.get('redirect_uri')).toBe(`${app.base}/`);
      expect(token.has('client_secret')).toBe(false);
      expect(hosted.tokenHeaders[0]!.authorization).toBeUndefined();
      const verifier = token.get('code_verifier')!;
      expect(verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize.get('code_challenge'));
      // Signed in against the real API with the ID token, and the code has left the address.
      await expect(page.locator('.attune-who').textContent()).resolves.toMatch(/Clinician/);
      expect(page.url()).toBe(`${app.base}/`);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'refuses an answer whose state was not started in this tab',
    async () => {
      // Arrange
      const { page, hosted } = await cognitoPage(await app.token({ role: 'clinician' }));

      // Act
      await page.goto(`${app.base}/?code=stolen-code&state=forged`);

      // Assert
      await page.getByText(/does not match a sign-in started in this tab/).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(hosted.token).toHaveLength(0);
      expect(page.url()).toBe(`${app.base}/`);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    "signs out through the pool's /logout, back to the site, with nothing kept in the tab",
    async () => {
      // Arrange
      const { page, hosted } = await cognitoPage(await app.token({ role: 'supervisor', user: 'dr-lead' }));
      await page.goto(`${app.base}/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: UI_TIMEOUT_MS });

      // Act
      await page.getByRole('button', { name: 'Sign out' }).click();

      // Assert
      await page.getByText('You have signed out.').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(hosted.logout).toHaveLength(1);
      expect(hosted.logout[0]!.get('client_id')).toBe(CLIENT_ID);
      expect(hosted.logout[0]!.get('logout_uri')).toBe(`${app.base}/`);
      const kept = await page.evaluate(() => {
        const storage = (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage;
        return storage.length;
      });
      expect(kept).toBe(0);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});
