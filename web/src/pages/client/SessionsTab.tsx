import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api.js';
import { AllianceBand, EmptyState, ProblemAlert, RiskBadge } from '../../components/index.js';
import { useNav } from '../../nav.js';
import type { SessionItem, SessionList } from './types.js';

const PAGE_SIZE = 50;

const STATUS: Readonly<Record<string, { type: StatusIndicatorProps.Type; label: string }>> = {
  AWAITING_UPLOAD: { type: 'pending', label: 'Awaiting upload' },
  RECEIVED: { type: 'in-progress', label: 'Received' },
  TRANSCRIBING: { type: 'in-progress', label: 'Transcribing' },
  ANALYZING: { type: 'in-progress', label: 'Analysing' },
  COMPLETED: { type: 'success', label: 'Completed' },
  FAILED: { type: 'error', label: 'Failed' },
};

export function SessionStatus(props: { status: string }): ReactNode {
  const status = STATUS[props.status] ?? { type: 'info' as const, label: props.status };
  return <StatusIndicator type={status.type}>{status.label}</StatusIndicator>;
}

/** The client's sessions, newest first, a page at a time; each opens the session. */
export function SessionsTab(props: { clientId: string }): ReactNode {
  const api = useApi();
  const { go } = useNav();
  const [items, setItems] = useState<SessionItem[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);

  const load = useCallback(
    async (after: string | undefined) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.get<SessionList>(
          `/clients/${encodeURIComponent(props.clientId)}/sessions?limit=${PAGE_SIZE}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`,
        );
        setItems((previous) => (after ? [...previous, ...page.items] : page.items));
        setCursor(page.cursor);
      } catch (caught) {
        setError(caught);
      } finally {
        setLoading(false);
      }
    },
    [api, props.clientId],
  );

  useEffect(() => {
    void load(undefined);
  }, [load]);

  return (
    <SpaceBetween size="m">
      {error !== undefined && (
        <ProblemAlert error={error} action={<Button onClick={() => void load(items.length > 0 ? cursor : undefined)}>Try again</Button>} />
      )}
      <Table<SessionItem>
        ariaLabels={{ tableLabel: 'Sessions' }}
        header={
          <Header variant="h2" counter={`(${items.length}${cursor ? '+' : ''})`}>
            Sessions
          </Header>
        }
        items={items}
        trackBy="sessionId"
        loading={loading && items.length === 0}
        loadingText="Loading sessions"
        empty={<EmptyState title="No sessions yet" detail="Create a session for this client to see it here." />}
        columnDefinitions={[
          {
            id: 'date',
            header: 'Date',
            isRowHeader: true,
            cell: (session) => (
              <Button
                variant="inline-link"
                ariaLabel={`Open session ${session.sessionDate ?? session.sessionId}`}
                onClick={() => go({ page: 'session', sessionId: session.sessionId })}
              >
                {session.sessionDate ?? session.sessionId}
              </Button>
            ),
          },
          { id: 'status', header: 'Status', cell: (session) => <SessionStatus status={session.status} /> },
          {
            id: 'risk',
            header: 'Risk',
            cell: (session) => (
              <SpaceBetween size="xxs">
                <RiskBadge level={session.risk?.highestLevel} />
                {session.awaitingReview && <Box variant="small">Awaiting review</Box>}
              </SpaceBetween>
            ),
          },
          {
            id: 'alliance',
            header: 'Alliance',
            cell: (session) => (session.status === 'COMPLETED' ? <AllianceBand score={session.overall} showScore /> : '—'),
          },
          {
            id: 'note',
            header: 'Note',
            cell: (session) =>
              session.status !== 'COMPLETED' ? (
                '—'
              ) : session.noteSigned ? (
                <StatusIndicator type="success">Signed</StatusIndicator>
              ) : (
                <StatusIndicator type="pending">Not signed</StatusIndicator>
              ),
          },
        ]}
        footer={
          cursor ? (
            <Box textAlign="center">
              <Button loading={loading} onClick={() => void load(cursor)}>
                Load more sessions
              </Button>
            </Box>
          ) : undefined
        }
      />
    </SpaceBetween>
  );
}
