/**
 * Partners: machine-to-machine callers (an EHR vendor, a practice-management system) configured by the
 * deployer in the CDK app (`attune:partners`, docs/partners.md). No route lists them, so this tab says where
 * they are configured and shows what they did, from the audit records, which name the partner.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useState } from 'react';
import type { AuditEntry } from '../../../../schemas/api.js';
import { useApi } from '../../api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useLoad } from '../../components/useLoad.js';
import { formatTime } from '../queue/logic.js';
import { type AuditRange, AuditRangeForm } from './AuditTab.js';
import { auditPath, defaultAuditRange, type PartnerActivity, partnerActivity, utcToday } from './logic.js';

/** Records read for the activity summary: 10 pages of 100. */
const MAX_PAGES = 10;

async function readActivity(
  get: <T>(path: string) => Promise<T>,
  range: AuditRange,
): Promise<{ activity: PartnerActivity[]; records: number; complete: boolean }> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await get<{ items: AuditEntry[]; cursor?: string }>(auditPath(range, cursor, 100));
    entries.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  return { activity: partnerActivity(entries), records: entries.length, complete: cursor === undefined };
}

export function PartnersTab(): ReactNode {
  const api = useApi();
  const [range, setRange] = useState<AuditRange>(() => defaultAuditRange(utcToday()));
  const loaded = useLoad(() => readActivity((path) => api.get(path), range), [api, range.from, range.to]);
  const activity = loaded.data?.activity ?? [];

  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Where partners are configured</Header>}>
        <SpaceBetween size="s">
          <Box variant="p">
            Partners are other systems (an EHR, a practice-management or billing system) that call the Attune API on their own, with OAuth2 client credentials
            instead of a person's sign-in. Each one is bound to one tenant and may use only the scopes it was given, with its own API key, throttle and quota.
          </Box>
          <Box variant="p">
            They are set up by whoever deploys Attune, in the deployment's configuration (the <Box variant="code">attune:partners</Box> list in the CDK app's{' '}
            <Box variant="code">cdk.json</Box>; see <Box variant="code">docs/partners.md</Box>), and removed by deleting them there and deploying again. The API
            has no route that lists them, so they cannot be added, changed or listed here.
          </Box>
          <Box variant="p">
            What they did is in the audit log: every call a partner makes is recorded with the partner's name and scopes, and summarised below.
          </Box>
        </SpaceBetween>
      </Container>
      <AuditRangeForm
        range={range}
        busy={loaded.loading}
        onApply={(chosen) => (chosen.from === range.from && chosen.to === range.to ? loaded.reload() : setRange(chosen))}
      />
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      {loaded.data && !loaded.data.complete && (
        <Alert type="info">
          Only the newest {loaded.data.records} audit records of these days were read; choose fewer days to see all partner activity in them.
        </Alert>
      )}
      <Table<PartnerActivity>
        variant="container"
        ariaLabels={{ tableLabel: 'Partner activity' }}
        header={
          <Header
            variant="h2"
            counter={loaded.data ? `(${activity.length})` : undefined}
            description={`From the audit records of ${range.from} to ${range.to} (UTC).`}
          >
            Partner activity
          </Header>
        }
        loading={loaded.loading && !loaded.data}
        loadingText="Reading the audit records"
        items={activity}
        trackBy="partner"
        wrapLines
        empty={<EmptyState title="No partner activity" detail="No partner called the API in these days." />}
        columnDefinitions={[
          { id: 'partner', header: 'Partner', cell: (row) => row.partner },
          { id: 'calls', header: 'Calls', cell: (row) => row.calls },
          { id: 'refused', header: 'Refused', cell: (row) => row.refused },
          { id: 'last', header: 'Last call', cell: (row) => <time dateTime={row.lastAt}>{formatTime(row.lastAt)}</time> },
          { id: 'actions', header: 'Actions', cell: (row) => row.actions.join(', ') },
          { id: 'scopes', header: 'Scopes used', cell: (row) => (row.scopes.length > 0 ? row.scopes.join(', ') : '—') },
        ]}
      />
    </SpaceBetween>
  );
}
