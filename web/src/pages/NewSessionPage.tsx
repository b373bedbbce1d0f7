import Header from '@cloudscape-design/components/header';
import type { ReactNode } from 'react';

/** Placeholder: the page's owner replaces this file (scratch/web-contract.md). */
export function NewSessionPage(): ReactNode {
  return <Header variant="h1">New session</Header>;
}
