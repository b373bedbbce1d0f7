import Button from '@cloudscape-design/components/button';
import type { ReactNode } from 'react';
import { useNav } from '../nav.js';

/** A sentence's citations: one link-style button per turn, opening the session's transcript at that turn. */
export function Cite(props: { turnIds: string[]; sessionId: string }): ReactNode {
  const { go } = useNav();
  if (props.turnIds.length === 0) return null;
  return (
    <span className="attune-cite">
      {props.turnIds.map((turnId) => (
        <Button
          key={turnId}
          variant="inline-link"
          ariaLabel={`Open the transcript at turn ${turnId}`}
          onClick={() => go({ page: 'session', sessionId: props.sessionId, turnId })}
        >
          [{turnId}]
        </Button>
      ))}
    </span>
  );
}
