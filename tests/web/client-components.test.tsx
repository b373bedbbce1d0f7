// @vitest-environment happy-dom
/**
 * The Client page's tabs rendered with an API that answers from memory: the measure form puts a 400 on the
 * field it names and shows a stored score once the series is read again, a supervisor's plan (no text)
 * renders by number with no edit, and the brief puts risk first.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../schemas/api.js';
import type { RiskSummary } from '../../schemas/risk.js';
import { type Api, ApiContext, ApiError } from '../../web/src/api.js';
import { SessionContext } from '../../web/src/auth.js';
import { NavProvider } from '../../web/src/nav.js';
import { ClientsPage } from '../../web/src/pages/ClientsPage.js';
import { AllianceTab } from '../../web/src/pages/client/AllianceTab.js';
import { BriefTab } from '../../web/src/pages/client/BriefTab.js';
import { MeasuresTab } from '../../web/src/pages/client/MeasuresTab.js';
import { PlanTab } from '../../web/src/pages/client/PlanTab.js';
import type { ClientAlliance, ClientList, MeasuresAnswer, PlanAnswer } from '../../web/src/pages/client/types.js';

afterEach(cleanup);

interface Sent {
  method: string;
  path: string;
  body: unknown;
  idempotencyKey?: string;
}

/** An Api whose GETs answer from `answers` (a function of the path) and whose sends go to `send`. */
function memoryApi(answers: (path: string) => unknown, send: (request: Sent) => unknown = () => undefined): Api {
  return {
    get: async <T,>(path: string) => answers(path) as T,
    getText: async () => '',
    send: async <T,>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options?: { idempotencyKey?: string }) =>
      send({ method, path, body, idempotencyKey: options?.idempotencyKey }) as T,
    upload: async () => undefined,
  };
}

function Signed(props: { api: Api; roles: Role[]; children: ReactNode }): ReactNode {
  return (
    <ApiContext.Provider value={props.api}>
      <SessionContext.Provider value={{ user: 'demo', tenant: 'local', roles: props.roles, signOut: () => undefined }}>
        <NavProvider initial={{ page: 'client', clientId: 'jordan' }}>{props.children}</NavProvider>
      </SessionContext.Provider>
    </ApiContext.Provider>
  );
}

const phqPoint = (value: number, date: string, band: string, entered = false) => ({
  instrument: 'PHQ-9' as const,
  ratingOf: null,
  value,
  band,
  date,
  ...(entered ? { source: 'client_self_report' as const } : { session: date, turnId: 't0020' }),
});

function measures(points: ReturnType<typeof phqPoint>[]): MeasuresAnswer {
  return {
    clientId: 'jordan',
    series: [{ instrument: 'PHQ-9', ratingOf: null, scale: { min: 0, max: 27 }, points, change: null, criteria: null }],
    entered: [],
  };
}

/** Picks an option of the Cloudscape Select in the form field labelled `label` (Cloudscape's own test utilities). */
async function choose(label: string, value: string): Promise<void> {
  const field = createWrapper()
    .findAllFormFields()
    .find((candidate) => candidate.findLabel()?.getElement().textContent === label);
  const select = field?.findControl()?.findSelect();
  if (!select) throw new Error(`no select labelled ${label}`);
  await act(async () => select.openDropdown());
  await act(async () => select.selectOptionByValue(value));
}

function fill(label: string, value: string): void {
  const field = screen.getByLabelText(label, { exact: true, selector: 'input' });
  fireEvent.change(field, { target: { value } });
}

describe('the measure form', () => {
  it('puts a 400 on the field it names, then shows a stored score in the series read again', async () => {
    const stored = [phqPoint(16, '2026-09-01', 'moderately severe')];
    const sent: Sent[] = [];
    const api = memoryApi(
      () => measures(stored),
      (request) => {
        sent.push(request);
        const body = request.body as { value: number; date: string };
        if (body.value > 27)
          throw new ApiError({
            type: 'https://attune.dev/problems/invalid-request',
            title: 'The request is not valid',
            status: 400,
            detail: 'the measure is not valid: value: PHQ-9 scores run from 0 to 27',
            errors: [{ pointer: '/value', detail: 'value: PHQ-9 scores run from 0 to 27' }],
          });
        stored.push(phqPoint(body.value, body.date, 'mild', true));
        return { clientId: 'jordan', measureId: 'm1', enteredAt: '2026-10-01T00:00:00Z' };
      },
    );
    render(
      <Signed api={api} roles={['clinician']}>
        <MeasuresTab clientId="jordan" />
      </Signed>,
    );
    await screen.findByRole('table', { name: 'PHQ-9 scores' });

    await choose('Instrument', 'PHQ-9');
    fill('Score', '40');
    fill('Date taken', '2026-10-01');
    await choose('Source', 'client_self_report');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Store the score' })));

    const score = screen.getByLabelText('Score', { exact: true, selector: 'input' });
    await waitFor(() => expect(score.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (score.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(describedBy.join(' ')).toContain('PHQ-9 scores run from 0 to 27');
    expect(screen.queryByText('The request is not valid')).toBeNull();

    fill('Score', '7');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Store the score' })));
    await screen.findByText('Stored: PHQ-9 7 on 2026-10-01.');
    const table = await screen.findByRole('table', { name: 'PHQ-9 scores' });
    await waitFor(() => expect(within(table).getByText('Entered (client self-report)')).toBeTruthy());
    expect(sent.map((request) => [request.method, request.path, request.body])).toEqual([
      ['POST', '/clients/jordan/measures', { instrument: 'PHQ-9', value: 40, date: '2026-10-01', source: 'client_self_report' }],
      ['POST', '/clients/jordan/measures', { instrument: 'PHQ-9', value: 7, date: '2026-10-01', source: 'client_self_report' }],
    ]);
    // A changed submission is a new one: it carries its own Idempotency-Key.
    expect(sent[0]!.idempotencyKey).toBeTruthy();
    expect(sent[1]!.idempotencyKey).not.toBe(sent[0]!.idempotencyKey);
  });

  it('is not offered to a supervisor', async () => {
    render(
      <Signed api={memoryApi(() => measures([phqPoint(16, '2026-09-01', 'moderately severe')]))} roles={['supervisor']}>
        <MeasuresTab clientId="jordan" />
      </Signed>,
    );
    await screen.findByRole('table', { name: 'PHQ-9 scores' });
    expect(screen.queryByText('Enter a score')).toBeNull();
  });
});

describe("a supervisor's plan", () => {
  it('renders goals by number with statuses and citations, no text and no edit', async () => {
    const answer = {
      clientId: 'jordan',
      sessions: [{ session: '2026-09-01', date: '2026-09-01' }],
      version: { source: 'computed', version: 0, signed: false },
      goals: [
        {
          id: 'goal-1',
          wordsOf: 'client',
          measurableEvidence: [],
          status: 'met',
          history: [{ session: '2026-09-01', date: '2026-09-01', status: 'introduced', turnIds: ['t0035'] }],
          evidence: [{ session: '2026-09-01', turnId: 't0035' }],
        },
      ],
      plan: {
        status: 'draft',
        problems: [{ kind: 'finding', evidence: [{ session: '2026-09-01', turnId: 't0008' }] }],
        goals: [{ goalId: 'goal-1', objectives: [{ kind: 'gap', evidence: [] }], evidence: [{ session: '2026-09-01', turnId: 't0035' }] }],
        interventions: [{ state: 'used', sessions: ['2026-09-01'], evidence: [{ session: '2026-09-01', turnId: 't0005' }] }],
        gaps: [],
      },
      measures: [],
      measureSeries: [],
      goalAgreement: null,
    } satisfies PlanAnswer;
    const { container } = render(
      <Signed api={memoryApi(() => answer)} roles={['supervisor']}>
        <PlanTab clientId="jordan" />
      </Signed>,
    );
    await screen.findByRole('table', { name: 'Status of Goal 1 by session' });
    expect(container.textContent).toContain('Problem 1');
    expect(container.textContent).toContain('Intervention 1: used in 2026-09-01');
    expect(container.textContent).toContain('Gap: nothing found');
    expect(screen.getAllByRole('button', { name: 'Open the transcript at turn t0035' }).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Edit plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign plan' })).toBeNull();
  });
});

describe('the brief', () => {
  it('puts risk first whatever order the lines come in, each line with its citations', async () => {
    const answer = {
      clientId: 'jordan',
      brief: {
        afterSession: '2026-09-29',
        lines: [
          { topic: 'homework', text: 'Homework reviewed.', kind: 'finding', evidence: [{ session: '2026-09-29', turnId: 't0005' }] },
          { topic: 'risk', text: 'Risk: followed up.', kind: 'finding', evidence: [{ session: '2026-09-08', turnId: 't0017' }] },
        ],
      },
    };
    render(
      <Signed api={memoryApi(() => answer)} roles={['clinician']}>
        <BriefTab clientId="jordan" />
      </Signed>,
    );
    const list = await screen.findByRole('list', { name: 'Brief' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Risk: followed up.');
    expect(within(items[0]!).getByRole('button', { name: 'Open session 2026-09-08' })).toBeTruthy();
    expect(items[1]!.textContent).toContain('Homework reviewed.');
  });
});

describe('the clients table', () => {
  const none: RiskSummary = { reviewRequired: false, highestLevel: 'none', categories: [], assessment: 'not_applicable', findings: 0, denials: 0 };
  const trend = (scores: number[]) => ({
    direction: 'stable' as const,
    slopePerSession: null,
    baseline: null,
    latest: null,
    points: scores.map((score, i) => ({ sessionId: `2026-09-0${i + 1}`, date: `2026-09-0${i + 1}`, score })),
  });

  it('says there are no clients yet, and how to make one', async () => {
    const { container } = render(
      <Signed api={memoryApi(() => ({ items: [] }) satisfies ClientList)} roles={['clinician']}>
        <ClientsPage />
      </Signed>,
    );
    await screen.findByText('No clients yet — create a session');
    expect(within(container).getAllByRole('button', { name: 'New session' }).length).toBeGreaterThan(0);
  });

  it("shows each client's last session, band, highest open risk and a named sparkline", async () => {
    const clients: ClientList = {
      items: [
        {
          clientId: 'jordan',
          clinicianId: 'demo',
          createdAt: '2026-09-01T00:00:00Z',
          risk: { awaitingReview: 1, latest: { sessionId: '2026-09-03', sessionDate: '2026-09-03', summary: none } },
        },
      ],
    };
    const alliance: ClientAlliance = {
      clientId: 'jordan',
      scoredSessions: 3,
      series: {
        sessions: [1, 2, 3].map((n) => ({ sessionId: `2026-09-0${n}`, date: `2026-09-0${n}` })),
        overall: trend([70, 55, 80]),
        dimensions: {
          therapeuticFramework: trend([70, 55, 80]),
          sessionManagement: trend([70, 55, 80]),
          therapeuticRelationship: trend([70, 55, 80]),
          therapeuticProcess: trend([70, 55, 80]),
          collaborativeProgress: trend([70, 55, 80]),
        },
        ruptureAlerts: [],
        flags: [],
        risk: {
          sessions: [
            { sessionId: '2026-09-02', date: '2026-09-02', highestLevel: 'low', categories: ['passive_ideation'], reviewRequired: true },
            { sessionId: '2026-09-03', date: '2026-09-03', highestLevel: 'none', categories: [], reviewRequired: false },
          ],
          alerts: [],
        },
      },
    };
    const { container } = render(
      <Signed api={memoryApi((path) => (path.startsWith('/clients?') ? clients : alliance))} roles={['supervisor']}>
        <ClientsPage />
      </Signed>,
    );
    await screen.findByRole('img', { name: 'Overall alliance of jordan over 3 sessions: 70, 55, 80' });
    const row = within(container).getByRole('button', { name: 'Open client jordan' }).closest('tr')!;
    expect(row.textContent).toContain('2026-09-03');
    expect(row.textContent).toContain('Strong alliance 80');
    expect(row.textContent).toContain('Low risk');
    expect(row.textContent).toContain('1 session awaiting review');
    expect(within(container).queryByRole('button', { name: 'New session' })).toBeNull();
  });
});

describe('errors and empty answers', () => {
  const refused = new ApiError({
    type: 'https://attune.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'Something failed on our side; try again.',
    instance: 'req-7',
  });

  it('shows the API’s problem on the Clients page, and loads again on Try again', async () => {
    let calls = 0;
    const api = memoryApi(() => {
      calls += 1;
      if (calls === 1) throw refused;
      return { items: [] } satisfies ClientList;
    });
    render(
      <Signed api={api} roles={['clinician']}>
        <ClientsPage />
      </Signed>,
    );
    await screen.findByText('Something failed on our side; try again.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try loading the clients again' })));
    await screen.findByText('No clients yet — create a session');
    expect(screen.queryByText('Something failed on our side; try again.')).toBeNull();
  });

  it('says when no session has been scored yet, and shows a refused alliance as the API words it', async () => {
    const { unmount } = render(
      <Signed api={memoryApi(() => ({ clientId: 'jordan', scoredSessions: 0, series: null }) satisfies ClientAlliance)} roles={['clinician']}>
        <AllianceTab clientId="jordan" />
      </Signed>,
    );
    await screen.findByText('No scored sessions yet');
    unmount();
    render(
      <Signed
        api={memoryApi(() => {
          throw refused;
        })}
        roles={['clinician']}
      >
        <AllianceTab clientId="jordan" />
      </Signed>,
    );
    await screen.findByText('Something failed on our side; try again.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('the clients table’s pages', () => {
  it('loads the next page with the cursor the API gave, keeping the clients already shown', async () => {
    const client = (clientId: string) => ({ clientId, clinicianId: 'demo', createdAt: '2026-09-01T00:00:00Z', risk: { awaitingReview: 0, latest: null } });
    const asked: string[] = [];
    const api = memoryApi((path) => {
      asked.push(path);
      if (path === '/clients?limit=50') return { items: [client('ash')], cursor: 'next/1' } satisfies ClientList;
      if (path === '/clients?limit=50&cursor=next%2F1') return { items: [client('birch')] } satisfies ClientList;
      return { clientId: 'x', scoredSessions: 0, series: null } satisfies ClientAlliance;
    });
    render(
      <Signed api={api} roles={['clinician']}>
        <ClientsPage />
      </Signed>,
    );
    await screen.findByRole('button', { name: 'Open client ash' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Load more clients' })));
    await screen.findByRole('button', { name: 'Open client birch' });
    expect(screen.getByRole('button', { name: 'Open client ash' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more clients' })).toBeNull();
    expect(asked.filter((path) => path.startsWith('/clients?'))).toEqual(['/clients?limit=50', '/clients?limit=50&cursor=next%2F1']);
  });
});
