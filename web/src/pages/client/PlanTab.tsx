import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { type ReactNode, useState } from 'react';
import type { StoredTreatmentPlan } from '../../../../schemas/plan.js';
import { useApi } from '../../api.js';
import { useSession } from '../../auth.js';
import { Cite, EmptyState, LoadingState, ProblemAlert, useLoad } from '../../components/index.js';
import { problemOf } from './measures.js';
import { Citations } from './Citations.js';
import {
  editablePlan,
  emptyTexts,
  errorAt,
  GOAL_STATUS_TYPES,
  goalName,
  goalStatusWords,
  isConflict,
  type PlanPlace,
  placesOf,
  planErrorsOf,
  textAt,
  unplacedErrors,
  versionWords,
  withNewEntry,
  withoutEntry,
  withText,
} from './plan.js';
import { TrendChart } from './TrendChart.js';
import type { PlanAnswer, PlanVersionAnswer, SignedPlanAnswer } from './types.js';
import type { GoalStatus } from '../../../../schemas/plan.js';

type Citation = { session: string; turnId?: string };
type AnyGoal = PlanAnswer['goals'][number];
type AnyEntry = { text?: string; kind: 'finding' | 'gap' | 'clinician_entered'; evidence: Citation[] };

/** Goals with their statuses over sessions, the treatment plan draft (edit and sign for clinicians), and Goal Agreement. */
export function PlanTab(props: { clientId: string }): ReactNode {
  const api = useApi();
  const { roles } = useSession();
  const path = `/clients/${encodeURIComponent(props.clientId)}/plan`;
  const loaded = useLoad(() => api.get<PlanAnswer>(path), [api, path]);
  const [editing, setEditing] = useState<StoredTreatmentPlan | null>(null);
  const [signing, setSigning] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  if (loaded.error !== undefined && !loaded.data) {
    if (problemOf(loaded.error)?.status === 404)
      return <EmptyState title="No plan yet" detail="The plan is drafted from the client's completed sessions: it appears once one has been processed." />;
    return <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />;
  }
  if (!loaded.data) return <LoadingState label="Loading the plan" />;
  const answer = loaded.data;
  const version = answer.version;
  const editable = editablePlan(answer);
  const isClinician = roles.includes('clinician');
  const canEdit = isClinician && editable !== null && !editing;
  const canSign = isClinician && version.source === 'stored' && !version.signed;

  return (
    <SpaceBetween size="l">
      {notice && (
        <Alert type="success" dismissible i18nStrings={{ dismissAriaLabel: 'Dismiss the message' }} onDismiss={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      <Goals answer={answer} />
      <GoalAgreement answer={answer} />
      {editing ? (
        <PlanEditor
          path={path}
          baseVersion={version.version}
          initial={editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(`Saved as version ${saved.version}.`);
            loaded.reload();
          }}
          onReload={() => {
            setEditing(null);
            loaded.reload();
          }}
        />
      ) : (
        <Container
          header={
            <Header
              variant="h2"
              description={versionWords(version)}
              info={version.signed ? <Badge color="green">Signed</Badge> : <Badge color="grey">Draft</Badge>}
              actions={
                isClinician ? (
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button disabled={!canEdit} onClick={() => editable && setEditing(editable)}>
                      Edit plan
                    </Button>
                    <Button
                      variant="primary"
                      disabled={!canSign}
                      disabledReason={version.signed ? 'This version is signed.' : 'Save the draft as a version first (Edit plan, then Save), then sign it.'}
                      onClick={() => setSigning(true)}
                    >
                      Sign plan
                    </Button>
                  </SpaceBetween>
                ) : undefined
              }
            >
              Treatment plan
            </Header>
          }
        >
          <PlanView answer={answer} />
        </Container>
      )}
      {signing && (
        <SignModal
          path={path}
          version={version.version}
          onClose={() => setSigning(false)}
          onSigned={(signed) => {
            setSigning(false);
            setNotice(`Version ${signed.version} signed.`);
            loaded.reload();
          }}
          onReload={() => {
            setSigning(false);
            loaded.reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}

function Goals(props: { answer: PlanAnswer }): ReactNode {
  const goals = props.answer.goals;
  return (
    <Container
      header={
        <Header variant="h2" description="Each goal's status after every session that showed it, with the turns that show it.">
          Goals
        </Header>
      }
    >
      {goals.length === 0 ? (
        <Box>No goal was stated in these sessions.</Box>
      ) : (
        <SpaceBetween size="l">
          {goals.map((goal, index) => (
            <GoalView key={goal.id} goal={goal} index={index} />
          ))}
        </SpaceBetween>
      )}
    </Container>
  );
}

function GoalView(props: { goal: AnyGoal; index: number }): ReactNode {
  const { goal, index } = props;
  const text = 'text' in goal ? goal.text : undefined;
  const measurable = 'measurable' in goal ? goal.measurable : undefined;
  const targetDate = 'targetDate' in goal ? goal.targetDate : undefined;
  type Event = AnyGoal['history'][number];
  return (
    <section aria-label={goalName({ ...goal, text }, index)}>
      <SpaceBetween size="xs">
        <Header variant="h3" info={<GoalStatusBadge status={goal.status} />}>
          {goalName({ ...goal, text }, index)}
        </Header>
        <Box variant="small" color="text-body-secondary">
          {goal.wordsOf === 'client' ? "In the client's words" : "In the therapist's words, agreed by the client"}
          {measurable ? `; measurable: “${measurable}”` : ''}
          {targetDate ? `; target: ${targetDate}` : ''}
        </Box>
        {goal.measurableEvidence.length > 0 && <Citations evidence={goal.measurableEvidence} label="Measurable form cited:" />}
        <Table<Event>
          variant="embedded"
          contentDensity="compact"
          wrapLines
          ariaLabels={{ tableLabel: `Status of ${goalName({ ...goal, text }, index)} by session` }}
          items={goal.history}
          trackBy="session"
          columnDefinitions={[
            { id: 'date', header: 'Session', isRowHeader: true, cell: (event) => event.date },
            { id: 'status', header: 'Status', cell: (event) => <GoalStatusBadge status={event.status} /> },
            ...(goal.history.some((event) => 'quote' in event)
              ? [{ id: 'quote', header: 'In session', cell: (event: Event) => ('quote' in event ? `“${event.quote}”` : '') }]
              : []),
            { id: 'cite', header: 'Turns', cell: (event) => <Cite sessionId={event.session} turnIds={event.turnIds} /> },
          ]}
        />
      </SpaceBetween>
    </section>
  );
}

function GoalStatusBadge(props: { status: string }): ReactNode {
  return <StatusIndicator type={GOAL_STATUS_TYPES[props.status as GoalStatus] ?? 'info'}>{goalStatusWords(props.status)}</StatusIndicator>;
}

function GoalAgreement(props: { answer: PlanAnswer }): ReactNode {
  const series = props.answer.goalAgreement;
  if (!series || series.points.length === 0) return null;
  const points = series.points.flatMap((point) => (point.score === null ? [] : [{ x: point.date, y: point.score }]));
  const words = series.points.map((point) => `${point.date} ${point.score ?? 'not scored'}`).join(', ');
  return (
    <Container
      header={
        <Header variant="h2" description="Agreement on what the work is for and how to do it (the alliance's goal and task sub-score), per session.">
          Goal Agreement
        </Header>
      }
    >
      <SpaceBetween size="s">
        <TrendChart
          label="Goal Agreement across sessions"
          description={`Goal Agreement across ${series.points.length} sessions, ${series.direction.replaceAll('_', ' ')}: ${words}.`}
          lines={[{ title: 'Goal Agreement', points }]}
          xDomain={series.points.map((point) => point.date)}
          yDomain={[0, 100]}
          height={140}
        />
        <Box variant="small">
          Scores: {words}. Trend: {series.direction.replaceAll('_', ' ')}.
        </Box>
      </SpaceBetween>
    </Container>
  );
}

function KindBadge(props: { kind: string }): ReactNode {
  if (props.kind === 'gap') return <Badge color="grey">Gap: nothing found</Badge>;
  if (props.kind === 'clinician_entered') return <Badge color="blue">Entered by the clinician</Badge>;
  return null;
}

function EntryList(props: { entries: readonly AnyEntry[]; name: string }): ReactNode {
  if (props.entries.length === 0) return <Box>None.</Box>;
  return (
    <ul className="attune-list">
      {props.entries.map((entry, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; the list is read-only here.
        <li key={i}>
          {entry.text ?? `${props.name} ${i + 1}`} <KindBadge kind={entry.kind} /> <Citations evidence={entry.evidence} />
        </li>
      ))}
    </ul>
  );
}

/** The plan as stored or drafted; a supervisor's answer has no text, so items are numbered instead. */
function PlanView(props: { answer: PlanAnswer }): ReactNode {
  const plan = props.answer.plan;
  const goalIndex = new Map(props.answer.goals.map((goal, i) => [goal.id, i]));
  return (
    <SpaceBetween size="l">
      <section aria-label="Problems">
        <Header variant="h3">Problems</Header>
        <EntryList entries={plan.problems as AnyEntry[]} name="Problem" />
      </section>
      <section aria-label="Goals and objectives">
        <Header variant="h3">Goals and objectives</Header>
        {plan.goals.length === 0 ? (
          <Box>No goal in the plan.</Box>
        ) : (
          <SpaceBetween size="m">
            {plan.goals.map((goal, i) => {
              const text = 'text' in goal ? goal.text : undefined;
              const targetDate = 'targetDate' in goal ? goal.targetDate : undefined;
              return (
                <div key={goal.goalId}>
                  <Box variant="strong">{goalName({ text }, goalIndex.get(goal.goalId) ?? i)}</Box>
                  {targetDate ? ` (target: ${targetDate})` : ''} {goal.enteredBy === 'clinician' && <KindBadge kind="clinician_entered" />}{' '}
                  <Citations evidence={goal.evidence} />
                  <EntryList entries={goal.objectives as AnyEntry[]} name="Objective" />
                </div>
              );
            })}
          </SpaceBetween>
        )}
      </section>
      <section aria-label="Interventions">
        <Header variant="h3">Interventions</Header>
        {plan.interventions.length === 0 ? (
          <Box>No intervention found.</Box>
        ) : (
          <ul className="attune-list">
            {plan.interventions.map((intervention, i) => {
              const label = 'label' in intervention ? intervention.label : `Intervention ${i + 1}`;
              const modality = 'modality' in intervention && intervention.modality ? ` (${intervention.modality})` : '';
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: interventions have no id.
                <li key={i}>
                  {label}
                  {modality}: {intervention.state === 'used' ? 'used' : 'planned'} in {intervention.sessions.join(', ')}{' '}
                  {intervention.enteredBy === 'clinician' && <KindBadge kind="clinician_entered" />} <Citations evidence={intervention.evidence} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-label="Gaps">
        <Header variant="h3">Gaps</Header>
        <EntryList entries={plan.gaps as AnyEntry[]} name="Gap" />
      </section>
    </SpaceBetween>
  );
}

function PlanEditor(props: {
  path: string;
  baseVersion: number;
  initial: StoredTreatmentPlan;
  onCancel(): void;
  onSaved(saved: PlanVersionAnswer): void;
  onReload(): void;
}): ReactNode {
  const api = useApi();
  const [plan, setPlan] = useState(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setFailure(undefined);
    const missing = emptyTexts(plan);
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setSaving(true);
    try {
      const saved = await api.send<PlanVersionAnswer>('PUT', props.path, { baseVersion: props.baseVersion, plan });
      props.onSaved(saved);
    } catch (error) {
      if (isConflict(error)) setConflict(true);
      else {
        const placed = planErrorsOf(error);
        setErrors(placed);
        if (Object.keys(placed).length === 0 || unplacedErrors(placed, placesOf(plan)).length > 0) setFailure(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const field = (place: PlanPlace, label: string, options: { removable?: boolean; input?: boolean } = {}) => (
    <FormField
      label={label}
      errorText={errorAt(errors, place)}
      secondaryControl={
        options.removable && place.kind !== 'goal' && place.kind !== 'target' ? (
          <Button variant="icon" iconName="remove" ariaLabel={`Remove ${label.toLowerCase()}`} onClick={() => setPlan(withoutEntry(plan, place))} />
        ) : undefined
      }
      stretch
    >
      {options.input ? (
        <Input value={textAt(plan, place)} onChange={({ detail }) => setPlan(withText(plan, place, detail.value))} />
      ) : (
        <Textarea rows={2} value={textAt(plan, place)} onChange={({ detail }) => setPlan(withText(plan, place, detail.value))} />
      )}
    </FormField>
  );

  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`Saving makes a new version from version ${props.baseVersion}; a signed version is kept unchanged.`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={props.onCancel}>Cancel</Button>
              <Button variant="primary" loading={saving} onClick={() => void save()}>
                Save plan
              </Button>
            </SpaceBetween>
          }
        >
          Edit the treatment plan
        </Header>
      }
    >
      <SpaceBetween size="l">
        {conflict && (
          <Alert type="warning" header="Someone else changed the plan" action={<Button onClick={props.onReload}>Reload</Button>}>
            Someone else changed it since you opened it — reload to see their version, then make your change again.
          </Alert>
        )}
        {failure !== undefined && <ProblemAlert error={failure} />}
        <SpaceBetween size="s">
          <Header variant="h3">Problems</Header>
          {plan.problems.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place by position.
            <div key={index}>
              {field({ kind: 'problem', index }, `Problem ${index + 1}`, { removable: true })}
              <Citations evidence={entry.evidence} />
            </div>
          ))}
          <Button iconName="add-plus" onClick={() => setPlan(withNewEntry(plan, { kind: 'problem' }))}>
            Add a problem
          </Button>
        </SpaceBetween>
        <SpaceBetween size="s">
          <Header variant="h3">Goals and objectives</Header>
          {plan.goals.map((goal, g) => (
            <Container key={goal.goalId} variant="stacked">
              <SpaceBetween size="s">
                {field({ kind: 'goal', goal: g }, `Goal ${g + 1}`)}
                {field({ kind: 'target', goal: g }, `Target date of goal ${g + 1}`, { input: true })}
                <Citations evidence={goal.evidence} />
                {goal.objectives.map((entry, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place by position.
                  <div key={index}>
                    {field({ kind: 'objective', goal: g, index }, `Objective ${index + 1} of goal ${g + 1}`, { removable: true })}
                    <Citations evidence={entry.evidence} />
                  </div>
                ))}
                <Button iconName="add-plus" onClick={() => setPlan(withNewEntry(plan, { kind: 'objective', goal: g }))}>
                  {`Add an objective to goal ${g + 1}`}
                </Button>
              </SpaceBetween>
            </Container>
          ))}
        </SpaceBetween>
        <SpaceBetween size="s">
          <Header variant="h3">Gaps</Header>
          {plan.gaps.length === 0 && <Box>None.</Box>}
          {plan.gaps.map((_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place by position.
            <div key={index}>{field({ kind: 'gap', index }, `Gap ${index + 1}`, { removable: true })}</div>
          ))}
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}

function SignModal(props: { path: string; version: number; onClose(): void; onSigned(signed: SignedPlanAnswer): void; onReload(): void }): ReactNode {
  const api = useApi();
  const [attestation, setAttestation] = useState('');
  const [failure, setFailure] = useState<unknown>(undefined);
  const [conflict, setConflict] = useState(false);
  const [signing, setSigning] = useState(false);
  const [key] = useState(() => crypto.randomUUID());

  const sign = async () => {
    setFailure(undefined);
    setSigning(true);
    try {
      const body = attestation.trim() === '' ? { version: props.version } : { version: props.version, attestation: attestation.trim() };
      props.onSigned(await api.send<SignedPlanAnswer>('POST', `${props.path}/sign`, body, { idempotencyKey: key }));
    } catch (error) {
      if (isConflict(error)) setConflict(true);
      else setFailure(error);
    } finally {
      setSigning(false);
    }
  };

  return (
    <Modal
      visible
      onDismiss={props.onClose}
      closeAriaLabel="Close without signing"
      header={`Sign version ${props.version} of the plan`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={props.onClose}>Cancel</Button>
            <Button variant="primary" loading={signing} disabled={conflict} onClick={() => void sign()}>
              Sign
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>Signing makes this version final; later edits become new versions.</Box>
        {conflict && (
          <Alert type="warning" header="Someone else changed the plan" action={<Button onClick={props.onReload}>Reload</Button>}>
            Someone else changed it, or signed it, since you opened it — reload to see the current version.
          </Alert>
        )}
        {failure !== undefined && <ProblemAlert error={failure} />}
        <FormField label="Attestation (optional)" constraintText="Up to 500 characters">
          <Textarea value={attestation} onChange={({ detail }) => setAttestation(detail.value.slice(0, 500))} rows={2} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
