// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../web/src/App.js';
import { TOKEN_KEY } from '../../web/src/auth.js';
import { loadConfig } from '../../web/src/config.js';

const segment = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment(claims)}.sig`;
const good = jwt({ sub: 'demo', 'custom:tenant': 'local', 'cognito:groups': ['supervisor'], exp: Math.floor(Date.now() / 1000) + 3600 });

const json = (body: unknown, status = 200, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('config.json', () => {
  it('says what is wrong with a config that does not parse', async () => {
    const doFetch = (async () => json({ apiBase: 'ftp://nope', auth: { mode: 'magic' } })) as typeof fetch;
    const result = await loadConfig(doFetch);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('apiBase');
      expect(result.error).toContain('auth.mode');
    }
  });

  it('says the settings are missing when config.json is a 404, and the app shows it instead of signing in', async () => {
    const doFetch = (async () => new Response('Not found', { status: 404 })) as typeof fetch;
    render(<App loadConfig={() => loadConfig(doFetch)} />);
    await screen.findByText('Attune cannot start');
    expect(screen.getByText(/answered 404/)).toBeTruthy();
    expect(screen.queryByLabelText('Access token')).toBeNull();
  });
});

describe('local sign-in', () => {
  const local = async () => ({ ok: true as const, config: { apiBase: '', auth: { mode: 'local' as const }, idleMinutes: 15 } });

  it('refuses a token the API answers 401 to, saying to run attune token again, and keeps nothing', async () => {
    const fetch = vi.fn(async () =>
      json({ type: 'https://attune.dev/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'bad signature' }, 401, 'application/problem+json'),
    );
    vi.stubGlobal('fetch', fetch);
    render(<App loadConfig={local} />);
    fireEvent.change(await screen.findByLabelText('Access token'), { target: { value: good } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText(/That token is not valid or has expired: run `npx attune token …` again/);
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('refuses what is not a token without asking the API', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<App loadConfig={local} />);
    fireEvent.change(await screen.findByLabelText('Access token'), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText(/That token is not valid or has expired/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('signs in with a token the API accepts, shows who is signed in, and signs out on "Sign out"', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ items: [], nextCursor: null })),
    );
    render(<App loadConfig={local} />);
    fireEvent.change(await screen.findByLabelText('Access token'), { target: { value: good } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('button', { name: 'Sign out' });
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe(good);
    expect(document.body.textContent).toContain('Signed in as demo');
    expect(document.body.textContent).toContain('Supervisor');
    // The supervisor's menu: Team first, then Clients; no review queue.
    const links = screen.getAllByRole('link').map((link) => link.textContent);
    expect(links).toEqual(expect.arrayContaining(['Team', 'Clients']));
    expect(links).not.toContain('Review queue');
    expect(window.location.pathname).toBe('/');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByLabelText('Access token');
    expect(screen.getByText('You have signed out.')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('comes back signed in after a reload while the token is good, and not once it has expired', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ items: [], nextCursor: null })),
    );
    sessionStorage.setItem(TOKEN_KEY, good);
    const { unmount } = render(<App loadConfig={local} />);
    await screen.findByRole('button', { name: 'Sign out' });
    unmount();
    sessionStorage.setItem(TOKEN_KEY, jwt({ sub: 'demo', 'custom:tenant': 'local', 'cognito:groups': ['clinician'], exp: 1000 }));
    render(<App loadConfig={local} />);
    await screen.findByLabelText('Access token');
    await waitFor(() => expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull());
  });
});
