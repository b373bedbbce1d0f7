/**
 * The web app's Content-Security-Policy (schemas/web-headers.ts) against the real build in Debian's
 * chromium: the local server sends it on every file of the app, every page of every role renders under it
 * without one violation (so `style-src 'self'` is all Cloudscape needs: no 'unsafe-inline'), and the
 * browser enforces it (a script or style the app did not ship is refused and reported).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../integration/local-stack.js';
import { webContentSecurityPolicy } from '../../schemas/web-headers.js';
import { type App, expectNoProblems, FLOW_TIMEOUT_MS, type OpenBrowser, openPage, pageHeading, problemsOf, signIn, UI_TIMEOUT_MS } from './harness.js';
import { useAppAndBrowser } from './setup.js';

let app: App;
let browser: OpenBrowser;

useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

describe("the web app's Content-Security-Policy", () => {
  it('is sent with every file of the build, each with its content type, nosniff and no framing', async () => {
    const files = ['', 'config.json', ...readdirSync(join(root, 'dist', 'web', 'assets')).map((name) => `assets/${name}`)];

    for (const file of files) {
      // Act
      const response = await fetch(`${app.base}/${file}`, { headers: { accept: 'text/html,*/*;q=0.8' } });
      await response.arrayBuffer();

      // Assess
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-security-policy'), file).toBe(webContentSecurityPolicy());
      expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), file).toBe('DENY');
      if (file.endsWith('.js')) expect(response.headers.get('content-type'), file).toBe('text/javascript; charset=utf-8');
      if (file.endsWith('.css')) expect(response.headers.get('content-type'), file).toBe('text/css; charset=utf-8');
      if (file.endsWith('.woff2')) expect(response.headers.get('content-type'), file).toBe('font/woff2');
    }
  });

  it(
    "lets every page of a clinician render with no violation: review queue, clients, a client's tabs, a session, a new session",
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, await app.token());

      // Act
      await openPage(page, 'Clients');
      await page.getByRole('button', { name: 'Open client jordan' }).click();
      await pageHeading(page).filter({ hasText: 'Client jordan' }).waitFor({ timeout: UI_TIMEOUT_MS });
      for (const tab of await page.getByRole('tab').all()) {
        await tab.click();
        await page.waitForLoadState('networkidle');
      }
      await page.getByRole('tab', { name: 'Sessions', exact: true }).click();
      await page.getByRole('button', { name: 'Open session 2026-09-15' }).first().click();
      await pageHeading(page).filter({ hasText: 'Session of 2026-09-15' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.waitForLoadState('networkidle');
      await openPage(page, 'New session');
      await openPage(page, 'Review queue');
      await page.waitForLoadState('networkidle');

      // Assess
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    "lets a supervisor's team page and an admin's page render with no violation",
    async () => {
      for (const [role, link] of [
        ['supervisor', 'Team'],
        ['admin', 'Admin'],
      ] as const) {
        // Arrange
        const page = await browser.newPage();
        await signIn(page, app.base, await app.token({ role, user: `${role}-1` }));

        // Act
        await openPage(page, link);
        for (const tab of await page.getByRole('main').getByRole('tab').all()) {
          await tab.click();
          await page.waitForLoadState('networkidle');
        }

        // Assess
        expectNoProblems(page);
        await page.context().close();
      }
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'is enforced: an inline script and an inline style the app did not ship are refused and reported',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await page.goto(`${app.base}/`);
      await page.getByLabel('Access token').waitFor({ timeout: UI_TIMEOUT_MS });

      // Act: added from outside (as an injection would be), after the app loaded
      const ran = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: any }).document;
        const script = doc.createElement('script');
        script.textContent = 'globalThis.__injected = true';
        doc.body.appendChild(script);
        const style = doc.createElement('style');
        style.textContent = 'body { display: none }';
        doc.head.appendChild(style);
        return (globalThis as unknown as { __injected?: boolean }).__injected === true;
      });
      await expect.poll(() => problemsOf(page).filter((p) => p.kind === 'csp').length, { timeout: UI_TIMEOUT_MS }).toBeGreaterThanOrEqual(2);

      // Assess
      expect(ran).toBe(false);
      const violations = problemsOf(page)
        .filter((p) => p.kind === 'csp')
        .map((p) => p.text);
      expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
      expect(violations.some((v) => v.startsWith('style-src'))).toBe(true);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});
