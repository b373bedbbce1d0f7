/**
 * The clinician web app on the local server (docs/web.md): `dist/web` (built by `npm run build`) served
 * beside the API on the same origin, and `/config.json`, the app's run-time settings (schemas/web-config.ts),
 * which say "same origin, sign in with a local token".
 *
 * - `GET /` answers index.html to a browser (an Accept that names text/html); curl and scripts keep the
 *   plain-text list of routes (http-api.ts `indexText`).
 * - `/assets/*` (Vite's hashed files, cached for good) and any other file Vite puts at the top of dist/web
 *   (a favicon) are served as they are; every other path is the API's.
 * - Every answer of the app carries a strict Content-Security-Policy and the other security headers
 *   (WEB_SECURITY_HEADERS); index.html and config.json are never cached, so a rebuild or a changed setting
 *   is seen on the next load.
 * - Paths are matched by name, never joined blindly: a dot segment, an encoded slash or a name outside
 *   dist/web is a 404, and no file is read that the name does not lead to directly.
 * Nothing here logs a request: the paths are the app's file names, but the server writes no request log anyway.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { WEB_PERMISSIONS_POLICY, webContentSecurityPolicy } from '../../schemas/web-headers.js';
import { DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES, WebConfigSchema, type WebConfig } from '../../schemas/web-config.js';
import { send } from './http-body.js';

/** The headers on every answer of the app (the CloudFront response headers policy sends the same in AWS). */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': webContentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': WEB_PERMISSIONS_POLICY,
};

const NO_STORE = 'no-store';
/** Vite names each asset by its content's hash: a changed file is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A top-level file (a favicon) keeps its name across builds: revalidate it. */
const REVALIDATE = 'no-cache';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (name: string): string => CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';

/** `ATTUNE_IDLE_MINUTES`: minutes of inactivity after which the app signs out; unset: 15. */
export function parseIdleMinutes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_IDLE_MINUTES;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_IDLE_MINUTES) {
    throw new InvalidInputError(
      `ATTUNE_IDLE_MINUTES must be a whole number of minutes from 1 to ${MAX_IDLE_MINUTES} (the web app signs out after that long without use), not '${value}'`,
      'bad_config',
    );
  }
  return n;
}

/** The local `/config.json`: the API on the same origin, a pasted local token, the idle sign-out from the environment. */
export function localWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  return WebConfigSchema.parse({ apiBase: '', auth: { mode: 'local' }, idleMinutes: parseIdleMinutes(env.ATTUNE_IDLE_MINUTES) });
}

/** True when the request's Accept names text/html (a browser navigating), not when it only allows any type. */
export function wantsHtml(request: IncomingMessage): boolean {
  const accept = String(request.headers.accept ?? '');
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === 'text/html' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** A dot segment, raw or percent-encoded (`..`, `%2e%2E`), in a request's path as the client sent it. */
export function hasDotSegment(rawUrl: string): boolean {
  const path = rawUrl.split(/[?#]/)[0] ?? '';
  return path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

/** A file name Vite writes: letters, digits, '.', '_' and '-', not starting with a dot. */
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Attune</title></head>
<body>
<h1>The web app is not built yet</h1>
<p>This server found no <code>dist/web/index.html</code>. Build the app, then reload this page:</p>
<pre>npm run build</pre>
<p>The API itself is running: <code>curl</code> this address to list its routes.</p>
</body>
</html>
`;

export interface WebApp {
  /** Answers the request when it is the app's (`/` for a browser, `/config.json`, `/assets/*`, a top-level file); false otherwise. */
  serve(request: IncomingMessage, response: ServerResponse, path: string): boolean;
}

/** The app's files under `root` (default `<package>/dist/web`), read at each request: a rebuild is served without a restart. */
export function createWebApp(root: string, config: WebConfig): WebApp {
  const configBody = `${JSON.stringify(config)}\n`;
  const answer = (response: ServerResponse, status: number, type: string, cache: string, body: string | Buffer, head: boolean) => {
    const headers = { ...WEB_SECURITY_HEADERS, 'content-type': type, 'cache-control': cache };
    if (head) {
      response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
      response.end();
    } else send(response, status, headers, body);
  };
  const notFound = (response: ServerResponse, head: boolean) => answer(response, 404, 'text/plain; charset=utf-8', NO_STORE, 'Not found\n', head);

  /** The file `name` directly in `dir`, when it is one (no sub-directory, no link out of it). */
  const fileIn = (dir: string, name: string): Buffer | null => {
    if (!FILE_NAME.test(name)) return null;
    const path = join(dir, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? readFileSync(path) : null;
  };

  return {
    serve(request, response, path) {
      const method = request.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') return false;
      const head = method === 'HEAD';
      if (path === '/config.json') {
        answer(response, 200, 'application/json; charset=utf-8', NO_STORE, configBody, head);
        return true;
      }
      if (path === '/' || path === '/index.html') {
        if (path === '/' && !wantsHtml(request)) return false;
        const index = fileIn(root, 'index.html');
        if (index) answer(response, 200, CONTENT_TYPES['.html']!, NO_STORE, index, head);
        else answer(response, 503, CONTENT_TYPES['.html']!, NO_STORE, MISSING_BUILD_PAGE, head);
        return true;
      }
      if (path.startsWith('/assets/')) {
        let name: string;
        try {
          name = decodeURIComponent(path.slice('/assets/'.length));
        } catch {
          notFound(response, head);
          return true;
        }
        const file = fileIn(join(root, 'assets'), name);
        if (file) answer(response, 200, contentTypeOf(name), IMMUTABLE, file, head);
        else notFound(response, head);
        return true;
      }
      // Another file Vite emitted at the top (favicon.svg, robots.txt): only a name that is there, so the API keeps every other path.
      const name = path.slice(1);
      if (name !== 'index.html' && FILE_NAME.test(name) && existsSync(root) && readdirSync(root).includes(name)) {
        const file = fileIn(root, name);
        if (file) {
          answer(response, 200, contentTypeOf(name), REVALIDATE, file, head);
          return true;
        }
      }
      return false;
    },
  };
}
