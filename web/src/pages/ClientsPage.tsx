/**
 * Clients: the clients the caller may see (GET /clients, a page at a time), each with its last session, the
 * alliance band of its last scored session, the highest risk still open, the overall alliance as a
 * sparkline and how many sessions were scored (each client's GET /clients/{clientId}/alliance, a few at a
 * time). A supervisor gets the same: nothing here is text of a session.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Api, useApi } from '../api.js';
import { useSession } from '../auth.js';
import { AllianceBand, EmptyState, ProblemAlert, RiskBadge } from '../components/index.js';
import { useNav } from '../nav.js';
import { type ClientRow, clientRow, filterRows, type SortKey, sortRows, type TrendState } from './client/clients.js';
import { Sparkline } from './client/Sparkline.js';
import type { ClientAlliance, ClientItem, ClientList } from './client/types.js';

const PAGE_SIZE = 50;
/** Alliance answers fetched at once. */
const CONCURRENCY = 4;

export function ClientsPage(): ReactNode {
  const api = useApi();
  const { go } = useNav();
  const { roles } = useSession();
  const [clients, setClients] = useState<ClientItem[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const trends = useTrends(api, clients);
  const [filter, setFilter] = useState('');
  const [sorting, setSorting] = useState<{ key: SortKey; descending: boolean }>({ key: 'risk', descending: true });

  const loadPage = useCallback(
    async (after: string | undefined) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.get<ClientList>(`/clients?limit=${PAGE_SIZE}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`);
        setClients((previous) => (after ? [...previous, ...page.items.filter((item) => !previous.some((p) => p.clientId === item.clientId))] : page.items));
        setCursor(page.cursor);
      } catch (caught) {
        setError(caught);
      } finally {
        setLoading(false);
      }
    },
    [api],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's way to load the first page again.
  useEffect(() => {
    void loadPage(undefined);
  }, [loadPage, attempt]);

  const rows = useMemo(() => clients.map((client) => clientRow(client, trends.get(client.clientId))), [clients, trends]);
  const shown = useMemo(() => sortRows(filterRows(rows, filter), sorting.key, sorting.descending), [rows, filter, sorting]);
  const canCreate = roles.includes('clinician') || roles.includes('admin');
  const open = (clientId: string) => go({ page: 'client', clientId });

  const columns: TableProps.ColumnDefinition<ClientRow>[] = [
    {
      id: 'clientId',
      header: 'Client',
      isRowHeader: true,
      sortingField: 'clientId',
      cell: (row) => (
        <Button variant="inline-link" ariaLabel={`Open client ${row.clientId}`} onClick={() => open(row.clientId)}>
          {row.clientId}
        </Button>
      ),
    },
    { id: 'lastSession', header: 'Last session', sortingField: 'lastSession', cell: (row) => row.lastSession ?? pending(row) },
    {
      id: 'lastAlliance',
      header: 'Alliance (last session)',
      sortingField: 'lastAlliance',
      cell: (row) => (row.trend === 'done' ? <AllianceBand score={row.lastAlliance} showScore /> : pending(row)),
    },
    {
      id: 'risk',
      header: 'Highest open risk',
      sortingField: 'risk',
      cell: (row) => (
        <SpaceBetween size="xxs">
          <RiskBadge level={row.risk} />
          {row.awaitingReview > 0 && (
            <Box variant="small">
              {row.awaitingReview} {row.awaitingReview === 1 ? 'session' : 'sessions'} awaiting review
            </Box>
          )}
        </SpaceBetween>
      ),
    },
    {
      id: 'trend',
      header: 'Alliance trend',
      cell: (row) => (row.trend === 'done' ? <Sparkline values={row.values} name={`Overall alliance of ${row.clientId}`} /> : pending(row)),
    },
    { id: 'scoredSessions', header: 'Scored sessions', sortingField: 'scoredSessions', cell: (row) => row.scoredSessions ?? pending(row) },
  ];
  const sortingColumn = columns.find((column) => column.sortingField === sorting.key) ?? columns[0]!;

  return (
    <SpaceBetween size="l">
      {error !== undefined && (
        <ProblemAlert
          error={error}
          action={
            <Button onClick={() => (clients.length === 0 ? setAttempt((n) => n + 1) : void loadPage(cursor))} ariaLabel="Try loading the clients again">
              Try again
            </Button>
          }
        />
      )}
      <Table<ClientRow>
        variant="full-page"
        ariaLabels={{ tableLabel: 'Clients' }}
        header={
          <Header
            variant="h1"
            counter={loading && clients.length === 0 ? undefined : `(${clients.length}${cursor ? '+' : ''})`}
            description="Each client's last session, alliance, risk still open and trend. Open a client for the details."
            actions={canCreate ? <Button onClick={() => go({ page: 'new-session' })}>New session</Button> : undefined}
          >
            Clients
          </Header>
        }
        items={shown}
        trackBy="clientId"
        columnDefinitions={columns}
        loading={loading && clients.length === 0}
        loadingText="Loading clients"
        sortingColumn={sortingColumn}
        sortingDescending={sorting.descending}
        onSortingChange={({ detail }) => {
          const key = detail.sortingColumn.sortingField as SortKey | undefined;
          if (key) setSorting({ key, descending: detail.isDescending ?? false });
        }}
        filter={
          <TextFilter
            filteringText={filter}
            filteringPlaceholder="Find a client by id"
            filteringAriaLabel="Find a client by id"
            countText={`${shown.length} ${shown.length === 1 ? 'match' : 'matches'}`}
            onChange={({ detail }) => setFilter(detail.filteringText)}
          />
        }
        empty={
          filter.trim() !== '' && clients.length > 0 ? (
            <EmptyState
              title="No matching clients"
              detail="No client id holds that text."
              action={<Button onClick={() => setFilter('')}>Clear the filter</Button>}
            />
          ) : (
            <EmptyState
              title="No clients yet — create a session"
              detail="A client appears here with its first session."
              action={canCreate ? <Button onClick={() => go({ page: 'new-session' })}>New session</Button> : undefined}
            />
          )
        }
        footer={
          cursor ? (
            <Box textAlign="center">
              <Button loading={loading} onClick={() => void loadPage(cursor)}>
                Load more clients
              </Button>
            </Box>
          ) : undefined
        }
      />
    </SpaceBetween>
  );
}

function pending(row: ClientRow): ReactNode {
  if (row.trend === 'error') return <StatusIndicator type="warning">Not available</StatusIndicator>;
  if (row.trend === 'loading') return <StatusIndicator type="loading">Loading</StatusIndicator>;
  return '—';
}

/** Each listed client's alliance answer, fetched a few at a time; a failure marks that client's row only. */
function useTrends(api: Api, clients: readonly ClientItem[]): Map<string, TrendState> {
  const [trends, setTrends] = useState<Map<string, TrendState>>(new Map());
  const requested = useRef(new Set<string>());
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    const queue = clients.map((client) => client.clientId).filter((id) => !requested.current.has(id));
    if (queue.length === 0) return;
    for (const id of queue) requested.current.add(id);
    const set = (id: string, state: TrendState) => {
      if (live.current) setTrends((previous) => new Map(previous).set(id, state));
    };
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          set(id, { state: 'done', alliance: await api.get<ClientAlliance>(`/clients/${encodeURIComponent(id)}/alliance`) });
        } catch (error) {
          set(id, { state: 'error', error });
        }
      }
    };
    for (let i = 0; i < CONCURRENCY; i++) void worker();
  }, [api, clients]);

  return trends;
}
