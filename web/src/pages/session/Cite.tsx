/**
 * A citation on the Session page: a link-style button ("turn 12", "turns 20–22") that opens this session's
 * transcript at the cited turns (highlighted, the first focused). Where the reader may not see the transcript
 * (a supervisor), the same words are plain text: the turn ids, nothing to follow.
 */
import Button from '@cloudscape-design/components/button';
import { createContext, type ReactNode, useContext } from 'react';
import { citationLabel } from './citations.js';

/** Opens the transcript at the turns; null when the reader has no transcript to open. */
export type CiteHandler = ((turnIds: readonly string[]) => void) | null;

export const CiteContext = createContext<CiteHandler>(null);

export function TurnCite(props: { turnIds: readonly string[] }): ReactNode {
  const cite = useContext(CiteContext);
  const label = citationLabel(props.turnIds);
  if (!label) return null;
  if (!cite) return <span style={{ whiteSpace: 'nowrap' }}>({label})</span>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Button variant="inline-link" ariaLabel={`Show ${label} in the transcript`} onClick={() => cite(props.turnIds)}>
        {label}
      </Button>
    </span>
  );
}
