import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Toggle from '@cloudscape-design/components/toggle';
import { type ReactNode, useState } from 'react';
import type { Instrument, MeasureSource } from '../../../../schemas/plan.js';
import { useApi } from '../../api.js';
import { useSession } from '../../auth.js';
import { EmptyState, LoadingState, ProblemAlert, useLoad } from '../../components/index.js';
import { Citations } from './Citations.js';
import {
  bandLines,
  changeWords,
  checkDraft,
  EMPTY_DRAFT,
  type FieldErrors,
  fieldErrorsOf,
  INSTRUMENT_LABELS,
  INSTRUMENTS,
  type MeasureChartPoint,
  type MeasureDraft,
  measureChartPoints,
  measureDescription,
  pointOrigin,
  SOURCE_LABELS,
  seriesTitle,
  today,
  yDomain,
} from './measures.js';
import { TrendChart } from './TrendChart.js';
import type { AnyMeasureSeries, EnteredMeasureReceipt, MeasuresAnswer } from './types.js';

/** Every instrument's scores (said in session and entered), PHQ-9 and GAD-7 with bands and change, and a form to enter a score. */
export function MeasuresTab(props: { clientId: string }): ReactNode {
  const api = useApi();
  const { roles } = useSession();
  const loaded = useLoad(() => api.get<MeasuresAnswer>(`/clients/${encodeURIComponent(props.clientId)}/measures`), [api, props.clientId]);
  const [asTable, setAsTable] = useState(false);
  const canEnter = roles.includes('clinician') || roles.includes('admin');
  const series = loaded.data?.series ?? [];
  // PHQ-9 and GAD-7 first (they have bands and change), then the raw series.
  const ordered = [...series].sort((a, b) => rank(a.instrument) - rank(b.instrument));

  return (
    <SpaceBetween size="l">
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      {!loaded.data && loaded.error === undefined && <LoadingState label="Loading the measures" />}
      {loaded.data && (
        <SpaceBetween size="l">
          {ordered.length === 0 ? (
            <EmptyState title="No measures yet" detail="Scores said in a session or entered here appear as a series per instrument." />
          ) : (
            <>
              <Toggle checked={asTable} onChange={({ detail }) => setAsTable(detail.checked)}>
                Show the measures as tables
              </Toggle>
              {ordered.map((one, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a supervisor's ratings are not told apart by what they rate; the list is read-only.
                <MeasureSeriesView key={`${one.instrument}-${i}`} series={one} asTable={asTable} />
              ))}
            </>
          )}
        </SpaceBetween>
      )}
      {canEnter && <MeasureForm clientId={props.clientId} onStored={loaded.reload} />}
    </SpaceBetween>
  );
}

function rank(instrument: Instrument): number {
  return instrument === 'PHQ-9' ? 0 : instrument === 'GAD-7' ? 1 : 2;
}

function MeasureSeriesView(props: { series: AnyMeasureSeries; asTable: boolean }): ReactNode {
  const { series } = props;
  const title = seriesTitle(series);
  const points = measureChartPoints(series);
  const change = changeWords(series);
  const bands = bandLines(series.instrument, series.scale);
  return (
    <Container header={<Header variant="h2">{title}</Header>}>
      <SpaceBetween size="m">
        {change && (
          <KeyValuePairs
            columns={4}
            ariaLabel={`Change on ${title}`}
            items={[
              { label: 'Change from baseline', value: change.summary },
              { label: 'Reliable change', value: change.reliableChange },
              { label: 'Response', value: change.response },
              { label: 'Remission', value: change.remission },
            ]}
          />
        )}
        {props.asTable ? (
          <PointsTable title={title} points={points} />
        ) : (
          <TrendChart
            label={`${title} over time`}
            description={measureDescription(series)}
            lines={[{ title, points }]}
            xDomain={points.map((point) => point.x)}
            yDomain={yDomain(series)}
            xTitle="Date"
            yTitle={`Score (${series.scale.min}–${series.scale.max})`}
            levels={bands}
          />
        )}
        {!props.asTable && <PointsTable title={title} points={points} compact />}
        {bands.length > 0 && (
          <Box variant="small" color="text-body-secondary">
            Severity bands: {bands.map((band) => band.title.toLowerCase()).join(', ')}.
          </Box>
        )}
        {change?.source && (
          <Box variant="small" color="text-body-secondary">
            Change criteria: {change.source}.
          </Box>
        )}
      </SpaceBetween>
    </Container>
  );
}

function PointsTable(props: { title: string; points: MeasureChartPoint[]; compact?: boolean }): ReactNode {
  return (
    <Table<MeasureChartPoint>
      variant={props.compact ? 'embedded' : 'container'}
      contentDensity={props.compact ? 'compact' : 'comfortable'}
      wrapLines
      ariaLabels={{ tableLabel: `${props.title} scores` }}
      items={props.points}
      trackBy="x"
      columnDefinitions={[
        { id: 'date', header: 'Date', isRowHeader: true, cell: (row) => row.x },
        { id: 'value', header: 'Score', cell: (row) => row.point.value },
        { id: 'band', header: 'Band', cell: (row) => row.point.band ?? '—' },
        {
          id: 'origin',
          header: 'From',
          cell: (row) =>
            row.point.session ? (
              <Citations evidence={[{ session: row.point.session, turnId: row.point.turnId }]} label="Said in session" />
            ) : (
              pointOrigin(row.point)
            ),
        },
      ]}
    />
  );
}

function MeasureForm(props: { clientId: string; onStored(): void }): ReactNode {
  const api = useApi();
  const [draft, setDraft] = useState<MeasureDraft>({ ...EMPTY_DRAFT, date: today() });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [stored, setStored] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  // One key per submission: a retry of the same body after a failure that stored nothing may reuse it safely,
  // and any change to the form makes a new submission.
  const [key, setKey] = useState<string>(() => newKey());

  const change = <Field extends keyof MeasureDraft>(field: Field, value: MeasureDraft[Field]) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
    setStored(undefined);
    setKey(newKey());
  };

  const submit = async () => {
    setFailure(undefined);
    setStored(undefined);
    const checked = checkDraft(draft);
    if (checked.errors) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSending(true);
    try {
      await api.send<EnteredMeasureReceipt>('POST', `/clients/${encodeURIComponent(props.clientId)}/measures`, checked.body, { idempotencyKey: key });
      const { instrument, ratingOf, value, date } = checked.body;
      setStored(`Stored: ${instrument === 'rating' ? `rating of ${ratingOf}` : instrument} ${value} on ${date}.`);
      setDraft({ ...EMPTY_DRAFT, date: draft.date });
      setKey(newKey());
      props.onStored();
    } catch (error) {
      const placed = fieldErrorsOf(error);
      setErrors(placed.fields);
      if (placed.unplaced) setFailure(error);
    } finally {
      setSending(false);
    }
  };

  const instrumentOptions = INSTRUMENTS.map((instrument) => ({ value: instrument, label: INSTRUMENT_LABELS[instrument] }));
  const sourceOptions = (Object.keys(SOURCE_LABELS) as MeasureSource[]).map((source) => ({ value: source, label: SOURCE_LABELS[source] }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      aria-label="Enter a score"
    >
      <Form
        header={
          <Header variant="h2" description="A score taken outside a session: a questionnaire the client filled in, your rating, or one from another record.">
            Enter a score
          </Header>
        }
        actions={
          <Button variant="primary" formAction="submit" loading={sending}>
            Store the score
          </Button>
        }
        errorText={Object.values(errors).some(Boolean) ? 'Some fields need attention.' : undefined}
      >
        <SpaceBetween size="m">
          {stored && (
            <Alert type="success" dismissible i18nStrings={{ dismissAriaLabel: 'Dismiss the message' }} onDismiss={() => setStored(undefined)}>
              {stored}
            </Alert>
          )}
          {failure !== undefined && <ProblemAlert error={failure} />}
          <ColumnLayout columns={2}>
            <FormField label="Instrument" errorText={errors.instrument}>
              <Select
                selectedOption={instrumentOptions.find((option) => option.value === draft.instrument) ?? null}
                options={instrumentOptions}
                placeholder="Choose an instrument"
                onChange={({ detail }) => change('instrument', (detail.selectedOption.value ?? '') as Instrument)}
              />
            </FormField>
            <FormField label="Score" errorText={errors.value} constraintText="The instrument's total, such as 12">
              <Input type="text" inputMode="decimal" value={draft.value} onChange={({ detail }) => change('value', detail.value)} />
            </FormField>
            <FormField label="Date taken" errorText={errors.date} constraintText="YYYY-MM-DD, not after today">
              <Input type="text" placeholder="YYYY-MM-DD" value={draft.date} onChange={({ detail }) => change('date', detail.value)} />
            </FormField>
            <FormField label="Source" errorText={errors.source}>
              <Select
                selectedOption={sourceOptions.find((option) => option.value === draft.source) ?? null}
                options={sourceOptions}
                placeholder="Choose where the score came from"
                onChange={({ detail }) => change('source', (detail.selectedOption.value ?? '') as MeasureSource)}
              />
            </FormField>
            {draft.instrument === 'rating' && (
              <FormField label="Rating of" errorText={errors.ratingOf} constraintText="What was rated, such as mood or sleep">
                <Input value={draft.ratingOf} onChange={({ detail }) => change('ratingOf', detail.value)} />
              </FormField>
            )}
            {draft.instrument === 'rating' && (
              <FormField label="Scale" errorText={errors.outOf}>
                <Select
                  selectedOption={{ value: draft.outOf, label: `0–${draft.outOf}` }}
                  options={[
                    { value: '10', label: '0–10' },
                    { value: '100', label: '0–100' },
                  ]}
                  onChange={({ detail }) => change('outOf', detail.selectedOption.value === '100' ? '100' : '10')}
                />
              </FormField>
            )}
          </ColumnLayout>
        </SpaceBetween>
      </Form>
    </form>
  );
}

function newKey(): string {
  return crypto.randomUUID();
}
