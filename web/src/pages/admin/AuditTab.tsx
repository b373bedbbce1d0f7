/**
 * The audit log (GET /audit?from&to, newest first, a page at a time) and the partners' activity read from
 * it. Records hold ids, actions and outcomes, never content; the table shows exactly those.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { AuditEntry } from '../../../../schemas/api.js';
import { useApi } from '../../api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useLoad } from '../../components/useLoad.js';
import { PAGINATION_LABELS, useCursorPages } from '../queue/cursor-pages.js';
import { formatTime } from '../queue/logic.js';
import { auditIds, auditPath, auditRangeProblem, auditRole, defaultAuditRange, MAX_AUDIT_DAYS, utcToday } from './logic.js';

export interface AuditRange {
  from: string;
  to: string;
}

const DATE_I18N = { todayAriaLabel: 'Today', nextMonthAriaLabel: 'Next month', previousMonthAriaLabel: 'Previous month' };

/** Two dates (UTC days) and "Show": the range is applied only when it is valid. */
export function AuditRangeForm(props: { range: AuditRange; onApply: (range: AuditRange) => void; busy?: boolean }): ReactNode {
  const [from, setFrom] = useState(props.range.from);
  const [to, setTo] = useState(props.range.to);
  const [problem, setProblem] = useState<string>();
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = auditRangeProblem(from, to);
        setProblem(found);
        if (!found) props.onApply({ from, to });
      }}
    >
      <SpaceBetween direction="horizontal" size="m" alignItems="end">
        <FormField label="From (UTC day)" errorText={problem}>
          <DatePicker
            value={from}
            onChange={(event) => setFrom(event.detail.value)}
            placeholder="YYYY-MM-DD"
            format="iso"
            inputFormat="iso"
            openCalendarAriaLabel={() => 'Choose the first day'}
            i18nStrings={DATE_I18N}
          />
        </FormField>
        <FormField label="To (UTC day)">
          <DatePicker
            value={to}
            onChange={(event) => setTo(event.detail.value)}
            placeholder="YYYY-MM-DD"
            format="iso"
            inputFormat="iso"
            openCalendarAriaLabel={() => 'Choose the last day'}
            i18nStrings={DATE_I18N}
          />
        </FormField>
        <Button loading={props.busy}>Show</Button>
      </SpaceBetween>
    </form>
  );
}

interface AuditPage {
  items: AuditEntry[];
  cursor?: string;
}

export function AuditTab(): ReactNode {
  const api = useApi();
  const [range, setRange] = useState<AuditRange>(() => defaultAuditRange(utcToday()));
  const pages = useCursorPages();
  const { index } = pages.state;
  const cursor = pages.cursor;
  const loaded = useLoad(() => api.get<AuditPage>(auditPath(range, cursor)), [api, range.from, range.to, cursor]);
  const { answered } = pages;
  const next = loaded.data?.cursor;
  useEffect(() => {
    if (!loaded.loading && loaded.data) answered(index, next);
  }, [loaded.loading, loaded.data, next, index, answered]);
  const items = useMemo(() => loaded.data?.items ?? [], [loaded.data]);

  return (
    <SpaceBetween size="l">
      <AuditRangeForm
        range={range}
        busy={loaded.loading}
        onApply={(chosen) => {
          pages.reset();
          setRange(chosen);
          if (chosen.from === range.from && chosen.to === range.to) loaded.reload();
        }}
      />
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      <Table<AuditEntry>
        variant="container"
        ariaLabels={{ tableLabel: 'Audit log' }}
        header={
          <Header
            variant="h2"
            counter={loaded.data ? `(${items.length}${pages.state.cursors.length > index + 1 ? '+' : ''})` : undefined}
            description={`Who read or wrote which session data, when: ids, actions and outcomes, never content. ${range.from} to ${range.to} (UTC), at most ${MAX_AUDIT_DAYS} days at a time; newest first.`}
          >
            Audit log
          </Header>
        }
        loading={loaded.loading && !loaded.data}
        loadingText="Loading the audit log"
        items={items}
        trackBy={(entry) => `${entry.at}#${entry.requestId}`}
        wrapLines
        empty={<EmptyState title="No audit records" detail="Nothing was read or written in these days." />}
        columnDefinitions={[
          { id: 'at', header: 'At', cell: (entry) => <time dateTime={entry.at}>{formatTime(entry.at)}</time> },
          { id: 'actor', header: 'Actor', cell: (entry) => entry.actor },
          { id: 'role', header: 'Role', cell: (entry) => auditRole(entry) },
          { id: 'action', header: 'Action', cell: (entry) => entry.action },
          {
            id: 'route',
            header: 'Route',
            cell: (entry) => (
              <Box variant="code">
                {entry.method} {entry.route}
              </Box>
            ),
          },
          { id: 'status', header: 'Status', cell: (entry) => entry.status },
          { id: 'ids', header: 'Ids', cell: (entry) => auditIds(entry) || '—' },
        ]}
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
