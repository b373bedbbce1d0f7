/**
 * What each role sees, in Debian's chromium against the real local server (`npm start`, sample client
 * jordan): a supervisor lands on the team view, with scores, levels and counts but no word of the
 * transcripts, and no Admin; an admin adds a webhook (the form's and the API's errors next to their
 * fields), deletes it after confirming, sees a partner's calls from the audit records, and reads the audit
 * log, whose range is at most 92 days.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issuePartnerToken, localSecret } from '../../local/stand-ins/auth.js';
import {
  type App,
  axeCheck,
  expectNoPhi,
  expectNoProblems,
  FLOW_TIMEOUT_MS,
  type OpenBrowser,
  openPage,
  type Page,
  pageHeading,
  problemsOf,
  signIn,
  TRANSCRIPT_WORDS,
  UI_TIMEOUT_MS,
} from './harness.js';
import { useAppAndBrowser } from './setup.js';

let app: App;
let browser: OpenBrowser;

useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

/** The transcript words (of jordan's sessions) anywhere in the page's text. */
async function transcriptWordsShown(page: Page): Promise<string[]> {
  const text = ((await page.locator('body').textContent()) ?? '').toLowerCase();
  return TRANSCRIPT_WORDS.filter((word) => text.includes(word));
}

async function webhooks(token: string): Promise<{ url: string }[]> {
  const response = await fetch(`${app.base}/webhooks`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { items: { url: string }[] }).items;
}

/** The error text a form field shows, read through its control's aria-describedby. */
async function describedText(page: Page, label: string): Promise<string> {
  const ids = ((await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describe('roles in the web app', () => {
  it(
    'a supervisor lands on Team: scores, levels and counts of the sample client, no transcript words, no Admin',
    async () => {
      // Arrange
      const page = await browser.newPage();

      // Act
      await signIn(page, app.base, await app.token({ role: 'supervisor', user: 'sup' }));
      const clients = page.getByRole('table', { name: 'Clients of the team' });
      await clients.getByRole('row').filter({ hasText: 'jordan' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Show sessions of client jordan' }).click();
      const sessions = page.getByRole('table', { name: 'Sessions of client jordan' });
      await sessions.getByRole('row').nth(5).waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess
      await expect(pageHeading(page).textContent()).resolves.toBe('Team');
      await expect(clients.getByRole('row').filter({ hasText: 'jordan' }).first().textContent()).resolves.toMatch(/alliance \d+/i);
      expect(await sessions.getByRole('row').count()).toBe(6);
      await expect(sessions.textContent()).resolves.toMatch(/Passive suicidal ideation/);
      expect(TRANSCRIPT_WORDS.length).toBeGreaterThan(10);
      expect(await transcriptWordsShown(page)).toEqual([]);
      const menu = await page.getByRole('navigation').getByRole('link').allInnerTexts();
      expect(menu).toContain('Team');
      expect(menu).not.toContain('Admin');
      expect(await axeCheck(page)).toEqual([]);
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'an admin adds a webhook, with errors next to their fields, then deletes it after confirming',
    async () => {
      // Arrange
      const admin = await app.token({ role: 'admin', user: 'adm' });
      const page = await browser.newPage();
      await signIn(page, app.base, admin);
      await openPage(page, 'Admin');
      await page.getByRole('table', { name: 'Webhooks' }).getByText('No webhooks').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await axeCheck(page)).toEqual([]);

      // Act: a short secret is refused before sending
      await page.getByLabel('Webhook URL', { exact: true }).fill('https://hooks.example.com/attune');
      await page.getByLabel('Signing secret', { exact: true }).fill('too-short');
      await page.getByRole('button', { name: 'Add webhook' }).click();

      // Assess
      await expect(describedText(page, 'Signing secret')).resolves.toMatch(/at least 32 characters \(it has 9\)/);
      expect(await webhooks(admin)).toEqual([]);

      // Act: a loopback address is refused by the API (400 on /url); a host name is not resolved at registration
      await page.getByRole('button', { name: 'Generate a secret' }).click();
      await page.getByLabel('Webhook URL', { exact: true }).fill('https://127.0.0.1/hook');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page
        .getByText(/loopback address/)
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess
      await expect(describedText(page, 'Webhook URL')).resolves.toMatch(/the host is a loopback address/);
      expect(await webhooks(admin)).toEqual([]);
      problemsOf(page).length = 0; // the browser logged the refused request

      // Act: a public host name is accepted
      await page.getByLabel('Webhook URL', { exact: true }).fill('https://hooks.example.com/attune');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const table = page.getByRole('table', { name: 'Webhooks' });
      await table.getByText('https://hooks.example.com/attune').waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess
      expect((await webhooks(admin)).map((webhook) => webhook.url)).toEqual(['https://hooks.example.com/attune']);
      await expect(table.textContent()).resolves.toMatch(/Session completed, Session failed/);

      // Act: delete, confirming in the dialog
      await page.getByRole('button', { name: 'Delete the webhook to https://hooks.example.com/attune' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Delete the webhook?').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await axeCheck(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Delete webhook' }).click();

      // Assess
      await table.getByText('No webhooks').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await webhooks(admin)).toEqual([]);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    "an admin reads the audit log (ids, never content; at most 92 days) and a partner's activity from it",
    async () => {
      // Arrange: a partner's call, as its client-credentials token makes it, and a clinician's read of a session
      const key = localSecret(join(app.home, 'keys', 'token.key'));
      const partner = issuePartnerToken({ partner: 'ehr-vendor', tenant: 'local', scopes: ['clients.read'], expiresInSeconds: 600 }, key);
      expect((await fetch(`${app.base}/clients`, { headers: { authorization: `Bearer ${partner}` } })).status).toBe(200);
      const clinician = await app.token();
      expect((await fetch(`${app.base}/sessions/2026-09-15`, { headers: { authorization: `Bearer ${clinician}` } })).status).toBe(200);
      const page = await browser.newPage();
      await signIn(page, app.base, await app.token({ role: 'admin', user: 'adm' }));
      await openPage(page, 'Admin');

      // Act
      await page.getByRole('tab', { name: 'Audit log' }).click();
      const log = page.getByRole('table', { name: 'Audit log' });
      await log.getByRole('row').filter({ hasText: 'session.read' }).first().waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess: who, what, where and which ids, and no transcript word
      const read = await log.getByRole('row').filter({ hasText: 'session.read' }).first().textContent();
      expect(read).toMatch(/demo/);
      expect(read).toMatch(/GET \/sessions\/\{id\}/);
      expect(read).toMatch(/client jordan, session 2026-09-15/);
      await expect(log.getByRole('row').filter({ hasText: 'partner:ehr-vendor' }).first().textContent()).resolves.toMatch(/partner.*client\.list/);
      expect(await transcriptWordsShown(page)).toEqual([]);
      expect(await axeCheck(page)).toEqual([]);

      // Act: a range of 93 days is refused before asking
      const to = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.parse(`${to}T00:00:00Z`) - 92 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('From (UTC day)').fill(from);
      await page.getByRole('button', { name: 'Show' }).click();

      // Assess
      await page.getByText('Choose at most 92 days at a time (this range is 93 days).').waitFor({ timeout: UI_TIMEOUT_MS });

      // Act: the partners tab
      await page.getByRole('tab', { name: 'Partners' }).click();
      const partners = page.getByRole('table', { name: 'Partner activity' });
      await partners.getByRole('row').filter({ hasText: 'ehr-vendor' }).waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess: where partners are configured, and the partner's calls from the audit records
      await expect(page.getByRole('main').textContent()).resolves.toMatch(/attune:partners/);
      await expect(partners.getByRole('row').filter({ hasText: 'ehr-vendor' }).textContent()).resolves.toMatch(
        /ehr-vendor\s*1\s*0.*client\.list.*clients\.read/,
      );
      expect(await axeCheck(page)).toEqual([]);
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});
