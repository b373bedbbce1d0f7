import Box from '@cloudscape-design/components/box';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { ReactNode } from 'react';

/** A spinner with what is loading, announced to screen readers. */
export function LoadingState(props: { label: string }): ReactNode {
  return (
    <Box padding={{ vertical: 'l' }} textAlign="center">
      <div role="status">
        <StatusIndicator type="loading">{props.label}</StatusIndicator>
      </div>
    </Box>
  );
}
