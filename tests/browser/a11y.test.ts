/**
 * axe-core in Debian's chromium on every page of the web app the three roles reach (issue 17: no serious or
 * critical violations), each tab of a page included: sign-in; the clinician's review queue, clients, the
 * sample client jordan, one of jordan's sessions, new session and the erase confirmations of a client and of
 * a session (never confirmed); the supervisor's team page; the admin page. Each page is reached the way a
 * user reaches it, through the navigation and the pages' own buttons.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type App,
  axeCheck,
  expectNoPhi,
  expectNoProblems,
  FLOW_TIMEOUT_MS,
  gotoApp,
  HOOK_TIMEOUT_MS,
  type OpenBrowser,
  openPage,
  type Page,
  pageHeading,
  signIn,
  UI_TIMEOUT_MS,
} from './harness.js';
import { useAppAndBrowser } from './setup.js';

const SESSION = '2026-09-15';

let app: App;
let browser: OpenBrowser;

useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

/** axe's serious and critical violations on the page as it shows now, one line each: where, rule, help, nodes. */
async function violations(page: Page, where: string): Promise<string[]> {
  return (await axeCheck(page)).map((violation) => `${where}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.join(', ')}`);
}

/** The page, then each of its tabs in turn (a page's tabs are parts of it that only show when chosen). */
async function pageAndTabs(page: Page, where: string): Promise<string[]> {
  const found = await violations(page, where);
  const tabs = page.getByRole('main').getByRole('tab');
  const names = (await tabs.allTextContents()).map((name) => name.trim());
  for (const name of names) {
    await tabs.filter({ hasText: name }).first().click();
    found.push(...(await violations(page, `${where}, tab ${name}`)));
  }
  return found;
}

async function openClient(page: Page, clientId: string): Promise<void> {
  await openPage(page, 'Clients');
  await page.getByRole('button', { name: `Open client ${clientId}` }).click();
  await pageHeading(page)
    .filter({ hasText: `Client ${clientId}` })
    .waitFor({ timeout: UI_TIMEOUT_MS });
}

async function openSession(page: Page, clientId: string, date: string): Promise<void> {
  await openClient(page, clientId);
  await page.getByRole('tab', { name: 'Sessions', exact: true }).click();
  await page
    .getByRole('button', { name: `Open session ${date}` })
    .first()
    .click();
  await pageHeading(page)
    .filter({ hasText: `Session of ${date}` })
    .waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('axe: no serious or critical violations', () => {
  it(
    'sign-in',
    async () => {
      // Arrange
      const page = await browser.newPage();

      // Act
      await gotoApp(page, app.base);

      // Assess
      expect(await violations(page, 'sign-in')).toEqual([]);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  describe('clinician', () => {
    let page: Page;

    beforeAll(async () => {
      page = browser.page;
      await signIn(page, app.base, await app.token());
    }, HOOK_TIMEOUT_MS);

    it(
      'review queue (the home page)',
      async () => {
        await pageHeading(page).filter({ hasText: 'Review queue' }).waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await violations(page, 'review queue')).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it(
      'clients',
      async () => {
        await openPage(page, 'Clients');
        await page.getByRole('button', { name: 'Open client jordan' }).waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await violations(page, 'clients')).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it(
      'client jordan, each tab',
      async () => {
        await openClient(page, 'jordan');
        expect(await pageAndTabs(page, 'client jordan')).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it(
      `jordan's session of ${SESSION}, each tab`,
      async () => {
        await openSession(page, 'jordan', SESSION);
        expect(await pageAndTabs(page, `session ${SESSION}`)).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it(
      'new session',
      async () => {
        await openPage(page, 'New session');
        expect(await violations(page, 'new session')).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it(
      'erase a client: the confirmation, not confirmed',
      async () => {
        await openClient(page, 'jordan');
        await page.getByRole('button', { name: 'Erase client' }).click();
        await pageHeading(page).filter({ hasText: 'Erase client' }).waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await violations(page, 'erase client')).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it(
      'erase a session: the confirmation, not confirmed',
      async () => {
        await openSession(page, 'jordan', SESSION);
        await page.getByRole('button', { name: 'Erase session' }).click();
        await pageHeading(page).filter({ hasText: 'Erase session' }).waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await violations(page, 'erase session')).toEqual([]);
      },
      FLOW_TIMEOUT_MS,
    );

    it('logged no error or CSP violation on the way, and left no patient text in the address, title, history or storage', async () => {
      expectNoProblems(page);
      await expectNoPhi(page, app.base);
    });
  });

  it(
    "supervisor's team page (the home page)",
    async () => {
      // Arrange
      const page = await browser.newPage();

      // Act
      await signIn(page, app.base, await app.token({ role: 'supervisor', user: 'dr-lead' }));
      await pageHeading(page).filter({ hasText: 'Team' }).waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess
      expect(await violations(page, 'team')).toEqual([]);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'admin page, each tab',
    async () => {
      // Arrange
      const page = await browser.newPage();

      // Act
      await signIn(page, app.base, await app.token({ role: 'admin', user: 'it-admin' }));
      await openPage(page, 'Admin');

      // Assess
      expect(await pageAndTabs(page, 'admin')).toEqual([]);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});
