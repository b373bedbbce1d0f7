/**
 * Reads `/config.json` (schemas/web-config.ts) once at start. A missing or invalid one stops the app with a
 * page saying what is wrong, rather than guessing an API address or a sign-in mode.
 */
import { type WebConfig, WebConfigSchema } from '../../schemas/web-config.js';

export type ConfigResult = { ok: true; config: WebConfig } | { ok: false; error: string };

export async function loadConfig(doFetch: typeof fetch = fetch, url = 'config.json'): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await doFetch(url, { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    return { ok: false, error: 'The site could not be reached to read its settings (config.json): check the network connection and reload the page.' };
  }
  if (!response.ok) {
    return {
      ok: false,
      error: `The site's settings (config.json) could not be read: the server answered ${response.status}. Whoever runs this site must deploy config.json beside the app.`,
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: "The site's settings (config.json) are not JSON. Whoever runs this site must fix config.json." };
  }
  const parsed = WebConfigSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'config.json'}: ${issue.message}`);
    return { ok: false, error: `The site's settings (config.json) are not valid: ${problems.join('; ')}. Whoever runs this site must fix config.json.` };
  }
  return { ok: true, config: parsed.data };
}
