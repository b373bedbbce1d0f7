import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';
import { useApi } from '../../api.js';
import { EmptyState, LoadingState, ProblemAlert, useLoad } from '../../components/index.js';
import { Citations } from './Citations.js';
import { problemOf } from './measures.js';
import { BRIEF_TOPIC_WORDS, briefInOrder } from './plan.js';
import { type BriefAnswer, textOf } from './types.js';

/** The pre-session brief: risk first, then homework, goals, measures, alliance and ruptures, each line with its citations. */
export function BriefTab(props: { clientId: string }): ReactNode {
  const api = useApi();
  const loaded = useLoad(() => api.get<BriefAnswer>(`/clients/${encodeURIComponent(props.clientId)}/brief`), [api, props.clientId]);
  if (loaded.error !== undefined && !loaded.data) {
    if (problemOf(loaded.error)?.status === 404)
      return <EmptyState title="No brief yet" detail="The brief is prepared from the client's completed sessions." />;
    return <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />;
  }
  if (!loaded.data) return <LoadingState label="Loading the brief" />;
  const brief = loaded.data.brief;
  const lines = briefInOrder(brief.lines);
  return (
    <Container
      header={
        <Header variant="h2" description={`For the session after ${brief.afterSession}. Risk first; every line cites where it came from.`}>
          Pre-session brief
        </Header>
      }
    >
      {lines.length === 0 ? (
        <Box>Nothing to brief.</Box>
      ) : (
        <ol className="attune-list" aria-label="Brief">
          {lines.map((line, i) => {
            const text = textOf(line);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id; the list is read-only.
              <li key={i}>
                <SpaceBetween size="xxs">
                  <div>
                    <Badge color={line.topic === 'risk' ? 'red' : 'grey'}>{BRIEF_TOPIC_WORDS[line.topic] ?? line.topic}</Badge>{' '}
                    {text ??
                      (line.kind === 'gap'
                        ? 'Nothing found on this topic.'
                        : `${BRIEF_TOPIC_WORDS[line.topic] ?? line.topic} line (its text is shown to clinicians only).`)}
                    {line.kind === 'gap' && text !== undefined ? ' (nothing found)' : ''}
                  </div>
                  <Citations evidence={line.evidence} />
                </SpaceBetween>
              </li>
            );
          })}
        </ol>
      )}
    </Container>
  );
}
