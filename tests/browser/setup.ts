/**
 * The setup every browser test file shares, apart from the harness so that scripts using the harness
 * (`npm run screenshots`) do not load vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import { type App, HOOK_TIMEOUT_MS, type OpenBrowser, openBrowser, startApp } from './harness.js';

/**
 * One local server and one Chromium for a test file: started before its tests (then `onStart`, for what the
 * file needs first, such as a token or a signed-in page) and closed after them.
 *
 * @example
 * let app: App;
 * let browser: OpenBrowser;
 * useAppAndBrowser((a, b) => { app = a; browser = b; });
 */
export function useAppAndBrowser(onStart: (app: App, browser: OpenBrowser) => void | Promise<void>): void {
  let app: App | undefined;
  let browser: OpenBrowser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), openBrowser()]);
    await onStart(app, browser);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, HOOK_TIMEOUT_MS);
}
