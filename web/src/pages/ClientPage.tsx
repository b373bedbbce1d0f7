/**
 * One client: its alliance across sessions (a chart per dimension, rupture markers, flags), its sessions,
 * its measures (with a form to enter a score), its goals and treatment plan (edit and sign for clinicians)
 * and the pre-session brief. Every tab reads its own route and renders what the answer holds: a supervisor's
 * answers have no text, and nothing here assumes they do.
 */
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tabs from '@cloudscape-design/components/tabs';
import { type ReactNode, useState } from 'react';
import { useSession } from '../auth.js';
import { useNav } from '../nav.js';
import { AllianceTab } from './client/AllianceTab.js';
import { BriefTab } from './client/BriefTab.js';
import { MeasuresTab } from './client/MeasuresTab.js';
import { PlanTab } from './client/PlanTab.js';
import { SessionsTab } from './client/SessionsTab.js';

/**
 * The tab last open for each client in this tab of the browser (memory only): coming back from a session a
 * citation opened lands on the tab it was opened from.
 */
const lastTab = new Map<string, string>();

export function ClientPage(): ReactNode {
  const { route, go } = useNav();
  const { roles } = useSession();
  const clientId = route.page === 'client' ? route.clientId : '';
  const [tab, setTab] = useState(() => lastTab.get(clientId) ?? 'alliance');
  if (route.page !== 'client') return null;
  const cares = roles.includes('clinician') || roles.includes('admin');
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={
          <Button variant="inline-link" onClick={() => go({ page: 'clients' })}>
            Back to clients
          </Button>
        }
        actions={
          cares ? (
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => go({ page: 'erase', target: { kind: 'client', clientId } })}>Erase client</Button>
              <Button variant="primary" onClick={() => go({ page: 'new-session', clientId })}>
                New session
              </Button>
            </SpaceBetween>
          ) : undefined
        }
      >
        Client {clientId}
      </Header>
      <Tabs
        ariaLabel={`Client ${clientId}`}
        activeTabId={tab}
        onChange={({ detail }) => {
          lastTab.set(clientId, detail.activeTabId);
          setTab(detail.activeTabId);
        }}
        tabs={[
          { id: 'alliance', label: 'Alliance', content: <AllianceTab clientId={clientId} />, contentRenderStrategy: 'lazy' },
          { id: 'sessions', label: 'Sessions', content: <SessionsTab clientId={clientId} />, contentRenderStrategy: 'lazy' },
          { id: 'measures', label: 'Measures', content: <MeasuresTab clientId={clientId} />, contentRenderStrategy: 'lazy' },
          { id: 'plan', label: 'Goals and plan', content: <PlanTab clientId={clientId} />, contentRenderStrategy: 'lazy' },
          { id: 'brief', label: 'Brief', content: <BriefTab clientId={clientId} />, contentRenderStrategy: 'lazy' },
        ]}
      />
    </SpaceBetween>
  );
}
