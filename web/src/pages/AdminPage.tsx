/**
 * The admin's page: the tenant's webhooks, its partners (configured in the deployment; their activity from
 * the audit records) and the audit log. The API refuses all three to anyone but an admin (403, shown as
 * the problem says).
 */
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tabs from '@cloudscape-design/components/tabs';
import { type ReactNode, useState } from 'react';
import { AuditTab } from './admin/AuditTab.js';
import { PartnersTab } from './admin/PartnersTab.js';
import { WebhooksTab } from './admin/WebhooksTab.js';

export function AdminPage(): ReactNode {
  const [tab, setTab] = useState('webhooks');
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Webhooks, partners and the audit trail of your tenant.">
        Admin
      </Header>
      <Tabs
        ariaLabel="Administration"
        activeTabId={tab}
        onChange={(event) => setTab(event.detail.activeTabId)}
        tabs={[
          { id: 'webhooks', label: 'Webhooks', content: <WebhooksTab /> },
          { id: 'partners', label: 'Partners', content: <PartnersTab /> },
          { id: 'audit', label: 'Audit log', content: <AuditTab /> },
        ]}
      />
    </SpaceBetween>
  );
}
