/**
 * One session: its date, client, status (processing is followed until it completes or fails), risk level and
 * alliance; risk for review first, before anything else; then the note, the alliance and the supervision report
 * in tabs, beside the transcript, which every citation on the page opens at its turns. A supervisor gets the
 * scores, flags and risk levels, never the note or the transcript (the API sends neither): the page says so.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Grid from '@cloudscape-design/components/grid';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Tabs from '@cloudscape-design/components/tabs';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, useApi } from '../api.js';
import { useSession } from '../auth.js';
import { AllianceBand, LoadingState, ProblemAlert, RiskBadge, useLoad } from '../components/index.js';
import { useNav } from '../nav.js';
import { AllianceTab } from './session/AllianceTab.js';
import { CiteContext, type CiteHandler } from './session/Cite.js';
import { failureMeaning, isProcessing, processingProgress, statusLabel } from './session/labels.js';
import { NoteTab } from './session/NoteTab.js';
import { RiskAlert } from './session/RiskAlert.js';
import { SupervisionTab } from './session/SupervisionTab.js';
import { Transcript, type TranscriptJump } from './session/Transcript.js';
import type { SessionView } from './session/types.js';

/** How often a session still processing is read again; one waiting for its recording, less often (it may wait long). */
const POLL_MS = 2000;
const AWAITING_UPLOAD_POLL_MS = 10_000;

export function SessionPage(): ReactNode {
  const { route } = useNav();
  if (route.page !== 'session') return null;
  return <SessionScreen key={route.sessionId} sessionId={route.sessionId} turnId={route.turnId} />;
}

function SessionScreen(props: { sessionId: string; turnId?: string }): ReactNode {
  const { sessionId } = props;
  const api = useApi();
  const { go } = useNav();
  const { roles } = useSession();
  const canReadText = roles.includes('clinician') || roles.includes('admin');
  const canWrite = roles.includes('clinician');
  const canErase = roles.includes('clinician') || roles.includes('admin');
  const canSupervision = roles.includes('clinician') || roles.includes('supervisor');

  const session = useLoad(() => api.get<SessionView>(`/sessions/${encodeURIComponent(sessionId)}`), [sessionId]);
  const data = session.data;

  // Processing: read the session again until it completes or fails.
  const { reload } = session;
  useEffect(() => {
    if (!data || session.loading || !isProcessing(data.status)) return;
    const timer = setTimeout(reload, data.status === 'AWAITING_UPLOAD' ? AWAITING_UPLOAD_POLL_MS : POLL_MS);
    return () => clearTimeout(timer);
  }, [data, session.loading, reload]);

  const [tab, setTab] = useState('note');
  const [jump, setJump] = useState<TranscriptJump | null>(props.turnId ? { turnIds: [props.turnId], seq: 1, highlight: true } : null);
  const cite = useCallback<NonNullable<CiteHandler>>((turnIds) => setJump((j) => ({ turnIds, seq: (j?.seq ?? 0) + 1, highlight: true })), []);
  const fetchPage = useCallback(
    async (path: string) => {
      const page = await api.get<SessionView>(path);
      if (!page.transcript) throw new ApiError({ type: 'about:blank', title: 'No transcript', status: 404, detail: 'This session has no transcript to show.' });
      return page.transcript;
    },
    [api],
  );
  const citeHandler: CiteHandler = canReadText ? cite : null;

  const tabs = useMemo(() => {
    if (!data) return [];
    const list = [
      {
        id: 'note',
        label: 'Note',
        content: (
          <NoteTab
            sessionId={sessionId}
            storedFormat={data.note?.format}
            currentVersion={data.noteVersion}
            risk={data.risk}
            canRead={canReadText}
            canWrite={canWrite}
            onChanged={reload}
          />
        ),
      },
      { id: 'alliance', label: 'Alliance', content: <AllianceTab alliance={data.alliance} /> },
    ];
    if (canSupervision) list.push({ id: 'supervision', label: 'Supervision', content: <SupervisionTab sessionId={sessionId} /> });
    return list;
  }, [data, sessionId, canReadText, canWrite, canSupervision, reload]);

  if (!data) {
    if (session.error !== undefined) return <ProblemAlert error={session.error} action={<Button onClick={reload}>Try again</Button>} />;
    return <LoadingState label="Loading the session" />;
  }

  const completed = data.status === 'COMPLETED';
  const date = data.sessionDate ?? data.sessionId;
  return (
    <CiteContext.Provider value={citeHandler}>
      <SpaceBetween size="l">
        <Header
          variant="h1"
          description={
            <>
              Client{' '}
              <Link ariaLabel={`Open client ${data.clientId}`} onFollow={() => go({ page: 'client', clientId: data.clientId })}>
                {data.clientId}
              </Link>
            </>
          }
          actions={
            canErase ? (
              <Button onClick={() => go({ page: 'erase', target: { kind: 'session', sessionId: data.sessionId, clientId: data.clientId } })}>
                Erase session
              </Button>
            ) : undefined
          }
        >
          Session of {date}
        </Header>
        {session.error !== undefined && <ProblemAlert error={session.error} action={<Button onClick={reload}>Try again</Button>} />}

        {/* Risk first: before the note and everything else. */}
        <RiskAlert risk={data.risk} statements={data.note?.riskStatements} />

        <Container>
          <KeyValuePairs
            columns={4}
            items={[
              {
                label: 'Status',
                value: (
                  <StatusIndicator type={completed ? 'success' : data.status === 'FAILED' ? 'error' : 'in-progress'}>
                    {statusLabel(data.status)}
                  </StatusIndicator>
                ),
              },
              { label: 'Risk', value: data.risk ? <RiskBadge level={data.risk.summary.highestLevel} /> : <RiskBadge level={null} /> },
              { label: 'Alliance', value: <AllianceBand score={data.alliance?.overall?.score} showScore /> },
              {
                label: 'Note',
                value:
                  data.noteVersion === undefined
                    ? '—'
                    : `Version ${data.noteVersion}, ${data.noteSignature ? `signed by ${data.noteSignature.signedBy}` : 'not signed'}`,
              },
            ]}
          />
        </Container>

        {isProcessing(data.status) && (
          <Container header={<Header variant="h2">Processing</Header>}>
            <ProgressBar
              value={processingProgress(data.status)}
              label="Processing the session"
              description={statusLabel(data.status)}
              additionalInfo="This page follows processing and shows the note when it is ready."
            />
          </Container>
        )}

        {data.status === 'FAILED' && (
          <Alert type="error" header="Processing failed">
            <SpaceBetween size="xs">
              <span>{(data.failure && failureMeaning(data.failure.code)) ?? 'The session could not be processed.'}</span>
              {data.failure && (
                <Box variant="small" color="text-body-secondary">
                  {data.failure.message} (code {data.failure.code})
                </Box>
              )}
            </SpaceBetween>
          </Alert>
        )}

        {completed && (
          <Grid gridDefinition={canReadText ? [{ colspan: { default: 12, s: 7 } }, { colspan: { default: 12, s: 5 } }] : [{ colspan: 12 }]}>
            <Tabs ariaLabel="Session" activeTabId={tab} onChange={({ detail }) => setTab(detail.activeTabId)} tabs={tabs} />
            {canReadText ? (
              // Sticky beside a long note or alliance tab, so a citation far down the page opens it in view.
              <div style={{ position: 'sticky', top: 64 }}>
                <Container header={<Header variant="h2">Transcript</Header>}>
                  <Transcript sessionId={sessionId} fetchPage={fetchPage} jump={jump} />
                </Container>
              </div>
            ) : null}
          </Grid>
        )}
      </SpaceBetween>
    </CiteContext.Provider>
  );
}
