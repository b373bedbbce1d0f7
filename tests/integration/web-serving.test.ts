/**
 * The clinician web app on the local server (local/http/web-app.ts), over real HTTP against the real local
 * runtime, with a small stand-in for Vite's dist/web: `/` to a browser and the route list to curl,
 * `/config.json`, the assets and their headers, paths that climb out, HEAD, a missing build, and the API
 * still answering every route beside it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { createApiServer } from '../../local/http/http-api.js';
import type { LocalRuntime } from '../../local/runtime/runtime.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { WebConfigSchema } from '../../schemas/web-config.js';
import { BOOT_TIMEOUT_MS, startRuntime, tempHome } from './local-stack.js';

const INDEX =
  '<!doctype html><html lang="en"><head><title>Attune</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("attune");';
const STYLE = 'body{margin:0}';
const ICON = '<svg xmlns="http://www.w3.org/2000/svg"/>';
const SECRET = 'outside the web root: never served';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** What the brief asks of the policy, directive by directive. */
const EXPECTED_CSP: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

function directives(csp: string | null): Record<string, string> {
  return Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path exactly as written (fetch would normalise `/assets/../..` before sending it). */
function raw(base: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the web app on the local server', () => {
  const home = tempHome();
  const scratch = mkdtempSync(join(tmpdir(), 'attune-web-'));
  const webRoot = join(scratch, 'web');
  const servers: Server[] = [];
  let runtime: LocalRuntime;
  let base: string;
  let token: string;

  async function serve(env: NodeJS.ProcessEnv = {}, root = webRoot): Promise<string> {
    const server = createApiServer(runtime, { env, webRoot: root });
    servers.push(server);
    return listen(server);
  }

  beforeAll(async () => {
    mkdirSync(join(webRoot, 'assets', 'nested'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), INDEX);
    writeFileSync(join(webRoot, 'favicon.svg'), ICON);
    writeFileSync(join(webRoot, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    writeFileSync(join(webRoot, 'assets', 'index-Ef56Gh78.css'), STYLE);
    writeFileSync(join(webRoot, 'assets', 'nested', 'deep.js'), SCRIPT);
    writeFileSync(join(scratch, 'secret.txt'), SECRET);
    runtime = await startRuntime(home.dir);
    base = await serve();
    token = issueToken({ tenant: 'local', user: 'demo', roles: ['clinician'], expiresInSeconds: 600 }, localSecret(tokenKeyFile(runtime.home)));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await runtime?.close();
    home.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  const expectAppHeaders = (headers: Headers) => {
    expect(directives(headers.get('content-security-policy'))).toEqual(EXPECTED_CSP);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\)/);
  };

  describe('GET /', () => {
    it('answers index.html to a browser, uncached, with the security headers', async () => {
      // Act
      const response = await fetch(`${base}/`, { headers: { accept: BROWSER_ACCEPT } });

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expectAppHeaders(response.headers);
      expect(await response.text()).toBe(INDEX);
    });

    it('keeps the plain-text list of routes for curl and scripts (any Accept that does not name text/html)', async () => {
      for (const accept of [undefined, '*/*', 'text/plain', 'application/json', 'text/html;q=0']) {
        // Act
        const response = await fetch(`${base}/`, { headers: accept === undefined ? {} : { accept } });

        // Assess
        expect(response.status, String(accept)).toBe(200);
        expect(response.headers.get('content-type'), String(accept)).toBe('text/plain; charset=utf-8');
        expect(await response.text(), String(accept)).toMatch(/^Attune local API[\s\S]*GET\s+\/openapi\.json/);
      }
    });
  });

  describe('GET /config.json', () => {
    it('answers the local settings: same origin, a pasted token, sign-out after 15 idle minutes; never cached', async () => {
      // Act
      const response = await fetch(`${base}/config.json`);

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expectAppHeaders(response.headers);
      const body: unknown = await response.json();
      expect(WebConfigSchema.parse(body)).toEqual(body);
      expect(body).toEqual({ apiBase: '', auth: { mode: 'local' }, idleMinutes: 15 });
    });

    it('takes the idle minutes from ATTUNE_IDLE_MINUTES', async () => {
      // Prepare
      const other = await serve({ ATTUNE_IDLE_MINUTES: ' 30 ' });

      // Act
      const body = (await (await fetch(`${other}/config.json`)).json()) as { idleMinutes: number };

      // Assess
      expect(body.idleMinutes).toBe(30);
    });

    it.each(['0', '721', 'soon', '1.5', '-5', '15m'])('refuses ATTUNE_IDLE_MINUTES=%s at start, naming the setting and what it must be', (value) => {
      // Act
      const start = () => createApiServer(runtime, { env: { ATTUNE_IDLE_MINUTES: value }, webRoot });

      // Assess
      expect(start).toThrow(InvalidInputError);
      expect(start).toThrow(new RegExp(`ATTUNE_IDLE_MINUTES must be a whole number of minutes from 1 to 720.*not '${value.replace('.', '\\.')}'`));
    });
  });

  describe('the built files', () => {
    it('serves hashed assets with their content types, cached for good, with the security headers', async () => {
      // Act
      const script = await fetch(`${base}/assets/index-Ab12Cd34.js`);
      const style = await fetch(`${base}/assets/index-Ef56Gh78.css`);

      // Assess
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expectAppHeaders(script.headers);
      expect(await script.text()).toBe(SCRIPT);
      expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(await style.text()).toBe(STYLE);
    });

    it('serves another top-level file Vite emits (a favicon), revalidated rather than kept', async () => {
      // Act
      const icon = await fetch(`${base}/favicon.svg`);

      // Assess
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      expect(icon.headers.get('cache-control')).toBe('no-cache');
      expect(await icon.text()).toBe(ICON);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      // Act
      const index = await raw(base, '/', { method: 'HEAD', headers: { accept: 'text/html' } });
      const script = await raw(base, '/assets/index-Ab12Cd34.js', { method: 'HEAD' });
      const config = await raw(base, '/config.json', { method: 'HEAD' });

      // Assess
      expect(index).toMatchObject({ status: 200, body: '' });
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(index.headers['content-length']).toBe(String(Buffer.byteLength(INDEX)));
      expect(index.headers['content-security-policy']).toContain("default-src 'none'");
      expect(script).toMatchObject({ status: 200, body: '' });
      expect(script.headers['content-length']).toBe(String(Buffer.byteLength(SCRIPT)));
      expect(config).toMatchObject({ status: 200, body: '' });
    });

    it.each([
      '/assets/../..',
      '/assets/../../secret.txt',
      '/assets/../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/%2E%2E/secret.txt',
      '/assets/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/..%5csecret.txt',
      '/assets/nested/deep.js',
      '/assets/nested',
      '/assets/',
      '/assets/.hidden',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/secret.txt',
    ])('answers 404 to %s and serves nothing outside dist/web or below assets/', async (path) => {
      // Act
      const response = await raw(base, path, { headers: { accept: 'text/html' } });

      // Assess
      expect(response.status).toBe(404);
      expect(response.body).not.toContain(SECRET);
      expect(response.body).not.toContain(SCRIPT);
    });
  });

  describe('beside the API', () => {
    it('leaves every API route to the API: a signed-in listing, the public OpenAPI document, and 404 problem+json for an unknown path', async () => {
      // Act
      const listing = await fetch(`${base}/clients`, { headers: { authorization: `Bearer ${token}`, accept: BROWSER_ACCEPT } });
      const anonymous = await fetch(`${base}/clients`, { headers: { accept: BROWSER_ACCEPT } });
      const openapi = await fetch(`${base}/openapi.json`, { headers: { accept: BROWSER_ACCEPT } });
      const unknown = await fetch(`${base}/favicon.ico`, { headers: { accept: BROWSER_ACCEPT } });

      // Assess
      expect(listing.status).toBe(200);
      expect(listing.headers.get('content-type')).toMatch(/^application\/json/);
      expect(anonymous.status).toBe(401);
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    });
  });

  describe('without a build', () => {
    it('tells a browser to run `npm run build`, and still answers config.json and the API', async () => {
      // Prepare
      const unbuilt = await serve({}, join(scratch, 'not-built'));

      // Act
      const page = await fetch(`${unbuilt}/`, { headers: { accept: BROWSER_ACCEPT } });
      const asset = await fetch(`${unbuilt}/assets/index-Ab12Cd34.js`);
      const config = await fetch(`${unbuilt}/config.json`);
      const routes = await fetch(`${unbuilt}/`);

      // Assess
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectAppHeaders(page.headers);
      expect(await page.text()).toMatch(/not built yet[\s\S]*npm run build/);
      expect(asset.status).toBe(404);
      expect(config.status).toBe(200);
      expect(await routes.text()).toMatch(/^Attune local API/);
    });
  });
});
