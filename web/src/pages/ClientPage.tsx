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

export function ClientPage(): ReactNode {
  const { route, go } = useNav();
  const { roles } = useSession();
  const [tab, setTab] = useState('alliance');
  if (route.page !== 'client') return null;
  const { clientId } = route;
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
        onChange={({ detail }) => setTab(detail.activeTabId)}
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
