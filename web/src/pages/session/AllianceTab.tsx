/**
 * The Alliance tab: the overall score, the five dimensions and Goal Agreement with their bands, what was counted
 * and the evidence (the quote and its turn for a clinician; the turn alone for a supervisor, whose answer has no
 * quotes), the challenge flags with their evidence and suggestion, and the rupture markers with their repair.
 * Renders whatever fields come: an older result without bands or Goal Agreement still shows.
 */
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { ReactNode } from 'react';
import { AllianceBand, EmptyState } from '../../components/index.js';
import { TurnCite } from './Cite.js';
import { DIMENSION_LABELS, dimensionLabel, humanize, modalityLabel } from './labels.js';
import { type AnyAlliance, type AnyDimension, type AnyEvidence, type AnyRuptureMarker, quoteOf } from './types.js';

const DIMENSIONS = ['therapeuticFramework', 'sessionManagement', 'therapeuticRelationship', 'therapeuticProcess', 'collaborativeProgress'] as const;

const SEVERITY_COLOR = { high: 'red', medium: 'severity-medium', low: 'grey' } as const;

export function AllianceTab(props: { alliance: AnyAlliance | undefined }): ReactNode {
  const { alliance } = props;
  if (!alliance) return <EmptyState title="No alliance scores" detail="The alliance is scored when the session has been processed." />;
  const dimensions: [string, AnyDimension | undefined][] = [
    ...DIMENSIONS.map((name): [string, AnyDimension | undefined] => [name, alliance.dimensions?.[name]]),
    ['goalAgreement', alliance.goalAgreement],
  ];
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Overall alliance</Header>}>
        <ColumnLayout columns={3} variant="text-grid">
          <div>
            <Box variant="awsui-key-label">Score</Box>
            <AllianceBand score={alliance.overall?.score} showScore />
            {alliance.overall?.abstained && <Box color="text-status-inactive">Not scored: {alliance.overall.abstentionReason ?? 'too little to go on'}</Box>}
          </div>
          <div>
            <Box variant="awsui-key-label">Read as</Box>
            {alliance.modality ? (
              <>
                {modalityLabel(alliance.modality.kind)} ({Math.round(alliance.modality.confidence * 100)}% sure)
              </>
            ) : (
              '—'
            )}
          </div>
          <div>
            <Box variant="awsui-key-label">Held below “mixed” because</Box>
            {alliance.overall?.cappedBecause ?? '—'}
          </div>
        </ColumnLayout>
      </Container>
      <Table
        variant="container"
        header={<Header variant="h2">Dimensions</Header>}
        ariaLabels={{ tableLabel: 'Alliance dimensions' }}
        items={dimensions.filter(([, d]) => d !== undefined).map(([name, d]) => ({ name, d: d! }))}
        trackBy="name"
        wrapLines
        columnDefinitions={[
          { id: 'name', header: 'Dimension', cell: (row) => <strong>{dimensionLabel(row.name)}</strong>, isRowHeader: true },
          { id: 'score', header: 'Score and band', cell: (row) => (row.d.abstained ? 'Not scored' : <AllianceBand score={row.d.score} showScore />) },
          { id: 'rationale', header: 'What was counted', cell: (row) => row.d.abstentionReason ?? row.d.rationale ?? '' },
        ]}
      />
      {dimensions.map(([name, d]) =>
        d && d.evidence.length > 0 ? (
          <ExpandableSection key={name} headerText={`Evidence: ${DIMENSION_LABELS[name] ?? humanize(name)} (${d.evidence.length})`} variant="container">
            <EvidenceList evidence={d.evidence} />
          </ExpandableSection>
        ) : null,
      )}
      <Container header={<Header variant="h2">Challenge flags</Header>}>
        {(alliance.flags ?? []).length === 0 ? (
          <Box color="text-status-inactive">No challenge flags.</Box>
        ) : (
          <SpaceBetween size="m">
            {alliance.flags.map((flag, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: flags have no id and keep their order
              <section key={i} aria-label={humanize(flag.type)}>
                <Box variant="h3">
                  {humanize(flag.type)} <Badge color={SEVERITY_COLOR[flag.severity] ?? 'grey'}>{`${flag.severity} severity`}</Badge>
                </Box>
                <Box variant="p">{flag.rationale}</Box>
                {flag.suggestion && (
                  <Box variant="p">
                    <strong>Suggestion:</strong> {flag.suggestion}
                  </Box>
                )}
                <EvidenceList evidence={flag.evidence ?? []} />
              </section>
            ))}
          </SpaceBetween>
        )}
      </Container>
      <Table
        variant="container"
        header={<Header variant="h2">Rupture markers</Header>}
        ariaLabels={{ tableLabel: 'Rupture markers' }}
        items={alliance.ruptureMarkers ?? []}
        wrapLines
        empty={<Box color="text-status-inactive">No rupture markers.</Box>}
        columnDefinitions={[
          { id: 'turn', header: 'Turn', cell: (m: AnyRuptureMarker) => <TurnCite turnIds={[m.turnId]} />, isRowHeader: true },
          { id: 'kind', header: 'Kind', cell: (m: AnyRuptureMarker) => `${humanize(m.kind)}: ${humanize(m.marker).toLowerCase()}` },
          { id: 'target', header: 'Aimed at', cell: (m: AnyRuptureMarker) => (m.target ? `The ${m.target}` : '—') },
          {
            id: 'repair',
            header: 'Repair',
            cell: (m: AnyRuptureMarker) =>
              m.repaired ? (
                <>
                  Repaired{m.repairKind ? ` (${humanize(m.repairKind).toLowerCase()})` : ''}
                  {m.repairTurnId ? (
                    <>
                      {' '}
                      at <TurnCite turnIds={[m.repairTurnId]} />
                    </>
                  ) : null}
                </>
              ) : (
                'Not repaired'
              ),
          },
          { id: 'quote', header: 'Said', cell: (m: AnyRuptureMarker) => (quoteOf(m) ? `“${quoteOf(m)}”` : '—') },
        ]}
      />
    </SpaceBetween>
  );
}

function EvidenceList(props: { evidence: readonly AnyEvidence[] }): ReactNode {
  if (props.evidence.length === 0) return null;
  return (
    <ul>
      {props.evidence.map((item, i) => {
        const quote = quoteOf(item);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same turn may be cited twice
          <li key={i}>
            {quote ? `“${quote}” ` : ''}
            <TurnCite turnIds={[item.turnId]} />
          </li>
        );
      })}
    </ul>
  );
}
