/**
 * The clinician's workflow in Debian's chromium against the real local server (`npm start`, sample client
 * jordan): the review queue shows the sample session the risk detector flagged and opens it; a session made
 * by pasting a transcript is created once however often "Create session" is clicked, is watched until it
 * completes, opened, erased after typing its id, and its receipt shown; an upload of a file that is not a
 * recording shows the upload and the failure's meaning; the API's field errors show next to their fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../integration/local-stack.js';
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
  UI_TIMEOUT_MS,
} from './harness.js';
import { useAppAndBrowser } from './setup.js';

let app: App;
let browser: OpenBrowser;
let clinician: string;

useAppAndBrowser(async (a, b) => {
  app = a;
  browser = b;
  clinician = await app.token();
});

/** The API's answer, read beside the browser with the same clinician's token. */
async function apiGet(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${app.base}${path}`, { headers: { authorization: `Bearer ${clinician}` } });
  return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
}

async function sessionsOf(clientId: string): Promise<{ sessionId: string; status: string }[]> {
  const { body } = await apiGet(`/clients/${clientId}/sessions?limit=100`);
  return (body as { items: { sessionId: string; status: string }[] }).items;
}

const CONSENT = 'Consent obtained: the client agreed to this session being recorded and processed';
const SAMPLE = readFileSync(join(root, 'samples', 'sessions', 'jordan', '2026-09-22.txt'), 'utf8');

/** Fills the new-session form's client and consent (the session date defaults to today). */
async function fillSessionAndConsent(page: Page, clientId: string): Promise<void> {
  await openPage(page, 'New session');
  await page.getByLabel('Client id', { exact: true }).fill(clientId);
  await page.getByLabel(CONSENT).check();
}

describe('the clinician workflow', () => {
  it(
    'the review queue lists the sample session with risk, why it needs review, and opens it',
    async () => {
      // Arrange: the API says which sample session needs review (the detector flags one of jordan's)
      const { body } = await apiGet('/sessions?reviewRequired=true');
      const queued = (body as { items: { sessionId: string; clientId: string; risk: { highestLevel: string } | null }[] }).items;
      expect(queued.length).toBeGreaterThan(0);
      const first = queued[0]!;
      const { page } = browser;

      // Act
      await signIn(page, app.base, clinician);
      const table = page.getByRole('table', { name: 'Sessions needing review' });
      await table.waitFor({ timeout: UI_TIMEOUT_MS });
      const row = table.getByRole('row').filter({ hasText: first.clientId }).first();

      // Assess: the level, the client and the text-free reason, then the session opens
      await expect(pageHeading(page).textContent()).resolves.toBe('Review queue');
      await expect(row.textContent()).resolves.toMatch(new RegExp(`${first.risk?.highestLevel ?? 'no'} risk`, 'i'));
      await expect(row.textContent()).resolves.toMatch(/Risk: .+ \(\d+ findings?\)/);
      expect(await table.getByRole('row').count()).toBe(queued.length + 1);
      expect(await axeCheck(page)).toEqual([]);
      await row.getByRole('button', { name: /^Review the session of/ }).click();
      await pageHeading(page)
        .filter({ hasText: /^Session of/ })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'shows the API field errors next to their fields: a pasted text that is not a transcript',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, clinician);
      await fillSessionAndConsent(page, 'workflow-refused');

      // Act: text with no speaker labels is refused by the API (400, /transcript/content) and nothing is stored
      await page.getByLabel('Transcript', { exact: true }).fill('just some words without any speakers');
      await page.getByRole('button', { name: 'Create session' }).click();

      // Assess
      await page
        .getByText(/no speaker labels found/)
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const field = page.getByLabel('Transcript', { exact: true });
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const described = await Promise.all(
        describedBy
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).textContent()),
      );
      expect(described.join(' ')).toMatch(/no speaker labels found/);
      expect((await apiGet('/clients/workflow-refused/sessions')).status).toBe(404);
      expect(await axeCheck(page)).toEqual([]);
      // The browser logs the refused request itself; nothing else went wrong.
      expect(problemsOf(page).map((problem) => problem.text)).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'creates one session from a pasted transcript despite a double click, watches it complete, opens it, erases it and shows the receipt',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, clinician);
      await fillSessionAndConsent(page, 'workflow-client');
      await page.getByLabel('Transcript', { exact: true }).fill(SAMPLE);

      // Act: a double click on Create
      await page.getByRole('button', { name: 'Create session' }).dblclick();

      // Assess: processing is watched until it completes; the API holds exactly one session
      await page.getByText('Processing completed').first().waitFor({ timeout: UI_TIMEOUT_MS });
      const sessions = await sessionsOf('workflow-client');
      expect(sessions).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
      const sessionId = sessions[0]!.sessionId;
      expect(await axeCheck(page)).toEqual([]);

      // Act: open it, then erase it
      await page.getByRole('button', { name: 'Open the session' }).click();
      await pageHeading(page)
        .filter({ hasText: /^Session of/ })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('main').getByRole('button', { name: 'Erase session' }).click();
      await pageHeading(page).filter({ hasText: 'Erase session' }).waitFor({ timeout: UI_TIMEOUT_MS });

      // Assess: the confirmation names what goes and is enabled only by the exact session id
      await page.getByText('The transcript', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
      const main = page.getByRole('main');
      await expect(main.textContent()).resolves.toMatch(/The progress note \(its only version, signed or not\)/);
      const erase = main.getByRole('button', { name: 'Erase session' });
      const confirm = page.getByLabel(`To confirm, type the session id “${sessionId}”`);
      expect(await erase.isDisabled()).toBe(true);
      await confirm.fill(sessionId.toUpperCase());
      expect(await erase.isDisabled()).toBe(true);
      await confirm.fill(`${sessionId} `);
      expect(await erase.isDisabled()).toBe(true);
      await confirm.fill(sessionId);
      expect(await erase.isDisabled()).toBe(false);
      expect(await axeCheck(page)).toEqual([]);

      // Act
      await erase.click();

      // Assess: the receipt, and the session is gone from the API
      await pageHeading(page).filter({ hasText: 'Session erased' }).waitFor({ timeout: UI_TIMEOUT_MS });
      const receipt = page.getByRole('main');
      await expect(receipt.textContent()).resolves.toContain(sessionId);
      await expect(receipt.textContent()).resolves.toMatch(/SHA-256\s*[0-9a-f]{64}/);
      await expect(receipt.textContent()).resolves.toMatch(/Transcript files\s*2/);
      await page.getByRole('button', { name: 'Copy receipt JSON' }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect((await apiGet(`/sessions/${sessionId}`)).status).toBe(404);
      expect(await axeCheck(page)).toEqual([]);
      await page.getByRole('button', { name: 'Back to clients' }).click();
      await pageHeading(page)
        .filter({ hasText: /clients/i })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'uploads a recording with the headers the API gave, and says what the failure means when the file is not audio',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, clinician);
      await fillSessionAndConsent(page, 'workflow-upload');
      await page.getByLabel('Upload a recording').check();
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'session.wav', mimeType: 'audio/wav', buffer: Buffer.from('this is not a WAV recording') });

      // Act
      await page.getByRole('button', { name: 'Create session' }).click();

      // Assess: the upload reached the presigned URL (the workflow ran on it) and the failure is explained
      await page.getByText('Processing failed').first().waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(page.getByRole('main').textContent()).resolves.toMatch(/The recording could not be read as audio\./);
      await expect(page.getByRole('main').textContent()).resolves.toMatch(/Failure code: corrupt_audio/);
      const sessions = await sessionsOf('workflow-upload');
      expect(sessions).toEqual([expect.objectContaining({ status: 'FAILED' })]);
      expect(await axeCheck(page)).toEqual([]);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});
