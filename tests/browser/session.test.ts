/**
 * The Session page in Debian's chromium against the real local server (`npm start`'s sample client jordan):
 * reading the note, following a citation to its turn in the transcript (focused and highlighted), another
 * format rewritten for reading only, editing (a new version), signing with the risk acknowledgement when the
 * session has risk (then read-only, with signer and SHA-256, the signed version still readable after a later
 * edit), the supervision report in its own tab, a supervisor who gets scores and flags but no note or
 * transcript, and a 600-turn transcript that keeps a few dozen rows in the DOM while it scrolls to the end.
 */
import { describe, expect, it } from 'vitest';
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
  signIn,
  TRANSCRIPT_WORDS,
  UI_TIMEOUT_MS,
} from './harness.js';
import { useAppAndBrowser } from './setup.js';

let app: App;
let browser: OpenBrowser;

useAppAndBrowser(async (a, b) => {
  app = a;
  browser = b;
  // The clinician's page; the supervisor's is its own.
  await signIn(browser.page, app.base, await app.token());
});

/** Opens a client's session from the Clients page (client → Sessions tab → the session) and waits for its heading. */
async function openSession(page: Page, clientId: string, date: string): Promise<void> {
  await openPage(page, 'Clients');
  await page.getByRole('button', { name: `Open client ${clientId}` }).click();
  await pageHeading(page)
    .filter({ hasText: `Client ${clientId}` })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Sessions', exact: true }).click();
  await page
    .getByRole('button', { name: `Open session ${date}` })
    .first()
    .click();
  await pageHeading(page)
    .filter({ hasText: `Session of ${date}` })
    .waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The transcript's scrolling region, and the turn rows it holds in the DOM. */
const transcript = (page: Page) => page.getByRole('region', { name: /^Transcript, \d+ turns?$/ });
const turnRows = (page: Page) => transcript(page).getByRole('listitem');

/** The focused element's data attributes (the transcript's rows carry their turn id and whether they are cited). */
async function focusedTurn(page: Page): Promise<{ turnId?: string; cited?: string }> {
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: { dataset?: Record<string, string> } | null } }).document.activeElement;
    return { turnId: element?.dataset?.turnId, cited: element?.dataset?.cited };
  });
}

/** The turn ids a citation's label names: "Show turns 12, 20–22 in the transcript" → t0012, t0020, t0021, t0022. */
function citedTurnIds(label: string): string[] {
  const numbers = /turns? ([\d,–\s]+) in the transcript$/.exec(label)?.[1] ?? '';
  return numbers
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('–').map(Number);
      return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
    })
    .map((n) => `t${String(n).padStart(4, '0')}`);
}

describe('the session page (clinician)', () => {
  it(
    'shows the note with its sections, gaps marked as gaps, and a citation that opens the transcript at its turns',
    async () => {
      // Arrange
      const { page } = browser;
      await openSession(page, 'jordan', '2026-09-15');

      // Act
      await page.getByRole('heading', { name: 'SOAP note' }).waitFor({ timeout: UI_TIMEOUT_MS });
      // By keyboard: the Assessment's first citation is a button, and Enter follows it.
      const citation = page
        .getByRole('region', { name: 'Assessment', exact: true })
        .getByRole('button', { name: / in the transcript$/ })
        .first();
      const cited = citedTurnIds((await citation.getAttribute('aria-label')) ?? '');
      await citation.focus();
      await page.keyboard.press('Enter');

      // Assess: the first cited turn has focus, every cited turn is highlighted and no other, the note's gaps read as gaps
      expect(cited.length).toBeGreaterThan(0);
      await expect.poll(() => focusedTurn(page), { timeout: UI_TIMEOUT_MS }).toEqual({ turnId: cited[0], cited: 'true' });
      const highlighted = await transcript(page)
        .locator('[data-cited="true"]')
        .evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { turnId: string } }).dataset.turnId));
      const shown = await turnRows(page).evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { turnId: string } }).dataset.turnId));
      expect(highlighted).toEqual(cited.filter((id) => shown.includes(id)));
      expect(highlighted[0]).toBe(cited[0]);
      for (const section of ['Subjective', 'Objective', 'Assessment', 'Plan']) {
        await expect(page.getByRole('region', { name: section, exact: true }).count()).resolves.toBe(1);
      }
      await expect(page.locator('[data-kind="gap"]').first().textContent()).resolves.toMatch(/^Gap.*(none identified|nothing identified|not stated)/);
      await expect(page.getByRole('button', { name: 'Erase session' }).isVisible()).resolves.toBe(true);
      expect(await axeCheck(page)).toEqual([]);
      await expectNoPhi(page, app.base);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'rewrites the note in another format for reading only, and comes back to the note on record',
    async () => {
      // Arrange
      const { page } = browser;
      await openSession(page, 'jordan', '2026-09-15');

      // Act
      await page.getByRole('button', { name: 'DAP', exact: true }).click();

      // Assess
      await page.getByText('Rewritten as DAP for reading').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('heading', { name: 'DAP note' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(page.getByRole('region', { name: 'Data', exact: true }).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Sign note' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Edit note' }).count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'SOAP (on record)' }).click();
      await page.getByRole('heading', { name: 'SOAP note' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(page.getByRole('button', { name: 'Sign note' }).isEnabled()).resolves.toBe(true);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'edits the note into a new version, signs it (read-only with signer and SHA-256), and keeps the signed version readable after a later edit',
    async () => {
      // Arrange
      const { page } = browser;
      const added = 'Client agreed to keep the wind-down routine this week.';
      await openSession(page, 'jordan', '2026-09-15');

      // Act: edit
      await page.getByRole('button', { name: 'Edit note' }).click();
      const planSentences = await page.getByRole('textbox', { name: /^Plan, sentence \d+$/ }).count();
      await page.getByRole('button', { name: 'Add a sentence to Plan' }).click();
      await page.getByLabel(`Plan, sentence ${planSentences + 1}`, { exact: true }).fill(added);
      await page.getByRole('button', { name: 'Save as a new version' }).click();

      // Assess: version 2, with the added sentence
      await page.getByText('Saved as version 2.').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByText('Version 2 · draft, not signed').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByText(added).waitFor({ timeout: UI_TIMEOUT_MS });

      // Act: sign (this session has no risk: no acknowledgement asked)
      await page.getByRole('button', { name: 'Sign note' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Sign note' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(dialog.getByRole('checkbox').count()).resolves.toBe(0);
      await dialog.getByLabel('Attestation (optional)').fill('Reviewed against the transcript.');
      await dialog.getByRole('button', { name: 'Sign note' }).click();

      // Assess: signed, read-only, with the signer and the SHA-256
      await page.getByText('Version 2 is signed.').waitFor({ timeout: UI_TIMEOUT_MS });
      const signature = page.getByRole('heading', { name: 'Signature' });
      await signature.waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(page.getByText(/^[0-9a-f]{64}$/).count()).resolves.toBe(1);
      await expect(page.getByText(/Version 2 · signed by demo/).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Sign note' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Edit note' }).count()).resolves.toBe(0);

      // Act: a later edit makes version 3; version 2 stays readable as signed
      await page.getByRole('button', { name: 'Edit as a new version' }).click();
      await page.getByRole('button', { name: 'Save as a new version' }).click();
      await page.getByText('Saved as version 3.').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Note version' }).click();
      await page.getByRole('option', { name: /^Version 2/ }).click();

      // Assess
      await page.getByText(/Version 2 · signed by demo .* · an earlier version, read-only/).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(page.getByRole('button', { name: 'Edit as a new version' }).count()).resolves.toBe(0);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'asks for the risk acknowledgement before signing a session with risk for review, which leads the page',
    async () => {
      // Arrange
      const { page } = browser;
      await openSession(page, 'jordan', '2026-09-08');
      const riskAlert = page.getByText(/^Risk for clinician review/);
      await riskAlert.waitFor({ timeout: UI_TIMEOUT_MS });

      // Act
      await page.getByRole('button', { name: 'Sign note' }).click();
      const dialog = page.getByRole('dialog');
      const sign = dialog.getByRole('button', { name: 'Sign note' });
      await sign.waitFor({ timeout: UI_TIMEOUT_MS });
      const disabledBefore = await sign.isDisabled();
      await dialog.getByRole('checkbox', { name: 'I have reviewed the risk statements and the turns they cite' }).check();
      await sign.click();

      // Assess: risk leads the page (the alert comes before the tabs), and the note is signed
      expect(disabledBefore).toBe(true);
      await page.getByText('Version 1 is signed.').waitFor({ timeout: UI_TIMEOUT_MS });
      const [alertTop, tabsTop] = await Promise.all([
        riskAlert.evaluate((element) => element.getBoundingClientRect().top),
        page.getByRole('tab', { name: 'Note' }).evaluate((element) => element.getBoundingClientRect().top),
      ]);
      expect(alertTop).toBeLessThan(tabsTop);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'shows the supervision report in its own tab, apart from the note',
    async () => {
      // Arrange
      const { page } = browser;
      await openSession(page, 'jordan', '2026-09-15');

      // Act
      await page.getByRole('tab', { name: 'Supervision' }).click();

      // Assess
      await page.getByRole('heading', { name: 'Supervision report' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('heading', { name: 'Moments to discuss' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(page.getByRole('heading', { name: 'SOAP note' }).count()).resolves.toBe(0);
      expect(await axeCheck(page)).toEqual([]);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('the session page (supervisor)', () => {
  it(
    'shows scores, flags and risk levels, says the note is not available, and holds no note text, quote or transcript',
    async () => {
      // Arrange
      const page = await browser.newPage();
      await signIn(page, app.base, await app.token({ role: 'supervisor', user: 'sup' }));

      // Act
      await openSession(page, 'jordan', '2026-09-08');
      await page.getByText('The note is not available to supervisors').waitFor({ timeout: UI_TIMEOUT_MS });
      const noteTabText = (await page.getByRole('main').textContent()) ?? '';
      await page.getByRole('tab', { name: 'Alliance' }).click();
      await page.getByRole('table', { name: 'Alliance dimensions' }).waitFor({ timeout: UI_TIMEOUT_MS });
      const allianceTabText = (await page.getByRole('main').textContent()) ?? '';
      await page.getByRole('tab', { name: 'Supervision' }).click();
      await page.getByRole('heading', { name: 'Moments to discuss' }).waitFor({ timeout: UI_TIMEOUT_MS });
      const supervisionTabText = (await page.getByRole('main').textContent()) ?? '';

      // Assess
      expect(noteTabText).toContain('Risk for clinician review');
      expect(allianceTabText).toContain('Therapeutic framework');
      await expect(transcript(page).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Erase session' }).count()).resolves.toBe(0);
      const seen = `${noteTabText}\n${allianceTabText}\n${supervisionTabText}`.toLowerCase();
      expect(TRANSCRIPT_WORDS.filter((word) => seen.includes(word))).toEqual([]);
      expect(await axeCheck(page)).toEqual([]);
      expectNoProblems(page);
      await page.context().close();
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('a 600-turn transcript', () => {
  /** 600 alternating turns in the text format (`Therapist: …` / `Client: …`, one turn a line). */
  function longTranscript(): string {
    return Array.from({ length: 600 }, (_, i) =>
      i % 2 === 0
        ? `Therapist: At moment ${i + 1}, what stood out for you about sleep and the work week?`
        : `Client: Around moment ${i + 1} the evenings were calmer, and I kept to the wind-down routine most nights.`,
    ).join('\n');
  }

  it(
    'keeps far fewer than 600 rows in the DOM, scrolls to the last turn and jumps to a turn by number',
    async () => {
      // Arrange: the session, created through the API and processed
      const token = await app.token();
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${app.base}/sessions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          clientId: 'long-session',
          sessionDate: '2026-10-01',
          consent: { obtained: true, method: 'written', obtainedAt: '2026-09-01' },
          transcript: { format: 'text', content: longTranscript() },
        }),
      });
      expect(created.status).toBe(202);
      const { sessionId } = (await created.json()) as { sessionId: string };
      await expect
        .poll(async () => ((await (await fetch(`${app.base}/sessions/${sessionId}`, { headers })).json()) as { status: string }).status, {
          timeout: 60_000,
          interval: 500,
        })
        .toBe('COMPLETED');
      const { page } = browser;

      // Act
      await openSession(page, 'long-session', '2026-10-01');
      const region = transcript(page);
      await region.waitFor({ timeout: UI_TIMEOUT_MS });
      await expect(region.getAttribute('aria-label')).resolves.toBe('Transcript, 600 turns');
      await region.locator('[data-turn-id="t0001"]').waitFor({ timeout: UI_TIMEOUT_MS });
      const atTop = await turnRows(page).count();
      // Scroll to the end, again as rows are measured and later pages arrive, until the last turn is there.
      await expect
        .poll(
          async () => {
            await region.evaluate((element) => {
              element.scrollTop = element.scrollHeight;
            });
            return region.locator('[data-turn-id="t0600"]').count();
          },
          { timeout: UI_TIMEOUT_MS, interval: 250 },
        )
        .toBe(1);
      const atEnd = await turnRows(page).count();
      const lastVisible = await region.evaluate((element) => {
        const last = element.querySelector('[data-turn-id="t0600"]');
        if (!last) return false;
        const box = last.getBoundingClientRect();
        const view = element.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      });
      await page.getByLabel('Go to turn').fill('300');
      await page.getByRole('button', { name: 'Go to turn' }).click();

      // Assess
      expect(atTop).toBeGreaterThan(0);
      expect(atTop).toBeLessThan(60);
      expect(atEnd).toBeLessThan(60);
      expect(lastVisible).toBe(true);
      await expect.poll(() => focusedTurn(page), { timeout: UI_TIMEOUT_MS }).toEqual({ turnId: 't0300', cited: undefined });
      expect(await turnRows(page).count()).toBeLessThan(60);
      expectNoProblems(page);
    },
    FLOW_TIMEOUT_MS,
  );
});
