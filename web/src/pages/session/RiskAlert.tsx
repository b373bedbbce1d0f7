/**
 * Risk first: at the top of the Session page, before the note, the risk the session holds for review. For a
 * clinician, the note's risk statements (each with its level and the turns it cites) and what the detector
 * found; for a supervisor, the same without any quote (the answer carries none). Nothing here decides the
 * risk: it is what was said and asked, for the clinician to judge.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';
import type { RiskStatement } from '../../../../schemas/note.js';
import { RiskBadge } from '../../components/index.js';
import { TurnCite } from './Cite.js';
import { humanize } from './labels.js';
import { type AnyRisk, quoteOf } from './types.js';

/** Whether the page leads with the risk alert: risk for review, or risk statements in the note. */
export function hasRiskForReview(risk: AnyRisk | undefined, statements: readonly RiskStatement[] | undefined): boolean {
  return risk?.summary.reviewRequired === true || (statements?.length ?? 0) > 0;
}

const ASSESSMENT: Record<string, string> = {
  assessed: 'assessed in session',
  partial: 'partly assessed in session',
  not_assessed: 'not assessed in session',
  not_applicable: 'nothing to assess',
};

export function RiskAlert(props: { risk: AnyRisk | undefined; statements: readonly RiskStatement[] | undefined }): ReactNode {
  const { risk, statements = [] } = props;
  if (!hasRiskForReview(risk, statements)) return null;
  const level = risk?.summary.highestLevel ?? statements.find((s) => s.level === 'high')?.level ?? statements[0]?.level ?? 'low';
  const categories = risk?.summary.categories ?? [];
  return (
    <Alert
      type={level === 'high' ? 'error' : 'warning'}
      header={`Risk for clinician review${categories.length > 0 ? `: ${categories.map(humanize).join(', ').toLowerCase()}` : ''}`}
    >
      <SpaceBetween size="s">
        <div>
          <RiskBadge level={level} />
          {risk && <Box variant="span"> · {ASSESSMENT[risk.summary.assessment] ?? humanize(risk.summary.assessment)}</Box>}
        </div>
        {statements.length > 0 && (
          <section aria-label="Risk statements in the note">
            <Box variant="h3" tagOverride="h2">
              Risk statements in the note
            </Box>
            <ul>
              {statements.map((statement, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: statements have no id and keep their order
                <li key={i}>
                  {statement.level && <RiskBadge level={statement.level} />} {statement.text} <TurnCite turnIds={statement.evidence} />
                  {statement.followUpRequired && (
                    <Box variant="span" color="text-status-warning">
                      {' '}
                      Follow-up required.
                    </Box>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        {risk && risk.episodes.length > 0 && (
          <section aria-label="What the risk detector found">
            <Box variant="h3" tagOverride="h2">
              What the risk detector found
            </Box>
            <ul>
              {risk.episodes.map((episode, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: episodes have no id and keep their order
                <li key={i}>
                  <RiskBadge level={episode.level} /> {episode.categories.map(humanize).join(', ')}
                  {episode.cssrsLevel !== null ? ` (C-SSRS ideation level ${episode.cssrsLevel})` : ''}, {humanize(episode.recency).toLowerCase()},{' '}
                  {ASSESSMENT[episode.assessment.status] ?? humanize(episode.assessment.status)}
                  {episode.assessment.notAsked.length > 0 ? `; not asked: ${episode.assessment.notAsked.map(humanize).join(', ').toLowerCase()}` : ''}
                  {episode.followUpRequired ? '; follow-up required' : ''}. <TurnCite turnIds={episode.turnIds} />
                </li>
              ))}
            </ul>
          </section>
        )}
        {risk && risk.findings.length > 0 && (
          <section aria-label="Disclosures">
            <Box variant="h3" tagOverride="h2">
              Disclosures
            </Box>
            <ul>
              {risk.findings.map((finding, i) => {
                const quote = quoteOf(finding);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id and keep their order
                  <li key={i}>
                    {humanize(finding.category)} ({finding.level}){quote ? `: “${quote}”` : ''}
                    {finding.uncertain ? ' (wording uncertain)' : ''} <TurnCite turnIds={[finding.turnId]} />
                  </li>
                );
              })}
            </ul>
          </section>
        )}
      </SpaceBetween>
    </Alert>
  );
}
