import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';

/** What an empty list or page says: a title, a line of detail, and optionally what to do. */
export function EmptyState(props: { title: string; detail?: string; action?: ReactNode }): ReactNode {
  return (
    <Box padding={{ vertical: 'l' }} textAlign="center" color="inherit">
      <SpaceBetween size="xs">
        <Box variant="strong" color="inherit">
          {props.title}
        </Box>
        {props.detail && (
          <Box variant="p" color="text-body-secondary">
            {props.detail}
          </Box>
        )}
        {props.action}
      </SpaceBetween>
    </Box>
  );
}
