/**
 * The review queue, the clinician's home page: completed sessions whose risk or note asks for review and
 * whose note is not signed, highest risk first then newest (the API orders them: GET
 * /sessions?reviewRequired=true). Every item is text-free: ids, dates, levels, categories and the note's
 * status, so nothing here can show a client's words.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useEffect } from 'react';
import type { z } from 'zod';
import type { ReviewQueueItemSchema, ReviewQueuePageSchema } from '../../../schemas/api.js';
import { useApi } from '../api.js';
import { EmptyState } from '../components/EmptyState.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { useLoad } from '../components/useLoad.js';
import { useNav } from '../nav.js';
import { PAGINATION_LABELS, useCursorPages } from './queue/cursor-pages.js';
import { formatDay, reviewReasons } from './queue/logic.js';

type QueueItem = z.infer<typeof ReviewQueueItemSchema>;
type QueuePage_ = z.infer<typeof ReviewQueuePageSchema>;

const PAGE_SIZE = 20;

function noteStatus(item: QueueItem): string {
  if (!item.note) return 'No note';
  return `Version ${item.note.version}, ${item.note.status === 'draft' ? 'draft' : item.note.status}, not signed`;
}

export function QueuePage(): ReactNode {
  const api = useApi();
  const { go } = useNav();
  const pages = useCursorPages();
  const { index } = pages.state;
  const cursor = pages.cursor;
  const loaded = useLoad(() => {
    const query = new URLSearchParams({ reviewRequired: 'true', limit: String(PAGE_SIZE) });
    if (cursor) query.set('cursor', cursor);
    return api.get<QueuePage_>(`/sessions?${query.toString()}`);
  }, [api, cursor]);
  const { answered } = pages;
  const next = loaded.data?.cursor;
  useEffect(() => {
    if (!loaded.loading && loaded.data) answered(index, next);
  }, [loaded.loading, loaded.data, next, index, answered]);

  const items = loaded.data?.items ?? [];
  const open = (item: QueueItem) => go({ page: 'session', sessionId: item.sessionId });

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Sessions whose risk or note asks for your review before the note is signed: highest risk first, then newest."
        actions={
          <Button iconName="refresh" ariaLabel="Refresh the review queue" onClick={loaded.reload} loading={loaded.loading && loaded.data !== undefined}>
            Refresh
          </Button>
        }
      >
        Review queue
      </Header>
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      <Table<QueueItem>
        ariaLabels={{ tableLabel: 'Sessions needing review' }}
        variant="container"
        header={
          <Header variant="h2" counter={loaded.data ? `(${items.length}${pages.state.cursors.length > index + 1 ? '+' : ''})` : undefined}>
            Sessions needing review
          </Header>
        }
        loading={loaded.loading && loaded.data === undefined}
        loadingText="Loading the review queue"
        items={items}
        trackBy="sessionId"
        wrapLines
        columnDefinitions={[
          { id: 'risk', header: 'Risk', minWidth: 150, cell: (item) => <RiskBadge level={item.risk ? item.risk.highestLevel : 'none'} /> },
          { id: 'client', header: 'Client', cell: (item) => item.clientId },
          {
            id: 'date',
            header: 'Session date',
            minWidth: 130,
            cell: (item) => (
              <Button variant="inline-link" ariaLabel={`Open the session of ${item.clientId} on ${formatDay(item.sessionDate)}`} onClick={() => open(item)}>
                {formatDay(item.sessionDate)}
              </Button>
            ),
          },
          {
            id: 'why',
            header: 'Why it needs review',
            cell: (item) => (
              <SpaceBetween size="xxxs">
                {reviewReasons(item).map((reason) => (
                  <Box key={reason} variant="span" display="block">
                    {reason}
                  </Box>
                ))}
              </SpaceBetween>
            ),
          },
          { id: 'note', header: 'Note', cell: noteStatus },
          {
            id: 'open',
            header: 'Action',
            // The button's own padding: at 120 px "Review" broke over two lines.
            minWidth: 150,
            cell: (item) => (
              <Button ariaLabel={`Review the session of ${item.clientId} on ${formatDay(item.sessionDate)}`} onClick={() => open(item)}>
                Review
              </Button>
            ),
          },
        ]}
        empty={
          loaded.error === undefined ? (
            <EmptyState
              title="Nothing needs review"
              detail="Every completed session's note is signed or asks for no review. New sessions appear here when their risk or note needs you."
              action={<Button onClick={() => go({ page: 'clients' })}>Go to clients</Button>}
            />
          ) : (
            <Box textAlign="center" color="text-body-secondary">
              The review queue could not be loaded.
            </Box>
          )
        }
        pagination={
          pages.state.cursors.length > 1 ? (
            <Pagination
              currentPageIndex={index + 1}
              pagesCount={pages.state.cursors.length}
              onChange={(event) => pages.go(event.detail.currentPageIndex - 1)}
              ariaLabels={PAGINATION_LABELS}
              disabled={loaded.loading}
            />
          ) : undefined
        }
      />
    </SpaceBetween>
  );
}
