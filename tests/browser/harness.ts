/**
 * The real-browser harness for the web app (issue 17): the real local server in-process (`npm start`'s
 * startServer, on a fresh ATTUNE_HOME, so the sample client `jordan` is processed) and Debian's chromium
 * driven by playwright-core (browsers cannot be downloaded here; `.ci/run` installs chromium).
 *
 * Servers and browsers are slow to start: one of each per test file, in beforeAll with HOOK_TIMEOUT_MS.
 * Every page the harness opens records its console errors, uncaught page errors and Content-Security-Policy
 * violations (`problemsOf(page)`), so a test can assert there were none.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { SAMPLE_CLINICIAN, SAMPLE_TENANT } from '../../local/http/http-api.js';
import { startServer } from '../../local/server.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { localEnv, root } from '../integration/local-stack.js';

export type { Page } from 'playwright-core';

/** For beforeAll/afterAll: a first start processes the five sample sessions, and chromium starts cold. */
export const HOOK_TIMEOUT_MS = 180_000;
/** For one test that drives several pages. */
export const FLOW_TIMEOUT_MS = 120_000;
/** How long the harness waits for something to show on a page. */
export const UI_TIMEOUT_MS = 30_000;

export const VIEWPORT = { width: 1280, height: 800 };

export type Role = 'clinician' | 'supervisor' | 'admin';

export interface App {
  /** The app's origin, `http://localhost:<port>` (the host upload URLs point at, so uploads stay same-origin). */
  base: string;
  /** ATTUNE_HOME of this server (a fresh temporary folder, removed by close()). */
  home: string;
  /** A signed local token, as `attune token` prints it: tenant `local`, user `demo`, role clinician by default. */
  token(options?: { role?: Role; user?: string; tenant?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server, e.g. `{ ATTUNE_IDLE_MINUTES: '1' }`. */
  env?: Record<string, string>;
}

/**
 * The real local server (`npm start`) on a random port and a fresh ATTUNE_HOME: the sample sessions of the
 * client `jordan` are processed before it answers, as on a first `npm start`.
 */
export async function startApp(options: StartOptions = {}): Promise<App> {
  if (!existsSync(join(root, 'dist', 'web', 'index.html')))
    throw new Error('dist/web/index.html is missing: build the web app first (`npm run build`; `npm ci` runs it too)');
  const home = mkdtempSync(join(tmpdir(), 'attune-browser-'));
  const log: string[] = [];
  let started: Awaited<ReturnType<typeof startServer>>;
  try {
    started = await startServer(localEnv(home, { PORT: '0', ...options.env }), (line) => log.push(line));
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw new Error(`the local server did not start: ${(error as Error).message}\n${log.join('\n')}`);
  }
  const key = localSecret(tokenKeyFile(started.runtime.home));
  return {
    base: `http://localhost:${started.port}`,
    home,
    token: async ({ role = 'clinician', user = SAMPLE_CLINICIAN, tenant = SAMPLE_TENANT } = {}) =>
      issueToken({ tenant, user, roles: [role], expiresInSeconds: 3600 }, key),
    close: async () => {
      try {
        await started.close();
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What went wrong on a page: console errors, uncaught errors and CSP violations, in order. */
export interface Problem {
  kind: 'console' | 'pageerror' | 'csp';
  text: string;
}

const problems = new WeakMap<Page, Problem[]>();
const historyBaseline = new WeakMap<Page, number>();

/** The page's recorded problems (a live array: `problemsOf(page).length = 0` forgets the ones a test caused on purpose). */
export function problemsOf(page: Page): Problem[] {
  let list = problems.get(page);
  if (!list) {
    list = [];
    problems.set(page, list);
  }
  return list;
}

/** Fails naming every console error, page error and CSP violation the page recorded. */
export function expectNoProblems(page: Page): void {
  const list = problemsOf(page);
  assert.deepEqual(
    list.map((problem) => `${problem.kind}: ${problem.text}`),
    [],
    'the page logged errors or CSP violations',
  );
}

const CSP_BINDING = '__attuneCspViolation';

/** The browser globals the harness's page scripts use (the repo's tsconfig has no DOM library). */
interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
}
interface BrowserGlobals {
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string; sourceFile: string; lineNumber: number }) => void,
    ): void;
  };
  history: { readonly length: number };
  sessionStorage: StorageLike;
  localStorage: StorageLike;
  axe?: typeof axe;
  [binding: string]: unknown;
}

async function watchedContext(browser: Browser): Promise<BrowserContext> {
  // Reduced motion: Cloudscape then draws no fades, so axe never measures a colour half-way through a transition
  // (a contrast finding on a fading header, seen once under load).
  const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
  await context.exposeBinding(CSP_BINDING, ({ page }, violation: string) => {
    if (page) problemsOf(page).push({ kind: 'csp', text: violation });
  });
  // Runs before the app's own scripts in every document; added over CDP, so the app's CSP does not apply to it.
  await context.addInitScript(
    ([binding]) => {
      const page = globalThis as unknown as BrowserGlobals;
      page.document.addEventListener('securitypolicyviolation', (event) => {
        const report = page[binding as string] as ((text: string) => void) | undefined;
        report?.(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
      });
    },
    [CSP_BINDING],
  );
  return context;
}

function watch(page: Page): Page {
  const list = problemsOf(page);
  page.on('console', (message) => {
    if (message.type() === 'error') list.push({ kind: 'console', text: message.text() });
  });
  page.on('pageerror', (error) => list.push({ kind: 'pageerror', text: `${error.name}: ${error.message}` }));
  return page;
}

export interface OpenBrowser {
  /** A first page, 1280×800, in its own browser context. */
  page: Page;
  /** Another page in a fresh context (its own storage and clock), watched like the first. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Debian's chromium (or CHROMIUM_PATH), headless, with a fresh profile (Playwright makes one per launch). */
export async function openBrowser(): Promise<OpenBrowser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath))
    throw new Error(
      `No chromium at ${executablePath}: the browser tests drive Debian's chromium (\`sudo apt-get install chromium\`), or set CHROMIUM_PATH to another Chromium`,
    );
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const newPage = async () => watch(await (await watchedContext(browser)).newPage());
  try {
    return { page: await newPage(), newPage, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Opens the app at `base` and waits for its first screen (the sign-in page, or the home page when the tab
 * is still signed in). Notes the history's length then, which expectNoPhi compares against.
 */
export async function gotoApp(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  try {
    await page.getByLabel('Access token').or(pageHeading(page)).first().waitFor({ timeout: UI_TIMEOUT_MS });
  } catch (error) {
    const text = await page
      .locator('body')
      .textContent()
      .catch(() => null);
    const logged = problemsOf(page).map((problem) => `${problem.kind}: ${problem.text}`);
    throw new Error(
      `the app showed neither the sign-in page nor a page heading: ${text?.trim() || '(no text)'}${logged.length > 0 ? `\nthe page logged: ${logged.join('\n')}` : ''}`,
      {
        cause: error,
      },
    );
  }
  historyBaseline.set(page, await page.evaluate(() => (globalThis as unknown as BrowserGlobals).history.length));
}

/**
 * Opens the app, pastes the token into "Access token", presses "Sign in" and waits until the app shows a
 * page (a level-1 heading in the main landmark). Fails with the sign-in page's message when it refuses.
 */
export async function signIn(page: Page, base: string, token: string): Promise<void> {
  await gotoApp(page, base);
  const field = page.getByLabel('Access token');
  await field.fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    await field.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  } catch {
    const alerts = await page.getByRole('alert').allInnerTexts();
    throw new Error(`sign-in did not leave the sign-in page${alerts.length > 0 ? `: ${alerts.join(' / ')}` : ''}`);
  }
  await pageHeading(page).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The main landmark's first level-1 heading: every page has one, and it names the page. */
export function pageHeading(page: Page) {
  return page.getByRole('main').getByRole('heading', { level: 1 }).first();
}

/** Follows a link of the app's navigation by its name and waits for the page's heading (matching `heading` when given). */
export async function openPage(page: Page, link: string, heading?: RegExp): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).first().click();
  await page
    .getByRole('main')
    .getByRole('heading', { level: 1, name: heading ?? new RegExp(link, 'i') })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Signs out with the app's own "Sign out" (a button, or an item of the user's menu) and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out', exact: true });
  if (await button.isVisible()) await button.click();
  else {
    await page.getByRole('banner').getByRole('button').last().click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
  }
  await page.getByLabel('Access token').waitFor({ timeout: UI_TIMEOUT_MS });
}

export interface AxeViolation {
  id: string;
  impact: 'serious' | 'critical';
  help: string;
  /** CSS selectors of the offending nodes. */
  targets: string[];
}

/** Cloudscape's loading indicator (tables, LoadingState): present while a page or tab still waits for the API. */
const LOADING = '[class*="awsui_status-loading"]';

/** Waits until no loading indicator shows, so a check sees the page as loaded (or its error or empty state). */
export async function waitForSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    (selector) => {
      const { document } = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getClientRects(): ArrayLike<unknown> }> } };
      return Array.from(document.querySelectorAll(selector)).every((element) => element.getClientRects().length === 0);
    },
    LOADING,
    { timeout: UI_TIMEOUT_MS },
  );
}

/**
 * axe-core over the whole document once it has settled (waitForSettled); only serious and critical
 * violations. axe is injected with
 * page.evaluate (over CDP) because the app's CSP refuses inline and foreign script tags.
 */
/** The part of the Web Animations API axeCheck reads in the page (the root tsconfig has no DOM types). */
interface AnimatedGlobals {
  document: {
    getAnimations(): { effect: { getComputedTiming(): { endTime?: number | string } } | null; finished: Promise<unknown> }[];
  };
}

export async function axeCheck(page: Page): Promise<AxeViolation[]> {
  await waitForSettled(page);
  // Any CSS transition or animation still running ends first (infinite ones, such as a spinner, are not waited for).
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        (globalThis as unknown as AnimatedGlobals).document
          .getAnimations()
          .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime ?? Number.POSITIVE_INFINITY)))
          .map((animation) => animation.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
  const loaded = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).axe !== undefined);
  if (!loaded) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (globalThis as unknown as BrowserGlobals).axe as typeof axe;
    const results = await run.run({ resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact as 'serious' | 'critical',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      }));
  });
}

/** Words the sample sessions' speakers say (long ones, unlikely anywhere but the transcript). */
export const TRANSCRIPT_WORDS: readonly string[] = (() => {
  const dir = join(root, 'samples', 'sessions', 'jordan');
  const words = new Set<string>();
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .sort()) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const text = line.replace(/^[A-Za-z]+:\s*/, '');
      for (const word of text.toLowerCase().match(/[a-z]{10,}/g) ?? []) words.add(word);
    }
  }
  return [...words].slice(0, 40);
})();

/**
 * No patient text where the browser keeps or shows it: the address is the origin and '/' only, the title is
 * "Attune", navigating added no history entries, and neither storage holds transcript words (a token in
 * sessionStorage is allowed).
 */
export async function expectNoPhi(page: Page, base: string): Promise<void> {
  assert.equal(page.url(), `${base}/`, 'the address bar shows only the origin and /');
  assert.equal(await page.title(), 'Attune', 'the title is always "Attune"');
  const state = await page.evaluate(() => {
    const { history, sessionStorage, localStorage } = globalThis as unknown as BrowserGlobals;
    const dump = (storage: StorageLike) =>
      Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '').map((key) => `${key}=${storage.getItem(key) ?? ''}`);
    return { history: history.length, stored: [...dump(sessionStorage), ...dump(localStorage)] };
  });
  assert.equal(state.history, historyBaseline.get(page) ?? 1, 'navigating inside the app wrote no history entries');
  const stored = state.stored.join('\n').toLowerCase();
  const found = TRANSCRIPT_WORDS.filter((word) => stored.includes(word));
  assert.deepEqual(found, [], 'session or local storage holds transcript words');
}
