// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptPage, Turn } from '../../schemas/transcript.js';
import { type Api, ApiContext, ApiError } from '../../web/src/api.js';
import { SignModal } from '../../web/src/pages/session/SignModal.js';
import { Transcript } from '../../web/src/pages/session/Transcript.js';

afterEach(cleanup);

const TOTAL = 600;
const turn = (index: number): Turn => ({
  id: `t${String(index + 1).padStart(4, '0')}`,
  role: index % 2 === 0 ? 'therapist' : 'client',
  speaker: index % 2 === 0 ? 'Therapist' : 'Client',
  text: `Words of turn ${index + 1}.`,
});

/** The API's transcript pages for a 600-turn session: `?turnsFrom=&turnsLimit=` as the server reads them. */
function pages(asked: number[]) {
  return async (path: string): Promise<TranscriptPage> => {
    const query = new URLSearchParams(path.slice(path.indexOf('?') + 1));
    const from = Number(query.get('turnsFrom') ?? 0);
    const limit = Number(query.get('turnsLimit') ?? 500);
    asked.push(from);
    const turns = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - from)) }, (_, i) => turn(from + i));
    const end = from + turns.length;
    return {
      format: 'text',
      turns,
      roleAssignment: { method: 'explicit', confidence: 1, speakers: { Therapist: 'therapist', Client: 'client' }, basis: 'labels' },
      timed: false,
      warnings: [],
      page: {
        turnsFrom: from,
        turns: turns.length,
        totalTurns: TOTAL,
        ...(end < TOTAL ? { next: `/sessions/s1?include=transcript&turnsFrom=${end}&turnsLimit=${limit}` } : {}),
      },
    };
  };
}

const rows = () => screen.getByRole('region', { name: 'Transcript, 600 turns' }).querySelectorAll('li');
const focusedTurn = () => (document.activeElement as HTMLElement | null)?.dataset.turnId;

describe('the virtualised transcript', () => {
  it('renders a window of a 600-turn transcript, not every turn', async () => {
    // Arrange
    const asked: number[] = [];

    // Act
    render(<Transcript sessionId="s1" fetchPage={pages(asked)} />);

    // Assess
    await screen.findByRole('region', { name: 'Transcript, 600 turns' });
    await waitFor(() => expect(rows()[0]?.dataset.turnId).toBe('t0001'));
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('600');
    expect(asked).toEqual([0]);
  });

  it('jumps to a cited turn on a page not loaded yet: loads it, highlights the cited turns and focuses the first', async () => {
    // Arrange
    const asked: number[] = [];
    const { rerender } = render(<Transcript sessionId="s1" fetchPage={pages(asked)} />);
    await screen.findByRole('region', { name: 'Transcript, 600 turns' });

    // Act
    rerender(<Transcript sessionId="s1" fetchPage={pages(asked)} jump={{ turnIds: ['t0452', 't0450'], seq: 1, highlight: true }} />);

    // Assess
    await waitFor(() => expect(focusedTurn()).toBe('t0450'));
    const cited = [...rows()].filter((row) => row.dataset.cited === 'true').map((row) => row.dataset.turnId);
    expect(cited).toEqual(['t0450', 't0452']);
    expect(rows().length).toBeLessThan(40);
    expect(asked.some((from) => from <= 449 && from + 200 > 449)).toBe(true);
  });

  it('goes to a turn by its number, and says which numbers there are', async () => {
    // Arrange
    render(<Transcript sessionId="s1" fetchPage={pages([])} />);
    await screen.findByRole('region', { name: 'Transcript, 600 turns' });
    const field = screen.getByLabelText('Go to turn');

    // Act
    fireEvent.change(field, { target: { value: '601' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go to turn' }));
    const refused = await screen.findByText('Enter a turn number from 1 to 600.');
    fireEvent.change(field, { target: { value: '600' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go to turn' }));

    // Assess
    expect(refused).toBeTruthy();
    await waitFor(() => expect(focusedTurn()).toBe('t0600'));
    expect(rows()[rows().length - 1]?.dataset.turnId).toBe('t0600');
  });
});

/** An API whose sign answers as the server would: 409 without acknowledgeRisk when risk needs it, else the signed version. */
function signingApi(sent: unknown[]): Api {
  const refuse = () => Promise.reject(new ApiError({ type: 'about:blank', title: 'Not here', status: 500 }));
  return {
    get: refuse,
    getText: refuse,
    upload: refuse,
    async send<T>(_method: string, _path: string, body?: unknown) {
      sent.push(body);
      const request = body as { version: number; acknowledgeRisk?: boolean };
      if (request.acknowledgeRisk !== true) {
        throw new ApiError({
          type: 'https://attune.dev/problems/conflict',
          title: 'Conflict with the current state',
          status: 409,
          detail: 'the note cannot be signed yet: the note has risk statements: read them and the turns they cite, then sign with acknowledgeRisk: true',
          errors: [{ pointer: '/acknowledgeRisk' }],
        });
      }
      return {
        version: request.version,
        signature: { version: request.version, signedBy: 'demo', signedAt: '2026-12-07T12:00:00Z', sha256: 'a'.repeat(64) },
      } as T;
    },
  };
}

const withApi = (api: Api, child: ReactNode) => <ApiContext.Provider value={api}>{child}</ApiContext.Provider>;

describe('the sign dialog', () => {
  it('holds Sign until the risk review is ticked, then sends acknowledgeRisk with the version', async () => {
    // Arrange
    const sent: unknown[] = [];
    const signed: number[] = [];
    render(
      withApi(
        signingApi(sent),
        <SignModal visible sessionId="s1" version={2} needsAcknowledgement onDismiss={() => {}} onStale={() => {}} onSigned={(v) => signed.push(v.version)} />,
      ),
    );
    const sign = () => screen.getAllByRole('button', { name: 'Sign note' }).at(-1)!;

    // Act
    const disabledBefore = sign().getAttribute('aria-disabled') === 'true' || (sign() as HTMLButtonElement).disabled;
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: /^I have reviewed the risk statements and the turns they cite/ }));
    });
    await act(async () => {
      fireEvent.click(sign());
    });

    // Assess
    expect(disabledBefore).toBe(true);
    await waitFor(() => expect(signed).toEqual([2]));
    expect(sent).toEqual([{ version: 2, acknowledgeRisk: true }]);
  });

  it('asks for no acknowledgement when the note and session have no risk, and shows a refusal as the API words it', async () => {
    // Arrange: this API refuses any signature without acknowledgeRisk, as it would if the session had gained risk
    const sent: unknown[] = [];
    render(
      withApi(
        signingApi(sent),
        <SignModal visible sessionId="s1" version={1} needsAcknowledgement={false} onDismiss={() => {}} onStale={() => {}} onSigned={() => {}} />,
      ),
    );

    // Act
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Sign note' }).at(-1)!);
    });

    // Assess
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(await screen.findByText(/then sign with acknowledgeRisk: true/)).toBeTruthy();
    expect(screen.getByText('/acknowledgeRisk')).toBeTruthy();
    expect(sent).toEqual([{ version: 1 }]);
  });
});
