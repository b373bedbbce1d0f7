// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Cite } from '../../web/src/components/Cite.js';
import { NavProvider, type Route, useNav } from '../../web/src/nav.js';
import { homeFor, menuFor } from '../../web/src/shell/menus.js';

afterEach(cleanup);

function Where(): React.ReactNode {
  const { route, go } = useNav();
  return (
    <div>
      <output aria-label="route">{JSON.stringify(route)}</output>
      <button type="button" onClick={() => go({ page: 'client', clientId: 'jordan' })}>
        Open client
      </button>
      <Cite sessionId="2026-09-15" turnIds={['t0012', 't0013']} />
    </div>
  );
}

describe('in-memory navigation', () => {
  it('changes the page without writing the history, the address or the title', () => {
    window.history.replaceState(null, '', '/');
    document.title = 'Attune';
    const before = { length: window.history.length, href: window.location.href };
    render(
      <NavProvider initial={{ page: 'queue' }}>
        <Where />
      </NavProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open client' }));
    expect(JSON.parse(screen.getByLabelText('route').textContent!)).toEqual({ page: 'client', clientId: 'jordan' });
    fireEvent.click(screen.getByRole('button', { name: 'Open the transcript at turn t0013' }));
    const route = JSON.parse(screen.getByLabelText('route').textContent!) as Route;
    expect(route).toEqual({ page: 'session', sessionId: '2026-09-15', turnId: 't0013' });
    expect(window.history.length).toBe(before.length);
    expect(window.location.href).toBe(before.href);
    expect(window.location.pathname).toBe('/');
    expect(window.location.href).not.toContain('jordan');
    expect(document.title).toBe('Attune');
  });

  it('puts the title back to "Attune" if anything changed it', () => {
    render(
      <NavProvider initial={{ page: 'queue' }}>
        <Where />
      </NavProvider>,
    );
    document.title = 'jordan - session';
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Open client' }));
    });
    expect(document.title).toBe('Attune');
  });
});

describe('menus by role', () => {
  it('lists each role its pages and home', () => {
    expect(menuFor(['clinician']).map((item) => item.text)).toEqual(['Review queue', 'Clients', 'New session']);
    expect(menuFor(['supervisor']).map((item) => item.text)).toEqual(['Team', 'Clients']);
    expect(menuFor(['admin']).map((item) => item.text)).toEqual(['Review queue', 'Clients', 'Admin']);
    expect(menuFor(['clinician', 'admin']).map((item) => item.text)).toEqual(['Review queue', 'Clients', 'New session', 'Admin']);
    expect(homeFor(['clinician'])).toEqual({ page: 'queue' });
    expect(homeFor(['supervisor'])).toEqual({ page: 'team' });
    expect(homeFor(['admin'])).toEqual({ page: 'queue' });
  });
});
