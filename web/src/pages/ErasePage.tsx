/**
 * Erasure of a session or a client. First a confirmation that names exactly what will be removed and asks
 * for the id to be typed (Cloudscape's pattern for destructive actions); a session still processing is a
 * 409 the page explains with the wait the API asks for. Then the deletion receipt the API answered: its id,
 * what was removed with counts, when, and its SHA-256, with "Copy receipt JSON" to keep it.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { DeletionReceipt, SessionPageSchema, SessionViewSchema } from '../../../schemas/api.js';
import { type Api, ApiError, useApi } from '../api.js';
import { LoadingState } from '../components/LoadingState.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { useLoad } from '../components/useLoad.js';
import { useNav } from '../nav.js';
import {
  clientRemovals,
  confirmationId,
  confirmationMatches,
  type EraseTarget,
  receiptJson,
  receiptLines,
  retryAfterSeconds,
  sessionRemovals,
} from './erase/logic.js';
import { formatDay, formatTime } from './queue/logic.js';

type SessionView = z.infer<typeof SessionViewSchema>;
type SessionSummary = z.infer<typeof SessionPageSchema>['items'][number];

/** A client has at most 1,000 sessions here (the plan reads that many too); 10 pages of 100. */
const MAX_PAGES = 10;

async function allSessions(api: Api, clientId: string): Promise<SessionSummary[]> {
  const sessions: SessionSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const answer = await api.get<z.infer<typeof SessionPageSchema>>(`/clients/${encodeURIComponent(clientId)}/sessions?${query.toString()}`);
    sessions.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  return sessions;
}

type Loaded = { kind: 'session'; session: SessionView } | { kind: 'client'; sessions: SessionSummary[] };

function WhatWillBeRemoved(props: { target: EraseTarget; loaded: Loaded }): ReactNode {
  const { target, loaded } = props;
  if (loaded.kind === 'session' && target.kind === 'session') {
    const session = loaded.session;
    return (
      <SpaceBetween size="m">
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Session', value: session.sessionId },
            { label: 'Client', value: session.clientId },
            { label: 'Session date', value: formatDay(session.sessionDate) },
          ]}
        />
        <Box variant="p">Erasing this session removes:</Box>
        <ul>
          {sessionRemovals(session).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </SpaceBetween>
    );
  }
  if (loaded.kind !== 'client') return null;
  const ids = loaded.sessions.map((session) => session.sessionId);
  return (
    <SpaceBetween size="m">
      <KeyValuePairs
        columns={2}
        items={[
          { label: 'Client', value: target.clientId },
          { label: 'Sessions', value: String(ids.length) },
        ]}
      />
      <Box variant="p">Erasing this client removes:</Box>
      <ul>
        {clientRemovals(ids).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {ids.length > 0 && (
        <FormField label={`The ${ids.length === 1 ? 'session' : `${ids.length} sessions`} to be erased`}>
          <ul aria-label="Sessions to be erased">
            {loaded.sessions.map((session) => (
              <li key={session.sessionId}>
                <Box variant="code">{session.sessionId}</Box> {session.sessionDate ? `(${formatDay(session.sessionDate)})` : ''}
              </li>
            ))}
          </ul>
        </FormField>
      )}
    </SpaceBetween>
  );
}

function Receipt(props: { receipt: DeletionReceipt; onDone: () => void }): ReactNode {
  const { receipt } = props;
  const json = receiptJson(receipt);
  return (
    <SpaceBetween size="l">
      <Alert type="success" header={receipt.scope === 'client' ? 'The client was erased' : 'The session was erased'}>
        Keep this receipt for your records: it lists what was removed, and its SHA-256 lets anyone check it was not changed. The audit trail keeps the erasure
        under the receipt id (ids only).
      </Alert>
      <Container
        header={
          <Header
            variant="h2"
            actions={
              <CopyToClipboard
                variant="button"
                copyButtonText="Copy receipt JSON"
                copyButtonAriaLabel="Copy receipt JSON"
                textToCopy={json}
                copySuccessText="Receipt JSON copied"
                copyErrorText="The receipt could not be copied; select it under “Receipt JSON” instead"
              />
            }
          >
            Deletion receipt
          </Header>
        }
      >
        <SpaceBetween size="l">
          <KeyValuePairs
            columns={2}
            items={[
              { label: 'Receipt id', value: <Box variant="code">{receipt.receiptId}</Box> },
              { label: 'Erased', value: receipt.scope === 'client' ? `Client ${receipt.clientId}` : `Session of client ${receipt.clientId}` },
              { label: 'Deleted at', value: `${formatTime(receipt.deletedAt)} (${receipt.deletedAt})` },
              { label: 'Requested by', value: receipt.requestedBy },
              { label: 'Sessions', value: receipt.sessionIds.length > 0 ? receipt.sessionIds.join(', ') : 'None' },
              { label: 'SHA-256', value: <Box variant="code">{receipt.sha256}</Box> },
            ]}
          />
          <Table
            variant="embedded"
            ariaLabels={{ tableLabel: 'What was removed' }}
            header={<Header variant="h3">What was removed</Header>}
            items={receiptLines(receipt)}
            trackBy="what"
            columnDefinitions={[
              { id: 'what', header: 'What', cell: (line) => line.what },
              { id: 'count', header: 'Count', cell: (line) => line.count },
            ]}
          />
          <ExpandableSection headerText="Receipt JSON">
            <Box variant="pre">{json}</Box>
          </ExpandableSection>
        </SpaceBetween>
      </Container>
      <Box>
        <Button variant="primary" onClick={props.onDone}>
          Back to clients
        </Button>
      </Box>
    </SpaceBetween>
  );
}

/** Seconds left until a 409's Retry-After has passed, counting down each second. */
function useCountdown(seconds: number | undefined): number {
  const [left, setLeft] = useState(seconds ?? 0);
  useEffect(() => {
    setLeft(seconds ?? 0);
    if (!seconds) return;
    const started = Date.now();
    const handle = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(handle);
    }, 1000);
    return () => clearInterval(handle);
  }, [seconds]);
  return left;
}

export function ErasePage(): ReactNode {
  const api = useApi();
  const { route, go } = useNav();
  const target: EraseTarget | undefined = route.page === 'erase' ? route.target : undefined;
  const [typed, setTyped] = useState('');
  const [erasing, setErasing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [retryAfter, setRetryAfter] = useState<{ seconds: number; at: number }>();
  const [receipt, setReceipt] = useState<DeletionReceipt>();
  const left = useCountdown(retryAfter?.seconds);

  const loaded = useLoad<Loaded | undefined>(async () => {
    if (!target) return undefined;
    if (target.kind === 'session') return { kind: 'session', session: await api.get<SessionView>(`/sessions/${encodeURIComponent(target.sessionId)}`) };
    return { kind: 'client', sessions: await allSessions(api, target.clientId) };
  }, [api, target?.kind, target && confirmationId(target)]);

  if (!target) return <Header variant="h1">Erase</Header>;
  const what = target.kind === 'session' ? 'session' : 'client';
  const id = confirmationId(target);
  const back = () => go(target.kind === 'session' ? { page: 'session', sessionId: target.sessionId } : { page: 'client', clientId: target.clientId });

  if (receipt) {
    return (
      <SpaceBetween size="l">
        <Header variant="h1">{target.kind === 'session' ? 'Session erased' : 'Client erased'}</Header>
        <Receipt receipt={receipt} onDone={() => go({ page: 'clients' })} />
      </SpaceBetween>
    );
  }

  async function erase() {
    if (!target || erasing || !confirmationMatches(typed, target)) return;
    setErasing(true);
    setError(undefined);
    setRetryAfter(undefined);
    try {
      const path = target.kind === 'session' ? `/sessions/${encodeURIComponent(target.sessionId)}` : `/clients/${encodeURIComponent(target.clientId)}`;
      setReceipt(await api.send<DeletionReceipt>('DELETE', path));
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.status === 409) setRetryAfter({ seconds: retryAfterSeconds(reason), at: Date.now() });
    } finally {
      setErasing(false);
    }
  }

  const matches = confirmationMatches(typed, target);
  const waiting = retryAfter !== undefined && left > 0;
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={
          target.kind === 'session'
            ? `Session ${target.sessionId} of client ${target.clientId}: every trace of it is removed, and this cannot be undone.`
            : `Client ${target.clientId}: every session and every trace of the client is removed, and this cannot be undone.`
        }
      >
        {target.kind === 'session' ? 'Erase session' : 'Erase client'}
      </Header>
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      {loaded.loading && !loaded.data && <LoadingState label={`Reading what the ${what} holds`} />}
      {loaded.data && (
        <Container header={<Header variant="h2">What will be removed</Header>}>
          <WhatWillBeRemoved target={target} loaded={loaded.data} />
        </Container>
      )}
      <Alert type="warning" header="Erasing cannot be undone">
        Everything listed is deleted at once and cannot be recovered from Attune. The audit trail keeps that the {what} was erased, by whom and when, under the
        receipt id (ids only, no content). Backups kept by your deployment expire on their own schedule.
      </Alert>
      {retryAfter !== undefined && (
        <Alert type="info" header={`The ${what} is still processing`}>
          {waiting ? `Still processing, try again in ${left} s.` : 'Processing may have finished: try again now.'}{' '}
          {error instanceof ApiError && error.problem.detail ? error.problem.detail : ''}
        </Alert>
      )}
      {error !== undefined && retryAfter === undefined && <ProblemAlert error={error} />}
      <Container header={<Header variant="h2">Confirm</Header>}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void erase();
          }}
        >
          <SpaceBetween size="m">
            <FormField
              label={`To confirm, type the ${what} id “${id}”`}
              description={`Type it exactly as shown: ${id}`}
              constraintText={typed.length > 0 && !matches ? `This is not the ${what} id.` : undefined}
            >
              <Input value={typed} onChange={(event) => setTyped(event.detail.value)} autoComplete={false} spellcheck={false} placeholder={id} />
            </FormField>
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" onClick={back}>
                Cancel
              </Button>
              <Button
                variant="primary"
                disabled={!matches || waiting}
                disabledReason={!matches ? `Type the ${what} id to confirm` : `Try again in ${left} s`}
                loading={erasing}
                loadingText={`Erasing the ${what}`}
              >
                {target.kind === 'session' ? 'Erase session' : 'Erase client'}
              </Button>
            </SpaceBetween>
          </SpaceBetween>
        </form>
      </Container>
    </SpaceBetween>
  );
}
