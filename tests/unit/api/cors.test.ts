/**
 * CORS on the api handler's answers (lambdas/api/cors.ts): in AWS the web app is another origin than the
 * API, and only that origin, named by WEB_ORIGIN, may read an answer; locally (no WEB_ORIGIN) nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { apiConfig } from '../../../lambdas/api/context.js';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { apiEvent, memoryDeps } from './memory.js';

const SITE = 'https://d111111abcdef8.cloudfront.net';
const handlerFor = (webOrigin?: string) => {
  const deps = memoryDeps();
  return createApiHandler({ ...deps, config: { ...deps.config, ...(webOrigin ? { webOrigin } : {}) } });
};

describe('CORS on the API', () => {
  it("names the site's origin on an answer to the site, success and problem alike, with the headers the app reads", async () => {
    // Prepare
    const api = handlerFor(SITE);

    // Act
    const listing = await api(apiEvent('GET', '/clients', { headers: { Origin: SITE } }));
    const refused = await api(apiEvent('GET', '/clients', { caller: null, headers: { origin: SITE } }));

    // Assess
    expect(listing.statusCode).toBe(200);
    expect(listing.headers).toMatchObject({ 'access-control-allow-origin': SITE, vary: 'Origin' });
    expect(String(listing.headers?.['access-control-expose-headers'])).toMatch(/Location.*Retry-After/);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers).toMatchObject({ 'access-control-allow-origin': SITE });
  });

  it('answers another origin, a look-alike or no origin without any Access-Control header', async () => {
    // Prepare
    const api = handlerFor(SITE);

    for (const origin of ['https://evil.example', `${SITE}.evil.example`, 'http://d111111abcdef8.cloudfront.net', 'null', undefined]) {
      // Act
      const answer = await api(apiEvent('GET', '/clients', { headers: origin === undefined ? {} : { origin } }));

      // Assess
      expect(answer.statusCode, String(origin)).toBe(200);
      expect(
        Object.keys(answer.headers ?? {}).filter((h) => h.startsWith('access-control-')),
        String(origin),
      ).toEqual([]);
      expect(answer.headers?.vary, String(origin)).toBe('Origin');
    }
  });

  it('adds nothing when no site is deployed (the local server serves the app on its own origin)', async () => {
    // Act
    const answer = await handlerFor()(apiEvent('GET', '/clients', { headers: { origin: SITE } }));

    // Assess
    expect(Object.keys(answer.headers ?? {}).filter((h) => h.startsWith('access-control-') || h === 'vary')).toEqual([]);
  });

  it('reads the origin from WEB_ORIGIN, without a trailing slash', () => {
    const env = { UPLOADS_BUCKET: 'u', ARTIFACTS_BUCKET: 'a', MAX_UPLOAD_BYTES: 1, NOTE_FORMAT: 'soap' as const };

    expect(apiConfig({ ...env, WEB_ORIGIN: `${SITE}/` }, { allowLoopbackWebhooks: false }).webOrigin).toBe(SITE);
    expect(apiConfig(env, { allowLoopbackWebhooks: false }).webOrigin).toBeUndefined();
  });
});
