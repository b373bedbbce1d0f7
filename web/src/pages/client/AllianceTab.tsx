import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Toggle from '@cloudscape-design/components/toggle';
import { type ReactNode, useState } from 'react';
import { useApi } from '../../api.js';
import { EmptyState, LoadingState, ProblemAlert, RiskBadge, useLoad } from '../../components/index.js';

import { useNav } from '../../nav.js';
import { ALLIANCE_KEYS, ALLIANCE_LABELS, ALLIANCE_Y_DOMAIN, type AllianceRow, allianceCharts, allianceRows, directionWords, flagWords } from './alliance.js';
import { TrendChart } from './TrendChart.js';
import type { AllianceSeries, ClientAlliance } from './types.js';

/** The alliance across the client's sessions: a chart per dimension and overall, rupture alerts, flags, risk across sessions. */
export function AllianceTab(props: { clientId: string }): ReactNode {
  const api = useApi();
  const loaded = useLoad(() => api.get<ClientAlliance>(`/clients/${encodeURIComponent(props.clientId)}/alliance`), [api, props.clientId]);
  const [asTable, setAsTable] = useState(false);
  if (loaded.error !== undefined && !loaded.data) return <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />;
  if (!loaded.data) return <LoadingState label="Loading the alliance trend" />;
  const series = loaded.data.series;
  if (!series) return <EmptyState title="No scored sessions yet" detail="The alliance trend appears once a session has been scored." />;
  const charts = allianceCharts(series);
  return (
    <SpaceBetween size="l">
      <Toggle checked={asTable} onChange={({ detail }) => setAsTable(detail.checked)}>
        Show the scores as a table
      </Toggle>
      {asTable ? (
        <AllianceTable series={series} />
      ) : (
        <SpaceBetween size="l">
          {charts.slice(0, 1).map((chart) => (
            <Container
              key={chart.key}
              header={
                <Header variant="h2" description={`Trend: ${directionWords(chart.direction)}`}>
                  {chart.title}
                </Header>
              }
            >
              <TrendChart
                label={`${chart.title} across sessions`}
                description={chart.description}
                lines={[{ title: chart.title, points: chart.points }]}
                xDomain={chart.xDomain}
                yDomain={ALLIANCE_Y_DOMAIN}
                markers={chart.ruptures}
                height={220}
              />
            </Container>
          ))}
          <ColumnLayout columns={2}>
            {charts.slice(1).map((chart) => (
              <Container
                key={chart.key}
                header={
                  <Header variant="h3" description={`Trend: ${directionWords(chart.direction)}`}>
                    {chart.title}
                  </Header>
                }
              >
                <TrendChart
                  label={`${chart.title} across sessions`}
                  description={chart.description}
                  lines={[{ title: chart.title, points: chart.points }]}
                  xDomain={chart.xDomain}
                  yDomain={ALLIANCE_Y_DOMAIN}
                  markers={chart.ruptures}
                  height={150}
                />
              </Container>
            ))}
          </ColumnLayout>
        </SpaceBetween>
      )}
      <Ruptures series={series} />
      <Flags series={series} />
      <RiskAcrossSessions series={series} />
    </SpaceBetween>
  );
}

function SessionLink(props: { sessionId: string; children?: ReactNode }): ReactNode {
  const { go } = useNav();
  return (
    <Button variant="inline-link" ariaLabel={`Open session ${props.sessionId}`} onClick={() => go({ page: 'session', sessionId: props.sessionId })}>
      {props.children ?? props.sessionId}
    </Button>
  );
}

function AllianceTable(props: { series: AllianceSeries }): ReactNode {
  const rows = allianceRows(props.series);
  return (
    <Table<AllianceRow>
      ariaLabels={{ tableLabel: 'Alliance scores by session' }}
      header={<Header variant="h2">Alliance scores by session</Header>}
      items={rows}
      trackBy="sessionId"
      columnDefinitions={[
        { id: 'session', header: 'Session', isRowHeader: true, cell: (row) => <SessionLink sessionId={row.sessionId}>{row.x}</SessionLink> },
        ...ALLIANCE_KEYS.map((key) => ({ id: key, header: ALLIANCE_LABELS[key], cell: (row: AllianceRow) => row.scores[key] ?? 'Not scored' })),
        { id: 'rupture', header: 'Rupture alert', cell: (row) => (row.rupture ? 'Yes' : 'No') },
      ]}
    />
  );
}

function Ruptures(props: { series: AllianceSeries }): ReactNode {
  const alerts = props.series.ruptureAlerts;
  return (
    <Container
      header={
        <Header variant="h2" description="A session whose overall score fell well below the client's own recent baseline.">
          Rupture alerts
        </Header>
      }
    >
      {alerts.length === 0 ? (
        <Box>No rupture alerts across these sessions.</Box>
      ) : (
        <ul className="attune-list">
          {alerts.map((alert) => (
            <li key={alert.sessionId}>
              <SessionLink sessionId={alert.sessionId}>{alert.date}</SessionLink>: overall {alert.score}, {Math.round(alert.drop)} points below the baseline of{' '}
              {Math.round(alert.baseline)} (alert below {Math.round(alert.threshold)}); {alert.ruptureMarkers} rupture{' '}
              {alert.ruptureMarkers === 1 ? 'marker' : 'markers'}, {alert.unrepairedRuptureMarkers} not repaired.
            </li>
          ))}
        </ul>
      )}
    </Container>
  );
}

function Flags(props: { series: AllianceSeries }): ReactNode {
  const flags = props.series.flags;
  return (
    <Container header={<Header variant="h2">Flags across sessions</Header>}>
      {flags.length === 0 ? (
        <Box>No flag across these sessions.</Box>
      ) : (
        <ul className="attune-list">
          {flags.map((flag, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: flags have no id; the list is read-only.
            <li key={`${flag.type}-${i}`}>
              <Box variant="strong">{flagWords(flag.type)}</Box> ({flag.severity}){flag.rationale ? `: ${flag.rationale}` : ''}
              {flag.suggestion ? ` Suggestion: ${flag.suggestion}` : ''}{' '}
              {flag.sessionIds.length > 0 && (
                <span>
                  Sessions:{' '}
                  {flag.sessionIds.map((id, j) => (
                    <span key={id}>
                      {j > 0 ? ', ' : ''}
                      <SessionLink sessionId={id} />
                    </span>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Container>
  );
}

function RiskAcrossSessions(props: { series: AllianceSeries }): ReactNode {
  const risk = props.series.risk;
  if (risk.sessions.length === 0) return null;
  const words = (category: string) => category.replaceAll('_', ' ');
  return (
    <Container header={<Header variant="h2">Risk across sessions</Header>}>
      <SpaceBetween size="s">
        {risk.alerts.length === 0 ? (
          <Box>No repeated or escalating risk.</Box>
        ) : (
          <ul className="attune-list">
            {risk.alerts.map((alert) =>
              alert.kind === 'escalating' ? (
                <li key={`escalating-${alert.sessionId}`}>
                  Escalating on <SessionLink sessionId={alert.sessionId}>{alert.date}</SessionLink>: {alert.level} (before: {alert.previousLevel})
                  {alert.categories.length > 0 ? `; ${alert.categories.map(words).join(', ')}` : ''}.
                </li>
              ) : (
                <li key={`repeated-${alert.sessionIds.join(',')}`}>
                  Repeated in {alert.sessionIds.length} sessions ({alert.categories.map(words).join(', ')}):{' '}
                  {alert.sessionIds.map((id, j) => (
                    <span key={id}>
                      {j > 0 ? ', ' : ''}
                      <SessionLink sessionId={id} />
                    </span>
                  ))}
                  .
                </li>
              ),
            )}
          </ul>
        )}
        <ColumnLayout columns={4} variant="text-grid">
          {risk.sessions.map((point) => (
            <div key={point.sessionId}>
              <Box variant="awsui-key-label">
                <SessionLink sessionId={point.sessionId}>{point.date}</SessionLink>
              </Box>
              <RiskBadge level={point.highestLevel} />
            </div>
          ))}
        </ColumnLayout>
      </SpaceBetween>
    </Container>
  );
}
