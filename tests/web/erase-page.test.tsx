// @vitest-environment happy-dom
/**
 * The Erase page rendered with an API that answers from memory: the confirmation names what a client's
 * erasure removes and enables erasing only for the exact id; a 409 (still processing) says when to try
 * again; the receipt shows what was removed with counts and offers its JSON.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeletionReceipt } from '../../schemas/api.js';
import { type Api, ApiContext, ApiError } from '../../web/src/api.js';
import { SessionContext } from '../../web/src/auth.js';
import { NavProvider, type Route } from '../../web/src/nav.js';
import { ErasePage } from '../../web/src/pages/ErasePage.js';

afterEach(cleanup);

function Page(props: { api: Api; route: Route }): ReactNode {
  return (
    <ApiContext.Provider value={props.api}>
      <SessionContext.Provider value={{ user: 'demo', tenant: 'local', roles: ['clinician'], signOut: () => undefined }}>
        <NavProvider initial={props.route}>
          <ErasePage />
        </NavProvider>
      </SessionContext.Provider>
    </ApiContext.Provider>
  );
}

const receipt: DeletionReceipt = {
  receiptId: 'r-1',
  tenantId: 'local',
  scope: 'client',
  clientId: 'jordan',
  sessionIds: ['2026-09-01', '2026-09-08'],
  requestedBy: 'demo',
  deletedAt: '2026-12-07T12:32:14.301Z',
  removed: {
    sessionRecords: 2,
    clientRecords: 1,
    artifacts: [
      { kind: 'note', key: 'notes/local/jordan/2026-09-01.json', versions: 1 },
      { kind: 'note', key: 'notes/local/jordan/2026-09-08.json', versions: 1 },
    ],
    uploadVersions: 0,
    idempotencyRecords: 0,
    planRecords: 2,
    measureRecords: 1,
  },
  sha256: 'a'.repeat(64),
};

const sessions = {
  items: [
    { sessionId: '2026-09-08', clientId: 'jordan', sessionDate: '2026-09-08', status: 'COMPLETED' },
    { sessionId: '2026-09-01', clientId: 'jordan', sessionDate: '2026-09-01', status: 'COMPLETED' },
  ],
};

function confirmField(): HTMLInputElement {
  return screen.getByLabelText('To confirm, type the client id “jordan”', { selector: 'input' }) as HTMLInputElement;
}

function eraseButton(): HTMLButtonElement {
  return screen.getByRole('button', { name: 'Erase client' }) as HTMLButtonElement;
}

/** Disabled as assistive technology sees it (a Cloudscape button with a disabled reason stays focusable: aria-disabled). */
function disabled(button: HTMLButtonElement): boolean {
  return button.disabled || button.getAttribute('aria-disabled') === 'true';
}

describe('erasing a client', () => {
  it('names the sessions that go, enables erasing only for the exact id, explains a 409, then shows the receipt', async () => {
    const deletes: string[] = [];
    const api: Api = {
      get: async <T,>() => sessions as T,
      getText: async () => '',
      send: async <T,>(method: string, path: string) => {
        deletes.push(`${method} ${path}`);
        if (deletes.length === 1)
          throw new ApiError({
            type: 'https://attune.dev/problems/conflict',
            title: 'Conflict with the current state',
            status: 409,
            detail: 'session 2026-09-08 is still being processed (ANALYZING); wait until processing completes or fails, then erase',
          });
        return receipt as T;
      },
      upload: async () => undefined,
    };
    render(<Page api={api} route={{ page: 'erase', target: { kind: 'client', clientId: 'jordan' } }} />);

    // What will be removed: the count and ids of the sessions, notes, the plan and the measures
    await screen.findByRole('list', { name: 'Sessions to be erased' });
    expect(screen.getByText('2 sessions, each with its note, transcript, recording and analysis')).toBeTruthy();
    expect(screen.getByText('The treatment plan, with every version')).toBeTruthy();
    expect(screen.getByText('The measures entered for the client')).toBeTruthy();

    // Only the exact id enables erasing
    expect(disabled(eraseButton())).toBe(true);
    for (const typed of ['Jordan', 'jordan ', 'jorda']) {
      fireEvent.change(confirmField(), { target: { value: typed } });
      expect(disabled(eraseButton())).toBe(true);
    }
    fireEvent.change(confirmField(), { target: { value: 'jordan' } });
    expect(disabled(eraseButton())).toBe(false);

    // A 409 while a session is processing says when to try again (the API's Retry-After is 30 s)
    await act(async () => fireEvent.click(eraseButton()));
    await screen.findByText(/Still processing, try again in 30 s\./);
    expect(screen.getByText(/is still being processed/)).toBeTruthy();
    expect(disabled(eraseButton())).toBe(true);
    expect(screen.queryByRole('heading', { name: 'Client erased' })).toBeNull();

    // Once the wait is over, erasing again answers the receipt
    await act(async () => {
      // The countdown is the page's; here the wait is skipped by submitting the form directly.
      fireEvent.submit(confirmField().closest('form') as HTMLFormElement);
    });
    await screen.findByRole('heading', { name: 'Client erased' });
    expect(deletes).toEqual(['DELETE /clients/jordan', 'DELETE /clients/jordan']);
    expect(screen.getByText('r-1')).toBeTruthy();
    expect(screen.getByText('a'.repeat(64))).toBeTruthy();
    expect(screen.getByRole('table', { name: 'What was removed' }).textContent).toMatch(/Sessions2.*Note files2.*Treatment plan records2.*Entered measures1/);
    expect(screen.getByRole('button', { name: 'Copy receipt JSON' })).toBeTruthy();
    await waitFor(() => expect(document.body.textContent).toContain('"receiptId": "r-1"'));
  });
});
