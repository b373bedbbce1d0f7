/**
 * The web app's screenshots in the docs (`npm run screenshots`): starts the local server on a fresh home
 * (the sample client jordan's five sessions), signs in in Debian's chromium (tests/browser/harness.ts) and
 * writes docs/images/web-*.png at 1280×800: the review queue, clients, the client's trend, a session with
 * its note and transcript, new session, and the supervisor's team page. Run after changing how a page looks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type App,
  openBrowser,
  type OpenBrowser,
  openPage,
  type Page,
  pageHeading,
  signIn,
  startApp,
  UI_TIMEOUT_MS,
  waitForSettled,
} from '../tests/browser/harness.js';

const IMAGES = fileURLToPath(new URL('../docs/images/', import.meta.url));

/** The sample session the session screenshot shows. */
const SESSION = '2026-09-15';

/** Lets charts and fonts settle (nothing animates forever), then writes the visible 1280×800. */
async function shoot(page: Page, name: string): Promise<void> {
  await waitForSettled(page);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(IMAGES, `web-${name}.png`), animations: 'disabled', caret: 'hide' });
  process.stdout.write(`wrote docs/images/web-${name}.png\n`);
}

async function openJordan(page: Page): Promise<void> {
  await openPage(page, 'Clients');
  await page.getByRole('button', { name: 'Open client jordan' }).click();
  await pageHeading(page).filter({ hasText: 'Client jordan' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function main(): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  let app: App | undefined;
  let browser: OpenBrowser | undefined;
  try {
    [app, browser] = await Promise.all([startApp(), openBrowser()]);
    const { page } = browser;
    await signIn(page, app.base, await app.token());

    await pageHeading(page).filter({ hasText: 'Review queue' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot(page, 'queue');

    await openPage(page, 'Clients');
    await page.getByRole('button', { name: 'Open client jordan' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot(page, 'clients');

    await openJordan(page);
    await page.getByRole('application', { name: 'Overall alliance across sessions' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot(page, 'client');

    await page.getByRole('tab', { name: 'Sessions', exact: true }).click();
    await page
      .getByRole('button', { name: `Open session ${SESSION}` })
      .first()
      .click();
    await pageHeading(page)
      .filter({ hasText: `Session of ${SESSION}` })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    // The note beside its transcript, opened at the turn the note's first citation names.
    const citation = page.getByRole('button', { name: /^Show turns? .+ in the transcript$/ }).first();
    await citation.waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForSettled(page);
    await citation.click();
    await shoot(page, 'session');

    await openPage(page, 'New session');
    await shoot(page, 'new-session');

    const supervisor = await browser.newPage();
    await signIn(supervisor, app.base, await app.token({ role: 'supervisor', user: 'dr-lead' }));
    await pageHeading(supervisor).filter({ hasText: 'Team' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot(supervisor, 'team');
  } finally {
    await browser?.close();
    await app?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
