/**
 * The web app's shell in Debian's chromium against the real local server (`npm start`): signing in with a
 * token from `attune token` and refusing a wrong one, no console error, page error or CSP violation, no
 * patient text in the address, title, history or storage, signing out, the idle sign-out (HIPAA
 * 164.312(a)(2)(iii)) under Playwright's fake clock, a keyboard-only pass, and the supervisor's home page.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../local/stand-ins/auth.js';
import {
  type App,
  expectNoPhi,
  expectNoProblems,
  FLOW_TIMEOUT_MS,
  gotoApp,
  HOOK_TIMEOUT_MS,
  type OpenBrowser,
  openPage,
  signIn,
  signOut,
  startApp,
  UI_TIMEOUT_MS,
} from './harness.js';
import { useAppAndBrowser } from './setup.js';

let app: App;
let browser: OpenBrowser;

useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

describe('web app shell', () => {
  it(
    'refuses a token the server did not sign: the sign-in page stays, saying so',
    async () => {
      // Arrange: well formed and unexpired, signed with another key, so only the API can refuse it
      const page = await browser.newPage();
      const forged = issueToken({ tenant: 'local', user: 'demo', roles: ['clinician'], expiresInSeconds: 3600 }, randomBytes(32));
      await gotoApp(page, app.base);
      const field = page.getByLabel('Access token');

      // Act
      await field.fill(forged);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Assess
      await page.getByText('That token is not valid or has expired').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await field.isVisible()).toBe(true);
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(await storedValues(page)).toEqual([]);
      await expectNoPhi(page, app.base);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    "signs in with a clinician's token to the review queue, with no error, CSP violation or patient text in the browser",
    async () => {
      // Arrange
      const { page } = browser;

      // Act
      await signIn(page, app.base, await app.token());

      // Assess
      await expect(page.getByRole('main').getByRole('heading', { level: 1 }).first().textContent()).resolves.toMatch(/review queue/i);
      await page.getByRole('navigation').getByRole('link', { name: 'Clients' }).click();
      await page
        .getByRole('main')
        .getByRole('heading', { level: 1, name: /clients/i })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'keyboard only: Tab reaches the skip link and the navigation, Enter opens a page and focus lands on its heading',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, await app.token());
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());

      // Act: the first Tab stop is the skip link
      await page.keyboard.press('Tab');
      const first = await focused(page);
      // then Tab on until a navigation link has focus
      let stop = first;
      for (let presses = 0; presses < 40 && !(stop.inNavigation && stop.text === 'Clients'); presses += 1) {
        await page.keyboard.press('Tab');
        stop = await focused(page);
      }
      await page.keyboard.press('Enter');

      // Assess
      expect(first.text).toMatch(/skip to main content/i);
      expect(stop).toMatchObject({ inNavigation: true, text: 'Clients' });
      await expect.poll(async () => (await focused(page)).tag, { timeout: UI_TIMEOUT_MS }).toBe('H1');
      expect((await focused(page)).text).toMatch(/clients/i);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'the skip link moves focus to the main content',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, await app.token());
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());

      // Act
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');

      // Assess: the next Tab stop is inside main, past the navigation
      expect(await focused(page)).toMatchObject({ inNavigation: false, inMain: true });
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    "lands a supervisor's token on the Team page",
    async () => {
      // Arrange
      const page = await browser.newPage();

      // Act
      await signIn(page, app.base, await app.token({ role: 'supervisor', user: 'dr-lead' }));

      // Assess
      await expect(page.getByRole('main').getByRole('heading', { level: 1 }).first().textContent()).resolves.toMatch(/team/i);
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'signs out back to the sign-in page, and keeps no token',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, await app.token());

      // Act
      await signOut(page);

      // Assess
      await page.getByLabel('Access token').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await storedValues(page)).toEqual([]);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('idle sign-out (ATTUNE_IDLE_MINUTES=1)', () => {
  let idleApp: App;

  beforeAll(async () => {
    idleApp = await startApp({ env: { ATTUNE_IDLE_MINUTES: '1' } });
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await idleApp?.close();
  }, HOOK_TIMEOUT_MS);

  it(
    'warns half a minute before, then signs out and says why',
    async () => {
      // Arrange: the page's clock is Playwright's, so a minute passes without waiting for it
      const page = await browser.newPage();
      await page.clock.install();
      await signIn(page, idleApp.base, await idleApp.token());

      // Act
      await page.clock.runFor(35_000);
      const warned = await page.getByRole('button', { name: 'Stay signed in' }).isVisible();
      await page.clock.runFor(30_000);

      // Assess
      expect(warned).toBe(true);
      await page.getByLabel('Access token').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByText('You were signed out after a period without activity').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await storedValues(page)).toEqual([]);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'use of the app, or "Stay signed in" at the warning, keeps the session open',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await page.clock.install();
      await signIn(page, idleApp.base, await idleApp.token());

      // Act: move the mouse every 20 s for two minutes, then wait for the warning and stay
      for (let step = 0; step < 6; step += 1) {
        await page.clock.runFor(20_000);
        await page.mouse.move(100 + step * 10, 200);
      }
      const warnedWhileUsed = await page.getByRole('button', { name: 'Stay signed in' }).isVisible();
      await page.clock.runFor(35_000);
      await page.getByRole('button', { name: 'Stay signed in' }).click();
      await page.clock.runFor(20_000);

      // Assess
      expect(warnedWhileUsed).toBe(false);
      expect(await page.getByLabel('Access token').count()).toBe(0);
      await openPage(page, 'Clients');
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});

interface Focused {
  tag: string;
  text: string;
  inNavigation: boolean;
  inMain: boolean;
}

/** What has keyboard focus: its tag, its accessible text, and whether it is inside the navigation or main. */
async function focused(page: import('playwright-core').Page): Promise<Focused> {
  return page.evaluate(() => {
    interface El {
      tagName: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
      closest(selector: string): unknown;
    }
    const element = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement;
    if (!element) return { tag: '', text: '', inNavigation: false, inMain: false };
    return {
      tag: element.tagName,
      text: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim(),
      inNavigation: element.closest('nav, [role="navigation"]') !== null,
      inMain: element.closest('main, [role="main"]') !== null,
    };
  });
}

/** Every key=value in session and local storage. */
async function storedValues(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() => {
    interface StorageLike {
      readonly length: number;
      key(index: number): string | null;
      getItem(key: string): string | null;
    }
    const { sessionStorage, localStorage } = globalThis as unknown as { sessionStorage: StorageLike; localStorage: StorageLike };
    const dump = (storage: StorageLike) =>
      Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '').map((key) => `${key}=${storage.getItem(key)}`);
    return [...dump(sessionStorage), ...dump(localStorage)];
  });
}
