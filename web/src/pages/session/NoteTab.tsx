/**
 * The Note tab: the progress note in any format, each sentence with the turns it cites (buttons that open the
 * transcript there), documentation gaps shown as gaps, the version and whether it is signed. A clinician edits
 * the current version (a new version) and signs it; a format other than the stored one is rewritten for
 * reading only and is never signed; an earlier signed version is shown read-only (`?version=`). A supervisor
 * never gets the note: the tab says so.
 */
import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button, { type ButtonProps } from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { NOTE_FORMAT_TITLES, type NoteFormat, type NoteSentence, type ProgressNote } from '../../../../schemas/note.js';
import { useApi } from '../../api.js';
import { EmptyState, LoadingState, ProblemAlert, RiskBadge, useLoad } from '../../components/index.js';
import { TurnCite } from './Cite.js';
import { NoteEditor } from './NoteEditor.js';
import { humanize } from './labels.js';
import { SignModal } from './SignModal.js';
import { needsRiskAcknowledgement, signBlocker } from './sign-rules.js';
import type { AnyRisk, NoteAnswer } from './types.js';

const FORMATS = Object.keys(NOTE_FORMAT_TITLES) as NoteFormat[];

export interface NoteTabProps {
  sessionId: string;
  /** The stored note's format, from the session (absent: the session has no note yet). */
  storedFormat: NoteFormat | undefined;
  /** The current version, from the session. */
  currentVersion: number | undefined;
  risk: AnyRisk | undefined;
  /** The reader may read the note (clinician, admin). */
  canRead: boolean;
  /** The reader may edit and sign (clinician). */
  canWrite: boolean;
  /** The note changed (saved, signed): the session's header reads it again. */
  onChanged(): void;
}

export function NoteTab(props: NoteTabProps): ReactNode {
  if (!props.canRead) {
    return (
      <EmptyState
        title="The note is not available to supervisors"
        detail="Supervisors see the session's scores, flags and risk levels, not the note's text or the transcript. The supervision report is in its own tab."
      />
    );
  }
  if (props.storedFormat === undefined || props.currentVersion === undefined) {
    return <EmptyState title="No note yet" detail="The note is written when the session has been processed." />;
  }
  return <NoteReader {...props} storedFormat={props.storedFormat} currentVersion={props.currentVersion} />;
}

function NoteReader(props: NoteTabProps & { storedFormat: NoteFormat; currentVersion: number }): ReactNode {
  const { sessionId, storedFormat, currentVersion, risk, canWrite } = props;
  const api = useApi();
  const [format, setFormat] = useState<NoteFormat>(storedFormat);
  const [version, setVersion] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState(false);
  const [signing, setSigning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Leaving the editor puts focus back on Edit, so a keyboard user is not dropped at the top of the page.
  const editButton = useRef<ButtonProps.Ref>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!editing && returnFocus.current && editButton.current) {
      returnFocus.current = false;
      editButton.current.focus();
    }
  });
  const leaveEditor = () => {
    returnFocus.current = true;
    setEditing(false);
  };

  const rewritten = format !== storedFormat;
  const query = rewritten ? `?format=${format}` : version !== null ? `?version=${version}` : '';
  const loaded = useLoad(() => api.get<NoteAnswer>(`/sessions/${encodeURIComponent(sessionId)}/note${query}`), [sessionId, query, refresh]);
  const shown = loaded.data;

  const reloadAll = () => {
    setRefresh((n) => n + 1);
    props.onChanged();
  };

  if (loaded.error !== undefined && !loaded.loading) {
    return (
      <SpaceBetween size="m">
        <FormatAndVersion {...{ format, setFormat, storedFormat, currentVersion, version, setVersion, setNotice }} />
        <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />
      </SpaceBetween>
    );
  }
  if (!shown) return <LoadingState label="Loading the note" />;

  // Without ?version the API answers the current version: the session's count may lag a save by a moment.
  const isCurrent = !shown.regenerated && version === null;
  const blocker = signBlocker(shown, isCurrent);
  const note = shown.note;

  if (editing) {
    return (
      <NoteEditor
        sessionId={sessionId}
        note={note}
        baseVersion={shown.version}
        onCancel={leaveEditor}
        onReload={() => {
          leaveEditor();
          reloadAll();
        }}
        onSaved={(saved) => {
          leaveEditor();
          setNotice(`Saved as version ${saved.version}.`);
          setVersion(null);
          reloadAll();
        }}
      />
    );
  }

  const canEditShown = canWrite && isCurrent;
  return (
    <SpaceBetween size="m">
      <FormatAndVersion
        {...{ format, setFormat, storedFormat, version, setVersion, setNotice }}
        currentVersion={Math.max(currentVersion, isCurrent ? shown.version : 0)}
      />
      {notice && (
        <Alert type="success" dismissible onDismiss={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {shown.regenerated && (
        <Alert type="info" header={`Rewritten as ${NOTE_FORMAT_TITLES[format]} for reading`}>
          This is the session's analysis written again in another format. It is not the note on record: it cannot be edited or signed. Switch back to{' '}
          {NOTE_FORMAT_TITLES[storedFormat]} to edit or sign.
        </Alert>
      )}
      <Container
        header={
          <Header
            variant="h2"
            description={<VersionLine shown={shown} isCurrent={isCurrent} />}
            actions={
              canEditShown ? (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button ref={editButton} onClick={() => setEditing(true)}>
                    {shown.signature ? 'Edit as a new version' : 'Edit note'}
                  </Button>
                  {!shown.signature && (
                    <Button variant="primary" disabled={blocker !== null} disabledReason={blocker ?? undefined} onClick={() => setSigning(true)}>
                      Sign note
                    </Button>
                  )}
                </SpaceBetween>
              ) : undefined
            }
          >
            {`${NOTE_FORMAT_TITLES[note.format] ?? humanize(note.format)} note`}
          </Header>
        }
      >
        <NoteBody note={note} />
      </Container>
      {shown.signature && <SignatureDetails signature={shown.signature} />}
      {canEditShown && (
        <SignModal
          visible={signing}
          sessionId={sessionId}
          version={shown.version}
          needsAcknowledgement={needsRiskAcknowledgement(note, risk)}
          onDismiss={() => setSigning(false)}
          onStale={() => {
            setSigning(false);
            reloadAll();
          }}
          onSigned={(signed) => {
            // The Sign button goes with the signature: focus lands on Edit instead.
            returnFocus.current = true;
            setSigning(false);
            setNotice(`Version ${signed.version} is signed.`);
            reloadAll();
          }}
        />
      )}
    </SpaceBetween>
  );
}

interface FormatAndVersionProps {
  format: NoteFormat;
  setFormat(format: NoteFormat): void;
  storedFormat: NoteFormat;
  currentVersion: number;
  version: number | null;
  setVersion(version: number | null): void;
  setNotice(notice: string | null): void;
}

function FormatAndVersion(props: FormatAndVersionProps): ReactNode {
  const { format, storedFormat, currentVersion, version } = props;
  const versionOption = (v: number) => ({
    value: String(v),
    label: v === currentVersion ? `Version ${v} (current)` : `Version ${v}`,
    description: v === currentVersion ? undefined : 'Earlier versions are kept when they were signed',
  });
  const versions = Array.from({ length: currentVersion }, (_, i) => currentVersion - i);
  return (
    <SpaceBetween direction="horizontal" size="l" alignItems="end">
      <SegmentedControl
        label="Note format"
        selectedId={format}
        options={FORMATS.map((f) => ({ id: f, text: f === storedFormat ? `${NOTE_FORMAT_TITLES[f]} (on record)` : NOTE_FORMAT_TITLES[f] }))}
        onChange={({ detail }) => {
          props.setFormat(detail.selectedId as NoteFormat);
          props.setVersion(null);
          props.setNotice(null);
        }}
      />
      {currentVersion > 1 && format === storedFormat && (
        <div style={{ minWidth: 200 }}>
          <Select
            ariaLabel="Note version"
            selectedOption={versionOption(version ?? currentVersion)}
            options={versions.map(versionOption)}
            onChange={({ detail }) => {
              const v = Number(detail.selectedOption.value);
              props.setVersion(v === currentVersion ? null : v);
              props.setNotice(null);
            }}
          />
        </div>
      )}
    </SpaceBetween>
  );
}

function VersionLine(props: { shown: NoteAnswer; isCurrent: boolean }): ReactNode {
  const { shown, isCurrent } = props;
  const parts = [`Version ${shown.version}`];
  if (shown.regenerated) parts.push('rewritten for reading, not signed');
  else if (shown.signature) parts.push(`signed by ${shown.signature.signedBy} on ${formatDateTime(shown.signature.signedAt)}`);
  else if (shown.note.status === 'unavailable') parts.push('not written');
  else parts.push('draft, not signed');
  if (!shown.regenerated && !isCurrent) parts.push('an earlier version, read-only');
  if (shown.editedBy && !shown.regenerated) parts.push(`edited by ${shown.editedBy}${shown.editedAt ? ` on ${formatDateTime(shown.editedAt)}` : ''}`);
  return <>{parts.join(' · ')}</>;
}

function SignatureDetails(props: { signature: NonNullable<NoteAnswer['signature']> }): ReactNode {
  const { signature } = props;
  const items = [
    { label: 'Signed by', value: signature.signedBy },
    { label: 'Signed at', value: formatDateTime(signature.signedAt) },
    { label: 'Version', value: String(signature.version) },
    { label: 'SHA-256 of the signed note', value: <Box variant="code">{signature.sha256}</Box> },
  ];
  if (signature.attestation) items.push({ label: 'Attestation', value: signature.attestation });
  return (
    <Container header={<Header variant="h3">Signature</Header>}>
      <SpaceBetween size="s">
        <Box color="text-status-success">This version is signed and final: it is read-only. A later edit makes a new version and keeps this one as signed.</Box>
        <KeyValuePairs columns={2} items={items} />
      </SpaceBetween>
    </Container>
  );
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The note's risk statements first, then its sections, each sentence with its citations; gaps marked as gaps. */
export function NoteBody(props: { note: ProgressNote }): ReactNode {
  const { note } = props;
  return (
    <SpaceBetween size="l">
      {note.status === 'unavailable' && (
        <Alert type="warning" header="No note was written for this session">
          {note.unavailableReason?.message ?? 'The engine could not write a note.'} Write it with Edit note; the scores and risk statements are kept.
        </Alert>
      )}
      {note.riskStatements.length > 0 && (
        <section aria-label="Risk statements">
          <Box variant="h3">Risk statements</Box>
          <ul>
            {note.riskStatements.map((statement, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: statements have no id and keep their order
              <li key={i}>
                {statement.level && <RiskBadge level={statement.level} />} {statement.text} <TurnCite turnIds={statement.evidence} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {note.sections.map((section) => (
        <section key={section.name} aria-label={section.heading ?? section.name}>
          <Box variant="h3">{section.heading ?? section.name}</Box>
          {section.sentences.length === 0 ? (
            <Box color="text-status-inactive">Nothing written in this section.</Box>
          ) : (
            <ul style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}>
              {section.sentences.map((sentence, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: sentences have no id and keep their order
                <li key={i} style={{ marginBottom: 6 }}>
                  <Sentence sentence={sentence} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <Box variant="small" color="text-body-secondary">
        Sentences marked “Gap” cite no turn: the transcript holds nothing on the topic (a documentation gap for you to complete), or a clinician wrote them.
      </Box>
    </SpaceBetween>
  );
}

function Sentence(props: { sentence: NoteSentence }): ReactNode {
  const { sentence } = props;
  if ((sentence.kind ?? 'finding') === 'gap') {
    return (
      <span data-kind="gap">
        <Badge color="grey">Gap</Badge>{' '}
        <Box variant="span" color="text-body-secondary">
          <i>{sentence.text}</i>
        </Box>
      </span>
    );
  }
  return (
    <span data-kind="finding">
      {sentence.text} <TurnCite turnIds={sentence.evidence} />
    </span>
  );
}
