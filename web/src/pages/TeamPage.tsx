/**
 * The supervisor's home page: every client of the tenant with alliance scores, trends, rupture alerts,
 * flags and risk levels, and a client's sessions with their scores. Never text: the API gives supervisors
 * none, and the rows (pages/team/logic.ts) copy only scores, levels, counts, dates, ids and kinds.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useState } from 'react';
import type { z } from 'zod';
import type { ClientAllianceSchema, ClientPageSchema, SessionPageSchema } from '../../../schemas/api.js';
import { type Api, useApi } from '../api.js';
import { AllianceBand } from '../components/AllianceBand.js';
import { EmptyState } from '../components/EmptyState.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { useLoad } from '../components/useLoad.js';
import { useNav } from '../nav.js';
import { categoryLabel, formatDay } from './queue/logic.js';
import {
  type AllianceInput,
  DIMENSIONS,
  DIRECTION_LABELS,
  flagLabel,
  sortTeamRows,
  type TeamRow,
  type TeamSessionRow,
  teamRow,
  teamSessionRow,
} from './team/logic.js';

type ClientPage = z.infer<typeof ClientPageSchema>;
type ClientAlliance = z.infer<typeof ClientAllianceSchema>;
type SessionPage = z.infer<typeof SessionPageSchema>;

const MAX_PAGES = 10;
/** Alliance series read at once: enough to be quick, few enough not to crowd the API. */
const CONCURRENCY = 4;

async function allPages<T>(read: (cursor?: string) => Promise<{ items: T[]; cursor?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await read(cursor);
    items.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  return items;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

async function loadTeam(api: Api): Promise<TeamRow[]> {
  const clients = await allPages<ClientPage['items'][number]>((cursor) =>
    api.get<ClientPage>(`/clients?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  );
  const rows = await mapLimited(clients, CONCURRENCY, async (client) => {
    let alliance: AllianceInput | undefined;
    try {
      alliance = await api.get<ClientAlliance>(`/clients/${encodeURIComponent(client.clientId)}/alliance`);
    } catch {
      alliance = undefined; // the row shows the listing's risk without the alliance columns
    }
    return teamRow(client, alliance);
  });
  return sortTeamRows(rows);
}

function score(value: number | null): string {
  return value === null ? '—' : String(Math.round(value));
}

function Flags(props: { flags: TeamRow['flags'] }): ReactNode {
  if (props.flags.length === 0) return <>None</>;
  const counts = new Map<string, { type: string; severity: string; count: number }>();
  for (const flag of props.flags) {
    const key = `${flag.type}|${flag.severity}`;
    const seen = counts.get(key);
    if (seen) seen.count += 1;
    else counts.set(key, { ...flag, count: 1 });
  }
  return (
    <SpaceBetween size="xxxs">
      {[...counts].map(([key, flag]) => (
        <Box key={key} variant="span" display="block">
          {flagLabel(flag.type)} ({flag.severity}){flag.count > 1 ? ` ×${flag.count}` : ''}
        </Box>
      ))}
    </SpaceBetween>
  );
}

function ClientSessions(props: { clientId: string; onClose: () => void }): ReactNode {
  const api = useApi();
  const { go } = useNav();
  const loaded = useLoad(
    () =>
      allPages<SessionPage['items'][number]>((cursor) =>
        api.get<SessionPage>(`/clients/${encodeURIComponent(props.clientId)}/sessions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      ).then((sessions) => sessions.map(teamSessionRow)),
    [api, props.clientId],
  );
  return (
    <SpaceBetween size="s">
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      <Table<TeamSessionRow>
        variant="container"
        ariaLabels={{ tableLabel: `Sessions of client ${props.clientId}` }}
        header={
          <Header
            variant="h2"
            counter={loaded.data ? `(${loaded.data.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button onClick={() => go({ page: 'client', clientId: props.clientId })}>Open the client</Button>
                <Button onClick={props.onClose}>Close</Button>
              </SpaceBetween>
            }
          >
            Sessions of client {props.clientId}
          </Header>
        }
        loading={loaded.loading && !loaded.data}
        loadingText="Loading the sessions"
        items={loaded.data ?? []}
        trackBy="sessionId"
        wrapLines
        empty={<EmptyState title="No sessions" detail="This client has no sessions." />}
        columnDefinitions={[
          {
            id: 'date',
            header: 'Session date',
            minWidth: 130,
            cell: (row) => (
              <Button
                variant="inline-link"
                ariaLabel={`Open the session of ${props.clientId} on ${formatDay(row.sessionDate)}`}
                onClick={() => go({ page: 'session', sessionId: row.sessionId })}
              >
                {formatDay(row.sessionDate)}
              </Button>
            ),
          },
          { id: 'status', header: 'Status', cell: (row) => row.status.charAt(0) + row.status.slice(1).toLowerCase().replace(/_/g, ' ') },
          { id: 'overall', header: 'Alliance', minWidth: 130, cell: (row) => <AllianceBand score={row.overall} showScore /> },
          ...DIMENSIONS.map((dimension) => ({
            id: dimension.key,
            header: dimension.label,
            cell: (row: TeamSessionRow) => score(row.dimensions[dimension.key] ?? null),
          })),
          { id: 'risk', header: 'Risk', minWidth: 150, cell: (row) => <RiskBadge level={row.riskLevel} /> },
          {
            id: 'categories',
            header: 'Risk categories',
            cell: (row) => (row.riskCategories.length > 0 ? `${row.riskCategories.map(categoryLabel).join(', ')} (${row.riskFindings} findings)` : '—'),
          },
          { id: 'review', header: 'Awaiting review', cell: (row) => (row.awaitingReview ? 'Yes' : 'No') },
          { id: 'signed', header: 'Note signed', cell: (row) => (row.noteSigned ? 'Yes' : 'No') },
        ]}
      />
    </SpaceBetween>
  );
}

export function TeamPage(): ReactNode {
  const api = useApi();
  const [selected, setSelected] = useState<string>();
  const loaded = useLoad(() => loadTeam(api), [api]);
  const rows = loaded.data ?? [];
  const awaiting = rows.reduce((sum, row) => sum + row.awaitingReview, 0);

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Alliance scores, trends, flags and risk levels of every client of your team. Scores and levels only: no note text, no transcripts, no quotes."
        actions={
          <Button iconName="refresh" ariaLabel="Refresh the team view" onClick={loaded.reload}>
            Refresh
          </Button>
        }
      >
        Team
      </Header>
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      <Table<TeamRow>
        variant="container"
        ariaLabels={{ tableLabel: 'Clients of the team' }}
        header={
          <Header
            variant="h2"
            counter={loaded.data ? `(${rows.length})` : undefined}
            description={loaded.data ? `${awaiting} ${awaiting === 1 ? 'session awaits' : 'sessions await'} review across the team.` : undefined}
          >
            Clients
          </Header>
        }
        loading={loaded.loading && !loaded.data}
        loadingText="Loading the team's clients"
        items={rows}
        trackBy="clientId"
        wrapLines
        // Ten columns are wider than a laptop's screen: the client stays in view while the table scrolls sideways.
        stickyColumns={{ first: 1 }}
        empty={<EmptyState title="No clients yet" detail="Clients appear here once a clinician of the team adds their first session." />}
        columnDefinitions={[
          { id: 'client', header: 'Client', cell: (row) => row.clientId },
          { id: 'clinician', header: 'Clinician', cell: (row) => row.clinicianId || 'Unassigned' },
          { id: 'scored', header: 'Scored sessions', cell: (row) => (row.scoredSessions === null ? '—' : row.scoredSessions) },
          { id: 'alliance', header: 'Latest alliance', minWidth: 130, cell: (row) => <AllianceBand score={row.latestScore} showScore /> },
          { id: 'trend', header: 'Trend', cell: (row) => (row.direction ? (DIRECTION_LABELS[row.direction] ?? row.direction) : '—') },
          { id: 'ruptures', header: 'Rupture alerts', cell: (row) => row.ruptureAlerts },
          { id: 'flags', header: 'Flags', cell: (row) => <Flags flags={row.flags} /> },
          { id: 'risk', header: 'Latest risk', minWidth: 150, cell: (row) => <RiskBadge level={row.riskLevel} /> },
          { id: 'riskAlerts', header: 'Risk alerts', cell: (row) => row.riskAlerts },
          { id: 'review', header: 'Awaiting review', cell: (row) => row.awaitingReview },
          {
            id: 'sessions',
            header: 'Sessions',
            minWidth: 170,
            cell: (row) => (
              <Button ariaLabel={`Show sessions of client ${row.clientId}`} onClick={() => setSelected(row.clientId)} ariaExpanded={selected === row.clientId}>
                Show sessions
              </Button>
            ),
          },
        ]}
      />
      {selected && <ClientSessions key={selected} clientId={selected} onClose={() => setSelected(undefined)} />}
    </SpaceBetween>
  );
}
