/**
 * Signing a note version: an optional attestation, and, when the note has risk statements or the session has
 * risk for review, a required "I have reviewed the risk statements" box (sent as `acknowledgeRisk: true`). The
 * request carries an Idempotency-Key made when the dialog opens, so a retry after a lost answer signs once.
 * A refusal (a stale version, a template line still unfilled) is shown as the API words it, with its fields.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, useApi } from '../../api.js';
import { ProblemAlert } from '../../components/index.js';
import { canSubmitSignature, MAX_ATTESTATION, signRequest } from './sign-rules.js';
import type { NoteVersionAnswer } from './types.js';

export interface SignModalProps {
  visible: boolean;
  sessionId: string;
  version: number;
  needsAcknowledgement: boolean;
  onDismiss(): void;
  onSigned(signed: NoteVersionAnswer): void;
  /** The note changed under the dialog (409): read it again. */
  onStale(): void;
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function SignModal(props: SignModalProps): ReactNode {
  const { visible, sessionId, version, needsAcknowledgement } = props;
  const api = useApi();
  const [acknowledged, setAcknowledged] = useState(false);
  const [attestation, setAttestation] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(newKey);

  // Each opening starts afresh, with a new Idempotency-Key.
  useEffect(() => {
    if (!visible) return;
    setAcknowledged(false);
    setAttestation('');
    setError(null);
    setSubmitting(false);
    setKey(newKey());
  }, [visible]);

  const allowed = canSubmitSignature({ needsAcknowledgement, acknowledged, attestation, submitting });
  const sign = async () => {
    if (!allowed) return;
    setSubmitting(true);
    setError(null);
    try {
      const signed = await api.send<NoteVersionAnswer>(
        'POST',
        `/sessions/${encodeURIComponent(sessionId)}/note/sign`,
        signRequest(version, { needsAcknowledgement, acknowledged, attestation }),
        { idempotencyKey: key },
      );
      props.onSigned(signed);
    } catch (caught) {
      setError(caught);
      // A refusal stored nothing: a corrected request is a new one.
      setKey(newKey());
    } finally {
      setSubmitting(false);
    }
  };

  const stale = error instanceof ApiError && error.status === 409 && /version/.test(error.problem.detail ?? '') && !/template/.test(error.problem.detail ?? '');
  return (
    <Modal
      visible={visible}
      onDismiss={props.onDismiss}
      closeAriaLabel="Close without signing"
      header={`Sign version ${version} of the note`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={props.onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" loading={submitting} disabled={!allowed} onClick={() => void sign()}>
              Sign note
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Signing makes version {version} final. It is kept as signed, with your name, the time and its SHA-256; a later edit makes a new version.
        </Box>
        {needsAcknowledgement && (
          <FormField
            label="Risk review"
            description="This note has risk statements, or the session has risk for review. Read them and the turns they cite before you sign."
          >
            <Checkbox checked={acknowledged} onChange={({ detail }) => setAcknowledged(detail.checked)}>
              I have reviewed the risk statements and the turns they cite
            </Checkbox>
          </FormField>
        )}
        <FormField
          label="Attestation (optional)"
          constraintText={`${attestation.length}/${MAX_ATTESTATION} characters`}
          errorText={attestation.length > MAX_ATTESTATION ? `Keep the attestation to ${MAX_ATTESTATION} characters.` : undefined}
        >
          <Textarea value={attestation} rows={3} onChange={({ detail }) => setAttestation(detail.value)} />
        </FormField>
        {error !== null && (
          <ProblemAlert
            error={error}
            action={
              stale ? (
                <Button onClick={props.onStale} ariaLabel="Reload the note">
                  Reload the note
                </Button>
              ) : undefined
            }
          />
        )}
      </SpaceBetween>
    </Modal>
  );
}
