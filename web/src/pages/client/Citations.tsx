import Button from '@cloudscape-design/components/button';
import type { ReactNode } from 'react';
import { Cite } from '../../components/index.js';
import { useNav } from '../../nav.js';
import { groupCitations } from './citations.js';

/**
 * An item's citations, one group per session: the session (a link that opens it) and its cited turns (each
 * a link that opens the transcript at the turn). Nothing for an item that cites nothing (a gap).
 */
export function Citations(props: { evidence: readonly { session: string; turnId?: string }[] | undefined; label?: string }): ReactNode {
  const { go } = useNav();
  const groups = groupCitations(props.evidence);
  if (groups.length === 0) return null;
  return (
    <span className="attune-citations">
      {props.label ?? 'Cited:'}{' '}
      {groups.map((group, i) => (
        <span key={group.sessionId}>
          {i > 0 ? '; ' : ''}
          <Button variant="inline-link" ariaLabel={`Open session ${group.sessionId}`} onClick={() => go({ page: 'session', sessionId: group.sessionId })}>
            {group.sessionId}
          </Button>{' '}
          <Cite sessionId={group.sessionId} turnIds={group.turnIds} />
        </span>
      ))}
    </span>
  );
}
