/**
 * The Supervision tab: the session's supervision report (GET /sessions/{id}/supervision), about the therapist's
 * work and never part of the note: the summary, the alliance as the supervisor reads it, the process counts
 * against the MITI thresholds, and the moments to discuss (safety first), each with the turns it cites and one
 * alternative response. The report holds no session text, so a supervisor reads all of it.
 */
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';
import type { NoteSentence } from '../../../../schemas/note.js';
import { ApiError, useApi } from '../../api.js';
import { AllianceBand, EmptyState, LoadingState, ProblemAlert, useLoad } from '../../components/index.js';
import { TurnCite } from './Cite.js';
import { dimensionLabel, humanize, modalityLabel } from './labels.js';
import type { SupervisionReport } from './types.js';

const MITI: Record<string, string> = { good: 'Good', fair: 'Fair', below_fair: 'Below fair', not_applicable: 'Not applicable' };
const SEVERITY_COLOR = { high: 'red', medium: 'severity-medium', low: 'grey', none: 'green' } as const;

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`);

export function SupervisionTab(props: { sessionId: string }): ReactNode {
  const api = useApi();
  const loaded = useLoad(() => api.get<SupervisionReport>(`/sessions/${encodeURIComponent(props.sessionId)}/supervision`), [props.sessionId]);
  if (loaded.error !== undefined && !loaded.loading) {
    if (loaded.error instanceof ApiError && loaded.error.status === 404) {
      return <EmptyState title="No supervision report" detail="This session was processed before supervision reports existed, or is not processed yet." />;
    }
    return <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />;
  }
  if (!loaded.data) return <LoadingState label="Loading the supervision report" />;
  return <Report report={loaded.data} />;
}

function Sentences(props: { sentences: readonly NoteSentence[] | undefined }): ReactNode {
  const sentences = props.sentences ?? [];
  if (sentences.length === 0) return null;
  return (
    <ul>
      {sentences.map((sentence, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sentences have no id and keep their order
        <li key={i}>
          {sentence.text} <TurnCite turnIds={sentence.evidence} />
        </li>
      ))}
    </ul>
  );
}

function Report(props: { report: SupervisionReport }): ReactNode {
  const { report } = props;
  const { process, alliance } = report;
  const dimensions = Object.entries(alliance?.dimensions ?? {});
  if (alliance?.goalAgreement) dimensions.push(['goalAgreement', alliance.goalAgreement]);
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header variant="h2" description="About the therapist's work in this session: for supervision, never part of the note or its exports.">
            Supervision report
          </Header>
        }
      >
        <SpaceBetween size="s">
          <Sentences sentences={report.summary} />
          <Box color="text-body-secondary">
            {report.turns} turns{report.modality ? ` · read as ${modalityLabel(report.modality.kind)}` : ''} · {humanize(report.status)}
          </Box>
        </SpaceBetween>
      </Container>

      <Container header={<Header variant="h2">Moments to discuss</Header>}>
        {report.moments.length === 0 ? (
          <Box color="text-status-inactive">No moments were flagged.</Box>
        ) : (
          <SpaceBetween size="l">
            {report.moments.map((moment, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: moments have no id and keep their order
              <section key={i} aria-label={moment.title ?? humanize(moment.kind)}>
                <Box variant="h3">
                  {moment.title ?? humanize(moment.kind)}{' '}
                  <Badge color={SEVERITY_COLOR[moment.severity] ?? 'grey'}>
                    {moment.kind === 'strength' ? 'Strength' : `${moment.severity} · ${moment.domain}`}
                  </Badge>
                </Box>
                <Box variant="p">
                  {moment.what} <TurnCite turnIds={moment.evidence} />
                </Box>
                <Box variant="p">
                  <strong>Why it matters:</strong> {moment.whyItMatters}
                </Box>
                {moment.alternative && (
                  <Box variant="p">
                    <strong>An alternative response:</strong> {moment.alternative}
                  </Box>
                )}
                {moment.risk && (
                  <Box variant="p">
                    <strong>Risk assessment:</strong> {humanize(moment.risk.status).toLowerCase()}; asked:{' '}
                    {moment.risk.asked.map(humanize).join(', ').toLowerCase() || 'nothing'}
                    {moment.risk.notAsked.length > 0 ? `; not asked: ${moment.risk.notAsked.map(humanize).join(', ').toLowerCase()}` : ''}.
                  </Box>
                )}
                {moment.rupture && (
                  <Box variant="p">
                    <strong>Rupture:</strong> {humanize(moment.rupture.kind).toLowerCase()} ({humanize(moment.rupture.marker).toLowerCase()}
                    {moment.rupture.target ? `, aimed at the ${moment.rupture.target}` : ''}),{' '}
                    {moment.rupture.repaired
                      ? `repaired${moment.rupture.repairKind ? ` by ${humanize(moment.rupture.repairKind).toLowerCase()}` : ''}`
                      : 'not repaired'}
                    {moment.rupture.repairTurnId ? (
                      <>
                        {' '}
                        at <TurnCite turnIds={[moment.rupture.repairTurnId]} />
                      </>
                    ) : null}
                    .
                  </Box>
                )}
              </section>
            ))}
          </SpaceBetween>
        )}
      </Container>

      {alliance && (
        <Container header={<Header variant="h2">Alliance</Header>}>
          <SpaceBetween size="m">
            <div>
              Overall: <AllianceBand score={alliance.overall?.score} showScore />
              {alliance.overall?.abstained ? ` (not scored: ${alliance.overall.abstentionReason ?? 'too little to go on'})` : ''}
            </div>
            <KeyValuePairs
              columns={3}
              items={dimensions.map(([name, d]) => ({
                label: dimensionLabel(name),
                value: d.abstained ? 'Not scored' : <AllianceBand score={d.score} showScore />,
              }))}
            />
            <Box>
              Ruptures: {alliance.ruptures?.total ?? 0}, repaired {alliance.ruptures?.repaired ?? 0}.
            </Box>
            {(alliance.patterns ?? []).length > 0 && (
              <div>
                <Box variant="h3">Patterns</Box>
                <ul>
                  {alliance.patterns.map((pattern, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: patterns have no id and keep their order
                    <li key={i}>
                      <strong>{humanize(pattern.pattern)}</strong> ({pattern.severity}): {pattern.description} <TurnCite turnIds={pattern.evidence} />
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <Sentences sentences={alliance.summary} />
          </SpaceBetween>
        </Container>
      )}

      {process && (
        <Container header={<Header variant="h2">Process</Header>}>
          <ColumnLayout columns={2} variant="text-grid">
            <KeyValuePairs
              items={[
                {
                  label: 'Talk share (words)',
                  value: `Therapist ${percent(process.talkShare?.therapist?.wordShare)}, client ${percent(process.talkShare?.client?.wordShare)}`,
                },
                {
                  label: 'Questions',
                  value: `${process.questions?.open ?? 0} open, ${process.questions?.closed ?? 0} closed (${percent(process.questions?.percentOpen)} open)`,
                },
                {
                  label: 'Reflections',
                  value: `${process.reflections?.simple ?? 0} simple, ${process.reflections?.complex ?? 0} complex (${percent(process.reflections?.percentComplex)} complex)`,
                },
                {
                  label: 'Reflections per question',
                  value:
                    process.reflectionToQuestionRatio === null || process.reflectionToQuestionRatio === undefined
                      ? '—'
                      : process.reflectionToQuestionRatio.toFixed(2),
                },
              ]}
            />
            <KeyValuePairs
              items={[
                { label: 'Affirmations', value: String(process.affirmations ?? 0) },
                {
                  label: 'Advice',
                  value: `${process.advice?.withPermission ?? 0} with permission, ${process.advice?.withoutPermission ?? 0} without`,
                },
                {
                  label: 'Client change talk',
                  value: `${process.clientLanguage?.changeTalk ?? 0} change, ${process.clientLanguage?.sustainTalk ?? 0} sustain`,
                },
                {
                  label: 'Against MITI thresholds',
                  value: process.miti
                    ? `R:Q ${MITI[process.miti.reflectionToQuestion] ?? '—'}; complex reflections ${MITI[process.miti.percentComplexReflections] ?? '—'}; open questions ${MITI[process.miti.percentOpenQuestions] ?? '—'}`
                    : 'Not applied to this kind of session',
                },
              ]}
            />
          </ColumnLayout>
        </Container>
      )}
    </SpaceBetween>
  );
}
