// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../web/src/App.js';
import { TOKEN_KEY } from '../../web/src/auth.js';
import { loadConfig } from '../../web/src/config.js';

// The pages are their owners' (and tested there): stand-ins that only show a heading, and one that asks the API.
vi.mock('../../web/src/pages/TeamPage.js', () => ({ TeamPage: () => <h1>Team</h1> }));
vi.mock('../../web/src/pages/ClientsPage.js', () => ({ ClientsPage: () => <h1>Clients</h1> }));
vi.mock('../../web/src/pages/QueuePage.js', async () => {
  const { useApi } = await import('../../web/src/api.js');
  const { useEffect } = await import('react');
  return {
    QueuePage: () => {
      const api = useApi();
      useEffect(() => {
        api.get('/sessions').catch(() => {});
      }, [api]);
      return <h1>Review queue</h1>;
    },
  };
});

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

describe('the end of a session', () => {
  const local = async () => ({ ok: true as const, config: { apiBase: '', auth: { mode: 'local' as const }, idleMinutes: 15 } });
  const clinician = (exp: number) => jwt({ sub: 'demo', 'custom:tenant': 'local', 'cognito:groups': ['clinician'], exp });

  it('signs out when the API answers 401 to a page, saying the session ended', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json({ type: 'https://attune.dev/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'expired' }, 401, 'application/problem+json'),
      ),
    );
    sessionStorage.setItem(TOKEN_KEY, clinician(Math.floor(Date.now() / 1000) + 3600));
    render(<App loadConfig={local} />);
    await screen.findByText('Your session ended; sign in again.');
    expect(screen.getByLabelText('Access token')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("signs out when the token's exp passes", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ items: [] })),
    );
    // Expires in two seconds (the restore keeps tokens with more than five seconds left, so sign in instead).
    render(<App loadConfig={local} />);
    const token = clinician(Math.floor(Date.now() / 1000) + 2);
    fireEvent.change(await screen.findByLabelText('Access token'), { target: { value: token } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('button', { name: 'Sign out' });
    await screen.findByText('Your session ended; sign in again.', undefined, { timeout: 5000 });
  });
});
