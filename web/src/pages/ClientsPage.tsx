import Header from '@cloudscape-design/components/header';
import type { ReactNode } from 'react';

/** Placeholder: the page's owner replaces this file (scratch/web-contract.md). */
export function ClientsPage(): ReactNode {
  return <Header variant="h1">Clients</Header>;
}
